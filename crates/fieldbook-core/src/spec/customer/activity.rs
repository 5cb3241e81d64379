//! The `[customers.activity]` table: customer value and activity from events (HOT-3,
//! FNB-4, HOT-7).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::EventMatch;
use crate::time::Timespan;

/// The `[customers.activity]` table: which events are a customer's visits, what they
/// spent, and when a customer not seen counts as dormant or lost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivitySpec {
    /// The events that are visits of the customer (a meal at the hotel); the kind names
    /// a customer.
    pub visit: EventMatch,
    /// A numeric field of the visit kind: what the customer spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spend: Option<String>,
    /// A customer not seen for this long (whole days, `"60d"`) is dormant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dormant_after: Option<Timespan>,
    /// A customer not seen for this long (whole days, `"180d"`) is lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_after: Option<Timespan>,
    /// The roles shown dormant and lost customers as visit candidates; empty means every
    /// role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Source facts; visit candidates on the agenda cite them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
}

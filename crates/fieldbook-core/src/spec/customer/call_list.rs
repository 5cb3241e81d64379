//! Call lists (HOT-8): every working day at a fixed time, a number of follow-up calls
//! drawn from the customers most due.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::CustomerFilter;
use crate::spec::EventMatch;
use crate::time::TimeOfDay;

/// One `[[call_lists]]` entry (a rule).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallListSpec {
    /// Identifier, unique among the playbook's rules.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Source facts the call list implements.
    pub refs: Vec<String>,
    /// How many customers each working day's list holds (at least 1).
    pub size: u32,
    /// The events that contact a customer (a call); the kind names a customer. The list
    /// ranks customers by their last contact, and a contact on the day ticks a customer off.
    pub contact: EventMatch,
    /// When the calls are made (the agenda's due time); default the end of the working day.
    /// With `by`, when the calls may start: contacts from earlier do not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<TimeOfDay>,
    /// The deadline of the day's calls: contacts after it do not count. Default: none, a
    /// contact any time of the day counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<TimeOfDay>,
    /// Only customers with these tags; default every customer of the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<CustomerFilter>,
    /// The roles who make the calls; empty means every role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Further explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

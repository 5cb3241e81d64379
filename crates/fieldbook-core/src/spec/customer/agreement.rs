//! Agreements (HOT-4): credit customers sign a consumption agreement naming the people
//! authorised to sign for their organisation; it runs for a fixed time and is renewed
//! ahead of its expiry.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::CustomerFilter;
use crate::spec::EventMatch;
use crate::time::Timespan;

/// One `[[agreements]]` entry (a rule).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementSpec {
    /// Identifier, unique among the playbook's rules.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Source facts the agreement implements.
    pub refs: Vec<String>,
    /// The customers who must keep an agreement (credit customers); default every
    /// customer. Renewals are shown and judged for these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<CustomerFilter>,
    /// The customer field of type `date` on which the agreement was signed (or last
    /// renewed).
    pub signed: String,
    /// The customer field of type `list` naming the people authorised to sign; an
    /// agreement without one is not valid.
    pub signers: String,
    /// How long an agreement runs from the day it is signed, in whole days (`"365d"`).
    pub valid_for: Timespan,
    /// How many days before it expires the renewal is shown. Default 30.
    #[serde(default = "default_renew_days_before")]
    pub renew_days_before: u32,
    /// The events that need a valid agreement on their day (a meal settled on account).
    pub required_for: EventMatch,
    /// The events that renew the agreement as of their day (its fields of the same name
    /// as `signers` name the new signers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewed_by: Option<EventMatch>,
    /// The roles who look after agreements; empty means every role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Further explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn default_renew_days_before() -> u32 {
    30
}

impl AgreementSpec {
    /// The number of days an agreement runs (`valid_for`, at least 1).
    pub fn valid_days(&self) -> u32 {
        self.valid_for.whole_days().unwrap_or(1)
    }
}

//! What a tracker remembers between days, for snapshots: the events of open days, the
//! running aggregates of periods, and the duties, follow-ups and customer matters still
//! open. A leaf: the closing of days changes it, each judge its own part.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use super::aggregate::Aggregate;
use crate::check::Totals;
use crate::customers::Terms;
use crate::event::Event;

/// Everything a tracker remembers, for snapshots: serialize it, store it, and
/// [`super::Tracker::restore`] it later to continue exactly where it stopped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrackerState {
    pub(crate) start: NaiveDate,
    pub(crate) closed_through: Option<NaiveDate>,
    /// Accepted events of open days, in arrival order.
    pub(crate) days: BTreeMap<NaiveDate, Vec<Event>>,
    /// Running aggregates of week, month and quarter rules.
    #[serde(with = "pairs")]
    pub(crate) periods: BTreeMap<PeriodKey, Aggregate>,
    /// Running totals of week and month checks.
    #[serde(default, with = "pairs")]
    pub(crate) check_periods: BTreeMap<PeriodKey, Totals>,
    /// Duties due that are not settled yet, by person.
    pub(crate) duties: BTreeMap<SmolStr, Vec<OpenDuty>>,
    /// Follow-ups started that are not settled yet, by person.
    pub(crate) follow_ups: BTreeMap<SmolStr, Vec<OpenFollowUp>>,
    /// The customer side: open date reminders, last contacts, agreement renewals.
    #[serde(default)]
    pub(crate) customers: CustomerState,
}

impl TrackerState {
    /// The state of a tracker that follows days from `start` and has seen nothing yet.
    pub(crate) fn new(start: NaiveDate) -> Self {
        Self {
            start,
            closed_through: None,
            days: BTreeMap::new(),
            periods: BTreeMap::new(),
            check_periods: BTreeMap::new(),
            duties: BTreeMap::new(),
            follow_ups: BTreeMap::new(),
            customers: CustomerState::default(),
        }
    }
}

/// Which aggregate: rule, person, customer (for per-customer rules), first day of period.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct PeriodKey {
    pub(crate) rule: SmolStr,
    pub(crate) person: SmolStr,
    pub(crate) customer: Option<SmolStr>,
    pub(crate) start: NaiveDate,
}

/// A duty occurrence waiting for the event that fulfils it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct OpenDuty {
    pub(crate) rule: SmolStr,
    pub(crate) person: SmolStr,
    pub(crate) date: NaiveDate,
    pub(crate) opens: DateTime<FixedOffset>,
    pub(crate) deadline: DateTime<FixedOffset>,
    /// After this, a missing fulfilment is a failure rather than late.
    pub(crate) grace_end: DateTime<FixedOffset>,
}

/// A follow-up a trigger started, waiting for the event that meets it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct OpenFollowUp {
    pub(crate) rule: SmolStr,
    pub(crate) person: SmolStr,
    pub(crate) customer: Option<SmolStr>,
    pub(crate) cause: SmolStr,
    pub(crate) start: DateTime<FixedOffset>,
    pub(crate) deadline: DateTime<FixedOffset>,
}

/// What the tracker remembers of the customer side between days.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct CustomerState {
    /// Follow-ups of date reminders not settled yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) reminders: Vec<OpenReminder>,
    /// By call list, the day each customer was last contacted.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) last_contact: BTreeMap<String, BTreeMap<SmolStr, NaiveDate>>,
    /// By agreement, the terms each customer renewed by an event.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) renewals: BTreeMap<String, BTreeMap<SmolStr, Terms>>,
}

/// A follow-up a date reminder opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct OpenReminder {
    pub(crate) rule: SmolStr,
    pub(crate) person: SmolStr,
    pub(crate) customer: Option<SmolStr>,
    /// What it prepares for: `birthday on 2026-12-14`.
    pub(crate) about: String,
    pub(crate) opens: DateTime<FixedOffset>,
    pub(crate) deadline: DateTime<FixedOffset>,
}

/// Serializes a map with structured keys as a list of `[key, value]` pairs (JSON object
/// keys must be strings).
mod pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<K: Serialize, V: Serialize, S: Serializer>(
        map: &BTreeMap<K, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.iter())
    }

    pub(crate) fn deserialize<'de, K, V, D>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Ok(Vec::<(K, V)>::deserialize(deserializer)?.into_iter().collect())
    }
}

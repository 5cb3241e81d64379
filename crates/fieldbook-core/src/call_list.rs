//! Call lists (HOT-8): every working day at a fixed time, a number of follow-up calls
//! drawn from the customers most due — those not contacted for the longest, and first
//! those never contacted.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::event_kind::EventMatch;
use crate::people::{CustomerFilter, admitted};
use crate::roster::Customer;
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<TimeOfDay>,
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

impl CallListSpec {
    /// The customers most due among `customers` (in roster order), each with their last
    /// contact: never contacted first, then the longest since; roster order breaks ties.
    /// At most `size` of them.
    pub(crate) fn most_due<'c>(
        &self,
        customers: &[&'c Customer],
        last_contact: impl Fn(&str) -> Option<NaiveDate>,
    ) -> Vec<(&'c Customer, Option<NaiveDate>)> {
        let mut ranked: Vec<(&Customer, Option<NaiveDate>)> = customers
            .iter()
            .copied()
            .filter(|c| admitted(self.customers.as_ref(), c))
            .map(|c| (c, last_contact(&c.id)))
            .collect();
        // `None` sorts before every date; the sort is stable.
        ranked.sort_by_key(|(_, last)| *last);
        ranked.truncate(usize::try_from(self.size).unwrap_or(usize::MAX));
        ranked
    }

    /// `no call recorded`, `last call 2026-11-02 (35 days ago)`.
    pub(crate) fn describe(&self, last: Option<NaiveDate>, date: NaiveDate) -> String {
        let kind = &self.contact.kind;
        match last {
            None => format!("no {kind} recorded"),
            Some(day) => match (date - day).num_days() {
                1 => format!("last {kind} {day} (yesterday)"),
                n => format!("last {kind} {day} ({n} days ago)"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(id: &str, tags: &[&str]) -> Customer {
        Customer { id: id.into(), tags: tags.iter().map(|t| t.to_string()).collect(), ..Customer::default() }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_customers_not_called_for_longest_come_first() {
        let spec = CallListSpec {
            id: "calls".into(),
            title: "Calls".into(),
            refs: vec!["HOT-8".into()],
            size: 3,
            contact: EventMatch { kind: "call".into(), filter: Default::default() },
            at: None,
            customers: None,
            roles: vec![],
            note: None,
        };
        let (a, b, c, d, e) =
            (customer("a", &[]), customer("b", &[]), customer("c", &[]), customer("d", &[]), customer("e", &["x"]));
        let last = |id: &str| match id {
            "a" => Some(date("2026-12-01")),
            "b" => Some(date("2026-11-01")),
            "d" => Some(date("2026-11-01")),
            _ => None,
        };
        let ids = |spec: &CallListSpec| -> Vec<String> {
            spec.most_due(&[&a, &b, &c, &d, &e], last).iter().map(|(c, _)| c.id.to_string()).collect()
        };
        // c and e were never called; b and d were last called on the same day, b first in
        // the roster.
        assert_eq!(ids(&spec), ["c", "e", "b"]);
        let tagged = CallListSpec { customers: Some(CustomerFilter { tags_any: vec!["x".into()] }), ..spec.clone() };
        assert_eq!(ids(&tagged), ["e"]);
        assert_eq!(spec.describe(Some(date("2026-11-01")), date("2026-12-06")), "last call 2026-11-01 (35 days ago)");
        assert_eq!(spec.describe(None, date("2026-12-06")), "no call recorded");
    }
}

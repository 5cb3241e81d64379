//! Drawing a call list (HOT-8): the customers most due — those not contacted for the
//! longest, and first those never contacted.

use std::ops::Deref;

use chrono::NaiveDate;

use crate::roster::Customer;
use crate::spec::CallListSpec;

/// A call list rule, with the ranking the engine computes of it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CallList<'a>(pub(crate) &'a CallListSpec);

impl Deref for CallList<'_> {
    type Target = CallListSpec;
    fn deref(&self) -> &CallListSpec {
        self.0
    }
}

impl CallList<'_> {
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
            .filter(|c| c.is_admitted_by(self.customers.as_ref()))
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
    use crate::spec::{CustomerFilter, EventMatch};

    fn customer(id: &str, tags: &[&str]) -> Customer {
        Customer { id: id.into(), tags: tags.iter().map(|t| t.to_string()).collect(), ..Customer::default() }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_customers_not_called_for_longest_come_first() {
        let list = CallListSpec {
            id: "calls".into(),
            title: "Calls".into(),
            refs: vec!["HOT-8".into()],
            size: 3,
            contact: EventMatch { kind: "call".into(), filter: Default::default() },
            at: None,
            by: None,
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
        let spec = CallList(&list);
        let ids = |spec: &CallList<'_>| -> Vec<String> {
            spec.most_due(&[&a, &b, &c, &d, &e], last).iter().map(|(c, _)| c.id.to_string()).collect()
        };
        // c and e were never called; b and d were last called on the same day, b first in
        // the roster.
        assert_eq!(ids(&spec), ["c", "e", "b"]);
        let tagged = CallListSpec {
            customers: Some(CustomerFilter { tags_any: vec!["x".into()], ..CustomerFilter::default() }),
            ..list.clone()
        };
        let tagged = CallList(&tagged);
        assert_eq!(ids(&tagged), ["e"]);
        assert_eq!(spec.describe(Some(date("2026-11-01")), date("2026-12-06")), "last call 2026-11-01 (35 days ago)");
        assert_eq!(spec.describe(None, date("2026-12-06")), "no call recorded");
    }
}

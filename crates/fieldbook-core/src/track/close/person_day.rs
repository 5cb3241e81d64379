//! One person's events of a closing day, in time order and by kind: each rule looks at the
//! events of its kind only, instead of testing every event of the day.

use std::ops::Range;

use crate::event::Event;

/// A person's events of one day.
pub(crate) struct PersonDay<'d, 'e> {
    /// Every event, in time order.
    all: &'d [&'e Event],
    /// The same events grouped by kind (time order within a kind).
    by_kind: Vec<&'e Event>,
    /// Each kind's run in `by_kind`.
    kinds: Vec<(&'e str, Range<usize>)>,
}

impl<'d, 'e> PersonDay<'d, 'e> {
    /// The events, which must be in time order.
    pub(crate) fn new(all: &'d [&'e Event]) -> Self {
        let mut by_kind = all.to_vec();
        by_kind.sort_by(|a, b| a.kind.cmp(&b.kind)); // stable: keeps time order within a kind
        let mut kinds: Vec<(&str, Range<usize>)> = Vec::new();
        for (i, e) in by_kind.iter().enumerate() {
            match kinds.last_mut() {
                Some((kind, run)) if *kind == e.kind.as_str() => run.end = i + 1,
                _ => kinds.push((e.kind.as_str(), i..i + 1)),
            }
        }
        Self { all, by_kind, kinds }
    }

    /// Every event, in time order.
    pub(crate) fn all(&self) -> &'d [&'e Event] {
        self.all
    }

    /// The events of `kind`, in time order.
    pub(crate) fn of_kind(&self, kind: &str) -> &[&'e Event] {
        self.kinds.iter().find(|(k, _)| *k == kind).map_or(&[], |(_, run)| &self.by_kind[run.clone()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_of_a_kind_keep_their_time_order() {
        let at = |t: &str| chrono::DateTime::parse_from_rfc3339(&format!("2026-12-07T{t}:00+08:00")).unwrap();
        let events = [
            Event::new("m", "meeting", "li", at("08:00")),
            Event::new("v1", "visit", "li", at("09:30")),
            Event::new("c", "call", "li", at("10:00")),
            Event::new("v2", "visit", "li", at("10:15")),
        ];
        let refs: Vec<&Event> = events.iter().collect();
        let day = PersonDay::new(&refs);
        fn ids(list: &[&Event]) -> Vec<String> {
            list.iter().map(|e| e.id.to_string()).collect()
        }
        assert_eq!(ids(day.of_kind("visit")), ["v1", "v2"]);
        assert_eq!(ids(day.of_kind("meeting")), ["m"]);
        assert!(day.of_kind("report").is_empty());
        assert_eq!(ids(day.all()), ["m", "v1", "c", "v2"]);
    }
}

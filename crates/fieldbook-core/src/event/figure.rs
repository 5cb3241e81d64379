//! Figures of a day counted from its events (T77-17: planned visits are the customers on
//! the schedule, actual visits the customers visited).

use super::{Event, Value, has_fields};
use crate::spec::Figure;

impl Figure {
    /// The figure over `events` (one person's day): the number of events of its kind
    /// (matching its `where`), or of the distinct values of its `distinct` field, or of the
    /// distinct entries of its `list` field.
    pub fn count<'e>(&self, events: impl IntoIterator<Item = &'e Event>) -> usize {
        let events = events.into_iter().filter(|e| e.kind == self.kind && has_fields(&self.filter, e));
        if let Some(list) = &self.list {
            distinct(
                events
                    .filter_map(|e| match e.fields.get(list.as_str()) {
                        Some(Value::List(list)) => Some(list.iter().map(|entry| entry.as_str())),
                        _ => None,
                    })
                    .flatten(),
            )
        } else if let Some(field) = self.distinct.as_deref() {
            if field == "customer" {
                distinct(events.filter_map(|e| e.customer.as_deref()))
            } else {
                // Values have no order; a day's few are compared one by one.
                let mut seen: Vec<&Value> = Vec::new();
                for value in events.filter_map(|e| e.fields.get(field)) {
                    if !seen.contains(&value) {
                        seen.push(value);
                    }
                }
                seen.len()
            }
        } else {
            events.count()
        }
    }
}

/// How many different texts `texts` holds (a day's few dozen: sorted in place).
fn distinct<'a>(texts: impl IntoIterator<Item = &'a str>) -> usize {
    let mut texts: Vec<&str> = texts.into_iter().collect();
    texts.sort_unstable();
    texts.dedup();
    texts.len()
}

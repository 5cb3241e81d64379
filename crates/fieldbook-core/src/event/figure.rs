//! Figures of a day counted from its events (T77-17: planned visits are the customers on
//! the schedule, actual visits the customers visited).

use std::collections::BTreeSet;

use smol_str::SmolStr;

use super::{Event, Value, has_fields};
use crate::spec::Figure;

impl Figure {
    /// The figure over `events` (one person's day): the number of events of its kind
    /// (matching its `where`), or of the distinct values of its `distinct` field, or of the
    /// distinct entries of its `list` field.
    pub fn count<'e>(&self, events: impl IntoIterator<Item = &'e Event>) -> usize {
        let events = events.into_iter().filter(|e| e.kind == self.kind && has_fields(&self.filter, e));
        if let Some(list) = &self.list {
            let entries: BTreeSet<&SmolStr> = events
                .filter_map(|e| match e.fields.get(list.as_str()) {
                    Some(Value::List(list)) => Some(list.iter()),
                    _ => None,
                })
                .flatten()
                .collect();
            entries.len()
        } else if let Some(field) = &self.distinct {
            let values: BTreeSet<String> = events
                .filter_map(|e| {
                    if field == "customer" {
                        e.customer.as_ref().map(SmolStr::to_string)
                    } else {
                        e.fields.get(field.as_str()).map(Value::to_string)
                    }
                })
                .collect();
            values.len()
        } else {
            events.count()
        }
    }
}

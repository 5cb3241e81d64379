//! Aggregates of events (count, sum, duration, distinct values) and the verdict of a
//! threshold on them — shared by quotas over single events, days and periods.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use smol_str::{SmolStr, SmolStrBuilder, format_smolstr};

use super::finding::{MAX_CITED_EVENTS, Status};
use super::text::{amount, span, whole};
use crate::event::Event;
use crate::message::Message;
use crate::spec::{Amount, Measure, Threshold};

/// Minutes from an event's start to its end (0 without an end).
pub(crate) fn minutes(event: &Event) -> f64 {
    event.end.map_or(0.0, |end| (end - event.at).num_seconds() as f64 / 60.0)
}

/// A running aggregate of the events a rule counts in one window.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Aggregate {
    count: u32,
    // Left out when empty: a snapshot holds one aggregate per customer of a per-customer
    // rule, most of them a count and one cited event.
    #[serde(default, skip_serializing_if = "is_zero")]
    sum: f64,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    distinct: BTreeSet<SmolStr>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    cited: Vec<SmolStr>,
}

fn is_zero(sum: &f64) -> bool {
    *sum == 0.0
}

impl Aggregate {
    /// Adds an event; events must come in time order for the cited ids to be the earliest.
    pub(crate) fn add(&mut self, event: &Event, measure: Measure, field: Option<&str>) {
        self.count += 1;
        match measure {
            Measure::Count | Measure::First => {}
            Measure::Sum => {
                self.sum += field.and_then(|f| event.fields.get(f)).and_then(|v| v.as_number()).unwrap_or(0.0)
            }
            Measure::Duration => self.sum += minutes(event),
            Measure::Distinct => {
                let value = match field {
                    Some(f) => event.fields.get(f).map(|v| SmolStr::from(v.to_string())),
                    None => event.customer.clone(),
                };
                if let Some(value) = value {
                    self.distinct.insert(value);
                }
            }
        }
        if self.cited.len() < MAX_CITED_EVENTS {
            self.cited.push(event.id.clone());
        }
    }

    /// Counts an event, citing at most `cite` events: what a rule that many customers
    /// each hold a count of needs (T77-12: the first schedules that list a customer).
    pub(crate) fn count(&mut self, event: &Event, cite: usize) {
        self.count += 1;
        if self.cited.len() < cite.min(MAX_CITED_EVENTS) {
            self.cited.push(event.id.clone());
        }
    }

    /// The count of events with ids `ids`, earliest first.
    pub(crate) fn count_of<'i>(ids: impl IntoIterator<Item = &'i SmolStr>) -> Self {
        let mut aggregate = Self::default();
        for id in ids {
            aggregate.count += 1;
            if aggregate.cited.len() < MAX_CITED_EVENTS {
                aggregate.cited.push(id.clone());
            }
        }
        aggregate
    }

    /// The measured value.
    pub(crate) fn value(&self, measure: Measure) -> f64 {
        match measure {
            Measure::Count | Measure::First => f64::from(self.count),
            Measure::Sum | Measure::Duration => self.sum,
            Measure::Distinct => self.distinct.len() as f64,
        }
    }

    /// Ids of the earliest events counted.
    pub(crate) fn into_cited(self) -> Vec<SmolStr> {
        self.cited
    }
}

/// A threshold resolved for one person: the bounds, and how to print values.
pub(crate) struct Bounds {
    pub(crate) at_least: Option<Amount>,
    pub(crate) at_most: Option<Amount>,
    /// Whether values are minutes (printed `1h30m`).
    pub(crate) timed: bool,
}

impl Bounds {
    /// The bounds of a quota for a person with `attrs`; `Err` names the attribute the
    /// threshold depends on when the person lacks it.
    pub(crate) fn for_person(
        at_least: Option<&Threshold>,
        at_most: Option<&Threshold>,
        attrs: &indexmap::IndexMap<String, String>,
    ) -> Result<Self, String> {
        let resolve = |threshold: Option<&Threshold>| match threshold {
            None => Ok(None),
            Some(t) => t.for_attrs(attrs).map(Some).ok_or_else(|| match t {
                Threshold::ByAttribute { by, .. } => by.clone(),
                Threshold::Fixed(_) => String::new(),
            }),
        };
        let (at_least, at_most) = (resolve(at_least)?, resolve(at_most)?);
        let timed = [at_least, at_most].iter().flatten().any(|a| matches!(a, Amount::Time(_)));
        Ok(Self { at_least, at_most, timed })
    }

    /// Whether `value` passes.
    pub(crate) fn judge(&self, value: f64) -> Status {
        let low = self.at_least.is_none_or(|a| value >= number(a));
        let high = self.at_most.is_none_or(|a| value <= number(a));
        if low && high { Status::Pass } else { Status::Fail }
    }

    /// `at least 30`, `at most 2h`, `at least 8m and at most 1h`.
    pub(crate) fn expected(&self) -> SmolStr {
        let mut text = SmolStrBuilder::new();
        if let Some(low) = self.at_least {
            text.push_str("at least ");
            text.push_str(&amount(low));
        }
        if let Some(high) = self.at_most {
            text.push_str(if self.at_least.is_some() { " and at most " } else { "at most " });
            text.push_str(&amount(high));
        }
        text.finish()
    }

    /// What [`Self::expected`] says, as a message (`bounds-least`, `bounds-most`,
    /// `bounds-both`).
    pub(crate) fn said(&self) -> Message {
        match (self.at_least, self.at_most) {
            (Some(low), Some(high)) => {
                Message::new("bounds-both", [("least", amount(low).into()), ("most", amount(high).into())])
            }
            (Some(low), None) => Message::new("bounds-least", [("least", amount(low).into())]),
            (None, Some(high)) => Message::new("bounds-most", [("most", amount(high).into())]),
            (None, None) => Message::new("bounds-none", []),
        }
    }

    /// A measured value as the playbook writes its thresholds.
    pub(crate) fn show(&self, value: f64) -> SmolStr {
        show(value, self.timed)
    }
}

/// A value as text: minutes as a length of time when `timed`, else a plain number.
pub(crate) fn show(value: f64, timed: bool) -> SmolStr {
    if timed {
        span(value.max(0.0).round() as u32)
    } else if value.fract() == 0.0 && (0.0..1e15).contains(&value) {
        whole(value as u64)
    } else if value.fract() == 0.0 {
        format_smolstr!("{value:.0}")
    } else {
        format_smolstr!("{value:.2}")
    }
}

fn number(amount: Amount) -> f64 {
    match amount {
        Amount::Number(n) => n,
        Amount::Time(t) => f64::from(t.minutes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timespan;

    #[test]
    fn bounds_judge_inclusively() {
        let bounds = Bounds { at_least: Some(Amount::Number(30.0)), at_most: None, timed: false };
        assert_eq!(bounds.judge(29.0), Status::Fail);
        assert_eq!(bounds.judge(30.0), Status::Pass);
        assert_eq!(bounds.expected(), "at least 30");
        let timed = Bounds { at_least: Some(Amount::Time(Timespan::from_minutes(300))), at_most: None, timed: true };
        assert_eq!(timed.judge(290.0), Status::Fail);
        assert_eq!(timed.show(290.0), "4h50m");
        assert_eq!(timed.expected(), "at least 5h");
    }
}

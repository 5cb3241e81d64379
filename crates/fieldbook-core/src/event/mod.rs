//! Events: what a person did, the values of their fields, and why an event can be turned
//! away.

mod figure;
mod value;

use chrono::{DateTime, FixedOffset};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

pub use value::Value;

use std::cmp::Ordering;
use std::sync::Arc;

use crate::spec::{EventMatch, FieldCondition, Filter, Scalar};

/// Something a person did: a visit, a meeting attended, a report handed in, a call.
///
/// As JSON: `{"id", "kind", "person", "at", "end", "customer", "fields": {}}` with
/// RFC 3339 times. The kind and its fields are declared by the playbook.
///
/// ```
/// # use fieldbook_core as fieldbook;
/// use fieldbook::Event;
///
/// let at = fieldbook::chrono::DateTime::parse_from_rfc3339("2026-12-07T09:30:00+08:00")?;
/// let visit = Event::new("v1", "visit", "li", at)
///     .ending(at + fieldbook::chrono::TimeDelta::minutes(9))
///     .for_customer("c01")
///     .with("stock", 12.0)
///     .with("checklist", vec!["greet", "inspect"]);
/// let json = serde_json::to_string(&visit)?;
/// assert!(json.starts_with(r#"{"id":"v1","kind":"visit","person":"li","at":"2026-12-07T09:30:00+08:00""#));
/// assert_eq!(serde_json::from_str::<Event>(&json)?, visit);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Unique id in the host's system. Sending the same event again is harmless; another
    /// event with the id of one of the same day is turned away.
    pub id: SmolStr,
    /// An event kind of the playbook (`visit`).
    pub kind: SmolStr,
    /// The person who did it.
    pub person: SmolStr,
    /// When it happened or started (a visit's arrival).
    #[serde(deserialize_with = "time_field::at")]
    pub at: DateTime<FixedOffset>,
    /// When it ended (a visit's departure), for kinds with `lasts = true`.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "time_field::end")]
    pub end: Option<DateTime<FixedOffset>>,
    /// The customer concerned, for kinds with `customer = true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<SmolStr>,
    /// Field values, by the names the kind declares.
    #[serde(default, skip_serializing_if = "EventFields::is_empty")]
    pub fields: EventFields,
}

impl Event {
    /// An event with no end, customer or fields.
    pub fn new(
        id: impl Into<SmolStr>,
        kind: impl Into<SmolStr>,
        person: impl Into<SmolStr>,
        at: DateTime<FixedOffset>,
    ) -> Self {
        Self {
            id: id.into(),
            kind: kind.into(),
            person: person.into(),
            at,
            end: None,
            customer: None,
            fields: EventFields::default(),
        }
    }

    /// The event with an end time.
    pub fn ending(mut self, end: DateTime<FixedOffset>) -> Self {
        self.end = Some(end);
        self
    }

    /// The event about `customer`.
    pub fn for_customer(mut self, customer: impl Into<SmolStr>) -> Self {
        self.customer = Some(customer.into());
        self
    }

    /// The event with field `name` set (`"text"`, `12`, `2.5`, `true`, a `Vec` of texts,
    /// or a [`Value`]).
    pub fn with(mut self, name: impl Into<SmolStr>, value: impl Into<Value>) -> Self {
        self.fields.insert(name, value);
        self
    }
}

impl Event {
    /// Whether `other` records this event exactly: the same content, with its times in the
    /// same UTC offsets (`==` compares instants only).
    pub(crate) fn is_identical(&self, other: &Event) -> bool {
        let offsets = |e: &Event| (*e.at.offset(), e.end.map(|end| *end.offset()));
        self == other && offsets(self) == offsets(other)
    }
}

/// Whether `event` is of `kind` and its fields meet the `filter`.
pub(crate) fn matches(kind: &str, filter: &Filter, event: &Event) -> bool {
    event.kind == kind && has_fields(filter, event)
}

/// Whether `event`'s fields meet the `filter`.
pub(crate) fn has_fields(filter: &Filter, event: &Event) -> bool {
    filter.iter().all(|(field, condition)| meets(condition, event.fields.get(field.as_str())))
}

/// Whether `e` records each `(field, value)` of a rule's `match` as text
/// (`("to", "market_manager")`).
pub(crate) fn records(matched: &[(&str, &str)], e: &Event) -> bool {
    matched.iter().all(|&(key, wanted)| matches!(e.fields.get(key), Some(Value::Text(found)) if found == wanted))
}

/// Whether a field's value (`None`: the event does not have the field) meets `condition`.
pub fn meets(condition: &FieldCondition, value: Option<&Value>) -> bool {
    let FieldCondition::Compare(c) = condition else {
        return value.is_some_and(|v| matches!(condition, FieldCondition::Equals(s) if v.matches(s)));
    };
    let Some(value) = value else {
        return c.exists == Some(false) && condition.operands().is_empty();
    };
    let ordered = |scalar: &Option<Scalar>, wanted: &[Ordering]| {
        scalar.as_ref().is_none_or(|s| value.compare(s).is_some_and(|o| wanted.contains(&o)))
    };
    c.exists != Some(false)
        && ordered(&c.gt, &[Ordering::Greater])
        && ordered(&c.ge, &[Ordering::Greater, Ordering::Equal])
        && ordered(&c.lt, &[Ordering::Less])
        && ordered(&c.le, &[Ordering::Less, Ordering::Equal])
        && c.ne.as_ref().is_none_or(|s| !value.matches(s))
        && c.one_of.as_ref().is_none_or(|values| values.iter().any(|s| value.matches(s)))
}

/// Whether `event` is one that `m` counts.
pub(crate) fn counts(m: &EventMatch, event: &Event) -> bool {
    matches(&m.kind, &m.filter, event)
}

/// An event's field values by name, in the order given; as JSON, an object.
///
/// Names are hashed with a seed of each map's own: fast on short names, and no one can
/// craft names that collide (the order is the order given, whatever the seed). The map is
/// shared between clones until one of them changes it, so handing an event to a tracker, a
/// customer book and a store costs no copy of its fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventFields(Arc<FieldMap>);

type FieldMap = IndexMap<SmolStr, Value, foldhash::fast::RandomState>;

impl EventFields {
    /// The value of field `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// Whether the event has field `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// Sets field `name`, returning its value before.
    pub fn insert(&mut self, name: impl Into<SmolStr>, value: impl Into<Value>) -> Option<Value> {
        Arc::make_mut(&mut self.0).insert(name.into(), value.into())
    }

    /// Makes room for `additional` more fields, so that filling an event with the fields
    /// its kind declares grows the map once.
    pub fn reserve(&mut self, additional: usize) {
        Arc::make_mut(&mut self.0).reserve(additional);
    }

    /// Removes field `name`, keeping the others in order, and returns its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        Arc::make_mut(&mut self.0).shift_remove(name)
    }

    /// The fields, in the order given.
    pub fn iter(&self) -> impl Iterator<Item = (&SmolStr, &Value)> {
        self.0.iter()
    }

    /// How many fields there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a EventFields {
    type Item = (&'a SmolStr, &'a Value);
    type IntoIter = indexmap::map::Iter<'a, SmolStr, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<N: Into<SmolStr>, V: Into<Value>> FromIterator<(N, V)> for EventFields {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(fields: I) -> Self {
        Self(Arc::new(fields.into_iter().map(|(name, value)| (name.into(), value.into())).collect()))
    }
}

/// The longest an event may last, in days: a year.
pub const MAX_EVENT_DAYS: i64 = 366;

/// Why an event was turned away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RejectReason {
    /// The playbook declares no such kind.
    #[error("unknown event kind `{kind}`")]
    UnknownKind {
        /// The kind named.
        kind: String,
    },
    /// The roster has no such person.
    #[error("unknown person `{person}`")]
    UnknownPerson {
        /// The person named.
        person: String,
    },
    /// The roster has no such customer.
    #[error("unknown customer `{customer}`")]
    UnknownCustomer {
        /// The customer named.
        customer: String,
    },
    /// The kind concerns a customer but the event names none.
    #[error("events of kind `{kind}` must name a customer")]
    MissingCustomer {
        /// The kind.
        kind: String,
    },
    /// The kind concerns no customer but the event names one.
    #[error("events of kind `{kind}` name no customer")]
    UnexpectedCustomer {
        /// The kind.
        kind: String,
    },
    /// The kind lasts but the event has no end.
    #[error("events of kind `{kind}` need an `end` time")]
    MissingEnd {
        /// The kind.
        kind: String,
    },
    /// The kind forbids an end time (`forbid_end = true`) but the event has one.
    #[error("events of kind `{kind}` have no `end` time")]
    UnexpectedEnd {
        /// The kind.
        kind: String,
    },
    /// The event starts or ends on a day the engine does not work with.
    #[error("{problem}")]
    OutOfRange {
        /// The day, in UTC.
        date: String,
        /// Why, with the dates the engine works with.
        problem: String,
    },
    /// The event lasts longer than [`MAX_EVENT_DAYS`].
    #[error("it lasts from {at} to {end}, longer than {max_days} days")]
    TooLong {
        /// Start.
        at: String,
        /// End.
        end: String,
        /// The longest an event may last, in days.
        max_days: i64,
    },
    /// The event ends before it starts.
    #[error("`end` {end} is before `at` {at}")]
    EndBeforeStart {
        /// Start.
        at: String,
        /// End.
        end: String,
    },
    /// A field the kind does not declare.
    #[error("events of kind `{kind}` have no field `{field}`")]
    UnknownField {
        /// The kind.
        kind: String,
        /// The field.
        field: String,
    },
    /// A required field is missing.
    #[error("required field `{field}` is missing")]
    MissingField {
        /// The field.
        field: String,
    },
    /// A field's value does not fit its type.
    #[error("field `{field}`: {problem}")]
    BadField {
        /// The field.
        field: String,
        /// What is wrong with the value.
        problem: String,
    },
    /// Another event with this id and different content was accepted for the same day.
    #[error("another event with id `{id}` and different content was already accepted")]
    DuplicateId {
        /// The id.
        id: String,
    },
    /// The event's day was closed by the watermark.
    #[error("its day {date} is closed (the tracker has closed every day through {closed_through})")]
    WindowClosed {
        /// The event's local date.
        date: String,
        /// The last closed day.
        closed_through: String,
    },
    /// The event is before the first day the tracker follows.
    #[error("its day {date} is before the tracked period, which starts on {start}")]
    BeforeStart {
        /// The event's local date.
        date: String,
        /// The first tracked day.
        start: String,
    },
}

/// An event turned away, handed back with its reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("event `{}`: {reason}", event.id)]
pub struct Rejected {
    /// Why.
    pub reason: RejectReason,
    /// The event itself, so that nothing is lost.
    pub event: Event,
}

/// Reads an event's times as chrono does, naming the field when one is not a time (serde's
/// own message gives only a line and column: "premature end of input at line 1 column 65").
mod time_field {
    use std::fmt;

    use chrono::{DateTime, FixedOffset};
    use serde::de::{self, Deserializer, Visitor};

    pub(super) fn at<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<FixedOffset>, D::Error> {
        deserializer.deserialize_str(Time("at"))
    }

    pub(super) fn end<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        deserializer.deserialize_option(Optional)
    }

    /// A time in the field named.
    struct Time(&'static str);

    impl Visitor<'_> for Time {
        type Value = DateTime<FixedOffset>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "`{}` as an RFC 3339 time, e.g. \"2026-12-07T09:30:00+08:00\"", self.0)
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            text.parse().map_err(|error| {
                E::custom(format!(
                    "`{}`: `{text}` is not an RFC 3339 time ({error}), e.g. \"2026-12-07T09:30:00+08:00\"",
                    self.0
                ))
            })
        }
    }

    /// An `end` that may be null.
    struct Optional;

    impl<'de> Visitor<'de> for Optional {
        type Value = Option<DateTime<FixedOffset>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("`end` as an RFC 3339 time, or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_str(Time("end")).map(Some)
        }
    }
}

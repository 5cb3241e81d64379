//! Quotas: an aggregate of events over a window, compared with a threshold that may
//! depend on a person attribute (T77-8: urban 30, rural 25 visits a day).

use std::fmt;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::message::{Arg, Message};
use crate::spec::{CustomerFilter, EventMatch};
use crate::time::Timespan;

/// One `[[quotas]]` entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotaSpec {
    /// Identifier, unique among the playbook's rules.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Source facts the quota implements.
    pub refs: Vec<String>,
    /// What is aggregated.
    pub measure: Measure,
    /// The events aggregated.
    pub of: EventMatch,
    /// Only events about customers with these tags (`{ tags_any = ["key"] }`); the kind
    /// must name a customer. Default: every event `of` matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<CustomerFilter>,
    /// For `sum`: the numeric field summed. For `distinct`: the field whose distinct
    /// values are counted; default the event's customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The events whose list field of this name names the customer count for that
    /// customer (`listed_in = "planned"`: the schedules that list it), rather than the
    /// events about it. Only with `per = "customer"`, `window = "visit_frequency"` and
    /// `measure = "count"`; the field must be a `list` of `of`'s kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_in: Option<String>,
    /// The window over which events are aggregated.
    pub window: Window,
    /// With `window = "phase"`: the phase whose days are the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    /// Whom the quota is counted for. Default `person`.
    #[serde(default)]
    pub per: Per,
    /// The least acceptable value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<Threshold>,
    /// The greatest acceptable value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<Threshold>,
    /// Roles the quota applies to; empty means every role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Further explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a quota aggregates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The number of matching events.
    Count,
    /// The sum of a numeric field.
    Sum,
    /// The total time of the events, from `at` to `end` (the kind must have `lasts`).
    Duration,
    /// The number of distinct values of a field (default: distinct customers).
    Distinct,
    /// The number of customers whose first matching event since the tracker started falls
    /// in the window, counted for whoever recorded it (TEL-8: new groups, a group counting
    /// once, when its first contract is signed).
    First,
}

/// The window of a quota: a fixed one (`"day"`, `"month"` …), or a rolling one that ends
/// on each day (`{ working_days = 5 }`, `{ days = 7 }`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Window {
    /// Each event on its own (T77-9: each visit lasts at least 8 minutes).
    Event,
    /// A working day.
    Day,
    /// Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
    /// The last N working days, up to and including each day (with `per = "customer"` and
    /// `at_most = 1`: no customer visited twice within N working days).
    WorkingDays(u32),
    /// The last N days, up to and including each day.
    Days(u32),
    /// The days of the monthly phase named by `phase`, each month (T77-5: each volatile or
    /// enterprise customer visited in days 6-10).
    Phase,
    /// Each period of the customer's own visit frequency (`[[visit_planning.frequencies]]`,
    /// or the roster's `visit_frequency`): the runs of the month's working days the
    /// planner plans in (a week is a quarter of the month's working days). With
    /// `per = "customer"`; customers without a frequency are not judged (T77-12).
    VisitFrequency,
}

impl Window {
    /// Whether the window rolls: it ends on each day rather than at fixed bounds.
    pub fn is_rolling(self) -> bool {
        matches!(self, Self::WorkingDays(_) | Self::Days(_))
    }

    /// What [`Self::describe`] says, as a message (`window-day`, `window-working-days` …).
    pub fn said(self) -> Message {
        match self {
            Self::Event => Message::new("window-event", []),
            Self::Day => Message::new("window-day", []),
            Self::Week => Message::new("window-week", []),
            Self::Month => Message::new("window-month", []),
            Self::Quarter => Message::new("window-quarter", []),
            Self::WorkingDays(n) => Message::new("window-working-days", [("n", Arg::Count(u64::from(n)))]),
            Self::Days(n) => Message::new("window-days", [("n", Arg::Count(u64::from(n)))]),
            Self::Phase => Message::new("window-phase", []),
            Self::VisitFrequency => Message::new("window-visit-frequency", []),
        }
    }

    /// The window in words: `a day`, `this week`, `within 5 working days`.
    pub fn describe(self) -> String {
        match self {
            Self::Event => "each".into(),
            Self::Day => "a day".into(),
            Self::Week => "this week".into(),
            Self::Month => "this month".into(),
            Self::Quarter => "this quarter".into(),
            Self::WorkingDays(1) => "within 1 working day".into(),
            Self::WorkingDays(n) => format!("within {n} working days"),
            Self::Days(1) => "within 1 day".into(),
            Self::Days(n) => format!("within {n} days"),
            Self::Phase => "in the phase".into(),
            Self::VisitFrequency => "in each period of the visit frequency".into(),
        }
    }
}

/// Whom a quota is counted for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// Each person separately.
    #[default]
    Person,
    /// Each person's each customer separately (HOT-9: 2 greetings a month per customer).
    Customer,
    /// Each team of the roster once, over the events of all its members (TEL-7: the
    /// working group holds two seminars a month). Weeks, months and quarters only; the
    /// findings name the team and go to its chief.
    Team,
}

/// A threshold value: a number, or a length of time for `duration` quotas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Amount {
    /// A count, sum or number of distinct values.
    Number(f64),
    /// A length of time.
    Time(Timespan),
}

impl Amount {
    /// The amount times `part / whole`, rounded up to a whole number (or minute): what a
    /// quota asks of `part` of `whole` working days.
    pub fn scaled(self, part: u32, whole: u32) -> Self {
        let share = if whole == 0 { 1.0 } else { f64::from(part) / f64::from(whole) };
        match self {
            Self::Number(n) => Self::Number((n * share).ceil()),
            Self::Time(t) => Self::Time(Timespan::from_minutes((f64::from(t.minutes()) * share).ceil() as u32)),
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Time(t) => write!(f, "{t}"),
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => serializer.serialize_i64(*n as i64),
            Self::Number(n) => serializer.serialize_f64(*n),
            Self::Time(t) => t.serialize(serializer),
        }
    }
}

struct AmountVisitor;

impl<'de> Visitor<'de> for AmountVisitor {
    type Value = Amount;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a length of time such as \"8m\" or \"5h\"")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
        Ok(Amount::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        Ok(Amount::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        if v.is_finite() { Ok(Amount::Number(v)) } else { Err(E::custom("the threshold must be a finite number")) }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        v.parse().map(Amount::Time).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AmountVisitor)
    }
}

impl JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Amount".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let span = generator.subschema_for::<Timespan>();
        schemars::json_schema!({ "anyOf": [{ "type": "number" }, span] })
    }
}

/// A quota's threshold: the same for everyone (`at_least = 1`), or by a person attribute
/// (`at_least = { by = "route", urban = 30, rural = 25 }`).
#[derive(Clone, Debug, PartialEq)]
pub enum Threshold {
    /// One value for everyone.
    Fixed(Amount),
    /// A value for each value of a person attribute.
    ByAttribute {
        /// The attribute, declared in `[people.attributes]` as an `enum`.
        by: String,
        /// The threshold for each of the attribute's values.
        values: IndexMap<String, Amount>,
    },
}

impl Threshold {
    /// The threshold for a person whose attributes are `attrs`; `None` when it depends on
    /// an attribute the person does not have.
    pub fn for_attrs(&self, attrs: &IndexMap<String, String>) -> Option<Amount> {
        match self {
            Self::Fixed(amount) => Some(*amount),
            Self::ByAttribute { by, values } => attrs.get(by).and_then(|v| values.get(v)).copied(),
        }
    }

    /// Every amount of the threshold, with the attribute value it is for.
    pub fn amounts(&self) -> Vec<(Option<&str>, Amount)> {
        match self {
            Self::Fixed(amount) => vec![(None, *amount)],
            Self::ByAttribute { values, .. } => values.iter().map(|(k, v)| (Some(k.as_str()), *v)).collect(),
        }
    }
}

impl Serialize for Threshold {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Self::Fixed(amount) => amount.serialize(serializer),
            Self::ByAttribute { by, values } => {
                let mut map = serializer.serialize_map(Some(values.len() + 1))?;
                map.serialize_entry("by", by)?;
                for (key, amount) in values {
                    map.serialize_entry(key, amount)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Threshold {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ThresholdVisitor;
        impl<'de> Visitor<'de> for ThresholdVisitor {
            type Value = Threshold;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, a length of time, or a table { by = \"attribute\", value = number, ... }")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Threshold, E> {
                AmountVisitor.visit_i64(v).map(Threshold::Fixed)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Threshold, E> {
                AmountVisitor.visit_u64(v).map(Threshold::Fixed)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Threshold, E> {
                AmountVisitor.visit_f64(v).map(Threshold::Fixed)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Threshold, E> {
                AmountVisitor.visit_str(v).map(Threshold::Fixed)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Threshold, A::Error> {
                let mut by = None;
                let mut values = IndexMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == "by" {
                        by = Some(map.next_value::<String>()?);
                    } else {
                        let amount = map.next_value::<Amount>()?;
                        if values.insert(key.clone(), amount).is_some() {
                            return Err(de::Error::custom(format!("`{key}` is given twice")));
                        }
                    }
                }
                let by = by.ok_or_else(|| de::Error::missing_field("by"))?;
                if values.is_empty() {
                    return Err(de::Error::custom(format!("give a threshold for each value of `{by}`")));
                }
                Ok(Threshold::ByAttribute { by, values })
            }
        }
        deserializer.deserialize_any(ThresholdVisitor)
    }
}

impl JsonSchema for Threshold {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Threshold".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let amount = generator.subschema_for::<Amount>();
        schemars::json_schema!({
            "description": "A threshold: one amount, or { by = \"attribute\", <value> = amount, ... }.",
            "anyOf": [
                amount.clone(),
                {
                    "type": "object",
                    "required": ["by"],
                    "properties": { "by": { "type": "string" } },
                    "additionalProperties": amount
                }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Serialize)]
    struct Holder {
        at_least: Threshold,
    }

    fn parse(text: &str) -> Result<Threshold, String> {
        toml::from_str::<Holder>(text).map(|h| h.at_least).map_err(|e| e.message().to_string())
    }

    #[test]
    fn thresholds_by_route_pick_the_persons_value() {
        let t = parse("at_least = { by = \"route\", urban = 30, rural = 25 }").unwrap();
        let rural: IndexMap<String, String> = [("route".to_string(), "rural".to_string())].into();
        assert_eq!(t.for_attrs(&rural), Some(Amount::Number(25.0)));
        assert_eq!(t.for_attrs(&IndexMap::new()), None);
        assert_eq!(parse("at_least = 30").unwrap().for_attrs(&IndexMap::new()), Some(Amount::Number(30.0)));
    }

    #[test]
    fn time_thresholds_and_bad_ones() {
        assert_eq!(parse("at_least = \"5h\"").unwrap(), Threshold::Fixed(Amount::Time(Timespan::from_minutes(300))));
        assert!(parse("at_least = \"5 hours\"").unwrap_err().contains("length of time"));
        assert!(parse("at_least = { urban = 30 }").unwrap_err().contains("by"));
        assert!(parse("at_least = { by = \"route\" }").unwrap_err().contains("each value"));
        assert!(parse("at_least = true").is_err());
    }

    #[test]
    fn thresholds_serialize_back_to_their_source_form() {
        for text in ["at_least = 30\n", "at_least = \"1h30m\"\n", "at_least = 1.5\n"] {
            let holder: Holder = toml::from_str(text).unwrap();
            assert_eq!(toml::to_string(&holder).unwrap(), text);
        }
    }
}

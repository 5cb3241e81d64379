//! `where` filters: what an event's fields must hold, as a value (`status = "failed"`) or
//! a comparison (`samples = { gt = 0 }`).

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::field::{FieldSpec, FieldType, Scalar};

/// A `where` filter: each named field and the condition its value must meet.
pub type Filter = IndexMap<String, FieldCondition>;

/// What a field's value must be: equal to a value, or compared with values.
///
/// Written `status = "failed"` (equal; for a list field, containing it) or
/// `samples = { gt = 0 }`, `spend = { ge = 100, lt = 500 }`, `status = { in = ["a", "b"] }`,
/// `note = { exists = true }`. Comparisons of several keys must all hold.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum FieldCondition {
    /// Equal to this value (a list field: contains it).
    Equals(Scalar),
    /// Compared with values.
    Compare(Comparison),
}

/// Comparisons a field's value must all pass. Ordering (`gt`, `ge`, `lt`, `le`) applies to
/// numbers, money, durations, dates, times and text; `ne` and `in` to any value. A field
/// the event does not have passes only `exists = false`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// Greater than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<Scalar>,
    /// Greater than or equal to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ge: Option<Scalar>,
    /// Less than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<Scalar>,
    /// Less than or equal to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub le: Option<Scalar>,
    /// Not equal to (a list field: not containing it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ne: Option<Scalar>,
    /// Equal to one of these.
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<Scalar>>,
    /// Whether the event has the field at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exists: Option<bool>,
}

/// A value to compare with, or a comparison table: read by hand so that a table with a
/// wrong key says which keys a comparison has (an untagged enum would only say that
/// nothing matched).
impl<'de> Deserialize<'de> for FieldCondition {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldConditionVisitor)
    }
}

struct FieldConditionVisitor;

impl<'de> serde::de::Visitor<'de> for FieldConditionVisitor {
    type Value = FieldCondition;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value, or a comparison such as { gt = 0 }")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<FieldCondition, E> {
        Ok(FieldCondition::Equals(Scalar::Bool(v)))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FieldCondition, E> {
        Ok(FieldCondition::Equals(Scalar::Integer(v)))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FieldCondition, E> {
        i64::try_from(v)
            .map(|v| FieldCondition::Equals(Scalar::Integer(v)))
            .map_err(|_| E::custom("a number too large"))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<FieldCondition, E> {
        Ok(FieldCondition::Equals(Scalar::Float(v)))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FieldCondition, E> {
        Ok(FieldCondition::Equals(Scalar::Text(v.to_string())))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<FieldCondition, A::Error> {
        Comparison::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(FieldCondition::Compare)
    }
}

impl FieldCondition {
    /// The values the condition compares with, each with its operator (`=` for equality).
    pub fn operands(&self) -> Vec<(&'static str, &Scalar)> {
        match self {
            Self::Equals(value) => vec![("=", value)],
            Self::Compare(c) => [("gt", &c.gt), ("ge", &c.ge), ("lt", &c.lt), ("le", &c.le), ("ne", &c.ne)]
                .into_iter()
                .filter_map(|(op, v)| v.as_ref().map(|v| (op, v)))
                .chain(c.one_of.iter().flatten().map(|v| ("in", v)))
                .collect(),
        }
    }

    /// Why the condition cannot apply to a field declared `spec`, if it cannot: an operand
    /// that is not a value of the field, an ordering of an unordered type, an empty table.
    pub fn problem(&self, spec: &FieldSpec) -> Option<String> {
        if let Self::Compare(c) = self
            && c == &Comparison::default()
        {
            return Some("an empty comparison: give gt, ge, lt, le, ne, in or exists".into());
        }
        let ordered = matches!(
            spec.ty,
            FieldType::Integer
                | FieldType::Number
                | FieldType::Money
                | FieldType::Duration
                | FieldType::Date
                | FieldType::Time
                | FieldType::Text
        );
        self.operands().into_iter().find_map(|(op, value)| {
            if matches!(op, "gt" | "ge" | "lt" | "le") && !ordered {
                Some(format!("`{op}` orders values, and a field of type {} has no order", spec.ty.name()))
            } else if !value.fits(spec) {
                let allowed = if spec.ty == FieldType::Enum {
                    format!(" (one of {})", spec.values.join(", "))
                } else {
                    String::new()
                };
                Some(format!("{value} is not a value of a field of type {}{allowed}", spec.ty.name()))
            } else {
                None
            }
        })
    }
}

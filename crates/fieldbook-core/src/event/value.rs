//! Field values carried by events and customer records, checked against their declared
//! types.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::spec::{FieldSpec, FieldType, Scalar};
use crate::time::{TimeOfDay, Timespan, supported};

/// A field value as a host sends it (JSON/TOML scalars and lists of text).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// A decimal number.
    Number(f64),
    /// Text (also dates, times and lengths of time, in their text forms).
    Text(SmolStr),
    /// A list of text values.
    List(Vec<SmolStr>),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool(v) => write!(f, "{v}"),
            Self::Integer(v) => write!(f, "{v}"),
            Self::Number(v) => write!(f, "{v}"),
            Self::Text(v) => write!(f, "{v:?}"),
            Self::List(v) => write!(f, "{v:?}"),
        }
    }
}

impl Value {
    /// The value as a number, for sums and numeric comparisons (durations in minutes).
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Self::Integer(v) => Some(*v as f64),
            Self::Number(v) => Some(*v),
            Self::Text(v) => v.parse::<Timespan>().ok().map(|s| f64::from(s.minutes())),
            _ => None,
        }
    }

    /// Whether the value equals a playbook's `where` value.
    pub fn matches(&self, scalar: &Scalar) -> bool {
        match (self, scalar) {
            (Self::Bool(a), Scalar::Bool(b)) => a == b,
            (Self::Text(a), Scalar::Text(b)) => a == b,
            (Self::List(items), Scalar::Text(b)) => items.iter().any(|i| i == b),
            (a, Scalar::Integer(b)) => a.as_number() == Some(*b as f64),
            (a, Scalar::Float(b)) => a.as_number() == Some(*b),
            _ => false,
        }
    }

    /// How the value orders against `scalar`: numbers as numbers, lengths of time by
    /// their minutes, other text (dates, times of day, text) as text, which orders
    /// `YYYY-MM-DD` and `HH:MM` rightly; `None` when they do not compare.
    pub fn compare(&self, scalar: &Scalar) -> Option<std::cmp::Ordering> {
        let number = match scalar {
            Scalar::Integer(n) => Some(*n as f64),
            Scalar::Float(n) => Some(*n),
            _ => None,
        };
        match (self, scalar) {
            (_, Scalar::Integer(_) | Scalar::Float(_)) => self.as_number()?.partial_cmp(&number?),
            (Self::Text(a), Scalar::Text(b)) => match (a.parse::<Timespan>(), b.parse::<Timespan>()) {
                (Ok(a), Ok(b)) => Some(a.minutes().cmp(&b.minutes())),
                _ => Some(a.as_str().cmp(b.as_str())),
            },
            _ => None,
        }
    }

    /// Checks the value against a field declaration; the reason when it does not fit.
    pub fn check(&self, spec: &FieldSpec) -> Result<(), String> {
        let ok = match (spec.ty, self) {
            (FieldType::Text | FieldType::Phone, Self::Text(_)) => true,
            (FieldType::Number | FieldType::Money, Self::Integer(_)) => true,
            (FieldType::Number | FieldType::Money, Self::Number(v)) => v.is_finite(),
            (FieldType::Integer, Self::Integer(_)) => true,
            (FieldType::Bool, Self::Bool(_)) => true,
            (FieldType::List, Self::List(_)) => true,
            (FieldType::Enum, Self::Text(v)) => {
                if !spec.values.iter().any(|x| x == v) {
                    return Err(format!("{v:?} is not one of {}", spec.values.join(", ")));
                }
                true
            }
            (FieldType::Date, Self::Text(v)) => {
                v.parse::<NaiveDate>().map_err(|_| format!("{v:?} is not a date YYYY-MM-DD")).and_then(supported)?;
                true
            }
            (FieldType::RecurringDate, Self::Text(v)) => {
                crate::time::recurring_date(v).ok_or_else(|| format!("{v:?} is not a date YYYY-MM-DD or MM-DD"))?;
                true
            }
            (FieldType::Time, Self::Text(v)) => {
                v.parse::<TimeOfDay>()?;
                true
            }
            (FieldType::Duration, Self::Text(v)) => {
                v.parse::<Timespan>()?;
                true
            }
            _ => false,
        };
        if ok { Ok(()) } else { Err(format!("{self} is not a value of type {}", spec.ty.name())) }
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Self::Integer(value)
    }
}

impl From<i32> for Value {
    fn from(value: i32) -> Self {
        Self::Integer(value.into())
    }
}

impl From<f64> for Value {
    fn from(value: f64) -> Self {
        Self::Number(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Self::Text(value.into())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Self::Text(value.into())
    }
}

impl From<SmolStr> for Value {
    fn from(value: SmolStr) -> Self {
        Self::Text(value)
    }
}

impl<T: Into<SmolStr>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Self::List(items.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_against_their_types() {
        let number = FieldSpec::of(FieldType::Number);
        assert!(Value::Integer(3).check(&number).is_ok());
        assert!(Value::Text("3".into()).check(&number).unwrap_err().contains("type number"));
        let status = FieldSpec { values: vec!["ok".into(), "failed".into()], ..FieldSpec::of(FieldType::Enum) };
        assert!(Value::Text("late".into()).check(&status).unwrap_err().contains("ok, failed"));
        assert!(Value::Text("2026-02-30".into()).check(&FieldSpec::of(FieldType::Date)).is_err());
        assert!(Value::Text("02-29".into()).check(&FieldSpec::of(FieldType::RecurringDate)).is_ok());
        assert!(Value::Text("02-30".into()).check(&FieldSpec::of(FieldType::RecurringDate)).is_err());
    }

    #[test]
    fn where_values_match_lists_and_numbers() {
        assert!(Value::List(vec!["greet".into()]).matches(&Scalar::Text("greet".into())));
        assert!(Value::Number(2.0).matches(&Scalar::Integer(2)));
        assert!(!Value::Text("2".into()).matches(&Scalar::Bool(true)));
    }
}

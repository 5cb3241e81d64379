//! Typed fields: what an event kind, a customer record or a person attribute may carry.

use std::fmt;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::time::Timespan;

/// The type of a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// Free text.
    Text,
    /// A phone number (text).
    Phone,
    /// A number (integer or decimal).
    Number,
    /// A whole number.
    Integer,
    /// An amount of money, a decimal number in the playbook's currency.
    Money,
    /// `true` or `false`.
    Bool,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A date that recurs every year (a birthday), `YYYY-MM-DD` or `MM-DD`.
    RecurringDate,
    /// A time of day, `HH:MM`.
    Time,
    /// A length of time such as `"1h30m"`.
    Duration,
    /// A list of text values (a checklist's done items, brands on the shelf).
    List,
    /// One of the values listed in `values`.
    Enum,
}

impl FieldType {
    /// The type's name as a playbook writes it (`recurring_date`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Phone => "phone",
            Self::Number => "number",
            Self::Integer => "integer",
            Self::Money => "money",
            Self::Bool => "bool",
            Self::Date => "date",
            Self::RecurringDate => "recurring_date",
            Self::Time => "time",
            Self::Duration => "duration",
            Self::List => "list",
            Self::Enum => "enum",
        }
    }

    /// Whether values of this type can be summed or compared with a number.
    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Number | Self::Integer | Self::Money | Self::Duration)
    }
}

/// A field declaration. Written as a bare type (`stock = "number"`) or as a table
/// (`status = { type = "enum", values = ["ok", "failed"], required = true }`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldSpec {
    /// The type of the value.
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// What the field means, for people reading forms and reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Whether every record must carry the field. Default `false`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// The allowed values of an `enum` field (required for `enum`, not allowed otherwise).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Roles that may see the field; empty means every role (HOT-2 discretion).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub visible_to: Vec<String>,
    /// For customer record fields: how long a reviewed value stays valid, in whole days
    /// (`"180d"`); the record is due for review after that (HOT-2 timeliness).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_for: Option<Timespan>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The table form of [`FieldSpec`], as deserialized.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct FieldTable {
    #[serde(rename = "type")]
    ty: FieldType,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    visible_to: Vec<String>,
    #[serde(default)]
    valid_for: Option<Timespan>,
}

impl FieldSpec {
    /// A field of type `ty` with no further settings.
    pub fn of(ty: FieldType) -> Self {
        Self { ty, title: None, required: false, values: Vec::new(), visible_to: Vec::new(), valid_for: None }
    }

    /// Whether a person with `role` may see the field: every role may when `visible_to`
    /// is empty; otherwise only the roles listed (and nobody without a role).
    pub fn visible_to_role(&self, role: Option<&str>) -> bool {
        self.visible_to.is_empty() || role.is_some_and(|r| self.visible_to.iter().any(|v| v == r))
    }

    /// `valid_for` in whole days, when it is a whole, positive number of days.
    pub fn valid_days(&self) -> Option<u32> {
        self.valid_for.and_then(Timespan::whole_days)
    }

    fn from_table(table: FieldTable) -> Result<Self, String> {
        match (table.ty, table.values.is_empty()) {
            (FieldType::Enum, true) => return Err("an `enum` field needs its `values`".into()),
            (ty, false) if ty != FieldType::Enum => {
                return Err("`values` is only for fields of type `enum`".into());
            }
            _ => {}
        }
        Ok(Self {
            ty: table.ty,
            title: table.title,
            required: table.required,
            values: table.values,
            visible_to: table.visible_to,
            valid_for: table.valid_for,
        })
    }
}

impl<'de> Deserialize<'de> for FieldSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SpecVisitor;
        impl<'de> Visitor<'de> for SpecVisitor {
            type Value = FieldSpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field type such as \"number\", or a table { type = ..., required = ... }")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<FieldSpec, E> {
                let ty = FieldType::deserialize(de::value::StrDeserializer::<E>::new(text))?;
                if ty == FieldType::Enum {
                    return Err(E::custom(
                        "an `enum` field needs its `values`: write { type = \"enum\", values = [...] }",
                    ));
                }
                Ok(FieldSpec::of(ty))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FieldSpec, A::Error> {
                let table = FieldTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                FieldSpec::from_table(table).map_err(de::Error::custom)
            }
        }
        deserializer.deserialize_any(SpecVisitor)
    }
}

impl JsonSchema for FieldSpec {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FieldSpec".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let ty = generator.subschema_for::<FieldType>();
        let table = generator.subschema_for::<FieldTable>();
        schemars::json_schema!({
            "description": "A field: a bare type name, or a table with `type`, `title`, `required`, `values`, `visible_to`, `valid_for`.",
            "anyOf": [ty, table]
        })
    }
}

/// Named fields in declaration order.
pub type Fields = IndexMap<String, FieldSpec>;

/// A scalar value a playbook compares event fields with (`where = { status = "failed" }`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Scalar {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// A decimal number.
    Float(f64),
    /// Text.
    Text(String),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool(v) => write!(f, "{v}"),
            Self::Integer(v) => write!(f, "{v}"),
            Self::Float(v) => write!(f, "{v}"),
            Self::Text(v) => write!(f, "{v:?}"),
        }
    }
}

impl Scalar {
    /// Whether a value of this kind can be stored in a field of type `ty`.
    pub fn fits(&self, spec: &FieldSpec) -> bool {
        match (self, spec.ty) {
            (Self::Bool(_), FieldType::Bool) => true,
            (Self::Integer(_), FieldType::Integer | FieldType::Number | FieldType::Money) => true,
            (Self::Float(_), FieldType::Number | FieldType::Money) => true,
            (Self::Text(v), FieldType::Enum) => spec.values.iter().any(|allowed| allowed == v),
            (Self::Text(_), FieldType::Text | FieldType::Phone | FieldType::List) => true,
            (Self::Text(v), FieldType::Date) => v.parse::<chrono::NaiveDate>().is_ok(),
            (Self::Text(v), FieldType::RecurringDate) => crate::time::recurring_date(v).is_some(),
            (Self::Text(v), FieldType::Time) => v.parse::<crate::time::TimeOfDay>().is_ok(),
            (Self::Text(v), FieldType::Duration) => v.parse::<crate::time::Timespan>().is_ok(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        field: FieldSpec,
    }

    fn parse(text: &str) -> Result<FieldSpec, String> {
        toml::from_str::<Holder>(text).map(|h| h.field).map_err(|e| e.message().to_string())
    }

    #[test]
    fn bare_type_and_table_forms_are_equivalent() {
        assert_eq!(parse("field = \"number\"").unwrap(), FieldSpec::of(FieldType::Number));
        assert_eq!(parse("field = { type = \"number\" }").unwrap(), FieldSpec::of(FieldType::Number));
        let status = parse("field = { type = \"enum\", values = [\"ok\", \"failed\"] }").unwrap();
        assert_eq!(status.values, ["ok", "failed"]);
    }

    #[test]
    fn enum_needs_values_and_only_enum_has_them() {
        assert!(parse("field = \"enum\"").unwrap_err().contains("values"));
        assert!(parse("field = { type = \"enum\" }").unwrap_err().contains("values"));
        assert!(parse("field = { type = \"text\", values = [\"a\"] }").unwrap_err().contains("only for"));
        assert!(parse("field = \"texte\"").unwrap_err().contains("unknown variant"));
        assert!(parse("field = { type = \"text\", colour = 1 }").unwrap_err().contains("colour"));
    }

    #[test]
    fn visibility_and_validity() {
        let health = parse("field = { type = \"text\", visible_to = [\"manager\"], valid_for = \"180d\" }").unwrap();
        assert!(health.visible_to_role(Some("manager")));
        assert!(!health.visible_to_role(Some("staff")));
        assert!(!health.visible_to_role(None));
        assert!(FieldSpec::of(FieldType::Text).visible_to_role(None));
        assert_eq!(health.valid_days(), Some(180));
        let hours = parse("field = { type = \"text\", valid_for = \"36h\" }").unwrap();
        assert_eq!(hours.valid_days(), None);
    }

    #[test]
    fn scalars_fit_only_their_types() {
        let status = FieldSpec { values: vec!["ok".into()], ..FieldSpec::of(FieldType::Enum) };
        assert!(Scalar::Text("ok".into()).fits(&status));
        assert!(!Scalar::Text("failed".into()).fits(&status));
        assert!(Scalar::Integer(3).fits(&FieldSpec::of(FieldType::Number)));
        assert!(!Scalar::Float(3.5).fits(&FieldSpec::of(FieldType::Integer)));
        assert!(!Scalar::Bool(true).fits(&FieldSpec::of(FieldType::Text)));
    }
}

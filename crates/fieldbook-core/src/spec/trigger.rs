//! Triggers: an event or a date in a customer record that creates a follow-up with its
//! own deadline (a failed order needs a call the same day).

use std::fmt;
use std::str::FromStr;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::CustomerFilter;
use crate::spec::Filter;
use crate::time::Timespan;

/// One `[[triggers]]` entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriggerSpec {
    /// Identifier, unique among the playbook's rules.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Source facts the trigger implements.
    pub refs: Vec<String>,
    /// What starts the follow-up.
    pub on: TriggerOn,
    /// The event that fulfils the follow-up.
    pub follow_up: FollowUp,
    /// How long the follow-up may take.
    pub within: Within,
    /// Roles that owe the follow-up; empty means every role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// For event triggers, who owes the follow-up: the person who recorded the starting
    /// event (`recorder`, the default), or the manager of its customer (`manager`: a meal
    /// recorded by the restaurant's staff owes the customer's manager the check, FNB-7).
    #[serde(default, skip_serializing_if = "Owner::is_recorder")]
    pub owner: Owner,
    /// For date and occasion triggers: only customers with these tags (an agreement's
    /// renewal concerns credit customers only). Default: every customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<CustomerFilter>,
    /// Further explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What starts a follow-up: an event of a kind (`kind`, optionally `where`), a date field
/// of customer records (`date`), or an occasion (`occasion`), the last two optionally
/// `days_before` for preparing in advance. Exactly one of `kind`, `date` and `occasion`
/// is given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriggerOn {
    /// An event kind that starts the follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Field values the starting event must have.
    #[serde(default, rename = "where", skip_serializing_if = "IndexMap::is_empty")]
    pub filter: Filter,
    /// A `date` or `recurring_date` field of customer records that starts the follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// An occasion of `[occasions]` (Spring Festival) that starts the follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occasion: Option<String>,
    /// For date and occasion triggers: how many days ahead the follow-up starts (0 to
    /// 365). Default 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub days_before: u32,
}

/// Who owes an event trigger's follow-up, or answers for a checklist.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    /// The person who recorded the starting event.
    #[default]
    Recorder,
    /// The manager of the starting event's customer.
    Manager,
    /// The chief of the recorder's team (the roster's `teams`): the recorder when they are
    /// in no team, or their team has no chief.
    Chief,
}

impl Owner {
    pub(crate) fn is_recorder(&self) -> bool {
        *self == Self::Recorder
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The event that fulfils a follow-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// The event kind.
    pub kind: String,
    /// Field values the event must have.
    #[serde(default, rename = "where", skip_serializing_if = "IndexMap::is_empty")]
    pub filter: Filter,
    /// Whether it must concern the same customer as the starting event. Default `true`.
    #[serde(default = "yes")]
    pub same_customer: bool,
}

fn yes() -> bool {
    true
}

/// How long a follow-up may take: `"same_day"` (by the end of the working day),
/// `"next_working_day"`, or a length of time such as `"2h"` or `"3d"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Within {
    /// By the end of the same working day.
    SameDay,
    /// By the end of the next working day.
    NextWorkingDay,
    /// Within this length of time.
    Span(Timespan),
}

impl FromStr for Within {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "same_day" => Ok(Self::SameDay),
            "next_working_day" => Ok(Self::NextWorkingDay),
            other => other.parse().map(Self::Span).map_err(|_| {
                format!("`{text}` is not a deadline: write \"same_day\", \"next_working_day\" or a length of time such as \"2h\"")
            }),
        }
    }
}

impl TryFrom<String> for Within {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Within> for String {
    fn from(within: Within) -> Self {
        within.to_string()
    }
}

impl fmt::Display for Within {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SameDay => f.write_str("same_day"),
            Self::NextWorkingDay => f.write_str("next_working_day"),
            Self::Span(span) => write!(f, "{span}"),
        }
    }
}

impl JsonSchema for Within {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Within".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "\"same_day\", \"next_working_day\" or a length of time such as \"2h\".",
            "examples": ["same_day", "24h"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_parse_and_print() {
        for text in ["same_day", "next_working_day", "2h", "1d12h"] {
            assert_eq!(text.parse::<Within>().unwrap().to_string(), text);
        }
        assert!("tomorrow".parse::<Within>().unwrap_err().contains("same_day"));
    }
}

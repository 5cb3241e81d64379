//! Scripted checks as written: what a script judges and how a failure counts.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One `[[checks]]` entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    /// Identifier, unique among the playbook's rules.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Source facts the check implements.
    pub refs: Vec<String>,
    /// What the script judges.
    pub scope: CheckScope,
    /// For `event` checks: the event kind judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The script, inline. Exactly one of `script` and `file` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// A script file, relative to the playbook's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// How a failed check counts. Default `fail`.
    #[serde(default)]
    pub severity: Severity,
    /// Roles judged; empty means every role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// For `event`, `day` and `phase` checks: the phases in which the check runs; empty
    /// means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<String>,
}

/// What a check judges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckScope {
    /// Each event of a kind.
    Event,
    /// Each person's working day.
    Day,
    /// Each person's week (Monday to Sunday).
    Week,
    /// Each person's month.
    Month,
    /// Each person's span of each phase of the month (T77-5: days 6-10).
    Phase,
}

/// How a failed check counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A failure.
    #[default]
    Fail,
    /// A warning.
    Warning,
}

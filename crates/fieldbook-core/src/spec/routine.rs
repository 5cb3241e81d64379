//! The daily routine: ordered, timed steps and the evidence that shows each was done.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::Filter;
use crate::time::TimeOfDay;

/// What sort of work a step or duty is; the agenda shows it as the item's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// A step of the daily routine.
    Step,
    /// A meeting to attend or hold.
    Meeting,
    /// A report or form to hand in.
    Report,
    /// Any other piece of work.
    Task,
}

/// One `[[steps]]` entry: a step of the working day, in the order the day runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    /// Identifier, unique among the playbook's rules.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Source facts the step implements (`["T77-11"]`).
    pub refs: Vec<String>,
    /// What sort of work it is. Default `step`.
    #[serde(default = "step_activity")]
    pub kind: Activity,
    /// When the step takes place (lunch at noon); with `by`, when it opens (a report
    /// from 13:00 by 17:30: evidence from earlier does not count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<TimeOfDay>,
    /// The deadline by which it must be done (meeting before 08:00). A step with neither
    /// `at` nor `by` is due when the next timed step is, or at the end of the working day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<TimeOfDay>,
    /// Phases in which the step applies; empty means every day (T77-20: forms only in
    /// `forecast` and `adjustment`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<String>,
    /// Roles that perform the step; empty means every role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Role that chairs it, for meetings (T77-11: section chief; TPK-1: market manager).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<String>,
    /// Where it happens or where the person goes (T77-16: back to the marketing department).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// A procedure (checklist) to go through in this step (T77-13: the tool kit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<String>,
    /// The recorded event whose time shows the step was done in time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// Further explanation shown on the agenda.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl StepSpec {
    /// The time it opens: `at`, when a deadline `by` follows it. Evidence from earlier
    /// does not show the step done.
    pub fn opening(&self) -> Option<TimeOfDay> {
        self.at.filter(|_| self.by.is_some())
    }
}

fn step_activity() -> Activity {
    Activity::Step
}

/// Evidence that a step was done: the time of the first or last matching event of the day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The event kind.
    pub kind: String,
    /// Field values the event must have.
    #[serde(default, rename = "where", skip_serializing_if = "IndexMap::is_empty")]
    pub filter: Filter,
    /// Which of the day's matching events decides. Default `first`.
    #[serde(default)]
    pub pick: Pick,
    /// Which of its times is compared with the deadline. Default `start`.
    #[serde(default)]
    pub edge: Edge,
}

/// Which of a day's matching events decides a step's evidence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Pick {
    /// The earliest (first visit by 09:30).
    #[default]
    First,
    /// The latest (last visit ends by 15:00).
    Last,
}

/// Which time of an event is compared with a deadline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Edge {
    /// When it started.
    #[default]
    Start,
    /// When it ended (the kind must have `lasts = true`).
    End,
}

//! The daily routine: ordered, timed steps and the evidence that shows each was done.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::{Filter, Schedule, in_months};
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
    /// The days the step is part of, as a duty's schedule names them (`{ weekly = "mon" }`,
    /// `{ weekday_of_month = "first fri" }`, `{ working_day = { n = -1 } }`); none means
    /// every working day. A day off moves to the next working day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<Schedule>,
    /// The months the step is part of, 1 to 12, as a duty's `months`. Empty: every month.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub months: Vec<u8>,
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
    /// Which of `chair` and `place` the evidence must record as they are here, in fields
    /// of the same names (TPK-1: the meeting chaired by the market manager).
    #[serde(default, rename = "match", skip_serializing_if = "Vec::is_empty")]
    pub match_fields: Vec<String>,
    /// Further explanation shown on the agenda.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl StepSpec {
    /// Whether `date` is in the step's `months`.
    pub fn in_months(&self, date: chrono::NaiveDate) -> bool {
        in_months(&self.months, date)
    }

    /// The values `match` asks of the evidence: each named key with the step's value
    /// (`("chair", "market_manager")`); a key the step does not set is left out.
    pub fn matched(&self) -> Vec<(&str, &str)> {
        matched(&self.match_fields, |key| match key {
            "chair" => self.chair.as_deref(),
            "place" => self.place.as_deref(),
            _ => None,
        })
    }

    /// The time it opens: `at`, when a deadline `by` follows it. Evidence from earlier
    /// does not show the step done.
    pub fn opening(&self) -> Option<TimeOfDay> {
        self.at.filter(|_| self.by.is_some())
    }
}

/// Each key of a rule's `match` with the value `value` gives it, leaving out keys the
/// rule does not set.
pub(crate) fn matched<'a>(keys: &'a [String], value: impl Fn(&str) -> Option<&'a str>) -> Vec<(&'a str, &'a str)> {
    keys.iter().filter_map(|k| Some((k.as_str(), value(k)?))).collect()
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
    /// Every matching event of the day is about a customer listed by the day's record of
    /// another kind (T77-14: visits follow the schedule's customer list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub among: Option<Listed>,
    /// Figures the chosen event reports, each equal to what the person's records of the
    /// day show (T77-17: planned visits are the schedule's customers, actual visits the
    /// customers visited).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub figures: IndexMap<String, Figure>,
    /// A field the chosen event must fill when one of its figures falls short of another
    /// (T77-17: reasons for each missed visit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<Shortfall>,
}

/// The customers a record of the day lists: the entries of list field `list` of the
/// person's events of kind `kind` that day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Listed {
    /// The event kind that lists them (`schedule`).
    pub kind: String,
    /// Its list field (`planned`).
    pub list: String,
}

/// A figure of the day computed from the person's records: the number of their events of
/// `kind` (matching `where`), or of the distinct values of one of their fields, or of the
/// distinct entries of one of their list fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// The event kind counted.
    pub kind: String,
    /// Field values the events must have.
    #[serde(default, rename = "where", skip_serializing_if = "IndexMap::is_empty")]
    pub filter: Filter,
    /// Count the distinct values of this field instead (`customer`: the event's customer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct: Option<String>,
    /// Count the distinct entries of this list field instead (a schedule's `planned`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
}

/// A field to fill when figure `actual` is below figure `planned`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Shortfall {
    /// The field that explains the shortfall (`missed_reasons`).
    pub field: String,
    /// The figure planned (`planned_visits`), one of `figures`.
    pub planned: String,
    /// The figure achieved (`actual_visits`), one of `figures`.
    pub actual: String,
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

//! Duties: recurring obligations with a schedule, a deadline and the event that fulfils them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::Activity;
use crate::spec::EventMatch;
use crate::spec::{NonWorkingDayPolicy, Schedule, in_months};
use crate::time::{TimeOfDay, Timespan};

/// One `[[duties]]` entry: monthly summaries, weekly plans, meetings, seminars.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DutySpec {
    /// Identifier, unique among the playbook's rules.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Source facts the duty implements.
    pub refs: Vec<String>,
    /// What sort of work it is. Default `task`.
    #[serde(default = "task_activity")]
    pub kind: Activity,
    /// When it falls due.
    pub schedule: Schedule,
    /// Where it goes when its day is not a working day. Default `next`. Only fixed-day
    /// schedules (`weekly`, `monthly`) move; the others always fall on working days.
    #[serde(default)]
    pub if_non_working_day: NonWorkingDayPolicy,
    /// The months it falls in, 1 to 12 (iCalendar's `BYMONTH`): with `monthly = 1`,
    /// `[1, 4, 7, 10]` is quarterly and `[12]` yearly. Empty: every month. A day moved by
    /// `if_non_working_day` counts in the month it moves to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub months: Vec<u8>,
    /// When it takes place or starts (T77-1: in the afternoon, from 13:00). With `by`, it
    /// opens at this time: evidence from earlier does not fulfil it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<TimeOfDay>,
    /// Deadline on its day; default: the calendar's end of the working day
    /// (TEL-4: "before the end of work on Friday").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<TimeOfDay>,
    /// How many days before its due day it may already be done (`"3d"`, whole days). Default:
    /// from the start of its due day (or from `at`, when `by` is given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens: Option<Timespan>,
    /// The recorded event that fulfils it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_by: Option<EventMatch>,
    /// Roles that owe the duty; empty means every role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Role that chairs it, for meetings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<String>,
    /// Role it is handed to, for reports (T77-1: the market manager).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Which of `chair` and `to` the event that does the duty must record as they are
    /// here, in fields of the same names (T77-1: a summary handed to the market manager).
    #[serde(default, rename = "match", skip_serializing_if = "Vec::is_empty")]
    pub match_fields: Vec<String>,
    /// Further explanation shown on the agenda.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl DutySpec {
    /// Whether `date` is in the duty's `months`.
    pub fn in_months(&self, date: chrono::NaiveDate) -> bool {
        in_months(&self.months, date)
    }

    /// The values `match` asks of the event that does the duty: each named key with the
    /// duty's value (`("to", "market_manager")`); a key the duty does not set is left out.
    pub fn matched(&self) -> Vec<(&str, &str)> {
        super::routine::matched(&self.match_fields, |key| match key {
            "chair" => self.chair.as_deref(),
            "to" => self.to.as_deref(),
            _ => None,
        })
    }

    /// The time it opens on its first day: `at`, when a deadline `by` follows it.
    pub fn opening(&self) -> Option<TimeOfDay> {
        self.at.filter(|_| self.by.is_some())
    }

    /// How many days before its due day it opens (0: on its due day).
    pub fn opens_days(&self) -> u32 {
        self.opens.and_then(Timespan::whole_days).unwrap_or(0)
    }
}

fn task_activity() -> Activity {
    Activity::Task
}

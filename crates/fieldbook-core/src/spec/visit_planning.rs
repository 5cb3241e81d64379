//! How visits are planned: the `[visit_planning]` table with the visit frequency of each
//! group of customers (T77-7, T77-12), the planning window and the length of a visit.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::CustomerFilter;
use crate::time::{TimeOfDay, Timespan};

/// The `[visit_planning]` table: what [`crate::plan_month`] needs beyond the routine and
/// the quotas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitPlanningSpec {
    /// Source facts the plan implements (`["T77-7", "T77-12"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    /// The event kind a planned visit is (it must concern a customer). Default `visit`.
    #[serde(default = "default_kind")]
    pub kind: String,
    /// How long a visit is planned to last. Default: the least duration a quota over
    /// single events of `kind` asks (T77-9: 8 minutes); else a daily duration quota divided
    /// by the daily count quota (TPK-2: 5 h over 30 visits, 10 minutes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_length: Option<Timespan>,
    /// Time planned between two visits when either customer has no coordinates. Default `"2m"`.
    #[serde(default = "default_travel")]
    pub travel: Timespan,
    /// When field work starts. Default: the deadline of the step whose evidence is the
    /// first visit (T77-14: 09:30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<TimeOfDay>,
    /// When field work ends. Default: the deadline of the step whose evidence is the end
    /// of the last visit (T77-16: 15:00).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<TimeOfDay>,
    /// The customer fields holding latitude and longitude, in degrees; customers with both
    /// are ordered on each day to shorten travel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<[String; 2]>,
    /// Travel speed between customers with coordinates, km/h (straight-line distance).
    /// Default 15.
    #[serde(default = "default_speed")]
    pub speed_kmh: f64,
    /// Visits each customer carrying a phase's `focus` tag gets within that phase (T77-5).
    /// Default 1; 0 turns phase focus off in plans.
    #[serde(default = "default_focus_visits")]
    pub focus_visits: u32,
    /// Visit frequencies; a customer follows the first entry that admits it, unless the
    /// roster names one (`visit_frequency`). A customer no entry admits needs no visit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frequencies: Vec<FrequencySpec>,
}

impl VisitPlanningSpec {
    /// The frequency a customer follows: the one its roster entry names (`named`, its
    /// `visit_frequency`), else the first whose `customers` admit its `tags`; `None` when
    /// no entry admits it (it needs no visit). The planner and the tracker both ask this.
    pub fn frequency_for(&self, named: Option<&str>, tags: &[String]) -> Option<&FrequencySpec> {
        match named {
            Some(id) => self.frequencies.iter().find(|f| f.id == id),
            None => self.frequencies.iter().find(|f| f.customers.as_ref().is_none_or(|c| c.admits(tags))),
        }
    }
}

/// One `[[visit_planning.frequencies]]` entry: how often some customers are visited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrequencySpec {
    /// Identifier, unique among frequencies (`key-weekly`); a roster customer may name it.
    pub id: String,
    /// Human title, used in the reasons of planned visits (`key customer, weekly`).
    pub title: String,
    /// Source facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    /// Which customers; absent means every customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers: Option<CustomerFilter>,
    /// The period: each period of a month is one run of its working days.
    pub every: Every,
    /// Visits in each period. Default 1.
    #[serde(default = "one")]
    pub times: u32,
}

/// How a month is divided for a frequency: its working days in equal consecutive runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Every {
    /// Four runs a month.
    Week,
    /// Two runs a month.
    TwoWeeks,
    /// The whole month.
    Month,
}

impl Every {
    /// How many runs of working days a month is divided into.
    pub fn runs(self) -> usize {
        match self {
            Self::Week => 4,
            Self::TwoWeeks => 2,
            Self::Month => 1,
        }
    }

    /// The period in words (`weekly`).
    pub fn adverb(self) -> &'static str {
        match self {
            Self::Week => "weekly",
            Self::TwoWeeks => "every two weeks",
            Self::Month => "monthly",
        }
    }
}

fn default_kind() -> String {
    "visit".to_string()
}

fn default_travel() -> Timespan {
    Timespan::from_minutes(2)
}

fn default_speed() -> f64 {
    15.0
}

fn default_focus_visits() -> u32 {
    1
}

fn one() -> u32 {
    1
}

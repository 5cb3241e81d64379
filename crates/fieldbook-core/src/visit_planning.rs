//! How visits are planned: the `[visit_planning]` table with the visit frequency of each
//! group of customers (T77-7, T77-12), the planning window and the length of a visit.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::people::CustomerFilter;
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

/// The most visits a frequency or a focus may ask of one customer in a period: one a day.
const MAX_VISITS: u32 = 31;

/// Every problem of the `[visit_planning]` table, with key paths.
pub(crate) fn problems(spec: &crate::spec::PlaybookSpec) -> Vec<crate::error::Problem> {
    use crate::error::Problem;
    use crate::field::FieldType;
    let Some(planning) = &spec.visit_planning else { return Vec::new() };
    let mut out = Vec::new();
    let mut problem = |path: String, message: String| out.push(Problem::at(path, message));
    match spec.event_kinds.get(&planning.kind) {
        None => problem(
            "visit_planning.kind".into(),
            format!("unknown event kind `{}`: declare it in [event_kinds] or name another", planning.kind),
        ),
        Some(kind) if !kind.customer => problem(
            "visit_planning.kind".into(),
            format!(
                "event kind `{}` does not concern a customer (`customer = true`), so it cannot be a visit",
                planning.kind
            ),
        ),
        Some(_) => {}
    }
    if planning.focus_visits > MAX_VISITS {
        problem(
            "visit_planning.focus_visits".into(),
            format!("at most {MAX_VISITS}: a customer is visited at most once a day"),
        );
    }
    if planning.visit_length.is_some_and(|l| l.minutes() == 0) {
        problem("visit_planning.visit_length".into(), "a visit must last at least a minute".into());
    }
    if let (Some(start), Some(end)) = (planning.start, planning.end)
        && end <= start
    {
        problem("visit_planning.end".into(), format!("field work ends at {end}, not after it starts at {start}"));
    }
    if !(planning.speed_kmh.is_finite() && planning.speed_kmh > 0.0) {
        problem("visit_planning.speed_kmh".into(), "the speed must be a positive number of km/h".into());
    }
    if let Some(fields) = &planning.coordinates {
        for (i, name) in fields.iter().enumerate() {
            match spec.customers.fields.get(name) {
                None => problem(
                    format!("visit_planning.coordinates[{i}]"),
                    format!("unknown customer field `{name}`: declare it in [customers.fields] as a number"),
                ),
                Some(field) if field.ty != FieldType::Number => problem(
                    format!("visit_planning.coordinates[{i}]"),
                    format!("customer field `{name}` is a {}, not a number", field.ty.name()),
                ),
                Some(_) => {}
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (i, frequency) in planning.frequencies.iter().enumerate() {
        let path = format!("visit_planning.frequencies[{i}]");
        if frequency.id.trim().is_empty() {
            problem(format!("{path}.id"), "the id must not be empty".into());
        } else if !seen.insert(frequency.id.as_str()) {
            problem(format!("{path}.id"), format!("frequency id `{}` is used twice", frequency.id));
        }
        if frequency.times == 0 {
            problem(format!("{path}.times"), "at least 1 visit a period: remove the entry to ask for none".into());
        } else if frequency.times > MAX_VISITS {
            problem(format!("{path}.times"), format!("at most {MAX_VISITS}: a customer is visited at most once a day"));
        }
        for (j, tag) in frequency.customers.iter().flat_map(|c| c.tags_any.iter()).enumerate() {
            if !spec.customers.tags.contains(tag) {
                problem(
                    format!("{path}.customers.tags_any[{j}]"),
                    format!("unknown customer tag `{tag}`: declare it in [customers] tags"),
                );
            }
        }
    }
    out
}

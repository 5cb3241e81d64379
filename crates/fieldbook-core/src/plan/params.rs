//! What a visit plan reads from a playbook for one person: the field-work window, the
//! length of a visit, the travel allowance, and the daily quota with the most visits that
//! fit in a day.

use serde::{Deserialize, Serialize};

use crate::playbook::Playbook;
use crate::roster::Person;
use crate::spec::{Amount, Edge, Measure, Per, Pick, QuotaSpec, VisitPlanningSpec, Window};
use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::time::TimeOfDay;

/// The numbers a month plan is built with, each with where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanParams {
    /// The event kind of a visit.
    pub kind: String,
    /// When field work starts (T77-14: 09:30).
    pub start: TimeOfDay,
    /// When field work ends (T77-16: 15:00).
    pub end: TimeOfDay,
    /// Minutes planned for one visit.
    pub visit_minutes: u32,
    /// Where the visit length comes from (`T77-9: at least 8m a visit`).
    pub visit_length_source: String,
    /// Minutes planned between two visits without coordinates.
    pub travel_minutes: u32,
    /// The least visits a day the person's quota asks (T77-8: 30 on an urban route); 0 when
    /// no daily quota applies.
    pub quota: u32,
    /// The daily quota's id and refs, when one applies.
    pub quota_rule: Option<(String, Vec<String>)>,
    /// The most visits that fit in the window: `n` visits and `n - 1` trips between them,
    /// and no more than a daily `at_most` quota allows.
    pub day_max: u32,
}

/// Why a plan cannot be made at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The playbook has no `[visit_planning]` table.
    #[error("the playbook has no [visit_planning] table")]
    NoPlanning,
    /// Nothing says how long a visit lasts.
    #[error(
        "no visit length for person `{person}`: give [visit_planning] visit_length, or a duration quota over single `{kind}` events"
    )]
    NoVisitLength {
        /// The person.
        person: String,
        /// The visit kind.
        kind: String,
    },
    /// Nothing says when field work starts or ends.
    #[error(
        "no field-work {which} time: give [visit_planning] {which}, or a step whose evidence is the {which} of a visit"
    )]
    NoWindow {
        /// `start` or `end`.
        which: String,
    },
    /// The window is empty.
    #[error("field work from {start} to {end} leaves no time to visit")]
    EmptyWindow {
        /// Start.
        start: String,
        /// End.
        end: String,
    },
}

impl PlanParams {
    /// The parameters for `person`.
    ///
    /// # Errors
    /// When the playbook says too little to plan for the person.
    pub fn new(playbook: &Playbook, person: &Person) -> Result<Self, PlanError> {
        let spec = playbook.spec();
        let planning = spec.visit_planning.as_ref().ok_or(PlanError::NoPlanning)?;
        let kind = planning.kind.clone();
        let start = planning.start.or_else(|| step_time(playbook, planning, Pick::First, Edge::Start));
        let end = planning.end.or_else(|| step_time(playbook, planning, Pick::Last, Edge::End));
        let start = start.ok_or(PlanError::NoWindow { which: "start".into() })?;
        let end = end.ok_or(PlanError::NoWindow { which: "end".into() })?;
        let (visit_minutes, visit_length_source) = visit_length(playbook, planning, person)
            .ok_or_else(|| PlanError::NoVisitLength { person: person.id.to_string(), kind: kind.clone() })?;
        if end <= start || visit_minutes == 0 {
            return Err(PlanError::EmptyWindow { start: start.to_string(), end: end.to_string() });
        }
        let travel_minutes = planning.travel.minutes();
        let window = end.minutes() - start.minutes();
        let mut day_max = window.saturating_add(travel_minutes) / visit_minutes.saturating_add(travel_minutes);
        let mut quota = 0;
        let mut quota_rule = None;
        for q in day_quotas(playbook, planning, person) {
            if let Some(Amount::Number(n)) = q.at_least.as_ref().and_then(|t| t.for_attrs(&person.attrs))
                && n.ceil() as u32 > quota
            {
                quota = n.ceil().max(0.0) as u32;
                quota_rule = Some((q.id.clone(), q.refs.clone()));
            }
            if let Some(Amount::Number(n)) = q.at_most.as_ref().and_then(|t| t.for_attrs(&person.attrs)) {
                day_max = day_max.min(n.floor().max(0.0) as u32);
            }
        }
        Ok(Self { kind, start, end, visit_minutes, visit_length_source, travel_minutes, quota, quota_rule, day_max })
    }

    /// When field work ends on `date`: `end`, or the end of a working day that ends
    /// before it (a Friday half day).
    pub fn end_on(&self, calendar: &Calendar, date: NaiveDate) -> TimeOfDay {
        calendar.due_time(date, Some(self.end))
    }

    /// The most visits that fit into `date`: `day_max`, fewer on a day whose working
    /// hours end before field work does.
    pub fn day_max_on(&self, calendar: &Calendar, date: NaiveDate) -> u32 {
        let end = self.end_on(calendar, date);
        if end >= self.end {
            return self.day_max;
        }
        let window = end.minutes().saturating_sub(self.start.minutes());
        if window == 0 {
            return 0;
        }
        let fit = window.saturating_add(self.travel_minutes) / self.visit_minutes.saturating_add(self.travel_minutes);
        fit.min(self.day_max)
    }
}

/// The daily count quotas over a person's visits that apply to `person`. A quota counted
/// per customer (`per = "customer"`, at most one visit a customer a day) limits no day:
/// a plan visits a customer at most once a day anyway.
fn day_quotas<'a>(
    playbook: &'a Playbook,
    planning: &'a VisitPlanningSpec,
    person: &'a Person,
) -> impl Iterator<Item = &'a QuotaSpec> {
    playbook.spec().quotas.iter().filter(move |q| {
        q.window == Window::Day
            && q.per == Per::Person
            && q.of.kind == planning.kind
            && q.of.filter.is_empty()
            && matches!(q.measure, Measure::Count | Measure::Distinct)
            && person.has_role_in(playbook, &q.roles)
    })
}

/// The deadline of the routine step whose evidence is the first start or the last end of
/// a visit.
fn step_time(playbook: &Playbook, planning: &VisitPlanningSpec, pick: Pick, edge: Edge) -> Option<TimeOfDay> {
    playbook.spec().steps.iter().find_map(|step| {
        let evidence = step.evidence.as_ref()?;
        let matches = evidence.kind == planning.kind
            && match pick {
                Pick::First => evidence.pick == Pick::First && evidence.edge == edge,
                Pick::Last => evidence.pick == Pick::Last && evidence.edge == edge,
            };
        if matches { step.by.or(step.at) } else { None }
    })
}

/// Minutes a visit is planned to last, and where that comes from.
fn visit_length(playbook: &Playbook, planning: &VisitPlanningSpec, person: &Person) -> Option<(u32, String)> {
    if let Some(length) = planning.visit_length {
        return Some((length.minutes(), format!("visit_planning.visit_length = {length}")));
    }
    let applies = |q: &&QuotaSpec| {
        q.of.kind == planning.kind && q.measure == Measure::Duration && person.has_role_in(playbook, &q.roles)
    };
    let quotas = &playbook.spec().quotas;
    let least = |q: &QuotaSpec| match q.at_least.as_ref().and_then(|t| t.for_attrs(&person.attrs)) {
        Some(Amount::Time(t)) => Some(t.minutes()),
        _ => None,
    };
    if let Some((q, minutes)) = quotas
        .iter()
        .filter(applies)
        .filter(|q| q.window == Window::Event)
        .filter_map(|q| Some((q, least(q)?)))
        .max_by_key(|(_, m)| *m)
    {
        return Some((minutes, format!("{}: at least {minutes}m a visit", q.refs.join(", "))));
    }
    // A daily visiting time over the daily number of visits (TPK-2: 5 h over 30 visits).
    let (daily, minutes) =
        quotas.iter().filter(applies).filter(|q| q.window == Window::Day).find_map(|q| Some((q, least(q)?)))?;
    let count = day_quotas(playbook, planning, person)
        .filter_map(|q| match q.at_least.as_ref().and_then(|t| t.for_attrs(&person.attrs)) {
            Some(Amount::Number(n)) if n >= 1.0 => Some((q, n.ceil() as u32)),
            _ => None,
        })
        .max_by_key(|(_, n)| *n)?;
    let per_visit = minutes.div_ceil(count.1);
    Some((
        per_visit,
        format!(
            "assumed from {} and {}: {minutes}m of visiting a day over {} visits, {per_visit}m a visit",
            daily.refs.join(", "),
            count.0.refs.join(", "),
            count.1
        ),
    ))
}

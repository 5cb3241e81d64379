//! The agenda: what is due for one person on one date, asked of the playbook
//! ([`Playbook::agenda`]) and built here; its customer side ([`Playbook::agenda_for`]) in
//! `customer.rs`.

mod customer;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::error::{Problem, Problems, RosterError};
use crate::playbook::Playbook;
use crate::roster::{Person, person_problems};
use crate::spec::{Activity, Amount, Per, Period, ProcedureSpec, QuotaSpec, StepSpec, Threshold, Window, in_phases};
use crate::time::{TimeOfDay, supported};

/// What is due for a person on a date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Agenda {
    /// The date.
    pub date: NaiveDate,
    /// Whether it is a working day of the playbook's calendar.
    pub working_day: bool,
    /// The id of the phase the date is in, if the playbook has phases.
    pub phase: Option<String>,
    /// What is due, in order of due time (ties in the playbook's order).
    pub items: Vec<AgendaItem>,
}

/// One thing due.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AgendaItem {
    /// The id of the rule it comes from (`focus:PHASE` for a phase's focus,
    /// `review:CUSTOMER` and `candidate:CUSTOMER` for records due for review and
    /// customers to visit).
    pub id: SmolStr,
    /// What sort of item it is.
    pub kind: ItemKind,
    /// Human title.
    pub title: String,
    /// When it is due, in the playbook's time zone.
    pub due: DateTime<FixedOffset>,
    /// When it opens, for items with a window (a report from 13:00 by 17:30, a duty that may
    /// be done days ahead): what is done earlier does not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens: Option<DateTime<FixedOffset>>,
    /// Source facts it implements.
    pub refs: Vec<String>,
    /// Who chairs it, where, which checklist, what target: the details a person needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The customer it concerns, for items of the customer side
    /// ([`crate::Playbook::agenda_for`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<SmolStr>,
    /// The date it is about: the birthday or occasion a reminder prepares for, the last
    /// day of an agreement to renew.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurs: Option<NaiveDate>,
}

/// The sort of an agenda item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A step of the daily routine.
    Step,
    /// A meeting.
    Meeting,
    /// A report or form to hand in.
    Report,
    /// Any other duty.
    Task,
    /// A quota to meet in a window that is open.
    Target,
    /// The customers to prioritise in the current phase.
    Focus,
    /// A date ahead to prepare for (a birthday, a holiday), from a date trigger.
    Reminder,
    /// An agreement to sign or renew.
    Renewal,
    /// A customer to call, from a call list.
    Call,
    /// A customer record with fields due for review.
    Review,
    /// A dormant or lost customer to visit.
    Candidate,
}

impl ItemKind {
    /// The kind as in JSON: `step`, `meeting` …
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Step => "step",
            Self::Meeting => "meeting",
            Self::Report => "report",
            Self::Task => "task",
            Self::Target => "target",
            Self::Focus => "focus",
            Self::Reminder => "reminder",
            Self::Renewal => "renewal",
            Self::Call => "call",
            Self::Review => "review",
            Self::Candidate => "candidate",
        }
    }
}

/// The kind as in JSON, padded to the width asked (`{:<8}`).
impl std::fmt::Display for ItemKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl From<Activity> for ItemKind {
    fn from(activity: Activity) -> Self {
        match activity {
            Activity::Step => Self::Step,
            Activity::Meeting => Self::Meeting,
            Activity::Report => Self::Report,
            Activity::Task => Self::Task,
        }
    }
}

impl Playbook {
    /// What is due for `person` on `date`, in order of due time. A date outside
    /// [`FIRST_DAY`](crate::time::FIRST_DAY) to [`LAST_DAY`](crate::time::LAST_DAY) has an
    /// empty agenda.
    ///
    /// # Errors
    /// The person's role is not the playbook's, or their attributes are not its (a
    /// person built in code may have either wrong, and would get another's agenda): every
    /// problem, at key paths under `person`.
    pub fn agenda(&self, person: &Person, date: NaiveDate) -> Result<Agenda, RosterError> {
        let mut problems = Vec::new();
        person_problems(self.spec(), "person", person, &mut |path, message| problems.push(Problem::at(path, message)));
        if problems.is_empty() { Ok(build(self, person, date)) } else { Err(RosterError(Problems(problems))) }
    }
}

fn build(playbook: &Playbook, person: &Person, date: NaiveDate) -> Agenda {
    if supported(date).is_err() {
        return Agenda { date, working_day: false, phase: None, items: Vec::new() };
    }
    let spec = playbook.spec();
    let calendar = playbook.calendar();
    let working_day = calendar.is_working_day(date);
    let phase = playbook.phase_on(date);
    let applies = |roles: &[String]| person.has_role_in(playbook, roles);
    let end_of_day = calendar.due(date, None);
    let mut items = Vec::new();

    if working_day {
        for (step, &due) in spec.steps.iter().zip(playbook.step_due()) {
            if in_phases(&step.phases, phase.map(|p| p.id.as_str())) && applies(&step.roles) {
                items.push(AgendaItem {
                    id: step.id.as_str().into(),
                    kind: step.kind.into(),
                    title: step.title.clone(),
                    due: calendar.due(date, due),
                    opens: step.opening().map(|at| calendar.due(date, Some(at))),
                    refs: step.refs.clone(),
                    detail: step_detail(playbook, step),
                    customer: None,
                    occurs: None,
                });
            }
        }
    }

    for duty in &spec.duties {
        if !applies(&duty.roles) || !calendar.falls_on(duty.schedule, date, duty.if_non_working_day) {
            continue;
        }
        let time = duty.by.or(duty.at);
        let (title, due_day) = match duty.schedule.at_least() {
            Some((times, period)) => (
                format!("{} (at least {times} this {})", duty.title, period.name()),
                calendar.period_due_day(period, date),
            ),
            None => (duty.title.clone(), date),
        };
        let first_day = due_day.checked_sub_days(chrono::Days::new(u64::from(duty.opens_days()))).unwrap_or(due_day);
        let opens = (duty.opening().is_some() || first_day < due_day)
            .then(|| calendar.due(first_day, Some(duty.opening().unwrap_or(TimeOfDay::MIDNIGHT))));
        let mut detail = Vec::new();
        if let Some(at) = duty.opening() {
            detail.push(format!("from {at}"));
        }
        if first_day < due_day {
            detail.push(format!("may be done from {first_day}"));
        }
        if let Some(chair) = &duty.chair {
            detail.push(format!("chaired by {}", role_title(playbook, chair)));
        }
        if let Some(to) = &duty.to {
            detail.push(format!("to {}", role_title(playbook, to)));
        }
        detail.extend(duty.note.clone());
        items.push(AgendaItem {
            id: duty.id.as_str().into(),
            kind: duty.kind.into(),
            title,
            due: calendar.due(due_day, time),
            opens,
            refs: duty.refs.clone(),
            detail: joined(detail),
            customer: None,
            occurs: None,
        });
    }

    if working_day {
        if let Some(phase) = phase.filter(|p| !p.focus.is_empty()) {
            items.push(AgendaItem {
                id: smol_str::format_smolstr!("focus:{}", phase.id),
                kind: ItemKind::Focus,
                title: format!("Focus on {} customers", phase.focus.join(" and ")),
                due: end_of_day,
                opens: None,
                refs: phase.refs.clone(),
                detail: Some(match &phase.note {
                    Some(note) => format!("{}: {note}", phase.title),
                    None => phase.title.clone(),
                }),
                customer: None,
                occurs: None,
            });
        }
        for quota in &spec.quotas {
            if !applies(&quota.roles) {
                continue;
            }
            if let Some(due) = target_due(playbook, quota, date) {
                items.push(AgendaItem {
                    id: quota.id.as_str().into(),
                    kind: ItemKind::Target,
                    title: quota.title.clone(),
                    due,
                    opens: None,
                    refs: quota.refs.clone(),
                    detail: Some(target_detail(quota, person)),
                    customer: None,
                    occurs: None,
                });
            }
        }
    }

    items.sort_by_key(|item| item.due);
    Agenda { date, working_day, phase: phase.map(|p| p.id.clone()), items }
}

fn step_detail(playbook: &Playbook, step: &StepSpec) -> Option<String> {
    let mut detail = Vec::new();
    if let Some(at) = step.opening() {
        detail.push(format!("from {at}"));
    }
    if let Some(chair) = &step.chair {
        detail.push(format!("chaired by {}", role_title(playbook, chair)));
    }
    if let Some(place) = &step.place {
        detail.push(format!("place: {place}"));
    }
    if let Some(procedure) =
        step.procedure.as_ref().and_then(|id| playbook.spec().procedures.iter().find(|p| &p.id == id))
    {
        detail.push(checklist_text(procedure));
    }
    if let Some(evidence) = &step.evidence {
        if let Some(listed) = &evidence.among {
            detail.push(format!("each {} to a customer on the {}'s {} list", evidence.kind, listed.kind, listed.list));
        }
        if !evidence.figures.is_empty() {
            let names: Vec<&str> = evidence.figures.keys().map(String::as_str).collect();
            detail.push(format!("{} as the day's records show", names.join(", ")));
        }
        if let Some(short) = &evidence.shortfall {
            detail.push(format!("{} when {} is below {}", short.field, short.actual, short.planned));
        }
    }
    detail.extend(step.note.clone());
    joined(detail)
}

/// A checklist as the agenda shows it: `Tool kit: Materials [Product information; Price
/// tags], Aids [Pen; Notebook], Items to return to retailers`.
fn checklist_text(procedure: &ProcedureSpec) -> String {
    let items: Vec<String> = procedure
        .items
        .iter()
        .map(|i| {
            let subs: Vec<&str> = i.sub.iter().map(|s| s.title.as_str()).collect();
            if subs.is_empty() { i.title.clone() } else { format!("{} [{}]", i.title, subs.join("; ")) }
        })
        .collect();
    format!("{}: {}", procedure.title, items.join(", "))
}

fn joined(parts: Vec<String>) -> Option<String> {
    if parts.is_empty() { None } else { Some(parts.join("; ")) }
}

fn role_title(playbook: &Playbook, role: &str) -> String {
    playbook.spec().roles.iter().find(|r| r.id == role).map_or_else(|| role.to_string(), |r| r.title.clone())
}

/// A quota is on the agenda every working day for day, event and rolling windows (due at
/// the day's end), and on the first working day of longer windows (due at the end of the
/// window's last working day).
fn target_due(playbook: &Playbook, quota: &QuotaSpec, date: NaiveDate) -> Option<DateTime<FixedOffset>> {
    let calendar = playbook.calendar();
    let (first, last) = match quota.window {
        Window::Event | Window::Day | Window::WorkingDays(_) | Window::Days(_) => {
            return Some(calendar.due(date, None));
        }
        Window::Week => Period::Week.bounds(date),
        Window::Month => Period::Month.bounds(date),
        Window::Quarter => Period::Quarter.bounds(date),
        Window::Phase => {
            let phase = playbook.spec().phases.iter().find(|p| quota.phase.as_ref() == Some(&p.id))?;
            phase.days.bounds(date)?
        }
    };
    let opening = first.iter_days().take_while(|d| *d <= last).find(|d| calendar.is_working_day(*d));
    if opening != Some(date) {
        return None;
    }
    let closing = calendar.previous_working_day(last).unwrap_or(date);
    Some(calendar.due(closing, None))
}

fn target_detail(quota: &QuotaSpec, person: &Person) -> String {
    let bound = |word: &str, threshold: &Threshold| match threshold.for_attrs(&person.attrs) {
        Some(amount) => format!("{word} {}", amount_text(amount)),
        None => {
            let options: Vec<String> = threshold
                .amounts()
                .into_iter()
                .map(|(key, amount)| format!("{} {}", key.unwrap_or_default(), amount_text(amount)))
                .collect();
            format!("{word} {}", options.join(" / "))
        }
    };
    let mut parts = Vec::new();
    if let Some(t) = &quota.at_least {
        parts.push(bound("at least", t));
    }
    if let Some(t) = &quota.at_most {
        parts.push(bound("at most", t));
    }
    let mut whose = match quota.customers.as_ref().filter(|c| !c.tags_any.is_empty()) {
        Some(filter) => format!(" (customers tagged {})", filter.tags_any.join(" or ")),
        None => String::new(),
    };
    if let Some(filter) = quota.customers.as_ref().filter(|c| !c.activity.is_empty()) {
        let states: Vec<&str> = filter.activity.iter().map(|s| s.as_str()).collect();
        whose.push_str(&format!(" (to {} customers)", states.join(", ")));
    }
    // A team quota is shown to each member: what counts is the whole team's.
    if quota.per == Per::Team {
        match &person.team {
            Some(team) => whose.push_str(&format!(", for team {team}: every member's events count")),
            None => whose.push_str(", for the team: every member's events count"),
        }
    }
    format!("{} {}{whose}", parts.join(", "), quota.window.describe())
}

fn amount_text(amount: Amount) -> String {
    amount.to_string()
}

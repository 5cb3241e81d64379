//! The agenda: what is due for one person on one date, asked of the playbook
//! ([`Playbook::agenda`]) and built here; its customer side ([`Playbook::agenda_for`]) in
//! `customer.rs`.

mod customer;
mod detail;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::error::{Problem, Problems, RosterError};
use crate::message::{Arg, Message};
use crate::playbook::Playbook;
use crate::roster::{Absence, Person, person_problems};
use crate::spec::{Activity, DutySpec, Excuse, Period, QuotaSpec, Window, in_phases};
use crate::time::{TimeOfDay, supported};

use detail::{Detail, role_title, step_detail, target_detail, target_said, title_said};

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
    /// The person's absence that covers the date, if any: the day's steps, day targets
    /// and duties are then not on the agenda (excused, or moved to the first working day
    /// back, as the playbook's `[absences]` say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub away: Option<Absence>,
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
    /// What `title` says, as a catalog key and values (key `""` when there is no
    /// message: word `title` as it is). Not serialized.
    #[serde(skip)]
    pub title_text: Message,
    /// What `detail` says, part by part (`detail` joins them with `; `). Not serialized.
    #[serde(skip)]
    pub detail_text: Vec<Message>,
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
        return Agenda { date, working_day: false, phase: None, items: Vec::new(), away: None };
    }
    let spec = playbook.spec();
    let calendar = playbook.calendar();
    let working_day = calendar.is_working_day(date);
    let phase = playbook.phase_on(date);
    let applies = |roles: &[String]| person.has_role_in(playbook, roles);
    let end_of_day = calendar.due(date, None);
    let away = person.absence_on(date).and_then(|a| Some((a, spec.absences.get(a.kind.as_str())?)));
    let mut items = Vec::new();

    if working_day && away.is_none() {
        for (step, &due) in spec.steps.iter().zip(playbook.step_due()) {
            if in_phases(&step.phases, phase.map(|p| p.id.as_str()))
                && applies(&step.roles)
                && calendar.step_on(step, date)
            {
                let (detail, detail_text) = step_detail(playbook, step).joined();
                items.push(AgendaItem {
                    id: step.id.as_str().into(),
                    kind: step.kind.into(),
                    title: step.title.clone(),
                    due: calendar.due(date, due),
                    opens: step.opening().map(|at| calendar.due(date, Some(at))),
                    refs: step.refs.clone(),
                    detail,
                    customer: None,
                    occurs: None,
                    title_text: title_said(&step.title),
                    detail_text,
                });
            }
        }
    }

    for duty in &spec.duties {
        if !applies(&duty.roles) || !calendar.duty_on(duty, date) {
            continue;
        }
        // Due on a day away: excused, or owed on the first working day back. "At least N
        // per period" duties stay: the period is longer than the absence.
        if away.is_some() && duty.schedule.at_least().is_none() {
            continue;
        }
        items.push(duty_item(playbook, duty, date));
    }
    if working_day && away.is_none() {
        items.extend(moved_duties(playbook, person, date));
    }

    if working_day {
        if let Some(phase) = phase.filter(|p| !p.focus.is_empty() && away.is_none()) {
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
                title_text: Message::new(
                    "agenda-focus",
                    [("groups", Arg::All(phase.focus.iter().map(|g| g.as_str().into()).collect()))],
                ),
                detail_text: vec![match &phase.note {
                    Some(note) => {
                        Message::new("detail-phase-note", [("title", (&phase.title).into()), ("note", note.into())])
                    }
                    None => title_said(&phase.title),
                }],
            });
        }
        for quota in &spec.quotas {
            // On a day away, what is judged day by day is excused; longer windows stay,
            // prorated when judged.
            if !applies(&quota.roles) || (away.is_some() && judged_daily(quota.window)) {
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
                    detail: Some(target_detail(playbook, quota, person)),
                    customer: None,
                    occurs: None,
                    title_text: title_said(&quota.title),
                    detail_text: vec![target_said(playbook, quota, person)],
                });
            }
        }
    }

    items.sort_by_key(|item| item.due);
    let away = away.map(|(absence, _)| absence.clone());
    Agenda { date, working_day, phase: phase.map(|p| p.id.clone()), items, away }
}

/// The agenda item of `duty` falling on `date`.
fn duty_item(playbook: &Playbook, duty: &DutySpec, date: NaiveDate) -> AgendaItem {
    let calendar = playbook.calendar();
    let time = duty.by.or(duty.at);
    let (title, title_text, due_day) = match duty.schedule.at_least() {
        Some((times, period)) => (
            format!("{} (at least {times} this {})", duty.title, period.name()),
            Message::new(
                "agenda-duty-at-least",
                [
                    ("title", (&duty.title).into()),
                    ("times", Arg::Count(u64::from(times))),
                    ("period", period.name().into()),
                ],
            ),
            calendar.period_due_day(period, date),
        ),
        None => (duty.title.clone(), title_said(&duty.title), date),
    };
    let first_day = due_day.checked_sub_days(chrono::Days::new(u64::from(duty.opens_days()))).unwrap_or(due_day);
    let opens = (duty.opening().is_some() || first_day < due_day)
        .then(|| calendar.due(first_day, Some(duty.opening().unwrap_or(TimeOfDay::MIDNIGHT))));
    let mut detail = Detail::default();
    if let Some(at) = duty.opening() {
        detail.push(format!("from {at}"), Message::new("detail-from", [("at", at.to_string().as_str().into())]));
    }
    if first_day < due_day {
        detail.push(
            format!("may be done from {first_day}"),
            Message::new("detail-may-from", [("day", first_day.into())]),
        );
    }
    if let Some(chair) = &duty.chair {
        let role = role_title(playbook, chair);
        detail.push(format!("chaired by {role}"), Message::new("detail-chair", [("role", (&role).into())]));
    }
    if let Some(to) = &duty.to {
        let role = role_title(playbook, to);
        detail.push(format!("to {role}"), Message::new("detail-to", [("role", (&role).into())]));
    }
    detail.note(duty.note.as_ref());
    let (detail, detail_text) = detail.joined();
    AgendaItem {
        id: duty.id.as_str().into(),
        kind: duty.kind.into(),
        title,
        due: calendar.due(due_day, time),
        opens,
        refs: duty.refs.clone(),
        detail,
        customer: None,
        occurs: None,
        title_text,
        detail_text,
    }
}

/// The duties `person` was away for whose absences move them to `date`, the first working
/// day back, each due then at its own time.
fn moved_duties(playbook: &Playbook, person: &Person, date: NaiveDate) -> Vec<AgendaItem> {
    let (spec, calendar) = (playbook.spec(), playbook.calendar());
    let mut items = Vec::new();
    for absence in person.absences.iter().filter(|a| a.to < date) {
        let Some(kind) = spec.absences.get(absence.kind.as_str()).filter(|k| k.duties == Excuse::Moved) else {
            continue;
        };
        if person.first_day_back(calendar, absence.from) != date {
            continue;
        }
        for day in absence.from.iter_days().take_while(|d| *d <= absence.to) {
            for duty in spec.duties.iter().filter(|d| d.schedule.at_least().is_none()) {
                if !person.has_role_in(playbook, &duty.roles) || !calendar.duty_on(duty, day) {
                    continue;
                }
                let mut item = duty_item(playbook, duty, date);
                let english = format!("moved from {day} ({})", kind.title);
                item.detail = Some(match item.detail.take() {
                    Some(detail) => format!("{english}; {detail}"),
                    None => english,
                });
                let said = Message::new("detail-moved", [("day", day.into()), ("kind", (&kind.title).into())]);
                item.detail_text.insert(0, said);
                items.push(item);
            }
        }
    }
    items
}

/// Whether a quota of `window` is judged day by day (and so excused on a day away).
fn judged_daily(window: Window) -> bool {
    matches!(window, Window::Event | Window::Day | Window::WorkingDays(_) | Window::Days(_) | Window::VisitFrequency)
}

/// A quota is on the agenda every working day for day, event and rolling windows, and for
/// the periods of visit frequencies, which differ by customer and are met by each day's
/// records (due at the day's end); and on the first working day of longer windows (due at
/// the end of the window's last working day).
fn target_due(playbook: &Playbook, quota: &QuotaSpec, date: NaiveDate) -> Option<DateTime<FixedOffset>> {
    let calendar = playbook.calendar();
    let (first, last) = match quota.window {
        Window::Event | Window::Day | Window::WorkingDays(_) | Window::Days(_) | Window::VisitFrequency => {
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

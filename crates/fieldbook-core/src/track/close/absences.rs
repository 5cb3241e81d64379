//! Absences (`[absences.KIND]`, a person's `absences` in the roster): what a person owes
//! for days away is excused, moved, or prorated.
//!
//! - A finding that would fail (or is pending) and whose window ends on a day the person is
//!   away becomes `excused`, citing the absence: steps, day quotas, day checks, rolling
//!   windows, call lists, per-event rules.
//! - Duties and follow-ups due while away are excused, or, with `moved`, due on the first
//!   working day back (their deadline is moved when they open, so they are judged then);
//!   follow-ups with `deputy` are owed by the person's deputy by the same deadline.
//! - Week, month and quarter rules are not excused (unless the whole window is one
//!   absence): their `at_least` is prorated by the working days present.

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};
use smol_str::SmolStr;

use super::context::Context;
use crate::message::Message;
use crate::roster::{Absence, Person};
use crate::spec::{AbsenceSpec, CheckScope, Excuse, Window};
use crate::time::TimeOfDay;
use crate::track::finding::{Finding, Status};

/// What sort of rule a finding is of, for what an absence does to it.
enum RuleSort {
    Duty,
    FollowUp,
    Period,
    Day,
}

fn sort_of(cx: &Context<'_>, rule: &str) -> RuleSort {
    let spec = cx.playbook.spec();
    if let Some(duty) = spec.duties.iter().find(|d| d.id == rule) {
        return if duty.schedule.at_least().is_some() { RuleSort::Period } else { RuleSort::Duty };
    }
    if spec.triggers.iter().any(|t| t.id == rule) {
        return RuleSort::FollowUp;
    }
    let period_quota = spec
        .quotas
        .iter()
        .any(|q| q.id == rule && matches!(q.window, Window::Week | Window::Month | Window::Quarter | Window::Phase));
    let period_check = spec
        .checks
        .iter()
        .any(|c| c.id == rule && matches!(c.scope, CheckScope::Week | CheckScope::Month | CheckScope::Phase));
    if period_quota || period_check { RuleSort::Period } else { RuleSort::Day }
}

/// Excuses the findings of `findings` that fall on their person's days away.
pub(super) fn excuse(cx: &Context<'_>, findings: &mut [Finding]) {
    if !cx.absences {
        return;
    }
    // A team's target stands while its chief (or a member) is away.
    for finding in
        findings.iter_mut().filter(|f| matches!(f.status, Status::Fail | Status::Pending) && f.team.is_none())
    {
        let Some(person) = cx.person(finding.person.as_str()) else { continue };
        if person.absences.is_empty() {
            continue;
        }
        let end = cx.clock(finding.window.end).date_naive();
        let Some((absence, kind)) = away(cx, person, end) else { continue };
        let whole = absence.from <= cx.clock(finding.window.start).date_naive();
        let excused = match sort_of(cx, &finding.rule) {
            RuleSort::Duty => kind.duties == Excuse::Excused || whole,
            RuleSort::FollowUp => kind.follow_ups == Excuse::Excused || whole,
            RuleSort::Period => whole,
            RuleSort::Day => true,
        };
        if excused {
            finding.status = Status::Excused;
            let days = if absence.from == absence.to {
                format!("on {}", absence.from)
            } else {
                format!("{} to {}", absence.from, absence.to)
            };
            finding.message.push_str(&format!(" (excused: {} {days})", kind.title));
            let days = if absence.from == absence.to {
                Message::new("days-on", [("day", absence.from.into())])
            } else {
                Message::new("days-from-to", [("from", absence.from.into()), ("to", absence.to.into())])
            };
            let inner = std::mem::take(&mut finding.text);
            finding.text = Message::new(
                "excused",
                [("finding", inner.into()), ("kind", (&kind.title).into()), ("days", days.into())],
            );
            finding.excused = Some(absence.clone());
        }
    }
}

/// The absence of `person` on `date`, with its kind.
fn away<'p>(cx: &'p Context<'_>, person: &'p Person, date: NaiveDate) -> Option<(&'p Absence, &'p AbsenceSpec)> {
    let absence = person.absence_on(date)?;
    Some((absence, cx.playbook.spec().absences.get(absence.kind.as_str())?))
}

/// The day an obligation due on `day` is owed: `day`, or, when `person` is away then on
/// an absence whose `policy` moves it, the first working day back.
pub(super) fn owed_on(
    cx: &Context<'_>,
    person: &Person,
    day: NaiveDate,
    policy: impl Fn(&AbsenceSpec) -> Excuse,
) -> NaiveDate {
    match away(cx, person, day) {
        Some((_, kind)) if policy(kind) != Excuse::Excused => person.first_day_back(cx.playbook.calendar(), day),
        _ => day,
    }
}

/// Who owes a follow-up of `owner` due at `deadline`, and by when: the owner's deputy by
/// the same deadline, when the owner is away then on an absence that hands follow-ups to
/// a deputy and the deputy is not away too; else the owner, by
/// [`follow_up_deadline`].
pub(super) fn follow_up_owed(
    cx: &Context<'_>,
    owner: &Person,
    deadline: DateTime<FixedOffset>,
) -> (SmolStr, DateTime<FixedOffset>) {
    if owner.absences.is_empty() {
        return (owner.id.clone(), deadline);
    }
    let day = cx.clock(deadline).date_naive();
    if let Some((_, kind)) = away(cx, owner, day)
        && kind.follow_ups == Excuse::Deputy
        && let Some(deputy) = owner.deputy.as_deref().and_then(|d| cx.person(d))
        && deputy.absence_on(day).is_none()
    {
        return (deputy.id.clone(), deadline);
    }
    (owner.id.clone(), follow_up_deadline(cx, owner, deadline))
}

/// A follow-up's `deadline`, moved to the same time on the first working day back when
/// `person` is away then on an absence that moves follow-ups (or hands them to a deputy
/// they lack).
pub(super) fn follow_up_deadline(
    cx: &Context<'_>,
    person: &Person,
    deadline: DateTime<FixedOffset>,
) -> DateTime<FixedOffset> {
    if person.absences.is_empty() {
        return deadline;
    }
    let local = cx.clock(deadline);
    let day = owed_on(cx, person, local.date_naive(), |k| k.follow_ups);
    if day == local.date_naive() {
        return deadline;
    }
    let time = TimeOfDay::new(local.hour(), local.minute()).unwrap_or(TimeOfDay::LAST_MINUTE);
    cx.local(day, time)
}

/// How many of the working days from `start` to `end` `person` is away on an absence
/// that prorates, and how many working days there are.
pub(super) fn days_away(cx: &Context<'_>, person: &Person, start: NaiveDate, end: NaiveDate) -> (u32, u32) {
    let calendar = cx.playbook.calendar();
    let (mut away_days, mut working) = (0, 0);
    for day in start.iter_days().take_while(|d| *d <= end).filter(|d| calendar.is_working_day(*d)) {
        working += 1;
        if away(cx, person, day).is_some_and(|(_, kind)| kind.prorate) {
            away_days += 1;
        }
    }
    (away_days, working)
}

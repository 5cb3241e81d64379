//! Judging scripted checks over events, days, weeks, months and phases: the core hands
//! each script its input through the [`crate::check::CheckRunner`] seam and makes the
//! finding of what it answered.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use smol_str::SmolStr;

use super::context::{Context, DayTimes};
use super::person_day::PersonDay;
use crate::check::{CheckError, CheckInput, CheckOutcome, Totals};
use crate::event::Event;
use crate::message::{Arg, Message};
use crate::roster::Person;
use crate::spec::{CheckScope, CheckSpec, Period, Severity, in_phases};
use crate::track::finding::{Finding, Span, Status};
use crate::track::state::PeriodKey;
use crate::track::text::sentence;

/// The running totals of week, month and phase checks.
type CheckPeriods = BTreeMap<PeriodKey, Totals>;

/// The checks of the person at `slot` in the roster, over their day.
pub(super) fn judge(
    cx: &Context<'_>,
    totals_of: &mut CheckPeriods,
    slot: usize,
    times: &DayTimes,
    mine: &PersonDay<'_, '_>,
    checked: &[&Arc<Event>],
    out: &mut Vec<Finding>,
) {
    let (day, working) = (times.date, times.working);
    let spec = cx.playbook.spec();
    let Some(shared_person) = cx.shared.people.get(slot) else { return };
    let person: &Person = shared_person;
    let phase = cx.playbook.phase_on(day).map(|p| p.id.as_str());
    let applies = |check: &CheckSpec| in_phases(&check.phases, phase) && person.has_role_in(cx.playbook, &check.roles);
    // Event checks run event by event (the event and its customer found once).
    for &kind in &cx.checked_kinds {
        let checks: Vec<usize> = (spec.checks.iter().enumerate())
            .filter(|(_, c)| c.scope == CheckScope::Event && c.kind.as_deref() == Some(kind) && applies(c))
            .map(|(i, _)| i)
            .collect();
        if checks.is_empty() {
            continue;
        }
        // The person's events of the kind, in time order, as shared when the day closed.
        for &event in checked.iter().filter(|e| e.kind == kind) {
            let e: &Event = event;
            let customer = cx.event_customer(e).and_then(|(i, _)| cx.shared.customers.get(i));
            let input = CheckInput::Event { event, customer, person: shared_person, date: day };
            let window = Span { start: e.at, end: e.end.unwrap_or(e.at) };
            let (customer, id) = (e.customer.as_ref(), Some(&e.id));
            for &index in &checks {
                let result = cx.playbook.check_runner().map(|r| r.run(index, input));
                out.push(check_finding(cx, index, result, person, customer, window, id));
            }
        }
    }
    for (index, check) in spec.checks.iter().enumerate() {
        if !applies(check) {
            continue;
        }
        match check.scope {
            CheckScope::Event => {}
            CheckScope::Day if working => {
                let mut totals = Totals::default();
                mine.all().iter().for_each(|e| totals.add(e));
                let customers = cx.shared_customers_of(&person.id);
                let input = CheckInput::Period {
                    person: shared_person,
                    start: day,
                    end: day,
                    totals: &totals,
                    events: mine.all(),
                    customers,
                };
                out.push(run_check(cx, index, input, person, None, cx.day_span(day)));
            }
            CheckScope::Day => {}
            CheckScope::Week | CheckScope::Month | CheckScope::Phase => {
                let Some((start, _)) = check_period(cx, check.scope, day) else { continue };
                let key = PeriodKey {
                    rule: check.id.as_str().into(),
                    person: person.id.clone(),
                    customer: None,
                    start,
                    team: None,
                };
                let totals = totals_of.entry(key).or_default();
                mine.all().iter().for_each(|e| totals.add(e));
            }
        }
    }
}

/// The first and last day of the week, month or phase span of `day`.
fn check_period(cx: &Context<'_>, scope: CheckScope, day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    match scope {
        CheckScope::Week => Some(Period::Week.bounds(day)),
        CheckScope::Month => Some(Period::Month.bounds(day)),
        CheckScope::Phase => {
            let phase = cx.playbook.phase_on(day)?;
            let (first, last) = Period::Month.bounds(day);
            let start = first.with_day(u32::from(phase.days.first)).unwrap_or(first);
            let end = phase.days.last.and_then(|l| first.with_day(u32::from(l))).map_or(last, |d| d.min(last));
            Some((start, end))
        }
        CheckScope::Event | CheckScope::Day => None,
    }
}

/// Emits week, month and phase checks whose period ends on `day` (or, previewing,
/// every one still open).
pub(super) fn close_periods(
    cx: &Context<'_>,
    totals_of: &mut CheckPeriods,
    day: NaiveDate,
    all_open: bool,
    out: &mut Vec<Finding>,
) {
    let spec = cx.playbook.spec();
    for (index, check) in spec.checks.iter().enumerate() {
        let Some((start, end)) = check_period(cx, check.scope, day) else { continue };
        // Closing: only periods that end today. Previewing: only periods still open
        // after today (those ending today were judged when today closed).
        if if all_open { end <= day } else { end != day } {
            continue;
        }
        if check.scope == CheckScope::Phase
            && !check.phases.is_empty()
            && !cx.playbook.phase_on(day).is_some_and(|p| check.phases.contains(&p.id))
        {
            continue;
        }
        let shared = cx.shared;
        for person in shared.people.iter().filter(|p| p.has_role_in(cx.playbook, &check.roles)) {
            let key = PeriodKey {
                rule: check.id.as_str().into(),
                person: person.id.clone(),
                customer: None,
                start,
                team: None,
            };
            let totals =
                if all_open { totals_of.get(&key).cloned() } else { totals_of.remove(&key) }.unwrap_or_default();
            let customers = cx.shared_customers_of(&person.id);
            let input = CheckInput::Period { person, start, end, totals: &totals, events: &[], customers };
            let window = cx.days_span(start, end);
            out.push(run_check(cx, index, input, person, None, window));
        }
    }
}
/// Runs check `index` on `input` and makes its finding.
fn run_check(
    cx: &Context<'_>,
    index: usize,
    input: CheckInput<'_>,
    person: &Person,
    customer: Option<&SmolStr>,
    window: Span,
) -> Finding {
    let result = cx.playbook.check_runner().map(|r| r.run(index, input));
    check_finding(cx, index, result, person, customer, window, None)
}

/// The finding of check `index` from what its run gave (`None`: no script engine).
fn check_finding(
    cx: &Context<'_>,
    index: usize,
    result: Option<Result<CheckOutcome, CheckError>>,
    person: &Person,
    customer: Option<&SmolStr>,
    window: Span,
    event: Option<&SmolStr>,
) -> Finding {
    let check = &cx.playbook.spec().checks[index];
    let (verdict, expected, actual, message, said) = match result {
        None => (
            Status::Warning,
            String::new(),
            String::new(),
            format!(
                "{}: not evaluated: the playbook was loaded without a script engine (load it with `fieldbook::load`)",
                check.title
            ),
            Message::new("check-not-evaluated", [("title", (&check.title).into())]),
        ),
        Some(Ok(outcome)) => {
            let verdict = match (outcome.ok, check.severity) {
                (true, _) => Status::Pass,
                (false, Severity::Fail) => Status::Fail,
                (false, Severity::Warning) => Status::Warning,
            };
            let said = outcome.message.as_deref().unwrap_or(if outcome.ok { "passed" } else { "failed" });
            let message = sentence(&[&check.title, ": ", said]);
            let said = match outcome.message.as_deref() {
                Some(text) => text.into(),
                None if outcome.ok => Arg::Key("check-passed"),
                None => Arg::Key("check-failed"),
            };
            let said = Message::new("check-said", [("title", (&check.title).into()), ("said", said)]);
            (verdict, outcome.expected.unwrap_or_default(), outcome.actual.unwrap_or_default(), message, said)
        }
        Some(Err(error)) => {
            let place = match (&error.file, error.position) {
                (Some(file), Some((line, column))) => format!(" at {}:{line}:{column}", file.display()),
                (None, Some((line, column))) => format!(" at {line}:{column}"),
                _ => String::new(),
            };
            let about = event.map(|id| format!(" on event `{id}`")).unwrap_or_default();
            let said = Message::new(
                "check-error",
                [
                    ("id", (&check.id).into()),
                    (
                        "about",
                        event.map_or(Arg::Key("check-about-none"), |id| {
                            Message::new("check-about-event", [("event", id.into())]).into()
                        }),
                    ),
                    ("place", place.as_str().into()),
                    ("error", error.message.as_str().into()),
                ],
            );
            (
                Status::Error,
                String::new(),
                String::new(),
                format!("check `{}`{about}: script error{place}: {}", check.id, error.message),
                said,
            )
        }
    };
    let rule = &cx.check_rules[index];
    Finding {
        excused: None,
        team: None,
        rule: rule.id.clone(),
        refs: rule.refs.clone(),
        person: person.id.clone(),
        customer: customer.cloned(),
        window,
        status: if verdict == Status::Error { verdict } else { cx.status(verdict, window.end) },
        expected: expected.into(),
        actual: actual.into(),
        events: event.map(|id| vec![id.clone()]).unwrap_or_default(),
        message,
        text: said,
    }
}

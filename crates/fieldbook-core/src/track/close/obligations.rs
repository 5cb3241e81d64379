//! Judging obligations: duties (done, late, missing) and the follow-ups triggers start.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{NaiveDate, TimeDelta};
use smol_str::SmolStr;

use super::absences;
use super::context::{Context, DayTimes};
use super::person_day::PersonDay;
use crate::event::{Event, counts, matches, records};
use crate::message::{Arg, Message};
use crate::roster::Person;
use crate::spec::{Owner, TriggerSpec, Within};
use crate::time::TimeOfDay;
use crate::track::finding::{Finding, Span, Status};
use crate::track::state::{OpenDuty, OpenFollowUp};

/// Opens the duties that fall due for `person` on `day` (or open early on it), settles
/// those `person`'s events fulfil, and fails those whose grace has ended. `start` is the
/// tracker's first day, on which duties due within their `opens` days open too.
pub(super) fn duties(
    cx: &Context<'_>,
    open_duties: &mut BTreeMap<SmolStr, Vec<OpenDuty>>,
    person: &Person,
    (start, day): (NaiveDate, NaiveDate),
    times: &DayTimes,
    mine: &PersonDay<'_, '_>,
    out: &mut Vec<Finding>,
) {
    let spec = cx.playbook.spec();
    let calendar = cx.playbook.calendar();
    for duty in &spec.duties {
        if duty.done_by.is_none() || duty.schedule.at_least().is_some() || !person.has_role_in(cx.playbook, &duty.roles)
        {
            continue;
        }
        // An occurrence opens `opens` days before its due day, and at the tracker's start
        // when that is later.
        let early = duty.opens_days();
        let ahead = if day == start { 0..=early } else { early..=early };
        for due_day in ahead.filter_map(|k| day.checked_add_days(chrono::Days::new(u64::from(k)))) {
            if !calendar.duty_on(duty, due_day) {
                continue;
            }
            let owed = absences::owed_on(cx, person, due_day, |k| k.duties);
            let grace_day = owed.succ_opt().and_then(|d| calendar.next_working_day(d)).unwrap_or(owed);
            let first_day = due_day.checked_sub_days(chrono::Days::new(u64::from(early))).unwrap_or(due_day).max(day);
            let open = OpenDuty {
                rule: duty.id.as_str().into(),
                person: person.id.clone(),
                date: due_day,
                opens: if first_day == day && duty.opening().is_none() {
                    times.day.start
                } else {
                    calendar.due(first_day, Some(duty.opening().unwrap_or(TimeOfDay::MIDNIGHT)))
                },
                deadline: calendar.due(owed, duty.by.or(duty.at)),
                grace_end: calendar.due(grace_day, None),
                early: None,
            };
            open_duties.entry(person.id.clone()).or_default().push(open);
        }
    }
    let done_by = cx.duty_kinds.as_slice();
    for e in mine.all().iter().filter(|e| done_by.contains(&e.kind.as_str())) {
        let counted = |open: &OpenDuty| {
            open.person == person.id
                && spec
                    .duties
                    .iter()
                    .find(|d| d.id == open.rule)
                    .is_some_and(|d| d.done_by.as_ref().is_some_and(|m| counts(m, e)) && records(&d.matched(), e))
        };
        let fulfils = |open: &OpenDuty| e.at >= open.opens && e.at <= open.grace_end && counted(open);
        let Some(held) = open_duties.get_mut(&person.id) else { break };
        // The occurrence the event is on time for, the earliest due first (a report due
        // today before tomorrow's, already open); else the latest it is late for (a
        // stand-up attended today is today's, even when yesterday's is still open).
        let on_time =
            held.iter().enumerate().filter(|(_, d)| fulfils(d) && e.at <= d.deadline).min_by_key(|(_, d)| d.deadline);
        if let Some(i) = on_time.map(|(i, _)| i).or_else(|| held.iter().rposition(fulfils)) {
            let open = held.remove(i);
            let verdict = if e.at <= open.deadline { Status::Pass } else { Status::Warning };
            out.push(duty_finding(cx, &open, verdict, Some(e)));
        } else if let Some(open) = held.iter_mut().find(|d| d.early.is_none() && e.at < d.opens && counted(d)) {
            open.early = Some((e.id.clone(), e.at));
        }
    }
    let end_of_day = times.last_minute;
    let Some(held) = open_duties.get_mut(&person.id) else { return };
    let (expired, open): (Vec<OpenDuty>, Vec<OpenDuty>) =
        std::mem::take(held).into_iter().partition(|d| d.grace_end <= end_of_day);
    if open.is_empty() {
        open_duties.remove(&person.id);
    } else {
        *held = open;
    }
    for duty in expired {
        out.push(duty_finding(cx, &duty, Status::Fail, None));
    }
}

/// The finding of a duty occurrence: done in time, done late (`verdict`), or not done.
pub(super) fn duty_finding(cx: &Context<'_>, open: &OpenDuty, verdict: Status, done: Option<&Event>) -> Finding {
    let duty = cx.playbook.spec().duties.iter().find(|d| d.id == open.rule);
    let (title, refs) = duty
        .map_or((open.rule.as_str(), Arc::default()), |d| (d.title.as_str(), cx.playbook.rule(&d.id, &d.refs).refs));
    let due = open.deadline.format("%Y-%m-%d %H:%M");
    let said = |key, more: Option<(&'static str, Arg)>| {
        let mut said = Message::new(key, [("title", title.into()), ("due", open.deadline.into())]);
        said.args.extend(more);
        said
    };
    let (actual, message, said) = match (done.map(|e| cx.clock(e.at)), verdict) {
        (Some(at), Status::Pass) => (
            at.to_rfc3339(),
            format!("{title}: done at {}, due by {due}", at.format("%Y-%m-%d %H:%M")),
            said("duty-done", Some(("at", at.into()))),
        ),
        (Some(at), _) => (
            at.to_rfc3339(),
            format!("{title}: done late at {}, due by {due}", at.format("%Y-%m-%d %H:%M")),
            said("duty-late", Some(("at", at.into()))),
        ),
        (None, _) if cx.now.is_some_and(|now| open.deadline > now) => (
            "none".to_string(),
            format!("{title}: not done yet, due by {due}{}", cx.time_left(open.deadline)),
            said("duty-pending", Some(("left", cx.left(open.deadline)))),
        ),
        (None, _) if cx.now.is_some_and(|now| open.grace_end > now) => {
            let grace = open.grace_end.format("%Y-%m-%d %H:%M");
            (
                "none".to_string(),
                format!("{title}: not done, was due by {due}; done by {grace}, it counts as late"),
                said("duty-grace", Some(("grace", open.grace_end.into()))),
            )
        }
        (None, _) => match open.early {
            Some((_, at)) => {
                let mut early = said("duty-early", Some(("opens", open.opens.into())));
                early.args.push(("at", cx.clock(at).into()));
                (
                    "none".to_string(),
                    format!(
                        "{title}: not done, was due from {} by {due}; done at {}, before it opened",
                        open.opens.format("%Y-%m-%d %H:%M"),
                        cx.clock(at).format("%Y-%m-%d %H:%M")
                    ),
                    early,
                )
            }
            None => ("none".to_string(), format!("{title}: not done, was due by {due}"), said("duty-missed", None)),
        },
    };
    Finding {
        excused: None,
        team: None,
        rule: open.rule.clone(),
        refs,
        person: open.person.clone(),
        customer: None,
        window: Span { start: open.opens, end: open.deadline },
        // Pending while the deadline is ahead; past it, a preview shows the failure that
        // stands unless the duty is done, late, within its grace.
        status: cx.status(verdict, open.deadline),
        expected: format!("by {}", open.deadline.to_rfc3339()).into(),
        actual: actual.into(),
        events: done.map(|e| vec![e.id.clone()]).unwrap_or_default(),
        message,
        text: said,
    }
}

/// Settles the follow-ups `person`'s events meet, opens those they start, and fails
/// those whose deadline has passed.
pub(super) fn follow_ups(
    cx: &Context<'_>,
    open_follow_ups: &mut BTreeMap<SmolStr, Vec<OpenFollowUp>>,
    person: &Person,
    day: NaiveDate,
    times: &DayTimes,
    mine: &PersonDay<'_, '_>,
    out: &mut Vec<Finding>,
) {
    let kinds = cx.trigger_kinds.as_slice();
    let relevant: Vec<&Event> = mine.all().iter().copied().filter(|e| kinds.contains(&e.kind.as_str())).collect();
    // Events of the same instant, in whatever order they came: the follow-ups they start
    // are open before any of them is taken as an answer (a call logged in the same minute
    // as the failed order answers it).
    for instant in relevant.chunk_by(|a, b| a.at == b.at) {
        for e in instant {
            start_follow_ups(cx, open_follow_ups, person, day, times, e);
        }
        for e in instant {
            meet_follow_ups(cx, open_follow_ups, person, e, out);
        }
    }
    let day_end = times.last_minute + TimeDelta::minutes(1);
    let Some(held) = open_follow_ups.get_mut(&person.id) else { return };
    let (expired, open): (Vec<OpenFollowUp>, Vec<OpenFollowUp>) =
        std::mem::take(held).into_iter().partition(|f| f.deadline < day_end);
    if open.is_empty() {
        open_follow_ups.remove(&person.id);
    } else {
        *held = open;
    }
    for follow_up in expired {
        out.push(follow_up_finding(cx, &follow_up, None));
    }
}

/// Settles every open follow-up of `person` that `e` answers: one call for two failed
/// orders of the same customer meets both. An event does not answer what it started.
fn meet_follow_ups(
    cx: &Context<'_>,
    open_follow_ups: &mut BTreeMap<SmolStr, Vec<OpenFollowUp>>,
    person: &Person,
    e: &Event,
    out: &mut Vec<Finding>,
) {
    let spec = cx.playbook.spec();
    let mut i = 0;
    while i < open_follow_ups.get(&person.id).map_or(0, Vec::len) {
        let open = &open_follow_ups[&person.id][i];
        let trigger = spec.triggers.iter().find(|t| t.id == open.rule);
        let meets = trigger.is_some_and(|t| {
            matches(&t.follow_up.kind, &t.follow_up.filter, e)
                && (!t.follow_up.same_customer || e.customer == open.customer)
                && open.start <= e.at
                && e.at <= open.deadline
                && open.cause != e.id
        });
        if meets {
            let open = open_follow_ups.get_mut(&person.id).map(|list| list.remove(i));
            let Some(open) = open else { break };
            out.push(follow_up_finding(cx, &open, Some(e)));
        } else {
            i += 1;
        }
    }
}

/// Opens the follow-ups that `e` starts for `person`, who recorded it (those owed by
/// someone else are opened for the whole day first, by [`start_owed_by_others`]).
fn start_follow_ups(
    cx: &Context<'_>,
    open_follow_ups: &mut BTreeMap<SmolStr, Vec<OpenFollowUp>>,
    person: &Person,
    day: NaiveDate,
    times: &DayTimes,
    e: &Event,
) {
    for trigger in cx.playbook.spec().triggers.iter().filter(|t| t.owner == Owner::Recorder) {
        open_follow_up(cx, open_follow_ups, trigger, person, (day, times), e);
    }
}

/// Opens the follow-ups the day's `events` start that someone other than their recorder
/// owes, before anyone's events are taken as answers: their customer's manager (`owner =
/// "manager"`, who may answer a meal the staff recorded the same day) or the recorder's
/// team chief (`owner = "chief"`). A customer without a manager, or a recorder without a
/// chief, leaves the follow-up with whoever recorded the event.
pub(super) fn start_owed_by_others<'e>(
    cx: &Context<'_>,
    open_follow_ups: &mut BTreeMap<SmolStr, Vec<OpenFollowUp>>,
    day: NaiveDate,
    times: &DayTimes,
    events: impl IntoIterator<Item = &'e Event>,
) {
    let triggers: Vec<&TriggerSpec> =
        cx.playbook.spec().triggers.iter().filter(|t| t.owner != Owner::Recorder).collect();
    if triggers.is_empty() {
        return;
    }
    // In time order, as a person's own events are: what is opened does not depend on the
    // order events came in.
    let mut events: Vec<&Event> = events.into_iter().collect();
    events.sort_unstable_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    for e in events {
        let Some(recorder) = cx.person(e.person.as_str()) else { continue };
        let manager = cx.event_customer(e).and_then(|(_, c)| cx.person(c.manager.as_deref()?));
        for trigger in &triggers {
            let owner = match trigger.owner {
                Owner::Manager => manager,
                Owner::Chief => cx.chief_of(recorder),
                Owner::Recorder => None,
            };
            open_follow_up(cx, open_follow_ups, trigger, owner.unwrap_or(recorder), (day, times), e);
        }
    }
}

/// Opens `trigger`'s follow-up of `e`, owed by `owner`, if `e` starts it and `owner` has
/// one of its roles.
fn open_follow_up(
    cx: &Context<'_>,
    open_follow_ups: &mut BTreeMap<SmolStr, Vec<OpenFollowUp>>,
    trigger: &TriggerSpec,
    owner: &Person,
    (day, times): (NaiveDate, &DayTimes),
    e: &Event,
) {
    let Some(kind) = &trigger.on.kind else { return };
    if !matches(kind, &trigger.on.filter, e) || !owner.has_role_in(cx.playbook, &trigger.roles) {
        return;
    }
    let calendar = cx.playbook.calendar();
    let end_of_day = times.day.end;
    let deadline = match trigger.within {
        Within::SameDay if e.at <= end_of_day => end_of_day,
        Within::SameDay => times.last_minute,
        Within::NextWorkingDay => {
            let next = day.succ_opt().and_then(|d| calendar.next_working_day(d)).unwrap_or(day);
            calendar.due(next, None)
        }
        Within::Span(span) => e.at + span.as_duration(),
    };
    let (owner, deadline) = absences::follow_up_owed(cx, owner, deadline);
    open_follow_ups.entry(owner.clone()).or_default().push(OpenFollowUp {
        rule: trigger.id.as_str().into(),
        person: owner,
        customer: e.customer.clone(),
        cause: e.id.clone(),
        start: e.at,
        deadline,
    });
}

/// The finding of a follow-up: met by `done`, or not met by its deadline.
pub(super) fn follow_up_finding(cx: &Context<'_>, open: &OpenFollowUp, done: Option<&Event>) -> Finding {
    let trigger = cx.playbook.spec().triggers.iter().find(|t| t.id == open.rule);
    let (title, refs, kind) = trigger.map_or((open.rule.as_str(), Arc::default(), ""), |t| {
        (t.title.as_str(), cx.playbook.rule(&t.id, &t.refs).refs, t.follow_up.kind.as_str())
    });
    let due = open.deadline.format("%Y-%m-%d %H:%M");
    let customer = open.customer.as_deref().map(|c| format!(" for {c}")).unwrap_or_default();
    let mut events = vec![open.cause.clone()];
    let said = |key, last: (&'static str, Arg)| {
        Message::new(
            key,
            [
                ("title", title.into()),
                ("whose", whose(open.customer.as_ref())),
                ("kind", kind.into()),
                ("kind_title", kind_title(cx, kind)),
                ("due", open.deadline.into()),
                last,
            ],
        )
    };
    let (verdict, actual, message, said) = match done {
        Some(e) => {
            events.push(e.id.clone());
            let at = cx.clock(e.at);
            (
                Status::Pass,
                at.to_rfc3339(),
                format!("{title}{customer}: {kind} at {}, due by {due}", at.format("%Y-%m-%d %H:%M")),
                said("follow-up-done", ("at", at.into())),
            )
        }
        None => (
            Status::Fail,
            "none".to_string(),
            format!("{title}{customer}: no {kind} by {due} after `{}`", open.cause),
            said("follow-up-missed", ("cause", (&open.cause).into())),
        ),
    };
    Finding {
        excused: None,
        team: None,
        rule: open.rule.clone(),
        refs,
        person: open.person.clone(),
        customer: open.customer.clone(),
        window: Span { start: open.start, end: open.deadline },
        status: cx.status(verdict, open.deadline),
        expected: format!("{kind} by {}", open.deadline.to_rfc3339()).into(),
        actual: actual.into(),
        events,
        message,
        text: said,
    }
}

/// ` for CUSTOMER`, or nothing, as a message value.
pub(super) fn whose(customer: Option<&SmolStr>) -> Arg {
    match customer {
        Some(c) => Message::new("whose-customer", [("customer", c.into())]).into(),
        None => Arg::Key("whose-none"),
    }
}

/// The title of event kind `kind` (its name when the playbook has no such kind).
pub(super) fn kind_title(cx: &Context<'_>, kind: &str) -> Arg {
    cx.playbook.event_kind(kind).map_or(kind, |k| k.title.as_str()).into()
}

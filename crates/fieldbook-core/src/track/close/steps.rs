//! Judging the routine: each step with evidence passes when its first (or last) matching
//! event starts (or ends) by the step's time, and not before the step opens, and holds what
//! the evidence asks of its contents ([`contents`]).

use chrono::NaiveDate;
use smol_str::SmolStr;

use super::contents;
use super::context::{Context, DayTimes};
use super::person_day::PersonDay;
use crate::event::{Event, has_fields};
use crate::message::{Arg, Message};
use crate::roster::Person;
use crate::spec::{Edge, Pick, in_phases};
use crate::track::finding::{Finding, MAX_CITED_EVENTS, Span, Status};
use crate::track::text::{hh_mm, sentence};

/// Judges `person`'s steps of the day that have evidence.
pub(super) fn judge(
    cx: &Context<'_>,
    person: &Person,
    day: NaiveDate,
    times: &DayTimes,
    mine: &PersonDay<'_, '_>,
    out: &mut Vec<Finding>,
) {
    let spec = cx.playbook.spec();
    let phase = cx.playbook.phase_on(day).map(|p| p.id.as_str());
    for (index, ((step, window), rule)) in spec.steps.iter().zip(&times.steps).zip(&cx.steps).enumerate() {
        let Some(evidence) = &step.evidence else { continue };
        if !in_phases(&step.phases, phase)
            || !person.has_role_in(cx.playbook, &step.roles)
            || !cx.playbook.calendar().step_on(step, day)
        {
            continue;
        }
        let time_of = |e: &Event| match evidence.edge {
            Edge::Start => e.at,
            Edge::End => e.end.unwrap_or(e.at),
        };
        let deadline = window.deadline;
        let matching = || mine.of_kind(&evidence.kind).iter().filter(|e| has_fields(&evidence.filter, e));
        // Evidence from before the step opens does not show it done.
        let candidates = matching().filter(|e| time_of(e) >= window.opens);
        let chosen = match evidence.pick {
            Pick::First => candidates.min_by_key(|e| (time_of(e), &e.id)),
            Pick::Last => candidates.max_by_key(|e| (time_of(e), &e.id)),
        };
        let early = || matching().filter(|e| time_of(e) < window.opens).min_by_key(|e| (time_of(e), &e.id));
        let text = window;
        let window = Span { start: window.opens, end: deadline };
        let (which, ended, how, edge) = match (evidence.pick, evidence.edge) {
            (Pick::First, Edge::Start) => ("first ", "", Arg::Key("first-start"), Arg::Key("ended-none")),
            (Pick::First, Edge::End) => ("first ", " ended", Arg::Key("first-end"), Arg::Key("ended-end")),
            (Pick::Last, Edge::Start) => ("last ", " started", Arg::Key("last-start"), Arg::Key("ended-start")),
            (Pick::Last, Edge::End) => ("last ", " ended", Arg::Key("last-end"), Arg::Key("ended-end")),
        };
        let (title, kind_title) = &cx.step_titles[index];
        let said = |key, at: &SmolStr, due: &SmolStr| {
            Message::new(
                key,
                [
                    ("title", title.into()),
                    ("kind", (&evidence.kind).into()),
                    ("kind_title", kind_title.into()),
                    ("how", how.clone()),
                    ("ended", edge.clone()),
                    ("at", at.into()),
                    ("due", due.into()),
                ],
            )
        };
        let (verdict, actual, events, message, said) = match chosen {
            Some(e) => {
                let at = hh_mm(cx.clock(time_of(e)));
                let on_time = time_of(e) <= deadline;
                let judged = if on_time { ", on time by " } else { ", late for " };
                let message =
                    sentence(&[&step.title, ": ", which, &evidence.kind, ended, " at ", &at, judged, &text.due]);
                let said =
                    if on_time { said("step-on-time", &at, &text.due) } else { said("step-late", &at, &text.due) };
                match contents::problem(evidence, &step.matched(), e, mine).filter(|_| on_time) {
                    Some(lack) => {
                        let mut events = lack.events;
                        events.retain(|id| id != &e.id);
                        events.insert(0, e.id.clone());
                        events.truncate(MAX_CITED_EVENTS);
                        let said = Message::new("step-but", [("finding", said.into()), ("problem", lack.said.into())]);
                        (Status::Fail, at, events, sentence(&[&message, "; but ", &lack.text]), said)
                    }
                    None => (if on_time { Status::Pass } else { Status::Fail }, at, vec![e.id.clone()], message, said),
                }
            }
            None => match early() {
                Some(e) => {
                    let at = hh_mm(cx.clock(time_of(e)));
                    let said = said("step-early", &at, text.from.as_ref().unwrap_or(&SmolStr::default()));
                    let message = sentence(&[
                        &step.title,
                        ": ",
                        &evidence.kind,
                        ended,
                        " at ",
                        &at,
                        ", before it opened at ",
                        text.from.as_deref().unwrap_or_default(),
                    ]);
                    (Status::Fail, at, vec![e.id.clone()], message, said)
                }
                None => (
                    Status::Fail,
                    SmolStr::new_static("none"),
                    vec![],
                    sentence(&[&step.title, ": no ", &evidence.kind, " recorded, due by ", &text.due]),
                    said("step-missing", &SmolStr::default(), &text.due),
                ),
            },
        };
        out.push(Finding {
            excused: None,
            team: None,
            rule: rule.id.clone(),
            refs: rule.refs.clone(),
            person: person.id.clone(),
            customer: None,
            window,
            status: cx.status(verdict, deadline),
            expected: text.expected.clone(),
            actual,
            events,
            message,
            text: said,
        });
    }
}

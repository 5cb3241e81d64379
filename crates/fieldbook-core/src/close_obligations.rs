//! Closing a day: duties (done, late, missing) and the follow-ups triggers start.

use std::sync::Arc;

use chrono::{NaiveDate, TimeDelta};

use crate::aggregate::{counts, matches};
use crate::close::{DayCloser, DayTimes};
use crate::event::Event;
use crate::finding::{Finding, Span, Status};
use crate::people::Person;
use crate::person_day::PersonDay;

use crate::tracker::{OpenDuty, OpenFollowUp};
use crate::trigger::Within;

impl DayCloser<'_> {
    pub(crate) fn duties(
        &mut self,
        person: &Person,
        day: NaiveDate,
        times: &DayTimes,
        mine: &PersonDay<'_, '_>,
        out: &mut Vec<Finding>,
    ) {
        let spec = self.playbook.spec();
        let calendar = self.playbook.calendar();
        for duty in &spec.duties {
            if duty.done_by.is_none()
                || duty.schedule.at_least().is_some()
                || !person.has_role_in(self.playbook, &duty.roles)
                || !duty.schedule.falls_on(day, calendar, duty.if_non_working_day)
            {
                continue;
            }
            let due = duty.by.or(duty.at).unwrap_or(calendar.end_of_day());
            let grace_day = day.succ_opt().and_then(|d| calendar.next_working_day(d)).unwrap_or(day);
            let open = OpenDuty {
                rule: duty.id.as_str().into(),
                person: person.id.clone(),
                date: day,
                opens: times.day.start,
                deadline: self.local(day, due),
                grace_end: self.local(grace_day, calendar.end_of_day()),
            };
            self.state.duties.entry(person.id.clone()).or_default().push(open);
        }
        let done_by = self.duty_kinds.as_slice();
        for e in mine.all().iter().filter(|e| done_by.contains(&e.kind.as_str())) {
            let fulfils = |open: &OpenDuty| {
                open.person == person.id
                    && e.at >= open.opens
                    && e.at <= open.grace_end
                    && spec
                        .duties
                        .iter()
                        .find(|d| d.id == open.rule)
                        .and_then(|d| d.done_by.as_ref())
                        .is_some_and(|m| counts(m, e))
            };
            let Some(open_duties) = self.state.duties.get_mut(&person.id) else { break };
            // The latest occurrence the event can fulfil: a stand-up attended today is
            // today's, even when yesterday's is still open (and will fail).
            if let Some(i) = open_duties.iter().rposition(fulfils) {
                let open = open_duties.remove(i);
                let verdict = if e.at <= open.deadline { Status::Pass } else { Status::Warning };
                out.push(self.duty_finding(&open, verdict, Some(e)));
            }
        }
        let end_of_day = times.last_minute;
        let Some(open_duties) = self.state.duties.get_mut(&person.id) else { return };
        let (expired, open): (Vec<OpenDuty>, Vec<OpenDuty>) =
            std::mem::take(open_duties).into_iter().partition(|d| d.grace_end <= end_of_day);
        if open.is_empty() {
            self.state.duties.remove(&person.id);
        } else {
            *open_duties = open;
        }
        for duty in expired {
            out.push(self.duty_finding(&duty, Status::Fail, None));
        }
    }

    pub(crate) fn duty_finding(&self, open: &OpenDuty, verdict: Status, done: Option<&Event>) -> Finding {
        let duty = self.playbook.spec().duties.iter().find(|d| d.id == open.rule);
        let (title, refs) = duty.map_or((open.rule.as_str(), Arc::default()), |d| {
            (d.title.as_str(), self.playbook.rule(&d.id, &d.refs).refs)
        });
        let due = open.deadline.format("%Y-%m-%d %H:%M");
        let (actual, message) = match (done.map(|e| self.clock(e.at)), verdict) {
            (Some(at), Status::Pass) => {
                (at.to_rfc3339(), format!("{title}: done at {}, due by {due}", at.format("%Y-%m-%d %H:%M")))
            }
            (Some(at), _) => {
                (at.to_rfc3339(), format!("{title}: done late at {}, due by {due}", at.format("%Y-%m-%d %H:%M")))
            }
            (None, _) if self.now.is_some_and(|now| open.grace_end > now) => {
                ("none".to_string(), format!("{title}: not done yet, due by {due}{}", self.time_left(open.deadline)))
            }
            (None, _) => ("none".to_string(), format!("{title}: not done, was due by {due}")),
        };
        Finding {
            rule: open.rule.clone(),
            refs,
            person: open.person.clone(),
            customer: None,
            window: Span { start: open.opens, end: open.deadline },
            status: self.status(verdict, open.grace_end),
            expected: format!("by {}", open.deadline.to_rfc3339()).into(),
            actual: actual.into(),
            events: done.map(|e| vec![e.id.clone()]).unwrap_or_default(),
            message,
        }
    }

    pub(crate) fn follow_ups(
        &mut self,
        person: &Person,
        day: NaiveDate,
        times: &DayTimes,
        mine: &PersonDay<'_, '_>,
        out: &mut Vec<Finding>,
    ) {
        let spec = self.playbook.spec();
        let calendar = self.playbook.calendar();
        let kinds = self.trigger_kinds.as_slice();
        for e in mine.all().iter().filter(|e| kinds.contains(&e.kind.as_str())) {
            // An event meets every open follow-up it answers: one call for two failed
            // orders of the same customer meets both.
            let mut i = 0;
            while i < self.state.follow_ups.get(&person.id).map_or(0, Vec::len) {
                let open = &self.state.follow_ups[&person.id][i];
                let trigger = spec.triggers.iter().find(|t| t.id == open.rule);
                let meets = trigger.is_some_and(|t| {
                    matches(&t.follow_up.kind, &t.follow_up.filter, e)
                        && (!t.follow_up.same_customer || e.customer == open.customer)
                        && open.start <= e.at
                        && e.at <= open.deadline
                });
                if meets {
                    let open = self.state.follow_ups.get_mut(&person.id).map(|list| list.remove(i));
                    let Some(open) = open else { break };
                    out.push(self.follow_up_finding(&open, Some(e)));
                } else {
                    i += 1;
                }
            }
            for trigger in &spec.triggers {
                let Some(kind) = &trigger.on.kind else { continue };
                if !matches(kind, &trigger.on.filter, e) || !person.has_role_in(self.playbook, &trigger.roles) {
                    continue;
                }
                let end_of_day = times.day.end;
                let deadline = match trigger.within {
                    Within::SameDay if e.at <= end_of_day => end_of_day,
                    Within::SameDay => times.last_minute,
                    Within::NextWorkingDay => {
                        let next = day.succ_opt().and_then(|d| calendar.next_working_day(d)).unwrap_or(day);
                        calendar.local(next, calendar.end_of_day())
                    }
                    Within::Span(span) => e.at + span.as_duration(),
                };
                self.state.follow_ups.entry(person.id.clone()).or_default().push(OpenFollowUp {
                    rule: trigger.id.as_str().into(),
                    person: person.id.clone(),
                    customer: e.customer.clone(),
                    cause: e.id.clone(),
                    start: e.at,
                    deadline,
                });
            }
        }
        let day_end = times.last_minute + TimeDelta::minutes(1);
        let Some(open_follow_ups) = self.state.follow_ups.get_mut(&person.id) else { return };
        let (expired, open): (Vec<OpenFollowUp>, Vec<OpenFollowUp>) =
            std::mem::take(open_follow_ups).into_iter().partition(|f| f.deadline < day_end);
        if open.is_empty() {
            self.state.follow_ups.remove(&person.id);
        } else {
            *open_follow_ups = open;
        }
        for follow_up in expired {
            out.push(self.follow_up_finding(&follow_up, None));
        }
    }

    pub(crate) fn follow_up_finding(&self, open: &OpenFollowUp, done: Option<&Event>) -> Finding {
        let trigger = self.playbook.spec().triggers.iter().find(|t| t.id == open.rule);
        let (title, refs, kind) = trigger.map_or((open.rule.as_str(), Arc::default(), ""), |t| {
            (t.title.as_str(), self.playbook.rule(&t.id, &t.refs).refs, t.follow_up.kind.as_str())
        });
        let due = open.deadline.format("%Y-%m-%d %H:%M");
        let customer = open.customer.as_deref().map(|c| format!(" for {c}")).unwrap_or_default();
        let mut events = vec![open.cause.clone()];
        let (verdict, actual, message) = match done {
            Some(e) => {
                events.push(e.id.clone());
                let at = self.clock(e.at);
                (
                    Status::Pass,
                    at.to_rfc3339(),
                    format!("{title}{customer}: {kind} at {}, due by {due}", at.format("%Y-%m-%d %H:%M")),
                )
            }
            None => (
                Status::Fail,
                "none".to_string(),
                format!("{title}{customer}: no {kind} by {due} after `{}`", open.cause),
            ),
        };
        Finding {
            rule: open.rule.clone(),
            refs,
            person: open.person.clone(),
            customer: open.customer.clone(),
            window: Span { start: open.start, end: open.deadline },
            status: self.status(verdict, open.deadline),
            expected: format!("{kind} by {}", open.deadline.to_rfc3339()).into(),
            actual: actual.into(),
            events,
            message,
        }
    }
}

//! Closing a day: judging its routine, quotas and checklists, folding its events into
//! period aggregates, and settling duties and follow-ups.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta};

use crate::agenda::step_deadlines;
use crate::aggregate::{Aggregate, Bounds, counts, matches, show};
use crate::check::{CheckInput, CheckScope, Severity, Totals};
use crate::event::Event;
use crate::finding::{Finding, Span, Status};
use crate::people::Person;
use crate::playbook::Playbook;
use crate::quota::{Amount, Measure, Per, QuotaSpec, Threshold, Window};
use std::collections::HashMap;

use crate::roster::{Customer, Roster};
use crate::routine::{Edge, Pick};
use crate::schedule::Period;
use crate::time::TimeOfDay;
use crate::tracker::{OpenDuty, OpenFollowUp, PeriodKey, TrackerState};
use crate::trigger::Within;

/// A rule counted over weeks, months or quarters: a quota with such a window, or a duty
/// scheduled "at least N times per period".
struct PeriodRule<'a> {
    id: &'a str,
    refs: &'a [String],
    title: &'a str,
    measure: Measure,
    kind: &'a str,
    filter: &'a indexmap::IndexMap<String, crate::field::Scalar>,
    field: Option<&'a str>,
    period: Period,
    per: Per,
    at_least: Option<Threshold>,
    at_most: Option<Threshold>,
    roles: &'a [String],
}

fn period_rules(playbook: &Playbook) -> Vec<PeriodRule<'_>> {
    let spec = playbook.spec();
    let quotas = spec.quotas.iter().filter_map(|q| {
        let period = match q.window {
            Window::Week => Period::Week,
            Window::Month => Period::Month,
            Window::Quarter => Period::Quarter,
            Window::Event | Window::Day => return None,
        };
        Some(PeriodRule {
            id: &q.id,
            refs: &q.refs,
            title: &q.title,
            measure: q.measure,
            kind: &q.of.kind,
            filter: &q.of.filter,
            field: q.field.as_deref(),
            period,
            per: q.per,
            at_least: q.at_least.clone(),
            at_most: q.at_most.clone(),
            roles: &q.roles,
        })
    });
    let duties = spec.duties.iter().filter_map(|d| {
        let (times, period) = d.schedule.at_least()?;
        let done_by = d.done_by.as_ref()?;
        Some(PeriodRule {
            id: &d.id,
            refs: &d.refs,
            title: &d.title,
            measure: Measure::Count,
            kind: &done_by.kind,
            filter: &done_by.filter,
            field: None,
            period,
            per: Per::Person,
            at_least: Some(Threshold::Fixed(Amount::Number(f64::from(times)))),
            at_most: None,
            roles: &d.roles,
        })
    });
    quotas.chain(duties).collect()
}

pub(crate) struct DayCloser<'a> {
    playbook: &'a Playbook,
    roster: &'a Roster,
    state: &'a mut TrackerState,
    period_rules: Vec<PeriodRule<'a>>,
    /// Customers and people by id, looked up per event.
    customers: HashMap<&'a str, &'a Customer>,
    people: HashMap<&'a str, &'a Person>,
    /// For a preview of open windows: verdicts of windows ending after this are pending.
    now: Option<DateTime<FixedOffset>>,
}

impl<'a> DayCloser<'a> {
    pub(crate) fn new(playbook: &'a Playbook, roster: &'a Roster, state: &'a mut TrackerState) -> Self {
        let customers = roster.customers.iter().map(|c| (c.id.as_str(), c)).collect();
        let people = roster.people.iter().map(|p| (p.id.as_str(), p)).collect();
        Self { playbook, roster, state, period_rules: period_rules(playbook), customers, people, now: None }
    }

    /// A closer whose findings of windows ending after `now` are pending.
    pub(crate) fn previewing(mut self, now: DateTime<FixedOffset>) -> Self {
        self.now = Some(now);
        self
    }

    fn local(&self, date: NaiveDate, time: TimeOfDay) -> DateTime<FixedOffset> {
        self.playbook.calendar().local(date, time)
    }

    /// An instant on the playbook's clock, for messages and actual values.
    fn clock(&self, at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.playbook.calendar().time_zone()).fixed_offset()
    }

    fn day_span(&self, date: NaiveDate) -> Span {
        let calendar = self.playbook.calendar();
        Span { start: self.local(date, midnight()), end: calendar.local(date, calendar.end_of_day()) }
    }

    /// The status to report for a verdict over a window ending at `end`.
    fn status(&self, verdict: Status, end: DateTime<FixedOffset>) -> Status {
        match self.now {
            Some(now) if end > now => Status::Pending,
            _ => verdict,
        }
    }

    pub(crate) fn close(&mut self, day: NaiveDate, out: &mut Vec<Finding>) {
        let mut events = self.state.days.remove(&day).unwrap_or_default();
        events.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        let working = self.playbook.calendar().is_working_day(day);
        let mut by_person: HashMap<&str, Vec<&Event>> = HashMap::new();
        for e in &events {
            by_person.entry(e.person.as_str()).or_default().push(e);
        }
        for person in &self.roster.people {
            let mine: &[&Event] = by_person.get(person.id.as_str()).map_or(&[], Vec::as_slice);
            if working {
                self.steps(person, day, mine, out);
                self.day_quotas(person, day, mine, out);
            }
            self.event_quotas(person, mine, out);
            self.procedures(person, day, mine, out);
            self.duties(person, day, mine, out);
            self.follow_ups(person, day, mine, out);
            self.checks(person, day, working, mine, out);
            self.fold_periods(person, day, mine);
        }
        self.fold_customer_periods(day, &events);
        self.close_periods(day, out);
        self.close_check_periods(day, false, out);
        crate::close_customers::close_day(self.playbook, self.roster, self.state, self.now, day, &events, out);
    }

    fn steps(&self, person: &Person, day: NaiveDate, mine: &[&Event], out: &mut Vec<Finding>) {
        let spec = self.playbook.spec();
        let phase = self.playbook.phase_on(day);
        let due_times = step_deadlines(&spec.steps, self.playbook.calendar().end_of_day());
        for (step, due) in spec.steps.iter().zip(due_times) {
            let Some(evidence) = &step.evidence else { continue };
            let in_phase = step.phases.is_empty() || phase.is_some_and(|p| step.phases.contains(&p.id));
            if !in_phase || !person.has_role_in(self.playbook, &step.roles) {
                continue;
            }
            let time_of = |e: &Event| match evidence.edge {
                Edge::Start => e.at,
                Edge::End => e.end.unwrap_or(e.at),
            };
            let candidates = mine.iter().filter(|e| matches(&evidence.kind, &evidence.filter, e));
            let chosen = match evidence.pick {
                Pick::First => candidates.min_by_key(|e| (time_of(e), &e.id)),
                Pick::Last => candidates.max_by_key(|e| (time_of(e), &e.id)),
            };
            let deadline = self.local(day, due);
            let window = Span { start: self.local(day, midnight()), end: deadline };
            let what = match (evidence.pick, evidence.edge) {
                (Pick::First, Edge::Start) => format!("first {}", evidence.kind),
                (Pick::First, Edge::End) => format!("first {} ended", evidence.kind),
                (Pick::Last, Edge::Start) => format!("last {} started", evidence.kind),
                (Pick::Last, Edge::End) => format!("last {} ended", evidence.kind),
            };
            let (verdict, actual, events, message) = match chosen {
                Some(e) => {
                    let at = self.clock(time_of(e));
                    let on_time = at <= deadline;
                    let message = format!(
                        "{}: {what} at {}, {} {due}",
                        step.title,
                        at.format("%H:%M"),
                        if on_time { "on time by" } else { "late for" }
                    );
                    (
                        if on_time { Status::Pass } else { Status::Fail },
                        at.format("%H:%M").to_string(),
                        vec![e.id.clone()],
                        message,
                    )
                }
                None => (
                    Status::Fail,
                    "none".to_string(),
                    vec![],
                    format!("{}: no {} recorded, due by {due}", step.title, evidence.kind),
                ),
            };
            out.push(Finding {
                rule: step.id.clone(),
                refs: step.refs.clone(),
                person: person.id.clone(),
                customer: None,
                window,
                status: self.status(verdict, deadline),
                expected: format!("by {due}"),
                actual,
                events,
                message,
            });
        }
    }

    fn day_quotas(&self, person: &Person, day: NaiveDate, mine: &[&Event], out: &mut Vec<Finding>) {
        for quota in self.playbook.spec().quotas.iter().filter(|q| q.window == Window::Day) {
            if !person.has_role_in(self.playbook, &quota.roles) {
                continue;
            }
            let window = self.day_span(day);
            match quota.per {
                Per::Person => {
                    let mut aggregate = Aggregate::default();
                    for e in mine.iter().filter(|e| counts(&quota.of, e)) {
                        aggregate.add(e, quota.measure, quota.field.as_deref());
                    }
                    out.push(self.quota_finding(quota, person, None, window, &aggregate, "that day"));
                }
                Per::Customer => {
                    let mut customers: Vec<&str> = mine.iter().filter_map(|e| e.customer.as_deref()).collect();
                    customers.sort_unstable();
                    customers.dedup();
                    for customer in customers {
                        let mut aggregate = Aggregate::default();
                        for e in mine.iter().filter(|e| e.customer.as_deref() == Some(customer) && counts(&quota.of, e))
                        {
                            aggregate.add(e, quota.measure, quota.field.as_deref());
                        }
                        out.push(self.quota_finding(quota, person, Some(customer), window, &aggregate, "that day"));
                    }
                }
            }
        }
    }

    fn event_quotas(&self, person: &Person, mine: &[&Event], out: &mut Vec<Finding>) {
        for quota in self.playbook.spec().quotas.iter().filter(|q| q.window == Window::Event) {
            if !person.has_role_in(self.playbook, &quota.roles) {
                continue;
            }
            for e in mine.iter().filter(|e| counts(&quota.of, e)) {
                let mut aggregate = Aggregate::default();
                aggregate.add(e, quota.measure, quota.field.as_deref());
                let window = Span { start: e.at, end: e.end.unwrap_or(e.at) };
                out.push(self.quota_finding(
                    quota,
                    person,
                    e.customer.as_deref(),
                    window,
                    &aggregate,
                    "for this event",
                ));
            }
        }
    }

    fn quota_finding(
        &self,
        quota: &QuotaSpec,
        person: &Person,
        customer: Option<&str>,
        window: Span,
        aggregate: &Aggregate,
        when: &str,
    ) -> Finding {
        let rule = RuleText { id: &quota.id, refs: &quota.refs, title: &quota.title, measure: quota.measure };
        self.measured(&rule, quota.at_least.as_ref(), quota.at_most.as_ref(), person, customer, window, aggregate, when)
    }

    #[allow(clippy::too_many_arguments)] // one finding has this many parts
    fn measured(
        &self,
        rule: &RuleText<'_>,
        at_least: Option<&Threshold>,
        at_most: Option<&Threshold>,
        person: &Person,
        customer: Option<&str>,
        window: Span,
        aggregate: &Aggregate,
        when: &str,
    ) -> Finding {
        let value = aggregate.value(rule.measure);
        let base = Finding {
            rule: rule.id.to_string(),
            refs: rule.refs.to_vec(),
            person: person.id.clone(),
            customer: customer.map(String::from),
            window,
            status: Status::Warning,
            expected: String::new(),
            actual: String::new(),
            events: aggregate.cited().to_vec(),
            message: String::new(),
        };
        match Bounds::for_person(at_least, at_most, &person.attrs) {
            Ok(bounds) => {
                let actual = bounds.show(value);
                let expected = bounds.expected();
                let status = self.status(bounds.judge(value), window.end);
                let message = if status == Status::Pending {
                    format!(
                        "{}: {actual} so far, {expected} by {}{}",
                        rule.title,
                        window.end.format("%Y-%m-%d %H:%M"),
                        self.time_left(window.end)
                    )
                } else {
                    format!("{}: {actual} {when}, {expected}", rule.title)
                };
                Finding { status, expected, actual, message, ..base }
            }
            Err(attribute) => Finding {
                actual: show(value, rule.measure == Measure::Duration),
                message: format!(
                    "{}: no threshold for {}: their `{attribute}` is not set in the roster",
                    rule.title, person.id
                ),
                ..base
            },
        }
    }

    fn time_left(&self, end: DateTime<FixedOffset>) -> String {
        let Some(now) = self.now else { return String::new() };
        let left = end - now;
        if left <= TimeDelta::zero() {
            return String::new();
        }
        if left < TimeDelta::days(1) {
            let minutes = left.num_minutes();
            return format!(
                ", {} left",
                crate::time::Timespan::from_minutes(u32::try_from(minutes).unwrap_or(u32::MAX))
            );
        }
        let calendar = self.playbook.calendar();
        let today = now.with_timezone(&calendar.time_zone()).date_naive();
        let last = end.with_timezone(&calendar.time_zone()).date_naive();
        let days = today.iter_days().skip(1).take_while(|d| *d <= last).filter(|d| calendar.is_working_day(*d)).count();
        format!(", {days} working days left")
    }

    fn procedures(&self, person: &Person, day: NaiveDate, mine: &[&Event], out: &mut Vec<Finding>) {
        let spec = self.playbook.spec();
        let phase = self.playbook.phase_on(day).map(|p| p.id.as_str());
        for procedure in &spec.procedures {
            for e in mine.iter().filter(|e| e.kind == procedure.applies_to) {
                let tags = e
                    .customer
                    .as_ref()
                    .and_then(|c| self.customers.get(c.as_str()).copied())
                    .map(|c| c.tags.as_slice())
                    .unwrap_or_default();
                let done: Vec<&str> = match e.fields.get(&procedure.field) {
                    Some(crate::value::Value::List(items)) => items.iter().map(String::as_str).collect(),
                    _ => Vec::new(),
                };
                let applicable: Vec<&crate::procedure::ItemSpec> = procedure
                    .items
                    .iter()
                    .filter(|item| item.required)
                    .filter(|item| {
                        item.when.as_ref().is_none_or(|w| {
                            (w.tags_any.is_empty() || w.tags_any.iter().any(|t| tags.contains(t)))
                                && (w.phases.is_empty() || phase.is_some_and(|p| w.phases.iter().any(|x| x == p)))
                        })
                    })
                    .collect();
                let is_done = |id: &str| {
                    done.iter().any(|d| *d == id || d.strip_prefix(id).is_some_and(|rest| rest.starts_with('.')))
                };
                let missing: Vec<&str> =
                    applicable.iter().filter(|i| !is_done(&i.id)).map(|i| i.title.as_str()).collect();
                let total = applicable.len();
                let verdict = if missing.is_empty() { Status::Pass } else { Status::Fail };
                let window = Span { start: e.at, end: e.end.unwrap_or(e.at) };
                let mut refs = procedure.refs.clone();
                refs.extend(applicable.iter().flat_map(|i| i.refs.iter().cloned()));
                let message = if missing.is_empty() {
                    format!("{}: all {total} items done", procedure.title)
                } else {
                    format!(
                        "{}: {} of {total} items done; missing: {}",
                        procedure.title,
                        total - missing.len(),
                        missing.join(", ")
                    )
                };
                out.push(Finding {
                    rule: procedure.id.clone(),
                    refs,
                    person: person.id.clone(),
                    customer: e.customer.clone(),
                    window,
                    status: self.status(verdict, window.end),
                    expected: format!("{total} items"),
                    actual: format!("{} of {total}", total - missing.len()),
                    events: vec![e.id.clone()],
                    message,
                });
            }
        }
    }

    fn duties(&mut self, person: &Person, day: NaiveDate, mine: &[&Event], out: &mut Vec<Finding>) {
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
                rule: duty.id.clone(),
                person: person.id.clone(),
                date: day,
                opens: self.local(day, midnight()),
                deadline: self.local(day, due),
                grace_end: self.local(grace_day, calendar.end_of_day()),
            };
            self.state.duties.entry(person.id.clone()).or_default().push(open);
        }
        for e in mine {
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
            let open_duties = self.state.duties.entry(person.id.clone()).or_default();
            if let Some(i) = open_duties.iter().position(fulfils) {
                let open = open_duties.remove(i);
                let verdict = if e.at <= open.deadline { Status::Pass } else { Status::Warning };
                out.push(self.duty_finding(&open, verdict, Some(e)));
            }
        }
        let end_of_day = self.local(day, TimeOfDay::new(23, 59).unwrap_or_else(|| unreachable!("23:59 is a time")));
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

    fn duty_finding(&self, open: &OpenDuty, verdict: Status, done: Option<&Event>) -> Finding {
        let duty = self.playbook.spec().duties.iter().find(|d| d.id == open.rule);
        let (title, refs) = duty.map_or((open.rule.as_str(), Vec::new()), |d| (d.title.as_str(), d.refs.clone()));
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
            expected: format!("by {}", open.deadline.to_rfc3339()),
            actual,
            events: done.map(|e| vec![e.id.clone()]).unwrap_or_default(),
            message,
        }
    }

    fn follow_ups(&mut self, person: &Person, day: NaiveDate, mine: &[&Event], out: &mut Vec<Finding>) {
        let spec = self.playbook.spec();
        let calendar = self.playbook.calendar();
        for e in mine {
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
                let end_of_day = calendar.local(day, calendar.end_of_day());
                let deadline = match trigger.within {
                    Within::SameDay if e.at <= end_of_day => end_of_day,
                    Within::SameDay => self.local(day, TimeOfDay::new(23, 59).unwrap_or_else(|| unreachable!("23:59"))),
                    Within::NextWorkingDay => {
                        let next = day.succ_opt().and_then(|d| calendar.next_working_day(d)).unwrap_or(day);
                        calendar.local(next, calendar.end_of_day())
                    }
                    Within::Span(span) => e.at + span.as_duration(),
                };
                self.state.follow_ups.entry(person.id.clone()).or_default().push(OpenFollowUp {
                    rule: trigger.id.clone(),
                    person: person.id.clone(),
                    customer: e.customer.clone(),
                    cause: e.id.clone(),
                    start: e.at,
                    deadline,
                });
            }
        }
        let day_end =
            self.local(day, TimeOfDay::new(23, 59).unwrap_or_else(|| unreachable!("23:59"))) + TimeDelta::minutes(1);
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

    fn follow_up_finding(&self, open: &OpenFollowUp, done: Option<&Event>) -> Finding {
        let trigger = self.playbook.spec().triggers.iter().find(|t| t.id == open.rule);
        let (title, refs, kind) = trigger.map_or((open.rule.as_str(), Vec::new(), ""), |t| {
            (t.title.as_str(), t.refs.clone(), t.follow_up.kind.as_str())
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
            expected: format!("{kind} by {}", open.deadline.to_rfc3339()),
            actual,
            events,
            message,
        }
    }

    fn fold_periods(&mut self, person: &Person, day: NaiveDate, mine: &[&Event]) {
        for rule in self.period_rules.iter().filter(|r| r.per == Per::Person) {
            if !person.has_role_in(self.playbook, rule.roles) {
                continue;
            }
            let key = PeriodKey {
                rule: rule.id.to_string(),
                person: person.id.clone(),
                customer: None,
                start: rule.period.bounds(day).0,
            };
            let aggregate = self.state.periods.entry(key).or_default();
            for e in mine.iter().filter(|e| matches(rule.kind, rule.filter, e)) {
                aggregate.add(e, rule.measure, rule.field);
            }
        }
    }

    fn fold_customer_periods(&mut self, day: NaiveDate, events: &[Event]) {
        for rule in self.period_rules.iter().filter(|r| r.per == Per::Customer) {
            for e in events.iter().filter(|e| matches(rule.kind, rule.filter, e)) {
                let Some(customer) = &e.customer else { continue };
                let manager = self.customers.get(customer.as_str()).and_then(|c| c.manager.clone());
                let key = PeriodKey {
                    rule: rule.id.to_string(),
                    person: manager.unwrap_or_default(),
                    customer: Some(customer.clone()),
                    start: rule.period.bounds(day).0,
                };
                self.state.periods.entry(key).or_default().add(e, rule.measure, rule.field);
            }
        }
    }

    /// Emits the findings of periods that end on `day`.
    fn close_periods(&mut self, day: NaiveDate, out: &mut Vec<Finding>) {
        for r in 0..self.period_rules.len() {
            let (start, end) = self.period_rules[r].period.bounds(day);
            if end != day {
                continue;
            }
            self.emit_period(r, start, end, true, out);
        }
    }

    fn emit_period(&mut self, r: usize, start: NaiveDate, end: NaiveDate, remove: bool, out: &mut Vec<Finding>) {
        let rule = &self.period_rules[r];
        let calendar = self.playbook.calendar();
        let window = Span { start: self.local(start, midnight()), end: calendar.local(end, calendar.end_of_day()) };
        let text = RuleText { id: rule.id, refs: rule.refs, title: rule.title, measure: rule.measure };
        let when = format!("in the {} from {start}", period_name(rule.period));
        let keys: Vec<(PeriodKey, Option<&Person>)> = match rule.per {
            Per::Person => self
                .roster
                .people
                .iter()
                .filter(|p| p.has_role_in(self.playbook, rule.roles))
                .map(|p| {
                    (PeriodKey { rule: rule.id.to_string(), person: p.id.clone(), customer: None, start }, Some(p))
                })
                .collect(),
            Per::Customer => self
                .roster
                .customers
                .iter()
                .map(|c| {
                    let manager = c.manager.as_ref().and_then(|m| self.people.get(m.as_str()).copied());
                    let key = PeriodKey {
                        rule: rule.id.to_string(),
                        person: c.manager.clone().unwrap_or_default(),
                        customer: Some(c.id.clone()),
                        start,
                    };
                    (key, manager)
                })
                .collect(),
        };
        let nobody = Person::default();
        let mut found = Vec::new();
        for (key, person) in keys {
            let aggregate =
                if remove { self.state.periods.remove(&key) } else { self.state.periods.get(&key).cloned() };
            let aggregate = aggregate.unwrap_or_default();
            let person = person.unwrap_or(&nobody);
            found.push(self.measured(
                &text,
                rule.at_least.as_ref(),
                rule.at_most.as_ref(),
                person,
                key.customer.as_deref(),
                window,
                &aggregate,
                &when,
            ));
        }
        out.extend(found);
    }

    /// Pending findings of the periods, duties and follow-ups still open.
    pub(crate) fn open_findings(mut self, out: &mut Vec<Finding>) {
        let Some(now) = self.now else { return };
        let today = now.with_timezone(&self.playbook.calendar().time_zone()).date_naive();
        for r in 0..self.period_rules.len() {
            let (start, end) = self.period_rules[r].period.bounds(today);
            self.emit_period(r, start, end, false, out);
        }
        self.close_check_periods(today, true, out);
        for open in self.state.duties.values().flatten().cloned().collect::<Vec<_>>() {
            out.push(self.duty_finding(&open, Status::Fail, None));
        }
        for open in self.state.follow_ups.values().flatten().cloned().collect::<Vec<_>>() {
            out.push(self.follow_up_finding(&open, None));
        }
    }
}

/// The parts of a rule a measured finding repeats.
struct RuleText<'a> {
    id: &'a str,
    refs: &'a [String],
    title: &'a str,
    measure: Measure,
}

fn period_name(period: Period) -> &'static str {
    match period {
        Period::Week => "week",
        Period::Month => "month",
        Period::Quarter => "quarter",
    }
}

fn midnight() -> TimeOfDay {
    TimeOfDay::new(0, 0).unwrap_or_else(|| unreachable!("00:00 is a time of day"))
}

impl DayCloser<'_> {
    fn checks(&mut self, person: &Person, day: NaiveDate, working: bool, mine: &[&Event], out: &mut Vec<Finding>) {
        let spec = self.playbook.spec();
        let phase = self.playbook.phase_on(day).map(|p| p.id.as_str());
        for (index, check) in spec.checks.iter().enumerate() {
            let in_phase = check.phases.is_empty() || phase.is_some_and(|p| check.phases.iter().any(|x| x == p));
            if !person.has_role_in(self.playbook, &check.roles) || !in_phase {
                continue;
            }
            match check.scope {
                CheckScope::Event => {
                    for e in mine.iter().filter(|e| Some(&e.kind) == check.kind.as_ref()) {
                        let customer = e.customer.as_ref().and_then(|c| self.customers.get(c.as_str()).copied());
                        let input = CheckInput::Event { event: e, customer, person, date: day };
                        let window = Span { start: e.at, end: e.end.unwrap_or(e.at) };
                        out.push(self.check_finding(index, input, person, e.customer.as_deref(), window, Some(&e.id)));
                    }
                }
                CheckScope::Day if working => {
                    let mut totals = Totals::default();
                    mine.iter().for_each(|e| totals.add(e));
                    let customers = self.customers_of(person);
                    let input = CheckInput::Period {
                        person,
                        start: day,
                        end: day,
                        totals: &totals,
                        events: mine,
                        customers: &customers,
                    };
                    out.push(self.check_finding(index, input, person, None, self.day_span(day), None));
                }
                CheckScope::Day => {}
                CheckScope::Week | CheckScope::Month | CheckScope::Phase => {
                    let Some((start, _)) = self.check_period(check.scope, day) else { continue };
                    let key = PeriodKey { rule: check.id.clone(), person: person.id.clone(), customer: None, start };
                    let totals = self.state.check_periods.entry(key).or_default();
                    mine.iter().for_each(|e| totals.add(e));
                }
            }
        }
    }

    fn customers_of(&self, person: &Person) -> Vec<&Customer> {
        self.roster.customers.iter().filter(|c| c.manager.as_deref() == Some(person.id.as_str())).collect()
    }

    /// The first and last day of the week, month or phase span of `day`.
    fn check_period(&self, scope: CheckScope, day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        match scope {
            CheckScope::Week => Some(Period::Week.bounds(day)),
            CheckScope::Month => Some(Period::Month.bounds(day)),
            CheckScope::Phase => {
                let phase = self.playbook.phase_on(day)?;
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
    fn close_check_periods(&mut self, day: NaiveDate, all_open: bool, out: &mut Vec<Finding>) {
        let spec = self.playbook.spec();
        for (index, check) in spec.checks.iter().enumerate() {
            let Some((start, end)) = self.check_period(check.scope, day) else { continue };
            if end != day && !all_open {
                continue;
            }
            if check.scope == CheckScope::Phase
                && !check.phases.is_empty()
                && !self.playbook.phase_on(day).is_some_and(|p| check.phases.contains(&p.id))
            {
                continue;
            }
            for person in self.roster.people.iter().filter(|p| p.has_role_in(self.playbook, &check.roles)) {
                let key = PeriodKey { rule: check.id.clone(), person: person.id.clone(), customer: None, start };
                let totals = if all_open {
                    self.state.check_periods.get(&key).cloned()
                } else {
                    self.state.check_periods.remove(&key)
                }
                .unwrap_or_default();
                let customers = self.customers_of(person);
                let input =
                    CheckInput::Period { person, start, end, totals: &totals, events: &[], customers: &customers };
                let calendar = self.playbook.calendar();
                let window =
                    Span { start: self.local(start, midnight()), end: calendar.local(end, calendar.end_of_day()) };
                out.push(self.check_finding(index, input, person, None, window, None));
            }
        }
    }
    fn check_finding(
        &self,
        index: usize,
        input: CheckInput<'_>,
        person: &Person,
        customer: Option<&str>,
        window: Span,
        event: Option<&str>,
    ) -> Finding {
        let check = &self.playbook.spec().checks[index];
        let about = event.map(|id| format!(" on event `{id}`")).unwrap_or_default();
        let (verdict, expected, actual, message) = match self.playbook.check_runner().map(|r| r.run(index, input)) {
            None => (
                Status::Warning,
                String::new(),
                String::new(),
                format!(
                    "{}: not evaluated: the playbook was loaded without a script engine (load it with `fieldbook::load`)",
                    check.title
                ),
            ),
            Some(Ok(outcome)) => {
                let verdict = match (outcome.ok, check.severity) {
                    (true, _) => Status::Pass,
                    (false, Severity::Fail) => Status::Fail,
                    (false, Severity::Warning) => Status::Warning,
                };
                let message = match &outcome.message {
                    Some(text) => format!("{}: {text}", check.title),
                    None => format!("{}: {}", check.title, if outcome.ok { "passed" } else { "failed" }),
                };
                (verdict, outcome.expected.unwrap_or_default(), outcome.actual.unwrap_or_default(), message)
            }
            Some(Err(error)) => {
                let place = match (&error.file, error.position) {
                    (Some(file), Some((line, column))) => format!(" at {}:{line}:{column}", file.display()),
                    (None, Some((line, column))) => format!(" at {line}:{column}"),
                    _ => String::new(),
                };
                (
                    Status::Error,
                    String::new(),
                    String::new(),
                    format!("check `{}`{about}: script error{place}: {}", check.id, error.message),
                )
            }
        };
        Finding {
            rule: check.id.clone(),
            refs: check.refs.clone(),
            person: person.id.clone(),
            customer: customer.map(String::from),
            window,
            status: if verdict == Status::Error { verdict } else { self.status(verdict, window.end) },
            expected,
            actual,
            events: event.map(|id| vec![id.to_string()]).unwrap_or_default(),
            message,
        }
    }
}

//! Closing a day: judging its routine, quotas and checklists, folding its events into
//! period aggregates, and settling duties and follow-ups.

use std::cell::{OnceCell, RefCell};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use smol_str::{SmolStr, format_smolstr};

use crate::aggregate::{Aggregate, Bounds, has_fields, show};
use crate::check::CheckScope;
use crate::close_periods::{PeriodRule, period_rules};
use crate::event::Event;
use crate::fast_map::FastMap;
use crate::finding::{Finding, Refs, Span, Status};
use crate::finding_text::{hh_mm, phrase, sentence, whole};
use crate::people::Person;
use crate::person_day::PersonDay;
use crate::playbook::Playbook;
use crate::procedure::ItemSpec;
use crate::quota::{Amount, Measure, Per, QuotaSpec, Threshold, Window};
use crate::roster::{Customer, Roster};
use crate::routine::{Edge, Pick};
use crate::rule_ref::RuleRef;
use crate::shared_roster::SharedRoster;
use crate::time::TimeOfDay;
use crate::tracker::TrackerState;

/// Closes days one after another for a tracker: judges each day's events and settles
/// what depends on them. Its `impl` is split by topic: this file (the day, steps,
/// quotas, checklists), `close_obligations.rs` (duties and follow-ups),
/// `close_periods.rs` (weeks, months, quarters) and `close_checks.rs` (scripted checks).
pub(crate) struct DayCloser<'a> {
    pub(crate) playbook: &'a Playbook,
    pub(crate) roster: &'a Roster,
    /// The roster's people and customers as check scripts are given them.
    pub(crate) shared: &'a SharedRoster,
    pub(crate) state: &'a mut TrackerState,
    pub(crate) period_rules: Vec<PeriodRule<'a>>,
    /// Customers and people by id, looked up per event, with their position in the roster.
    pub(crate) customers: FastMap<&'a str, (usize, &'a Customer)>,
    /// People by id, with their position in the roster.
    pub(crate) people: FastMap<&'a str, (usize, &'a Person)>,
    /// Each person's customers, made when a check first asks.
    pub(crate) managed: OnceCell<FastMap<&'a str, Vec<&'a Arc<Customer>>>>,
    /// The kinds of events that fulfil duties, and that start or meet follow-ups: other
    /// events need not be looked at for them.
    pub(crate) duty_kinds: Vec<&'a str>,
    pub(crate) trigger_kinds: Vec<&'a str>,
    /// The kinds of events that checks look at one by one.
    pub(crate) checked_kinds: Vec<&'a str>,
    /// Whether any rule is about customers across people (per-customer periods, date
    /// reminders, agreements, call lists): those read the whole day in time order.
    customer_rules: bool,
    /// What the findings of each step repeat, in `spec().steps` order.
    steps: Vec<StepText>,
    /// `at least 30`, `at most 2h`... by the bounds they print.
    expected: RefCell<FastMap<(AmountKey, AmountKey), SmolStr>>,
    /// Each check's rule, in `spec().checks` order.
    pub(crate) check_rules: Vec<RuleRef>,
    /// What each procedure's findings repeat, in `spec().procedures` order.
    procedures: Vec<ProcedureText>,
    /// The refs of a procedure's findings, by procedure and set of applicable items.
    procedure_refs: RefCell<FastMap<(usize, u64), Refs>>,
    /// For a preview of open windows: verdicts of windows ending after this are pending.
    pub(crate) now: Option<DateTime<FixedOffset>>,
}

/// An amount as a map key: which kind, and its bits.
type AmountKey = (u8, u64);

fn amount_key(amount: Option<Amount>) -> AmountKey {
    match amount {
        None => (0, 0),
        Some(Amount::Number(n)) => (1, n.to_bits()),
        Some(Amount::Time(t)) => (2, u64::from(t.minutes())),
    }
}

/// The instants of a closing day that every person's findings share.
pub(crate) struct DayTimes {
    /// From midnight to the end of the working day.
    pub(crate) day: Span,
    /// When each step is due that day, in `spec().steps` order.
    pub(crate) step_deadlines: Vec<DateTime<FixedOffset>>,
    /// 23:59 that day.
    pub(crate) last_minute: DateTime<FixedOffset>,
}

impl DayTimes {
    fn new(closer: &DayCloser<'_>, day: NaiveDate) -> Self {
        let step_deadlines = closer.playbook.step_due().iter().map(|&due| closer.local(day, due)).collect();
        let last_minute = TimeOfDay::new(23, 59).unwrap_or_else(|| unreachable!("23:59 is a time of day"));
        Self { day: closer.day_span(day), step_deadlines, last_minute: closer.local(day, last_minute) }
    }
}

/// What a procedure's findings repeat.
struct ProcedureText {
    rule: SmolStr,
    /// Whether an item applies only to customers with some tags.
    needs_tags: bool,
}

/// The parts of a step's findings that are the same every day.
struct StepText {
    rule: RuleRef,
    /// `09:30`.
    due: SmolStr,
    /// `by 09:30`.
    expected: SmolStr,
}

impl<'a> DayCloser<'a> {
    pub(crate) fn new(
        playbook: &'a Playbook,
        roster: &'a Roster,
        shared: &'a SharedRoster,
        state: &'a mut TrackerState,
    ) -> Self {
        let customers = roster.customers.iter().enumerate().map(|(i, c)| (c.id.as_str(), (i, c))).collect();
        let people = roster.people.iter().enumerate().map(|(i, p)| (p.id.as_str(), (i, p))).collect();
        let steps = playbook
            .spec()
            .steps
            .iter()
            .zip(playbook.step_due())
            .map(|(step, due)| StepText {
                rule: playbook.rule(&step.id, &step.refs),
                due: format_smolstr!("{due}"),
                expected: format_smolstr!("by {due}"),
            })
            .collect();
        let spec = playbook.spec();
        let duty_kinds = spec.duties.iter().filter_map(|d| d.done_by.as_ref()).map(|m| m.kind.as_str()).collect();
        let trigger_kinds = spec
            .triggers
            .iter()
            .flat_map(|t| t.on.kind.iter().chain([&t.follow_up.kind]))
            .map(String::as_str)
            .collect();
        Self {
            playbook,
            roster,
            shared,
            state,
            duty_kinds,
            trigger_kinds,
            checked_kinds: spec
                .checks
                .iter()
                .filter(|c| c.scope == CheckScope::Event)
                .filter_map(|c| c.kind.as_deref())
                .fold(Vec::new(), |mut kinds, kind| {
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                    kinds
                }),
            customer_rules: spec.quotas.iter().any(|q| q.per == Per::Customer)
                || !spec.agreements.is_empty()
                || !spec.call_lists.is_empty()
                || spec.triggers.iter().any(|t| t.on.date.is_some() || t.on.occasion.is_some()),
            period_rules: period_rules(playbook),
            customers,
            people,
            managed: OnceCell::new(),
            steps,
            expected: RefCell::default(),
            check_rules: spec.checks.iter().map(|c| playbook.rule(&c.id, &c.refs)).collect(),
            procedures: spec
                .procedures
                .iter()
                .map(|p| ProcedureText {
                    rule: SmolStr::new(&p.id),
                    needs_tags: p.items.iter().any(|i| i.when.as_ref().is_some_and(|w| !w.tags_any.is_empty())),
                })
                .collect(),
            procedure_refs: RefCell::default(),
            now: None,
        }
    }

    /// A closer whose findings of windows ending after `now` are pending.
    pub(crate) fn previewing(mut self, now: DateTime<FixedOffset>) -> Self {
        self.now = Some(now);
        self
    }

    pub(crate) fn local(&self, date: NaiveDate, time: TimeOfDay) -> DateTime<FixedOffset> {
        self.playbook.calendar().local(date, time)
    }

    /// An instant on the playbook's clock, for messages and actual values.
    pub(crate) fn clock(&self, at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.playbook.calendar().time_zone()).fixed_offset()
    }

    pub(crate) fn day_span(&self, date: NaiveDate) -> Span {
        let calendar = self.playbook.calendar();
        Span { start: self.local(date, midnight()), end: calendar.local(date, calendar.end_of_day()) }
    }

    /// The status to report for a verdict over a window ending at `end`.
    pub(crate) fn status(&self, verdict: Status, end: DateTime<FixedOffset>) -> Status {
        match self.now {
            Some(now) if end > now => Status::Pending,
            _ => verdict,
        }
    }

    /// Judges `day` and settles what depends on it, handing each finding to `each` as it
    /// is made (`out` is the scratch list the rules push into, emptied after each person).
    pub(crate) fn close(&mut self, day: NaiveDate, out: &mut Vec<Finding>, each: &mut dyn FnMut(Finding)) {
        let held = self.state.days.remove(&day).unwrap_or_default();
        // Events of kinds that checks look at one by one are moved behind reference counts,
        // to be handed to scripts without a copy.
        let (plain, shared): (Vec<Event>, Vec<Arc<Event>>) = if self.checked_kinds.is_empty() {
            (held, Vec::new())
        } else {
            let (checked, plain) = held.into_iter().partition(|e| self.checked_kinds.contains(&e.kind.as_str()));
            (plain, checked.into_iter().map(Arc::new).collect())
        };
        let all = || plain.iter().chain(shared.iter().map(|e| &**e));
        let slot = |e: &Event| self.people.get(e.person.as_str()).map_or(usize::MAX, |&(i, _)| i);
        // Each person's events as one run, in roster order and time order within it;
        // sorting references moves 8 bytes an event instead of the event.
        let mut by_person: Vec<(usize, &Event)> = all().map(|e| (slot(e), e)).collect();
        by_person.sort_unstable_by(|(i, a), (j, b)| (i, a.at, &a.id).cmp(&(j, b.at, &b.id)));
        let ordered: Vec<&Event> = by_person.iter().map(|&(_, e)| e).collect();
        // The shared events likewise, for the checks.
        let mut shared_by_person: Vec<(usize, &Arc<Event>)> = shared.iter().map(|e| (slot(e), e)).collect();
        shared_by_person.sort_unstable_by(|(i, a), (j, b)| (i, a.at, &a.id).cmp(&(j, b.at, &b.id)));
        // The whole day in time order, for the rules about customers.
        let mut events: Vec<&Event> = Vec::new();
        if self.customer_rules {
            events = all().collect();
            events.sort_unstable_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        }
        let working = self.playbook.calendar().is_working_day(day);
        let times = DayTimes::new(self, day);
        let (mut next, mut next_shared) = (0, 0);
        for (i, person) in self.roster.people.iter().enumerate() {
            let end = next + by_person[next..].iter().take_while(|&&(p, _)| p == i).count();
            let mine = PersonDay::new(&ordered[next..end]);
            next = end;
            let end = next_shared + shared_by_person[next_shared..].iter().take_while(|&&(p, _)| p == i).count();
            let checked = &shared_by_person[next_shared..end];
            next_shared = end;
            if working {
                self.steps(person, day, &times, &mine, out);
                self.day_quotas(person, &times, &mine, out);
            }
            self.event_quotas(person, &mine, out);
            self.procedures(person, day, &mine, out);
            self.duties(person, day, &times, &mine, out);
            self.follow_ups(person, day, &times, &mine, out);
            self.checks(i, day, working, &mine, checked, out);
            self.fold_periods(person, day, &mine);
            out.drain(..).for_each(&mut *each);
        }
        self.fold_customer_periods(day, &events);
        self.close_periods(day, out);
        self.close_check_periods(day, false, out);
        crate::close_customers::close_day(self.playbook, self.roster, self.state, self.now, day, &events, out);
        out.drain(..).for_each(each);
    }

    pub(crate) fn steps(
        &self,
        person: &Person,
        day: NaiveDate,
        times: &DayTimes,
        mine: &PersonDay<'_, '_>,
        out: &mut Vec<Finding>,
    ) {
        let spec = self.playbook.spec();
        let phase = self.playbook.phase_on(day);
        for ((step, &deadline), text) in spec.steps.iter().zip(&times.step_deadlines).zip(&self.steps) {
            let Some(evidence) = &step.evidence else { continue };
            let in_phase = step.phases.is_empty() || phase.is_some_and(|p| step.phases.contains(&p.id));
            if !in_phase || !person.has_role_in(self.playbook, &step.roles) {
                continue;
            }
            let time_of = |e: &Event| match evidence.edge {
                Edge::Start => e.at,
                Edge::End => e.end.unwrap_or(e.at),
            };
            let candidates = mine.of_kind(&evidence.kind).iter().filter(|e| has_fields(&evidence.filter, e));
            let chosen = match evidence.pick {
                Pick::First => candidates.min_by_key(|e| (time_of(e), &e.id)),
                Pick::Last => candidates.max_by_key(|e| (time_of(e), &e.id)),
            };
            let window = Span { start: times.day.start, end: deadline };
            let (which, ended) = match (evidence.pick, evidence.edge) {
                (Pick::First, Edge::Start) => ("first ", ""),
                (Pick::First, Edge::End) => ("first ", " ended"),
                (Pick::Last, Edge::Start) => ("last ", " started"),
                (Pick::Last, Edge::End) => ("last ", " ended"),
            };
            let (verdict, actual, events, message) = match chosen {
                Some(e) => {
                    let at = hh_mm(self.clock(time_of(e)));
                    let on_time = time_of(e) <= deadline;
                    let judged = if on_time { ", on time by " } else { ", late for " };
                    let message =
                        sentence(&[&step.title, ": ", which, &evidence.kind, ended, " at ", &at, judged, &text.due]);
                    (if on_time { Status::Pass } else { Status::Fail }, at, vec![e.id.clone()], message)
                }
                None => (
                    Status::Fail,
                    SmolStr::new_static("none"),
                    vec![],
                    sentence(&[&step.title, ": no ", &evidence.kind, " recorded, due by ", &text.due]),
                ),
            };
            out.push(Finding {
                rule: text.rule.id.clone(),
                refs: text.rule.refs.clone(),
                person: person.id.clone(),
                customer: None,
                window,
                status: self.status(verdict, deadline),
                expected: text.expected.clone(),
                actual,
                events,
                message,
            });
        }
    }

    pub(crate) fn day_quotas(
        &self,
        person: &Person,
        times: &DayTimes,
        mine: &PersonDay<'_, '_>,
        out: &mut Vec<Finding>,
    ) {
        for quota in self.playbook.spec().quotas.iter().filter(|q| q.window == Window::Day) {
            if !person.has_role_in(self.playbook, &quota.roles) {
                continue;
            }
            let window = times.day;
            let judge = self.quota_judge(quota, person);
            match quota.per {
                Per::Person => {
                    let mut aggregate = Aggregate::default();
                    for e in mine.of_kind(&quota.of.kind).iter().filter(|e| has_fields(&quota.of.filter, e)) {
                        aggregate.add(e, quota.measure, quota.field.as_deref());
                    }
                    out.push(self.measured(&judge, person, None, window, aggregate, "that day"));
                }
                Per::Customer => {
                    let counted = || mine.of_kind(&quota.of.kind).iter().filter(|e| has_fields(&quota.of.filter, e));
                    let mut customers: Vec<&SmolStr> = counted().filter_map(|e| e.customer.as_ref()).collect();
                    customers.sort_unstable();
                    customers.dedup();
                    for customer in customers {
                        let mut aggregate = Aggregate::default();
                        for e in counted().filter(|e| e.customer.as_ref() == Some(customer)) {
                            aggregate.add(e, quota.measure, quota.field.as_deref());
                        }
                        out.push(self.measured(&judge, person, Some(customer), window, aggregate, "that day"));
                    }
                }
            }
        }
    }

    pub(crate) fn event_quotas(&self, person: &Person, mine: &PersonDay<'_, '_>, out: &mut Vec<Finding>) {
        for quota in self.playbook.spec().quotas.iter().filter(|q| q.window == Window::Event) {
            if !person.has_role_in(self.playbook, &quota.roles) {
                continue;
            }
            let judge = self.quota_judge(quota, person);
            for e in mine.of_kind(&quota.of.kind).iter().filter(|e| has_fields(&quota.of.filter, e)) {
                let mut aggregate = Aggregate::default();
                aggregate.add(e, quota.measure, quota.field.as_deref());
                let window = Span { start: e.at, end: e.end.unwrap_or(e.at) };
                out.push(self.measured(&judge, person, e.customer.as_ref(), window, aggregate, "for this event"));
            }
        }
    }

    /// A quota made ready to judge `person`'s windows.
    pub(crate) fn quota_judge<'q>(&self, quota: &'q QuotaSpec, person: &Person) -> Judge<'q> {
        let rule =
            RuleText { rule: self.playbook.rule(&quota.id, &quota.refs), title: &quota.title, measure: quota.measure };
        self.judge(rule, quota.at_least.as_ref(), quota.at_most.as_ref(), person)
    }

    /// A measured rule made ready to judge `person`'s windows: the bounds their attributes
    /// select, and the expected text every finding repeats.
    pub(crate) fn judge<'r>(
        &self,
        rule: RuleText<'r>,
        at_least: Option<&Threshold>,
        at_most: Option<&Threshold>,
        person: &Person,
    ) -> Judge<'r> {
        let bounds = Bounds::for_person(at_least, at_most, &person.attrs).map(|bounds| {
            let key = (amount_key(bounds.at_least), amount_key(bounds.at_most));
            let expected = self.expected.borrow_mut().entry(key).or_insert_with(|| bounds.expected()).clone();
            (bounds, expected)
        });
        Judge { rule, bounds }
    }

    /// The finding of `judge` over one window of `person`'s.
    pub(crate) fn measured(
        &self,
        judge: &Judge<'_>,
        person: &Person,
        customer: Option<&SmolStr>,
        window: Span,
        aggregate: Aggregate,
        when: &str,
    ) -> Finding {
        let rule = &judge.rule;
        let value = aggregate.value(rule.measure);
        let base = Finding {
            rule: rule.rule.id.clone(),
            refs: rule.rule.refs.clone(),
            person: person.id.clone(),
            customer: customer.cloned(),
            window,
            status: Status::Warning,
            expected: SmolStr::default(),
            actual: SmolStr::default(),
            events: aggregate.into_cited(),
            message: String::new(),
        };
        match &judge.bounds {
            Ok((bounds, expected)) => {
                let actual = bounds.show(value);
                let status = self.status(bounds.judge(value), window.end);
                let message = if status == Status::Pending {
                    format!(
                        "{}: {actual} so far, {expected} by {}{}",
                        rule.title,
                        window.end.format("%Y-%m-%d %H:%M"),
                        self.time_left(window.end)
                    )
                } else {
                    sentence(&[rule.title, ": ", &actual, " ", when, ", ", expected])
                };
                Finding { status, expected: expected.clone(), actual, message, ..base }
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

    pub(crate) fn time_left(&self, end: DateTime<FixedOffset>) -> String {
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

    pub(crate) fn procedures(&self, person: &Person, day: NaiveDate, mine: &PersonDay<'_, '_>, out: &mut Vec<Finding>) {
        let spec = self.playbook.spec();
        let phase = self.playbook.phase_on(day).map(|p| p.id.as_str());
        for ((index, procedure), text) in spec.procedures.iter().enumerate().zip(&self.procedures) {
            for e in mine.of_kind(&procedure.applies_to) {
                // The customer is looked up only for items limited to some tags.
                let tags = if text.needs_tags {
                    e.customer
                        .as_ref()
                        .and_then(|c| self.customers.get(c.as_str()).map(|&(_, c)| c))
                        .map(|c| c.tags.as_slice())
                        .unwrap_or_default()
                } else {
                    &[]
                };
                let done: &[SmolStr] = match e.fields.get(procedure.field.as_str()) {
                    Some(crate::value::Value::List(items)) => items,
                    _ => &[],
                };
                let applies = |item: &ItemSpec| {
                    item.required
                        && item.when.as_ref().is_none_or(|w| {
                            (w.tags_any.is_empty() || w.tags_any.iter().any(|t| tags.contains(t)))
                                && (w.phases.is_empty() || phase.is_some_and(|p| w.phases.iter().any(|x| x == p)))
                        })
                };
                // `item` or `item.sub_item`; checklists usually list items in order, so the
                // entry at the item's own position is tried first.
                let marks = |d: &SmolStr, id: &str| {
                    let (d, id) = (d.as_bytes(), id.as_bytes());
                    d.starts_with(id) && (d.len() == id.len() || d[id.len()] == b'.')
                };
                let is_done = |position: usize, id: &str| {
                    done.get(position).is_some_and(|d| marks(d, id)) || done.iter().any(|d| marks(d, id))
                };
                let (mut total, mut missing, mut mask) = (0usize, 0usize, Some(0u64));
                for (position, item) in procedure.items.iter().enumerate().filter(|(_, item)| applies(item)) {
                    total += 1;
                    missing += usize::from(!is_done(position, &item.id));
                    mask = mask.filter(|_| position < 64).map(|m| m | 1 << position);
                }
                let verdict = if missing == 0 { Status::Pass } else { Status::Fail };
                let window = Span { start: e.at, end: e.end.unwrap_or(e.at) };
                let (done_count, total_text) = (whole((total - missing) as u64), whole(total as u64));
                let message = if missing == 0 {
                    sentence(&[&procedure.title, ": all ", &total_text, " items done"])
                } else {
                    let titles: Vec<&str> = procedure
                        .items
                        .iter()
                        .enumerate()
                        .filter(|(p, i)| applies(i) && !is_done(*p, &i.id))
                        .map(|(_, i)| i.title.as_str())
                        .collect();
                    sentence(&[
                        &procedure.title,
                        ": ",
                        &done_count,
                        " of ",
                        &total_text,
                        " items done; missing: ",
                        &titles.join(", "),
                    ])
                };
                out.push(Finding {
                    rule: text.rule.clone(),
                    refs: self.procedure_refs(index, mask, applies),
                    person: person.id.clone(),
                    customer: e.customer.clone(),
                    window,
                    status: self.status(verdict, window.end),
                    expected: phrase(&[&total_text, " items"]),
                    actual: phrase(&[&done_count, " of ", &total_text]),
                    events: vec![e.id.clone()],
                    message,
                });
            }
        }
    }

    /// The refs of a finding of procedure `index`: the procedure's, then those of the
    /// items that applied, shared between findings with the same items.
    /// `mask` has a bit for each item that applied (`None` past 64 items).
    fn procedure_refs(&self, index: usize, mask: Option<u64>, applies: impl Fn(&ItemSpec) -> bool) -> Refs {
        let procedure = &self.playbook.spec().procedures[index];
        let make = || {
            let items = procedure.items.iter().filter(|i| applies(i)).flat_map(|i| i.refs.iter());
            procedure.refs.iter().chain(items).map(SmolStr::new).collect::<Refs>()
        };
        let Some(mask) = mask else { return make() };
        self.procedure_refs.borrow_mut().entry((index, mask)).or_insert_with(make).clone()
    }
}

/// A measured rule ready to judge one person: its texts, and the bounds the person's
/// attributes select with their expected text (or the attribute they lack).
pub(crate) struct Judge<'a> {
    rule: RuleText<'a>,
    bounds: Result<(Bounds, SmolStr), String>,
}

/// The parts of a rule a measured finding repeats.
pub(crate) struct RuleText<'a> {
    pub(crate) rule: RuleRef,
    pub(crate) title: &'a str,
    pub(crate) measure: Measure,
}

pub(crate) fn midnight() -> TimeOfDay {
    TimeOfDay::new(0, 0).unwrap_or_else(|| unreachable!("00:00 is a time of day"))
}

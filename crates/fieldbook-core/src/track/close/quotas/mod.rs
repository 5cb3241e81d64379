//! Judging quotas — over single events, days, and weeks, months and quarters — and "at
//! least N per period" duties: events are aggregated per window and the aggregate is held
//! against the threshold the person's attributes select. Periods are folded day by day
//! and judged when they end.

mod periods;
mod rolling;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use smol_str::SmolStr;

use super::context::{Context, DayTimes};
use super::person_day::PersonDay;
use crate::event::{Event, has_fields, matches};
use crate::fast_map::FastMap;
use crate::message::{Arg, Message};
use crate::playbook::{Playbook, RuleRef};
use crate::roster::Person;
use crate::spec::{Amount, Measure, Per, QuotaSpec, Threshold, Window};
use crate::track::aggregate::{Aggregate, Bounds, show};
use crate::track::finding::{Finding, MAX_CITED_EVENTS, Span, Status};
use crate::track::state::PeriodKey;
use crate::track::text::sentence;

use periods::{PeriodRule, period_rules};

/// The time a day's quota is judged over: `that day`.
const THAT_DAY: (&str, &Arg) = ("that day", &Arg::Key("when-day"));

/// The running aggregates of period rules.
type Periods = BTreeMap<PeriodKey, Aggregate>;

/// The quotas made ready for a closing run: the period rules, and the expected texts
/// (`at least 30`, `at most 2h`) by the bounds they print.
pub(super) struct Quotas<'a> {
    /// Week, month and quarter rules (quotas and "at least N per period" duties).
    periods: Vec<PeriodRule<'a>>,
    expected: RefCell<FastMap<(AmountKey, AmountKey), (SmolStr, Arg)>>,
}

impl<'a> Quotas<'a> {
    /// The quotas of `playbook`, made ready.
    pub(super) fn new(playbook: &'a Playbook) -> Self {
        Self { periods: period_rules(playbook), expected: RefCell::default() }
    }

    /// Judges `person`'s quotas over the day.
    pub(super) fn judge_day(
        &self,
        cx: &Context<'_>,
        person: &Person,
        times: &DayTimes,
        mine: &PersonDay<'_, '_>,
        out: &mut Vec<Finding>,
    ) {
        for quota in cx.playbook.spec().quotas.iter().filter(|q| q.window == Window::Day) {
            if !person.has_role_in(cx.playbook, &quota.roles) {
                continue;
            }
            let window = times.day;
            let judge = self.quota_judge(cx, quota, person);
            match quota.per {
                Per::Person => {
                    let mut aggregate = Aggregate::default();
                    for e in mine.of_kind(&quota.of.kind).iter().filter(|e| counted(cx, quota, e)) {
                        aggregate.add(e, quota.measure, quota.field.as_deref());
                    }
                    out.push(Self::measured(cx, &judge, person, None, window, aggregate, THAT_DAY));
                }
                Per::Customer => {
                    let counted = || mine.of_kind(&quota.of.kind).iter().filter(|e| counted(cx, quota, e));
                    let mut customers: Vec<&SmolStr> = counted().filter_map(|e| e.customer.as_ref()).collect();
                    customers.sort_unstable();
                    customers.dedup();
                    for customer in customers {
                        let mut aggregate = Aggregate::default();
                        for e in counted().filter(|e| e.customer.as_ref() == Some(customer)) {
                            aggregate.add(e, quota.measure, quota.field.as_deref());
                        }
                        out.push(Self::measured(cx, &judge, person, Some(customer), window, aggregate, THAT_DAY));
                    }
                }
                // Validation keeps team quotas to weeks, months and quarters.
                Per::Team => {}
            }
        }
    }

    /// Judges `person`'s quotas over single events.
    pub(super) fn judge_events(
        &self,
        cx: &Context<'_>,
        person: &Person,
        mine: &PersonDay<'_, '_>,
        out: &mut Vec<Finding>,
    ) {
        for quota in cx.playbook.spec().quotas.iter().filter(|q| q.window == Window::Event) {
            if !person.has_role_in(cx.playbook, &quota.roles) {
                continue;
            }
            let judge = self.quota_judge(cx, quota, person);
            for e in mine.of_kind(&quota.of.kind).iter().filter(|e| counted(cx, quota, e)) {
                let mut aggregate = Aggregate::default();
                aggregate.add(e, quota.measure, quota.field.as_deref());
                let window = Span { start: e.at, end: e.end.unwrap_or(e.at) };
                let when = ("for this event", &Arg::Key("when-event"));
                out.push(Self::measured(cx, &judge, person, e.customer.as_ref(), window, aggregate, when));
            }
        }
    }

    /// A quota made ready to judge `person`'s windows.
    fn quota_judge<'q>(&self, cx: &Context<'_>, quota: &'q QuotaSpec, person: &Person) -> Judge<'q> {
        let rule =
            RuleText { rule: cx.playbook.rule(&quota.id, &quota.refs), title: &quota.title, measure: quota.measure };
        self.judge(rule, quota.at_least.as_ref(), quota.at_most.as_ref(), person)
    }

    /// A measured rule made ready to judge `person`'s windows: the bounds their attributes
    /// select, and the expected text every finding repeats.
    fn judge<'r>(
        &self,
        rule: RuleText<'r>,
        at_least: Option<&Threshold>,
        at_most: Option<&Threshold>,
        person: &Person,
    ) -> Judge<'r> {
        let bounds = Bounds::for_person(at_least, at_most, &person.attrs).map(|bounds| {
            let key = (amount_key(bounds.at_least), amount_key(bounds.at_most));
            let expected = self
                .expected
                .borrow_mut()
                .entry(key)
                .or_insert_with(|| (bounds.expected(), bounds.said().into()))
                .clone();
            (bounds, expected)
        });
        Judge { title: SmolStr::new(rule.title), rule, bounds }
    }

    /// The finding of `judge` over one window of `person`'s.
    fn measured(
        cx: &Context<'_>,
        judge: &Judge<'_>,
        person: &Person,
        customer: Option<&SmolStr>,
        window: Span,
        aggregate: Aggregate,
        (when, when_said): (&str, &Arg),
    ) -> Finding {
        let rule = &judge.rule;
        let value = aggregate.value(rule.measure);
        let base = Finding {
            excused: None,
            team: None,
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
            text: Message::default(),
        };
        match &judge.bounds {
            Ok((bounds, (expected, bounds_said))) => {
                let actual = bounds.show(value);
                let status = cx.status(bounds.judge(value), window.end);
                let (message, text) = if status == Status::Pending {
                    let message = format!(
                        "{}: {actual} so far, {expected} by {}{}",
                        rule.title,
                        window.end.format("%Y-%m-%d %H:%M"),
                        cx.time_left(window.end)
                    );
                    let said = Message::new(
                        "quota-so-far",
                        [
                            ("title", (&judge.title).into()),
                            ("actual", (&actual).into()),
                            ("bounds", bounds_said.clone()),
                            ("end", cx.clock(window.end).into()),
                            ("left", cx.left(window.end)),
                        ],
                    );
                    (message, said)
                } else {
                    let message = sentence(&[rule.title, ": ", &actual, " ", when, ", ", expected]);
                    let said = Message::new(
                        "quota-judged",
                        [
                            ("title", (&judge.title).into()),
                            ("actual", (&actual).into()),
                            ("when", when_said.clone()),
                            ("bounds", bounds_said.clone()),
                        ],
                    );
                    (message, said)
                };
                Finding { status, expected: expected.clone(), actual, message, text, ..base }
            }
            Err(attribute) => Finding {
                actual: show(value, rule.measure == Measure::Duration),
                message: format!(
                    "{}: no threshold for {}: their `{attribute}` is not set in the roster",
                    rule.title, person.id
                ),
                text: Message::new(
                    "quota-no-threshold",
                    [("title", rule.title.into()), ("person", (&person.id).into()), ("attribute", attribute.into())],
                ),
                ..base
            },
        }
    }
}

/// Whether `quota` counts `e`: its fields, its customer's tags, and for `first` quotas
/// whether it is its customer's first.
fn counted(cx: &Context<'_>, quota: &QuotaSpec, e: &Event) -> bool {
    has_fields(&quota.of.filter, e)
        && cx.about(quota.customers.as_ref(), e)
        && (quota.measure != Measure::First || cx.is_first(&quota.id, e))
}

/// Finds the day's events (any order) that are their customer's first for each `first`
/// quota, in time order across the team, and remembers their customers in `seen`.
pub(super) fn mark_firsts<'e>(
    cx: &Context<'_>,
    seen: &mut BTreeMap<SmolStr, BTreeSet<SmolStr>>,
    events: impl IntoIterator<Item = &'e Event>,
) {
    let quotas: Vec<&QuotaSpec> = cx.playbook.spec().quotas.iter().filter(|q| q.measure == Measure::First).collect();
    let mut firsts = cx.firsts.borrow_mut();
    firsts.clear();
    if quotas.is_empty() {
        return;
    }
    let mut events: Vec<&Event> = events.into_iter().collect();
    events.sort_unstable_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    for quota in quotas {
        let seen = seen.entry(quota.id.as_str().into()).or_default();
        for e in events
            .iter()
            .filter(|e| matches(&quota.of.kind, &quota.of.filter, e) && cx.about(quota.customers.as_ref(), e))
        {
            if let Some(customer) = &e.customer
                && seen.insert(customer.clone())
            {
                firsts.insert((quota.id.as_str().into(), e.id.clone()));
            }
        }
    }
}

/// How many events a finding of `quota` cites: for a count with only `at_least`, the most
/// its threshold asks (the events that meet it); else [`MAX_CITED_EVENTS`].
fn cited_events(quota: &QuotaSpec) -> usize {
    let least = quota.at_least.as_ref().filter(|_| quota.at_most.is_none()).map(|t| {
        t.amounts()
            .iter()
            .map(|(_, a)| match a {
                Amount::Number(n) => n.ceil().max(1.0) as usize,
                Amount::Time(_) => MAX_CITED_EVENTS,
            })
            .max()
            .unwrap_or(MAX_CITED_EVENTS)
    });
    least.unwrap_or(MAX_CITED_EVENTS).min(MAX_CITED_EVENTS)
}

/// A measured rule ready to judge one person: its texts, and the bounds the person's
/// attributes select with their expected text (or the attribute they lack).
struct Judge<'a> {
    rule: RuleText<'a>,
    /// The rule's title for the findings' messages, made once for all of them.
    title: SmolStr,
    bounds: Result<(Bounds, (SmolStr, Arg)), String>,
}

/// The parts of a rule a measured finding repeats.
struct RuleText<'a> {
    rule: RuleRef,
    title: &'a str,
    measure: Measure,
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

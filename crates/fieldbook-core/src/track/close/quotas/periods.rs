//! Rules counted over weeks, months and quarters (quotas and "at least N per period"
//! duties): a person's events folded into their periods day by day, and each period
//! judged when its last day closes, or shown as pending while it is open.

use chrono::{DateTime, FixedOffset, NaiveDate};
use smol_str::SmolStr;

use super::{Periods, Quotas, RuleText, cited_events};
use crate::calendar::Calendar;
use crate::event::{Event, Value, matches, records};
use crate::message::{Arg, Message};
use crate::playbook::Playbook;
use crate::roster::{Customer, Person};
use crate::spec::{
    Amount, CustomerFilter, Every, Filter, Measure, Per, Period, PhaseSpec, Threshold, VisitPlanningSpec, Window,
};
use crate::time::TimeOfDay;
use crate::track::close::absences;
use crate::track::close::context::Context;
use crate::track::close::person_day::PersonDay;
use crate::track::finding::{Finding, MAX_CITED_EVENTS, Span, Status};
use crate::track::state::PeriodKey;

impl Quotas<'_> {
    /// Folds `person`'s events of `day` into the aggregates of their periods.
    pub(in crate::track::close) fn fold(
        &self,
        cx: &Context<'_>,
        periods: &mut Periods,
        person: &Person,
        day: NaiveDate,
        mine: &PersonDay<'_, '_>,
    ) {
        let calendar = cx.playbook.calendar();
        for rule in self.periods.iter().filter(|r| r.per != Per::Customer) {
            // A duty's period was judged when its due day closed.
            let Some((start, _)) = rule.cycle.bounds(day) else { continue };
            if !person.has_role_in(cx.playbook, rule.roles) || Some(day) > rule.last_day(calendar, day) {
                continue;
            }
            // A team's events are counted together (the roster check saw that everyone a
            // team rule applies to is in a team).
            let (who, team) = match rule.per {
                Per::Team => match &person.team {
                    Some(team) => (SmolStr::default(), Some(team.clone())),
                    None => continue,
                },
                _ => (person.id.clone(), None),
            };
            let deadline = rule.duty.then(|| rule.deadline(calendar, day));
            let key = PeriodKey { rule: rule.id.into(), person: who, customer: None, start, team };
            let aggregate = periods.entry(key).or_default();
            let in_time = |e: &&&Event| deadline.is_none_or(|deadline| e.at <= deadline);
            for e in mine.of_kind(rule.kind).iter().filter(|e| rule.counts(cx, e)).filter(in_time) {
                aggregate.add(e, rule.measure, rule.field);
            }
        }
    }

    /// Folds the events of `day` (in time order) into the aggregates of per-customer periods.
    pub(in crate::track::close) fn fold_customers(
        &self,
        cx: &Context<'_>,
        periods: &mut Periods,
        day: NaiveDate,
        events: &[&Event],
    ) {
        // The customers the day's events list, for the rule (one quota's cycles follow one
        // another, and share them).
        let mut listings: Option<(&str, Vec<(&Event, &Customer)>)> = None;
        for rule in self.periods.iter().filter(|r| r.per == Per::Customer) {
            let Some((start, _)) = rule.cycle.bounds(day) else { continue };
            if let Some(list) = rule.listed_in {
                if listings.as_ref().is_none_or(|(id, _)| *id != rule.id) {
                    listings = Some((rule.id, listed(cx, rule, list, events)));
                }
                if let Some((_, listed)) = &listings {
                    fold_listed(cx, periods, rule, (day, start), listed);
                }
                continue;
            }
            for e in events.iter().filter(|e| rule.counts(cx, e)) {
                let Some(customer) = &e.customer else { continue };
                let record = cx.event_customer(e).map(|(_, c)| c);
                // A customer the roster lacks has no frequency and no manager with a role.
                let unknown = record.is_none() && (rule.by_frequency() || !rule.roles.is_empty());
                if record.is_some_and(|c| !rule.follows(cx, c)) || unknown {
                    continue;
                }
                let manager = cx.customer(customer.as_str()).and_then(|c| c.manager.clone());
                let key = PeriodKey {
                    rule: rule.id.into(),
                    person: manager.unwrap_or_default(),
                    customer: Some(customer.clone()),
                    start,
                    team: None,
                };
                periods.entry(key).or_default().add(e, rule.measure, rule.field);
            }
        }
    }

    /// Emits the findings of periods that end on `day`.
    pub(in crate::track::close) fn close_periods(
        &self,
        cx: &Context<'_>,
        periods: &mut Periods,
        day: NaiveDate,
        out: &mut Vec<Finding>,
    ) {
        let calendar = cx.playbook.calendar();
        for r in 0..self.periods.len() {
            let rule = &self.periods[r];
            match rule.cycle.bounds(day) {
                Some(bounds) if rule.last_day(calendar, day) == Some(day) => {
                    self.emit_period(cx, periods, r, bounds, true, out);
                }
                _ => {}
            }
        }
    }

    fn emit_period(
        &self,
        cx: &Context<'_>,
        periods: &mut Periods,
        r: usize,
        (start, end): (NaiveDate, NaiveDate),
        remove: bool,
        out: &mut Vec<Finding>,
    ) {
        let rule = &self.periods[r];
        let calendar = cx.playbook.calendar();
        let window = Span { start: cx.local(start, TimeOfDay::MIDNIGHT), end: rule.deadline(calendar, end) };
        let text = || RuleText { rule: cx.playbook.rule(rule.id, rule.refs), title: rule.title, measure: rule.measure };
        let when = match rule.cycle {
            Cycle::Runs(every, _) => format!("in the {} visit period {start} to {end}", every_word(every)),
            _ => format!("in the {} from {start}", rule.cycle.name()),
        };
        let when_said: Arg = match rule.cycle {
            Cycle::Period(period) => {
                Message::new("when-period", [("period", period.name().into()), ("start", start.into())])
            }
            Cycle::Phase(phase) => {
                Message::new("when-phase", [("phase", phase.title.as_str().into()), ("start", start.into())])
            }
            Cycle::Runs(every, _) => Message::new(
                "when-visit-period",
                [("every", every_key(every).into()), ("first", start.into()), ("last", end.into())],
            ),
        }
        .into();
        let keys: Vec<(PeriodKey, Option<&Person>)> = match rule.per {
            Per::Person => cx
                .roster
                .people
                .iter()
                .filter(|p| p.has_role_in(cx.playbook, rule.roles))
                .map(|p| {
                    let key =
                        PeriodKey { rule: rule.id.into(), person: p.id.clone(), customer: None, start, team: None };
                    (key, Some(p))
                })
                .collect(),
            // Each team with a member the rule applies to, once, for its chief.
            Per::Team => cx
                .roster
                .teams
                .iter()
                .filter(|t| {
                    cx.roster
                        .people
                        .iter()
                        .any(|p| p.team.as_ref() == Some(&t.id) && p.has_role_in(cx.playbook, rule.roles))
                })
                .map(|t| {
                    let chief = t.chief.as_ref().and_then(|c| cx.person(c));
                    let key = PeriodKey {
                        rule: rule.id.into(),
                        person: SmolStr::default(),
                        customer: None,
                        start,
                        team: Some(t.id.clone()),
                    };
                    (key, chief)
                })
                .collect(),
            Per::Customer => cx
                .roster
                .customers
                .iter()
                .filter(|c| rule.customers.is_none_or(|filter| filter.admits(&c.tags)) && rule.follows(cx, c))
                .map(|c| {
                    let manager = c.manager.as_ref().and_then(|m| cx.person(m.as_str()));
                    let key = PeriodKey {
                        rule: rule.id.into(),
                        person: c.manager.clone().unwrap_or_default(),
                        customer: Some(c.id.clone()),
                        start,
                        team: None,
                    };
                    (key, manager)
                })
                .collect(),
        };
        let nobody = Person::default();
        let mut found = Vec::new();
        for (key, person) in keys {
            let aggregate = if remove { periods.remove(&key) } else { periods.get(&key).cloned() };
            let aggregate = aggregate.unwrap_or_default();
            let person = person.unwrap_or(&nobody);
            if let Some(team) = &key.team {
                // A team's target stands while a member (or the chief) is away.
                let judge = self.judge(text(), rule.at_least.as_ref(), rule.at_most.as_ref(), person);
                let mut finding =
                    Self::measured(cx, &judge, person, None, window, aggregate, (when.as_str(), &when_said));
                finding.team = Some(team.clone());
                found.push(finding);
                continue;
            }
            // Days away shrink what the period asks (`prorate`).
            let (away, working) =
                if person.absences.is_empty() { (0, 0) } else { absences::days_away(cx, person, start, end) };
            if away > 0 && away == working {
                let absence = person.absences.iter().find(|a| a.from <= end && a.to >= start).cloned();
                let judge = self.judge(text(), rule.at_least.as_ref(), rule.at_most.as_ref(), person);
                let when = (when.as_str(), &when_said);
                let mut finding = Self::measured(cx, &judge, person, key.customer.as_ref(), window, aggregate, when);
                finding.status = Status::Excused;
                finding.message.push_str(" (excused: away every working day)");
                let inner = std::mem::take(&mut finding.text);
                finding.text = Message::new("excused-away-all", [("finding", inner.into())]);
                finding.excused = absence;
                found.push(finding);
                continue;
            }
            let prorated = (away > 0)
                .then(|| rule.at_least.as_ref()?.for_attrs(&person.attrs))
                .flatten()
                .map(|least| Threshold::Fixed(least.scaled(working - away, working)));
            let at_least = prorated.as_ref().or(rule.at_least.as_ref());
            let judge = self.judge(text(), at_least, rule.at_most.as_ref(), person);
            let (when, when_said) = if prorated.is_some() {
                let said = Message::new(
                    "when-prorated",
                    [
                        ("when", when_said.clone()),
                        ("away", Arg::Count(away as u64)),
                        ("working", Arg::Count(working as u64)),
                    ],
                );
                (format!("{when} (prorated: {away} of {working} working days away)"), said.into())
            } else {
                (when.clone(), when_said.clone())
            };
            let when = (when.as_str(), &when_said);
            found.push(Self::measured(cx, &judge, person, key.customer.as_ref(), window, aggregate, when));
        }
        out.extend(found);
    }

    /// Pending findings of the periods still open on `today` (those ending today or earlier
    /// were judged when their last day closed).
    pub(in crate::track::close) fn open_periods(
        &self,
        cx: &Context<'_>,
        periods: &mut Periods,
        today: NaiveDate,
        out: &mut Vec<Finding>,
    ) {
        let calendar = cx.playbook.calendar();
        for r in 0..self.periods.len() {
            let rule = &self.periods[r];
            match rule.cycle.bounds(today) {
                Some(bounds) if rule.last_day(calendar, today) > Some(today) => {
                    self.emit_period(cx, periods, r, bounds, false, out);
                }
                _ => {}
            }
        }
    }
}

/// The roster customers each of `events` the listing `rule` counts names in its list
/// field `list` (a schedule's `planned`), each once per event, in event order.
fn listed<'e, 'a>(
    cx: &Context<'a>,
    rule: &PeriodRule<'_>,
    list: &str,
    events: &[&'e Event],
) -> Vec<(&'e Event, &'a Customer)> {
    let mut out = Vec::new();
    for e in events.iter().filter(|e| matches(rule.kind, rule.filter, e) && records(&rule.matched, e)) {
        let Some(Value::List(names)) = e.fields.get(list) else { continue };
        let from = out.len();
        out.extend(cx.listed_customers(e, names).map(|c| (*e, c)));
        out[from..].sort_unstable_by(|a, b| a.1.id.cmp(&b.1.id));
        // A customer named twice on one event counts once.
        let mut kept = from;
        for i in from..out.len() {
            if kept == from || out[i].1.id != out[kept - 1].1.id {
                out.swap(kept, i);
                kept += 1;
            }
        }
        out.truncate(kept);
    }
    out
}

/// Folds the customers the day's events list (`listed`) into the aggregates of `rule`'s
/// period starting on `start`: each counts for the customers the rule judges, for the
/// customer's manager.
fn fold_listed(
    cx: &Context<'_>,
    periods: &mut Periods,
    rule: &PeriodRule<'_>,
    (day, start): (NaiveDate, NaiveDate),
    listed: &[(&Event, &Customer)],
) {
    // The rule's id made once: a key per listed customer clones it.
    let id = SmolStr::new(rule.id);
    for (e, customer) in listed.iter().filter(|(_, c)| rule.follows(cx, c) && cx.admits(rule.customers, c, day)) {
        let key = PeriodKey {
            rule: id.clone(),
            person: customer.manager.clone().unwrap_or_default(),
            customer: Some(customer.id.clone()),
            start,
            team: None,
        };
        periods.entry(key).or_default().count(e, rule.cite);
    }
}

/// A rule counted over weeks, months or quarters: a quota with such a window, or a duty
/// scheduled "at least N times per period".
pub(super) struct PeriodRule<'a> {
    id: &'a str,
    refs: &'a [String],
    title: &'a str,
    measure: Measure,
    kind: &'a str,
    filter: &'a Filter,
    customers: Option<&'a CustomerFilter>,
    field: Option<&'a str>,
    cycle: Cycle<'a>,
    per: Per,
    at_least: Option<Threshold>,
    at_most: Option<Threshold>,
    roles: &'a [String],
    /// Whether it is a duty, due on the period's due day ([`Calendar::period_due_day`]);
    /// a quota runs to the end of the period's last day.
    duty: bool,
    /// A duty's due time (untimed: the end of the working day).
    due: Option<TimeOfDay>,
    /// The values a duty's `match` asks of the events it counts.
    matched: Vec<(&'a str, &'a str)>,
    /// The list field whose customers an event counts for (`listed_in`), rather than its
    /// own customer.
    listed_in: Option<&'a str>,
    /// How many events a finding of a listing rule cites: the first that meet its
    /// `at_least` (a count each customer holds, kept small), all it may (up to
    /// [`MAX_CITED_EVENTS`]) with an `at_most`.
    cite: usize,
}

impl PeriodRule<'_> {
    /// Whether the rule counts per the periods of visit frequencies.
    fn by_frequency(&self) -> bool {
        matches!(self.cycle, Cycle::Runs(..))
    }

    /// Whether the rule judges `customer`: one whose manager has one of the rule's `roles`
    /// (any customer when it names none), and for the periods of a visit frequency, one
    /// whose frequency has the rule's period.
    fn follows(&self, cx: &Context<'_>, customer: &Customer) -> bool {
        let owed = self.roles.is_empty()
            || customer
                .manager
                .as_deref()
                .and_then(|m| cx.person(m))
                .is_some_and(|m| m.has_role_in(cx.playbook, self.roles));
        owed && match self.cycle {
            Cycle::Runs(every, _) => planning(cx).and_then(|p| customer.frequency(p)).is_some_and(|f| f.every == every),
            _ => true,
        }
    }

    /// Whether the rule counts `e`: its kind, fields and customer's tags, and for `first`
    /// rules whether it is its customer's first.
    fn counts(&self, cx: &Context<'_>, e: &Event) -> bool {
        matches(self.kind, self.filter, e)
            && records(&self.matched, e)
            && cx.about(self.customers, e)
            && (self.measure != Measure::First || cx.is_first(self.id, e))
    }

    /// The last day whose events count in the period holding `date` (`None` when no
    /// period holds it): its findings come as that day closes.
    fn last_day(&self, calendar: &Calendar, date: NaiveDate) -> Option<NaiveDate> {
        match self.cycle {
            Cycle::Period(period) if self.duty => Some(calendar.period_due_day(period, date)),
            _ => self.cycle.bounds(date).map(|(_, last)| last),
        }
    }

    /// When the period holding `date` ends for this rule: a duty's due time on its due
    /// day, a quota's end of the working day on the period's last day.
    fn deadline(&self, calendar: &Calendar, date: NaiveDate) -> DateTime<FixedOffset> {
        calendar.due(self.last_day(calendar, date).unwrap_or(date), self.due)
    }
}

/// The windows a period rule is counted over: weeks, months or quarters, the days of a
/// monthly phase, or the runs of a month's working days of a visit frequency (the
/// planner's, [`Calendar::run_holding`]).
#[derive(Clone, Copy)]
enum Cycle<'a> {
    Period(Period),
    Phase(&'a PhaseSpec),
    Runs(Every, &'a Calendar),
}

impl Cycle<'_> {
    /// The first and last day of the window holding `date`, if one does.
    fn bounds(self, date: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        match self {
            Self::Period(period) => Some(period.bounds(date)),
            Self::Phase(phase) => phase.days.bounds(date),
            Self::Runs(every, calendar) => calendar.run_holding(every, date).map(|run| (run.first, run.last)),
        }
    }

    /// `week`, `month`, `quarter`, the phase's title, or the frequency's period.
    fn name(self) -> String {
        match self {
            Self::Period(period) => period.name().to_string(),
            Self::Phase(phase) => format!("phase {}", phase.title),
            Self::Runs(every, _) => format!("{} visit period", every_word(every)),
        }
    }
}

/// The playbook's `[visit_planning]`.
fn planning<'a>(cx: &Context<'a>) -> Option<&'a VisitPlanningSpec> {
    cx.playbook.spec().visit_planning.as_ref()
}

/// A visit frequency's period in words: `weekly`, `two-weekly`, `monthly`.
fn every_word(every: Every) -> &'static str {
    match every {
        Every::Week => "weekly",
        Every::TwoWeeks => "two-weekly",
        Every::Month => "monthly",
    }
}

/// A visit frequency's period as a message selector: `week`, `two_weeks`, `month`.
fn every_key(every: Every) -> &'static str {
    match every {
        Every::Week => "week",
        Every::TwoWeeks => "two_weeks",
        Every::Month => "month",
    }
}

pub(super) fn period_rules(playbook: &Playbook) -> Vec<PeriodRule<'_>> {
    let spec = playbook.spec();
    // The periods of the playbook's visit frequencies, each once, in order.
    let mut everies: Vec<Every> = Vec::new();
    for f in spec.visit_planning.iter().flat_map(|p| &p.frequencies) {
        if !everies.contains(&f.every) {
            everies.push(f.every);
        }
    }
    let quotas = spec.quotas.iter().flat_map(|q| {
        let cycles = match q.window {
            Window::Week => vec![Cycle::Period(Period::Week)],
            Window::Month => vec![Cycle::Period(Period::Month)],
            Window::Quarter => vec![Cycle::Period(Period::Quarter)],
            Window::Phase => spec.phases.iter().filter(|p| q.phase.as_ref() == Some(&p.id)).map(Cycle::Phase).collect(),
            // One rule for each period the frequencies use, judging the customers of that period.
            Window::VisitFrequency => everies.iter().map(|every| Cycle::Runs(*every, playbook.calendar())).collect(),
            Window::Event | Window::Day | Window::WorkingDays(_) | Window::Days(_) => Vec::new(),
        };
        cycles.into_iter().map(move |cycle| PeriodRule {
            id: &q.id,
            refs: &q.refs,
            title: &q.title,
            measure: q.measure,
            kind: &q.of.kind,
            filter: &q.of.filter,
            customers: q.customers.as_ref(),
            field: q.field.as_deref(),
            cycle,
            per: q.per,
            at_least: q.at_least.clone(),
            at_most: q.at_most.clone(),
            roles: &q.roles,
            duty: false,
            due: None,
            matched: Vec::new(),
            listed_in: q.listed_in.as_deref(),
            cite: cited_events(q),
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
            customers: None,
            field: None,
            cycle: Cycle::Period(period),
            per: Per::Person,
            at_least: Some(Threshold::Fixed(Amount::Number(f64::from(times)))),
            at_most: None,
            roles: &d.roles,
            duty: true,
            due: d.by.or(d.at),
            matched: d.matched(),
            listed_in: None,
            cite: MAX_CITED_EVENTS,
        })
    });
    quotas.chain(duties).collect()
}

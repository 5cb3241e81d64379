//! Closing a day: week, month and quarter rules, folded day by day and judged when
//! their period ends.

use chrono::NaiveDate;

use crate::aggregate::{has_fields, matches};
use crate::close::{DayCloser, RuleText, midnight};
use crate::event::Event;
use crate::finding::{Finding, Span, Status};
use crate::people::Person;
use crate::person_day::PersonDay;
use crate::playbook::Playbook;
use crate::quota::{Amount, Measure, Per, Threshold, Window};

use crate::schedule::Period;
use crate::tracker::PeriodKey;

/// A rule counted over weeks, months or quarters: a quota with such a window, or a duty
/// scheduled "at least N times per period".
pub(crate) struct PeriodRule<'a> {
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

pub(crate) fn period_rules(playbook: &Playbook) -> Vec<PeriodRule<'_>> {
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

impl DayCloser<'_> {
    pub(crate) fn fold_periods(&mut self, person: &Person, day: NaiveDate, mine: &PersonDay<'_, '_>) {
        for rule in self.period_rules.iter().filter(|r| r.per == Per::Person) {
            if !person.has_role_in(self.playbook, rule.roles) {
                continue;
            }
            let key = PeriodKey {
                rule: rule.id.into(),
                person: person.id.clone(),
                customer: None,
                start: rule.period.bounds(day).0,
            };
            let aggregate = self.state.periods.entry(key).or_default();
            for e in mine.of_kind(rule.kind).iter().filter(|e| has_fields(rule.filter, e)) {
                aggregate.add(e, rule.measure, rule.field);
            }
        }
    }

    pub(crate) fn fold_customer_periods(&mut self, day: NaiveDate, events: &[&Event]) {
        for rule in self.period_rules.iter().filter(|r| r.per == Per::Customer) {
            for e in events.iter().filter(|e| matches(rule.kind, rule.filter, e)) {
                let Some(customer) = &e.customer else { continue };
                let manager = self.customers.get(customer.as_str()).and_then(|(_, c)| c.manager.clone());
                let key = PeriodKey {
                    rule: rule.id.into(),
                    person: manager.unwrap_or_default(),
                    customer: Some(customer.clone()),
                    start: rule.period.bounds(day).0,
                };
                self.state.periods.entry(key).or_default().add(e, rule.measure, rule.field);
            }
        }
    }

    /// Emits the findings of periods that end on `day`.
    pub(crate) fn close_periods(&mut self, day: NaiveDate, out: &mut Vec<Finding>) {
        for r in 0..self.period_rules.len() {
            let (start, end) = self.period_rules[r].period.bounds(day);
            if end != day {
                continue;
            }
            self.emit_period(r, start, end, true, out);
        }
    }

    pub(crate) fn emit_period(
        &mut self,
        r: usize,
        start: NaiveDate,
        end: NaiveDate,
        remove: bool,
        out: &mut Vec<Finding>,
    ) {
        let rule = &self.period_rules[r];
        let calendar = self.playbook.calendar();
        let window = Span { start: self.local(start, midnight()), end: calendar.local(end, calendar.end_of_day()) };
        let text =
            || RuleText { rule: self.playbook.rule(rule.id, rule.refs), title: rule.title, measure: rule.measure };
        let when = format!("in the {} from {start}", period_name(rule.period));
        let keys: Vec<(PeriodKey, Option<&Person>)> = match rule.per {
            Per::Person => self
                .roster
                .people
                .iter()
                .filter(|p| p.has_role_in(self.playbook, rule.roles))
                .map(|p| (PeriodKey { rule: rule.id.into(), person: p.id.clone(), customer: None, start }, Some(p)))
                .collect(),
            Per::Customer => self
                .roster
                .customers
                .iter()
                .map(|c| {
                    let manager = c.manager.as_ref().and_then(|m| self.people.get(m.as_str()).map(|&(_, p)| p));
                    let key = PeriodKey {
                        rule: rule.id.into(),
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
            let judge = self.judge(text(), rule.at_least.as_ref(), rule.at_most.as_ref(), person);
            found.push(self.measured(&judge, person, key.customer.as_ref(), window, aggregate, &when));
        }
        out.extend(found);
    }

    /// Pending findings of the periods, duties and follow-ups still open.
    pub(crate) fn open_findings(mut self, out: &mut Vec<Finding>) {
        let Some(now) = self.now else { return };
        let today = now.with_timezone(&self.playbook.calendar().time_zone()).date_naive();
        // Periods ending today or earlier were judged when their last day closed.
        for r in 0..self.period_rules.len() {
            let (start, end) = self.period_rules[r].period.bounds(today);
            if end > today {
                self.emit_period(r, start, end, false, out);
            }
        }
        self.close_check_periods(today, true, out);
        for open in self.state.duties.values().flatten().cloned().collect::<Vec<_>>() {
            out.push(self.duty_finding(&open, Status::Fail, None));
        }
        for open in self.state.follow_ups.values().flatten().cloned().collect::<Vec<_>>() {
            out.push(self.follow_up_finding(&open, None));
        }
        crate::close_customers::open_findings(self.playbook, self.roster, self.state, now, out);
    }
}

fn period_name(period: Period) -> &'static str {
    match period {
        Period::Week => "week",
        Period::Month => "month",
        Period::Quarter => "quarter",
    }
}

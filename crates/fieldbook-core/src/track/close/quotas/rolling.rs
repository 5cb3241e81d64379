//! Judging rolling-window quotas (`window = { working_days = 5 }`): a person's (or a
//! person's customer's) events stay counted while they are inside the window that ends on
//! the day closed. A person's count is judged every working day; a customer's on each day
//! the customer has an event (T77-style spacing: no customer visited twice within 5
//! working days fails on the second visit, citing both).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use smol_str::SmolStr;

use super::Quotas;
use crate::message::{Arg, Message};
use crate::roster::Person;
use crate::spec::Per;
use crate::time::TimeOfDay;
use crate::track::aggregate::Aggregate;
use crate::track::close::context::{Context, DayTimes};
use crate::track::close::person_day::PersonDay;
use crate::track::finding::{Finding, Span};
use crate::track::state::{Counted, RollingKey};

/// The events each rolling count holds.
type Rolling = BTreeMap<RollingKey, Vec<Counted>>;

impl Quotas<'_> {
    /// Counts `person`'s events of the day into their rolling windows and judges them.
    pub(in crate::track::close) fn judge_rolling(
        &self,
        cx: &Context<'_>,
        rolling: &mut Rolling,
        person: &Person,
        times: &DayTimes,
        mine: &PersonDay<'_, '_>,
        out: &mut Vec<Finding>,
    ) {
        let calendar = cx.playbook.calendar();
        for quota in cx.playbook.spec().quotas.iter().filter(|q| q.window.is_rolling()) {
            if !person.has_role_in(cx.playbook, &quota.roles) {
                continue;
            }
            let Some(first) = calendar.window_start(quota.window, times.date) else { continue };
            let window = Span { start: cx.local(first, TimeOfDay::MIDNIGHT), end: times.day.end };
            let when = format!("{} ({first} to {})", quota.window.describe(), times.date);
            let when_said: Arg = Message::new(
                "when-rolling",
                [("window", quota.window.said().into()), ("from", first.into()), ("to", times.date.into())],
            )
            .into();
            let judge = self.quota_judge(cx, quota, person);
            let counted = || mine.of_kind(&quota.of.kind).iter().filter(|e| super::counted(cx, quota, e));
            let mut count = |customer: Option<&SmolStr>, out: &mut Vec<Finding>| {
                let key = RollingKey {
                    rule: quota.id.as_str().into(),
                    person: person.id.clone(),
                    customer: customer.cloned(),
                };
                let held = rolling.entry(key).or_default();
                held.retain(|c| c.date >= first);
                held.extend(
                    counted()
                        .filter(|e| customer.is_none() || e.customer.as_ref() == customer)
                        .map(|e| Counted { date: times.date, id: e.id.clone() }),
                );
                let aggregate = Aggregate::count_of(held.iter().map(|c| &c.id));
                out.push(Self::measured(cx, &judge, person, customer, window, aggregate, (&when, &when_said)));
            };
            match quota.per {
                Per::Person if times.working => count(None, out),
                Per::Person => {
                    // Not judged on a day off, but its events count in the days ahead.
                    let key = RollingKey { rule: quota.id.as_str().into(), person: person.id.clone(), customer: None };
                    let held = rolling.entry(key).or_default();
                    held.extend(counted().map(|e| Counted { date: times.date, id: e.id.clone() }));
                }
                Per::Customer => {
                    let mut customers: Vec<&SmolStr> = counted().filter_map(|e| e.customer.as_ref()).collect();
                    customers.sort_unstable();
                    customers.dedup();
                    for customer in customers {
                        count(Some(customer), out);
                    }
                }
                // Validation keeps team quotas to weeks, months and quarters.
                Per::Team => {}
            }
        }
    }

    /// Forgets the events that have left their window once `day` is closed: the next
    /// day's window starts no earlier than `day`'s.
    pub(in crate::track::close) fn prune_rolling(cx: &Context<'_>, rolling: &mut Rolling, day: NaiveDate) {
        let calendar = cx.playbook.calendar();
        let quotas = &cx.playbook.spec().quotas;
        rolling.retain(|key, held| {
            let first = quotas
                .iter()
                .find(|q| q.id == key.rule)
                .and_then(|q| calendar.window_start(q.window, day))
                .unwrap_or(NaiveDate::MAX);
            held.retain(|c| c.date >= first);
            !held.is_empty()
        });
    }
}

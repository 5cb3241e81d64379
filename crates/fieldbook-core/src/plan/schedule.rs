//! A day's schedule (T77-12): the day's slice of the month plan, re-planned when the
//! previous day left customers unvisited. Those come first in priority: when the day then
//! holds more than fit, visits that only fill the quota give way first, then required
//! visits whose window runs on after today; what gives way is listed, with why.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use super::route::{self, clock, position, timetable};
use super::{MonthPlan, PlannedVisit};
use crate::fast_map::FastMap;
use crate::playbook::Playbook;
use crate::roster::Customer;

/// The visits of one day, in visiting order with expected times.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DaySchedule {
    /// The date.
    pub date: NaiveDate,
    /// The visits.
    pub visits: Vec<PlannedVisit>,
    /// Planned visits that gave way to carried-over customers.
    pub deferred: Vec<Deferred>,
}

/// A planned visit that does not fit into the re-planned day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Deferred {
    /// The customer.
    pub customer: SmolStr,
    /// Why, and where it can go.
    pub reason: String,
}

impl MonthPlan {
    /// The schedule of `date`: the plan's visits of the day, with `unvisited` (customers
    /// planned earlier and not visited) added first in priority, ordered along a short
    /// path and timed. `customers` are the customers the plan was made for.
    pub fn day_schedule(
        &self,
        playbook: &Playbook,
        customers: &[Customer],
        date: NaiveDate,
        unvisited: &[String],
    ) -> DaySchedule {
        let planned: &[PlannedVisit] = self.day(date).map_or(&[], |d| d.visits.as_slice());
        let mut visits: Vec<PlannedVisit> = Vec::new();
        for id in unvisited {
            if visits.iter().any(|v| v.customer == id) {
                continue;
            }
            let earlier = self
                .days
                .iter()
                .rev()
                .filter(|d| d.date < date)
                .find_map(|d| d.visits.iter().find(|v| v.customer == id).map(|v| (d.date, v)));
            let (mut reasons, refs) = match earlier {
                Some((day, v)) => (vec![format!("carried over: planned for {day} and not visited")], v.refs.clone()),
                None => (vec!["carried over: not visited as planned".to_string()], Vec::new()),
            };
            if let Some((_, v)) = earlier {
                reasons.extend(v.reasons.iter().cloned());
            }
            visits.push(PlannedVisit {
                customer: id.as_str().into(),
                arrive: clock(0),
                leave: clock(0),
                reasons,
                refs,
                required: true,
            });
        }
        let carried = visits.len();
        visits.extend(planned.iter().filter(|v| !unvisited.iter().any(|u| *u == v.customer)).cloned());
        let max = self.params.day_max_on(playbook.calendar(), date) as usize;
        let mut deferred = Vec::new();
        // Give way: quota fillers last-first, then required visits whose window goes on.
        while visits.len() > max {
            let later = |v: &PlannedVisit| {
                self.requirements.iter().find(|r| r.customer == v.customer && r.first <= date && date < r.last)
            };
            let pick = (carried..visits.len())
                .rev()
                .find(|&i| !visits[i].required)
                .or_else(|| (carried..visits.len()).rev().find(|&i| later(&visits[i]).is_some()));
            let Some(i) = pick else { break };
            let v = visits.remove(i);
            let reason = match later(&v) {
                Some(r) if v.required => format!("gives way to carried-over customers; its window runs to {}", r.last),
                _ if !v.required => "gives way to carried-over customers; it only filled the quota".to_string(),
                _ => "gives way to carried-over customers".to_string(),
            };
            deferred.push(Deferred { customer: v.customer, reason });
        }
        if visits.len() > max {
            for v in visits.drain(max..) {
                deferred.push(Deferred {
                    customer: v.customer,
                    reason: format!("more than {max} visits do not fit into the day, and its window ends today"),
                });
            }
        }
        let mut by_id: FastMap<&str, &Customer> = FastMap::default();
        for c in customers {
            by_id.entry(c.id.as_str()).or_insert(c);
        }
        let lookup = |id: &str| by_id.get(id).and_then(|c| position(playbook, c));
        let points: Vec<Option<(f64, f64)>> = visits.iter().map(|v| lookup(&v.customer)).collect();
        let order = route::order(&points);
        let positions: Vec<Option<(f64, f64)>> = order.iter().map(|&i| points[i]).collect();
        // The visits moved into visiting order (`order` is a permutation of them).
        let mut rank = vec![0; visits.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        let mut ranked: Vec<(usize, PlannedVisit)> = rank.into_iter().zip(visits).collect();
        ranked.sort_unstable_by_key(|(r, _)| *r);
        let mut ordered: Vec<PlannedVisit> = ranked.into_iter().map(|(_, v)| v).collect();
        for (v, (arrive, leave)) in ordered.iter_mut().zip(timetable(playbook, &self.params, &positions)) {
            v.arrive = clock(arrive);
            v.leave = clock(leave);
        }
        DaySchedule { date, visits: ordered, deferred }
    }
}

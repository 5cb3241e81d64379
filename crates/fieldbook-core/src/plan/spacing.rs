//! Spacing between a customer's visits: a per-customer rolling quota over the planned
//! kind (`window = { working_days = 5 }`, `per = "customer"`, `at_most = 1`) holds in a
//! plan. Required visits that break it move to another day of their window, or are given
//! up (a shortfall says why); visits that fill days to the quota never break it.

use chrono::NaiveDate;

use super::params::PlanParams;
use super::place::Visit;
use super::requirements::Demand;
use crate::calendar::Calendar;
use crate::playbook::Playbook;
use crate::roster::Person;
use crate::spec::{Amount, Per, Window};

/// One spacing rule: at most `at_most` visits to a customer in any `window`.
#[derive(Clone, Debug)]
pub(super) struct Spacing {
    pub(super) rule: String,
    pub(super) refs: Vec<String>,
    window: Window,
    at_most: usize,
}

impl Spacing {
    /// The spacing rules of `playbook` over the planned kind that apply to `person`.
    pub(super) fn of(playbook: &Playbook, params: &PlanParams, person: &Person) -> Vec<Self> {
        playbook
            .spec()
            .quotas
            .iter()
            .filter(|q| {
                q.window.is_rolling()
                    && q.per == Per::Customer
                    && q.of.kind == params.kind
                    && q.of.filter.is_empty()
                    && person.has_role_in(playbook, &q.roles)
            })
            .filter_map(|q| match q.at_most.as_ref()?.for_attrs(&person.attrs)? {
                Amount::Number(n) => Some(Self {
                    rule: q.id.clone(),
                    refs: q.refs.clone(),
                    window: q.window,
                    at_most: n.floor().max(0.0) as usize,
                }),
                Amount::Time(_) => None,
            })
            .collect()
    }

    /// The rule in words: `at most 1 within 5 working days`.
    pub(super) fn describe(&self) -> String {
        format!("at most {} {}", self.at_most, self.window.describe())
    }

    /// Whether one more visit on `day` keeps every window that holds it within the rule,
    /// given the customer's other visits `visits` (any order).
    pub(super) fn allows(&self, calendar: &Calendar, visits: &[NaiveDate], day: NaiveDate) -> bool {
        let mut all: Vec<NaiveDate> = visits.iter().copied().chain([day]).collect();
        all.sort_unstable();
        // The fullest windows end on a visit; those ending on or after `day` may hold it.
        for &end in all.iter().filter(|d| **d >= day) {
            let Some(start) = calendar.window_start(self.window, end) else { return true };
            if start > day {
                break;
            }
            if all.iter().filter(|d| **d >= start && **d <= end).count() > self.at_most {
                return false;
            }
        }
        true
    }
}

/// Whether every rule allows a visit on `day`.
pub(super) fn allowed(rules: &[Spacing], calendar: &Calendar, visits: &[NaiveDate], day: NaiveDate) -> bool {
    rules.iter().all(|r| r.allows(calendar, visits, day))
}

/// Moves the required visits that break a rule to another day of their demand's window
/// with room (`load[d] < caps[d]`), earliest first; gives up those that fit nowhere and
/// returns them per demand, with the rule that gave them up.
pub(super) fn repair(
    rules: &[Spacing],
    calendar: &Calendar,
    visits: &mut Vec<Visit>,
    demands: &[Demand],
    days: &[NaiveDate],
    caps: &[u32],
    before: impl Fn(usize) -> Option<NaiveDate>,
) -> Vec<(usize, usize)> {
    if rules.is_empty() {
        return Vec::new();
    }
    let mut load = vec![0u32; days.len()];
    for v in visits.iter() {
        load[v.day] += 1;
    }
    visits.sort_by_key(|v| (demands[v.demand].customer, v.day));
    let mut kept: Vec<Visit> = Vec::with_capacity(visits.len());
    let mut given_up = Vec::new();
    let mut i = 0;
    while i < visits.len() {
        let customer = demands[visits[i].demand].customer;
        let mut taken: Vec<NaiveDate> = before(customer).into_iter().collect();
        let mut taken_days: Vec<usize> = Vec::new();
        while i < visits.len() && demands[visits[i].demand].customer == customer {
            let mut v = visits[i];
            i += 1;
            let fits = |d: usize, taken: &[NaiveDate]| allowed(rules, calendar, taken, days[d]);
            if !fits(v.day, &taken) {
                load[v.day] -= 1;
                let to = demands[v.demand]
                    .days
                    .clone()
                    .find(|&d| load[d] < caps[d] && !taken_days.contains(&d) && fits(d, &taken));
                match to {
                    Some(d) => v.day = d,
                    None => {
                        let rule = rules.iter().position(|r| !r.allows(calendar, &taken, days[v.day])).unwrap_or(0);
                        given_up.push((v.demand, rule));
                        continue;
                    }
                }
                load[v.day] += 1;
            }
            taken.push(days[v.day]);
            taken_days.push(v.day);
            kept.push(v);
        }
    }
    *visits = kept;
    given_up
}

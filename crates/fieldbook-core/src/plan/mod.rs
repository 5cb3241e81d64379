//! The month's visit plan (T77-7): which customers a person visits on each working day,
//! why, and what cannot fit.
//!
//! Required visits (frequencies and phase focus, see [`Requirement`]) are placed by a
//! maximum flow from requirements through customer-days to days, under the lowest daily
//! limit that fits them all (so the busiest day is as light as it can be), then moved from
//! fuller to emptier days within their windows, and swapped between days to group each
//! day by area (`area.rs`). Days below the route's quota (T77-8) are filled with the
//! customers farthest from their last or next visit. Each day is ordered along a short
//! path and timed from the start of field work. What cannot be met is reported as a
//! [`Shortfall`], never dropped silently.

mod area;
mod evaluate;
mod flow;
mod params;
mod place;
mod requirements;
mod route;
mod schedule;
mod shortfalls;
mod spacing;

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

pub use evaluate::PlanEvaluation;
pub use params::{PlanError, PlanParams};
pub use requirements::Requirement;
pub use schedule::{DaySchedule, Deferred};

use crate::playbook::Playbook;
use crate::roster::{Customer, Person};
use crate::time::{TimeOfDay, first_day_of_month};
use place::{balance, place};
use requirements::demands;
use route::{clock, position, timetable};
use shortfalls::{overrun_shortfalls, quota_shortfalls, requirement_shortfalls, spacing_shortfalls};
use spacing::Spacing;

/// A month's visit plan for one person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MonthPlan {
    /// The person.
    pub person: SmolStr,
    /// The first day of the month.
    pub month: NaiveDate,
    /// What the plan was built with.
    pub params: PlanParams,
    /// Every requirement, by customer.
    pub requirements: Vec<Requirement>,
    /// Each working day with its visits in visiting order.
    pub days: Vec<PlannedDay>,
    /// What the plan cannot meet; empty when it meets everything.
    pub shortfalls: Vec<Shortfall>,
}

/// One working day of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlannedDay {
    /// The date.
    pub date: NaiveDate,
    /// The visits, in visiting order, with expected times.
    pub visits: Vec<PlannedVisit>,
    /// When the last visit is expected to end.
    pub ends: Option<TimeOfDay>,
}

/// One planned visit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlannedVisit {
    /// The customer.
    pub customer: SmolStr,
    /// Expected arrival.
    pub arrive: TimeOfDay,
    /// Expected departure.
    pub leave: TimeOfDay,
    /// Why the visit is on this day (`key customer, weekly (key-weekly): 1 visit in
    /// 2026-06-08 to 2026-06-12`, `last visit 6 days ago`).
    pub reasons: Vec<String>,
    /// Source facts behind the reasons.
    pub refs: Vec<String>,
    /// Whether a requirement asks for it (else it fills the day to the quota).
    pub required: bool,
}

/// A requirement the plan cannot meet, by how much, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Shortfall {
    /// What is not met (`visits-per-day: at least 30 a day`, or a requirement's reasons).
    pub requirement: String,
    /// The customer, for a customer's requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<SmolStr>,
    /// The source facts (seed ids) of the rules behind it.
    pub refs: Vec<String>,
    /// The working days concerned.
    pub days: Vec<NaiveDate>,
    /// Visits asked.
    pub needed: u32,
    /// Visits planned.
    pub planned: u32,
    /// `needed - planned`.
    pub missing: u32,
    /// Why they do not fit.
    pub reason: String,
}

/// History a plan takes into account.
#[derive(Clone, Debug, Default)]
pub struct PlanOptions {
    last_visits: IndexMap<String, NaiveDate>,
}

impl PlanOptions {
    /// No history: customers are taken as never visited.
    pub fn new() -> Self {
        Self::default()
    }

    /// The last visit to each customer before the month (default none): it orders the
    /// customers that fill days to the quota and appears in the reasons.
    pub fn last_visits(mut self, last: IndexMap<String, NaiveDate>) -> Self {
        self.last_visits = last;
        self
    }
}

impl MonthPlan {
    /// Whether every requirement and the daily quota are met.
    pub fn is_feasible(&self) -> bool {
        self.shortfalls.is_empty()
    }

    /// The day of the plan on `date`.
    pub fn day(&self, date: NaiveDate) -> Option<&PlannedDay> {
        self.days.iter().find(|d| d.date == date)
    }
}

/// Plans the month that contains `month` (any day of it) for `person`, visiting every one
/// of `customers` (a slice, or any iterator of references): pass those the person manages
/// (the plan does not look at [`Customer::manager`]), e.g.
/// `roster.customers.iter().filter(|c| c.manager.as_deref() == Some("li"))`.
///
/// # Errors
/// When the playbook says too little to plan (no `[visit_planning]`, no visit length, no
/// field-work window). Requirements that cannot be met are not errors: they are the
/// plan's [`MonthPlan::shortfalls`].
///
/// # Example
/// ```
/// # use fieldbook_core as fieldbook;
/// use fieldbook::{Customer, Person, PlanOptions, Playbook, plan_month};
/// let text = r#"
///     [playbook]
///     id = "mini"
///     title = "Weekly visits"
///     [calendar]
///     time_zone = "Asia/Shanghai"
///     [customers]
///     tags = ["key"]
///     [event_kinds.visit]
///     title = "Visit"
///     customer = true
///     lasts = true
///     [visit_planning]
///     visit_length = "30m"
///     start = "09:00"
///     end = "12:00"
///     [[visit_planning.frequencies]]
///     id = "key-weekly"
///     title = "key customer"
///     customers = { tags_any = ["key"] }
///     every = "week"
/// "#;
/// let playbook = Playbook::from_toml(text, None)?;
/// let key = Customer { id: "c1".into(), tags: vec!["key".into()], ..Customer::default() };
/// let june = fieldbook::chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
/// let plan = plan_month(&playbook, &Person::new("li"), &[key], june, &PlanOptions::new())?;
/// assert!(plan.is_feasible());
/// assert_eq!(plan.days.iter().map(|d| d.visits.len()).sum::<usize>(), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan_month<'a>(
    playbook: &Playbook,
    person: &Person,
    customers: impl IntoIterator<Item = &'a Customer>,
    month: NaiveDate,
    options: &PlanOptions,
) -> Result<MonthPlan, PlanError> {
    let customers: Vec<&Customer> = customers.into_iter().collect();
    let customers = customers.as_slice();
    let params = PlanParams::new(playbook, person)?;
    let calendar = playbook.calendar();
    let first = first_day_of_month(month);
    let days = calendar.working_days_of_month(month);
    let demands = demands(playbook, customers, &days);
    let caps: Vec<u32> = days.iter().map(|d| params.day_max_on(calendar, *d)).collect();
    let (mut visits, unmet) = place(&demands, &caps);
    balance(&mut visits, &demands, &caps);
    let positions: Vec<Option<(f64, f64)>> = customers.iter().map(|c| position(playbook, c)).collect();
    area::group_by_area(&mut visits, &demands, &positions, days.len());
    let mut last: Vec<Option<NaiveDate>> =
        customers.iter().map(|c| options.last_visits.get(c.id.as_str()).copied().filter(|d| *d < first)).collect();
    let spacing = Spacing::of(playbook, &params, person);
    let spaced_out = spacing::repair(&spacing, calendar, &mut visits, &demands, &days, &caps, |c| last[c]);

    let mut shortfalls = requirement_shortfalls(&demands, &unmet, &visits, customers, &days, &caps, &params);
    spacing_shortfalls(&spacing, &spaced_out, &demands, customers, &days, &mut shortfalls);
    if days.is_empty() {
        let planning = playbook.spec().visit_planning.as_ref();
        let due = customers.iter().filter(|c| planning.is_some_and(|p| c.frequency(p).is_some())).count() as u32;
        if due > 0 {
            shortfalls.push(Shortfall {
                requirement: "visit frequencies".to_string(),
                customer: None,
                refs: planning.map_or_else(Vec::new, |p| p.refs.clone()),
                days: Vec::new(),
                needed: due,
                planned: 0,
                missing: due,
                reason: format!("the month has no working day, and {due} customers have a visit frequency"),
            });
        }
    }
    // Per day: the customers to visit, each with its demand (None for a visit that fills
    // the quota).
    let mut by_day: Vec<Vec<(usize, Option<usize>)>> = vec![Vec::new(); days.len()];
    for v in &visits {
        by_day[v.day].push((demands[v.demand].customer, Some(v.demand)));
    }
    // Each customer's days of required visits, in order.
    let mut required: Vec<Vec<usize>> = vec![Vec::new(); customers.len()];
    for v in &visits {
        required[demands[v.demand].customer].push(v.day);
    }
    required.iter_mut().for_each(|r| r.sort_unstable());
    // Each customer's visits so far and required ahead, for spacing rules.
    let mut visit_dates: Vec<Vec<NaiveDate>> = (0..customers.len())
        .map(|c| last[c].into_iter().chain(required[c].iter().map(|&d| days[d])).collect())
        .collect();
    let mut planned_days = Vec::with_capacity(days.len());
    for (d, date) in days.iter().enumerate() {
        let target = params.quota.min(caps[d]) as usize;
        let today = &mut by_day[d];
        today.sort_unstable();
        if today.len() < target {
            let mut visited = vec![false; customers.len()];
            for (c, _) in today.iter() {
                visited[*c] = true;
            }
            // The customers farthest from their other visits first: the fewer days to the
            // last visit or to the next required one (none counts as far as can be),
            // then in roster order.
            let far = i64::MAX / 2;
            let gap = |c: usize| {
                let since = last[c].map_or(far, |l| (*date - l).num_days());
                let until = required[c].iter().find(|&&k| k > d).map_or(far, |&k| (days[k] - *date).num_days());
                since.min(until)
            };
            let mut candidates: Vec<(std::cmp::Reverse<i64>, usize)> = (0..customers.len())
                .filter(|&c| !visited[c] && spacing::allowed(&spacing, calendar, &visit_dates[c], *date))
                .map(|c| (std::cmp::Reverse(gap(c)), c))
                .collect();
            candidates.sort_unstable();
            let candidates = candidates.into_iter().map(|(_, c)| c);
            for c in candidates.take(target - today.len()) {
                today.push((c, None));
                visit_dates[c].push(*date);
            }
        }
        let route: Vec<Option<(f64, f64)>> = today.iter().map(|(c, _)| position(playbook, customers[*c])).collect();
        let order = route::order(&route);
        let stops: Vec<(usize, Option<usize>)> = order.iter().map(|&i| today[i]).collect();
        let positions: Vec<Option<(f64, f64)>> = order.iter().map(|&i| route[i]).collect();
        let times = timetable(playbook, &params, &positions);
        let mut planned = Vec::with_capacity(stops.len());
        for ((c, demand), (arrive, leave)) in stops.iter().zip(&times) {
            let mut reasons = Vec::new();
            let mut refs = Vec::new();
            match demand {
                Some(k) => {
                    reasons.extend(demands[*k].reasons.iter().cloned());
                    refs.extend(demands[*k].refs.iter().cloned());
                }
                None => {
                    reasons.push(format!("fills the day to the quota of {}", params.quota));
                    if let Some((_, r)) = &params.quota_rule {
                        refs.extend(r.iter().cloned());
                    }
                }
            }
            reasons.push(match last[*c] {
                Some(l) => match (*date - l).num_days() {
                    1 => "last visit 1 day ago".to_string(),
                    n => format!("last visit {n} days ago"),
                },
                None => "no earlier visit on record".to_string(),
            });
            refs.dedup();
            planned.push(PlannedVisit {
                customer: customers[*c].id.clone(),
                arrive: clock(*arrive),
                leave: clock(*leave),
                reasons,
                refs,
                required: demand.is_some(),
            });
        }
        for (c, _) in &stops {
            last[*c] = Some(*date);
        }
        let ends = times.last().map(|(_, l)| clock(*l));
        planned_days.push(PlannedDay { date: *date, visits: planned, ends });
    }
    quota_shortfalls(&params, calendar, &planned_days, customers.len(), &mut shortfalls);
    overrun_shortfalls(playbook, &params, &planned_days, &mut shortfalls);
    let requirements = demands
        .iter()
        .map(|d| Requirement {
            customer: customers[d.customer].id.clone(),
            reasons: d.reasons.clone(),
            refs: d.refs.clone(),
            first: days[d.days.start],
            last: days[d.days.end - 1],
            visits: d.units,
        })
        .collect();
    Ok(MonthPlan { person: person.id.clone(), month: first, params, requirements, days: planned_days, shortfalls })
}

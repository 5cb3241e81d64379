//! The month's visit plan (T77-7): which customers a person visits on each working day,
//! why, and what cannot fit.
//!
//! Required visits (frequencies and phase focus, see [`Requirement`]) are placed by a
//! maximum flow from requirements through customer-days to days, under the lowest daily
//! limit that fits them all (so the busiest day is as light as it can be), then moved from
//! fuller to emptier days within their windows, and swapped between days to group each
//! day by area (`plan_area`). Days below the route's quota (T77-8) are filled with the
//! customers farthest from their last or next visit. Each day is ordered along a short
//! path and timed from the start of field work. What cannot be met is reported as a
//! [`Shortfall`], never dropped silently.

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::calendar::{first_day_of_month, last_day_of_month};
use crate::people::Person;
use crate::plan_area;
use crate::plan_flow::Network;
use crate::plan_params::{PlanError, PlanParams};
use crate::plan_requirements::{Demand, Requirement, demands, frequency_of};
use crate::plan_route;
use crate::playbook::Playbook;
use crate::roster::Customer;
use crate::time::TimeOfDay;

/// A month's visit plan for one person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthPlan {
    /// The person.
    pub person: String,
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
pub struct PlannedVisit {
    /// The customer.
    pub customer: String,
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
pub struct Shortfall {
    /// What is not met (`visits-per-day: at least 30 a day`, or a requirement's reasons).
    pub requirement: String,
    /// The customer, for a customer's requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// Source facts.
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

/// Plans the month that contains `month` for `person` and `customers` (usually those the
/// person manages).
///
/// # Errors
/// When the playbook says too little to plan (no `[visit_planning]`, no visit length, no
/// field-work window). Requirements that cannot be met are not errors: they are the
/// plan's [`MonthPlan::shortfalls`].
///
/// # Example
/// ```
/// use fieldbook_core::{Customer, Person, PlanOptions, Playbook, plan_month};
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
/// let june = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
/// let plan = plan_month(&playbook, &Person::new("li"), &[key], june, &PlanOptions::new())?;
/// assert!(plan.is_feasible());
/// assert_eq!(plan.days.iter().map(|d| d.visits.len()).sum::<usize>(), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan_month(
    playbook: &Playbook,
    person: &Person,
    customers: &[Customer],
    month: NaiveDate,
    options: &PlanOptions,
) -> Result<MonthPlan, PlanError> {
    let params = PlanParams::new(playbook, person)?;
    let calendar = playbook.calendar();
    let first = first_day_of_month(month);
    let days: Vec<NaiveDate> = first
        .iter_days()
        .take_while(|d| *d <= last_day_of_month(month))
        .filter(|d| calendar.is_working_day(*d))
        .collect();
    let demands = demands(playbook, customers, &days);
    let (mut visits, unmet) = place(&demands, days.len(), params.day_max);
    balance(&mut visits, &demands, days.len());
    let positions: Vec<Option<(f64, f64)>> = customers.iter().map(|c| position(playbook, c)).collect();
    plan_area::group_by_area(&mut visits, &demands, &positions, days.len());

    let mut shortfalls = requirement_shortfalls(&demands, &unmet, &visits, customers, &days, &params);
    if days.is_empty() {
        let planning = playbook.spec().visit_planning.as_ref();
        let due = customers.iter().filter(|c| planning.is_some_and(|p| frequency_of(p, c).is_some())).count() as u32;
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
    let mut last: Vec<Option<NaiveDate>> =
        customers.iter().map(|c| options.last_visits.get(c.id.as_str()).copied().filter(|d| *d < first)).collect();
    let target = params.quota.min(params.day_max) as usize;
    // Each customer's days of required visits, in order.
    let mut required: Vec<Vec<usize>> = vec![Vec::new(); customers.len()];
    for v in &visits {
        required[demands[v.demand].customer].push(v.day);
    }
    required.iter_mut().for_each(|r| r.sort_unstable());
    let mut planned_days = Vec::with_capacity(days.len());
    for (d, date) in days.iter().enumerate() {
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
            let mut candidates: Vec<(std::cmp::Reverse<i64>, usize)> =
                (0..customers.len()).filter(|&c| !visited[c]).map(|c| (std::cmp::Reverse(gap(c)), c)).collect();
            candidates.sort_unstable();
            let candidates = candidates.into_iter().map(|(_, c)| c);
            for c in candidates.take(target - today.len()) {
                today.push((c, None));
            }
        }
        let route: Vec<Option<(f64, f64)>> = today.iter().map(|(c, _)| position(playbook, &customers[*c])).collect();
        let order = plan_route::order(&route);
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
                customer: customers[*c].id.to_string(),
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
    quota_shortfalls(&params, &planned_days, customers.len(), &mut shortfalls);
    overrun_shortfalls(playbook, &params, &planned_days, &mut shortfalls);
    let requirements = demands
        .iter()
        .map(|d| Requirement {
            customer: customers[d.customer].id.to_string(),
            reasons: d.reasons.clone(),
            refs: d.refs.clone(),
            first: days[d.days.start],
            last: days[d.days.end - 1],
            visits: d.units,
        })
        .collect();
    Ok(MonthPlan { person: person.id.to_string(), month: first, params, requirements, days: planned_days, shortfalls })
}

/// A required visit: which demand it serves, on which day.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Visit {
    pub(crate) demand: usize,
    pub(crate) day: usize,
}

/// Places the demands' visits under the daily limit `day_max`, with the lowest uniform
/// limit that places as many as `day_max` does. Returns the visits and, per demand, how
/// many could not be placed.
fn place(demands: &[Demand], days: usize, day_max: u32) -> (Vec<Visit>, Vec<u32>) {
    let total: u32 = demands.iter().map(|d| d.units).sum();
    if days == 0 {
        return (Vec::new(), demands.iter().map(|d| d.units).collect());
    }
    let mut net = Network::new(2 + days);
    let (source, sink) = (0, 1);
    let day_node = |d: usize| 2 + d;
    let mut demand_edges = Vec::with_capacity(demands.len());
    let mut visit_edges: Vec<Vec<(usize, usize)>> = Vec::with_capacity(demands.len());
    let mut customer_day: std::collections::HashMap<(usize, usize), usize> = std::collections::HashMap::new();
    for demand in demands {
        let g = net.node();
        demand_edges.push(net.edge(source, g, demand.units));
        let mut edges = Vec::with_capacity(demand.days.len());
        for d in demand.days.clone() {
            let cd = match customer_day.get(&(demand.customer, d)) {
                Some(&node) => node,
                None => {
                    let node = net.node();
                    net.edge(node, day_node(d), 1);
                    customer_day.insert((demand.customer, d), node);
                    node
                }
            };
            edges.push((net.edge(g, cd, 1), d));
        }
        visit_edges.push(edges);
    }
    let day_edges: Vec<usize> = (0..days).map(|d| net.edge(day_node(d), sink, day_max)).collect();
    let is_day_edge = |e: usize| day_edges.binary_search(&e).is_ok();
    let best = net.max_flow(source, sink);
    if best == u64::from(total) {
        // The lowest uniform limit that still places every visit.
        let (mut lo, mut hi) = (total.div_ceil(days as u32).min(day_max), day_max);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            net.reset(|e, cap| if is_day_edge(e) { mid } else { cap });
            if net.max_flow(source, sink) == u64::from(total) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        net.reset(|e, cap| if is_day_edge(e) { lo } else { cap });
        net.max_flow(source, sink);
    }
    let mut visits = Vec::new();
    let mut unmet = Vec::with_capacity(demands.len());
    for (k, edges) in visit_edges.iter().enumerate() {
        for &(e, d) in edges {
            if net.flow(e) > 0 {
                visits.push(Visit { demand: k, day: d });
            }
        }
        unmet.push(demands[k].units - net.flow(demand_edges[k]));
    }
    (visits, unmet)
}

/// Moves visits from fuller to emptier days within their demand's window, while a move
/// narrows the gap, so days carry loads as even as the windows allow.
fn balance(visits: &mut [Visit], demands: &[Demand], days: usize) {
    let mut load = vec![0usize; days];
    let mut taken = std::collections::HashSet::new();
    for v in visits.iter() {
        load[v.day] += 1;
        taken.insert((demands[v.demand].customer, v.day));
    }
    // Each move lowers the sum of squared loads, so this ends.
    loop {
        let mut moved = false;
        for v in visits.iter_mut() {
            let c = demands[v.demand].customer;
            let target = demands[v.demand]
                .days
                .clone()
                .filter(|&d| load[d] + 1 < load[v.day] && !taken.contains(&(c, d)))
                .min_by_key(|&d| (load[d], d));
            if let Some(d) = target {
                taken.remove(&(c, v.day));
                taken.insert((c, d));
                load[v.day] -= 1;
                load[d] += 1;
                v.day = d;
                moved = true;
            }
        }
        if !moved {
            return;
        }
    }
}

/// A shortfall for each demand with visits that could not be placed.
fn requirement_shortfalls(
    demands: &[Demand],
    unmet: &[u32],
    visits: &[Visit],
    customers: &[Customer],
    days: &[NaiveDate],
    params: &PlanParams,
) -> Vec<Shortfall> {
    let mut load = vec![0u32; days.len()];
    for v in visits {
        load[v.day] += 1;
    }
    let mut out = Vec::new();
    for (k, demand) in demands.iter().enumerate().filter(|(k, _)| unmet[*k] > 0) {
        let window: Vec<NaiveDate> = days[demand.days.clone()].to_vec();
        let full = demand.days.clone().filter(|&d| load[d] >= params.day_max).count();
        let reason = if days.is_empty() {
            "the month has no working day".to_string()
        } else {
            format!(
                "{full} of the {} working days from {} to {} are full at the most that fit, {} visits a day ({}m a visit, {}m between visits, {} to {}); the others already hold this customer",
                window.len(),
                window.first().map_or(String::new(), ToString::to_string),
                window.last().map_or(String::new(), ToString::to_string),
                params.day_max,
                params.visit_minutes,
                params.travel_minutes,
                params.start,
                params.end
            )
        };
        out.push(Shortfall {
            requirement: demand.reasons.join("; "),
            customer: Some(customers[demand.customer].id.to_string()),
            refs: demand.refs.clone(),
            days: window,
            needed: demand.units,
            planned: demand.units - unmet[k],
            missing: unmet[k],
            reason,
        });
    }
    out
}

/// A shortfall for the days below the daily quota.
fn quota_shortfalls(params: &PlanParams, days: &[PlannedDay], customers: usize, out: &mut Vec<Shortfall>) {
    let Some((rule, refs)) = &params.quota_rule else { return };
    let short: Vec<&PlannedDay> = days.iter().filter(|d| (d.visits.len() as u32) < params.quota).collect();
    if short.is_empty() {
        return;
    }
    let planned: u32 = short.iter().map(|d| d.visits.len() as u32).sum();
    let needed = params.quota * short.len() as u32;
    let reason = if params.day_max < params.quota {
        format!(
            "at most {} visits fit in a day: {}m a visit ({}) and {}m between visits, from {} to {}",
            params.day_max,
            params.visit_minutes,
            params.visit_length_source,
            params.travel_minutes,
            params.start,
            params.end
        )
    } else {
        format!("the person has {customers} customers, and a customer is visited at most once a day")
    };
    out.push(Shortfall {
        requirement: format!("{rule}: at least {} visits a day", params.quota),
        customer: None,
        refs: refs.clone(),
        days: short.iter().map(|d| d.date).collect(),
        needed,
        planned,
        missing: needed - planned,
        reason,
    });
}

/// A shortfall for the visits that end after field work ends: the travel between the
/// customers' coordinates took longer than the allowance the most a day assumes.
fn overrun_shortfalls(playbook: &Playbook, params: &PlanParams, days: &[PlannedDay], out: &mut Vec<Shortfall>) {
    let late = |d: &PlannedDay| d.visits.iter().filter(|v| v.leave > params.end).count() as u32;
    let over: Vec<&PlannedDay> = days.iter().filter(|d| late(d) > 0).collect();
    if over.is_empty() {
        return;
    }
    let needed: u32 = over.iter().map(|d| d.visits.len() as u32).sum();
    let missing: u32 = over.iter().map(|d| late(d)).sum();
    let step =
        playbook.spec().steps.iter().find(|s| {
            s.evidence.as_ref().is_some_and(|e| e.kind == params.kind && e.pick == crate::routine::Pick::Last)
        });
    let ends: Vec<String> =
        over.iter().map(|d| format!("{} ends {}", d.date, d.ends.map_or(String::new(), |t| t.to_string()))).collect();
    out.push(Shortfall {
        requirement: format!("{}: visits end by {}", step.map_or("field work", |s| s.id.as_str()), params.end),
        customer: None,
        refs: step.map_or_else(Vec::new, |s| s.refs.clone()),
        days: over.iter().map(|d| d.date).collect(),
        needed,
        planned: needed - missing,
        missing,
        reason: format!(
            "the travel between these customers takes longer than the {}m allowed between visits: {}",
            params.travel_minutes,
            ends.join(", ")
        ),
    });
}

/// A customer's `(lat, lon)`, when the playbook names coordinate fields and it has both.
pub(crate) fn position(playbook: &Playbook, customer: &Customer) -> Option<(f64, f64)> {
    let [lat, lon] = playbook.spec().visit_planning.as_ref()?.coordinates.as_ref()?;
    let number = |key: &str| customer.fields.get(key).and_then(|v| v.as_number()).filter(|n| n.is_finite());
    Some((number(lat)?, number(lon)?))
}

/// Expected arrival and departure, in minutes since midnight, of visits at `positions`.
pub(crate) fn timetable(playbook: &Playbook, params: &PlanParams, positions: &[Option<(f64, f64)>]) -> Vec<(u32, u32)> {
    let speed = playbook.spec().visit_planning.as_ref().map_or(15.0, |p| p.speed_kmh).max(f64::MIN_POSITIVE);
    // Minutes as fractions, so that short hops do not each round up to a minute.
    let mut t = f64::from(params.start.minutes());
    let mut out = Vec::with_capacity(positions.len());
    for (i, here) in positions.iter().enumerate() {
        if i > 0 {
            t += match (positions[i - 1], here) {
                (Some(a), Some(b)) => (plan_route::km(a, *b) / speed * 60.0).min(600.0),
                _ => f64::from(params.travel_minutes),
            };
        }
        let arrive = t.ceil() as u32;
        out.push((arrive, arrive + params.visit_minutes));
        t += f64::from(params.visit_minutes);
    }
    out
}

/// Minutes since midnight as a time of day (23:59 at most).
pub(crate) fn clock(minutes: u32) -> TimeOfDay {
    let m = minutes.min(23 * 60 + 59);
    TimeOfDay::new(m / 60, m % 60).unwrap_or_else(|| unreachable!("clamped to a day"))
}

//! What a plan cannot meet, as shortfalls: required visits that could not be placed, days
//! below the quota, days that run past the end of field work.

use chrono::NaiveDate;

use super::params::PlanParams;
use super::place::Visit;
use super::requirements::Demand;
use super::spacing::Spacing;
use super::{PlannedDay, Shortfall};
use crate::calendar::Calendar;
use crate::playbook::Playbook;
use crate::roster::Customer;

/// A shortfall for each demand with visits that could not be placed.
pub(super) fn requirement_shortfalls(
    demands: &[Demand],
    unmet: &[u32],
    visits: &[Visit],
    customers: &[&Customer],
    days: &[NaiveDate],
    caps: &[u32],
    params: &PlanParams,
) -> Vec<Shortfall> {
    let mut load = vec![0u32; days.len()];
    for v in visits {
        load[v.day] += 1;
    }
    let mut out = Vec::new();
    for (k, demand) in demands.iter().enumerate().filter(|(k, _)| unmet[*k] > 0) {
        let window: Vec<NaiveDate> = days[demand.days.clone()].to_vec();
        let full = demand.days.clone().filter(|&d| load[d] >= caps[d]).count();
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
            customer: Some(customers[demand.customer].id.clone()),
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

/// A shortfall for each demand with visits a spacing rule gave up: `given_up` holds a
/// (demand, rule) pair per visit.
pub(super) fn spacing_shortfalls(
    rules: &[Spacing],
    given_up: &[(usize, usize)],
    demands: &[Demand],
    customers: &[&Customer],
    days: &[NaiveDate],
    out: &mut Vec<Shortfall>,
) {
    let mut seen: Vec<usize> = Vec::new();
    for &(k, rule) in given_up {
        if seen.contains(&k) {
            continue;
        }
        seen.push(k);
        let missing = given_up.iter().filter(|(g, _)| *g == k).count() as u32;
        let demand = &demands[k];
        let rule = &rules[rule];
        let window = &days[demand.days.clone()];
        out.push(Shortfall {
            requirement: demand.reasons.join("; "),
            customer: Some(customers[demand.customer].id.clone()),
            refs: demand.refs.iter().chain(&rule.refs).cloned().collect(),
            days: window.to_vec(),
            needed: demand.units,
            planned: demand.units.saturating_sub(missing),
            missing,
            reason: format!(
                "{}: {} leaves no day from {} to {} with room for another visit",
                rule.rule,
                rule.describe(),
                window.first().map_or(String::new(), ToString::to_string),
                window.last().map_or(String::new(), ToString::to_string),
            ),
        });
    }
}

/// A shortfall for the days below the daily quota.
pub(super) fn quota_shortfalls(
    params: &PlanParams,
    calendar: &Calendar,
    days: &[PlannedDay],
    customers: usize,
    out: &mut Vec<Shortfall>,
) {
    let Some((rule, refs)) = &params.quota_rule else { return };
    let short: Vec<&PlannedDay> = days.iter().filter(|d| (d.visits.len() as u32) < params.quota).collect();
    if short.is_empty() {
        return;
    }
    let planned: u32 = short.iter().map(|d| d.visits.len() as u32).sum();
    let needed = params.quota.saturating_mul(short.len() as u32);
    let shorter: Vec<String> = short
        .iter()
        .filter(|d| params.day_max_on(calendar, d.date) < params.day_max.min(params.quota))
        .map(|d| {
            format!("{} (until {}: {})", d.date, params.end_on(calendar, d.date), params.day_max_on(calendar, d.date))
        })
        .collect();
    let reason = if !shorter.is_empty() {
        format!("fewer visits fit on days whose working hours end before field work does: {}", shorter.join(", "))
    } else if params.day_max < params.quota {
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
pub(super) fn overrun_shortfalls(
    playbook: &Playbook,
    params: &PlanParams,
    days: &[PlannedDay],
    out: &mut Vec<Shortfall>,
) {
    let late = |d: &PlannedDay| {
        let end = params.end_on(playbook.calendar(), d.date);
        d.visits.iter().filter(|v| v.leave > end).count() as u32
    };
    let over: Vec<&PlannedDay> = days.iter().filter(|d| late(d) > 0).collect();
    if over.is_empty() {
        return;
    }
    let needed: u32 = over.iter().map(|d| d.visits.len() as u32).sum();
    let missing: u32 = over.iter().map(|d| late(d)).sum();
    let step = playbook
        .spec()
        .steps
        .iter()
        .find(|s| s.evidence.as_ref().is_some_and(|e| e.kind == params.kind && e.pick == crate::spec::Pick::Last));
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

//! Plans for the rules counted over weeks, months and quarters: "at least N times a week"
//! duties, and quotas such as two seminars a month, 10,000 yuan of contracts, six new
//! groups, two greetings per customer. Each person spreads the events over the working
//! days of each period that overlap the simulated month. A person's rolling count ("at
//! least 10 calls in any 5 working days") is aimed at a day at a time, its share of the
//! window each working day.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fieldbook_core::spec::{FieldType, Measure, Per, Period, QuotaSpec, Window};
use fieldbook_core::{Person, Playbook, Roster, Value};
use indexmap::IndexMap;

use crate::simulate::behaviour::{Behaviour, round_at_random};
use crate::simulate::plan::Plan;
use crate::simulate::population::threshold_number;
use crate::simulate::random::Dice;
use crate::simulate::values::value_meeting;

/// An event planned for a day.
#[derive(Clone, Debug)]
pub(crate) struct Planned {
    pub(crate) kind: String,
    pub(crate) customer: Option<usize>,
    pub(crate) fields: IndexMap<String, Value>,
    /// Minutes the event lasts, for kinds that last.
    pub(crate) minutes: Option<f64>,
}

/// The period plans of one person (with their customers, positions in `roster`) for the
/// days `first..=last`, by day.
pub(crate) fn plan_periods(
    plan: &Plan<'_>,
    (person, customers, roster): (&Person, &[usize], &Roster),
    behaviour: &Behaviour<'_>,
    first: NaiveDate,
    last: NaiveDate,
    dice: &mut Dice,
) -> BTreeMap<NaiveDate, Vec<Planned>> {
    let playbook = plan.playbook;
    let calendar = playbook.calendar();
    let working: Vec<NaiveDate> =
        first.iter_days().take_while(|d| *d <= last).filter(|d| calendar.is_working_day(*d)).collect();
    let mut out: BTreeMap<NaiveDate, Vec<Planned>> = BTreeMap::new();
    // The working days of each window `bounds` gives (none for a day outside every window).
    let windows = |bounds: &dyn Fn(NaiveDate) -> Option<(NaiveDate, NaiveDate)>| -> Vec<Vec<NaiveDate>> {
        let mut groups: Vec<Vec<NaiveDate>> = Vec::new();
        let mut current = None;
        for day in &working {
            let Some(bounds) = bounds(*day) else { continue };
            if current != Some(bounds) {
                groups.push(Vec::new());
                current = Some(bounds);
            }
            if let Some(group) = groups.last_mut() {
                group.push(*day);
            }
        }
        groups
    };
    let periods = |period: Period| windows(&|day| Some(period.bounds(day)));

    for duty in &plan.at_least_duties {
        let (Some((times, period)), Some(done_by)) = (duty.schedule.at_least(), duty.done_by.as_ref()) else {
            continue;
        };
        if !person.has_role_in(playbook, &duty.roles) {
            continue;
        }
        let kind = plan.kind(&done_by.kind);
        let fields: IndexMap<String, Value> = done_by
            .filter
            .iter()
            .map(|(f, v)| (f.clone(), value_meeting(v, kind.and_then(|k| k.fields.get(f)))))
            .chain(duty.matched().into_iter().map(|(f, v)| (f.to_string(), Value::Text(v.into()))))
            .collect();
        for days in periods(period) {
            let n = round_at_random(f64::from(times) * behaviour.effort(dice), dice);
            for day in pick_days(&days, n, dice) {
                out.entry(day).or_default().push(Planned {
                    kind: done_by.kind.clone(),
                    customer: None,
                    fields: fields.clone(),
                    minutes: None,
                });
            }
        }
    }

    // Sums last: they spread their amount over the events the other quotas planned.
    let (sums, others): (Vec<&QuotaSpec>, Vec<&QuotaSpec>) =
        plan.period_quotas.iter().copied().partition(|q| q.measure == Measure::Sum);
    // With a month plan, the plan makes the visits (a phase's focus among them).
    let planned_kind = playbook.spec().visit_planning.as_ref().map(|v| v.kind.as_str());
    for quota in others.into_iter().chain(sums) {
        if !person.has_role_in(playbook, &quota.roles) || Some(quota.of.kind.as_str()) == planned_kind {
            continue;
        }
        if quota.window == Window::VisitFrequency {
            // A schedule's list names the day's route, which follows the month plan
            // (`listed_in`); other events are spread over each customer's own periods.
            if quota.listed_in.is_none() {
                plan_by_frequency(plan, quota, (person, customers, roster), behaviour, &working, dice, &mut out);
            }
            continue;
        }
        let groups = match quota.window {
            Window::Week => periods(Period::Week),
            Window::Month => periods(Period::Month),
            Window::Quarter => periods(Period::Quarter),
            Window::Phase => match playbook.spec().phases.iter().find(|p| quota.phase.as_ref() == Some(&p.id)) {
                Some(phase) => windows(&|day| phase.days.bounds(day)),
                None => continue,
            },
            // A customer's rolling count is spacing (`at_most`), which the month plan keeps;
            // a kind that daily field work makes is left to the day quotas.
            Window::WorkingDays(_) | Window::Days(_)
                if quota.per == Per::Person && !plan.field_work.iter().any(|w| w.kind == quota.of.kind) =>
            {
                working.iter().map(|day| vec![*day]).collect()
            }
            Window::Day | Window::Event | Window::WorkingDays(_) | Window::Days(_) | Window::VisitFrequency => continue,
        };
        let target = quota
            .at_least
            .as_ref()
            .and_then(|t| threshold_number(t, person))
            .or_else(|| quota.at_most.as_ref().and_then(|t| threshold_number(t, person)).map(|n| n * 0.7));
        let Some(target) = target.map(|t| t / rolling_share(quota.window, working.len(), first, last)) else {
            continue;
        };
        for days in groups {
            // A quota limited by activity state is worked among the customers in those
            // states as the period starts (HOT-7: trips to dormant, lost and prospects).
            let eligible = eligible(playbook, quota, (customers, roster), days.first().copied());
            let customers = eligible.as_deref().unwrap_or(customers);
            match quota.per {
                Per::Person => {
                    let aim = target * behaviour.effort(dice);
                    plan_quota(plan, quota, aim, &days, customers, None, dice, &mut out);
                }
                Per::Customer => {
                    let admitted =
                        |c: &&usize| quota.customers.as_ref().is_none_or(|f| f.admits(&roster.customers[**c].tags));
                    for customer in customers.iter().filter(admitted) {
                        let aim = target * behaviour.effort(dice);
                        plan_quota(plan, quota, aim, &days, customers, Some(*customer), dice, &mut out);
                    }
                }
                // Each member aims at their part of the team's target, among their own
                // customers (so a group is new to the team once: members' customers differ).
                Per::Team => {
                    let aim = behaviour.team_part(target, quota.measure == Measure::Sum) * behaviour.effort(dice);
                    plan_quota(plan, quota, aim, &days, customers, None, dice, &mut out);
                }
            }
        }
    }
    out
}

/// How many working days a rolling window spans, about (its target is aimed at in that
/// share each working day): N for `{ working_days = N }`; for `{ days = N }`, N days'
/// share of the month's `working` days of its days `first..=last`. 1 for other windows.
fn rolling_share(window: Window, working: usize, first: NaiveDate, last: NaiveDate) -> f64 {
    match window {
        Window::WorkingDays(n) => f64::from(n),
        Window::Days(n) => {
            let days = (last - first).num_days() + 1;
            (f64::from(n) * working as f64 / days as f64).max(1.0)
        }
        _ => 1.0,
    }
}

/// For a quota limited by activity state, the person's `customers` (positions in
/// `roster`) in those states on `day`, by their `last_visit`; `None` for other quotas.
fn eligible(
    playbook: &Playbook,
    quota: &QuotaSpec,
    (customers, roster): (&[usize], &Roster),
    day: Option<NaiveDate>,
) -> Option<Vec<usize>> {
    let states = &quota.customers.as_ref().filter(|c| !c.activity.is_empty())?.activity;
    let activity = playbook.spec().customers.activity.as_ref()?;
    let day = day?;
    Some(
        customers
            .iter()
            .copied()
            .filter(|&c| {
                let last = roster.customers.get(c).and_then(|c| c.last_visit).filter(|d| *d < day);
                states.contains(&activity.state(last, day))
            })
            .collect(),
    )
}

/// Plans a quota per customer over the periods of each customer's visit frequency: the
/// person aims at the threshold in each run of working days that overlaps the month.
fn plan_by_frequency(
    plan: &Plan<'_>,
    quota: &QuotaSpec,
    (person, customers, roster): (&Person, &[usize], &Roster),
    behaviour: &Behaviour<'_>,
    working: &[NaiveDate],
    dice: &mut Dice,
    out: &mut BTreeMap<NaiveDate, Vec<Planned>>,
) {
    let playbook = plan.playbook;
    let (Some(planning), Some(target)) =
        (playbook.spec().visit_planning.as_ref(), quota.at_least.as_ref().and_then(|t| threshold_number(t, person)))
    else {
        return;
    };
    let calendar = playbook.calendar();
    for &c in customers {
        let customer = &roster.customers[c];
        let Some(frequency) = customer.frequency(planning) else { continue };
        if !quota.customers.as_ref().is_none_or(|f| f.admits(&customer.tags)) {
            continue;
        }
        let mut runs: BTreeMap<NaiveDate, Vec<NaiveDate>> = BTreeMap::new();
        for day in working {
            if let Some(run) = calendar.run_holding(frequency.every, *day) {
                runs.entry(run.first).or_default().push(*day);
            }
        }
        for days in runs.values() {
            let aim = target * behaviour.effort(dice);
            plan_quota(plan, quota, aim, days, customers, Some(c), dice, out);
        }
    }
}

/// Plans the events that bring one quota near `aim` in one period.
#[allow(clippy::too_many_arguments)] // one quota, one period, one person
fn plan_quota(
    plan: &Plan<'_>,
    quota: &QuotaSpec,
    aim: f64,
    days: &[NaiveDate],
    customers: &[usize],
    customer: Option<usize>,
    dice: &mut Dice,
    out: &mut BTreeMap<NaiveDate, Vec<Planned>>,
) {
    let Some(kind) = plan.kind(&quota.of.kind) else { return };
    let base: IndexMap<String, Value> =
        quota.of.filter.iter().map(|(f, v)| (f.clone(), value_meeting(v, kind.fields.get(f)))).collect();
    let planned = |customer: Option<usize>, fields: IndexMap<String, Value>| Planned {
        kind: quota.of.kind.clone(),
        customer,
        fields,
        minutes: None,
    };
    match quota.measure {
        Measure::Count => {
            let n = round_at_random(aim, dice);
            for day in pick_days(days, n, dice) {
                out.entry(day).or_default().push(planned(customer, base.clone()));
            }
        }
        // In one simulated month every customer is new: `first` is drawn as `distinct`.
        Measure::Distinct | Measure::First => {
            let n = round_at_random(aim, dice);
            match quota.field.as_deref().map(|f| (f, kind.fields.get(f))) {
                // Distinct dates (HOT-7: trips): events on n different days, one to
                // three customers each.
                Some((field, Some(spec))) if spec.ty == FieldType::Date => {
                    for day in dice.sample(days.len(), n).into_iter().map(|i| days[i]) {
                        for _ in 0..dice.int(1, 3) {
                            let mut fields = base.clone();
                            fields.insert(field.to_string(), Value::Text(day.to_string().into()));
                            let who = customer.or_else(|| pick(customers, dice));
                            out.entry(day).or_default().push(planned(who, fields));
                        }
                    }
                }
                Some((field, Some(spec))) => {
                    for (i, day) in pick_days(days, n, dice).into_iter().enumerate() {
                        let mut fields = base.clone();
                        let value = match spec.ty {
                            FieldType::Enum => Value::Text(spec.values[i % spec.values.len()].as_str().into()),
                            FieldType::Integer => Value::Integer(i as i64 + 1),
                            FieldType::Number | FieldType::Money => Value::Number(i as f64 + 1.0),
                            _ => Value::Text(format!("{} {}", field.replace('_', " "), i + 1).into()),
                        };
                        fields.insert(field.to_string(), value);
                        out.entry(day).or_default().push(planned(customer, fields));
                    }
                }
                // Distinct customers: one event for each of n different customers.
                _ => {
                    let chosen = dice.sample(customers.len(), n);
                    let on = pick_days(days, chosen.len(), dice);
                    for (i, day) in chosen.into_iter().zip(on) {
                        out.entry(day).or_default().push(planned(Some(customers[i]), base.clone()));
                    }
                }
            }
        }
        Measure::Sum => {
            let Some(field) = quota.field.as_deref() else { return };
            let money = kind.fields.get(field).is_some_and(|f| f.ty != FieldType::Integer);
            // Spread the sum over the events of the kind already planned in the period,
            // or over two to four new ones.
            let mut slots: Vec<(NaiveDate, usize)> = Vec::new();
            for day in days {
                if let Some(list) = out.get(day) {
                    for (i, p) in list.iter().enumerate() {
                        let fits = p.kind == quota.of.kind
                            && base.iter().all(|(f, v)| p.fields.get(f) == Some(v))
                            && !p.fields.contains_key(field);
                        if fits {
                            slots.push((*day, i));
                        }
                    }
                }
            }
            if slots.is_empty() {
                for day in pick_days(days, dice.int(2, 4) as usize, dice) {
                    let list = out.entry(day).or_default();
                    list.push(planned(customer, base.clone()));
                    slots.push((day, list.len() - 1));
                }
            }
            let weights: Vec<f64> = slots.iter().map(|_| dice.uniform(0.5, 1.5)).collect();
            let total: f64 = weights.iter().sum();
            for ((day, i), w) in slots.into_iter().zip(weights) {
                let share = aim * w / total;
                let value = if money {
                    Value::Number((share * 100.0).round() / 100.0)
                } else {
                    Value::Integer(share.ceil() as i64)
                };
                if let Some(p) = out.get_mut(&day).and_then(|l| l.get_mut(i)) {
                    p.fields.insert(field.to_string(), value);
                }
            }
        }
        Measure::Duration => {
            let n = dice.int(2, 4) as usize;
            for day in pick_days(days, n, dice) {
                let mut p = planned(customer, base.clone());
                p.minutes = Some(aim / n as f64 * dice.uniform(0.9, 1.3));
                out.entry(day).or_default().push(p);
            }
        }
    }
}

fn pick(customers: &[usize], dice: &mut Dice) -> Option<usize> {
    (!customers.is_empty()).then(|| customers[dice.index(customers.len())])
}

/// `n` days of `days` at random (repeating days when n is larger), in order.
fn pick_days(days: &[NaiveDate], n: usize, dice: &mut Dice) -> Vec<NaiveDate> {
    if days.is_empty() {
        return Vec::new();
    }
    let mut chosen: Vec<NaiveDate> = (0..n).map(|_| days[dice.index(days.len())]).collect();
    chosen.sort_unstable();
    chosen
}

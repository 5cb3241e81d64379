//! One person's working day, following their agenda: the morning steps, the field work
//! (visits along a route of their customers, calls) sized by the daily quotas, the
//! afternoon steps, the duties due, the events planned for weeks and months, and the
//! events only triggers watch — with sick days, lateness and forgetting.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use fieldbook_core::agenda::ItemKind;
use fieldbook_core::spec::{Activity, Edge, Measure};
use fieldbook_core::{Agenda, Customer, MonthPlan, Person, Roster, Value};
use indexmap::IndexMap;

use crate::simulate::behaviour::round_at_random;
use crate::simulate::period::Planned;
use crate::simulate::plan::{FieldWork, Minutes, StepPlan, minutes};
use crate::simulate::population::threshold_number;
use crate::simulate::random::Dice;
use crate::simulate::record::Recorder;
use crate::simulate::values::value_meeting;

/// What a person carries from one day to the next.
#[derive(Debug, Default)]
pub(crate) struct Worker {
    /// The working days the person is off sick, drawn for the month ahead.
    pub(crate) sick: BTreeSet<NaiveDate>,
    /// Where today's route starts in the person's customer list.
    pub(crate) route_position: usize,
    /// Where the next focus customers are taken from.
    pub(crate) focus_position: usize,
    /// Events planned for weeks and months, by day.
    pub(crate) planned: BTreeMap<NaiveDate, Vec<Planned>>,
    /// The month's visit plan the person follows (playbooks with `[visit_planning]`).
    pub(crate) following: Option<Following>,
}

/// A month's visit plan ([`fieldbook_core::plan_month`]) followed day by day: each working
/// day's visits are the day's schedule ([`MonthPlan::day_schedule`]), in its order, with
/// the required visits left undone carried over to the next working day.
#[derive(Debug)]
pub(crate) struct Following {
    pub(crate) plan: MonthPlan,
    /// The person's customers, as the plan was made for them.
    pub(crate) customers: Vec<Customer>,
    /// Roster indices of the person's customers, by id.
    pub(crate) index: HashMap<String, usize>,
    /// Required visits planned before today and not made.
    pub(crate) unvisited: Vec<String>,
}

impl Following {
    /// The plan made for `customers`, whose roster indices are `indices`.
    pub(crate) fn new(plan: MonthPlan, customers: Vec<Customer>, indices: &[usize]) -> Self {
        let index = customers.iter().zip(indices).map(|(c, &i)| (c.id.to_string(), i)).collect();
        Self { plan, customers, index, unvisited: Vec::new() }
    }
}

/// Field work sized for the day.
struct Work<'w, 'a> {
    work: &'w FieldWork<'a>,
    count: usize,
    /// Mean minutes an event must last for the day's quota of time.
    mean_needed: f64,
    /// Field values each event carries: the quotas' `where`, and shares of a sum.
    fields: Vec<IndexMap<String, Value>>,
}

/// Simulates the day of `agenda`; the events are left in the recorder.
pub(crate) fn work_day(rec: &mut Recorder<'_, '_>, worker: &mut Worker, agenda: &Agenda, dice: &mut Dice) {
    let plan = rec.plan;
    let planned = worker.planned.remove(&agenda.date).unwrap_or_default();
    if !agenda.working_day {
        duties(rec, agenda, dice);
        return;
    }
    let sick = worker.sick.contains(&agenda.date);
    // The day's schedule of the month plan, with the required visits missed before first:
    // customers (roster indices) in visiting order, and whether a requirement asks for each.
    let schedule: Option<Vec<(usize, bool)>> = worker.following.as_ref().map(|f| {
        let day = f.plan.day_schedule(plan.playbook, &f.customers, agenda.date, &f.unvisited);
        day.visits.iter().filter_map(|v| Some((*f.index.get(v.customer.as_str())?, v.required))).collect()
    });
    if sick {
        carry_over(rec, worker, schedule.as_deref().unwrap_or_default(), 0);
        return;
    }

    let works: Vec<Work<'_, '_>> = plan.field_work.iter().filter_map(|w| size_work(rec, w, dice)).collect();
    let route_length = works.iter().map(|w| w.count).max().unwrap_or(0);
    // Customers the call list names, when calling them is the day's field work (HOT-8).
    let field_kinds: Vec<&str> = works.iter().map(|w| w.work.kind).collect();
    let listed: Vec<usize> =
        call_items(rec, agenda).filter(|(kind, _)| field_kinds.contains(kind)).map(|(_, customer)| customer).collect();
    // With a month plan, the day's visits are its schedule, in order (when the person has
    // visits to make today); else the next customers of the person's list.
    let planned_kind = worker.following.as_ref().map(|f| f.plan.params.kind.clone());
    let schedule =
        schedule.filter(|s| !s.is_empty() && field_kinds.iter().any(|k| Some(*k) == planned_kind.as_deref()));
    let today = match &schedule {
        Some(s) => s.iter().map(|(c, _)| *c).collect(),
        None => route(rec, worker, route_length, &listed),
    };
    rec.set_route(today);

    let on_agenda = |step: &StepPlan<'_>| agenda.items.iter().any(|i| i.id == step.step.id);
    let first_due = plan.steps.iter().filter(|s| s.morning && on_agenda(s)).map(|s| rec.due(s.due)).next();
    let mut cursor = first_due.unwrap_or(8.0 * 60.0) - 50.0;
    for step in plan.steps.iter().filter(|s| s.morning && on_agenda(s)) {
        cursor = do_step(rec, step, cursor, dice);
    }
    let mut returned = false;
    let mut visited = 0;
    for work in &works {
        let planned = schedule.is_some() && Some(work.work.kind) == planned_kind.as_deref();
        // A plan's visits are at most the schedule's; fewer when effort or time runs short.
        let most = if planned { rec.route.len() } else { usize::MAX };
        let (end, done) = field_work(rec, work, most, cursor, dice);
        cursor = end;
        if planned {
            visited = done;
        }
        returned |= work.work.spec.lasts && work.work.last_by.is_some();
    }
    carry_over(rec, worker, schedule.as_deref().unwrap_or_default(), visited);
    if returned {
        cursor += dice.uniform(15.0, 40.0);
    }
    for step in plan.steps.iter().filter(|s| !s.morning && on_agenda(s)) {
        cursor = do_step(rec, step, cursor, dice);
    }
    duties(rec, agenda, dice);
    customer_side(rec, agenda, &field_kinds, dice);
    for p in planned {
        if rec.behaviour.forgets(false, dice) {
            continue;
        }
        let at = dice.uniform(9.5 * 60.0, rec.day_end - 60.0).round();
        let end = p.minutes.map(|m| at + m);
        rec.record(&p.kind, at, end, p.customer, &p.fields, dice);
    }
    let per_day = rec.behaviour.params().trigger_events_per_day.0;
    for kind in &plan.trigger_sources {
        let owed = plan
            .triggers
            .iter()
            .any(|t| t.on.kind.as_deref() == Some(*kind) && rec.person.has_role_in(plan.playbook, &t.roles));
        if !owed {
            continue;
        }
        for _ in 0..dice.poisson(per_day) {
            let at = dice.uniform(9.0 * 60.0, rec.day_end - 30.0).round();
            rec.record(kind, at, None, None, &IndexMap::new(), dice);
        }
    }
    for kind in &plan.background {
        if dice.chance(rec.behaviour.params().background_rate.0) {
            let at = dice.uniform(9.0 * 60.0, rec.day_end - 30.0).round();
            rec.record(kind, at, None, None, &IndexMap::new(), dice);
        }
    }
}

/// Keeps the required visits of the day's schedule from `done` on (those not made) for
/// the next working day's schedule, when the person follows a plan.
fn carry_over(rec: &Recorder<'_, '_>, worker: &mut Worker, schedule: &[(usize, bool)], done: usize) {
    if let Some(following) = worker.following.as_mut() {
        following.unvisited = schedule
            .iter()
            .skip(done)
            .filter(|(_, required)| *required)
            .map(|(c, _)| rec.roster.customers[*c].id.to_string())
            .collect();
    }
}

/// How much field work of one kind the person sets out to do today.
fn size_work<'w, 'a>(rec: &Recorder<'_, 'a>, work: &'w FieldWork<'a>, dice: &mut Dice) -> Option<Work<'w, 'a>> {
    let person: &Person = rec.person;
    let playbook = rec.plan.playbook;
    let mut count = 0;
    let mut minutes_needed: f64 = 0.0;
    let mut sums = Vec::new();
    let mut forced = IndexMap::new();
    let mut owed = false;
    for quota in work.quotas.iter().filter(|q| person.has_role_in(playbook, &q.roles)) {
        owed = true;
        let target = quota
            .at_least
            .as_ref()
            .and_then(|t| threshold_number(t, person))
            .or_else(|| quota.at_most.as_ref().and_then(|t| threshold_number(t, person)).map(|n| n * 0.7));
        let Some(target) = target else { continue };
        let aim = target * rec.behaviour.effort(dice);
        match quota.measure {
            Measure::Count | Measure::Distinct | Measure::First => count = count.max(round_at_random(aim, dice)),
            Measure::Duration => minutes_needed = minutes_needed.max(aim),
            Measure::Sum => sums.extend(quota.field.clone().map(|f| (f, aim))),
        }
        for (field, scalar) in &quota.of.filter {
            forced.insert(field.clone(), value_meeting(scalar, work.spec.fields.get(field)));
        }
    }
    if !owed {
        return None;
    }
    if count == 0 {
        let mean = rec.behaviour.params().visit_minutes.0.max(1.0);
        count = if minutes_needed > 0.0 { (minutes_needed / mean).ceil() as usize } else { 3 };
    }
    let mean_needed = if minutes_needed > 0.0 { minutes_needed / count as f64 } else { 0.0 };
    let mut fields = vec![forced; count];
    for (field, aim) in sums {
        let weights: Vec<f64> = (0..count).map(|_| dice.uniform(0.5, 1.5)).collect();
        let total: f64 = weights.iter().sum();
        for (f, w) in fields.iter_mut().zip(weights) {
            f.insert(field.clone(), Value::Number((aim * w / total * 100.0).round() / 100.0));
        }
    }
    Some(Work { work, count, mean_needed, fields })
}

/// Today's route: the next customers of the person's list, with customers the phase
/// focuses on (T77-5: volatile and enterprise) first.
fn route(rec: &Recorder<'_, '_>, worker: &mut Worker, length: usize, listed: &[usize]) -> Vec<usize> {
    let customers = rec.customers;
    if customers.is_empty() || length == 0 {
        return Vec::new();
    }
    let roster: &Roster = rec.roster;
    let focus = rec.plan.playbook.phase_on(rec.date).map(|p| p.focus.as_slice()).unwrap_or_default();
    let mut chosen: Vec<usize> = listed.iter().copied().take(length).collect();
    if !focus.is_empty() {
        let focused: Vec<usize> =
            customers.iter().copied().filter(|c| roster.customers[*c].tags.iter().any(|t| focus.contains(t))).collect();
        let take = (length * 2 / 5).min(focused.len());
        for i in 0..take {
            let c = focused[(worker.focus_position + i) % focused.len()];
            if !chosen.contains(&c) {
                chosen.push(c);
            }
        }
        worker.focus_position += take;
    }
    let mut i = 0;
    while chosen.len() < length && i < customers.len() {
        let c = customers[(worker.route_position + i) % customers.len()];
        if !chosen.contains(&c) {
            chosen.push(c);
        }
        i += 1;
    }
    worker.route_position = (worker.route_position + i) % customers.len();
    while chosen.len() < length {
        chosen.push(customers[chosen.len() % customers.len()]);
    }
    chosen
}

/// Does a step whose evidence is an event of its own; returns the new time cursor.
fn do_step(rec: &mut Recorder<'_, '_>, step: &StepPlan<'_>, cursor: Minutes, dice: &mut Dice) -> Minutes {
    let spec = step.step;
    let Some(evidence) = &spec.evidence else { return cursor };
    if rec.behaviour.forgets(spec.kind == Activity::Report, dice) {
        return cursor;
    }
    let due = rec.due(step.due);
    // A window the day's work has already passed (the noon review during field work) is
    // kept in its own hours, and the day goes on from where it was.
    let passed = matches!((spec.at, spec.by), (Some(_), Some(by)) if cursor > rec.due(minutes(by)));
    let mut at = match (spec.at, spec.by) {
        (Some(at), Some(by)) if passed => {
            let (from, by) = (rec.due(minutes(at)), rec.due(minutes(by)));
            from + dice.uniform(0.0, 0.5) * (by - from)
        }
        // A window: within it, whatever the cursor says (evidence before it does not count).
        (Some(at), Some(by)) => {
            let (from, by) = (rec.due(minutes(at)), rec.due(minutes(by)));
            f64::max(cursor + dice.uniform(2.0, 10.0), from + dice.uniform(0.0, 0.5) * (by - from)).max(from)
        }
        (None, None) => cursor + dice.uniform(3.0, 12.0),
        _ => f64::max(cursor + dice.uniform(2.0, 10.0), due - dice.uniform(5.0, 35.0)),
    };
    if let Some(late) = rec.behaviour.lateness(dice) {
        at = at.max(due + late);
    }
    let at = at.round();
    let kind = rec.plan.kind(&evidence.kind);
    let forced: IndexMap<String, Value> = evidence
        .filter
        .iter()
        .map(|(f, v)| (f.clone(), value_meeting(v, kind.and_then(|k| k.fields.get(f)))))
        .chain(step.step.matched().into_iter().map(|(f, v)| (f.to_string(), Value::Text(v.into()))))
        .collect();
    let lasts = kind.is_some_and(|k| k.lasts);
    let takes = if lasts { dice.uniform(10.0, 30.0).round() } else { 0.0 };
    let (start, end) = if lasts && evidence.edge == Edge::End { (at - takes, at) } else { (at, at + takes) };
    if kind.is_some_and(|k| k.customer) {
        // Orders checked: several customers of the day.
        let n = 1 + dice.poisson((rec.behaviour.params().trigger_events_per_day.0 - 1.0).max(0.0));
        let mut t = start;
        for _ in 0..n {
            let customer = rec.route_customer(dice);
            rec.record(&evidence.kind, t, lasts.then_some(t + takes), customer, &forced, dice);
            t += dice.uniform(1.0, 4.0).round();
        }
        return t;
    }
    rec.record(&evidence.kind, start, lasts.then_some(end), None, &forced, dice);
    if passed { cursor } else { end }
}

/// The field work of one kind, along the day's route, at most `most` events; returns the
/// new time cursor and the number of events made.
fn field_work(
    rec: &mut Recorder<'_, '_>,
    work: &Work<'_, '_>,
    most: usize,
    cursor: Minutes,
    dice: &mut Dice,
) -> (Minutes, usize) {
    let w = work.work;
    let count = work.count.min(most);
    let (first_by, last_by) = (w.first_by.map(|m| rec.due(m)), w.last_by.map(|m| rec.due(m)));
    let mut start = if let Some(at) = w.at {
        at - dice.uniform(0.0, 15.0)
    } else if let Some(by) = first_by {
        by - dice.uniform(15.0, 45.0)
    } else {
        f64::max(cursor + dice.uniform(10.0, 30.0), 9.0 * 60.0)
    };
    let norm = rec.plan.norms.get(w.kind).copied();
    // A day whose work will not fit before the end of field work starts earlier.
    if let Some(last) = last_by.filter(|_| w.spec.lasts) {
        let mean = rec.behaviour.mean_visit(norm, work.mean_needed) + rec.behaviour.mean_travel();
        start = start.min(last - count as f64 * mean - dice.uniform(0.0, 10.0));
    }
    start = start.max(cursor + 3.0);
    if let Some(late) = rec.behaviour.lateness(dice) {
        start = start.max(first_by.unwrap_or(start)) + late;
    }
    let overtime = rec.behaviour.overtime();
    let mut t = start.round();
    let mut done = 0;
    for i in 0..count {
        let customer = rec.route.get(i).copied().or_else(|| rec.route_customer(dice));
        if w.spec.lasts {
            let end = t + rec.behaviour.visit_minutes(norm, work.mean_needed, dice).round();
            // A planned visit that would run past the end of field work is left for another
            // day (the plan carries it over); unplanned work runs into the person's overtime.
            let slack = if most < usize::MAX { 0.0 } else { overtime };
            if done > 0 && last_by.is_some_and(|last| end > last + slack) {
                break;
            }
            done += 1;
            rec.record(w.kind, t, Some(end), customer, &work.fields[i], dice);
            t = end;
            if last_by.is_some_and(|last| t > last + overtime) {
                break;
            }
            t += rec.behaviour.travel(dice).round();
        } else {
            done += 1;
            rec.record(w.kind, t, None, customer, &work.fields[i], dice);
            let gap = rec.behaviour.visit_minutes(None, 0.0, dice) + rec.behaviour.travel(dice);
            t += gap.round().max(1.0);
        }
    }
    (t, done)
}

/// The duties of the agenda with a fixed schedule (meetings, reports).
fn duties(rec: &mut Recorder<'_, '_>, agenda: &Agenda, dice: &mut Dice) {
    let plan = rec.plan;
    for duty in plan.duties.iter().filter(|d| agenda.items.iter().any(|i| i.id == d.id)) {
        let Some(done_by) = &duty.done_by else { continue };
        if rec.behaviour.forgets(duty.kind == Activity::Report, dice) {
            continue;
        }
        let due = rec.due(duty.by.or(duty.at).map_or(rec.day_end, minutes));
        let mut at = match (duty.at, duty.by) {
            (Some(at), Some(_)) => {
                let from = rec.due(minutes(at));
                from + dice.uniform(0.0, 0.6) * (due - from)
            }
            (Some(_), None) => due - dice.uniform(1.0, 10.0),
            _ => due - dice.uniform(10.0, 120.0),
        };
        if let Some(late) = rec.behaviour.lateness(dice) {
            at = due + late * 4.0;
        }
        let kind = plan.kind(&done_by.kind);
        let forced: IndexMap<String, Value> = done_by
            .filter
            .iter()
            .map(|(f, v)| (f.clone(), value_meeting(v, kind.and_then(|k| k.fields.get(f)))))
            .chain(duty.matched().into_iter().map(|(f, v)| (f.to_string(), Value::Text(v.into()))))
            .collect();
        rec.record(&done_by.kind, at.round(), None, None, &forced, dice);
    }
}

/// The call-list items of the agenda: the contact kind and the customer to contact.
fn call_items<'r>(rec: &'r Recorder<'_, '_>, agenda: &'r Agenda) -> impl Iterator<Item = (&'r str, usize)> + 'r {
    call_windows(rec, agenda).map(|(kind, customer, _)| (kind, customer))
}

/// As [`call_items`], with the window in which each call counts (minutes from midnight):
/// from the list's opening, if it has one, to its due time.
fn call_windows<'r>(
    rec: &'r Recorder<'_, '_>,
    agenda: &'r Agenda,
) -> impl Iterator<Item = (&'r str, usize, (Minutes, Minutes))> + 'r {
    let spec = rec.plan.playbook.spec();
    agenda.items.iter().filter(|i| i.kind == ItemKind::Call).filter_map(move |item| {
        let list = spec.call_lists.iter().find(|l| l.id == item.id)?;
        let customer = rec.customer_named(item.customer.as_deref()?)?;
        let window = (item.opens.map_or(9.5 * 60.0, |opens| rec.minutes_of(opens)), rec.minutes_of(item.due));
        Some((list.contact.kind.as_str(), customer, window))
    })
}

/// The customer side of the agenda: reminders of dates and occasions (a birthday
/// prepared, a holiday visit), agreements to sign or renew, and calls of the call list
/// that are not the day's field work. Reminders and renewals are shown once or until
/// done; some are missed.
fn customer_side(rec: &mut Recorder<'_, '_>, agenda: &Agenda, field_kinds: &[&str], dice: &mut Dice) {
    let plan = rec.plan;
    let spec = plan.playbook.spec();
    let forced_of = |kind: &str, filter: &fieldbook_core::spec::Filter| -> IndexMap<String, Value> {
        let kind = plan.kind(kind);
        filter.iter().map(|(f, v)| (f.clone(), value_meeting(v, kind.and_then(|k| k.fields.get(f))))).collect()
    };
    let calls: Vec<(String, usize, (Minutes, Minutes))> = call_windows(rec, agenda)
        .filter(|(kind, _, _)| !field_kinds.contains(kind))
        .map(|(kind, customer, window)| (kind.to_string(), customer, window))
        .collect();
    for item in &agenda.items {
        let customer = item.customer.as_deref().and_then(|c| rec.customer_named(c));
        let due = rec.minutes_of(item.due);
        let (kind, forced) = match item.kind {
            ItemKind::Reminder => {
                let Some(trigger) = spec.triggers.iter().find(|t| t.id == item.id) else { continue };
                if rec.behaviour.misses_follow_up(dice) {
                    continue;
                }
                (trigger.follow_up.kind.as_str(), forced_of(&trigger.follow_up.kind, &trigger.follow_up.filter))
            }
            ItemKind::Renewal => {
                let Some(renewal) =
                    spec.agreements.iter().find(|a| a.id == item.id).and_then(|a| a.renewed_by.as_ref())
                else {
                    continue;
                };
                if rec.behaviour.forgets(true, dice) {
                    continue;
                }
                (renewal.kind.as_str(), forced_of(&renewal.kind, &renewal.filter))
            }
            _ => continue,
        };
        let at = dice.uniform(9.5 * 60.0, rec.day_end - 30.0).min(due - 5.0).round();
        rec.record(kind, at, None, customer, &forced, dice);
    }
    for (kind, customer, (from, by)) in calls {
        if rec.behaviour.misses_follow_up(dice) {
            continue;
        }
        // Within the list's window (calls outside it do not count), else during the day.
        let at = dice.uniform(from, by.min(rec.day_end - 30.0).max(from)).round();
        rec.record(&kind, at, None, Some(customer), &IndexMap::new(), dice);
    }
}

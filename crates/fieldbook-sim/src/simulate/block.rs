//! One block of people through the month: their own roster (the people and the customers
//! they look after), tracker and customer book, every person's every day generated in
//! order, fed to the tracker through the public API a host uses, closed day by day.
//!
//! People are independent: a person's days are drawn from their own seeded streams (keyed
//! by their place in the whole team), they visit only their own customers, and every rule
//! of a playbook is judged per person. So a block's findings are the findings of its people
//! in a run of the whole team, and blocks can run on any thread, in any order.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use fieldbook_core::track::Evaluator;
use fieldbook_core::{Customer, CustomerBook, Event, Finding, PlanOptions, Roster, plan_month};

use super::behaviour::Behaviour;
use super::day::{Following, Worker, work_day};
use super::period::plan_periods;
use super::plan::Plan;
use super::random::{Dice, Purpose};
use super::record::Recorder;
use super::{Population, SimError, Simulation};

/// A block's month: what it recorded and what the tracker found, day by day.
pub(crate) struct Month {
    /// How many people the block has.
    pub(crate) people: usize,
    /// The days of the month, in order.
    pub(crate) days: Vec<Day>,
}

/// One day of a block: the events fed to the tracker, then the findings of closing it (the
/// last day also has the findings of the month's end).
#[derive(Default)]
pub(crate) struct Day {
    pub(crate) events: Vec<Event>,
    pub(crate) findings: Vec<Finding>,
}

/// Simulates the month of the people `people` (positions in the whole team).
pub(crate) fn simulate(
    simulation: &Simulation,
    plan: &Plan<'_>,
    population: &Population,
    people: Range<usize>,
) -> Result<Month, SimError> {
    let playbook = &simulation.playbook;
    // The block's customers: the people's own, which the population lays out in one run.
    let profiles = &population.profiles[people.clone()];
    let low = profiles.first().map_or(0, |p| p.customers.start);
    let (first, last) = (simulation.first, simulation.last_day());
    let behaviours: Vec<Behaviour<'_>> =
        profiles.iter().map(|p| Behaviour::new(&simulation.params, p.diligence, p.travel_minutes)).collect();
    let (persons, sick) = simulation.people_in(population, people.clone());
    let roster = Roster { people: persons, customers: population.customers(people.clone()) };
    let customers: Vec<Vec<usize>> =
        profiles.iter().map(|p| (p.customers.start - low..p.customers.end - low).collect()).collect();

    let mut evaluator = Evaluator::new(playbook.clone(), roster.clone(), first, last)?;
    let zone = playbook.calendar().time_zone();
    let seed = simulation.seed;

    let mut workers: Vec<Worker> = Vec::with_capacity(roster.people.len());
    for (i, person) in roster.people.iter().enumerate() {
        let mut dice = Dice::new(seed, Purpose::Period, &[(people.start + i) as u64]);
        let whose = (person, customers[i].as_slice(), &roster);
        let planned = plan_periods(plan, whose, &behaviours[i], first, last, &mut dice);
        // With `[visit_planning]`, the person's month of visits is planned first (T77-7).
        let following = playbook.spec().visit_planning.as_ref().and_then(|_| {
            let own: Vec<Customer> = customers[i].iter().map(|&c| roster.customers[c].clone()).collect();
            let month = plan_month(playbook, person, &own, first, &PlanOptions::new()).ok()?;
            Some(Following::new(month, own, &customers[i]))
        });
        workers.push(Worker { planned, following, sick: sick[i].iter().copied().collect(), ..Worker::default() });
    }

    // The customer side of the agenda (date reminders, agreements to renew, call lists)
    // needs the customers' history: a book of the events so far.
    let spec = playbook.spec();
    let customer_side = spec.triggers.iter().any(|t| t.on.date.is_some() || t.on.occasion.is_some())
        || !spec.agreements.is_empty()
        || !spec.call_lists.is_empty();
    let mut book = match customer_side {
        true => Some(CustomerBook::new(playbook, &roster)?.history_from(first)),
        false => None,
    };
    let customer_index: HashMap<&str, usize> = match customer_side {
        true => roster.customers.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect(),
        false => HashMap::new(),
    };

    let dates: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
    let mut days = Vec::with_capacity(dates.len());
    let mut later: BTreeMap<NaiveDate, Vec<Event>> = BTreeMap::new();
    for date in &dates {
        let mut today = later.remove(date).unwrap_or_default();
        for (i, person) in roster.people.iter().enumerate() {
            let agenda = match &book {
                Some(book) => playbook.agenda_for(person, *date, book),
                None => playbook.agenda(person, *date),
            }?;
            let keys = [(people.start + i) as u64, u64::from(date.num_days_from_ce().unsigned_abs())];
            let mut dice = Dice::new(seed, Purpose::Day, &keys);
            let mut recorder = Recorder::new(plan, &roster, person, &customers[i], &behaviours[i], *date);
            recorder.customer_index = Some(&customer_index);
            work_day(&mut recorder, &mut workers[i], &agenda, &mut dice);
            let mut events = recorder.events;
            events.sort_by_key(|e| e.at);
            for event in events {
                let day = event.at.with_timezone(&zone).date_naive();
                if day == *date {
                    today.push(event);
                } else if day > *date && day <= last {
                    later.entry(day).or_default().push(event);
                }
            }
        }
        if let Some(book) = book.as_mut() {
            book.record(today.iter().cloned());
        }
        for event in &today {
            evaluator.ingest(event.clone()).map_err(SimError::Rejected)?;
        }
        let findings = evaluator.close_through(*date);
        days.push(Day { events: today, findings });
    }
    if let Some(day) = days.last_mut() {
        day.findings.extend(evaluator.finish());
    }
    Ok(Month { people: roster.people.len(), days })
}

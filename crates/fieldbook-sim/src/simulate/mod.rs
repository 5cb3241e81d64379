//! The month simulation: every person's every day, generated in order, fed to the
//! tracker through the public API a host uses, closed day by day.
//!
//! Read once before the month: the [`Params`] (`params`), the team drawn from them
//! ([`Population`], `population`) and what the playbook asks people to record (`plan`,
//! with the weekly and monthly quotas spread by `period`). Then, per person and day:
//! `day` follows the agenda, `record` writes each event, `behaviour` decides how
//! diligently, `values` fills the fields, all drawn from `random`.

mod behaviour;
mod day;
mod params;
mod period;
mod plan;
mod population;
mod random;
mod record;
mod values;

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use fieldbook_core::time::{first_day_of_month, last_day_of_month};
use fieldbook_core::track::Evaluator;
use fieldbook_core::{
    Customer, CustomerBook, Event, Finding, PlanOptions, Playbook, Problem, Rejected, RosterError, plan_month,
};

use behaviour::Behaviour;
use day::{Following, Worker, work_day};
use period::plan_periods;
use plan::Plan;
use random::{Dice, Purpose};
use record::Recorder;

pub use params::{Amount, Params, ParamsError, Rate};
pub use population::Population;
pub(crate) use population::threshold_number;

/// Where a simulation's events and findings go, as they are made: an output folder, a
/// summary, a test's vectors ([`Recording`]).
pub trait Sink {
    /// An event, in the order it is fed to the tracker.
    ///
    /// # Errors
    /// Writing it failed; the simulation stops.
    fn event(&mut self, event: &Event) -> std::io::Result<()> {
        let _ = event;
        Ok(())
    }

    /// A finding, in the order the tracker gives them.
    ///
    /// # Errors
    /// Writing it failed; the simulation stops.
    fn finding(&mut self, finding: &Finding) -> std::io::Result<()> {
        let _ = finding;
        Ok(())
    }

    /// `done` of `total` person-days simulated.
    fn progress(&mut self, done: usize, total: usize) {
        let _ = (done, total);
    }
}

/// A sink that keeps everything, for tests and small runs.
#[derive(Clone, Debug, Default)]
pub struct Recording {
    /// The events, in order.
    pub events: Vec<Event>,
    /// The findings, in order.
    pub findings: Vec<Finding>,
}

impl Sink for Recording {
    fn event(&mut self, event: &Event) -> std::io::Result<()> {
        self.events.push(event.clone());
        Ok(())
    }

    fn finding(&mut self, finding: &Finding) -> std::io::Result<()> {
        self.findings.push(finding.clone());
        Ok(())
    }
}

/// Fans out to several sinks.
impl<A: Sink, B: Sink> Sink for (A, B) {
    fn event(&mut self, event: &Event) -> std::io::Result<()> {
        self.0.event(event)?;
        self.1.event(event)
    }

    fn finding(&mut self, finding: &Finding) -> std::io::Result<()> {
        self.0.finding(finding)?;
        self.1.finding(finding)
    }

    fn progress(&mut self, done: usize, total: usize) {
        self.0.progress(done, total);
        self.1.progress(done, total);
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    fn event(&mut self, event: &Event) -> std::io::Result<()> {
        (**self).event(event)
    }

    fn finding(&mut self, finding: &Finding) -> std::io::Result<()> {
        (**self).finding(finding)
    }

    fn progress(&mut self, done: usize, total: usize) {
        (**self).progress(done, total);
    }
}

/// How many events and findings a run produced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Totals {
    /// Events fed to the tracker.
    pub events: usize,
    /// Findings the tracker gave.
    pub findings: usize,
}

/// Why a simulation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// The parameters are out of range.
    #[error(transparent)]
    Params(#[from] ParamsError),
    /// The parameters do not fit the playbook (a tag or role it does not declare).
    #[error("the parameters do not fit the playbook: {0}")]
    Population(Problem),
    /// The population does not fit the playbook (for a comparison: the second one).
    #[error(transparent)]
    Roster(#[from] RosterError),
    /// The tracker turned a simulated event away: a defect of the simulator.
    #[error("the tracker turned away a simulated event (a defect of the simulator)")]
    Rejected(#[source] Box<Rejected>),
    /// A sink failed.
    #[error("cannot write the simulation's output")]
    Io(#[from] std::io::Error),
}

/// A month of a team working under a playbook.
///
/// ```
/// use fieldbook_core::Playbook;
/// use fieldbook_sim::{Recording, Simulation};
///
/// let text = std::fs::read_to_string("../../examples/playbooks/t77.toml")?;
/// let playbook = Playbook::from_toml(&text, None)?;
/// let december = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
/// let simulation = Simulation::new(playbook).month(december).people(2).seed(7);
/// let population = simulation.population()?;
/// let mut recording = Recording::default();
/// let totals = simulation.run(&population, &mut recording)?;
/// assert_eq!(totals.events, recording.events.len());
/// assert!(recording.findings.iter().any(|f| f.rule == "visits-per-day"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Simulation {
    playbook: Playbook,
    first: NaiveDate,
    people: usize,
    seed: u64,
    params: Params,
}

impl Simulation {
    /// A simulation of `playbook` for 20 people over December 2026, seed 1, default
    /// parameters.
    pub fn new(playbook: Playbook) -> Self {
        Self {
            playbook,
            first: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            people: 20,
            seed: 1,
            params: Params::default(),
        }
    }

    /// The month that contains `date` (default December 2026).
    pub fn month(mut self, date: NaiveDate) -> Self {
        self.first = first_day_of_month(date);
        self
    }

    /// The number of people (default 20).
    pub fn people(mut self, people: usize) -> Self {
        self.people = people;
        self
    }

    /// The seed (default 1). The same seed, playbook, month, people and parameters give
    /// the same events, byte for byte, on every machine.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The behaviour and population parameters (default [`Params::default`]).
    pub fn params(mut self, params: Params) -> Self {
        self.params = params;
        self
    }

    /// The same simulation under another playbook (for comparisons).
    pub fn with_playbook(&self, playbook: Playbook) -> Self {
        Self { playbook, ..self.clone() }
    }

    /// The playbook.
    pub fn playbook(&self) -> &Playbook {
        &self.playbook
    }

    /// The first day of the month.
    pub fn first_day(&self) -> NaiveDate {
        self.first
    }

    /// The last day of the month.
    pub fn last_day(&self) -> NaiveDate {
        last_day_of_month(self.first)
    }

    /// The month as `YYYY-MM`.
    pub fn month_name(&self) -> String {
        format!("{:04}-{:02}", self.first.year(), self.first.month())
    }

    /// The number of people.
    pub fn people_count(&self) -> usize {
        self.people
    }

    /// The seed.
    pub fn seed_value(&self) -> u64 {
        self.seed
    }

    /// The parameters.
    pub fn parameters(&self) -> &Params {
        &self.params
    }

    /// Draws the population (see [`Population::generate`]).
    ///
    /// # Errors
    /// Parameters out of range, or naming a role, attribute or tag the playbook lacks.
    pub fn population(&self) -> Result<Population, SimError> {
        self.params.check()?;
        Population::generate(&self.playbook, self.people, &self.params, self.seed, self.first)
            .map_err(SimError::Population)
    }

    /// Simulates the month for `population` (drawn for this or another playbook), feeding
    /// the tracker day by day; every event and finding goes to `sink` as it is made.
    /// Events that fall after the month are left out.
    ///
    /// # Errors
    /// The parameters are out of range, the population does not fit the playbook, the
    /// tracker turns an event away, or the sink fails.
    pub fn run(&self, population: &Population, mut sink: impl Sink) -> Result<Totals, SimError> {
        self.params.check()?;
        let playbook = &self.playbook;
        let roster = population.roster();
        let (first, last) = (self.first, self.last_day());
        let mut evaluator = Evaluator::new(playbook.clone(), roster.clone(), first, last)?;
        let plan = Plan::new(playbook);
        let zone = playbook.calendar().time_zone();

        let behaviours: Vec<Behaviour<'_>> =
            population.profiles.iter().map(|p| Behaviour::new(&self.params, p.diligence, p.travel_minutes)).collect();
        let mut workers: Vec<Worker> = Vec::with_capacity(roster.people.len());
        for (i, person) in roster.people.iter().enumerate() {
            let mut dice = Dice::new(self.seed, Purpose::Period, &[i as u64]);
            let customers = &population.profiles[i].customers;
            let planned = plan_periods(&plan, person, customers, &behaviours[i], first, last, &mut dice);
            // With `[visit_planning]`, the person's month of visits is planned first (T77-7).
            let following = playbook.spec().visit_planning.as_ref().and_then(|_| {
                let own: Vec<Customer> = customers.iter().map(|&c| roster.customers[c].clone()).collect();
                let month = plan_month(playbook, person, &own, first, &PlanOptions::new()).ok()?;
                Some(Following::new(month, own, customers))
            });
            workers.push(Worker { planned, following, ..Worker::default() });
        }

        // The customer side of the agenda (date reminders, agreements to renew, call lists)
        // needs the customers' history: a book of the events so far.
        let spec = playbook.spec();
        let customer_side = spec.triggers.iter().any(|t| t.on.date.is_some() || t.on.occasion.is_some())
            || !spec.agreements.is_empty()
            || !spec.call_lists.is_empty();
        let mut book = match customer_side {
            true => Some(CustomerBook::new(playbook, roster)?.history_from(first)),
            false => None,
        };
        let customer_index: HashMap<&str, usize> = match customer_side {
            true => roster.customers.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect(),
            false => HashMap::new(),
        };

        let days: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
        let total = days.len() * roster.people.len();
        let mut totals = Totals::default();
        let mut later: BTreeMap<NaiveDate, Vec<Event>> = BTreeMap::new();
        for (d, date) in days.iter().enumerate() {
            let mut today = later.remove(date).unwrap_or_default();
            for (i, person) in roster.people.iter().enumerate() {
                let profile = &population.profiles[i];
                let agenda = match &book {
                    Some(book) => playbook.agenda_for(person, *date, book),
                    None => playbook.agenda(person, *date),
                }?;
                let mut dice =
                    Dice::new(self.seed, Purpose::Day, &[i as u64, u64::from(date.num_days_from_ce().unsigned_abs())]);
                let mut recorder = Recorder::new(&plan, roster, person, &profile.customers, &behaviours[i], *date);
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
                sink.progress(d * roster.people.len() + i + 1, total);
            }
            if let Some(book) = book.as_mut() {
                book.record(today.iter().cloned());
            }
            for event in today {
                sink.event(&event)?;
                evaluator.ingest(event).map_err(SimError::Rejected)?;
                totals.events += 1;
            }
            for finding in evaluator.close_through(*date) {
                sink.finding(&finding)?;
                totals.findings += 1;
            }
        }
        for finding in evaluator.finish() {
            sink.finding(&finding)?;
            totals.findings += 1;
        }
        Ok(totals)
    }
}

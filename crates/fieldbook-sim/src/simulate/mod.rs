//! The month simulation: every person's every day, generated in order, fed to the
//! tracker through the public API a host uses, closed day by day.
//!
//! Read once before the month: the [`Params`] (`params`), the team drawn from them
//! ([`Population`], `population`) and what the playbook asks people to record (`plan`,
//! with the weekly and monthly quotas spread by `period`). Then, per person and day:
//! `day` follows the agenda, `record` writes each event, `behaviour` decides how
//! diligently, `values` fills the fields, all drawn from `random`.

mod behaviour;
mod block;
mod day;
mod params;
mod period;
mod plan;
mod population;
mod random;
mod record;
mod shard;
mod sickness;
mod values;

use std::num::NonZeroUsize;

use chrono::{Datelike, NaiveDate};
use fieldbook_core::time::{first_day_of_month, last_day_of_month};
use fieldbook_core::{Event, Finding, Playbook, Problem, Rejected, RosterError};
use rayon::prelude::*;

use plan::Plan;

pub use params::{Amount, MAX_PARAMS_BYTES, Params, ParamsError, Rate};
pub(crate) use population::teams_of;
pub(crate) use population::threshold_number;
pub use population::{Population, TEAM_SIZE};
pub use shard::{BLOCK, Shard, ShardError};

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
    threads: Option<NonZeroUsize>,
    shard: Shard,
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
            threads: None,
            shard: Shard::WHOLE,
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

    /// How many threads simulate people at once (default: as many as the machine has
    /// cores). The output is the same, byte for byte, whatever the number.
    pub fn threads(mut self, threads: NonZeroUsize) -> Self {
        self.threads = Some(threads);
        self
    }

    /// Which slice of the team to simulate (default [`Shard::WHOLE`]): the population is
    /// drawn for the whole team, and only the shard's people are simulated.
    pub fn shard(mut self, shard: Shard) -> Self {
        self.shard = shard;
        self
    }

    /// The slice of the team simulated.
    pub fn shard_value(&self) -> Shard {
        self.shard
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

    /// Simulates the month for `population` (drawn for this or another playbook); every
    /// event and finding goes to `sink` as it is made. Events that fall after the month are
    /// left out.
    ///
    /// The people are simulated in blocks of [`BLOCK`] (in roster order), each with its
    /// own tracker, on [`Simulation::threads`] threads; the sink gets each block's month
    /// whole, day by day, the blocks in roster order — so the output does not depend on
    /// the number of threads, and a [`Shard`] gives exactly its blocks' part of it.
    ///
    /// # Errors
    /// The parameters are out of range, the population does not fit the playbook, the
    /// tracker turns an event away, or the sink fails.
    pub fn run(&self, population: &Population, mut sink: impl Sink) -> Result<Totals, SimError> {
        self.params.check()?;
        let blocks = self.shard.blocks(population.people().len());
        let plan = Plan::new(&self.playbook);
        let days = self.first.iter_days().take_while(|d| *d <= self.last_day()).count();
        let total = blocks.iter().map(|b| b.len()).sum::<usize>() * days;
        let threads =
            self.threads.map_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()), |n| n.get());
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| SimError::Io(std::io::Error::other(e)))?;
        let mut totals = Totals::default();
        let mut done = 0;
        // While the pool simulates one window of blocks, the calling thread hands the
        // previous window to the sink (so the sink need not be `Send`): at most two
        // windows are held.
        let mut held: Vec<Result<block::Month, SimError>> = Vec::new();
        let mut hand_over = |months: Vec<Result<block::Month, SimError>>| -> Result<(), SimError> {
            for month in months {
                let month = month?;
                for day in month.days {
                    for event in &day.events {
                        sink.event(event)?;
                    }
                    for finding in &day.findings {
                        sink.finding(finding)?;
                    }
                    totals.events += day.events.len();
                    totals.findings += day.findings.len();
                }
                done += month.people * days;
                sink.progress(done, total);
            }
            Ok(())
        };
        for window in blocks.chunks(threads) {
            let mut months = Vec::new();
            let handed = pool.in_place_scope(|scope| {
                scope.spawn(|_| {
                    months = window
                        .par_iter()
                        .map(|people| block::simulate(self, &plan, population, people.clone()))
                        .collect();
                });
                hand_over(std::mem::take(&mut held))
            });
            handed?;
            held = months;
        }
        hand_over(held)?;
        Ok(totals)
    }
}

//! A T77 month tracked by the engine beside the same rules evaluated by hand.
//!
//! `track/month/t77/N` runs the generated month of N people (events are generated
//! before the timed loop) as a CRM does: each day's events are ingested and the day is
//! closed, every finding tallied into the month's scorecard as it is made
//! (`close_through_each`, `Scorecard::tally`) instead of being kept;
//! `native/month/t77/N` evaluates the same rules over the same events with
//! straightforward hand-written Rust (`tests/support/native_t77.rs`); a test
//! (`tests/integration/native.rs`) asserts the two give the same verdicts.
//! `track/month/t77-rhai/1000` adds two Rhai checks per visit. Only the tracker is timed
//! (`iter_custom`): the events come in batches of ten people's day, each made just before
//! it is fed, so that the 10,000-person month (28 M events, generated batch by batch)
//! never needs more than a batch of events in memory. `FIELDBOOK_BENCH_CLOCK=cpu` times
//! the thread's CPU time instead of the wall clock, for a machine shared with others.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use fieldbook::track::Scorecard;
use fieldbook::{Event, Playbook, Roster, Tracker};

#[path = "../tests/support/month.rs"]
#[allow(dead_code)] // the benches use part of the generator
mod month;
#[path = "../tests/support/native_t77.rs"]
mod native_t77;

const T77: &str = include_str!("../examples/playbooks/t77.toml");

fn december() -> (NaiveDate, NaiveDate) {
    (NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date"), NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date"))
}

/// How many people's events of a day a batch holds: the events are fed as a host
/// streaming from its database would, a batch at a time, each made just before it is fed;
/// a day is closed after its last batch.
const BATCH: usize = 10;

/// A batch of events, its day, and whether the day closes after it.
type Batch = (NaiveDate, Vec<Event>, bool);

/// Largest team whose month is generated once and held (about 190 bytes an event, 2.8 M
/// events at 1,000 people); larger teams' batches are generated as they are fed.
const HELD: usize = 1000;

/// The month of `people` in batches: copied from the month held, or generated.
fn batches_of<'a>(people: usize, held: Option<&'a [Batch]>) -> Box<dyn Iterator<Item = Batch> + 'a> {
    let (first, last) = december();
    match held {
        Some(batches) => Box::new(batches.iter().cloned()),
        None => Box::new(month::batches(people, first, last, 42, BATCH)),
    }
}

/// A clock for the timed parts: wall time, or with `FIELDBOOK_BENCH_CLOCK=cpu` the CPU
/// time of this thread (Linux, `/proc/thread-self/schedstat`), which does not count the
/// time the thread waited for a core the other processes of a shared machine held.
#[derive(Clone, Copy)]
enum Clock {
    Wall,
    Cpu,
}

impl Clock {
    fn from_env() -> Self {
        // Read by the bench harness only, never by the engine.
        #[allow(clippy::disallowed_methods)]
        match std::env::var("FIELDBOOK_BENCH_CLOCK").as_deref() {
            Ok("cpu") => {
                assert!(cpu_ns().is_some(), "FIELDBOOK_BENCH_CLOCK=cpu needs /proc/thread-self/schedstat");
                Self::Cpu
            }
            _ => Self::Wall,
        }
    }

    /// Times `work`.
    fn time<T>(self, work: impl FnOnce() -> T) -> (Duration, T) {
        match self {
            Self::Wall => {
                let started = Instant::now();
                let out = work();
                (started.elapsed(), out)
            }
            Self::Cpu => {
                let started = cpu_ns().expect("the thread's CPU time is readable");
                let out = work();
                let ended = cpu_ns().expect("the thread's CPU time is readable");
                (Duration::from_nanos(ended - started), out)
            }
        }
    }
}

/// Nanoseconds this thread has run on a core.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

/// Tracks the month, timing only the tracker: making it, ingesting each batch, closing
/// each day after its last batch (with every finding tallied), and dropping it. Each
/// batch is made (copied or generated) just before it is fed, outside the time, so that a
/// team of any size needs one batch of events in memory.
fn track(
    clock: Clock,
    playbook: &Playbook,
    roster: Roster,
    batches: impl Iterator<Item = Batch>,
) -> (Duration, Scorecard) {
    let (first, _) = december();
    let (mut spent, mut tracker) =
        clock.time(|| Tracker::new(playbook.clone(), roster, first).expect("the roster fits"));
    let mut card = Scorecard::default();
    for (day, events, closes) in batches {
        let (took, ()) = clock.time(|| {
            let intake = tracker.ingest_all(events);
            assert!(intake.rejected.is_empty());
            if closes {
                tracker.close_through_each(day, |finding| card.tally(&finding)).expect("the day has its events");
            }
        });
        spent += took;
    }
    let (took, ()) = clock.time(|| drop(black_box(tracker)));
    (spent + took, card)
}

fn month(c: &mut Criterion) {
    let (first, last) = december();
    let clock = Clock::from_env();
    let plain = Playbook::from_toml(T77, None).expect("t77 loads");
    let scripted = {
        let playbook =
            Playbook::from_toml(&format!("{T77}\n{}", month::RHAI_CHECKS), None).expect("t77 with checks loads");
        let checks =
            fieldbook::RhaiChecks::compile(&playbook, &fieldbook::SandboxOptions::new()).expect("checks compile");
        playbook.with_checks(std::sync::Arc::new(checks))
    };
    // FIELDBOOK_BENCH_PEOPLE=10,100 runs fewer sizes; the environment is read by the
    // bench harness only, never by the engine.
    #[allow(clippy::disallowed_methods)]
    let sizes: Vec<usize> = match std::env::var("FIELDBOOK_BENCH_PEOPLE") {
        Ok(list) => list.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) => vec![10, 100, 1000, 10_000],
    };
    // The Rhai month at the largest size held.
    let scripted_size = sizes.iter().copied().filter(|&n| n <= HELD).max();

    let mut group = c.benchmark_group("track/month");
    group.sample_size(10);
    for &people in &sizes {
        let roster = month::roster(people);
        let held: Option<Vec<Batch>> =
            (people <= HELD).then(|| month::batches(people, first, last, 42, BATCH).collect());
        if let Some(batches) = &held {
            // Checked once: the engine judges every person-day and agrees with the floor.
            let (_, card) = track(clock, &plain, roster.clone(), batches_of(people, Some(batches)));
            let events: Vec<Event> = batches.iter().flat_map(|(_, events, _)| events.iter().cloned()).collect();
            let native = native_t77::evaluate(&roster, &events, first, last);
            assert_eq!(card.total.pass + card.total.fail + card.total.warning, native.len());
        }
        if people > HELD {
            // One run takes tens of seconds: no warming up beyond one run.
            group.warm_up_time(Duration::from_millis(1));
        }
        group.bench_with_input(BenchmarkId::new("t77", people), &people, |b, _| {
            b.iter_custom(|iters| {
                (0..iters).map(|_| track(clock, &plain, roster.clone(), batches_of(people, held.as_deref())).0).sum()
            })
        });
        if Some(people) == scripted_size {
            let (_, card) = track(clock, &scripted, roster.clone(), batches_of(people, held.as_deref()));
            assert!(card.rules.iter().any(|r| r.rule == "stock-reasonable" && r.tally.pass > 0));
            group.bench_with_input(BenchmarkId::new("t77-rhai", people), &people, |b, _| {
                b.iter_custom(|iters| {
                    (0..iters)
                        .map(|_| track(clock, &scripted, roster.clone(), batches_of(people, held.as_deref())).0)
                        .sum()
                })
            });
        }
    }
    group.finish();

    // The floor reads the month as one slice: held sizes only.
    let mut group = c.benchmark_group("native/month");
    group.sample_size(10);
    for &people in sizes.iter().filter(|&&n| n <= HELD) {
        let roster = month::roster(people);
        let events = month::events(people, first, last, 42);
        group.bench_with_input(BenchmarkId::new("t77", people), &people, |b, _| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| clock.time(|| native_t77::evaluate(black_box(&roster), black_box(&events), first, last)).0)
                    .sum()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, month);
criterion_main!(benches);

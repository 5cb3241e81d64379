//! One T77 month through the tracker, or through the hand-written floor, once: the
//! program to profile (`valgrind --tool=callgrind`, `perf record`) when the benchmarks
//! say something got slower. See docs/performance.md.
//!
//! ```sh
//! cargo build --release --example profile_month
//! valgrind --tool=callgrind target/release/examples/profile_month track 20
//! ```
//!
//! `--lateness N` keeps N closed days reopenable and prints the snapshot's size.
//!
//! `what` is `setup` (generate the month and load the playbook only: subtract its count),
//! `native` (the floor), `track` (day by day: ingest, close with `close_through_each`,
//! tally) or
//! `track-rhai` (the same with two Rhai checks per visit).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Parser, ValueEnum};
use fieldbook::track::Scorecard;
use fieldbook::{Event, Playbook, RhaiChecks, SandboxOptions, Tracker};

#[path = "../tests/support/month.rs"]
#[allow(dead_code)] // the generator's other helpers serve the tests
mod month;
#[path = "../tests/support/native_t77.rs"]
mod native_t77;

const T77: &str = include_str!("playbooks/t77.toml");

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum What {
    Setup,
    Native,
    Track,
    TrackRhai,
}

#[derive(Parser)]
#[command(about = "Run a generated T77 month once, for a profiler")]
struct Args {
    /// What to run.
    #[arg(value_enum)]
    what: What,
    /// How many people.
    #[arg(default_value_t = 20)]
    people: usize,
    /// For `track`: keep this many closed days reopenable (`Tracker::with_lateness`), and
    /// print the size of the final snapshot.
    #[arg(long)]
    lateness: Option<u32>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (first, last) = (NaiveDate::from_ymd_opt(2026, 12, 1), NaiveDate::from_ymd_opt(2026, 12, 31));
    let (Some(first), Some(last)) = (first, last) else { return ExitCode::FAILURE };
    let roster = month::roster(args.people);
    let events = month::events(args.people, first, last, 42);
    let playbook = match args.what {
        What::TrackRhai => Playbook::from_toml(&format!("{T77}\n{}", month::RHAI_CHECKS), None).and_then(|playbook| {
            let checks = RhaiChecks::compile(&playbook, &SandboxOptions::new())?;
            Ok(playbook.with_checks(Arc::new(checks)))
        }),
        _ => Playbook::from_toml(T77, None),
    };
    let playbook = match playbook {
        Ok(playbook) => playbook,
        Err(problems) => {
            eprintln!("{problems}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let judged = match args.what {
        What::Setup => 0,
        What::Native => native_t77::evaluate(&roster, &events, first, last).len(),
        What::Track | What::TrackRhai => {
            let mut tracker = match Tracker::new(playbook, roster, first) {
                Ok(tracker) => match args.lateness {
                    Some(days) => tracker.with_lateness(days),
                    None => tracker,
                },
                Err(problems) => {
                    eprintln!("{problems}");
                    return ExitCode::FAILURE;
                }
            };
            // As the month bench: each day's events ingested, then the day closed.
            let mut days: Vec<Vec<Event>> = first.iter_days().take_while(|d| *d <= last).map(|_| Vec::new()).collect();
            for e in events {
                let offset = usize::try_from((e.at.date_naive() - first).num_days()).unwrap_or(usize::MAX);
                if let Some(day) = days.get_mut(offset) {
                    day.push(e);
                }
            }
            let mut card = Scorecard::default();
            let mut rejected = 0;
            for (day, events) in first.iter_days().zip(days) {
                rejected += tracker.ingest_all(events).rejected.len();
                if let Err(error) = tracker.close_through_each(day, |finding| card.tally(&finding)) {
                    eprintln!("{error}");
                    return ExitCode::FAILURE;
                }
            }
            if args.lateness.is_some() {
                let bytes = serde_json::to_vec(&tracker.snapshot()).map_or(0, |json| json.len());
                eprintln!("snapshot: {bytes} bytes of JSON");
            }
            rejected + card.total.pass + card.total.fail + card.total.warning + card.total.error
        }
    };
    eprintln!("{judged} verdicts in {:.3?}", started.elapsed());
    ExitCode::SUCCESS
}

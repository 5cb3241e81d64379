//! A T77 month tracked by the engine beside the same rules evaluated by hand.
//!
//! `track/month/t77/N` runs the generated month of N people (events are generated
//! before the timed loop) as a CRM does: each day's events are ingested and the day is
//! closed, every finding tallied into the month's scorecard as it is made
//! (`close_through_each`, `Scorecard::tally`) instead of being kept;
//! `native/month/t77/N` evaluates the same rules over the same events with
//! straightforward hand-written Rust (`tests/support/native_t77.rs`); a test
//! (`tests/integration/native.rs`) asserts the two give the same verdicts.
//! `track/month/t77-rhai/1000` adds two Rhai checks per visit.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
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

/// The month's events as they arrive: one batch a day, every day of the month (the
/// generated events carry the playbook's offset, so their date is the local one).
fn by_day(events: &[Event]) -> Vec<(NaiveDate, Vec<Event>)> {
    let (first, last) = december();
    let mut days: Vec<(NaiveDate, Vec<Event>)> =
        first.iter_days().take_while(|d| *d <= last).map(|d| (d, Vec::new())).collect();
    for e in events {
        let offset = usize::try_from((e.at.date_naive() - first).num_days()).expect("an event of the month");
        days[offset].1.push(e.clone());
    }
    days
}

fn track(playbook: &Playbook, roster: Roster, days: Vec<(NaiveDate, Vec<Event>)>) -> Scorecard {
    let (first, _) = december();
    let mut tracker = Tracker::new(playbook.clone(), roster, first).expect("the roster fits");
    let mut card = Scorecard::default();
    for (day, events) in days {
        let intake = tracker.ingest_all(events);
        assert!(intake.rejected.is_empty());
        tracker.close_through_each(day, |finding| card.tally(&finding)).expect("the day has its events");
    }
    card
}

fn month(c: &mut Criterion) {
    let (first, last) = december();
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
        Err(_) => vec![10, 100, 1000],
    };

    let mut group = c.benchmark_group("track/month");
    group.sample_size(10);
    for &people in &sizes {
        let roster = month::roster(people);
        let events = month::events(people, first, last, 42);
        // Checked once: the engine judges every person-day and agrees with the floor.
        let card = track(&plain, roster.clone(), by_day(&events));
        let native = native_t77::evaluate(&roster, &events, first, last);
        assert_eq!(card.total.pass + card.total.fail + card.total.warning, native.len());
        group.bench_with_input(BenchmarkId::new("t77", people), &people, |b, _| {
            b.iter_batched(
                || (roster.clone(), by_day(&events)),
                |(roster, days)| track(&plain, roster, days),
                BatchSize::LargeInput,
            )
        });
        if people == *sizes.iter().max().unwrap_or(&people) {
            let card = track(&scripted, roster.clone(), by_day(&events));
            assert!(card.rules.iter().any(|r| r.rule == "stock-reasonable" && r.tally.pass > 0));
            group.bench_with_input(BenchmarkId::new("t77-rhai", people), &people, |b, _| {
                b.iter_batched(
                    || (roster.clone(), by_day(&events)),
                    |(roster, days)| track(&scripted, roster, days),
                    BatchSize::LargeInput,
                )
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("native/month");
    group.sample_size(10);
    for &people in &sizes {
        let roster = month::roster(people);
        let events = month::events(people, first, last, 42);
        group.bench_with_input(BenchmarkId::new("t77", people), &people, |b, _| {
            b.iter(|| native_t77::evaluate(black_box(&roster), black_box(&events), first, last))
        });
    }
    group.finish();
}

criterion_group!(benches, month);
criterion_main!(benches);

//! Benchmarks of loading a playbook and asking for an agenda.
//!
//! `agenda/day/t77` is measured beside `native/agenda/day/t77`, a hand-written function
//! that produces the same T77 items for a day with no playbook at all, so the cost of
//! being declarative shows as a ratio in one run.

use std::hint::black_box;

use chrono::{Datelike, NaiveDate, Weekday};
use criterion::{Criterion, criterion_group, criterion_main};
use fieldbook::{Person, Playbook};

const T77: &str = include_str!("../examples/playbooks/t77.toml");

fn load(c: &mut Criterion) {
    let playbook = Playbook::from_toml(T77, None).expect("t77 loads");
    assert_eq!(playbook.spec().steps.len(), 10);
    c.bench_function("load/t77", |b| b.iter(|| Playbook::from_toml(black_box(T77), None)));
}

/// The T77 items of a working day, written by hand: what a programmer would write for
/// this one playbook (ids only, in due order, with the day's phase-dependent steps).
fn native_t77_day(date: NaiveDate) -> Vec<&'static str> {
    if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        return Vec::new();
    }
    let mut items = vec![
        "morning-meeting",
        "visit-schedule",
        "tool-kit",
        "first-visit",
        "lunch-review",
        "field-work-ends",
        "daily-report",
        "order-check",
        "prepare-tomorrow",
    ];
    if date.day() <= 10 {
        items.push("forecast-forms");
    }
    if date.weekday() == Weekday::Mon {
        items.push("weekly-summary");
    }
    if (6..=10).contains(&date.day()) {
        items.push("focus:adjustment");
    }
    items.extend(["visits-per-day", "service-time-per-visit"]);
    items
}

fn agenda(c: &mut Criterion) {
    let playbook = Playbook::from_toml(T77, None).expect("t77 loads");
    let person = Person::new("li").with_attr("route", "urban");
    // Tuesday 8 December 2026: a plain working day of the adjustment phase.
    let date = NaiveDate::from_ymd_opt(2026, 12, 8).expect("a date");
    let ids: Vec<String> = playbook.agenda(&person, date).items.into_iter().map(|i| i.id).collect();
    assert_eq!(ids, native_t77_day(date), "the engine and the hand-written day must agree");

    let mut group = c.benchmark_group("agenda");
    group.bench_function("day/t77", |b| b.iter(|| playbook.agenda(black_box(&person), black_box(date))));
    group.finish();
    c.bench_function("native/agenda/day/t77", |b| b.iter(|| native_t77_day(black_box(date))));
}

criterion_group!(benches, load, agenda);
criterion_main!(benches);

//! Benchmarks of loading a playbook, asking for an agenda, running a check, and taking in
//! events whose ids were crafted to collide.
//!
//! `agenda/day/t77` is measured beside `native/agenda/day/t77`, a hand-written function
//! that produces the same T77 items for a day with no playbook at all, so the cost of
//! being declarative shows as a ratio in one run. `intake/ids/crafted` beside
//! `intake/ids/ordinary`: ids whose hashes share their low bits under a fixed seed
//! (hash flooding) must cost no more than ordinary ones.

use std::hint::black_box;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Weekday};
use criterion::{Criterion, criterion_group, criterion_main};

use fieldbook::check::{CheckInput, CheckRunner};
use fieldbook::{Customer, Event, Person, Playbook, RhaiChecks, SandboxOptions, Value};

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
    let ids: Vec<String> =
        playbook.agenda(&person, date).expect("li fits T77").items.into_iter().map(|i| i.id.to_string()).collect();
    assert_eq!(ids, native_t77_day(date), "the engine and the hand-written day must agree");

    let mut group = c.benchmark_group("agenda");
    group.bench_function("day/t77", |b| b.iter(|| playbook.agenda(black_box(&person), black_box(date))));
    group.finish();
    c.bench_function("native/agenda/day/t77", |b| b.iter(|| native_t77_day(black_box(date))));
}

/// The visit rule of the reference figures: at least 8 minutes, stock within 1.5 weeks of
/// sales, and a key customer never out of stock.
const VISIT_CHECK: &str = r#"
let stock = event["stock"];
event.minutes >= 8.0 && stock <= 1.5 * event["weekly_sales"]
    && (customer == () || !customer.has_tag("key") || stock >= 1)
"#;

fn native_visit_check(event: &Event, customer: Option<&Customer>) -> bool {
    let number = |field: &str| event.fields.get(field).and_then(Value::as_number).unwrap_or(0.0);
    let minutes = event.end.map_or(0.0, |end| (end - event.at).num_seconds() as f64 / 60.0);
    let stock = number("stock");
    let key = customer.is_some_and(|c| c.tags.iter().any(|t| t == "key"));
    minutes >= 8.0 && stock <= 1.5 * number("weekly_sales") && (!key || stock >= 1.0)
}

fn check(c: &mut Criterion) {
    let quoted = "'''";
    let text = format!(
        "{T77}\n[[checks]]\nid = \"visit-rule\"\ntitle = \"Visit rule\"\nrefs = [\"T77-9\", \"T77-22\"]\nscope = \"event\"\nkind = \"visit\"\nscript = {quoted}{VISIT_CHECK}{quoted}\n"
    );
    let playbook = Playbook::from_toml(&text, None).expect("t77 with a check loads");
    let checks = RhaiChecks::compile(&playbook, &SandboxOptions::new()).expect("the check compiles");
    let index = playbook.spec().checks.len() - 1;
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-08T10:00:00+08:00").expect("a time");
    let event = Event::new("v1", "visit", "li", at)
        .ending(at + chrono::TimeDelta::minutes(9))
        .for_customer("c1")
        .with("stock", Value::Number(12.0))
        .with("weekly_sales", Value::Number(10.0));
    let customer = Customer { id: "c1".into(), tags: vec!["key".into()], ..Customer::default() };
    let person = Person::new("li");
    let (event, customer, person) = (Arc::new(event), Arc::new(customer), Arc::new(person));
    let input = CheckInput::Event { event: &event, customer: Some(&customer), person: &person, date: at.date_naive() };
    let scripted = checks.run(index, input).expect("the check runs").ok;
    assert_eq!(scripted, native_visit_check(&event, Some(&customer)), "script and native agree");
    assert!(scripted, "9 minutes, 12 in stock against 10 a week: within 15");

    assert!(checks.is_native(index), "the visit rule has a common shape: it runs natively");
    c.bench_function("rhai/check/visit", |b| b.iter(|| checks.run(index, black_box(input))));
    // The same check with every run in Rhai (as before the native shapes).
    let interpreted = RhaiChecks::compile(&playbook, &SandboxOptions::new().native_checks(false)).expect("compiles");
    assert_eq!(interpreted.run(index, input).expect("the check runs").ok, scripted);
    c.bench_function("rhai/check/visit/interpreted", |b| b.iter(|| interpreted.run(index, black_box(input))));
    c.bench_function("native/check/visit", |b| {
        b.iter(|| native_visit_check(black_box(&event), black_box(Some(&customer))))
    });
}

/// `n` ids whose foldhash hashes, with the fixed seed, end in the same 12 bits: in a
/// table hashed that way they all fall into a handful of buckets.
fn colliding_ids(n: usize) -> Vec<smol_str::SmolStr> {
    use std::hash::BuildHasher;
    let fixed = foldhash::fast::FixedState::default();
    (0u64..)
        .map(|i| smol_str::SmolStr::from(format!("e{i}")))
        .filter(|id| fixed.hash_one(id) & 0xfff == 0)
        .take(n)
        .collect()
}

fn intake(c: &mut Criterion) {
    const N: usize = 10_000;
    let playbook = Playbook::from_toml(T77, None).expect("t77 loads");
    let roster = fieldbook::Roster { people: vec![Person::new("li")], customers: vec![] };
    let start = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date");
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-07T10:00:00+08:00").expect("a time");
    let meetings = |ids: Vec<smol_str::SmolStr>| -> Vec<Event> {
        ids.into_iter().map(|id| Event::new(id, "meeting", "li", at)).collect()
    };
    // Spread as the crafted ones are, so that both have ids of the same lengths.
    let ordinary = meetings((0..N).map(|i| smol_str::SmolStr::from(format!("e{}", i * 4096))).collect());
    let crafted = meetings(colliding_ids(N));
    let mut group = c.benchmark_group("intake/ids");
    group.sample_size(10);
    for (name, events) in [("ordinary", &ordinary), ("crafted", &crafted)] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    let tracker = fieldbook::Tracker::new(playbook.clone(), roster.clone(), start).expect("a tracker");
                    (tracker, events.clone())
                },
                |(mut tracker, events)| {
                    let intake = tracker.ingest_all(events);
                    assert_eq!(intake.accepted, N);
                    tracker
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, load, agenda, check, intake);
criterion_main!(benches);

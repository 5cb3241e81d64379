//! `plan/month/t77/600`: one T77 urban customer manager's June 2026 plan over 600
//! customers (40 key weekly, the rest monthly, volatile and enterprise ones in focus on
//! days 6-10), from frequencies to timed, ordered days.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use fieldbook::{PlanOptions, Playbook, plan_month};

#[path = "../tests/support/plan_roster.rs"]
mod plan_roster;

const T77: &str = include_str!("../examples/playbooks/t77.toml");

fn plan(c: &mut Criterion) {
    let playbook = Playbook::from_toml(T77, None).expect("t77 loads");
    let roster = plan_roster::roster(600);
    let person = plan_roster::person();
    let june = NaiveDate::from_ymd_opt(2026, 6, 1).expect("a date");
    let options = PlanOptions::new();
    // Checked once, so the bench cannot time a plan that fails.
    let checked = plan_month(&playbook, &person, &roster.customers, june, &options).expect("plans");
    assert!(checked.is_feasible() && checked.days.iter().all(|d| d.visits.len() >= 30));
    c.bench_function("plan/month/t77/600", |b| {
        b.iter(|| plan_month(black_box(&playbook), &person, black_box(&roster.customers), june, &options))
    });
}

criterion_group!(benches, plan);
criterion_main!(benches);

//! Properties of the tracker over random T77 event logs: arrival order, snapshots and
//! repeats do not change the findings, and a naive reference evaluator agrees.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, Timelike};
use fieldbook::track::TrackerState;
use fieldbook::{Customer, Event, Finding, Person, Roster, SmolStr, Status, Tracker, Value};
use proptest::prelude::*;

use crate::support::{date, seed};

const PEOPLE: [(&str, &str); 3] = [("li", "urban"), ("wang", "rural"), ("zhao", "urban")];
const CUSTOMERS: usize = 8;
/// Monday 7 to Sunday 13 December 2026.
const FIRST_DAY: &str = "2026-12-07";
const DAYS: i64 = 7;

fn roster() -> Roster {
    Roster {
        people: PEOPLE
            .iter()
            .map(|(id, route)| Person::new(*id).with_role("customer_manager").with_attr("route", *route))
            .collect(),
        customers: (0..CUSTOMERS)
            .map(|i| Customer {
                id: format!("c{i}").into(),
                tags: if i % 3 == 0 { vec!["key".into()] } else { vec![] },
                manager: Some(PEOPLE[i % PEOPLE.len()].0.into()),
                fields: [("name".to_string(), Value::Text(format!("Shop {i}").into()))].into(),
                ..Customer::default()
            })
            .collect(),
    }
}

fn at(day: i64, minute_of_day: i64) -> DateTime<FixedOffset> {
    let midnight = DateTime::parse_from_rfc3339(&format!("{FIRST_DAY}T00:00:00+08:00")).unwrap();
    midnight + TimeDelta::days(day) + TimeDelta::minutes(minute_of_day)
}

/// One generated event, before it gets its id.
fn event() -> impl Strategy<Value = (usize, i64, i64, u8, i64, usize, Vec<bool>)> {
    (
        0..PEOPLE.len(),
        0..DAYS,
        7 * 60..17 * 60i64,
        0u8..7,
        1..20i64,
        0..CUSTOMERS,
        proptest::collection::vec(any::<bool>(), 7),
    )
}

const ITEMS: [&str; 7] = ["greet", "inspect", "introduce", "tidy", "collect", "answer", "record"];

fn log() -> impl Strategy<Value = Vec<Event>> {
    proptest::collection::vec(event(), 0..60).prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(n, (person, day, minute, kind, length, customer, items))| {
                let person = PEOPLE[person].0;
                let start = at(day, minute);
                let id = format!("e{n}");
                let customer = format!("c{customer}");
                match kind {
                    // Chaired by the section chief (T77-11), or now and then not.
                    0 => Event::new(id, "meeting", person, start)
                        .with("chair", if length % 5 == 0 { "market_manager" } else { "section_chief" }),
                    1 | 2 => {
                        let done: Vec<SmolStr> =
                            ITEMS.iter().zip(&items).filter(|(_, on)| **on).map(|(&i, _)| i.into()).collect();
                        Event::new(id, "visit", person, start)
                            .ending(start + TimeDelta::minutes(length))
                            .for_customer(customer)
                            .with("checklist", Value::List(done))
                    }
                    3 => Event::new(id, "order", person, start)
                        .for_customer(customer)
                        .with("status", Value::Text(if length % 2 == 0 { "failed" } else { "executed" }.into())),
                    4 => Event::new(id, "call", person, start).for_customer(customer),
                    5 => Event::new(id, "report", person, start).with("type", Value::Text("weekly_summary".into())),
                    // A schedule listing the customers the flags pick.
                    _ => {
                        let planned =
                            items.iter().enumerate().filter(|(_, on)| **on).map(|(c, _)| format!("c{c}").into());
                        Event::new(id, "schedule", person, start).with("planned", Value::List(planned.collect()))
                    }
                }
            })
            .collect()
    })
}

fn tracker() -> Tracker {
    Tracker::new(seed("t77"), roster(), date(FIRST_DAY)).unwrap()
}

fn last_day() -> NaiveDate {
    date(FIRST_DAY) + TimeDelta::days(DAYS - 1)
}

/// Ingests `events` and closes the whole span.
fn run(events: &[Event]) -> Vec<Finding> {
    let mut tracker = tracker();
    let intake = tracker.ingest_all(events.iter().cloned());
    assert!(intake.rejected.is_empty(), "{:?}", intake.rejected);
    tracker.close_through(last_day()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn prop_findings_do_not_depend_on_arrival_order(
        (events, shuffled) in log().prop_flat_map(|events| (Just(events.clone()), Just(events).prop_shuffle())),
    ) {
        prop_assert_eq!(run(&events), run(&shuffled));
    }

    #[test]
    fn prop_snapshot_and_restore_at_any_point_gives_the_same_findings(events in log(), cut in 0..DAYS) {
        // Both runs ingest the events of days up to `cut`, close the days before it,
        // then ingest the rest and close the week; one of them goes through a JSON
        // snapshot in between.
        let cut_day = date(FIRST_DAY) + TimeDelta::days(cut);
        let (early, late): (Vec<Event>, Vec<Event>) =
            events.iter().cloned().partition(|e| e.at.date_naive() <= cut_day);
        let first_part = |tracker: &mut Tracker| {
            tracker.ingest_all(early.clone());
            tracker.close_through(cut_day - TimeDelta::days(1)).unwrap()
        };

        let mut straight = tracker();
        let mut expected = first_part(&mut straight);
        straight.ingest_all(late.clone());
        expected.extend(straight.close_through(last_day()).unwrap());

        let mut before = tracker();
        let mut found = first_part(&mut before);
        let json = serde_json::to_string(&before.snapshot()).unwrap();
        let state: TrackerState = serde_json::from_str(&json).unwrap();
        let mut after = Tracker::restore(seed("t77"), roster(), state).unwrap();
        let intake = after.ingest_all(late);
        prop_assert!(intake.rejected.is_empty(), "{:?}", intake.rejected);
        found.extend(after.close_through(last_day()).unwrap());
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn prop_repeated_events_are_idempotent(events in log(), repeats in proptest::collection::vec(any::<usize>(), 0..20)) {
        let mut with_repeats = events.clone();
        if !events.is_empty() {
            with_repeats.extend(repeats.iter().map(|i| events[i % events.len()].clone()));
        }
        prop_assert_eq!(run(&with_repeats), run(&events));
    }

    #[test]
    fn prop_a_naive_reference_evaluator_agrees(events in log()) {
        let found: BTreeSet<Verdict> = run(&events)
            .into_iter()
            .filter(|f| REFERENCE_RULES.contains(&f.rule.as_str()))
            .map(|f| (f.rule, f.person, f.window.start.date_naive(), f.events.first().cloned().unwrap_or_default(), f.status))
            .collect();
        prop_assert_eq!(found, naive(&events));
    }
}

/// (rule, person, day, first cited event, status)
type Verdict = (SmolStr, SmolStr, NaiveDate, SmolStr, Status);

const REFERENCE_RULES: [&str; 6] = [
    "visits-per-day",
    "service-time-per-visit",
    "first-visit",
    "field-work-ends",
    "morning-meeting",
    "failed-order-call",
];

/// T77-8, T77-9, T77-11, T77-14, T77-16 and T77-18 written out directly from the seed
/// facts: simple loops over every event, no state.
fn naive(events: &[Event]) -> BTreeSet<Verdict> {
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    let mut out = BTreeSet::new();
    let minutes = |e: &Event| e.at.hour() * 60 + e.at.minute();
    for (person, route) in PEOPLE {
        for day in (0..DAYS).map(|d| date(FIRST_DAY) + TimeDelta::days(d)) {
            let of_day: Vec<&Event> =
                sorted.iter().copied().filter(|e| e.person == person && e.at.date_naive() == day).collect();
            let visits: Vec<&Event> = of_day.iter().copied().filter(|e| e.kind == "visit").collect();
            let meetings: Vec<&Event> = of_day.iter().copied().filter(|e| e.kind == "meeting").collect();
            let verdict = |ok: bool| if ok { Status::Pass } else { Status::Fail };
            let cite = |e: Option<&&Event>| e.map(|e| e.id.clone()).unwrap_or_default();
            for v in &visits {
                let long_enough = (v.end.unwrap() - v.at).num_minutes() >= 8;
                out.insert((
                    "service-time-per-visit".into(),
                    person.into(),
                    v.at.date_naive(),
                    v.id.clone(),
                    verdict(long_enough),
                ));
            }
            if day.weekday().number_from_monday() > 5 {
                continue;
            }
            let needed = if route == "urban" { 30 } else { 25 };
            out.insert((
                "visits-per-day".into(),
                person.into(),
                day,
                cite(visits.first()),
                verdict(visits.iter().filter_map(|v| v.customer.as_deref()).collect::<BTreeSet<_>>().len() >= needed),
            ));
            // T77-14: the first visit by 09:30, and every visit to a customer a schedule
            // of the day lists.
            let planned: BTreeSet<&str> = of_day
                .iter()
                .filter(|e| e.kind == "schedule")
                .flat_map(|e| match e.fields.get("planned") {
                    Some(Value::List(list)) => list.iter().map(|c| c.as_str()).collect(),
                    _ => Vec::new(),
                })
                .collect();
            let on_list = visits.iter().all(|v| v.customer.as_deref().is_some_and(|c| planned.contains(c)));
            let first_visit = visits.first();
            out.insert((
                "first-visit".into(),
                person.into(),
                day,
                cite(first_visit),
                verdict(first_visit.is_some_and(|v| minutes(v) <= 9 * 60 + 30) && on_list),
            ));
            let last_end = visits.iter().max_by_key(|v| (v.end, &v.id));
            let ends_in_time = last_end.is_some_and(|v| {
                let end = v.end.unwrap();
                end.date_naive() == day && end.hour() * 60 + end.minute() <= 15 * 60
            });
            out.insert(("field-work-ends".into(), person.into(), day, cite(last_end), verdict(ends_in_time)));
            let first_meeting = meetings.first();
            out.insert((
                "morning-meeting".into(),
                person.into(),
                day,
                cite(first_meeting),
                // T77-11: by 08:00, chaired by the section chief.
                verdict(first_meeting.is_some_and(|m| {
                    minutes(m) <= 8 * 60 && m.fields.get("chair") == Some(&Value::Text("section_chief".into()))
                })),
            ));
        }
        // T77-18: every failed order gets a call to the same customer, after it, by 17:30
        // the same day (all generated events are before 17:00).
        for order in sorted.iter().filter(|e| e.person == person && e.kind == "order") {
            if order.fields.get("status") != Some(&Value::Text("failed".into())) {
                continue;
            }
            let called = sorted.iter().any(|c| {
                c.person == person
                    && c.kind == "call"
                    && c.customer == order.customer
                    && c.at >= order.at
                    && c.at.date_naive() == order.at.date_naive()
                    && minutes(c) <= 17 * 60 + 30
            });
            let status = if called { Status::Pass } else { Status::Fail };
            out.insert(("failed-order-call".into(), person.into(), order.at.date_naive(), order.id.clone(), status));
        }
    }
    out
}

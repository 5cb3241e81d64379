//! The tracker against the seed facts: small scenario days and months for each seed
//! playbook, with every expected finding worked out by hand from SEEDS.md and the
//! playbook's rules (times in Asia/Shanghai, +08:00; 2026-12-07 is a Monday).

use chrono::{DateTime, FixedOffset, TimeDelta};
use fieldbook::track::Span;
use fieldbook::{Customer, Event, Finding, Person, Roster, Status, Tracker, Value};

use crate::support::{date, seed};

const MON: &str = "2026-12-07";
const TUE: &str = "2026-12-08";
const WED: &str = "2026-12-09";

// ---------------------------------------------------------------- helpers

/// `day` at `time` (HH:MM) in Beijing time.
fn at(day: &str, time: &str) -> DateTime<FixedOffset> {
    let text = format!("{day}T{time}:00+08:00");
    DateTime::parse_from_rfc3339(&text).unwrap_or_else(|e| panic!("bad test time {text}: {e}"))
}

/// A customer with the one required record field of every seed playbook, `name`.
fn customer(id: &str) -> Customer {
    Customer {
        id: id.into(),
        fields: [("name".to_string(), Value::Text(format!("Customer {id}").into()))].into_iter().collect(),
        ..Customer::default()
    }
}

/// A customer looked after by `manager`.
fn managed(id: &str, manager: &str) -> Customer {
    Customer { manager: Some(manager.into()), ..customer(id) }
}

/// Customers `c01` .. `cNN`.
fn customers(n: usize) -> Vec<Customer> {
    (1..=n).map(|i| customer(&format!("c{i:02}"))).collect()
}

fn person(id: &str, role: &str) -> Person {
    Person::new(id).with_role(role)
}

/// A T77/TPK customer manager on an urban or rural route.
fn manager(id: &str, route: &str) -> Person {
    person(id, "customer_manager").with_attr("route", route)
}

fn tracker(playbook: &str, people: Vec<Person>, customers: Vec<Customer>, start: &str) -> Tracker {
    Tracker::new(seed(playbook), Roster { people, customers }, date(start))
        .unwrap_or_else(|e| panic!("{playbook}: the test roster is wrong: {e}"))
}

/// Ingests events that must all be accepted.
fn feed(tracker: &mut Tracker, events: Vec<Event>) {
    let n = events.len();
    let intake = tracker.ingest_all(events);
    assert!(intake.rejected.is_empty(), "rejected: {:#?}", intake.rejected);
    assert_eq!(intake.accepted, n);
}

/// The findings of `rule` for `person`.
fn of<'a>(findings: &'a [Finding], rule: &str, person: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule && f.person == person).collect()
}

/// The one finding of `rule` for `person`.
fn only<'a>(findings: &'a [Finding], rule: &str, person: &str) -> &'a Finding {
    let found = of(findings, rule, person);
    assert_eq!(found.len(), 1, "expected one `{rule}` finding for `{person}`, got {found:#?}");
    found[0]
}

/// A visit (a lasting event about a customer).
fn visit(id: &str, who: &str, customer: &str, day: &str, from: &str, to: &str) -> Event {
    Event::new(id, "visit", who, at(day, from)).ending(at(day, to)).for_customer(customer)
}

/// `n` visits of 8 minutes every 10 minutes from 09:00, to customers c01, c02, ..., with ids
/// `{who}-v01` ...
fn round_of_visits(who: &str, day: &str, n: usize) -> Vec<Event> {
    let start = at(day, "09:00");
    (0..n)
        .map(|i| {
            let from = start + TimeDelta::minutes(10 * i as i64);
            Event::new(format!("{who}-v{:02}", i + 1), "visit", who, from)
                .ending(from + TimeDelta::minutes(8))
                .for_customer(format!("c{:02}", i + 1))
        })
        .collect()
}

fn ids(prefix: &str, range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}{i:02}")).collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn text(value: &str) -> Value {
    Value::Text(value.to_string().into())
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|&i| i.into()).collect())
}

// ---------------------------------------------------------------- T77-8 visits per day

/// One T77 working day (Monday) of `n` visits by a manager on `route`.
fn t77_visits_per_day(route: &str, n: usize) -> Finding {
    let mut t = tracker("t77", vec![manager("li", route)], customers(30), MON);
    feed(&mut t, round_of_visits("li", MON, n));
    let findings = t.close_through(date(MON)).unwrap();
    only(&findings, "visits-per-day", "li").clone()
}

#[test]
fn t77_urban_day_of_29_visits_fails_the_visits_quota() {
    let f = t77_visits_per_day("urban", 29);
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.expected, "at least 30");
    assert_eq!(f.actual, "29");
    assert_eq!(*f.refs, ["T77-8"]);
    assert_eq!(f.customer, None);
    // The earliest ten visits are cited.
    assert_eq!(f.events, ids("li-v", 1..=10));
    assert_eq!(f.window, Span { start: at(MON, "00:00"), end: at(MON, "17:30") });
}

#[test]
fn t77_urban_day_of_30_visits_passes_the_visits_quota() {
    let f = t77_visits_per_day("urban", 30);
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.expected, "at least 30");
    assert_eq!(f.actual, "30");
    assert_eq!(*f.refs, ["T77-8"]);
}

#[test]
fn t77_rural_day_of_25_visits_passes_the_visits_quota() {
    let f = t77_visits_per_day("rural", 25);
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.expected, "at least 25");
    assert_eq!(f.actual, "25");
}

#[test]
fn t77_rural_day_of_24_visits_fails_the_visits_quota() {
    let f = t77_visits_per_day("rural", 24);
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.expected, "at least 25");
    assert_eq!(f.actual, "24");
}

// ---------------------------------------------------------------- T77-9 service time

#[test]
fn t77_visit_of_7_minutes_fails_and_of_8_minutes_passes_the_service_time() {
    let mut t = tracker("t77", vec![manager("li", "urban")], customers(2), MON);
    feed(
        &mut t,
        vec![visit("short", "li", "c01", MON, "09:10", "09:17"), visit("enough", "li", "c02", MON, "09:25", "09:33")],
    );
    let findings = t.close_through(date(MON)).unwrap();
    let per_visit = of(&findings, "service-time-per-visit", "li");
    assert_eq!(per_visit.len(), 2, "{per_visit:#?}");

    let short = per_visit.iter().find(|f| f.events == ["short"]).expect("a finding for the 7-minute visit");
    assert_eq!(short.status, Status::Fail);
    assert_eq!(short.expected, "at least 8m");
    assert_eq!(short.actual, "7m");
    assert_eq!(*short.refs, ["T77-9"]);
    assert_eq!(short.customer.as_deref(), Some("c01"));
    assert_eq!(short.window, Span { start: at(MON, "09:10"), end: at(MON, "09:17") });

    let enough = per_visit.iter().find(|f| f.events == ["enough"]).expect("a finding for the 8-minute visit");
    assert_eq!(enough.status, Status::Pass);
    assert_eq!(enough.expected, "at least 8m");
    assert_eq!(enough.actual, "8m");
    assert_eq!(enough.customer.as_deref(), Some("c02"));
}

// ---------------------------------------------------------------- T77-14 first visit

fn t77_first_visit(visits: Vec<Event>) -> Finding {
    let mut t = tracker("t77", vec![manager("li", "urban")], customers(2), MON);
    feed(&mut t, visits);
    let findings = t.close_through(date(MON)).unwrap();
    only(&findings, "first-visit", "li").clone()
}

#[test]
fn t77_first_visit_at_0940_is_late() {
    let f = t77_first_visit(vec![
        visit("second", "li", "c02", MON, "10:00", "10:10"),
        visit("first", "li", "c01", MON, "09:40", "09:50"),
    ]);
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.expected, "by 09:30");
    assert_eq!(f.actual, "09:40");
    assert_eq!(f.events, strings(&["first"]));
    assert_eq!(*f.refs, ["T77-14"]);
    assert_eq!(f.window, Span { start: at(MON, "00:00"), end: at(MON, "09:30") });
}

#[test]
fn t77_first_visit_at_0930_is_on_time() {
    let f = t77_first_visit(vec![
        visit("first", "li", "c01", MON, "09:30", "09:40"),
        visit("second", "li", "c02", MON, "09:45", "09:55"),
    ]);
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.expected, "by 09:30");
    assert_eq!(f.actual, "09:30");
    assert_eq!(f.events, strings(&["first"]));
}

#[test]
fn t77_first_visit_sent_in_utc_is_judged_and_shown_in_beijing_time() {
    // 01:40 UTC is 09:40 in Beijing: late, and shown as the playbook's clock reads.
    let from = DateTime::parse_from_rfc3339("2026-12-07T01:40:00Z").unwrap();
    let f = t77_first_visit(vec![
        Event::new("first", "visit", "li", from).ending(from + TimeDelta::minutes(10)).for_customer("c01"),
    ]);
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.expected, "by 09:30");
    assert_eq!(f.actual, "09:40");
}

// ---------------------------------------------------------------- T77-11, T77-16 steps

#[test]
fn t77_morning_meeting_at_0805_is_late_and_at_0750_on_time() {
    let mut t = tracker("t77", vec![manager("li", "urban"), manager("wang", "rural")], customers(1), MON);
    feed(
        &mut t,
        vec![
            Event::new("m-li", "meeting", "li", at(MON, "07:50")),
            Event::new("m-wang", "meeting", "wang", at(MON, "08:05")),
        ],
    );
    let findings = t.close_through(date(MON)).unwrap();

    let late = only(&findings, "morning-meeting", "wang");
    assert_eq!(late.status, Status::Fail);
    assert_eq!(late.expected, "by 08:00");
    assert_eq!(late.actual, "08:05");
    assert_eq!(late.events, strings(&["m-wang"]));
    assert_eq!(*late.refs, ["T77-11"]);

    let on_time = only(&findings, "morning-meeting", "li");
    assert_eq!(on_time.status, Status::Pass);
    assert_eq!(on_time.actual, "07:50");
    assert_eq!(on_time.events, strings(&["m-li"]));
}

#[test]
fn t77_field_work_ending_1510_is_late() {
    let mut t = tracker("t77", vec![manager("li", "urban")], customers(2), MON);
    feed(
        &mut t,
        vec![visit("early", "li", "c01", MON, "13:00", "13:20"), visit("last", "li", "c02", MON, "14:50", "15:10")],
    );
    let findings = t.close_through(date(MON)).unwrap();
    let f = only(&findings, "field-work-ends", "li");
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.expected, "by 15:00");
    assert_eq!(f.actual, "15:10");
    assert_eq!(f.events, strings(&["last"]));
    assert_eq!(*f.refs, ["T77-16"]);
}

#[test]
fn t77_field_work_ending_1455_is_on_time() {
    let mut t = tracker("t77", vec![manager("li", "urban")], customers(2), MON);
    feed(
        &mut t,
        vec![visit("early", "li", "c01", MON, "13:00", "13:20"), visit("last", "li", "c02", MON, "14:40", "14:55")],
    );
    let findings = t.close_through(date(MON)).unwrap();
    let f = only(&findings, "field-work-ends", "li");
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.actual, "14:55");
    assert_eq!(f.events, strings(&["last"]));
}

// ---------------------------------------------------------------- T77-18 failed orders

fn order(id: &str, customer: &str, time: &str, status: &str) -> Event {
    Event::new(id, "order", "li", at(MON, time)).for_customer(customer).with("status", text(status))
}

fn call(id: &str, customer: &str, time: &str) -> Event {
    Event::new(id, "call", "li", at(MON, time)).for_customer(customer).with("purpose", text("failed order"))
}

/// The failed-order follow-ups of a Monday with a failed order for c01 at 16:10 and `more`.
fn t77_failed_order_calls(more: Vec<Event>) -> Vec<Finding> {
    let mut t = tracker("t77", vec![manager("li", "urban")], customers(3), MON);
    let mut events = vec![order("o1", "c01", "16:10", "failed")];
    events.extend(more);
    feed(&mut t, events);
    let findings = t.close_through(date(MON)).unwrap();
    of(&findings, "failed-order-call", "li").into_iter().cloned().collect()
}

#[test]
fn t77_failed_order_with_a_call_to_the_same_customer_the_same_day_passes() {
    let found = t77_failed_order_calls(vec![call("k1", "c01", "16:20")]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.customer.as_deref(), Some("c01"));
    assert_eq!(*f.refs, ["T77-18"]);
    assert_eq!(f.expected, "call by 2026-12-07T17:30:00+08:00");
    assert_eq!(f.actual, "2026-12-07T16:20:00+08:00");
    assert_eq!(f.events, strings(&["o1", "k1"]));
    assert_eq!(f.window, Span { start: at(MON, "16:10"), end: at(MON, "17:30") });
}

#[test]
fn t77_failed_order_with_a_call_to_another_customer_fails() {
    let found = t77_failed_order_calls(vec![call("k1", "c02", "16:20")]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.customer.as_deref(), Some("c01"));
    assert_eq!(f.expected, "call by 2026-12-07T17:30:00+08:00");
    assert_eq!(f.actual, "none");
    assert_eq!(f.events, strings(&["o1"]));
}

#[test]
fn t77_failed_order_with_no_call_fails_and_an_executed_order_needs_none() {
    let found = t77_failed_order_calls(vec![order("o2", "c02", "16:12", "executed")]);
    assert_eq!(found.len(), 1, "only the failed order needs a call: {found:#?}");
    let f = &found[0];
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.customer.as_deref(), Some("c01"));
    assert_eq!(f.actual, "none");
    assert_eq!(f.events, strings(&["o1"]));
    assert_eq!(*f.refs, ["T77-18"]);
}

// ---------------------------------------------------------------- T77-2 weekly summary

fn report(id: &str, day: &str, time: &str, kind: &str) -> Event {
    Event::new(id, "report", "li", at(day, time)).with("type", text(kind))
}

#[test]
fn t77_weekly_summary_handed_in_monday_afternoon_passes() {
    let mut t = tracker("t77", vec![manager("li", "urban")], customers(1), MON);
    feed(&mut t, vec![report("ws", MON, "15:00", "weekly_summary")]);
    let findings = t.close_through(date(MON)).unwrap();
    let f = only(&findings, "weekly-summary", "li");
    assert_eq!(f.status, Status::Pass);
    assert_eq!(*f.refs, ["T77-2"]);
    assert_eq!(f.expected, "by 2026-12-07T17:30:00+08:00");
    assert_eq!(f.actual, "2026-12-07T15:00:00+08:00");
    assert_eq!(f.events, strings(&["ws"]));
}

#[test]
fn t77_weekly_summary_handed_in_tuesday_is_late() {
    let mut t = tracker("t77", vec![manager("li", "urban")], customers(1), MON);
    assert!(of(&t.close_through(date(MON)).unwrap(), "weekly-summary", "li").is_empty(), "still in its grace day");
    feed(&mut t, vec![report("ws", TUE, "10:00", "weekly_summary")]);
    let findings = t.close_through(date(TUE)).unwrap();
    let f = only(&findings, "weekly-summary", "li");
    assert_eq!(f.status, Status::Warning);
    assert_eq!(f.expected, "by 2026-12-07T17:30:00+08:00");
    assert_eq!(f.actual, "2026-12-08T10:00:00+08:00");
    assert_eq!(f.events, strings(&["ws"]));
}

#[test]
fn t77_weekly_summary_never_handed_in_fails_when_tuesday_closes() {
    let mut t = tracker("t77", vec![manager("li", "urban")], customers(1), MON);
    // A report of another type does not do.
    feed(&mut t, vec![report("ms", MON, "15:00", "monthly_summary")]);
    assert!(of(&t.close_through(date(MON)).unwrap(), "weekly-summary", "li").is_empty(), "still in its grace day");
    let findings = t.close_through(date(TUE)).unwrap();
    let f = only(&findings, "weekly-summary", "li");
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.expected, "by 2026-12-07T17:30:00+08:00");
    assert_eq!(f.actual, "none");
    assert!(f.events.is_empty(), "{:?}", f.events);
    assert_eq!(*f.refs, ["T77-2"]);
}

// ---------------------------------------------------------------- T77-21..27 visit items

/// The refs of the visit checklist: T77-10 and the six required items (T77-26, answer, is
/// done "as the customer needs" and is not required).
const VISIT_ITEM_REFS: [&str; 7] = ["T77-10", "T77-21", "T77-22", "T77-23", "T77-24", "T77-25", "T77-27"];

fn t77_visit_items(checklist: Option<&[&str]>) -> Finding {
    let mut t = tracker("t77", vec![manager("li", "urban")], customers(1), MON);
    let mut v = visit("v1", "li", "c01", MON, "09:20", "09:35");
    if let Some(items) = checklist {
        v = v.with("checklist", list(items));
    }
    feed(&mut t, vec![v]);
    let findings = t.close_through(date(MON)).unwrap();
    only(&findings, "visit-items", "li").clone()
}

#[test]
fn t77_visit_without_a_checklist_fails_and_names_the_missing_items() {
    let f = t77_visit_items(None);
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.expected, "6 items");
    assert_eq!(f.actual, "0 of 6");
    assert_eq!(*f.refs, VISIT_ITEM_REFS);
    assert_eq!(f.customer.as_deref(), Some("c01"));
    assert_eq!(f.events, strings(&["v1"]));
    assert!(f.message.contains("missing: Greet, Inspect, Introduce, Tidy, Collect, Record"), "{}", f.message);
    assert!(!f.message.contains("Answer"), "answer is not required: {}", f.message);
}

#[test]
fn t77_visit_with_every_required_item_passes() {
    let f = t77_visit_items(Some(&[
        "greet.greeting",
        "greet.recent_sales",
        "inspect",
        "introduce.policy",
        "tidy",
        "collect.market",
        "record.handbook",
    ]));
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.expected, "6 items");
    assert_eq!(f.actual, "6 of 6");
    assert_eq!(*f.refs, VISIT_ITEM_REFS);
}

#[test]
fn t77_visit_missing_the_record_item_fails_naming_only_it() {
    let f = t77_visit_items(Some(&["greet", "inspect", "introduce", "tidy", "collect", "answer"]));
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.actual, "5 of 6");
    assert!(f.message.ends_with("missing: Record"), "{}", f.message);
}

// ---------------------------------------------------------------- TPK-2 visiting time

/// A TPK Monday of five visits: four of an hour and a last one from 14:05 to `last_end`.
fn tpk_visiting_time(last_end: &str) -> Finding {
    let mut t = tracker("tpk", vec![manager("li", "urban")], customers(5), MON);
    feed(
        &mut t,
        vec![
            visit("p1", "li", "c01", MON, "09:00", "10:00"),
            visit("p2", "li", "c02", MON, "10:15", "11:15"),
            visit("p3", "li", "c03", MON, "11:30", "12:30"),
            visit("p4", "li", "c04", MON, "13:00", "14:00"),
            visit("p5", "li", "c05", MON, "14:05", last_end),
        ],
    );
    let findings = t.close_through(date(MON)).unwrap();
    only(&findings, "visiting-time-per-day", "li").clone()
}

#[test]
fn tpk_day_of_4h50m_visiting_fails_the_visiting_time() {
    // 4 × 60m + 50m = 290m.
    let f = tpk_visiting_time("14:55");
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.expected, "at least 5h");
    assert_eq!(f.actual, "4h50m");
    assert_eq!(*f.refs, ["TPK-2"]);
    assert_eq!(f.events, strings(&["p1", "p2", "p3", "p4", "p5"]));
}

#[test]
fn tpk_day_of_5h_visiting_passes_the_visiting_time() {
    let f = tpk_visiting_time("15:05");
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.expected, "at least 5h");
    assert_eq!(f.actual, "5h");
}

#[test]
fn tpk_has_no_per_visit_minimum_where_t77_has_8_minutes() {
    let five_minutes = || vec![visit("v1", "li", "c01", MON, "09:10", "09:15")];

    let mut t77 = tracker("t77", vec![manager("li", "urban")], customers(1), MON);
    feed(&mut t77, five_minutes());
    let findings = t77.close_through(date(MON)).unwrap();
    let f = only(&findings, "service-time-per-visit", "li");
    assert_eq!((f.status, f.actual.as_str()), (Status::Fail, "5m"));

    let mut tpk = tracker("tpk", vec![manager("li", "urban")], customers(1), MON);
    feed(&mut tpk, five_minutes());
    let findings = tpk.close_through(date(MON)).unwrap();
    assert!(of(&findings, "service-time-per-visit", "li").is_empty());
    let t77_9: Vec<&Finding> = findings.iter().filter(|f| f.refs.iter().any(|r| r == "T77-9")).collect();
    assert!(t77_9.is_empty(), "TPK-2 replaces T77-9: {t77_9:#?}");
}

// ---------------------------------------------------------------- TEL-7, TEL-8 monthly quotas

const DEC_1: &str = "2026-12-01";
const DEC_30: &str = "2026-12-30";
const DEC_31: &str = "2026-12-31";

fn tel_team(customers: Vec<Customer>) -> Tracker {
    tracker(
        "tel",
        vec![person("zhao", "industry_account_manager"), person("sun", "branch_account_manager")],
        customers,
        DEC_1,
    )
}

fn seminar(id: &str, day: &str) -> Event {
    Event::new(id, "seminar", "zhao", at(day, "14:00"))
        .ending(at(day, "16:00"))
        .with("agenda", text("opening, talks, discussion"))
        .with("topics", list(&["customer market", "business needs"]))
}

/// A TEL December with `seminars`: the monthly finding appears when Dec 31 closes.
fn tel_seminars(seminars: Vec<Event>) -> Finding {
    let mut t = tel_team(customers(1));
    feed(&mut t, seminars);
    let before = t.close_through(date(DEC_30)).unwrap();
    assert!(of(&before, "seminars-per-month", "zhao").is_empty(), "the month is not over on Dec 30");
    let findings = t.close_through(date(DEC_31)).unwrap();
    assert!(of(&findings, "seminars-per-month", "sun").is_empty(), "the quota is the industry account manager's");
    only(&findings, "seminars-per-month", "zhao").clone()
}

#[test]
fn tel_month_with_one_seminar_fails_the_seminar_quota() {
    let f = tel_seminars(vec![seminar("s1", "2026-12-10")]);
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.expected, "at least 2");
    assert_eq!(f.actual, "1");
    assert_eq!(*f.refs, ["TEL-7"]);
    assert_eq!(f.events, strings(&["s1"]));
    assert_eq!(f.window, Span { start: at(DEC_1, "00:00"), end: at(DEC_31, "17:30") });
}

#[test]
fn tel_month_with_two_seminars_passes_the_seminar_quota() {
    let f = tel_seminars(vec![seminar("s1", "2026-12-10"), seminar("s2", "2026-12-17")]);
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.expected, "at least 2");
    assert_eq!(f.actual, "2");
    assert_eq!(f.events, strings(&["s1", "s2"]));
}

fn contract(id: &str, customer: &str, day: &str, amount: i64, new_group: bool) -> Event {
    Event::new(id, "contract", "zhao", at(day, "11:00"))
        .for_customer(customer)
        .with("product", text("cloud office"))
        .with("amount", Value::Integer(amount))
        .with("new_group", Value::Bool(new_group))
}

fn tel_month_of_contracts(contracts: Vec<Event>) -> Vec<Finding> {
    let mut t = tel_team(customers(7));
    feed(&mut t, contracts);
    t.close_through(date(DEC_31)).unwrap()
}

#[test]
fn tel_month_of_9000_yuan_contracts_fails_the_revenue_quota() {
    let findings = tel_month_of_contracts(vec![
        contract("k1", "c01", "2026-12-03", 5000, true),
        contract("k2", "c02", "2026-12-15", 4000, false),
    ]);
    let f = only(&findings, "ict-revenue-per-month", "zhao");
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.expected, "at least 10000");
    assert_eq!(f.actual, "9000");
    assert_eq!(*f.refs, ["TEL-8"]);
    assert_eq!(f.events, strings(&["k1", "k2"]));
}

#[test]
fn tel_month_of_10000_yuan_contracts_passes_the_revenue_quota() {
    let findings = tel_month_of_contracts(vec![
        contract("k1", "c01", "2026-12-03", 5000, true),
        contract("k2", "c02", "2026-12-15", 5000, false),
    ]);
    let f = only(&findings, "ict-revenue-per-month", "zhao");
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.expected, "at least 10000");
    assert_eq!(f.actual, "10000");
}

/// Six contracts marked new group, two of them with c01, and one more customer not new.
fn five_new_groups() -> Vec<Event> {
    vec![
        contract("k1", "c01", "2026-12-02", 1000, true),
        contract("k2", "c02", "2026-12-04", 1000, true),
        contract("k3", "c03", "2026-12-09", 1000, true),
        contract("k4", "c01", "2026-12-11", 1000, true),
        contract("k5", "c04", "2026-12-16", 1000, true),
        contract("k6", "c05", "2026-12-18", 1000, true),
        contract("k7", "c06", "2026-12-22", 1000, false),
    ]
}

#[test]
fn tel_new_group_quota_counts_distinct_customers_with_a_new_group_contract() {
    let findings = tel_month_of_contracts(five_new_groups());
    let f = only(&findings, "new-groups-per-month", "zhao");
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.expected, "at least 6");
    assert_eq!(f.actual, "5");
    assert_eq!(*f.refs, ["TEL-8"]);
    assert_eq!(f.events, strings(&["k1", "k2", "k3", "k4", "k5", "k6"]));
}

#[test]
fn tel_six_distinct_new_groups_pass_the_new_group_quota() {
    let mut contracts = five_new_groups();
    contracts.push(contract("k8", "c07", "2026-12-28", 1000, true));
    let findings = tel_month_of_contracts(contracts);
    let f = only(&findings, "new-groups-per-month", "zhao");
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.actual, "6");
}

// ---------------------------------------------------------------- HOT-8, HOT-9

/// A HOT Monday of calls, one every 5 minutes from 15:00, to the customers given.
fn hot_calls(to: &[&str]) -> Finding {
    let mut t = tracker("hot", vec![person("chen", "customer_manager")], customers(10), MON);
    let start = at(MON, "15:00");
    let calls = to
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Event::new(format!("call{:02}", i + 1), "call", "chen", start + TimeDelta::minutes(5 * i as i64))
                .for_customer(*c)
                .with("notes", text("follow-up"))
        })
        .collect();
    feed(&mut t, calls);
    let findings = t.close_through(date(MON)).unwrap();
    only(&findings, "follow-up-calls-per-day", "chen").clone()
}

#[test]
fn hot_day_of_9_customers_called_fails_the_daily_calls() {
    let f = hot_calls(&["c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09"]);
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.expected, "at least 10");
    assert_eq!(f.actual, "9");
    assert_eq!(*f.refs, ["HOT-8"]);
    assert_eq!(f.events, ids("call", 1..=9));
}

#[test]
fn hot_day_of_10_customers_called_passes_the_daily_calls() {
    let f = hot_calls(&["c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c10"]);
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.expected, "at least 10");
    assert_eq!(f.actual, "10");
}

#[test]
fn hot_ten_calls_to_nine_customers_fail_the_daily_calls() {
    let f = hot_calls(&["c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c01"]);
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.actual, "9");
}

#[test]
fn hot_customer_with_one_greeting_in_a_month_fails_and_with_two_passes() {
    let mut t = tracker(
        "hot",
        vec![person("chen", "customer_manager")],
        vec![managed("g1", "chen"), managed("g2", "chen")],
        DEC_1,
    );
    let message = |id: &str, customer: &str, day: &str, occasion: &str| {
        Event::new(id, "message", "chen", at(day, "09:00")).for_customer(customer).with("occasion", text(occasion))
    };
    feed(
        &mut t,
        vec![
            message("m1", "g1", "2026-12-01", "monthly"),
            message("m2", "g2", "2026-12-01", "monthly"),
            message("m3", "g2", "2026-12-24", "holiday"),
        ],
    );
    assert!(of(&t.close_through(date(DEC_30)).unwrap(), "greetings-per-customer-per-month", "chen").is_empty());
    let findings = t.close_through(date(DEC_31)).unwrap();
    let greetings = of(&findings, "greetings-per-customer-per-month", "chen");
    assert_eq!(greetings.len(), 2, "{greetings:#?}");

    let g1 = greetings.iter().find(|f| f.customer.as_deref() == Some("g1")).expect("a finding for g1");
    assert_eq!(g1.status, Status::Fail);
    assert_eq!(g1.expected, "at least 2");
    assert_eq!(g1.actual, "1");
    assert_eq!(*g1.refs, ["HOT-9"]);
    assert_eq!(g1.events, strings(&["m1"]));

    let g2 = greetings.iter().find(|f| f.customer.as_deref() == Some("g2")).expect("a finding for g2");
    assert_eq!(g2.status, Status::Pass);
    assert_eq!(g2.actual, "2");
    assert_eq!(g2.events, strings(&["m2", "m3"]));
}

// ---------------------------------------------------------------- FNB-7 recovery plan

fn fnb_team() -> Tracker {
    tracker("fnb", vec![person("ma", "relationship_manager")], vec![customer("f1"), customer("f2")], MON)
}

fn check(id: &str, day: &str, result: &str) -> Event {
    Event::new(id, "satisfaction_check", "ma", at(day, "15:00"))
        .for_customer("f1")
        .with("method", text("call"))
        .with("result", text(result))
        .with("comments", text("the fish was cold"))
}

fn plan(id: &str, customer: &str, day: &str, time: &str) -> Event {
    Event::new(id, "recovery_plan", "ma", at(day, time))
        .for_customer(customer)
        .with("plan", text("apologise by phone; a free dessert at the next meal"))
}

fn meal(id: &str, day: &str) -> Event {
    Event::new(id, "meal", "ma", at(day, "12:30")).for_customer("f1").with("spend", Value::Integer(680))
}

#[test]
fn fnb_dissatisfied_check_with_a_recovery_plan_the_next_working_day_passes() {
    let mut t = fnb_team();
    feed(&mut t, vec![meal("meal", MON), check("chk", MON, "dissatisfied")]);
    assert!(of(&t.close_through(date(MON)).unwrap(), "dissatisfied-recovery-plan", "ma").is_empty(), "due on Tuesday");
    feed(&mut t, vec![plan("rp", "f1", TUE, "10:00")]);
    let findings = t.close_through(date(TUE)).unwrap();
    let f = only(&findings, "dissatisfied-recovery-plan", "ma");
    assert_eq!(f.status, Status::Pass);
    assert_eq!(*f.refs, ["FNB-7"]);
    assert_eq!(f.customer.as_deref(), Some("f1"));
    assert_eq!(f.expected, "recovery_plan by 2026-12-08T18:00:00+08:00");
    assert_eq!(f.actual, "2026-12-08T10:00:00+08:00");
    assert_eq!(f.events, strings(&["chk", "rp"]));
}

#[test]
fn fnb_dissatisfied_check_without_a_recovery_plan_fails_when_the_next_working_day_closes() {
    let mut t = fnb_team();
    // A plan for another customer does not answer f1's dissatisfaction.
    feed(&mut t, vec![meal("meal", MON), check("chk", MON, "dissatisfied"), plan("rp2", "f2", MON, "16:00")]);
    assert!(of(&t.close_through(date(MON)).unwrap(), "dissatisfied-recovery-plan", "ma").is_empty(), "due on Tuesday");
    let findings = t.close_through(date(TUE)).unwrap();
    let f = only(&findings, "dissatisfied-recovery-plan", "ma");
    assert_eq!(f.status, Status::Fail);
    assert_eq!(f.customer.as_deref(), Some("f1"));
    assert_eq!(f.expected, "recovery_plan by 2026-12-08T18:00:00+08:00");
    assert_eq!(f.actual, "none");
    assert_eq!(f.events, strings(&["chk"]));
}

#[test]
fn fnb_recovery_plan_two_days_later_is_too_late() {
    let mut t = fnb_team();
    feed(&mut t, vec![check("chk", MON, "dissatisfied")]);
    t.close_through(date(MON)).unwrap();
    let findings = t.close_through(date(TUE)).unwrap();
    assert_eq!(only(&findings, "dissatisfied-recovery-plan", "ma").status, Status::Fail);
    feed(&mut t, vec![plan("rp", "f1", WED, "09:00")]);
    let findings = t.close_through(date(WED)).unwrap();
    assert!(of(&findings, "dissatisfied-recovery-plan", "ma").is_empty(), "{findings:#?}");
}

#[test]
fn fnb_dissatisfied_check_on_friday_is_due_by_monday() {
    let (fri, next_mon) = ("2026-12-11", "2026-12-14");
    let mut t = fnb_team();
    feed(&mut t, vec![check("chk", fri, "dissatisfied")]);
    assert!(of(&t.close_through(date("2026-12-13")).unwrap(), "dissatisfied-recovery-plan", "ma").is_empty());
    feed(&mut t, vec![plan("rp", "f1", next_mon, "11:00")]);
    let findings = t.close_through(date(next_mon)).unwrap();
    let f = only(&findings, "dissatisfied-recovery-plan", "ma");
    assert_eq!(f.status, Status::Pass);
    assert_eq!(f.expected, "recovery_plan by 2026-12-14T18:00:00+08:00");
    assert_eq!(f.events, strings(&["chk", "rp"]));
}

#[test]
fn fnb_satisfied_check_needs_no_recovery_plan() {
    let mut t = fnb_team();
    feed(&mut t, vec![meal("meal", MON), check("chk", MON, "satisfied")]);
    t.close_through(date(MON)).unwrap();
    let findings = t.close_through(date(TUE)).unwrap();
    assert!(of(&findings, "dissatisfied-recovery-plan", "ma").is_empty(), "{findings:#?}");
}

// ---------------------------------------------------------------- duties and previews

#[test]
fn tel_1_a_stand_up_attended_today_is_todays_even_when_yesterdays_was_missed() {
    // TEL-1: a daily stand-up at 08:00, fulfilled by a `meeting` of type `stand_up`. Monday's
    // is missed; Tuesday's is attended at 07:55. Tuesday's passes, and Monday's fails once
    // its grace (the end of Tuesday) has passed — the Tuesday meeting is not Monday's, late.
    let mut tracker = tracker("tel", vec![person("zhao", "industry_account_manager")], customers(1), MON);
    let stand_up = Event::new("m2", "meeting", "zhao", at(TUE, "07:55")).with("type", Value::Text("stand_up".into()));
    feed(&mut tracker, vec![stand_up]);
    let findings = tracker.close_through(date(TUE)).unwrap();
    let stand_ups = of(&findings, "stand-up", "zhao");
    let verdicts: Vec<(String, Status)> =
        stand_ups.iter().map(|f| (f.window.start.date_naive().to_string(), f.status)).collect();
    assert_eq!(verdicts, [(TUE.to_string(), Status::Pass), (MON.to_string(), Status::Fail)]);
    assert_eq!(stand_ups[0].events, strings(&["m2"]));
}

#[test]
fn a_preview_after_closing_does_not_judge_a_closed_week_again() {
    // T77-3: at least one data collection a week. The week of Monday 7 December closes on
    // Sunday the 13th with one collection (pass); a preview at the end of that Sunday has
    // no week still open, so it lists no data-collection finding at all.
    let mut tracker = tracker("t77", vec![manager("li", "urban")], customers(1), MON);
    feed(&mut tracker, vec![Event::new("d1", "data_collection", "li", at(WED, "14:00"))]);
    let closed = tracker.close_through(date("2026-12-13")).unwrap();
    let week = only(&closed, "data-collection", "li");
    assert_eq!((week.status, week.actual.as_str()), (Status::Pass, "1"));
    let preview = tracker.pending(at("2026-12-13", "23:59"));
    assert!(of(&preview, "data-collection", "li").is_empty(), "{:#?}", of(&preview, "data-collection", "li"));
}

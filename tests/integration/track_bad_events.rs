//! Bad events: each kind is turned away with its reason and handed back intact, while the
//! rest of its batch is accepted and evaluated; identical repeats are harmless.
//!
//! The scenario: a T77 tracker following an urban customer manager, `li`, from Monday
//! 2026-12-07. Monday is closed empty; on Tuesday 2026-12-08 `li` makes 30 visits (the
//! urban quota of T77-8), sent in one batch with the bad event in the middle.

use chrono::{DateTime, FixedOffset, TimeDelta};
use fieldbook::event::RejectReason;
use fieldbook::playbook::Intake;
use fieldbook::{Customer, Event, Finding, Person, Rejected, Roster, Status, Tracker, Value};

use crate::support::{date, seed};

const MON: &str = "2026-12-07";
const TUE: &str = "2026-12-08";

// ---------------------------------------------------------------- helpers

fn at(day: &str, time: &str) -> DateTime<FixedOffset> {
    let text = format!("{day}T{time}:00+08:00");
    DateTime::parse_from_rfc3339(&text).unwrap_or_else(|e| panic!("bad test time {text}: {e}"))
}

fn text(value: &str) -> Value {
    Value::Text(value.to_string().into())
}

fn customer(id: &str) -> Customer {
    Customer {
        id: id.into(),
        fields: [("name".to_string(), text(&format!("Shop {id}")))].into_iter().collect(),
        ..Customer::default()
    }
}

/// A T77 tracker from Monday for `li` (urban) and customers c01 .. c30, Monday closed.
fn tracker() -> Tracker {
    let roster = Roster {
        people: vec![Person::new("li").with_role("customer_manager").with_attr("route", "urban")],
        customers: (1..=30).map(|i| customer(&format!("c{i:02}"))).collect(),
    };
    let mut tracker = Tracker::new(seed("t77"), roster, date(MON)).unwrap_or_else(|e| panic!("bad test roster: {e}"));
    tracker.close_through(date(MON)).unwrap();
    tracker
}

/// Tuesday's 30 good visits, `v01` .. `v30`: 8 minutes every 10 minutes from 09:00, to
/// c01 .. c30.
fn good_visits() -> Vec<Event> {
    let start = at(TUE, "09:00");
    (0..30)
        .map(|i| {
            let from = start + TimeDelta::minutes(10 * i);
            Event::new(format!("v{:02}", i + 1), "visit", "li", from)
                .ending(from + TimeDelta::minutes(8))
                .for_customer(format!("c{:02}", i + 1))
        })
        .collect()
}

/// The good visits with `bad` inserted after the 15th.
fn batch_with(bad: Vec<Event>) -> Vec<Event> {
    let mut events = good_visits();
    events.splice(15..15, bad);
    events
}

/// Sends the batch, closes Tuesday: what was taken in, and Tuesday's findings.
fn run(events: Vec<Event>) -> (Intake, Vec<Finding>) {
    let mut t = tracker();
    let intake = t.ingest_all(events);
    let findings = t.close_through(date(TUE)).unwrap();
    (intake, findings)
}

/// The 30 good visits were counted: T77-8 is met on Tuesday.
fn assert_good_visits_counted(findings: &[Finding]) {
    let quota: Vec<&Finding> = findings.iter().filter(|f| f.rule == "visits-per-day" && f.person == "li").collect();
    assert_eq!(quota.len(), 1, "{quota:#?}");
    let f = quota[0];
    assert_eq!(f.status, Status::Pass, "{f:#?}");
    assert_eq!(f.expected, "at least 30");
    assert_eq!(f.actual, "30");
    let first_ten: Vec<String> = (1..=10).map(|i| format!("v{i:02}")).collect();
    assert_eq!(f.events, first_ten);
}

/// `bad` in the middle of the good visits is rejected for `reason` and handed back
/// unchanged; the good visits are accepted and counted.
fn assert_rejected(bad: Event, reason: RejectReason) {
    let (intake, findings) = run(batch_with(vec![bad.clone()]));
    assert_eq!(intake.accepted, 30);
    assert_eq!(intake.rejected, vec![Rejected { reason, event: bad }]);
    assert_good_visits_counted(&findings);
}

/// As [`assert_rejected`], for reasons whose wording is the library's: `check` judges it.
fn assert_rejected_as(bad: Event, check: impl Fn(&RejectReason) -> bool) {
    let (intake, findings) = run(batch_with(vec![bad.clone()]));
    assert_eq!(intake.accepted, 30);
    assert_eq!(intake.rejected.len(), 1, "{:#?}", intake.rejected);
    assert!(check(&intake.rejected[0].reason), "wrong reason: {:?}", intake.rejected[0].reason);
    assert_eq!(intake.rejected[0].event, bad);
    assert_good_visits_counted(&findings);
}

fn visit(id: &str, customer: &str, from: &str, to: &str) -> Event {
    Event::new(id, "visit", "li", at(TUE, from)).ending(at(TUE, to)).for_customer(customer)
}

fn meeting(id: &str, time: &str) -> Event {
    Event::new(id, "meeting", "li", at(TUE, time))
        .with("topic", text("supply limits"))
        .with("chair", text("section_chief"))
}

fn order(id: &str, customer: &str) -> Event {
    Event::new(id, "order", "li", at(TUE, "16:10")).for_customer(customer)
}

// ---------------------------------------------------------------- each kind of bad event

#[test]
fn event_of_an_unknown_kind_is_rejected() {
    let bad = Event::new("x1", "lunch", "li", at(TUE, "12:00"));
    assert_rejected(bad, RejectReason::UnknownKind { kind: "lunch".into() });
}

#[test]
fn event_of_an_unknown_person_is_rejected() {
    let bad = Event::new("x1", "visit", "zhang", at(TUE, "14:00")).ending(at(TUE, "14:10")).for_customer("c01");
    assert_rejected(bad, RejectReason::UnknownPerson { person: "zhang".into() });
}

#[test]
fn event_about_an_unknown_customer_is_rejected() {
    assert_rejected(visit("x1", "c99", "14:00", "14:10"), RejectReason::UnknownCustomer { customer: "c99".into() });
}

#[test]
fn visit_naming_no_customer_is_rejected() {
    let bad = Event::new("x1", "visit", "li", at(TUE, "14:00")).ending(at(TUE, "14:10"));
    assert_rejected(bad, RejectReason::MissingCustomer { kind: "visit".into() });
}

#[test]
fn meeting_naming_a_customer_is_rejected() {
    let bad = meeting("x1", "07:40").for_customer("c01");
    assert_rejected(bad, RejectReason::UnexpectedCustomer { kind: "meeting".into() });
}

#[test]
fn visit_without_an_end_is_rejected() {
    let bad = Event::new("x1", "visit", "li", at(TUE, "14:00")).for_customer("c01");
    assert_rejected(bad, RejectReason::MissingEnd { kind: "visit".into() });
}

#[test]
fn a_meeting_with_an_end_is_accepted_kept_and_judged_by_its_start() {
    // Most CRMs record when a meeting ended; T77's meetings do not last (no duration is
    // judged), so the end is kept and the meeting is judged by when it began (T77-11).
    let mut tracker = tracker();
    let meeting = meeting("m1", "07:50").ending(at(TUE, "08:20"));
    tracker.ingest(meeting.clone()).unwrap();
    assert_eq!(tracker.open_events(date(TUE)), [meeting]);
    let findings = tracker.close_through(date(TUE)).unwrap();
    let judged = findings.iter().find(|f| f.rule == "morning-meeting" && f.person == "li").unwrap();
    assert_eq!((judged.status, judged.actual.as_str()), (Status::Pass, "07:50"), "{}", judged.message);
}

#[test]
fn an_end_on_a_kind_that_forbids_one_is_rejected() {
    let text = "[playbook]\nid = \"x\"\ntitle = \"X\"\n[calendar]\ntime_zone = \"Asia/Shanghai\"\n\
                [event_kinds.call]\ntitle = \"Call\"\nforbid_end = true\n";
    let playbook = fieldbook::Playbook::from_toml(text, None).unwrap();
    let roster = Roster { people: vec![Person::new("li")], customers: vec![] };
    let mut tracker = Tracker::new(playbook, roster, date(TUE)).unwrap();
    let call = Event::new("c1", "call", "li", at(TUE, "10:00")).ending(at(TUE, "10:05"));
    let rejected = tracker.ingest(call).unwrap_err();
    assert_eq!(rejected.reason, RejectReason::UnexpectedEnd { kind: "call".into() });
    let contradiction = text.replace("forbid_end = true", "forbid_end = true\nlasts = true");
    let problems = fieldbook::Playbook::from_toml(&contradiction, None).unwrap_err();
    assert!(problems.iter().any(|p| p.path == "event_kinds.call.forbid_end"), "{problems}");
}

#[test]
fn visit_ending_before_it_starts_is_rejected() {
    assert_rejected(
        visit("x1", "c01", "14:00", "13:50"),
        RejectReason::EndBeforeStart {
            at: "2026-12-08T14:00:00+08:00".into(),
            end: "2026-12-08T13:50:00+08:00".into(),
        },
    );
}

#[test]
fn event_with_an_undeclared_field_is_rejected() {
    let bad = visit("x1", "c01", "14:00", "14:10").with("mood", text("cheerful"));
    assert_rejected(bad, RejectReason::UnknownField { kind: "visit".into(), field: "mood".into() });
}

#[test]
fn event_missing_a_required_field_is_rejected() {
    // An order's `status` is required.
    assert_rejected(order("x1", "c01"), RejectReason::MissingField { field: "status".into() });
}

#[test]
fn field_of_the_wrong_type_is_rejected() {
    // `stock` is a number of cartons.
    let bad = visit("x1", "c01", "14:00", "14:10").with("stock", text("plenty"));
    assert_rejected_as(
        bad,
        |reason| matches!(reason, RejectReason::BadField { field, problem } if field == "stock" && problem.contains("number")),
    );
}

#[test]
fn decimal_in_an_integer_field_is_rejected() {
    let bad = Event::new("x1", "daily_report", "li", at(TUE, "15:50")).with("actual_visits", Value::Number(29.5));
    assert_rejected_as(
        bad,
        |reason| matches!(reason, RejectReason::BadField { field, problem } if field == "actual_visits" && problem.contains("integer")),
    );
}

#[test]
fn enum_value_not_allowed_is_rejected() {
    let bad = order("x1", "c01").with("status", text("pending"));
    assert_rejected_as(bad, |reason| {
        matches!(reason, RejectReason::BadField { field, problem }
            if field == "status" && problem.contains("pending") && problem.contains("executed, failed"))
    });
}

#[test]
fn second_event_with_an_accepted_id_and_different_content_is_rejected() {
    // v05 was sent before it in the batch: 09:40-09:48 at c05.
    let bad = visit("v05", "c06", "09:40", "10:00");
    let (intake, findings) = run(batch_with(vec![bad.clone()]));
    assert_eq!(intake.accepted, 30);
    assert_eq!(intake.rejected, vec![Rejected { reason: RejectReason::DuplicateId { id: "v05".into() }, event: bad }]);
    assert_good_visits_counted(&findings);
    // The first v05 stands: 8 minutes at c05.
    let v05: Vec<&Finding> =
        findings.iter().filter(|f| f.rule == "service-time-per-visit" && f.events == ["v05"]).collect();
    assert_eq!(v05.len(), 1, "{v05:#?}");
    assert_eq!(v05[0].actual, "8m");
    assert_eq!(v05[0].customer.as_deref(), Some("c05"));
}

#[test]
fn event_of_a_closed_day_is_rejected() {
    let bad = Event::new("x1", "visit", "li", at(MON, "10:00")).ending(at(MON, "10:10")).for_customer("c01");
    assert_rejected(bad, RejectReason::WindowClosed { date: MON.into(), closed_through: MON.into() });
}

#[test]
fn event_before_the_tracked_period_is_rejected() {
    let bad = Event::new("x1", "visit", "li", at("2026-12-04", "10:00"))
        .ending(at("2026-12-04", "10:10"))
        .for_customer("c01");
    assert_rejected(bad, RejectReason::BeforeStart { date: "2026-12-04".into(), start: MON.into() });
}

// ---------------------------------------------------------------- mixed batches

fn every_kind_of_bad_event() -> Vec<(Event, RejectReason)> {
    let day =
        |d: &str, id: &str| Event::new(id, "visit", "li", at(d, "10:00")).ending(at(d, "10:10")).for_customer("c01");
    vec![
        (Event::new("x01", "lunch", "li", at(TUE, "12:00")), RejectReason::UnknownKind { kind: "lunch".into() }),
        (
            Event::new("x02", "visit", "zhang", at(TUE, "14:00")).ending(at(TUE, "14:10")).for_customer("c01"),
            RejectReason::UnknownPerson { person: "zhang".into() },
        ),
        (visit("x03", "c99", "14:00", "14:10"), RejectReason::UnknownCustomer { customer: "c99".into() }),
        (
            Event::new("x04", "visit", "li", at(TUE, "14:00")).ending(at(TUE, "14:10")),
            RejectReason::MissingCustomer { kind: "visit".into() },
        ),
        (meeting("x05", "07:40").for_customer("c01"), RejectReason::UnexpectedCustomer { kind: "meeting".into() }),
        (
            Event::new("x06", "visit", "li", at(TUE, "14:00")).for_customer("c01"),
            RejectReason::MissingEnd { kind: "visit".into() },
        ),
        (
            visit("x08", "c01", "14:00", "13:50"),
            RejectReason::EndBeforeStart {
                at: "2026-12-08T14:00:00+08:00".into(),
                end: "2026-12-08T13:50:00+08:00".into(),
            },
        ),
        (
            visit("x09", "c01", "14:00", "14:10").with("mood", text("cheerful")),
            RejectReason::UnknownField { kind: "visit".into(), field: "mood".into() },
        ),
        (order("x10", "c01"), RejectReason::MissingField { field: "status".into() }),
        (visit("v05", "c06", "09:40", "10:00"), RejectReason::DuplicateId { id: "v05".into() }),
        (day(MON, "x12"), RejectReason::WindowClosed { date: MON.into(), closed_through: MON.into() }),
        (day("2026-12-04", "x13"), RejectReason::BeforeStart { date: "2026-12-04".into(), start: MON.into() }),
    ]
}

#[test]
fn batch_with_every_kind_of_bad_event_keeps_its_good_events() {
    let bad = every_kind_of_bad_event();
    let mut events = good_visits();
    // The bad events after v06, v08, v10, ...: the duplicate of v05 comes after v05.
    for (i, (event, _)) in bad.iter().enumerate() {
        events.insert(2 * i + 6 + i, event.clone());
    }
    let (intake, findings) = run(events);
    assert_eq!(intake.accepted, 30);
    let expected: Vec<Rejected> = bad.into_iter().map(|(event, reason)| Rejected { reason, event }).collect();
    assert_eq!(intake.rejected, expected);
    assert_good_visits_counted(&findings);
}

#[test]
fn rejected_events_leave_no_trace() {
    let mut clean = tracker();
    clean.ingest_all(good_visits());
    let mut mixed = tracker();
    mixed.ingest_all(batch_with(every_kind_of_bad_event().into_iter().map(|(e, _)| e).collect()));
    assert_eq!(mixed.snapshot(), clean.snapshot());
    assert_eq!(mixed.close_through(date(TUE)).unwrap(), clean.close_through(date(TUE)).unwrap());
}

// ---------------------------------------------------------------- identical repeats

#[test]
fn resending_identical_events_is_accepted_and_changes_nothing() {
    let mut once = tracker();
    assert_eq!(once.ingest_all(good_visits()).accepted, 30);

    let mut twice = tracker();
    assert_eq!(twice.ingest_all(good_visits()).accepted, 30);
    let again = twice.ingest_all(good_visits());
    assert_eq!((again.accepted, again.repeated), (0, 30));
    assert!(again.rejected.is_empty(), "{:#?}", again.rejected);
    assert_eq!(twice.snapshot(), once.snapshot());

    let (once, twice) = (once.close_through(date(TUE)).unwrap(), twice.close_through(date(TUE)).unwrap());
    assert_eq!(twice, once);
    assert_good_visits_counted(&twice);
}

#[test]
fn identical_event_twice_in_one_batch_counts_once() {
    let mut events = good_visits();
    events.push(events[0].clone());
    let (intake, findings) = run(events);
    assert_eq!((intake.accepted, intake.repeated), (30, 1));
    assert!(intake.rejected.is_empty(), "{:#?}", intake.rejected);
    assert_good_visits_counted(&findings);
}

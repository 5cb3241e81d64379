//! Late, corrected and retracted records: within the allowed lateness they reopen their
//! day and the findings that change come as revisions; past it they are handed back; and
//! whatever the order events come in, the findings after every revision equal a run that
//! had the final events on time.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use fieldbook::track::{FindingKey, RetractError, Revision};
use fieldbook::{Event, Finding, Person, Playbook, Roster, Status, Tracker};
use proptest::prelude::*;

use crate::support::date;

/// Visits: at least 3 a working day (T77-8's kind of rule), each at least 8 minutes
/// (T77-9), at least 10 a week.
const PLAYBOOK: &str = r#"
[playbook]
id = "late"
title = "Late records"

[calendar]
time_zone = "Asia/Shanghai"

[event_kinds.visit]
title = "Visit"
lasts = true

[[quotas]]
id = "visits-per-day"
title = "Visits a day"
refs = ["T77-8"]
measure = "count"
of = { kind = "visit" }
window = "day"
at_least = 3

[[quotas]]
id = "service-time"
title = "Service time per visit"
refs = ["T77-9"]
measure = "duration"
of = { kind = "visit" }
window = "event"
at_least = "8m"

[[quotas]]
id = "visits-per-week"
title = "Visits a week"
refs = ["T77-8"]
measure = "count"
of = { kind = "visit" }
window = "week"
at_least = 10
"#;

fn tracker(lateness: u32) -> Tracker {
    let playbook = Playbook::from_toml(PLAYBOOK, None).unwrap();
    Tracker::new(playbook, Roster::new([Person::new("li")], []), date("2026-12-07")).unwrap().with_lateness(lateness)
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn visit(id: &str, start: &str, minutes: i64) -> Event {
    Event::new(id, "visit", "li", at(start)).ending(at(start) + TimeDelta::minutes(minutes))
}

fn day_quota(findings: &[Finding], day: &str) -> Vec<Status> {
    findings
        .iter()
        .filter(|f| f.rule == "visits-per-day" && f.window.end.date_naive() == date(day))
        .map(|f| f.status)
        .collect()
}

#[test]
fn a_visit_two_days_late_turns_a_failed_day_into_a_pass_by_one_revision_of_the_day() {
    let mut tracker = tracker(2);
    tracker.ingest_all([visit("v1", "2026-12-07T10:00:00+08:00", 10), visit("v2", "2026-12-07T11:00:00+08:00", 10)]);
    let monday = tracker.close_through(date("2026-12-08")).unwrap();
    assert_eq!(day_quota(&monday, "2026-12-07"), [Status::Fail]);
    // On Wednesday the third visit of Monday syncs: two days late.
    let intake = tracker.ingest_all([visit("v3", "2026-12-07T14:00:00+08:00", 10)]);
    assert_eq!((intake.accepted, intake.late), (1, 1));
    let revisions = tracker.revise();
    let upserted: Vec<(&str, Status)> = revisions
        .iter()
        .filter_map(|r| match r {
            Revision::Upsert(f) if f.rule == "visits-per-day" => Some((f.rule.as_str(), f.status)),
            _ => None,
        })
        .collect();
    assert_eq!(upserted, [("visits-per-day", Status::Pass)]);
    // The visit's own service time is new too; nothing is withdrawn.
    assert_eq!(revisions.len(), 2, "{revisions:#?}");
    assert!(revisions.iter().all(|r| matches!(r, Revision::Upsert(_))));
    assert!(tracker.revise().is_empty(), "revisions are taken once");
}

#[test]
fn a_corrected_end_time_turns_a_short_visit_into_a_pass() {
    let mut tracker = tracker(2);
    tracker.ingest(visit("v1", "2026-12-07T10:00:00+08:00", 5)).unwrap();
    let findings = tracker.close_through(date("2026-12-07")).unwrap();
    let short = findings.iter().find(|f| f.rule == "service-time").unwrap();
    assert_eq!(short.status, Status::Fail);
    // The manager corrects the end: same id, same day, new content.
    let admission = tracker.ingest(visit("v1", "2026-12-07T10:00:00+08:00", 12)).unwrap();
    assert_eq!(admission, fieldbook::track::Admission::Corrected);
    let revisions = tracker.revise();
    // The window is the visit's span, so the old finding is withdrawn and the new one stored.
    assert!(revisions.contains(&Revision::Withdraw(short.key())), "{revisions:#?}");
    let new = revisions.iter().find_map(|r| match r {
        Revision::Upsert(f) if f.rule == "service-time" => Some(f),
        _ => None,
    });
    assert_eq!(new.map(|f| (f.status, f.actual.as_str())), Some((Status::Pass, "12m")));
}

#[test]
fn a_retraction_turns_a_pass_into_a_fail() {
    let mut tracker = tracker(1);
    let visits = ["10:00", "11:00", "14:00"].map(|t| format!("2026-12-07T{t}:00+08:00"));
    tracker.ingest_all(visits.iter().enumerate().map(|(n, t)| visit(&format!("v{n}"), t, 10)));
    assert_eq!(day_quota(&tracker.close_through(date("2026-12-07")).unwrap(), "2026-12-07"), [Status::Pass]);
    let gone = tracker.retract("v2", date("2026-12-07")).unwrap();
    assert_eq!(gone.id, "v2");
    let revisions = tracker.revise();
    let day: Vec<Status> = revisions
        .iter()
        .filter_map(|r| match r {
            Revision::Upsert(f) if f.rule == "visits-per-day" => Some(f.status),
            _ => None,
        })
        .collect();
    assert_eq!(day, [Status::Fail]);
    // The retracted visit's own finding is withdrawn.
    assert!(revisions.iter().any(|r| matches!(r, Revision::Withdraw(k) if k.rule == "service-time")));
}

#[test]
fn records_past_the_allowed_lateness_are_handed_back() {
    let mut tracker = tracker(2);
    tracker.close_through(date("2026-12-09")).unwrap();
    // Closed through Wednesday with two days of lateness: Tuesday may reopen, Monday not.
    let intake = tracker.ingest_all([
        visit("late", "2026-12-08T10:00:00+08:00", 10),
        visit("too-late", "2026-12-07T10:00:00+08:00", 10),
    ]);
    assert_eq!(intake.accepted, 1);
    assert_eq!(intake.rejected.len(), 1);
    assert_eq!(intake.rejected[0].event.id, "too-late");
    assert!(intake.rejected[0].reason.to_string().contains("closed"), "{}", intake.rejected[0].reason);
    assert_eq!(
        tracker.retract("anything", date("2026-12-07")),
        Err(RetractError::Closed { date: date("2026-12-07"), closed_through: date("2026-12-09") })
    );
    assert!(matches!(tracker.retract("nothing", date("2026-12-08")), Err(RetractError::NotFound { .. })));
    // Without lateness, a late event is handed back as before.
    let mut strict = Tracker::new(
        Playbook::from_toml(PLAYBOOK, None).unwrap(),
        Roster::new([Person::new("li")], []),
        date("2026-12-07"),
    )
    .unwrap();
    strict.close_through(date("2026-12-07")).unwrap();
    assert!(strict.ingest(visit("v", "2026-12-07T10:00:00+08:00", 10)).is_err());
}

/// What happens to one event: when it comes (days after its own: 0 on time, 1 or 2
/// late), whether its end is corrected two days after its day, or it is retracted then.
#[derive(Clone, Debug)]
struct Plan {
    day: u32,
    minute: u32,
    length: i64,
    delay: u32,
    fate: Fate,
}

#[derive(Clone, Copy, Debug)]
enum Fate {
    Kept,
    Corrected(i64),
    Retracted,
}

fn plans() -> impl Strategy<Value = Vec<Plan>> {
    let fate =
        prop_oneof![3 => Just(Fate::Kept), 1 => (1i64..20).prop_map(Fate::Corrected), 1 => Just(Fate::Retracted)];
    prop::collection::vec((0u32..6, 0u32..480, 1i64..20, 0u32..3, fate), 0..24).prop_map(|raw| {
        raw.into_iter().map(|(day, minute, length, delay, fate)| Plan { day, minute, length, delay, fate }).collect()
    })
}

fn planned_visit(n: usize, plan: &Plan, length: i64) -> Event {
    let first = at("2026-12-07T08:00:00+08:00");
    // A distinct second per event: no two visits share a start.
    let start = first
        + TimeDelta::days(i64::from(plan.day))
        + TimeDelta::minutes(i64::from(plan.minute))
        + TimeDelta::seconds(n as i64);
    Event::new(format!("v{n}"), "visit", "li", start).ending(start + TimeDelta::minutes(length))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn prop_revised_findings_equal_a_run_with_the_final_events_on_time(plans in plans()) {
        let last = date("2026-12-14");
        let mut live = tracker(2);
        let mut store: BTreeMap<FindingKey, Finding> = BTreeMap::new();
        let apply = |revisions: Vec<Revision>, store: &mut BTreeMap<FindingKey, Finding>| {
            for revision in revisions {
                match revision {
                    Revision::Upsert(f) => { store.insert(f.key(), f); }
                    Revision::Withdraw(key) => { store.remove(&key); }
                }
            }
        };
        for k in 0..=7u32 {
            let today = date("2026-12-07") + TimeDelta::days(i64::from(k));
            for (n, plan) in plans.iter().enumerate() {
                if plan.day + plan.delay == k {
                    prop_assert!(live.ingest(planned_visit(n, plan, plan.length)).is_ok());
                }
                if plan.day + 2 == k {
                    match plan.fate {
                        Fate::Corrected(length) => { prop_assert!(live.ingest(planned_visit(n, plan, length)).is_ok()); }
                        Fate::Retracted => {
                            let id = format!("v{}", n);
                            let retracted = live.retract(&id, today - TimeDelta::days(2));
                            prop_assert!(retracted.is_ok(), "{:?}", retracted);
                        }
                        Fate::Kept => {}
                    }
                }
            }
            apply(live.revise(), &mut store);
            for f in live.close_through(today).unwrap() {
                store.insert(f.key(), f);
            }
        }
        apply(live.revise(), &mut store);
        for f in live.close_through(last).unwrap() {
            store.insert(f.key(), f);
        }

        // The final events, on time.
        let mut once = tracker(0);
        let finals = plans.iter().enumerate().filter_map(|(n, plan)| match plan.fate {
            Fate::Kept => Some(planned_visit(n, plan, plan.length)),
            Fate::Corrected(length) => Some(planned_visit(n, plan, length)),
            Fate::Retracted => None,
        });
        let intake = once.ingest_all(finals);
        prop_assert!(intake.rejected.is_empty());
        let expected: BTreeMap<FindingKey, Finding> =
            once.close_through(last).unwrap().into_iter().map(|f| (f.key(), f)).collect();
        prop_assert_eq!(store, expected);
    }
}

#[test]
fn a_snapshot_keeps_the_reopenable_days() {
    let mut tracker = tracker(2);
    tracker.ingest_all([visit("v1", "2026-12-07T10:00:00+08:00", 10)]);
    tracker.close_through(date("2026-12-08")).unwrap();
    let json = serde_json::to_string(&tracker.snapshot()).unwrap();
    let playbook = Playbook::from_toml(PLAYBOOK, None).unwrap();
    let mut restored =
        Tracker::restore(playbook, Roster::new([Person::new("li")], []), serde_json::from_str(&json).unwrap()).unwrap();
    assert_eq!(
        restored.ingest(visit("v2", "2026-12-07T11:00:00+08:00", 10)).unwrap(),
        fieldbook::track::Admission::Late
    );
    let revisions = restored.revise();
    assert!(revisions.iter().any(|r| matches!(r, Revision::Upsert(f) if f.rule == "service-time")), "{revisions:#?}");
    let _: NaiveDate = restored.closed_through().unwrap();
}

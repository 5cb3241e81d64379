//! The business calendar through a playbook: time zones, DST, holidays, make-up days.

use crate::support::{data, date, days};
use fieldbook::Person;

#[test]
fn due_times_carry_the_offset_of_the_day_across_dst_changes() {
    let playbook = data("berlin.toml").unwrap();
    let due = |d: &str| playbook.agenda(&Person::new("anna"), date(d)).unwrap().items[0].due.to_rfc3339();
    // Europe/Berlin moves to summer time on Sunday 29 March 2026 and back on 25 October.
    assert_eq!(due("2026-03-27"), "2026-03-27T08:00:00+01:00");
    assert_eq!(due("2026-03-30"), "2026-03-30T08:00:00+02:00");
    assert_eq!(due("2026-10-23"), "2026-10-23T08:00:00+02:00");
    assert_eq!(due("2026-10-26"), "2026-10-26T08:00:00+01:00");
}

#[test]
fn holidays_and_make_up_days_decide_working_days() {
    let playbook = data("berlin.toml").unwrap();
    let working: Vec<String> = days("2026-12-18", "2026-12-28")
        .filter(|d| playbook.calendar().is_working_day(*d))
        .map(|d| d.to_string())
        .collect();
    // Friday 18, make-up Saturday 19, Monday 21 to Wednesday 23, Monday 28; 24-26 are off.
    assert_eq!(working, ["2026-12-18", "2026-12-19", "2026-12-21", "2026-12-22", "2026-12-23", "2026-12-28"]);
}

#[test]
fn previous_policy_moves_the_first_back_into_the_month_before() {
    let playbook = data("berlin.toml").unwrap();
    let report_days: Vec<String> = days("2026-10-25", "2026-11-30")
        .filter(|d| playbook.agenda(&Person::new("anna"), *d).unwrap().items.iter().any(|i| i.id == "month-report"))
        .map(|d| d.to_string())
        .collect();
    // Sunday 1 November 2026 moves back to Friday 30 October.
    assert_eq!(report_days, ["2026-10-30"]);
}

#[test]
fn events_fall_on_their_local_day_across_a_dst_change() {
    // Europe/Berlin falls back from 03:00 CEST to 02:00 CET on Sunday 25 October 2026; the
    // tracker remembers a day's bounds between events, so events on both sides of midnight
    // and of the change, in several offsets, must each land on their own local day.
    let text = r#"
        [playbook]
        id = "berlin-calls"
        title = "Berlin calls"
        [calendar]
        time_zone = "Europe/Berlin"
        [event_kinds.call]
        title = "Call"
        refs = ["TEL-1"]
    "#;
    let playbook = fieldbook::Playbook::from_toml(text, None).unwrap();
    let roster = fieldbook::Roster { people: vec![Person::new("anna")], ..Default::default() };
    let mut tracker = fieldbook::Tracker::new(playbook, roster, date("2026-10-24")).unwrap();
    let call = |id: &str, at: &str| {
        fieldbook::Event::new(id, "call", "anna", chrono::DateTime::parse_from_rfc3339(at).unwrap())
    };
    let calls = [
        call("sat-late", "2026-10-24T23:30:00+02:00"),
        call("sun-early", "2026-10-25T00:30:00+02:00"),
        call("sun-after-change", "2026-10-25T02:30:00+01:00"),
        call("sun-late-utc", "2026-10-25T22:50:00+00:00"),  // 23:50 CET
        call("mon-early-utc", "2026-10-25T23:05:00+00:00"), // 00:05 CET on Monday
        call("sat-again", "2026-10-24T12:00:00+02:00"),
    ];
    assert!(tracker.ingest_all(calls).rejected.is_empty());
    let ids = |d: &str| tracker.open_events(date(d)).iter().map(|e| e.id.to_string()).collect::<Vec<_>>();
    assert_eq!(ids("2026-10-24"), ["sat-late", "sat-again"]);
    assert_eq!(ids("2026-10-25"), ["sun-early", "sun-after-change", "sun-late-utc"]);
    assert_eq!(ids("2026-10-26"), ["mon-early-utc"]);
}

//! The business calendar through a playbook: time zones, DST, holidays, make-up days.

use crate::support::{data, date, days};
use fieldbook::Person;

#[test]
fn due_times_carry_the_offset_of_the_day_across_dst_changes() {
    let playbook = data("berlin.toml").unwrap();
    let due = |d: &str| playbook.agenda(&Person::new("anna"), date(d)).items[0].due.to_rfc3339();
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
        .filter(|d| playbook.agenda(&Person::new("anna"), *d).items.iter().any(|i| i.id == "month-report"))
        .map(|d| d.to_string())
        .collect();
    // Sunday 1 November 2026 moves back to Friday 30 October.
    assert_eq!(report_days, ["2026-10-30"]);
}

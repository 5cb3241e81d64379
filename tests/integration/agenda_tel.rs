//! The TEL agenda against the seed facts.

use chrono::{Datelike, Weekday};

use crate::support::{cited, days, seed};

#[test]
fn fridays_have_the_weekly_summary_and_plan_and_mondays_the_weekly_meeting() {
    let playbook = seed("tel");
    let person = fieldbook::Person::new("zhao");
    for day in days("2026-01-01", "2026-12-31") {
        let agenda = playbook.agenda(&person, day).unwrap();
        let refs = cited(&agenda);
        let friday = day.weekday() == Weekday::Fri;
        assert_eq!(refs.contains(&"TEL-4"), friday, "{day} TEL-4");
        assert_eq!(refs.contains(&"TEL-5"), friday, "{day} TEL-5");
        assert_eq!(refs.contains(&"TEL-2"), day.weekday() == Weekday::Mon, "{day} TEL-2");
    }
}

#[test]
fn weekly_reports_are_due_before_the_end_of_work_on_friday() {
    let playbook = seed("tel");
    let agenda = playbook.agenda(&fieldbook::Person::new("zhao"), crate::support::date("2026-12-11")).unwrap();
    let end_of_day = playbook.calendar().end_of_day(crate::support::date("2026-12-11"));
    for fact in ["TEL-4", "TEL-5"] {
        let item = agenda.items.iter().find(|i| i.refs.iter().any(|r| r == fact)).expect(fact);
        assert_eq!(item.due.time(), end_of_day.as_naive(), "{fact}");
    }
}

#[test]
fn the_stand_up_is_every_working_day_at_eight() {
    let playbook = seed("tel");
    let person = fieldbook::Person::new("zhao");
    for day in days("2026-12-01", "2026-12-31") {
        let agenda = playbook.agenda(&person, day).unwrap();
        let stand_up = agenda.items.iter().find(|i| i.refs.iter().any(|r| r == "TEL-1"));
        match day.weekday() {
            Weekday::Sat | Weekday::Sun => assert!(stand_up.is_none(), "{day}"),
            _ => assert_eq!(stand_up.map(|i| i.due.format("%H:%M").to_string()).as_deref(), Some("08:00"), "{day}"),
        }
    }
}

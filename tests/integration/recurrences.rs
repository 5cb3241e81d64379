//! Calendar-grade recurrences: the nth weekday of a month, every n weeks from a date, and
//! the nth (or nth-to-last) working day of a month, quarter or year, with dates worked
//! out from the calendar (Python's `datetime`, independent of the engine, where a year of
//! them is listed).

use chrono::{Datelike, NaiveDate};
use fieldbook::{Person, Playbook};

use crate::support::date;

/// A playbook with one duty per `(id, schedule)`, due at 09:00, in `zone`, with `calendar`
/// lines added to `[calendar]`.
fn playbook(zone: &str, calendar: &str, duties: &[(&str, &str)]) -> Playbook {
    let mut text = format!(
        "[playbook]\nid = \"r\"\ntitle = \"R\"\n[calendar]\ntime_zone = \"{zone}\"\n{calendar}\n\
         [event_kinds.report]\ntitle = \"Report\"\n"
    );
    for (id, schedule) in duties {
        text.push_str(&format!(
            "[[duties]]\nid = \"{id}\"\ntitle = \"{id}\"\nrefs = [\"T77-2\"]\nschedule = {schedule}\n\
             if_non_working_day = \"keep\"\nby = \"09:00\"\ndone_by = {{ kind = \"report\" }}\n"
        ));
    }
    Playbook::from_toml(&text, None).unwrap_or_else(|p| panic!("{p}"))
}

/// The days from `first` to `last` whose agenda holds duty `id`.
fn days_of(playbook: &Playbook, id: &str, first: &str, last: &str) -> Vec<String> {
    let person = Person::new("li");
    date(first)
        .iter_days()
        .take_while(|d| *d <= date(last))
        .filter(|d| playbook.agenda(&person, *d).unwrap().items.iter().any(|i| i.id == id))
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn first_mondays_and_last_fridays_of_2027() {
    let p = playbook(
        "Asia/Shanghai",
        "",
        &[
            ("first-monday", "{ weekday_of_month = \"first mon\" }"),
            ("last-friday", "{ weekday_of_month = \"last fri\" }"),
        ],
    );
    // 2027-01-01 is a Friday: the first Monday is the 4th, and so on by weeks.
    assert_eq!(
        days_of(&p, "first-monday", "2027-01-01", "2027-12-31"),
        [
            "2027-01-04",
            "2027-02-01",
            "2027-03-01",
            "2027-04-05",
            "2027-05-03",
            "2027-06-07",
            "2027-07-05",
            "2027-08-02",
            "2027-09-06",
            "2027-10-04",
            "2027-11-01",
            "2027-12-06"
        ]
    );
    assert_eq!(
        days_of(&p, "last-friday", "2027-01-01", "2027-12-31"),
        [
            "2027-01-29",
            "2027-02-26",
            "2027-03-26",
            "2027-04-30",
            "2027-05-28",
            "2027-06-25",
            "2027-07-30",
            "2027-08-27",
            "2027-09-24",
            "2027-10-29",
            "2027-11-26",
            "2027-12-31"
        ]
    );
}

#[test]
fn the_3rd_and_the_2nd_to_last_working_day_of_every_month_of_2027() {
    // A holiday week at the start of October and a make-up Saturday after it.
    let p = playbook(
        "Asia/Shanghai",
        "holidays = [\"2027-10-01..2027-10-07\"]\nextra_working_days = [\"2027-10-09\"]",
        &[("third", "{ working_day = { n = 3 } }"), ("second-to-last", "{ working_day = { n = -2 } }")],
    );
    assert_eq!(
        days_of(&p, "third", "2027-01-01", "2027-12-31"),
        [
            "2027-01-05",
            "2027-02-03",
            "2027-03-03",
            "2027-04-05",
            "2027-05-05",
            "2027-06-03",
            "2027-07-05",
            "2027-08-04",
            "2027-09-03",
            // October: the 8th (Friday) and the make-up 9th (Saturday), then the 11th.
            "2027-10-11",
            "2027-11-03",
            "2027-12-03"
        ]
    );
    assert_eq!(
        days_of(&p, "second-to-last", "2027-01-01", "2027-12-31"),
        [
            "2027-01-28",
            "2027-02-25",
            "2027-03-30",
            "2027-04-29",
            "2027-05-28",
            "2027-06-29",
            "2027-07-29",
            "2027-08-30",
            "2027-09-29",
            "2027-10-28",
            "2027-11-29",
            "2027-12-30"
        ]
    );
}

#[test]
fn the_last_working_day_of_each_quarter_2026_to_2030() {
    let p = playbook("Asia/Shanghai", "", &[("quarter-end", "{ working_day = { n = -1, of = \"quarter\" } }")]);
    assert_eq!(
        days_of(&p, "quarter-end", "2026-01-01", "2030-12-31"),
        [
            "2026-03-31",
            "2026-06-30",
            "2026-09-30",
            "2026-12-31",
            "2027-03-31",
            "2027-06-30",
            "2027-09-30",
            "2027-12-31",
            "2028-03-31",
            "2028-06-30",
            "2028-09-29",
            "2028-12-29",
            "2029-03-30",
            "2029-06-29",
            "2029-09-28",
            "2029-12-31",
            "2030-03-29",
            "2030-06-28",
            "2030-09-30",
            "2030-12-31"
        ]
    );
}

#[test]
fn every_other_wednesday_keeps_its_local_time_across_the_change_to_summer_time() {
    // Berlin moves its clocks on Sunday 2027-03-28: 09:00 is +01:00 before, +02:00 after.
    let p = playbook(
        "Europe/Berlin",
        "",
        &[("fortnightly", "{ every_weeks = { n = 2, on = \"wed\", from = \"2027-03-17\" } }")],
    );
    assert_eq!(
        days_of(&p, "fortnightly", "2027-03-01", "2027-04-30"),
        ["2027-03-17", "2027-03-31", "2027-04-14", "2027-04-28"]
    );
    let due = |day: &str| {
        let agenda = p.agenda(&Person::new("li"), date(day)).unwrap();
        agenda.items.iter().find(|i| i.id == "fortnightly").unwrap().due.to_rfc3339()
    };
    assert_eq!(due("2027-03-17"), "2027-03-17T09:00:00+01:00");
    assert_eq!(due("2027-03-31"), "2027-03-31T09:00:00+02:00");
}

#[test]
fn the_tracker_owes_a_recurring_duty_on_its_days_only() {
    let p = playbook("Asia/Shanghai", "", &[("first-monday", "{ weekday_of_month = \"first mon\" }")]);
    let roster = fieldbook::Roster::new([Person::new("li")], []);
    let mut tracker = fieldbook::Tracker::new(p, roster, date("2027-01-01")).unwrap();
    let findings = tracker.close_through(date("2027-01-31")).unwrap();
    let owed: Vec<NaiveDate> =
        findings.iter().filter(|f| f.rule == "first-monday").map(|f| f.window.end.date_naive()).collect();
    // Owed on Monday the 4th alone (not done, it fails), not on the month's other Mondays.
    assert_eq!(owed, [date("2027-01-04")]);
    assert_eq!(date("2027-01-04").weekday(), chrono::Weekday::Mon);
}

#[test]
fn recurrences_that_cannot_be_are_located_problems() {
    let base = "[playbook]\nid = \"r\"\ntitle = \"R\"\n[calendar]\ntime_zone = \"UTC\"\n[event_kinds.report]\ntitle = \"Report\"\n\
                [[duties]]\nid = \"d\"\ntitle = \"D\"\nrefs = [\"T77-2\"]\n";
    for (schedule, expected) in [
        (
            "{ every_weeks = { n = 2, on = \"wed\", from = \"2027-03-18\" } }",
            "duties[0].schedule.every_weeks.from: 2027-03-18 is a Thursday, not the schedule's weekday",
        ),
        (
            "{ every_weeks = { n = 0, on = \"wed\", from = \"2027-03-17\" } }",
            "duties[0].schedule.every_weeks.n: every 0 weeks",
        ),
        ("{ working_day = { n = 0 } }", "duties[0].schedule.working_day.n: 0 is not a working day of a month"),
        // A quarter has some 63 working days: the 40th is one (no problem).
        ("{ working_day = { n = 40, of = \"quarter\" } }", ""),
        (
            "{ weekday_of_month = \"sixth mon\" }",
            "duties[0].schedule.weekday_of_month: `sixth mon` is not a weekday of the month",
        ),
    ] {
        let result = Playbook::from_toml(&format!("{base}schedule = {schedule}\n"), None);
        if expected.is_empty() {
            result.unwrap_or_else(|p| panic!("{schedule}: {p}"));
            continue;
        }
        let problems: Vec<String> = result.unwrap_err().iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 1, "{schedule}: {problems:#?}");
        assert!(problems[0].contains(expected), "{schedule}: {problems:#?}");
    }
}

/// A playbook with a step on the first Friday of the month (a review with the chief, T77-1's
/// kind of report), evidenced by a report, and a step every working day; 2027-01-01 is a
/// holiday.
const STEP_ON: &str = r#"
[playbook]
id = "steps-on"
title = "Steps on days"

[calendar]
time_zone = "Asia/Shanghai"
holidays = ["2027-01-01"]

[event_kinds.report]
title = "Report"

[[steps]]
id = "monthly-review"
title = "Monthly review with the chief"
refs = ["T77-1"]
by = "10:00"
on = { weekday_of_month = "first fri" }
evidence = { kind = "report" }

[[steps]]
id = "daily-report"
title = "Daily report"
refs = ["T77-17"]
by = "17:00"
evidence = { kind = "report" }
"#;

#[test]
fn a_step_on_a_recurrence_is_on_the_agenda_and_judged_on_its_days_only() {
    let p = Playbook::from_toml(STEP_ON, None).unwrap();
    // The first Friday of January 2027 is the 1st, a holiday: Monday the 4th; then
    // February 5th and March 5th.
    assert_eq!(days_of(&p, "monthly-review", "2027-01-01", "2027-03-31"), ["2027-01-04", "2027-02-05", "2027-03-05"]);
    assert_eq!(days_of(&p, "daily-report", "2027-01-04", "2027-01-08").len(), 5);
    let roster = fieldbook::Roster::new([Person::new("li")], []);
    let mut tracker = fieldbook::Tracker::new(p, roster, date("2027-01-04")).unwrap();
    // Closed a month at a time (no events: closing far ahead is refused).
    let mut findings = tracker.close_through(date("2027-01-31")).unwrap();
    findings.extend(tracker.close_through(date("2027-02-05")).unwrap());
    let owed: Vec<NaiveDate> =
        findings.iter().filter(|f| f.rule == "monthly-review").map(|f| f.window.end.date_naive()).collect();
    assert_eq!(owed, [date("2027-01-04"), date("2027-02-05")]);
    // Per-period counts are not days, and a schedule that cannot be is placed at `on`.
    for (on, expected) in [
        ("{ per_week = 1 }", "steps[0].on: a step is part of days"),
        ("{ monthly = 40 }", "steps[0].on.monthly: day 40 is not a day of the month"),
    ] {
        let text = STEP_ON.replace("{ weekday_of_month = \"first fri\" }", on);
        let problems: Vec<String> =
            Playbook::from_toml(&text, None).unwrap_err().iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 1, "{on}: {problems:#?}");
        assert!(problems[0].contains(expected), "{on}: {problems:#?}");
    }
}

#[test]
fn given_months_make_quarterly_and_yearly_duties_and_steps() {
    // `monthly = 1` in January, April, July and October; the last Friday of December;
    // the policy is `keep`, so 2027-01-01 (a Friday) stays.
    let p = playbook(
        "Asia/Shanghai",
        "",
        &[
            ("quarterly", "{ monthly = 1 }\nmonths = [1, 4, 7, 10]"),
            ("yearly", "{ weekday_of_month = \"last fri\" }\nmonths = [12]"),
        ],
    );
    assert_eq!(
        days_of(&p, "quarterly", "2027-01-01", "2027-12-31"),
        ["2027-01-01", "2027-04-01", "2027-07-01", "2027-10-01"]
    );
    assert_eq!(days_of(&p, "yearly", "2027-01-01", "2027-12-31"), ["2027-12-31"]);
    // The tracker owes the quarterly duty on those days only: January and April of it.
    let roster = fieldbook::Roster::new([Person::new("li")], []);
    let mut tracker = fieldbook::Tracker::new(p, roster, date("2027-01-01")).unwrap();
    let mut findings = Vec::new();
    for last in ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"] {
        findings.extend(tracker.close_through(date(last)).unwrap());
    }
    let owed: Vec<NaiveDate> =
        findings.iter().filter(|f| f.rule == "quarterly").map(|f| f.window.end.date_naive()).collect();
    assert_eq!(owed, [date("2027-01-01"), date("2027-04-01")]);
    // A step in March only (on every working day then).
    let steps = STEP_ON.replace("on = { weekday_of_month = \"first fri\" }", "months = [3]");
    let p = Playbook::from_toml(&steps, None).unwrap();
    assert_eq!(days_of(&p, "monthly-review", "2027-02-26", "2027-03-03"), ["2027-03-01", "2027-03-02", "2027-03-03"]);
}

#[test]
fn months_that_cannot_be_are_located_problems() {
    let base = "[playbook]\nid = \"r\"\ntitle = \"R\"\n[calendar]\ntime_zone = \"UTC\"\n[event_kinds.report]\ntitle = \"Report\"\n\
                [[duties]]\nid = \"d\"\ntitle = \"D\"\nrefs = [\"T77-2\"]\n";
    for (lines, expected) in [
        ("schedule = { monthly = 1 }\nmonths = [13]", "duties[0].months[0]: 13 is not a month (1 to 12)"),
        ("schedule = { monthly = 1 }\nmonths = [3, 3]", "duties[0].months[1]: month 3 is named twice"),
        ("schedule = { per_month = 2 }\nmonths = [3]", "duties[0].months: a duty done at least N times a period"),
    ] {
        let problems: Vec<String> = Playbook::from_toml(&format!("{base}{lines}\n"), None)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(problems.len(), 1, "{lines}: {problems:#?}");
        assert!(problems[0].contains(expected), "{lines}: {problems:#?}");
    }
}

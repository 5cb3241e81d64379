//! Working hours by weekday and by date, and windows that open: a Friday half day in the
//! agenda, the tracker and the planner; a report done before its window opens; a duty
//! that may be done days ahead; the periods of visit frequencies (T77-12).

use chrono::{DateTime, FixedOffset, NaiveDate, Timelike};
use fieldbook::{Customer, Event, Finding, Person, PlanOptions, Playbook, Roster, Status, Tracker, plan_month};

use crate::support::{date, seed_path};

/// Monday to Friday until 17:30, Fridays until 12:30, and Wednesday 2026-12-23 until
/// 14:00. Rules are made up, each citing the seed fact whose kind of rule it is: a daily
/// report by 16:00 (T77-17), an afternoon call step from 13:00 by 15:00, the monthly
/// summary of T77-1 from 13:00 by 17:30, and a weekly plan due on Fridays that may be
/// handed in from three days ahead (TEL-4).
const PLAYBOOK: &str = r#"
[playbook]
id = "hours"
title = "Working hours and windows"

[calendar]
time_zone = "Asia/Shanghai"
end_of_day = "17:30"

[[calendar.hours]]
weekdays = ["fri"]
end_of_day = "12:30"

[[calendar.hours]]
dates = ["2026-12-23"]
end_of_day = "14:00"

[event_kinds.report]
title = "Report"
fields = { type = "text" }

[event_kinds.call]
title = "Call"

[[steps]]
id = "afternoon-calls"
title = "Afternoon calls"
refs = ["HOT-8"]
at = "13:00"
by = "15:00"
evidence = { kind = "call" }

[[steps]]
id = "daily-report"
title = "Daily report"
refs = ["T77-17"]
kind = "report"
by = "16:00"
evidence = { kind = "report", where = { type = "daily" } }

[[duties]]
id = "monthly-summary"
title = "Monthly summary"
refs = ["T77-1"]
kind = "report"
schedule = { monthly = 1 }
at = "13:00"
by = "17:30"
done_by = { kind = "report", where = { type = "monthly" } }

[[duties]]
id = "weekly-plan"
title = "Weekly plan"
refs = ["TEL-4"]
kind = "report"
schedule = { weekly = "fri" }
opens = "3d"
done_by = { kind = "report", where = { type = "weekly_plan" } }
"#;

fn playbook() -> Playbook {
    Playbook::from_toml(PLAYBOOK, None).unwrap()
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn report(id: &str, kind: &str, when: &str) -> Event {
    Event::new(id, "report", "li", at(when)).with("type", kind)
}

/// The findings of closing `first..=last` with `events`, for rule `rule`.
fn findings(first: &str, last: &str, events: Vec<Event>, rule: &str) -> Vec<Finding> {
    let roster = Roster { people: vec![Person::new("li")], customers: vec![], teams: Vec::new() };
    let mut tracker = Tracker::new(playbook(), roster, date(first)).unwrap();
    let intake = tracker.ingest_all(events);
    assert!(intake.rejected.is_empty(), "{:?}", intake.rejected);
    tracker.close_through(date(last)).unwrap().into_iter().filter(|f| f.rule == rule).collect()
}

fn due_of(playbook: &Playbook, id: &str, day: &str) -> Option<DateTime<FixedOffset>> {
    let agenda = playbook.agenda(&Person::new("li"), date(day)).unwrap();
    agenda.items.iter().find(|i| i.id == id).map(|i| i.due)
}

#[test]
fn a_friday_half_day_moves_the_agenda_to_its_end() {
    let playbook = playbook();
    // Thursday: the report at 16:00. Friday: the day ends at 12:30, and so does the report.
    assert_eq!(due_of(&playbook, "daily-report", "2026-12-10"), Some(at("2026-12-10T16:00:00+08:00")));
    assert_eq!(due_of(&playbook, "daily-report", "2026-12-11"), Some(at("2026-12-11T12:30:00+08:00")));
    // A date's own hours: Wednesday 2026-12-23 ends at 14:00.
    assert_eq!(due_of(&playbook, "daily-report", "2026-12-23"), Some(at("2026-12-23T14:00:00+08:00")));
    assert_eq!(due_of(&playbook, "daily-report", "2026-12-16"), Some(at("2026-12-16T16:00:00+08:00")));
    let calendar = playbook.calendar();
    assert_eq!(calendar.end_of_day(date("2026-12-11")).to_string(), "12:30");
    assert_eq!(calendar.end_of_day(date("2026-12-10")).to_string(), "17:30");
}

#[test]
fn a_report_at_12_40_on_a_friday_half_day_is_late() {
    let friday =
        findings("2026-12-11", "2026-12-11", vec![report("r1", "daily", "2026-12-11T12:40:00+08:00")], "daily-report");
    assert_eq!(friday.len(), 1);
    assert_eq!(friday[0].status, Status::Fail, "{}", friday[0].message);
    assert_eq!(friday[0].expected, "by 12:30");
    assert_eq!(friday[0].window.end, at("2026-12-11T12:30:00+08:00"));
    let in_time =
        findings("2026-12-11", "2026-12-11", vec![report("r1", "daily", "2026-12-11T12:20:00+08:00")], "daily-report");
    assert_eq!(in_time[0].status, Status::Pass, "{}", in_time[0].message);
    // The same time on a Thursday is in time for 16:00.
    let thursday =
        findings("2026-12-10", "2026-12-10", vec![report("r1", "daily", "2026-12-10T12:40:00+08:00")], "daily-report");
    assert_eq!(thursday[0].status, Status::Pass, "{}", thursday[0].message);
}

#[test]
fn a_step_done_before_its_window_opens_is_not_done() {
    let call = |id: &str, when: &str| Event::new(id, "call", "li", at(when));
    let early = findings("2026-12-10", "2026-12-10", vec![call("c1", "2026-12-10T09:00:00+08:00")], "afternoon-calls");
    assert_eq!(early[0].status, Status::Fail);
    assert_eq!(early[0].events, vec!["c1"]);
    assert!(early[0].message.contains("before it opened at 13:00"), "{}", early[0].message);
    assert_eq!(early[0].expected, "from 13:00 by 15:00");
    assert_eq!(early[0].window.start, at("2026-12-10T13:00:00+08:00"));
    // A call in the window passes, and it is the one cited.
    let both = vec![call("c1", "2026-12-10T09:00:00+08:00"), call("c2", "2026-12-10T13:30:00+08:00")];
    let on_time = findings("2026-12-10", "2026-12-10", both, "afternoon-calls");
    assert_eq!((on_time[0].status, on_time[0].events.clone()), (Status::Pass, vec!["c2".into()]));
}

#[test]
fn a_report_at_09_00_for_a_13_00_to_17_30_window_is_not_on_time() {
    // Tuesday 2026-12-01: the monthly summary is due from 13:00 by 17:30; its grace runs to
    // the end of the next working day, Wednesday.
    let morning = report("m1", "monthly", "2026-12-01T09:00:00+08:00");
    let only_early = findings("2026-12-01", "2026-12-02", vec![morning.clone()], "monthly-summary");
    assert_eq!(only_early.len(), 1);
    assert_eq!(only_early[0].status, Status::Fail, "{}", only_early[0].message);
    assert!(only_early[0].message.contains("before it opened"), "{}", only_early[0].message);
    assert_eq!(only_early[0].window.start, at("2026-12-01T13:00:00+08:00"));

    let afternoon = report("m2", "monthly", "2026-12-01T14:00:00+08:00");
    let done = findings("2026-12-01", "2026-12-02", vec![morning, afternoon], "monthly-summary");
    assert_eq!((done[0].status, done[0].events.clone()), (Status::Pass, vec!["m2".into()]));

    // The agenda shows the window.
    let agenda = playbook().agenda(&Person::new("li"), date("2026-12-01")).unwrap();
    let item = agenda.items.iter().find(|i| i.id == "monthly-summary").unwrap();
    assert_eq!((item.opens, item.due), (Some(at("2026-12-01T13:00:00+08:00")), at("2026-12-01T17:30:00+08:00")));
}

#[test]
fn a_duty_may_be_done_as_many_days_ahead_as_it_opens() {
    // Friday 2026-12-11's weekly plan opens Tuesday 12-08 and is due at the end of the
    // half day, 12:30.
    let agenda = playbook().agenda(&Person::new("li"), date("2026-12-11")).unwrap();
    let item = agenda.items.iter().find(|i| i.id == "weekly-plan").unwrap();
    assert_eq!((item.opens, item.due), (Some(at("2026-12-08T00:00:00+08:00")), at("2026-12-11T12:30:00+08:00")));

    let tuesday = findings(
        "2026-12-07",
        "2026-12-14",
        vec![report("w1", "weekly_plan", "2026-12-08T10:00:00+08:00")],
        "weekly-plan",
    );
    assert_eq!(tuesday.len(), 1);
    assert_eq!(
        (tuesday[0].status, tuesday[0].events.clone()),
        (Status::Pass, vec!["w1".into()]),
        "{}",
        tuesday[0].message
    );
    // Monday is four days ahead: too early to count.
    let monday = findings(
        "2026-12-07",
        "2026-12-14",
        vec![report("w1", "weekly_plan", "2026-12-07T10:00:00+08:00")],
        "weekly-plan",
    );
    assert_eq!(monday.len(), 1);
    assert_eq!(monday[0].status, Status::Fail, "{}", monday[0].message);
    // Two plans handed in ahead: each fulfils its own week, the earliest due first.
    let two = vec![
        report("w1", "weekly_plan", "2026-12-09T10:00:00+08:00"),
        report("w2", "weekly_plan", "2026-12-15T10:00:00+08:00"),
    ];
    let weeks = findings("2026-12-07", "2026-12-21", two, "weekly-plan");
    let cited: Vec<(NaiveDate, Status, Vec<String>)> = weeks
        .iter()
        .map(|f| (f.window.end.date_naive(), f.status, f.events.iter().map(ToString::to_string).collect()))
        .collect();
    assert_eq!(
        cited,
        vec![
            (date("2026-12-11"), Status::Pass, vec!["w1".into()]),
            (date("2026-12-18"), Status::Pass, vec!["w2".into()])
        ]
    );
}

#[test]
fn the_planner_plans_no_visit_after_a_half_day_ends() {
    // T77 with Fridays ending at 12:30: field work runs 09:30 to 15:00 on other days.
    let text = std::fs::read_to_string(seed_path("t77")).unwrap().replace(
        "end_of_day = \"17:30\"",
        "end_of_day = \"17:30\"\nhours = [{ weekdays = [\"fri\"], end_of_day = \"12:30\" }]",
    );
    let playbook = Playbook::from_toml(&text, None).unwrap();
    let customers: Vec<Customer> = (0..60).map(|i| Customer::new(format!("c{i:02}"))).collect();
    let person = Person::new("li").with_attr("route", "urban");
    let plan = plan_month(&playbook, &person, &customers, date("2026-12-01"), &PlanOptions::new()).unwrap();
    let (mut fridays, mut later_elsewhere) = (0, false);
    for day in &plan.days {
        let last = day.visits.iter().map(|v| v.leave).max().unwrap();
        if chrono::Datelike::weekday(&day.date) == chrono::Weekday::Fri {
            fridays += 1;
            assert!(last.as_naive().hour() * 60 + last.as_naive().minute() <= 12 * 60 + 30, "{}: {last}", day.date);
        } else {
            later_elsewhere |= last.as_naive().hour() >= 13;
        }
    }
    assert_eq!(fridays, 4, "four Fridays in December 2026");
    assert!(later_elsewhere, "other days still run past 12:30");
}

#[test]
fn hours_and_openings_that_cannot_be_are_reported() {
    let base = PLAYBOOK.replace(
        "[[calendar.hours]]\ndates = [\"2026-12-23\"]\nend_of_day = \"14:00\"",
        "[[calendar.hours]]\nweekdays = [\"fri\"]\ndates = [\"2026-12-23\"]\nend_of_day = \"14:00\"\n\n[[calendar.hours]]\ndates = [\"2026-12-22..2026-12-23\"]\nend_of_day = \"15:00\"\n\n[[calendar.hours]]\nend_of_day = \"15:00\"",
    );
    let bad = base.replace("opens = \"3d\"", "opens = \"3h\"");
    let problems = match Playbook::from_toml(&bad, None) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("loaded"),
    };
    for expected in [
        "calendar.hours[1].weekdays[0]: `fri` already has its hours in calendar.hours[0]",
        "calendar.hours[2].dates[0]: 2026-12-23 already has its hours in calendar.hours[1]",
        "calendar.hours[3]: names no day",
        "duties[1].opens: `3h` is not a whole number of days",
    ] {
        assert!(problems.contains(expected), "missing `{expected}` in:\n{problems}");
    }
    let period = PLAYBOOK
        .replace("schedule = { weekly = \"fri\" }\nopens = \"3d\"", "schedule = { per_week = 1 }\nopens = \"3d\"");
    let problems = Playbook::from_toml(&period, None).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(problems.contains("duties[1].opens: a duty done at least N times a period"), "{problems}");
}

/// T77's visits with a spacing rule: no customer visited twice within 5 working days.
fn spaced_t77() -> Playbook {
    let text = std::fs::read_to_string(seed_path("t77")).unwrap()
        + r#"
[[quotas]]
id = "visit-spacing"
title = "No customer visited twice within 5 working days"
refs = ["T77-7"]
measure = "count"
of = { kind = "visit" }
per = "customer"
window = { working_days = 5 }
at_most = 1
"#;
    Playbook::from_toml(&text, None).unwrap()
}

fn spacing_findings(visits: &[(&str, &str)], through: &str) -> Vec<Finding> {
    let playbook = spaced_t77();
    let person = Person::new("li").with_attr("route", "urban");
    let roster = Roster {
        people: vec![person],
        customers: vec![Customer::new("c1").managed_by("li").with_field("name", "Shop 1")],
        teams: Vec::new(),
    };
    let mut tracker = Tracker::new(playbook, roster, date("2026-12-01")).unwrap();
    let events = visits.iter().map(|(id, when)| {
        Event::new(*id, "visit", "li", at(when)).ending(at(when) + chrono::TimeDelta::minutes(10)).for_customer("c1")
    });
    let intake = tracker.ingest_all(events);
    assert!(intake.rejected.is_empty(), "{:?}", intake.rejected);
    tracker.close_through(date(through)).unwrap().into_iter().filter(|f| f.rule == "visit-spacing").collect()
}

#[test]
fn a_customer_visited_twice_within_five_working_days_fails_citing_both_visits() {
    // Tuesday 12-01 and Thursday 12-03: the five working days up to the 3rd are
    // 11-27, 11-30, 12-01, 12-02 and 12-03, which hold both visits.
    let found =
        spacing_findings(&[("v1", "2026-12-01T10:00:00+08:00"), ("v2", "2026-12-03T10:00:00+08:00")], "2026-12-03");
    let verdicts: Vec<(Status, Vec<String>)> =
        found.iter().map(|f| (f.status, f.events.iter().map(ToString::to_string).collect())).collect();
    assert_eq!(verdicts, vec![(Status::Pass, vec!["v1".into()]), (Status::Fail, vec!["v1".into(), "v2".into()])]);
    assert_eq!(found[1].customer.as_deref(), Some("c1"));
    assert_eq!(found[1].window.start, at("2026-11-27T00:00:00+08:00"));
    assert!(found[1].message.contains("within 5 working days (2026-11-27 to 2026-12-03)"), "{}", found[1].message);

    // Tuesday 12-08: its five working days start on Wednesday 12-02, after the first visit.
    let found =
        spacing_findings(&[("v1", "2026-12-01T10:00:00+08:00"), ("v2", "2026-12-08T10:00:00+08:00")], "2026-12-08");
    let verdicts: Vec<(Status, Vec<String>)> =
        found.iter().map(|f| (f.status, f.events.iter().map(ToString::to_string).collect())).collect();
    assert_eq!(verdicts, vec![(Status::Pass, vec!["v1".into()]), (Status::Pass, vec!["v2".into()])]);
}

#[test]
fn a_rolling_count_survives_a_snapshot() {
    let playbook = spaced_t77();
    let person = Person::new("li").with_attr("route", "urban");
    let roster = Roster {
        people: vec![person],
        customers: vec![Customer::new("c1").managed_by("li").with_field("name", "Shop 1")],
        teams: Vec::new(),
    };
    let visit = |id: &str, when: &str| {
        Event::new(id, "visit", "li", at(when)).ending(at(when) + chrono::TimeDelta::minutes(10)).for_customer("c1")
    };
    let mut tracker = Tracker::new(playbook.clone(), roster.clone(), date("2026-12-01")).unwrap();
    tracker.ingest(visit("v1", "2026-12-01T10:00:00+08:00")).unwrap();
    tracker.close_through(date("2026-12-01")).unwrap();
    let json = serde_json::to_string(&tracker.snapshot()).unwrap();
    let mut restored = Tracker::restore(playbook, roster, serde_json::from_str(&json).unwrap()).unwrap();
    restored.ingest(visit("v2", "2026-12-03T10:00:00+08:00")).unwrap();
    let found: Vec<Finding> =
        restored.close_through(date("2026-12-03")).unwrap().into_iter().filter(|f| f.rule == "visit-spacing").collect();
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].status, found[0].events.len()), (Status::Fail, 2), "{}", found[0].message);
}

#[test]
fn plan_month_places_no_customer_twice_within_the_spacing() {
    let playbook = spaced_t77();
    let tags: [&[&str]; 3] = [&["key"], &["volatile"], &[]];
    let customers: Vec<Customer> =
        (0..90).map(|i| tags[i % 3].iter().fold(Customer::new(format!("c{i:02}")), |c, t| c.with_tag(*t))).collect();
    let person = Person::new("li").with_attr("route", "urban");
    let plan = plan_month(&playbook, &person, &customers, date("2026-12-01"), &PlanOptions::new()).unwrap();
    // December 2026 has no holidays in T77's calendar: working days are the plan's days,
    // and two visits are within 5 working days when their day indices differ by less
    // than 5.
    let working: Vec<NaiveDate> = plan.days.iter().map(|d| d.date).collect();
    assert_eq!(working.len(), 23);
    let mut visits: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, day) in plan.days.iter().enumerate() {
        for v in &day.visits {
            visits.entry(v.customer.as_str()).or_default().push(i);
        }
    }
    assert!(visits.values().map(Vec::len).sum::<usize>() > 90, "customers are visited more than once");
    for (customer, days) in &visits {
        for pair in days.windows(2) {
            assert!(pair[1] - pair[0] >= 5, "{customer} on {} and {}", working[pair[0]], working[pair[1]]);
        }
    }
}

#[test]
fn rolling_windows_that_cannot_be_judged_are_reported() {
    let quota = |window: &str, measure: &str, bound: &str| {
        let mut text = std::fs::read_to_string(seed_path("t77")).unwrap();
        text += &format!(
            "\n[[quotas]]\nid = \"spacing\"\ntitle = \"Spacing\"\nrefs = [\"T77-7\"]\nmeasure = \"{measure}\"\nof = {{ kind = \"visit\" }}\nper = \"customer\"\nwindow = {window}\n{bound}\n"
        );
        Playbook::from_toml(&text, None).err().map(|e| e.to_string()).unwrap_or_default()
    };
    assert!(
        quota("{ working_days = 0 }", "count", "at_most = 1")
            .contains("window: a rolling window of 0 days: give 1 to 366")
    );
    assert!(quota("{ days = 400 }", "count", "at_most = 1").contains("a rolling window of 400 days"));
    assert!(quota("{ days = 7 }", "duration", "at_most = \"1h\"").contains("measure: a rolling window counts events"));
    assert!(quota("{ days = 7 }", "count", "at_least = 1").contains("at_least: a rolling count per customer"));
    assert!(quota("{ weeks = 2 }", "count", "at_most = 1").contains("unknown variant `weeks`"));
    assert_eq!(quota("{ days = 7 }", "count", "at_most = 1"), "");
}

#[path = "../../examples/common/agenda_ics.rs"]
mod agenda_ics;

#[test]
fn a_fortnightly_duty_recurs_in_the_ics_with_the_days_the_calendar_moves() {
    use icalendar::{CalendarComponent, Component};
    // Every other Wednesday from 2026-12-09 by 16:00 in Berlin: 12-23 ends at 14:00, and
    // 2027-01-06 is a holiday, moved to Thursday the 7th. The clocks go forward on
    // 2027-03-28: the rule is written in local time, so 16:00 stays 16:00.
    let text = r#"
[playbook]
id = "fortnightly"
title = "Fortnightly"

[calendar]
time_zone = "Europe/Berlin"
end_of_day = "17:30"
holidays = ["2027-01-06"]
hours = [{ dates = ["2026-12-23"], end_of_day = "14:00" }]

[event_kinds.report]
title = "Report"

[[duties]]
id = "review"
title = "Fortnightly review"
refs = ["TEL-4"]
schedule = { every_weeks = { n = 2, on = "wed", from = "2026-12-09" } }
by = "16:00"
done_by = { kind = "report" }
"#;
    let playbook = Playbook::from_toml(text, None).unwrap();
    let person = Person::new("li");
    let agenda = playbook.agenda(&person, date("2026-12-09")).unwrap();
    let ics = agenda_ics::calendar(&playbook, &person, &agenda).to_string();
    let parsed: icalendar::Calendar = ics.parse().unwrap();
    let Some(CalendarComponent::Event(event)) = parsed.components.first() else { panic!("{ics}") };
    let one = |key: &str| {
        event
            .properties()
            .get(key)
            .map(|p| (p.value().to_string(), p.params().get("TZID").map(|t| t.value().to_string())))
    };
    let berlin = Some("Europe/Berlin".to_string());
    assert_eq!(one("DTSTART"), Some(("20261209T160000".into(), berlin.clone())));
    // A year ahead: 2027-12-09 23:59 in Berlin is 22:59Z.
    assert_eq!(one("RRULE").map(|r| r.0), Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20271209T225900Z".into()));
    let many = |key: &str| -> Vec<String> {
        event
            .multi_properties()
            .get(key)
            .map(|ps| ps.iter().map(|p| p.value().to_string()).collect())
            .unwrap_or_default()
    };
    assert_eq!(many("EXDATE"), ["20261223T160000", "20270106T160000"]);
    assert_eq!(many("RDATE"), ["20261223T140000", "20270107T160000"]);
    // Across the DST change the agenda agrees: 2027-03-17 at 16:00 is +01:00, 2027-03-31 +02:00.
    let due = |day: &str| playbook.agenda(&person, date(day)).unwrap().items.first().map(|i| i.due);
    assert_eq!(due("2027-03-17"), Some(at("2027-03-17T16:00:00+01:00")));
    assert_eq!(due("2027-03-31"), Some(at("2027-03-31T16:00:00+02:00")));

    // In given months only: the rule says BYMONTH, and the calendar's moves stay dates.
    let quarterly = text.replace("by = \"16:00\"", "by = \"16:00\"\nmonths = [12, 3, 6, 9]");
    let playbook = Playbook::from_toml(&quarterly, None).unwrap();
    let agenda = playbook.agenda(&person, date("2026-12-09")).unwrap();
    let parsed: icalendar::Calendar = agenda_ics::calendar(&playbook, &person, &agenda).to_string().parse().unwrap();
    let Some(CalendarComponent::Event(event)) = parsed.components.first() else { panic!("no event") };
    let rule = event.properties().get("RRULE").map(|p| p.value().to_string());
    assert_eq!(rule.as_deref(), Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;BYMONTH=12,3,6,9;UNTIL=20271209T225900Z"));
    let dates = |key: &str| -> Vec<String> {
        event
            .multi_properties()
            .get(key)
            .map(|ps| ps.iter().map(|p| p.value().to_string()).collect())
            .unwrap_or_default()
    };
    // 2027-01-06 is in January: neither the rule's nor the calendar's.
    assert_eq!(dates("EXDATE"), ["20261223T160000"]);
    assert_eq!(dates("RDATE"), ["20261223T140000"]);
}

#[test]
fn a_call_list_with_a_window_counts_only_the_calls_inside_it() {
    let text = r#"
[playbook]
id = "calls"
title = "Calls"

[calendar]
time_zone = "Asia/Shanghai"

[event_kinds.call]
title = "Call"
customer = true

[[call_lists]]
id = "follow-up-calls"
title = "Follow-up calls"
refs = ["HOT-8"]
size = 2
contact = { kind = "call" }
at = "13:00"
by = "17:00"
"#;
    let playbook = Playbook::from_toml(text, None).unwrap();
    let customers = vec![Customer::new("c1").managed_by("li"), Customer::new("c2").managed_by("li")];
    let roster = Roster { people: vec![Person::new("li")], customers, teams: Vec::new() };
    let book = fieldbook::CustomerBook::new(&playbook, &roster).unwrap();
    let agenda = playbook.agenda_for(&roster.people[0], date("2026-12-10"), &book);
    let agenda = agenda.unwrap();
    let calls: Vec<_> = agenda.items.iter().filter(|i| i.id == "follow-up-calls").collect();
    assert_eq!(calls.len(), 2);
    assert!(
        calls
            .iter()
            .all(|i| i.opens == Some(at("2026-12-10T13:00:00+08:00")) && i.due == at("2026-12-10T17:00:00+08:00"))
    );

    let mut tracker = Tracker::new(playbook, roster, date("2026-12-10")).unwrap();
    let call = |id: &str, customer: &str, when: &str| Event::new(id, "call", "li", at(when)).for_customer(customer);
    tracker.ingest_all([call("k1", "c1", "2026-12-10T10:00:00+08:00"), call("k2", "c2", "2026-12-10T14:00:00+08:00")]);
    let found: Vec<Finding> = tracker
        .close_through(date("2026-12-10"))
        .unwrap()
        .into_iter()
        .filter(|f| f.rule == "follow-up-calls")
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].status, found[0].actual.as_str()), (Status::Fail, "1 of 2"), "{}", found[0].message);
    assert_eq!(found[0].events, vec!["k2"]);
    assert!(found[0].message.contains("(c1 only outside 13:00-17:00)"), "{}", found[0].message);
}

#[test]
fn an_item_with_a_window_spans_it_in_the_ics() {
    use icalendar::{CalendarComponent, Component};
    let playbook = playbook();
    let person = Person::new("li");
    let agenda = playbook.agenda(&person, date("2026-12-10")).unwrap();
    let parsed: icalendar::Calendar = agenda_ics::calendar(&playbook, &person, &agenda).to_string().parse().unwrap();
    let calls = parsed
        .components
        .iter()
        .find_map(|c| match c {
            CalendarComponent::Event(e) if e.get_summary() == Some("Afternoon calls") => Some(e),
            _ => None,
        })
        .unwrap();
    let utc =
        |text: &str| Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(at(text).to_utc())));
    assert_eq!(calls.get_start(), utc("2026-12-10T13:00:00+08:00"));
    assert_eq!(calls.get_end(), utc("2026-12-10T15:00:00+08:00"));
}

/// T77-12 limited to key customers: the schedule rule judges only the customers the filter
/// admits, counts a colleague's schedule for the customer's manager, leaves out names
/// that are no roster customer, and shows the open run as pending in a preview.
#[test]
fn a_listing_quota_over_visit_frequencies_judges_the_customers_it_admits_whoever_lists_them() {
    let text = std::fs::read_to_string(seed_path("t77")).unwrap().replace(
        "listed_in = \"planned\"\nwindow = \"visit_frequency\"",
        "listed_in = \"planned\"\ncustomers = { tags_any = [\"key\"] }\nwindow = \"visit_frequency\"",
    );
    let playbook = Playbook::from_toml(&text, None).unwrap();
    let person = |id: &str| Person::new(id).with_role("customer_manager").with_attr("route", "urban");
    let roster = Roster::new(
        [person("li"), person("wang")],
        [
            Customer::new("k1").managed_by("li").with_tag("key").with_field("name", "Key shop 1"),
            Customer::new("k2").managed_by("li").with_tag("key").with_field("name", "Key shop 2"),
            Customer::new("m1").managed_by("li").with_field("name", "Shop m1"),
        ],
    );
    let at = |t: &str| DateTime::parse_from_rfc3339(t).unwrap();
    let list = |names: &[&str]| fieldbook::Value::List(names.iter().map(|n| (*n).into()).collect());
    // Wang, covering for li on the 3rd, lists k1 and a shop the roster does not know.
    let events = vec![
        Event::new("w1", "schedule", "wang", at("2026-12-03T08:20:00+08:00")).with("planned", list(&["k1", "x9"])),
        Event::new("l1", "schedule", "li", at("2026-12-10T08:20:00+08:00")).with("planned", list(&["m1"])),
    ];
    let mut tracker = Tracker::new(playbook, roster, date("2026-12-01")).unwrap();
    assert!(tracker.ingest_all(events).rejected.is_empty());
    let found = tracker.close_through(date("2026-12-08")).unwrap();
    let rule: Vec<&Finding> = found.iter().filter(|f| f.rule == "schedule-follows-frequency").collect();
    let verdicts: Vec<(&str, &str, Status, &str)> = rule
        .iter()
        .map(|f| (f.person.as_str(), f.customer.as_deref().unwrap_or_default(), f.status, f.actual.as_str()))
        .collect();
    // Run 1 of December (Dec 1-8): k1 listed by wang counts for li; k2 not listed; m1
    // (untagged) and x9 (unknown) not judged.
    assert_eq!(verdicts, [("li", "k1", Status::Pass, "1"), ("li", "k2", Status::Fail, "0")]);
    assert_eq!(rule[0].events, ["w1"]);
    // A preview on the 10th: run 2 (Dec 9-16) is open for both key customers; m1's
    // listing counts for nothing.
    let pending = tracker.pending(at("2026-12-10T12:00:00+08:00"));
    let open: Vec<(&str, Status)> = pending
        .iter()
        .filter(|f| f.rule == "schedule-follows-frequency")
        .map(|f| (f.customer.as_deref().unwrap_or_default(), f.status))
        .collect();
    assert_eq!(open, [("k1", Status::Pending), ("k2", Status::Pending)]);
}

//! Absences: days away excuse the day's rules, move or excuse what falls due, and prorate
//! the month's quota, as the playbook's `[absences]` say.

use chrono::{DateTime, FixedOffset, NaiveDate};
use fieldbook::track::Scorecard;
use fieldbook::{Agenda, Event, Finding, Person, Playbook, Roster, Status, Tracker};

use crate::support::{date, days};

/// December 2026 has 23 working days (Monday to Friday, no holidays). Leave moves duties
/// and prorates; a sick day excuses duties and does not prorate. The rules are made up,
/// each citing the seed fact whose kind of rule it is.
const PLAYBOOK: &str = r#"
[playbook]
id = "absences"
title = "Absences"

[calendar]
time_zone = "Asia/Shanghai"
end_of_day = "17:30"

[absences.leave]
title = "Annual leave"
duties = "moved"

[absences.sick]
title = "Sick leave"
prorate = false

[event_kinds.visit]
title = "Visit"

[event_kinds.report]
title = "Report"
fields = { type = "text" }

[[steps]]
id = "daily-report"
title = "Daily report"
refs = ["T77-17"]
kind = "report"
by = "16:00"
evidence = { kind = "report", where = { type = "daily" } }

[[quotas]]
id = "visits-per-day"
title = "Visits a day"
refs = ["T77-8"]
measure = "count"
of = { kind = "visit" }
window = "day"
at_least = 3

[[quotas]]
id = "visits-per-month"
title = "Visits a month"
refs = ["T77-8"]
measure = "count"
of = { kind = "visit" }
window = "month"
at_least = 66

[[duties]]
id = "weekly-plan"
title = "Weekly plan"
refs = ["TEL-4"]
kind = "report"
schedule = { weekly = "wed" }
by = "17:00"
done_by = { kind = "report", where = { type = "weekly" } }
"#;

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

/// Three visits and a daily report on each working day of December 2026 that `li` is
/// not away, and the weekly plans of `plans`.
fn month(person: &Person, plans: &[&str]) -> Vec<Event> {
    let mut events = Vec::new();
    for day in days("2026-12-01", "2026-12-31") {
        if chrono::Datelike::weekday(&day).number_from_monday() > 5 || person.absence_on(day).is_some() {
            continue;
        }
        for (n, hour) in [10, 11, 14].iter().enumerate() {
            events.push(Event::new(format!("v-{day}-{n}"), "visit", "li", at(&format!("{day}T{hour}:00:00+08:00"))));
        }
        events.push(
            Event::new(format!("r-{day}"), "report", "li", at(&format!("{day}T15:00:00+08:00"))).with("type", "daily"),
        );
    }
    for (n, when) in plans.iter().enumerate() {
        events.push(Event::new(format!("plan-{n}"), "report", "li", at(when)).with("type", "weekly"));
    }
    events
}

fn run(person: Person, plans: &[&str]) -> Vec<Finding> {
    let playbook = Playbook::from_toml(PLAYBOOK, None).unwrap();
    let events = month(&person, plans);
    let mut tracker = Tracker::new(playbook, Roster::new([person], []), date("2026-12-01")).unwrap();
    let intake = tracker.ingest_all(events);
    assert!(intake.rejected.is_empty(), "{:?}", intake.rejected);
    tracker.close_through(date("2026-12-31")).unwrap()
}

fn on(findings: &[Finding], rule: &str, day: &str) -> Vec<(Status, Option<String>)> {
    findings
        .iter()
        .filter(|f| f.rule == rule && f.window.end.date_naive() == date(day))
        .map(|f| (f.status, f.excused.as_ref().map(|a| a.kind.to_string())))
        .collect()
}

#[test]
fn two_days_of_leave_excuse_the_days_and_prorate_the_month() {
    let li = Person::new("li").with_absence("leave", date("2026-12-08"), date("2026-12-09"));
    // Wednesday's weekly plan moves to Thursday the 10th with the leave; handed in then.
    let wednesdays = [
        "2026-12-02T16:00:00+08:00",
        "2026-12-10T10:00:00+08:00",
        "2026-12-16T16:00:00+08:00",
        "2026-12-23T16:00:00+08:00",
        "2026-12-30T16:00:00+08:00",
    ];
    let findings = run(li, &wednesdays);
    let leave = || vec![(Status::Excused, Some("leave".to_string()))];
    for day in ["2026-12-08", "2026-12-09"] {
        assert_eq!(on(&findings, "daily-report", day), leave(), "{day}");
        assert_eq!(on(&findings, "visits-per-day", day), leave(), "{day}");
    }
    assert_eq!(on(&findings, "visits-per-day", "2026-12-07"), vec![(Status::Pass, None)]);
    // The plan due on the 9th is owed on the 10th, by 17:00, and was handed in then.
    let plan: Vec<&Finding> = findings.iter().filter(|f| f.rule == "weekly-plan").collect();
    assert_eq!(plan.len(), 5);
    assert!(plan.iter().all(|f| f.status == Status::Pass), "{plan:#?}");
    assert!(plan.iter().any(|f| f.window.end == at("2026-12-10T17:00:00+08:00")));
    // 21 working days present of 23, 3 visits each: 63. Prorated, 66 asks 66 * 21 / 23 =
    // 60.3, rounded up to 61; unprorated it would fail.
    let month = findings.iter().find(|f| f.rule == "visits-per-month").unwrap();
    assert_eq!((month.status, month.expected.as_str(), month.actual.as_str()), (Status::Pass, "at least 61", "63"));
    assert!(month.message.contains("prorated: 2 of 23 working days away"), "{}", month.message);
    // The scorecard counts the excused findings apart, outside attainment.
    let card = Scorecard::new(&findings);
    assert_eq!(card.total.excused, 4);
    assert_eq!(card.total.fail, 0);
}

#[test]
fn a_sick_day_excuses_what_falls_due_and_does_not_prorate() {
    let li = Person::new("li").with_absence("sick", date("2026-12-16"), date("2026-12-16"));
    // No plan on the 16th: it is excused, not failed and not moved.
    let plans = [
        "2026-12-02T16:00:00+08:00",
        "2026-12-09T16:00:00+08:00",
        "2026-12-23T16:00:00+08:00",
        "2026-12-30T16:00:00+08:00",
    ];
    let findings = run(li, &plans);
    let sick = vec![(Status::Excused, Some("sick".to_string()))];
    assert_eq!(on(&findings, "weekly-plan", "2026-12-16"), sick);
    assert_eq!(on(&findings, "daily-report", "2026-12-16"), sick);
    // 22 days present, 66 visits: the month asks 66 still, and is met.
    let month = findings.iter().find(|f| f.rule == "visits-per-month").unwrap();
    assert_eq!((month.status, month.expected.as_str(), month.actual.as_str()), (Status::Pass, "at least 66", "66"));
    let excused: Vec<&Finding> = findings.iter().filter(|f| f.status == Status::Excused).collect();
    assert_eq!(excused.len(), 3, "{excused:#?}");
    assert!(excused.iter().all(|f| f.message.ends_with("(excused: Sick leave on 2026-12-16)")), "{excused:#?}");
}

#[test]
fn absences_of_unknown_kinds_or_backwards_are_roster_errors() {
    let playbook = Playbook::from_toml(PLAYBOOK, None).unwrap();
    let day = |d: &str| date(d);
    let person = Person::new("li").with_absence("holiday", day("2026-12-08"), day("2026-12-08")).with_absence(
        "leave",
        day("2026-12-09"),
        day("2026-12-08"),
    );
    let error = Tracker::new(playbook, Roster::new([person], []), day("2026-12-01")).err().unwrap().to_string();
    assert!(error.contains("people[0].absences[0].kind: unknown absence kind `holiday` (leave, sick)"), "{error}");
    assert!(error.contains("people[0].absences[1]: ends on 2026-12-08 before it starts on 2026-12-09"), "{error}");
    // From JSON, as a host's roster file gives them.
    let json = r#"{"id": "li", "absences": [{"kind": "leave", "from": "2026-12-08", "to": "2026-12-09"}]}"#;
    let li: Person = serde_json::from_str(json).unwrap();
    assert_eq!(li.absence_on(NaiveDate::from_ymd_opt(2026, 12, 9).unwrap()).map(|a| a.kind.as_str()), Some("leave"));
}

/// The agenda of `person` on `day`: each item's id and due time, and the kind of the
/// absence that covers the day.
fn agenda(person: &Person, day: &str) -> (Vec<(String, String)>, Option<String>) {
    let playbook = Playbook::from_toml(PLAYBOOK, None).unwrap();
    let Agenda { items, away, .. } = playbook.agenda(person, date(day)).unwrap();
    let items = items.iter().map(|i| (i.id.to_string(), i.due.format("%m-%d %H:%M").to_string())).collect();
    (items, away.map(|a| a.kind.to_string()))
}

#[test]
fn the_agenda_of_a_day_away_owes_nothing_and_a_moved_duty_shows_on_the_day_back() {
    let own = |items: &[(&str, &str)]| items.iter().map(|(i, d)| (i.to_string(), d.to_string())).collect::<Vec<_>>();
    // Leave on Tuesday 8 and Wednesday 9 December: the daily report and the day's visits
    // are excused, and Wednesday's plan moves to Thursday the 10th, by 17:00.
    let li = Person::new("li").with_absence("leave", date("2026-12-08"), date("2026-12-09"));
    assert_eq!(
        agenda(&li, "2026-12-07"),
        (own(&[("daily-report", "12-07 16:00"), ("visits-per-day", "12-07 17:30")]), None)
    );
    for day in ["2026-12-08", "2026-12-09"] {
        assert_eq!(agenda(&li, day), (vec![], Some("leave".to_string())), "{day}");
    }
    let back =
        own(&[("daily-report", "12-10 16:00"), ("weekly-plan", "12-10 17:00"), ("visits-per-day", "12-10 17:30")]);
    assert_eq!(agenda(&li, "2026-12-10"), (back, None));
    let playbook = Playbook::from_toml(PLAYBOOK, None).unwrap();
    let plan = playbook.agenda(&li, date("2026-12-10")).unwrap().items.into_iter().find(|i| i.id == "weekly-plan");
    assert_eq!(plan.and_then(|i| i.detail).as_deref(), Some("moved from 2026-12-09 (Annual leave)"));
    // A sick day excuses Wednesday the 16th's plan: it is not owed on Thursday.
    let li = Person::new("li").with_absence("sick", date("2026-12-16"), date("2026-12-16"));
    assert_eq!(agenda(&li, "2026-12-16"), (vec![], Some("sick".to_string())));
    assert_eq!(
        agenda(&li, "2026-12-17"),
        (own(&[("daily-report", "12-17 16:00"), ("visits-per-day", "12-17 17:30")]), None)
    );
    // The month's target stays on its first working day, away or not: it is prorated.
    let li = Person::new("li").with_absence("leave", date("2026-12-01"), date("2026-12-01"));
    assert_eq!(agenda(&li, "2026-12-01"), (own(&[("visits-per-month", "12-31 17:30")]), Some("leave".to_string())));
}

/// A visit owes a call by the end of the next working day (HOT-8's kind of rule); leave
/// hands follow-ups to the person's deputy.
const DEPUTY: &str = r#"
[playbook]
id = "deputy"
title = "Deputy"

[calendar]
time_zone = "Asia/Shanghai"
end_of_day = "17:30"

[absences.leave]
title = "Annual leave"
follow_ups = "deputy"

[event_kinds.visit]
title = "Visit"

[event_kinds.call]
title = "Call"

[[triggers]]
id = "call-after-visit"
title = "Call after a visit"
refs = ["HOT-8"]
on = { kind = "visit" }
follow_up = { kind = "call", same_customer = false }
within = "next_working_day"
"#;

/// The call-after-visit findings of li's visit on Monday 7 December (li on leave on
/// Tuesday), with `calls` made by (person, time): who owed it, by when, and its status.
fn deputised(li: Person, calls: &[(&str, &str)]) -> Vec<(String, String, Status)> {
    let playbook = Playbook::from_toml(DEPUTY, None).unwrap();
    let wang = Person::new("wang");
    let mut events = vec![Event::new("v1", "visit", "li", at("2026-12-07T10:00:00+08:00"))];
    for (n, (who, when)) in calls.iter().enumerate() {
        events.push(Event::new(format!("call-{n}"), "call", *who, at(when)));
    }
    let mut tracker = Tracker::new(playbook, Roster::new([li, wang], []), date("2026-12-07")).unwrap();
    let intake = tracker.ingest_all(events);
    assert!(intake.rejected.is_empty(), "{:?}", intake.rejected);
    let findings = tracker.close_through(date("2026-12-11")).unwrap();
    findings
        .iter()
        .filter(|f| f.rule == "call-after-visit")
        .map(|f| (f.person.to_string(), f.window.end.to_rfc3339(), f.status))
        .collect()
}

#[test]
fn follow_ups_due_on_leave_go_to_the_deputy_or_wait_for_the_day_back() {
    let away = || Person::new("li").with_absence("leave", date("2026-12-08"), date("2026-12-08"));
    let tuesday = "2026-12-08T17:30:00+08:00".to_string();
    // Due Tuesday 17:30, when li is away: Wang owes it by then, and li's own call does
    // not answer it.
    let li = away().with_deputy("wang");
    assert_eq!(
        deputised(li.clone(), &[("wang", "2026-12-08T11:00:00+08:00")]),
        [("wang".into(), tuesday.clone(), Status::Pass)]
    );
    assert_eq!(deputised(li, &[("li", "2026-12-08T11:00:00+08:00")]), [("wang".into(), tuesday, Status::Fail)]);
    // Without a deputy it waits for li's first working day back, Wednesday, at 17:30.
    let wednesday = "2026-12-09T17:30:00+08:00".to_string();
    assert_eq!(deputised(away(), &[("li", "2026-12-09T10:00:00+08:00")]), [("li".into(), wednesday, Status::Pass)]);
    // A deputy away too: the same.
    let both = away().with_deputy("wang");
    let playbook = Playbook::from_toml(DEPUTY, None).unwrap();
    let wang = Person::new("wang").with_absence("leave", date("2026-12-08"), date("2026-12-08"));
    let mut tracker = Tracker::new(playbook, Roster::new([both, wang], []), date("2026-12-07")).unwrap();
    tracker.ingest(Event::new("v1", "visit", "li", at("2026-12-07T10:00:00+08:00"))).unwrap();
    let findings = tracker.close_through(date("2026-12-11")).unwrap();
    let owed: Vec<(&str, DateTime<FixedOffset>)> =
        findings.iter().filter(|f| f.rule == "call-after-visit").map(|f| (f.person.as_str(), f.window.end)).collect();
    assert_eq!(owed, [("li", at("2026-12-09T17:30:00+08:00"))]);
}

#[test]
fn a_deputy_must_be_someone_else_of_the_roster_and_duties_are_never_deputised() {
    let playbook = Playbook::from_toml(DEPUTY, None).unwrap();
    let people = [Person::new("li").with_deputy("li"), Person::new("wang").with_deputy("zhao")];
    let error = Tracker::new(playbook, Roster::new(people, []), date("2026-12-07")).err().unwrap().to_string();
    assert!(error.contains("people[0].deputy: `li` cannot stand in for themselves"), "{error}");
    assert!(error.contains("people[1].deputy: unknown person `zhao`"), "{error}");
    let text = DEPUTY.replace("follow_ups = \"deputy\"", "duties = \"deputy\"");
    let problems = Playbook::from_toml(&text, None).err().map(|p| p.to_string()).unwrap_or_default();
    assert!(problems.contains("absences.leave.duties: duties are `excused` or `moved`"), "{problems}");
}

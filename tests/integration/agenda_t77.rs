//! The T77 agenda against the seed facts (and TPK, a copy of T77 with five changes).

use chrono::{Datelike, Weekday};
use fieldbook::Playbook;
use fieldbook::agenda::ItemKind;

use crate::support::{cited, date, days, seed, urban};

fn dates_citing(playbook: &Playbook, reference: &str, first: &str, last: &str) -> Vec<String> {
    days(first, last)
        .filter(|d| cited(&playbook.agenda(&urban(), *d).unwrap()).contains(&reference))
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn every_working_day_has_the_fixed_daily_steps() {
    for name in ["t77", "tpk"] {
        let playbook = seed(name);
        // Weekdays, less TPK's national holidays (T77 declares none).
        let holiday = |d: &chrono::NaiveDate| {
            name == "tpk"
                && ["02-05", "03-23", "05-01", "08-14", "11-09", "12-25"].contains(&&*d.format("%m-%d").to_string())
        };
        for day in days("2026-01-01", "2026-12-31").filter(|d| d.weekday().num_days_from_monday() < 5 && !holiday(d)) {
            let agenda = playbook.agenda(&urban(), day).unwrap();
            assert!(agenda.working_day, "{name} {day}");
            let refs = cited(&agenda);
            for fact in ["T77-11", "T77-12", "T77-14", "T77-16", "T77-17"] {
                assert!(refs.contains(&fact), "{name}: {day} lacks {fact}: {refs:?}");
            }
        }
    }
}

#[test]
fn the_daily_steps_are_due_at_the_seed_times_in_beijing_time() {
    let agenda = seed("t77").agenda(&urban(), date("2026-12-07")).unwrap();
    let due = |fact: &str| {
        let item = agenda.items.iter().find(|i| i.refs.iter().any(|r| r == fact)).expect(fact);
        item.due.to_rfc3339()
    };
    assert_eq!(due("T77-11"), "2026-12-07T08:00:00+08:00");
    assert_eq!(due("T77-12"), "2026-12-07T08:30:00+08:00");
    // The tool kit check has no time of its own: it is due when the first visit is.
    assert_eq!(due("T77-13"), "2026-12-07T09:30:00+08:00");
    assert_eq!(due("T77-14"), "2026-12-07T09:30:00+08:00");
    // The noon review: from 12:00, by 13:00.
    assert_eq!(due("T77-15"), "2026-12-07T13:00:00+08:00");
    assert_eq!(due("T77-16"), "2026-12-07T15:00:00+08:00");
    // At the office at 16:00; the report after the day's visits, with no time of its own:
    // by the end of work.
    assert_eq!(due("T77-17"), "2026-12-07T16:00:00+08:00");
    let report = agenda.items.iter().find(|i| i.id == "daily-report").unwrap();
    assert_eq!(report.due.to_rfc3339(), "2026-12-07T17:30:00+08:00");
    // Items are in order of due time.
    assert!(agenda.items.windows(2).all(|w| w[0].due <= w[1].due));
}

#[test]
fn monthly_summary_falls_on_the_first_or_the_next_working_day() {
    // T77-1 declares if_non_working_day = "next". In 2026 the 1st is a Sunday in February,
    // March and November and a Saturday in August.
    let found = dates_citing(&seed("t77"), "T77-1", "2026-01-01", "2026-12-31");
    let expected = [
        "2026-01-01",
        "2026-02-02",
        "2026-03-02",
        "2026-04-01",
        "2026-05-01",
        "2026-06-01",
        "2026-07-01",
        "2026-08-03",
        "2026-09-01",
        "2026-10-01",
        "2026-11-02",
        "2026-12-01",
    ];
    assert_eq!(found, expected);
}

#[test]
fn monthly_summary_moves_past_a_holiday_week() {
    // The same playbook with the National Day week off (Thursday 1 to Wednesday 7 October
    // 2026) and Saturday 10 October worked instead.
    let mut spec = seed("t77").spec().clone();
    spec.calendar.holidays = vec!["2026-10-01..2026-10-07".parse().unwrap()];
    spec.calendar.extra_working_days = vec!["2026-10-10".parse().unwrap()];
    let playbook = Playbook::new(spec).unwrap();
    assert_eq!(dates_citing(&playbook, "T77-1", "2026-09-25", "2026-10-31"), ["2026-10-08"]);
    let holiday = playbook.agenda(&urban(), date("2026-10-05")).unwrap();
    assert!(!holiday.working_day && holiday.items.is_empty(), "{holiday:?}");
    let make_up_saturday = playbook.agenda(&urban(), date("2026-10-10")).unwrap();
    assert!(make_up_saturday.working_day);
    assert!(cited(&make_up_saturday).contains(&"T77-11"));
}

#[test]
fn mondays_have_the_weekly_summary() {
    let playbook = seed("t77");
    for day in days("2026-01-01", "2026-12-31") {
        let has = cited(&playbook.agenda(&urban(), day).unwrap()).contains(&"T77-2");
        assert_eq!(has, day.weekday() == Weekday::Mon, "{day}");
    }
}

#[test]
fn forms_only_in_the_first_ten_days() {
    // T77-20: forms only in the demand-forecast phases (days 1-10) ...
    let playbook = seed("t77");
    for day in days("2026-01-01", "2026-12-31").filter(|d| playbook.calendar().is_working_day(*d)) {
        let forms = playbook.agenda(&urban(), day).unwrap().items.iter().any(|i| i.id == "forecast-forms");
        assert_eq!(forms, day.day() <= 10, "{day}");
    }
    // ... and when making the monthly visit plan, which cites T77-20 on its own.
    assert!(cited(&playbook.agenda(&urban(), date("2026-12-11")).unwrap()).iter().all(|r| *r != "T77-20"));
}

#[test]
fn the_visit_plan_is_on_the_last_working_day_of_every_month() {
    let playbook = seed("t77");
    let expected_2026 = [
        "2026-01-30",
        "2026-02-27",
        "2026-03-31",
        "2026-04-30",
        "2026-05-29",
        "2026-06-30",
        "2026-07-31",
        "2026-08-31",
        "2026-09-30",
        "2026-10-30",
        "2026-11-30",
        "2026-12-31",
    ];
    assert_eq!(dates_citing(&playbook, "T77-7", "2026-01-01", "2026-12-31"), expected_2026);
    // A leap February ends on Tuesday 29 February 2028.
    assert_eq!(dates_citing(&playbook, "T77-7", "2028-02-01", "2028-02-29"), ["2028-02-29"]);
}

#[test]
fn weekends_have_no_routine_items() {
    let playbook = seed("t77");
    for day in days("2026-01-01", "2026-12-31").filter(|d| d.weekday().num_days_from_monday() >= 5) {
        let agenda = playbook.agenda(&urban(), day).unwrap();
        assert!(!agenda.working_day, "{day}");
        assert!(agenda.items.iter().all(|i| i.kind != ItemKind::Step), "{day}: {:?}", agenda.items);
        assert!(agenda.items.is_empty(), "{day}: {:?}", agenda.items);
    }
}

#[test]
fn phases_of_the_month_as_the_seed_says() {
    let playbook = seed("t77");
    let phase = |d: &str| playbook.phase_on(date(d)).map(|p| p.id.clone()).unwrap_or_default();
    // T77-4: days 1-5; T77-5: days 6-10; T77-6: day 11 to the month's end.
    for (day, expected) in [
        ("2026-01-05", "forecast"),
        ("2026-01-06", "adjustment"),
        ("2026-01-10", "adjustment"),
        ("2026-01-11", "normal"),
        ("2026-02-28", "normal"),
        ("2028-02-29", "normal"),
        ("2026-04-30", "normal"),
        ("2026-01-31", "normal"),
        ("2026-01-28", "normal"),
        ("2026-01-29", "normal"),
        ("2026-01-30", "normal"),
    ] {
        assert_eq!(phase(day), expected, "{day}");
    }
}

#[test]
fn the_adjustment_phase_focuses_on_volatile_and_enterprise_customers() {
    let playbook = seed("t77");
    let focus = |d: &str| {
        let agenda = playbook.agenda(&urban(), date(d)).unwrap();
        agenda.items.into_iter().find(|i| i.kind == ItemKind::Focus).map(|i| (i.title, i.refs))
    };
    let (title, refs) = focus("2026-12-07").expect("focus in days 6-10");
    assert!(title.contains("volatile") && title.contains("enterprise"), "{title}");
    assert_eq!(refs, ["T77-5"]);
    assert_eq!(focus("2026-12-14"), None);
}

#[test]
fn the_visit_target_follows_the_route() {
    let playbook = seed("t77");
    let target = |route: &str| {
        let person = fieldbook::Person::new("p").with_attr("route", route);
        let agenda = playbook.agenda(&person, date("2026-12-14")).unwrap();
        agenda.items.into_iter().find(|i| i.refs == ["T77-8"]).and_then(|i| i.detail).expect("T77-8 target")
    };
    assert_eq!(target("urban"), "at least 30 a day");
    assert_eq!(target("rural"), "at least 25 a day");
}

#[test]
fn the_schedule_target_is_on_every_working_day_and_names_the_list() {
    let playbook = seed("t77");
    let target = |d: &str| {
        let agenda = playbook.agenda(&urban(), date(d)).unwrap();
        agenda.items.into_iter().find(|i| i.id == "schedule-follows-frequency").map(|i| (i.detail, i.due.to_rfc3339()))
    };
    // T77-12: the day's schedule is where each customer's period is met, so the target is
    // on every working day (the first of a run or not), due at the day's end.
    let (detail, due) = target("2026-12-10").expect("a working day");
    assert_eq!(
        detail.as_deref(),
        Some(
            "at least 1 in each period of the visit frequency, per customer on the Day's visit schedule's planned list"
        )
    );
    assert_eq!(due, "2026-12-10T17:30:00+08:00");
    assert!(target("2026-12-09").is_some());
    assert_eq!(target("2026-12-12"), None);
}

#[test]
fn tpk_differs_from_t77_in_chair_service_time_and_return_place() {
    let day = date("2026-12-14");
    let t77 = seed("t77").agenda(&urban(), day).unwrap();
    let tpk = seed("tpk").agenda(&urban(), day).unwrap();
    let detail = |agenda: &fieldbook::Agenda, id: &str| {
        agenda.items.iter().find(|i| i.id == id).and_then(|i| i.detail.clone()).unwrap_or_default()
    };
    assert!(detail(&t77, "morning-meeting").contains("Marketing section chief"));
    assert!(detail(&tpk, "morning-meeting").contains("Market manager"), "TPK-1");
    assert!(cited(&t77).contains(&"T77-9") && !cited(&tpk).contains(&"T77-9"), "TPK-2 replaces T77-9");
    assert!(cited(&tpk).contains(&"TPK-2"));
    assert!(detail(&tpk, "back-at-office").contains("the company"), "TPK-4");
}

#[test]
fn a_tpk_agenda_is_on_pakistan_time_and_its_checklists_are_the_branchs() {
    // TPK's calendar is Asia/Karachi (+05:00): the morning meeting is due at 08:00 there,
    // three hours after T77's 08:00 in Beijing (+08:00).
    let day = date("2026-12-14");
    let t77 = seed("t77").agenda(&urban(), day).unwrap();
    let tpk = seed("tpk").agenda(&urban(), day).unwrap();
    let due = |agenda: &fieldbook::Agenda, id: &str| agenda.items.iter().find(|i| i.id == id).unwrap().due;
    let tpk_meeting = due(&tpk, "morning-meeting");
    assert_eq!(tpk_meeting.to_rfc3339(), "2026-12-14T08:00:00+05:00");
    assert_eq!((tpk_meeting - due(&t77, "morning-meeting")).num_hours(), 3);
    // Quaid-e-Azam Day, Friday 25 December, is a holiday of the branch, not of T77.
    assert!(!seed("tpk").agenda(&urban(), date("2026-12-25")).unwrap().working_day);
    assert!(seed("t77").agenda(&urban(), date("2026-12-25")).unwrap().working_day);
    // TPK-3 and TPK-5 change what the agenda lists (T77-22, T77-13).
    let detail = |agenda: &fieldbook::Agenda, id: &str| {
        agenda.items.iter().find(|i| i.id == id).and_then(|i| i.detail.clone()).unwrap_or_default()
    };
    assert!(detail(&t77, "first-visit").contains("No illegal cigarettes"));
    assert!(!detail(&tpk, "first-visit").contains("No illegal cigarettes"), "TPK-3");
    assert!(detail(&t77, "tool-kit").contains("Supply allocation sheet"));
    assert!(!detail(&tpk, "tool-kit").contains("Supply allocation sheet"), "TPK-5");
    assert!(detail(&tpk, "tool-kit").contains("Forms and notices"), "TPK-5");
}

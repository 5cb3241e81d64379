//! The tracker against the seed facts, where a scenario file cannot say it: two playbooks
//! compared, a preview, events the tracker turns away (a scenario takes a rejected event
//! as an error in the scenario file), and T77-8's sixty visits, which are shorter made in
//! code than listed. The seed playbooks' scenarios (a finding per rule, worked out
//! by hand from SEEDS.md) are scenario files beside them, `examples/playbooks/*.tests.toml`,
//! run by `scenarios.rs` (times in Asia/Shanghai, +08:00; 2026-12-07 is a Monday).

use chrono::{DateTime, FixedOffset};
use fieldbook::{Customer, Event, Finding, Person, Roster, Status, Tracker, Value};

use crate::support::{date, seed};

const MON: &str = "2026-12-07";
const WED: &str = "2026-12-09";

/// `day` at `time` (HH:MM) in Beijing time.
fn at(day: &str, time: &str) -> DateTime<FixedOffset> {
    let text = format!("{day}T{time}:00+08:00");
    DateTime::parse_from_rfc3339(&text).unwrap_or_else(|e| panic!("bad test time {text}: {e}"))
}

/// An urban T77/TPK customer manager `li` and one customer, c01, tracked from Monday.
fn tracker(playbook: &str) -> Tracker {
    let li = Person::new("li").with_role("customer_manager").with_attr("route", "urban");
    let c01 = Customer::new("c01").with_field("name", Value::Text("Customer c01".into()));
    Tracker::new(seed(playbook), Roster::new([li], [c01]), date(MON)).unwrap()
}

/// Ingests events that must all be accepted.
fn feed(tracker: &mut Tracker, events: Vec<Event>) {
    let intake = tracker.ingest_all(events);
    assert!(intake.rejected.is_empty(), "rejected: {:#?}", intake.rejected);
}

/// The findings of `rule`.
fn of<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

#[test]
fn tpk_has_no_per_visit_minimum_where_t77_has_8_minutes() {
    let five_minutes =
        || vec![Event::new("v1", "visit", "li", at(MON, "09:10")).ending(at(MON, "09:15")).for_customer("c01")];

    let mut t77 = tracker("t77");
    feed(&mut t77, five_minutes());
    let findings = t77.close_through(date(MON)).unwrap();
    let found = of(&findings, "service-time-per-visit");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].status, found[0].actual.as_str()), (Status::Fail, "5m"));

    let mut tpk = tracker("tpk");
    feed(&mut tpk, five_minutes());
    let findings = tpk.close_through(date(MON)).unwrap();
    assert!(of(&findings, "service-time-per-visit").is_empty());
    let t77_9: Vec<&Finding> = findings.iter().filter(|f| f.refs.iter().any(|r| r == "T77-9")).collect();
    assert!(t77_9.is_empty(), "TPK-2 replaces T77-9: {t77_9:#?}");
}

#[test]
fn a_preview_after_closing_does_not_judge_a_closed_week_again() {
    // T77-3: at least one data collection a week. The week of Monday 7 December closes on
    // Sunday the 13th with one collection (pass); a preview at the end of that Sunday has
    // no week still open, so it lists no data-collection finding at all.
    let mut tracker = tracker("t77");
    feed(&mut tracker, vec![Event::new("d1", "data_collection", "li", at(WED, "14:00"))]);
    let closed = tracker.close_through(date("2026-12-13")).unwrap();
    let week = of(&closed, "data-collection");
    assert_eq!(week.len(), 1, "{week:#?}");
    assert_eq!((week[0].status, week[0].actual.as_str()), (Status::Pass, "1"));
    let preview = tracker.pending(at("2026-12-13", "23:59"));
    assert!(of(&preview, "data-collection").is_empty(), "{:#?}", of(&preview, "data-collection"));
}

#[test]
fn thirty_visits_to_twenty_shops_fail_the_daily_visits_and_thirty_shops_pass() {
    // T77-8 counts households visited (拜访户数): 30 visits to 20 shops are 20, below 30.
    let customers = |n: usize| -> Vec<Customer> {
        (1..=n).map(|i| Customer::new(format!("s{i:02}")).with_field("name", Value::Text("Shop".into()))).collect()
    };
    let li = || Person::new("li").with_role("customer_manager").with_attr("route", "urban");
    let visits = |shops: usize| -> Vec<Event> {
        (0..30)
            .map(|i| {
                let start = at(MON, "09:00") + chrono::TimeDelta::minutes(10 * i as i64);
                Event::new(format!("v{i}"), "visit", "li", start)
                    .ending(start + chrono::TimeDelta::minutes(9))
                    .for_customer(format!("s{:02}", i % shops + 1))
            })
            .collect()
    };
    for (shops, expected) in [(20, (Status::Fail, "20")), (30, (Status::Pass, "30"))] {
        let mut tracker = Tracker::new(seed("t77"), Roster::new([li()], customers(30)), date(MON)).unwrap();
        feed(&mut tracker, visits(shops));
        let findings = tracker.close_through(date(MON)).unwrap();
        let found = of(&findings, "visits-per-day");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!((found[0].status, found[0].actual.as_str()), expected, "{shops} shops");
    }
}

#[test]
fn a_blank_daily_report_is_turned_away_and_the_report_is_missing() {
    // T77-17: the report has ten items; one without them is handed back with the reason,
    // and the day has no daily report.
    let mut tracker = tracker("t77");
    let intake = tracker.ingest_all(vec![Event::new("blank", "daily_report", "li", at(MON, "15:50"))]);
    assert_eq!(intake.rejected.len(), 1);
    assert_eq!(intake.rejected[0].event.id, "blank");
    assert!(intake.rejected[0].reason.to_string().contains("required field `planned_visits` is missing"));
    let findings = tracker.close_through(date(MON)).unwrap();
    let report = of(&findings, "daily-report");
    assert_eq!((report[0].status, report[0].actual.as_str()), (Status::Fail, "none"));
}

#[test]
fn tel_reports_without_their_contents_are_turned_away_with_the_field_missing() {
    // TEL-3, TEL-4, TEL-5, TEL-7: a log, a summary, a plan and a seminar carry what the
    // source lists; without it the record is handed back, naming the missing field.
    // TEL-7's seminars are counted for the team (`per = "team"`): zhao leads one.
    let zhao = Person::new("zhao").with_role("industry_account_manager").in_team("ict");
    let roster = Roster::new([zhao], []).with_teams([fieldbook::Team::new("ict").led_by("zhao")]);
    let mut tracker = Tracker::new(seed("tel"), roster, date(MON)).unwrap();
    let blank = |id: &str, kind: &str| Event::new(id, kind, "zhao", at(MON, "16:00"));
    let intake = tracker.ingest_all(vec![
        blank("log", "daily_log")
            .with("units_visited", Value::List(vec!["g1".into()]))
            .with("competitor_info", Value::Text("a discount".into())),
        blank("summary", "weekly_summary").with("progress", Value::Text("pilot signed".into())),
        blank("plan", "weekly_plan"),
        blank("seminar", "seminar").ending(at(MON, "17:00")),
    ]);
    let reasons: Vec<(String, String)> =
        intake.rejected.iter().map(|r| (r.event.id.to_string(), r.reason.to_string())).collect();
    assert_eq!(
        reasons,
        [
            ("log".to_string(), "required field `customer_feedback` is missing".to_string()),
            ("summary".to_string(), "required field `coordination` is missing".to_string()),
            ("plan".to_string(), "required field `plan` is missing".to_string()),
            ("seminar".to_string(), "required field `agenda` is missing".to_string()),
        ]
    );
}

#[test]
fn an_fnb_holiday_visit_without_its_leaders_or_gift_is_turned_away() {
    // FNB-9: community leaders visited with a small gift; a visit that records neither is
    // handed back, naming the field.
    let ma = Person::new("ma").with_role("relationship_manager");
    let mut tracker = Tracker::new(seed("fnb"), Roster::new([ma], []), date(MON)).unwrap();
    let visit = Event::new("v", "holiday_visit", "ma", at(MON, "10:00"))
        .with("holiday", Value::Text("christmas".into()))
        .with("visited", Value::Text("the community committee".into()));
    let intake = tracker.ingest_all(vec![visit]);
    assert_eq!(intake.rejected.len(), 1);
    assert_eq!(intake.rejected[0].reason.to_string(), "required field `gift` is missing");
}

//! Overlays: TPK as an overlay of T77, chains, cycles, dangling ids, problems placed in
//! the file that caused them.

use std::collections::BTreeSet;

use fieldbook::playbook::Sources;
use fieldbook::spec::diff;
use fieldbook::{LoadError, Person, Playbook};

use crate::support::{cited, data, date, seed};

fn problems(name: &str) -> Vec<String> {
    match data(&format!("overlay/{name}")) {
        Err(LoadError::Invalid(problems)) => problems
            .iter()
            .map(|p| {
                let text = p.to_string();
                text.split_once("overlay/").map_or(text.clone(), |(_, rest)| rest.to_string())
            })
            .collect(),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn the_tpk_overlay_changes_exactly_its_calendar_and_tpk_1_to_5() {
    let changes: Vec<String> = diff(seed("t77").spec(), seed("tpk").spec()).iter().map(ToString::to_string).collect();
    assert_eq!(
        changes,
        [
            r#"changed calendar.time_zone: "Asia/Shanghai" -> "Asia/Karachi""#,
            r#"changed calendar.holidays: [] -> ["2026-02-05","2026-03-23","2026-05-01","2026-08-14","2026-11-09","2026-12-25","2027-02-05","2027-03-23","2027-05-01","2027-08-14","2027-11-09","2027-12-25"]"#,
            r#"changed steps[morning-meeting].chair: "section_chief" -> "market_manager" [T77-11, TPK-1]"#,
            r#"changed steps[back-at-office].place: "marketing department" -> "the company" [T77-16, T77-17, TPK-4]"#,
            "removed procedures[tool-kit-contents].items[materials].sub[supply_allocation_sheet] [T77-13, TPK-5]",
            "added procedures[tool-kit-contents].items[materials].sub[forms_and_notices] [T77-13, TPK-5]",
            "removed procedures[visit-items].items[inspect].sub[illegal_cigarettes] [T77-10, T77-22, TPK-3]",
            "removed quotas[service-time-per-visit] [T77-9]",
            "added quotas[visiting-time-per-day] [TPK-2]",
        ]
    );
    let tpk_refs: BTreeSet<String> = diff(seed("t77").spec(), seed("tpk").spec())
        .into_iter()
        .flat_map(|c| c.refs)
        .filter(|r| r.starts_with("TPK-"))
        .collect();
    assert_eq!(tpk_refs, (1..=5).map(|n| format!("TPK-{n}")).collect());
}

#[test]
fn a_playbook_has_no_differences_with_itself() {
    assert!(diff(seed("t77").spec(), seed("t77").spec()).is_empty());
}

#[test]
fn a_chain_of_overlays_applies_in_order() {
    let branch = data("overlay/branch.toml").unwrap();
    let spec = branch.spec();
    // company: meeting 08:00, first visit 09:30, urban 30; region: meeting 08:30, first
    // visit 10:00, urban 35; branch: no meeting, a lunch step added at the end.
    let steps: Vec<(&str, String)> =
        spec.steps.iter().map(|s| (s.id.as_str(), s.by.or(s.at).map(|t| t.to_string()).unwrap_or_default())).collect();
    assert_eq!(steps, [("first-visit", "10:00".to_string()), ("lunch", "12:00".to_string())]);
    let urban = Person::new("p").with_attr("route", "urban");
    let agenda = branch.agenda(&urban, date("2026-12-07")).unwrap();
    let target = agenda.items.iter().find(|i| i.id == "visits-per-day").and_then(|i| i.detail.clone());
    assert_eq!(target.as_deref(), Some("at least 35 a day"));
    assert!(!cited(&agenda).contains(&"T77-11"));
    assert_eq!(spec.playbook.id, "branch");
    assert_eq!(spec.playbook.extends, None);
}

#[test]
fn a_cycle_is_reported_at_the_extends_that_closes_it() {
    let found = problems("cycle_a.toml");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("cycle_b.toml:4:1: playbook.extends: overlays form a cycle"), "{found:?}");
}

#[test]
fn removing_an_id_the_base_lacks_is_reported_in_the_overlay() {
    assert_eq!(
        problems("dangling.toml"),
        ["dangling.toml:7:1: quotas[0].id: there is no `visits-per-week` in `quotas` of the base playbook to remove"]
    );
}

#[test]
fn problems_in_an_overlay_are_placed_in_the_overlay_file() {
    let found = problems("bad_overlay.toml");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("bad_overlay.toml:8:1: steps[0].by: `09:75` is not a time of day"), "{found:?}");
}

#[test]
fn a_missing_base_is_reported_at_extends() {
    let found = problems("missing_base.toml");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("missing_base.toml:4:1: playbook.extends: cannot read the base playbook"),
        "{found:?}"
    );
}

/// Playbooks held in memory, as a host that stores them in a database would.
struct InMemory(Vec<(&'static str, String)>);

impl Sources for InMemory {
    fn read(&self, path: &std::path::Path) -> std::io::Result<String> {
        self.0
            .iter()
            .find(|(name, _)| std::path::Path::new(name) == path)
            .map(|(_, text)| text.clone())
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "not stored"))
    }
}

#[test]
fn overlays_load_from_any_source_and_place_problems_in_the_base_too() {
    let base = std::fs::read_to_string(crate::support::root().join("tests/data/overlay/company.toml")).unwrap();
    // The base's phase-less playbook gets an overlay step limited to a phase it lacks:
    // a problem of meaning, placed in the overlay at the reference.
    let overlay = "[playbook]\nid = \"o\"\ntitle = \"O\"\nextends = \"company.toml\"\n\n[[steps]]\nid = \"forms\"\ntitle = \"Forms\"\nrefs = [\"T77-20\"]\nphases = [\"forecast\"]\n";
    let sources = InMemory(vec![("company.toml", base), ("o.toml", overlay.to_string())]);
    match fieldbook::load_from(std::path::Path::new("o.toml"), &sources) {
        Err(LoadError::Invalid(problems)) => {
            let found: Vec<String> = problems.iter().map(ToString::to_string).collect();
            assert_eq!(found, ["o.toml:10:11: steps[0].phases[0]: unknown phase `forecast` (none are declared)"]);
        }
        other => panic!("{other:?}"),
    }
    let fine = InMemory(vec![
        (
            "company.toml",
            std::fs::read_to_string(crate::support::root().join("tests/data/overlay/company.toml")).unwrap(),
        ),
        ("o.toml", "[playbook]\nid = \"o\"\ntitle = \"O\"\nextends = \"company.toml\"\n".to_string()),
    ]);
    let playbook: Playbook = fieldbook::load_from(std::path::Path::new("o.toml"), &fine).unwrap();
    assert_eq!(playbook.spec().steps.len(), 2);
}

#[test]
fn removing_from_a_list_the_base_lacks_is_a_dangling_id() {
    assert_eq!(
        problems("dangling_list.toml"),
        [
            "dangling_list.toml:7:1: triggers[0].id: there is no `failed-order-call` in `triggers` of the base playbook to remove"
        ]
    );
}

#[test]
fn keys_that_look_like_the_loaders_markers_are_refused_not_a_panic() {
    let base = std::fs::read_to_string(crate::support::root().join("tests/data/overlay/company.toml")).unwrap();
    let overlay = "[playbook]\nid = \"o\"\ntitle = \"O\"\nextends = \"company.toml\"\n\n[[steps]]\nid = \"first-visit\"\n__origin = \"99:x\"\n";
    let sources = InMemory(vec![("company.toml", base), ("o.toml", overlay.to_string())]);
    match fieldbook::load_from(std::path::Path::new("o.toml"), &sources) {
        Err(LoadError::Invalid(problems)) => {
            let found: Vec<String> = problems.iter().map(ToString::to_string).collect();
            assert_eq!(found, ["o.toml:8:1: steps[0].__origin: keys starting with `__origin` are reserved"]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_calendar_change_in_an_overlay_cites_its_source_in_the_diff() {
    let base = crate::support::seed("t77");
    let text = std::fs::read_to_string(crate::support::seed_path("t77")).unwrap();
    let changed =
        text.replacen("[calendar]\n", "[calendar]\nrefs = [\"T77-1\"]\nextra_working_days = [\"2026-12-26\"]\n", 1);
    assert_ne!(changed, text);
    let changed = fieldbook::Playbook::from_toml(&changed, None).unwrap();
    let changes = fieldbook::spec::diff(base.spec(), changed.spec());
    let added = changes.iter().find(|c| c.path.starts_with("calendar.extra_working_days")).expect("the make-up day");
    assert_eq!(added.refs, ["T77-1"], "{added}");
    assert!(added.to_string().ends_with("[T77-1]"), "{added}");

    let bad = text.replacen("[calendar]\n", "[calendar]\nrefs = [\"holiday notice\"]\n", 1);
    let problems = fieldbook::Playbook::from_toml(&bad, None).unwrap_err();
    assert!(problems.iter().any(|p| p.path == "calendar.refs[0]"), "{problems}");
}

#[test]
fn an_overlay_adds_working_hours_an_opening_and_a_spacing_rule_and_the_diff_shows_them() {
    let base = std::fs::read_to_string(crate::support::seed_path("t77")).unwrap();
    let overlay = r#"
[playbook]
id = "t77-fridays"
title = "T77 with Friday half days"
extends = "t77.toml"

[calendar]
refs = ["T77-16"]
hours = [{ weekdays = ["fri"], end_of_day = "12:30" }]

[[duties]]
id = "weekly-summary"
opens = "2d"

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
    let sources = InMemory(vec![("t77.toml", base), ("fridays.toml", overlay.to_string())]);
    let playbook: Playbook = fieldbook::load_from(std::path::Path::new("fridays.toml"), &sources).unwrap();
    let changes: Vec<String> = diff(seed("t77").spec(), playbook.spec()).iter().map(ToString::to_string).collect();
    for expected in ["calendar.hours", "duties[weekly-summary].opens", "quotas[visit-spacing]"] {
        assert!(changes.iter().any(|c| c.contains(expected)), "no change at {expected}: {changes:#?}");
    }
    assert_eq!(playbook.calendar().end_of_day(crate::support::date("2026-12-11")).to_string(), "12:30");
}

/// A branch whose leave excuses duties (T77's moves them) and hands follow-ups to a
/// deputy, with a kind of absence of its own, meetings that must not last, failed-order
/// calls owed by the team's chief and the lunch review on Fridays only.
#[test]
fn an_overlay_changes_absences_and_forbids_ends_and_the_diff_the_agenda_and_the_tracker_show_them() {
    let base = std::fs::read_to_string(crate::support::seed_path("t77")).unwrap();
    let overlay = r#"
[playbook]
id = "t77-leave"
title = "T77 where leave excuses duties"
extends = "t77.toml"

[absences.leave]
duties = "excused"
follow_ups = "deputy"

[absences.training]
title = "Training course"
prorate = false

[event_kinds.meeting]
forbid_end = true

[[triggers]]
id = "failed-order-call"
owner = "chief"

[[steps]]
id = "lunch-review"
on = { weekly = "fri" }
months = [12]
"#;
    let sources = InMemory(vec![("t77.toml", base), ("leave.toml", overlay.to_string())]);
    let playbook: Playbook = fieldbook::load_from(std::path::Path::new("leave.toml"), &sources).unwrap();
    let changes: Vec<String> = diff(seed("t77").spec(), playbook.spec()).iter().map(ToString::to_string).collect();
    let expected = [
        "absences.leave.duties",
        "absences.leave.follow_ups",
        "absences.training",
        "event_kinds.meeting.forbid_end",
        "triggers[failed-order-call].owner",
        "steps[lunch-review].on",
        "steps[lunch-review].months",
    ];
    for expected in expected {
        assert!(changes.iter().any(|c| c.contains(expected)), "no change at {expected}: {changes:#?}");
    }
    // Leave on Monday 7 December: T77 owes the weekly summary on Tuesday the 8th, the
    // overlay not at all.
    let li = Person::new("li").with_role("customer_manager").with_attr("route", "urban").with_absence(
        "leave",
        date("2026-12-07"),
        date("2026-12-07"),
    );
    let owes_summary =
        |p: &Playbook| p.agenda(&li, date("2026-12-08")).unwrap().items.iter().any(|i| i.id == "weekly-summary");
    assert!(owes_summary(&seed("t77")));
    assert!(!owes_summary(&playbook));
    // The review over lunch is the branch's on Fridays only (li is back on Tuesday).
    let reviews =
        |p: &Playbook, day: &str| p.agenda(&li, date(day)).unwrap().items.iter().any(|i| i.id == "lunch-review");
    assert!(reviews(&seed("t77"), "2026-12-08"));
    assert!(!reviews(&playbook, "2026-12-08") && reviews(&playbook, "2026-12-11"));
    // A meeting with an end is handed back under the overlay, kept under T77.
    let at = fieldbook::chrono::DateTime::parse_from_rfc3339("2026-12-08T07:50:00+08:00").unwrap();
    let meeting =
        fieldbook::Event::new("m1", "meeting", "li", at).ending(at + fieldbook::chrono::TimeDelta::minutes(30));
    let roster = || fieldbook::Roster::new([li.clone()], []);
    let mut t77 = fieldbook::Tracker::new(seed("t77"), roster(), date("2026-12-07")).unwrap();
    assert!(t77.ingest(meeting.clone()).is_ok());
    let mut branch = fieldbook::Tracker::new(playbook, roster(), date("2026-12-07")).unwrap();
    let rejected = branch.ingest(meeting).unwrap_err();
    assert!(matches!(&rejected.reason, fieldbook::event::RejectReason::UnexpectedEnd { kind } if kind == "meeting"));
}

#[test]
fn an_overlay_changes_and_adds_visit_frequency_quotas_and_the_diff_and_the_tracker_show_them() {
    let base = std::fs::read_to_string(crate::support::seed_path("t77")).unwrap();
    // The branch asks two listings a run, and each customer visited in each run of its
    // frequency; a wrong list field is placed in the overlay.
    let overlay = r#"
[playbook]
id = "t77-frequent"
title = "T77 with visits held to the frequencies"
extends = "t77.toml"

[[quotas]]
id = "schedule-follows-frequency"
at_least = 2

[[quotas]]
id = "visits-follow-frequency"
title = "Each customer visited in each period of its visit frequency"
refs = ["T77-12"]
measure = "count"
of = { kind = "visit" }
window = "visit_frequency"
per = "customer"
at_least = 1
"#;
    let sources = InMemory(vec![("t77.toml", base.clone()), ("frequent.toml", overlay.to_string())]);
    let playbook: Playbook = fieldbook::load_from(std::path::Path::new("frequent.toml"), &sources).unwrap();
    let changes: Vec<String> = diff(seed("t77").spec(), playbook.spec()).iter().map(ToString::to_string).collect();
    for expected in ["quotas[schedule-follows-frequency].at_least", "quotas[visits-follow-frequency]"] {
        assert!(changes.iter().any(|c| c.contains(expected)), "no change at {expected}: {changes:#?}");
    }
    // Run 1 of December (Dec 1-8) for a key customer: listed once (short of two) and
    // visited once (enough).
    let roster = fieldbook::Roster::new(
        [fieldbook::Person::new("li").with_role("customer_manager").with_attr("route", "urban")],
        [fieldbook::Customer::new("k1").managed_by("li").with_tag("key").with_field("name", "Key shop")],
    );
    let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
    let events = vec![
        fieldbook::Event::new("s1", "schedule", "li", at("2026-12-02T08:20:00+08:00"))
            .with("planned", fieldbook::Value::List(vec!["k1".into()])),
        fieldbook::Event::new("v1", "visit", "li", at("2026-12-02T09:20:00+08:00"))
            .ending(at("2026-12-02T09:30:00+08:00"))
            .for_customer("k1"),
    ];
    let mut tracker = fieldbook::Tracker::new(playbook, roster, crate::support::date("2026-12-01")).unwrap();
    assert!(tracker.ingest_all(events).rejected.is_empty());
    let found = tracker.close_through(crate::support::date("2026-12-08")).unwrap();
    let verdict = |rule: &str| {
        let f = found.iter().find(|f| f.rule == rule && f.customer.as_deref() == Some("k1")).expect(rule);
        (f.status, f.expected.to_string(), f.actual.to_string())
    };
    assert_eq!(verdict("schedule-follows-frequency"), (fieldbook::Status::Fail, "at least 2".into(), "1".into()));
    assert_eq!(verdict("visits-follow-frequency"), (fieldbook::Status::Pass, "at least 1".into(), "1".into()));

    let wrong = overlay.replace("at_least = 2", "listed_in = \"notes\"");
    let sources = InMemory(vec![("t77.toml", base), ("frequent.toml", wrong)]);
    match fieldbook::load_from(std::path::Path::new("frequent.toml"), &sources) {
        Err(LoadError::Invalid(problems)) => {
            let found: Vec<String> = problems.iter().map(ToString::to_string).collect();
            assert_eq!(
                found,
                [
                    "frequent.toml:9:1: quotas[0].listed_in: event kind `schedule` has no field `notes` (declared: `planned`)"
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

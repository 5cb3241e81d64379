//! Rhai checks: compile errors at their TOML line, and the sandbox stopping every abuse
//! while the other findings stay intact. What the branch checks of `t77-branch.toml`
//! judge is tested by `examples/playbooks/t77-branch.tests.toml`.

use chrono::{DateTime, FixedOffset, TimeDelta};
use fieldbook::{Customer, Event, Finding, LoadError, Person, Playbook, Roster, Status, Tracker, Value};

use crate::support::{data, date, root};

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn of_rule<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

#[test]
fn a_script_that_does_not_compile_is_reported_at_its_line_in_the_toml_file() {
    match data("checks/compile_error.toml") {
        Err(LoadError::Invalid(problems)) => {
            let found: Vec<String> = problems
                .iter()
                .map(|p| p.to_string().split_once("checks/").map(|(_, r)| r.to_string()).unwrap_or_default())
                .collect();
            assert_eq!(found.len(), 2, "{found:?}");
            // Line 21 is `let limit = max(stock, 2;`: column 25 is the `;` where `)` belongs.
            assert!(
                found[0].starts_with("compile_error.toml:21:25: checks[0].script: check `unclosed` does not compile"),
                "{found:?}"
            );
            assert!(
                found[1].starts_with("compile_error.toml:31:11: checks[1].script: check `uses-eval` does not compile"),
                "{found:?}"
            );
            assert!(found[1].contains("eval"), "{found:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_sandbox_stops_every_abuse_and_keeps_the_other_findings() {
    let playbook = data("checks/abuse.toml").unwrap();
    let roster = Roster {
        people: vec![Person::new("li")],
        customers: vec![Customer { id: "c".into(), ..Customer::default() }],
        teams: Vec::new(),
    };
    let mut tracker = Tracker::new(playbook, roster, date("2026-12-14")).unwrap();
    let visit = |id: &str, time: &str| {
        let start = at(time);
        Event::new(id, "visit", "li", start)
            .ending(start + TimeDelta::minutes(10))
            .for_customer("c")
            .with("stock", Value::Number(3.0))
    };
    assert!(
        tracker
            .ingest_all([visit("v1", "2026-12-14T09:00:00+08:00"), visit("v2", "2026-12-14T10:00:00+08:00")])
            .rejected
            .is_empty()
    );
    let findings = tracker.close_through(date("2026-12-14")).unwrap();

    // (check, what the error says, line of abuse.toml holding the failing expression; the
    // call-depth limit is reported at the outermost call, `deeper(0)` on line 44)
    let abuses = [
        ("loop-forever", "operations", 34),
        ("recurse", "Stack overflow", 44),
        ("giant-string", "string", 55),
        ("giant-array", "array", 66),
        ("divide-by-zero", "Division by zero", 77),
        ("wrong-answer", "returns true or false", 0),
    ];
    for (check, says, line) in abuses {
        let errors = of_rule(&findings, check);
        assert_eq!(errors.len(), 2, "{check}: one finding per visit");
        for (finding, event) in errors.iter().zip(["v1", "v2"]) {
            assert_eq!(finding.status, Status::Error, "{check}: {}", finding.message);
            assert!(finding.message.contains(&format!("check `{check}` on event `{event}`")), "{}", finding.message);
            assert!(finding.message.contains(says), "{check}: {}", finding.message);
            if line > 0 {
                assert!(finding.message.contains(&format!("abuse.toml:{line}:")), "{check}: {}", finding.message);
            }
        }
    }
    // The rest of the run is intact: the quota and the well-behaved check.
    let quota = of_rule(&findings, "visits-per-day");
    assert_eq!((quota.len(), quota[0].status, quota[0].actual.as_str()), (1, Status::Pass, "2"));
    assert!(of_rule(&findings, "fine").iter().all(|f| f.status == Status::Pass));
    assert_eq!(of_rule(&findings, "fine").len(), 2);
}

#[test]
fn a_script_importing_a_file_outside_its_folder_does_not_load() {
    let error = data("checks/path_import.toml").unwrap_err();
    let problems: Vec<String> = error.problems().iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    // The import is on line 21 of the file, its quoted name at column 8.
    assert!(
        problems[0].contains("path_import.toml:21:8: checks[0].script: check `read-file` imports a module"),
        "{problems:#?}"
    );
    assert!(
        problems[0]
            .contains("Module not found: /etc/passwd (scripts may import modules only from the playbook's folder)"),
        "{problems:#?}"
    );
}

#[test]
fn checks_without_a_script_engine_are_reported_not_evaluated() {
    let text = std::fs::read_to_string(root().join("tests/data/checks/abuse.toml")).unwrap();
    let playbook = Playbook::from_toml(&text, None).unwrap();
    let roster = Roster {
        people: vec![Person::new("li")],
        customers: vec![Customer { id: "c".into(), ..Customer::default() }],
        teams: Vec::new(),
    };
    let mut tracker = Tracker::new(playbook, roster, date("2026-12-14")).unwrap();
    let start = at("2026-12-14T09:00:00+08:00");
    tracker
        .ingest(Event::new("v1", "visit", "li", start).ending(start + TimeDelta::minutes(9)).for_customer("c"))
        .unwrap();
    let findings = tracker.close_through(date("2026-12-14")).unwrap();
    let fine = of_rule(&findings, "fine");
    assert_eq!(fine[0].status, Status::Warning);
    assert!(fine[0].message.contains("not evaluated"), "{}", fine[0].message);
}

#[test]
fn a_script_that_reassigns_what_it_is_given_does_not_change_the_next_check() {
    // An event's checks share one scope; the first check reassigns the event, the
    // customer and the date and declares a variable; the second must still see the
    // event, customer and date it was given, and not the variable.
    let text = r#"
        [playbook]
        id = "tamper"
        title = "Scripts that reassign their input"
        [calendar]
        time_zone = "Asia/Shanghai"
        [customers]
        tags = ["key"]
        [event_kinds.visit]
        title = "Customer visit"
        customer = true
        lasts = true
        [[checks]]
        id = "reassigns"
        title = "Reassigns its input"
        refs = ["T77-22"]
        scope = "event"
        kind = "visit"
        script = 'event = (); customer = 5; date.clear(); let leftover = 1; true'
        [[checks]]
        id = "reads"
        title = "Reads its input"
        refs = ["T77-9"]
        scope = "event"
        kind = "visit"
        script = 'event.minutes >= 8.0 && customer.has_tag("key") && date == "2026-12-14" && !is_def_var("leftover")'
    "#;
    let playbook = Playbook::from_toml(text, None).unwrap();
    let checks = fieldbook::RhaiChecks::compile(&playbook, &fieldbook::SandboxOptions::new()).unwrap();
    let playbook = playbook.with_checks(std::sync::Arc::new(checks));
    let key = Customer { id: "k".into(), tags: vec!["key".into()], ..Customer::default() };
    let roster = Roster { people: vec![Person::new("li")], customers: vec![key], teams: Vec::new() };
    let mut tracker = Tracker::new(playbook, roster, date("2026-12-14")).unwrap();
    let start = at("2026-12-14T09:00:00+08:00");
    let visits = [0, 1].map(|n| {
        let start = start + TimeDelta::hours(n);
        Event::new(format!("v{n}"), "visit", "li", start).ending(start + TimeDelta::minutes(9)).for_customer("k")
    });
    assert!(tracker.ingest_all(visits).rejected.is_empty());
    let findings = tracker.close_through(date("2026-12-14")).unwrap();
    let reads = of_rule(&findings, "reads");
    assert_eq!(reads.len(), 2);
    assert!(
        reads.iter().all(|f| f.status == Status::Pass),
        "{:?}",
        reads.iter().map(|f| &f.message).collect::<Vec<_>>()
    );
    assert!(of_rule(&findings, "reassigns").iter().all(|f| f.status == Status::Pass));
}

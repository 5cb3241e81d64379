//! Scenario files (`fieldbook::scenario`): every seed scenario file passes, a broken
//! expectation fails naming the finding that differs, bad scenario files are errors at
//! their file:line:col, and T77's rules are each made to pass and to fail.

use std::path::PathBuf;

use fieldbook::scenario::{Coverage, Suite, SuiteError, SuiteReport};

use crate::support::root;

/// Every `*.tests.toml` beside the seed playbooks, sorted.
fn seed_scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples/playbooks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".tests.toml"))
        .collect();
    files.sort();
    files
}

fn run(file: &PathBuf) -> SuiteReport {
    Suite::load(file).unwrap_or_else(|e| panic!("{}: {e}", file.display())).run()
}

/// The problems of a scenario file written beside the seed playbooks, as printed.
fn problems(text: &str) -> Vec<String> {
    match Suite::from_toml(text, &root().join("examples/playbooks/bad.tests.toml")) {
        Ok(_) => Vec::new(),
        Err(SuiteError::Invalid(problems)) => problems
            .iter()
            .map(|p| {
                p.to_string().split_once("examples/playbooks/").map_or(p.to_string(), |(_, rest)| rest.to_string())
            })
            .collect(),
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn every_seed_scenario_file_passes() {
    let files = seed_scenario_files();
    let names: Vec<String> = files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(
        names,
        [
            "fnb.tests.toml",
            "hot.tests.toml",
            "t77-branch.tests.toml",
            "t77.tests.toml",
            "tel.tests.toml",
            "tpk.tests.toml"
        ]
    );
    for file in &files {
        let report = run(file);
        assert!(report.scenarios.len() >= 3, "{}: {} scenarios", file.display(), report.scenarios.len());
        assert!(report.passed(), "{report}");
    }
}

#[test]
fn coverage_lists_no_t77_rule_without_a_passing_and_a_failing_scenario() {
    let reports: Vec<SuiteReport> = seed_scenario_files().iter().map(run).collect();
    let coverage = Coverage::of(&reports);
    let t77 = coverage.playbooks.iter().find(|p| p.playbook == "t77").expect("t77 is tested");
    // Every judged rule of t77.toml: its steps with evidence (all of them), duties,
    // checklists, quotas (the adjustment phase's focus, T77-5, among them) and triggers
    // (the reply owed, T77-26, among them); the arrival back at the office among the steps, the plan's forms (T77-20) among
    // the duties; the schedules held to the visit frequencies (T77-12) among the quotas.
    assert_eq!(t77.rules.len(), 25, "{coverage}");
    assert!(t77.rules.iter().any(|r| r.rule == "schedule-follows-frequency"), "{coverage}");
    assert!(t77.rules.iter().any(|r| r.rule == "lunch-review"), "every t77 step has evidence: the noon review too");
    let untested: Vec<&str> = t77.rules.iter().filter(|r| !r.is_covered()).map(|r| r.rule.as_str()).collect();
    assert!(untested.is_empty(), "{untested:?}\n{coverage}");
    // The branch's three Rhai checks too.
    let branch = coverage.playbooks.iter().find(|p| p.playbook == "t77-branch").expect("t77-branch is tested");
    for check in ["stock-reasonable", "adjustment-focus-covered", "failed-order-called-by-1730"] {
        let rule = branch.rules.iter().find(|r| r.rule == check).unwrap();
        assert!(rule.is_covered(), "{check}: {rule:?}");
    }
    // And an untested rule is listed: a suite that asserts only a late morning meeting
    // leaves the meeting without a passing scenario and the visit schedule untested.
    let text = r#"playbook = "t77.toml"
roster = { people = [{ id = "li", role = "customer_manager", attrs = { route = "urban" } }] }

[[scenarios]]
name = "a late meeting"
close = [2026-12-07]
events = [{ id = "m", kind = "meeting", person = "li", at = "2026-12-07T08:05:00+08:00" }]
expect = [{ rule = "morning-meeting", status = "fail", actual = "08:05" }]
"#;
    let path = root().join("examples/playbooks/one.tests.toml");
    let one = Coverage::of(&[Suite::from_toml(text, &path).unwrap().run()]);
    let untested: Vec<&str> = one.untested().map(|(_, r)| r.rule.as_str()).collect();
    assert_eq!(untested.len(), 25, "{one}");
    assert!(untested.contains(&"morning-meeting") && untested.contains(&"visit-schedule"), "{one}");
}

#[test]
fn a_broken_expectation_fails_and_names_the_finding_that_differs() {
    let path = root().join("examples/playbooks/t77.tests.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // The first scenario's day of 29 visits: expect 28, by hand, where 29 is right.
    let broken = text.replacen("actual = \"29\"", "actual = \"28\"", 1);
    assert_ne!(broken, text);
    let line = broken.lines().position(|l| l == "actual = \"28\"").unwrap() + 1;
    let report = Suite::from_toml(&broken, &path).unwrap().run();
    assert!(!report.passed());
    let failed: Vec<_> = report.scenarios.iter().filter(|s| !s.passed).collect();
    assert_eq!(failed.len(), 1, "{report}");
    assert!(failed[0].name.starts_with("an urban day of 29 visits"), "{}", failed[0].name);
    let difference = &failed[0].differences[..];
    assert_eq!(difference.len(), 1, "{report}");
    // The expectation's table starts 6 lines above its `actual`.
    let at = format!("t77.tests.toml:{}:1: scenarios[0].expect[0]", line - 6);
    assert!(difference[0].at.ends_with(&at), "{}", difference[0].at);
    assert!(difference[0].expected.contains("rule=visits-per-day person=li"), "{}", difference[0].expected);
    assert!(difference[0].expected.contains("actual=\"28\""), "{}", difference[0].expected);
    assert!(difference[0].found.contains("status=fail rule=visits-per-day person=li"), "{}", difference[0].found);
    assert!(difference[0].found.contains("actual=\"29\""), "{}", difference[0].found);
    assert_eq!(difference[0].differs, ["actual"]);
    let printed = report.to_string();
    assert!(
        printed.contains("FAIL ") && printed.contains("- expected ") && printed.contains("+ found    "),
        "{printed}"
    );
    assert!(printed.contains("differs: actual\n"), "{printed}");
}

#[test]
fn nothing_else_fails_names_a_failure_no_expectation_names() {
    let path = root().join("examples/playbooks/bad.tests.toml");
    // A morning meeting at 08:05 is late (T77-11, by 08:00): with "nothing else fails",
    // an expectation of only the visits quota leaves that failure unexpected.
    let text = r#"playbook = "t77.toml"
roster = { people = [{ id = "li", role = "customer_manager", attrs = { route = "urban" } }] }

[[scenarios]]
name = "a late meeting"
close = [2026-12-07]
nothing_else_fails = true
events = [{ id = "m", kind = "meeting", person = "li", at = "2026-12-07T08:05:00+08:00" }]
expect = [{ rule = "visits-per-day", status = "fail", actual = "0" }]
"#;
    let report = Suite::from_toml(text, &path).unwrap().run();
    let differences = &report.scenarios[0].differences;
    assert!(
        differences.iter().any(|d| d.found.contains("rule=morning-meeting") && d.found.contains("actual=\"08:05\"")),
        "{report}"
    );
    assert!(differences.iter().all(|d| d.expected == "nothing else fails"), "{report}");
}

#[test]
fn an_agenda_expectation_names_the_item_missing_or_due_at_another_time() {
    let path = root().join("examples/playbooks/bad.tests.toml");
    // On Monday 7 December (adjustment phase) the morning meeting is due at 08:00, not 08:30.
    let text = r#"playbook = "t77.toml"
roster = { people = [{ id = "li", role = "customer_manager", attrs = { route = "urban" } }] }

[[scenarios]]
name = "the agenda"
close = [2026-12-07]
agenda = [{ date = 2026-12-07, person = "li", items = [{ id = "morning-meeting", due = "08:30" }, { id = "first-visit", due = "09:30" }], absent = ["first-visit"] }]
"#;
    let report = Suite::from_toml(text, &path).unwrap().run();
    let differences = &report.scenarios[0].differences;
    assert_eq!(differences.len(), 2, "{report}");
    assert_eq!(differences[0].expected, "morning-meeting 08:30 on 2026-12-07");
    assert_eq!(differences[0].found, "morning-meeting 08:00");
    assert!(differences[1].at.ends_with("scenarios[0].agenda[0].absent[0]"), "{report}");
}

#[test]
fn structural_problems_are_reported_all_at_once_at_their_place() {
    let found = problems(
        "playbook = \"t77.toml\"\ncolour = \"red\"\n\n[[scenarios]]\nname = \"x\"\nclose = [\"monday\"]\nnothing_else_fails = \"yes\"\n\n[[scenarios.expect]]\nrule = \"visits-per-day\"\nstatus = \"failed\"\n",
    );
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found[0].starts_with("bad.tests.toml:2:1: colour: unknown field `colour`"), "{found:#?}");
    assert!(found[1].starts_with("bad.tests.toml:6:10: scenarios[0].close[0]: `monday` is not a date"), "{found:#?}");
    assert!(found[2].starts_with("bad.tests.toml:7:22: scenarios[0].nothing_else_fails: invalid type"), "{found:#?}");
    assert!(
        found[3].starts_with("bad.tests.toml:11:10: scenarios[0].expect[0].status: unknown variant `failed`"),
        "{found:#?}"
    );
}

#[test]
fn expectations_naming_what_the_playbook_or_roster_lacks_are_reported_all_at_once() {
    let found = problems(
        r#"playbook = "t77.toml"
roster = { people = [{ id = "li", role = "customer_manager", attrs = { route = "urban" } }] }

[[scenarios]]
name = "x"
close = [2026-12-07]

[[scenarios.expect]]
rule = "visits-per-week"
ref = "T77-99"
person = "wang"
customer = "c01"
team = "ict"
closed = 2026-12-08
status = "fail"

[[scenarios.expect]]
status = "absent"
actual = "1"
"#,
    );
    let expected = [
        "bad.tests.toml:9:1: scenarios[0].expect[0].rule: no rule `visits-per-week` in playbook `t77`; its rules: `morning-meeting`",
        "bad.tests.toml:10:1: scenarios[0].expect[0].ref: no rule of playbook `t77` cites `T77-99`",
        "bad.tests.toml:11:1: scenarios[0].expect[0].person: `wang` is not in the roster",
        "bad.tests.toml:12:1: scenarios[0].expect[0].customer: `c01` is not a customer of the roster",
        "bad.tests.toml:13:1: scenarios[0].expect[0].team: `ict` is not a team of the roster",
        "bad.tests.toml:14:1: scenarios[0].expect[0].closed: 2026-12-08 is not one of the days closed (`close`)",
        "bad.tests.toml:17:1: scenarios[0].expect[1]: name the finding's `rule` or `ref`",
        "bad.tests.toml:19:1: scenarios[0].expect[1].actual: a finding expected absent has no `actual`",
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (found, expected) in found.iter().zip(expected) {
        assert!(found.starts_with(expected), "{found}\nexpected it to start with\n{expected}");
    }
}

#[test]
fn missing_files_bad_rosters_and_events_turned_away_are_reported() {
    let found = problems(
        r#"playbook = "t77.toml"
roster_file = "scenarios/no-such-roster.json"

[[scenarios]]
name = "x"
close = [2026-12-07, 2026-12-07]
events_file = "scenarios/no-such-events.jsonl"
roster = { people = [{ id = "li", role = "clerk" }] }

[[scenarios]]
name = "y"
close = [2026-12-07]
roster = { people = [{ id = "li", role = "customer_manager", attrs = { route = "urban" } }] }
events = [{ id = "k", kind = "karaoke", person = "li", at = "2026-12-07T20:00:00+08:00" }]
agenda = [{ date = 2026-12-07, person = "li", items = [{ id = "morning-meeting", due = "8am" }] }]
"#,
    );
    let expected = [
        "bad.tests.toml:2:1: roster_file: cannot read `",
        "bad.tests.toml:6:22: scenarios[0].close[1]: 2026-12-07 does not come after 2026-12-07",
        "bad.tests.toml:7:1: scenarios[0].events_file: cannot read `",
        "bad.tests.toml:8:35: scenarios[0].roster.people[0].role: unknown role `clerk`",
        "bad.tests.toml:14:11: scenarios[1].events[0]: event `k` is turned away: unknown event kind `karaoke`",
        "bad.tests.toml:15:",
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (found, expected) in found.iter().zip(expected) {
        assert!(found.starts_with(expected), "{found}\nexpected it to start with\n{expected}");
    }
    assert!(found[5].contains("`8am` is not a time: write HH:MM"), "{found:#?}");
}

#[test]
fn a_bad_line_of_an_events_file_and_a_playbook_with_problems_are_reported() {
    let dir = std::env::temp_dir().join(format!("fieldbook-scenarios-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("p.toml"),
        "[playbook]\nid = \"p\"\ntitle = \"P\"\n\n[calendar]\ntime_zone = \"Mars/Olympus\"\n",
    )
    .unwrap();
    let found = {
        let text = "playbook = \"p.toml\"\n";
        match Suite::from_toml(text, &dir.join("p.tests.toml")) {
            Err(SuiteError::Invalid(problems)) => problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            other => panic!("{:?}", other.map(|s| s.len())),
        }
    };
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("p.toml:6:13: calendar.time_zone"), "{found:#?}");

    std::fs::write(dir.join("events.jsonl"), "{\"id\": \"m\", \"kind\": \"meeting\", \"person\": \"li\", \"at\": \"2026-12-07T07:50:00+08:00\"}\n{\"id\": \"x\", \"kind\": \"meeting\"}\n").unwrap();
    std::fs::copy(root().join("examples/playbooks/t77.toml"), dir.join("t77.toml")).unwrap();
    let text = "playbook = \"t77.toml\"\nroster = { people = [{ id = \"li\", role = \"customer_manager\", attrs = { route = \"urban\" } }] }\n\n[[scenarios]]\nname = \"x\"\nclose = [2026-12-07]\nevents_file = \"events.jsonl\"\n";
    let found = match Suite::from_toml(text, &dir.join("t.tests.toml")) {
        Err(SuiteError::Invalid(problems)) => problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        other => panic!("{:?}", other.map(|s| s.len())),
    };
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("t.tests.toml:7:1: scenarios[0].events_file: "), "{found:#?}");
    assert!(found[0].contains("events.jsonl line 2: missing field `person`"), "{found:#?}");
}

#[test]
fn every_example_of_the_scenario_chapter_loads_and_passes() {
    let chapter = std::fs::read_to_string(root().join("docs/scenarios.md")).unwrap();
    let blocks: Vec<&str> =
        chapter.split("```toml\n").skip(1).map(|rest| rest.split("```").next().unwrap_or_default()).collect();
    // Each block names its file on its first line; they are written side by side.
    let dir = std::env::temp_dir().join(format!("fieldbook-chapter-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut suites = Vec::new();
    for block in &blocks {
        let name = block.lines().next().and_then(|l| l.strip_prefix("# file: ")).expect("a `# file: NAME` line");
        std::fs::write(dir.join(name), block).unwrap();
        if name.ends_with(".tests.toml") {
            suites.push(dir.join(name));
        }
    }
    let reports: Vec<SuiteReport> = suites
        .iter()
        .map(|file| {
            Suite::load(file)
                .unwrap_or_else(|e| {
                    panic!("{e}: {}", std::error::Error::source(&e).map(ToString::to_string).unwrap_or_default())
                })
                .run()
        })
        .collect();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!((blocks.len(), reports.len()), (2, 1));
    let report = &reports[0];
    assert!(report.passed(), "{report}");
    assert_eq!(report.scenarios.len(), 2);
    // Both rules of the example pass and fail in some scenario.
    let coverage = Coverage::of(&reports);
    assert_eq!(coverage.playbooks[0].rules.len(), 2, "{coverage}");
    assert_eq!(coverage.untested().count(), 0, "{coverage}");
}

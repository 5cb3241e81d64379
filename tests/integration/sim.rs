//! The month simulator over the seed playbooks: each simulates a small team without
//! error, its log evaluates back to the same findings, T77 and TPK compare rule by rule,
//! and bad parameter files are errors at their line and column.

use fieldbook::Status;
use fieldbook::track::{evaluate_log, read_events};
use fieldbook_sim::{Comparison, Params, Recording, Simulation, summarize};

use crate::support::{SEEDS, date, seed};

fn small(name: &str) -> Simulation {
    Simulation::new(seed(name)).month(date("2026-12-01")).people(4).seed(2026)
}

#[test]
fn every_seed_playbook_simulates_and_evaluates_back_to_the_same_findings() {
    for name in SEEDS {
        let sim = small(name);
        let population = sim.population().unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut recording = Recording::default();
        let totals = sim.run(&population, &mut recording).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(totals.events, recording.events.len(), "{name}");
        assert!(totals.events > 100, "{name}: only {} events", totals.events);
        let passed = recording.findings.iter().filter(|f| f.status == Status::Pass).count();
        assert!(passed * 10 > recording.findings.len() * 7, "{name}: {passed} of {} passed", recording.findings.len());

        let mut log = Vec::new();
        for event in &recording.events {
            serde_json::to_writer(&mut log, event).unwrap();
            log.push(b'\n');
        }
        let roster = fieldbook::Roster::new(sim.team(&population), population.roster().customers.clone())
            .with_teams(population.roster().teams.clone());
        let evaluation = evaluate_log(
            sim.playbook(),
            roster,
            read_events(&log[..]).unwrap(),
            Some(sim.first_day()),
            Some(sim.last_day()),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(evaluation.rejected.is_empty(), "{name}: {:#?}", evaluation.rejected);
        assert!(evaluation.findings == recording.findings, "{name}: evaluated findings differ");
    }
}

#[test]
fn tpk_compared_with_t77_differs_exactly_in_the_service_time_rules() {
    let t77 = small("t77");
    let population = t77.population().unwrap();
    let base = summarize(&t77, &population, |_, _| {}).unwrap();
    let other = summarize(&t77.with_playbook(seed("tpk")), &population, |_, _| {}).unwrap();
    let comparison = Comparison::new(&base, &other);
    let only = |first: bool| -> Vec<&str> {
        comparison
            .rules
            .iter()
            .filter(|r| if first { r.other.is_none() } else { r.base.is_none() })
            .map(|r| r.id.as_str())
            .collect()
    };
    // TPK-2 replaces T77-9's minimum per visit with five hours of visiting a day.
    assert_eq!(only(true), ["service-time-per-visit"]);
    assert_eq!(only(false), ["visiting-time-per-day"]);
    let meeting = comparison.rules.iter().find(|r| r.id == "morning-meeting").unwrap();
    assert!(meeting.refs.contains(&"TPK-1".to_string()), "{:?}", meeting.refs);
    let text = comparison.to_text();
    assert!(text.contains("t77 → tpk"), "{text}");
}

#[test]
fn bad_parameter_files_are_errors_at_their_line_and_column() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("sim-params");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let unknown = write("unknown.toml", "sick_rate = 0.03\nsick_days = 2\n");
    let error = Params::load(&unknown).unwrap_err().to_string();
    assert_eq!(
        error,
        format!(
            "{}:2:1: unknown field `sick_days`, expected one of `diligence`, `diligence_spread`, `sick_rate`, `forget_rate`, `late_rate`, `lateness_minutes`, `visit_minutes`, `visit_minutes_spread`, `rush_rate`, `travel_minutes`, `travel_minutes_by`, `quota_margin`, `effort_spread`, `skip_item_rate`, `skip_sub_item_rate`, `trigger_rate`, `miss_follow_up_rate`, `trigger_events_per_day`, `background_rate`, `optional_field_rate`, `customers_per_person`, `attributes`, `tags`, `roles`",
            unknown.display()
        )
    );

    let negative = write("negative.toml", "# rates\nlate_rate = 0.1\nforget_rate = -0.2\n");
    let error = Params::load(&negative).unwrap_err().to_string();
    assert_eq!(error, format!("{}:3:15: -0.2 is not a rate: write a probability from 0 to 1", negative.display()));

    let above = write("above.json", "{\n  \"tags\": { \"key\": 1.5 }\n}\n");
    let error = Params::load(&above).unwrap_err().to_string();
    assert!(error.starts_with(&format!("{}:2:", above.display())), "{error}");
    assert!(error.contains("1.5 is not a rate"), "{error}");

    let minutes = write("minutes.toml", "[travel_minutes_by]\nrural = -4\n");
    let error = Params::load(&minutes).unwrap_err().to_string();
    assert_eq!(error, format!("{}:2:9: -4 is negative: write a number of 0 or more", minutes.display()));

    // Names the playbook does not declare are refused when the population is drawn.
    let vip = Params::from_toml("[tags]\nvip = 0.2\n", None).unwrap();
    let error = small("t77").params(vip).population().unwrap_err().to_string();
    assert!(error.contains("tags.vip: the playbook declares no customer tag `vip`"), "{error}");
}

#[test]
fn a_sick_day_in_the_simulator_is_excused_not_failed() {
    // One day in five sick: T77 declares `[absences.sick]`, so what a sick day owes is
    // excused, naming the sickness, and nothing judged on such a day fails.
    let params = Params::from_toml("sick_rate = 0.2\n", None).unwrap();
    let sim = small("t77").params(params);
    let population = sim.population().unwrap();
    let team = sim.team(&population);
    let mut recording = Recording::default();
    sim.run(&population, &mut recording).unwrap();
    let sick: Vec<(String, chrono::NaiveDate)> = team
        .iter()
        .flat_map(|p| {
            p.absences.iter().flat_map(move |a| {
                a.from.iter_days().take_while(move |d| *d <= a.to).map(move |d| (p.id.to_string(), d))
            })
        })
        .collect();
    assert!(sick.len() >= 3, "{sick:?}");
    let on_sick_day = |f: &fieldbook::Finding| {
        let day = f.window.end.date_naive();
        f.window.start.date_naive() == day && sick.contains(&(f.person.to_string(), day))
    };
    // What falls due on a sick day is excused: the day's own rules, and follow-ups begun
    // before it and due on it.
    let due_on_sick_day = |f: &fieldbook::Finding| sick.contains(&(f.person.to_string(), f.window.end.date_naive()));
    let excused: Vec<&fieldbook::Finding> = recording.findings.iter().filter(|f| f.status == Status::Excused).collect();
    assert!(!excused.is_empty());
    assert!(
        excused.iter().all(|f| f.excused.as_ref().is_some_and(|a| a.kind == "sick") && due_on_sick_day(f)),
        "{excused:#?}"
    );
    let failed_while_sick: Vec<&fieldbook::Finding> =
        recording.findings.iter().filter(|f| f.status == Status::Fail && on_sick_day(f)).collect();
    assert!(failed_while_sick.is_empty(), "{failed_while_sick:#?}");
}

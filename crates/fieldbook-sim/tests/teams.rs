//! Team quotas in the simulator (TEL-7..9, `per = "team"`): people are put in teams of
//! [`TEAM_SIZE`] that never straddle a block, each team's quotas are judged once for its
//! chief, the report has a line per team, and the shards of a team (whole blocks, so
//! whole teams) add up to the whole run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fieldbook_core::Playbook;
use fieldbook_sim::{BLOCK, OutputOptions, Recording, Shard, Simulation, TEAM_SIZE, summarize, write_month};

fn tel() -> Playbook {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/playbooks/tel.toml");
    let text = std::fs::read_to_string(&path).expect("the TEL seed playbook is readable");
    Playbook::from_toml(&text, Some(&path)).expect("the TEL seed playbook is valid")
}

/// Two full blocks and half a block: 40 people, ten teams of four.
const PEOPLE: usize = 2 * BLOCK + BLOCK / 2;

fn simulation() -> Simulation {
    let december = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    Simulation::new(tel()).month(december).people(PEOPLE).seed(14)
}

/// tel.toml's quotas counted per team: seminars, revenue and new groups a month, and the
/// themed event a quarter; December closes a month and the fourth quarter.
const TEAM_QUOTAS: [&str; 4] =
    ["seminars-per-month", "ict-revenue-per-month", "new-groups-per-month", "themed-event-per-quarter"];

#[test]
fn each_team_of_four_is_judged_once_a_quota_for_its_chief() {
    let sim = simulation();
    let population = sim.population().unwrap();
    let roster = population.roster();
    assert_eq!(roster.teams.len(), PEOPLE / TEAM_SIZE);
    // Each team is four consecutive people, led by the first of them.
    for (i, team) in roster.teams.iter().enumerate() {
        let members: Vec<&str> =
            roster.people.iter().filter(|p| p.team.as_ref() == Some(&team.id)).map(|p| p.id.as_str()).collect();
        assert_eq!(members.len(), TEAM_SIZE, "{}", team.id);
        assert_eq!(team.chief.as_deref(), Some(roster.people[i * TEAM_SIZE].id.as_str()));
    }
    let mut recording = Recording::default();
    sim.run(&population, &mut recording).unwrap();
    let mut per_team: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for f in recording.findings.iter().filter(|f| f.team.is_some()) {
        let team = f.team.as_deref().unwrap();
        let chief = roster.teams.iter().find(|t| t.id == team).and_then(|t| t.chief.as_deref());
        assert_eq!(Some(f.person.as_str()), chief, "{f}");
        per_team.entry(team).or_default().push(f.rule.as_str());
    }
    assert_eq!(per_team.len(), roster.teams.len());
    for (team, rules) in &per_team {
        let mut rules = rules.clone();
        rules.sort_unstable();
        let mut expected = TEAM_QUOTAS.to_vec();
        expected.sort_unstable();
        assert_eq!(rules, expected, "team {team}");
    }
    // No person has a finding of a team quota of their own.
    assert!(recording.findings.iter().all(|f| f.team.is_some() || !TEAM_QUOTAS.contains(&f.rule.as_str())));
}

#[test]
fn the_report_has_a_line_per_team_and_keeps_team_findings_off_the_chiefs_line() {
    let sim = simulation();
    let population = sim.population().unwrap();
    let summary = summarize(&sim, &population, |_, _| {}).unwrap();
    assert_eq!(summary.teams.len(), PEOPLE / TEAM_SIZE);
    for line in &summary.teams {
        assert_eq!(line.members, TEAM_SIZE, "{}", line.id);
        // Four quotas, each judged once in December.
        let t = line.tally;
        assert_eq!(t.pass + t.fail + t.warning + t.pending, TEAM_QUOTAS.len(), "{}", line.id);
        assert!(!line.chief.is_empty());
    }
    // Every finding is on exactly one line: a person's or a team's.
    let people: usize = summary.persons.iter().map(|p| p.tally.pass + p.tally.fail + p.tally.warning).sum();
    let teams: usize = summary.teams.iter().map(|t| t.tally.pass + t.tally.fail + t.tally.warning).sum();
    assert_eq!(people + teams, summary.total.pass + summary.total.fail + summary.total.warning);
    let text = summary.to_text();
    assert!(text.contains("Per team"), "{text}");
    // In Chinese, the team section of the summary and of the report is worded too.
    let zh = fieldbook_i18n::Localizer::new(fieldbook_i18n::Locale::ZhCn);
    let text = summary.to_text_in(&zh);
    assert!(text.contains("各团队(按团队统计的定额;不计在负责人的那一行)"), "{text}");
    assert!(!text.contains("Per team") && !text.contains("chief"), "{text}");
    let dir = tempfile::tempdir().unwrap();
    fieldbook_sim::write_report_in(dir.path(), Shard::WHOLE, &summary, None, &zh).unwrap();
    let page = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(page.contains("<h2>各团队</h2>") && page.contains("<th>团队</th><th>负责人</th>"), "{page}");
    assert!(!page.contains("Per team") && !page.contains("chief"), "{page}");
    // Members aim at a share of the team's targets: most teams meet most of them.
    let passed: usize = summary.teams.iter().map(|t| t.tally.pass).sum();
    assert!(passed * 2 > summary.teams.len() * TEAM_QUOTAS.len(), "{passed} team findings passed");
}

#[test]
fn sharded_by_whole_teams_the_findings_are_the_whole_runs() {
    let sim = simulation();
    let population = sim.population().unwrap();
    let mut whole = Recording::default();
    sim.run(&population, &mut whole).unwrap();
    for count in [2, 3] {
        let mut merged = Recording::default();
        let mut teams_per_shard = Vec::new();
        let mut seen_in: BTreeMap<String, usize> = BTreeMap::new();
        for index in 1..=count {
            let mut part = Recording::default();
            sim.clone().shard(Shard::new(index, count).unwrap()).run(&population, &mut part).unwrap();
            let teams: BTreeSet<String> =
                part.findings.iter().filter_map(|f| f.team.as_deref().map(String::from)).collect();
            for team in &teams {
                *seen_in.entry(team.clone()).or_default() += 1;
            }
            teams_per_shard.push(teams.len());
            merged.findings.extend(part.findings);
            merged.events.extend(part.events);
        }
        // 40 people are blocks of 16, 16 and 8: four, four and two teams.
        let expected: &[usize] = if count == 2 { &[4, 6] } else { &[4, 4, 2] };
        assert_eq!(teams_per_shard, expected, "teams with findings in each of {count} shards");
        assert!(seen_in.values().all(|n| *n == 1), "a team in two shards: {seen_in:?}");
        assert!(merged.findings == whole.findings, "the findings of {count} shards differ from the whole run's");
    }
}

#[test]
fn the_written_month_lists_the_teams_in_the_roster_the_report_and_the_findings() {
    let sim = simulation();
    let population = sim.population().unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_month(&sim, &population, dir.path(), &OutputOptions::new().text(true), |_, _| {}).unwrap();
    let roster: fieldbook_core::Roster =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("roster.json")).unwrap()).unwrap();
    assert_eq!(roster.teams, population.roster().teams);
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("<h2>Per team</h2>"));
    let csv = std::fs::read_to_string(dir.path().join("findings.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let team = reader.headers().unwrap().iter().position(|h| h == "team").expect("a team column");
    let rule = reader.headers().unwrap().iter().position(|h| h == "rule").unwrap();
    for row in reader.records().map(Result::unwrap) {
        assert_eq!(!row[team].is_empty(), TEAM_QUOTAS.contains(&&row[rule]), "{row:?}");
    }
}

/// A follow-up the recorder's team chief owes (`owner = "chief"`): simulated people who
/// never miss a follow-up leave none of them failed, and each is the chief's.
#[test]
fn follow_ups_owed_by_the_chief_are_made_by_the_chief() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/playbooks/tel.toml");
    let text = std::fs::read_to_string(&path).unwrap()
        + "\n[[triggers]]\nid = \"chief-call-after-visit\"\ntitle = \"The chief calls a visited group\"\n\
           refs = [\"TEL-10\"]\non = { kind = \"visit\" }\nfollow_up = { kind = \"call\" }\n\
           within = \"next_working_day\"\nowner = \"chief\"\n";
    let playbook = Playbook::from_toml(&text, None).unwrap();
    let december = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let params = fieldbook_sim::Params::new().miss_follow_up_rate(0.0);
    let sim = Simulation::new(playbook).month(december).people(BLOCK).seed(3).params(params);
    let population = sim.population().unwrap();
    let roster = population.roster();
    let chiefs: BTreeSet<&str> = roster.teams.iter().filter_map(|t| t.chief.as_deref()).collect();
    let mut recording = Recording::default();
    sim.run(&population, &mut recording).unwrap();
    let owed: Vec<_> = recording.findings.iter().filter(|f| f.rule == "chief-call-after-visit").collect();
    assert!(owed.len() > 10, "{} follow-ups", owed.len());
    assert!(owed.iter().all(|f| chiefs.contains(f.person.as_str())), "{owed:#?}");
    let failed: Vec<String> =
        owed.iter().filter(|f| f.status != fieldbook_core::Status::Pass).map(|f| f.to_string()).collect();
    assert!(failed.is_empty(), "{failed:#?}");
}

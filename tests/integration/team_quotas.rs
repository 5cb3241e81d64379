//! Quotas counted per team (TEL-7..9) and limited by customer activity state (HOT-7):
//! problems placed at their key paths, rosters checked for teams, overlays and `--diff`,
//! the agenda a member sees, and team lines on a scorecard. The verdicts themselves are
//! in `tel.tests.toml` and `hot.tests.toml`.

use fieldbook::spec::diff;
use fieldbook::track::Scorecard;
use fieldbook::{Customer, Event, Person, Playbook, Roster, Status, Team, Tracker};

use crate::support::{date, seed, seed_path};

/// tel.toml with `old` replaced by `new` (once), loaded: its problems as text.
fn tel_problems(old: &str, new: &str) -> String {
    let text = std::fs::read_to_string(seed_path("tel")).unwrap();
    assert!(text.contains(old), "tel.toml has no {old:?}");
    match Playbook::from_toml(&text.replacen(old, new, 1), None) {
        Ok(_) => panic!("tel.toml with {new:?} loaded"),
        Err(error) => error.to_string(),
    }
}

fn ict() -> Roster {
    Roster::new(
        [
            Person::new("zhao").with_role("industry_account_manager").in_team("ict"),
            Person::new("sun").with_role("branch_account_manager").in_team("ict"),
        ],
        [Customer::new("c01").with_field("name", "Group 1")],
    )
    .with_teams([Team::new("ict").led_by("zhao")])
}

/// A TEL-7 seminar by `person` on `day`, 14:00 to 16:00, with the agenda, topics and
/// outcomes the source asks it to record.
fn seminar(id: &str, person: &str, day: &str) -> Event {
    let at = |t: &str| chrono::DateTime::parse_from_rfc3339(&format!("{day}T{t}:00+08:00")).unwrap();
    Event::new(id, "seminar", person, at("14:00"))
        .ending(at("16:00"))
        .with("agenda", fieldbook::Value::Text("opening, talks, discussion".into()))
        .with("topics", fieldbook::Value::List(vec!["customer market".into(), "business needs".into()]))
        .with("outcomes", fieldbook::Value::Text("two leads for a pilot".into()))
}

#[test]
fn a_team_quota_over_a_day_or_by_a_person_attribute_is_a_problem_at_its_key() {
    let seminars = "window = \"month\"\nper = \"team\"\nat_least = 2";
    let daily = tel_problems(seminars, "window = \"day\"\nper = \"team\"\nat_least = 2");
    assert!(
        daily.contains("quotas[1].window: a quota per team is counted over a `week`, `month` or `quarter`"),
        "{daily}"
    );
    let rolling = tel_problems(seminars, "window = { days = 7 }\nper = \"team\"\nat_least = 2");
    assert!(rolling.contains("quotas[1].window: a quota per team is counted over"), "{rolling}");
    let text = std::fs::read_to_string(seed_path("tel")).unwrap().replace(
        "[[roles]]\nid = \"industry_account_manager\"",
        "[people.attributes]\nregion = { type = \"enum\", values = [\"north\", \"south\"] }\n\n[[roles]]\nid = \"industry_account_manager\"",
    );
    let by_region = Playbook::from_toml(
        &text.replacen(
            seminars,
            "window = \"month\"\nper = \"team\"\nat_least = { by = \"region\", north = 2, south = 1 }",
            1,
        ),
        None,
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(by_region.contains("quotas[1].at_least.by: a team has no attribute `region`"), "{by_region}");
}

#[test]
fn a_roster_without_the_teams_a_team_quota_needs_is_an_error_at_each_person() {
    let playbook = seed("tel");
    let loose = Roster::new([Person::new("zhao").with_role("industry_account_manager"), Person::new("sun")], []);
    let Err(error) = Tracker::new(playbook.clone(), loose, date("2026-12-01")) else {
        panic!("a roster without the teams was taken")
    };
    let error = error.to_string();
    assert!(
        error.contains("people[0].team: `zhao` is in no team, and quota `seminars-per-month` is counted per team"),
        "{error}"
    );
    assert!(error.contains("people[1].team: `sun` is in no team"), "{error}");
    // An unknown team, an unknown chief, a team named twice and a team nobody is in.
    let bad = Roster::new(
        [Person::new("zhao").with_role("industry_account_manager").in_team("ict"), Person::new("sun").in_team("gov")],
        [],
    )
    .with_teams([Team::new("ict").led_by("li"), Team::new("ict"), Team::new("empty")]);
    let error = bad.check(&playbook).unwrap_err().to_string();
    for expected in [
        "teams[0].chief: unknown person `li`",
        "teams[1].id: team id `ict` is used twice",
        "teams[2]: team `empty` has no members",
        "people[1].team: unknown team `gov` (ict, ict, empty)",
    ] {
        assert!(error.contains(expected), "no {expected:?} in {error}");
    }
    assert!(ict().check(&playbook).is_ok());
}

#[test]
fn activity_states_are_for_quotas_and_need_the_playbooks_activity_thresholds() {
    let hot = std::fs::read_to_string(seed_path("hot")).unwrap();
    // Without [customers.activity], there is nothing to reckon a state by.
    let start = hot.find("\n[customers.activity]\n").unwrap() + 1;
    let end = start + hot[start..].find("\n\n").unwrap();
    let without = format!("{}{}", &hot[..start], &hot[end..]);
    let error = Playbook::from_toml(&without, None).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("customers.activity: activity states are reckoned from `[customers.activity]`"), "{error}");
    // `lost` needs `lost_after`.
    let error = Playbook::from_toml(&hot.replacen("lost_after = \"180d\"\n", "", 1), None)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("customers.activity[1]: `lost` needs `lost_after` in [customers.activity]"), "{error}");
    // An agreement is limited by tags only.
    let agreement = "customers = { tags_any = [\"on_account\"] }";
    assert!(hot.contains(agreement));
    let error = Playbook::from_toml(&hot.replacen(agreement, "customers = { activity = [\"lost\"] }", 1), None)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("customers.activity: only quotas are limited by activity state"), "{error}");
}

#[test]
fn an_overlay_can_make_a_quota_the_teams_and_the_diff_shows_it() {
    let base = std::fs::read_to_string(seed_path("hot")).unwrap();
    let overlay = r#"
[playbook]
id = "hot-teams"
title = "HOT, trips by the whole front office"
extends = "hot.toml"

[[quotas]]
id = "visit-trips-per-week"
per = "team"
customers = { activity = ["lost", "prospect"] }
"#;
    let sources = InMemory(vec![("hot.toml", base), ("teams.toml", overlay.to_string())]);
    let playbook: Playbook = fieldbook::load_from(std::path::Path::new("teams.toml"), &sources).unwrap();
    let changes: Vec<String> = diff(seed("hot").spec(), playbook.spec()).iter().map(ToString::to_string).collect();
    assert_eq!(
        changes,
        [
            r#"changed quotas[visit-trips-per-week].customers.activity: ["dormant","lost","prospect"] -> ["lost","prospect"] [HOT-7]"#,
            r#"changed quotas[visit-trips-per-week].per: "person" -> "team" [HOT-7]"#,
        ]
    );
}

struct InMemory(Vec<(&'static str, String)>);

impl fieldbook::playbook::Sources for InMemory {
    fn read(&self, path: &std::path::Path) -> std::io::Result<String> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| text.clone())
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, name.to_string()))
    }
}

#[test]
fn a_member_sees_the_teams_quota_on_the_agenda_as_the_teams() {
    let playbook = seed("tel");
    let sun = Person::new("sun").with_role("branch_account_manager").in_team("ict");
    let agenda = playbook.agenda(&sun, date("2026-12-01")).unwrap();
    let seminars = agenda.items.iter().find(|i| i.id == "seminars-per-month").expect("the team's seminars");
    assert_eq!(seminars.detail.as_deref(), Some("at least 2 this month, for team ict: every member's events count"));
    let hot = seed("hot");
    let chen = Person::new("chen").with_role("customer_manager");
    let trips = hot.agenda(&chen, date("2026-12-07")).unwrap();
    let trips = trips.items.iter().find(|i| i.id == "visit-trips-per-week").expect("HOT-7 on Monday");
    assert_eq!(trips.detail.as_deref(), Some("at least 2 this week (to dormant, lost, prospect customers)"));
}

#[test]
fn a_scorecard_has_a_line_for_the_team_and_the_chiefs_line_is_their_own() {
    let mut tracker = Tracker::new(seed("tel"), ict(), date("2026-12-01")).unwrap();
    let intake = tracker.ingest_all([seminar("s1", "zhao", "2026-12-10"), seminar("s2", "sun", "2026-12-17")]);
    assert!(intake.rejected.is_empty());
    let findings = tracker.close_through(date("2026-12-31")).unwrap();
    let card = Scorecard::new(&findings);
    assert_eq!(card.teams.len(), 1);
    let team = &card.teams[0];
    assert_eq!((team.team.as_str(), team.chief.as_str()), ("ict", "zhao"));
    // Two seminars pass TEL-7; no contract fails TEL-8's revenue and new groups; no themed
    // event fails TEL-9's fourth quarter, which ends on 31 December.
    assert_eq!((team.tally.pass, team.tally.fail), (1, 3));
    let seminars = findings.iter().find(|f| f.rule == "seminars-per-month").unwrap();
    assert_eq!(
        (seminars.status, seminars.team.as_deref(), seminars.person.as_str()),
        (Status::Pass, Some("ict"), "zhao")
    );
    assert_eq!(seminars.to_string().split(':').next(), Some("pass seminars-per-month [TEL-7] team ict (zhao)"));
    // zhao's and sun's own lines hold no team finding.
    let own = |p: &str| findings.iter().filter(|f| f.person == p && f.team.is_none()).count();
    let line = |p: &str| {
        card.people.iter().find(|l| l.person == p).map_or(0, |l| {
            let t = l.tally;
            t.pass + t.fail + t.warning + t.pending + t.error + t.excused
        })
    };
    assert_eq!(line("zhao"), own("zhao"));
    assert_eq!(line("sun"), own("sun"));
}

#[test]
fn a_snapshot_keeps_the_last_visits_and_the_teams_running_counts() {
    // HOT-7: d1 was last seen on 1 September (dormant by December); a meal on Monday the
    // 7th makes them active from Tuesday, across a snapshot taken after Monday.
    let hot = seed("hot");
    let customer = Customer { last_visit: Some(date("2026-09-01")), ..Customer::new("d1").managed_by("chen") };
    let roster =
        Roster::new([Person::new("chen").with_role("customer_manager")], [customer.with_field("name", "Dormant d1")]);
    let at = |text: &str| chrono::DateTime::parse_from_rfc3339(text).unwrap();
    let mut tracker = Tracker::new(hot.clone(), roster.clone(), date("2026-12-07")).unwrap();
    let meal = Event::new("m1", "meal", "chen", at("2026-12-07T12:30:00+08:00"))
        .for_customer("d1")
        .with("spend", fieldbook::Value::Number(680.0));
    assert!(tracker.ingest_all([meal]).rejected.is_empty());
    tracker.close_through(date("2026-12-07")).unwrap();
    let mut tracker = Tracker::restore(hot, roster, tracker.snapshot()).unwrap();
    let visit = |id: &str, day: &str| {
        Event::new(id, "visit", "chen", at(&format!("{day}T10:00:00+08:00")))
            .for_customer("d1")
            .with("trip", fieldbook::Value::Text(day.into()))
    };
    assert!(tracker.ingest_all([visit("v1", "2026-12-08"), visit("v2", "2026-12-09")]).rejected.is_empty());
    let findings = tracker.close_through(date("2026-12-13")).unwrap();
    let trips = findings.iter().find(|f| f.rule == "visit-trips-per-week").unwrap();
    assert_eq!((trips.status, trips.actual.as_str()), (Status::Fail, "0"));

    // TEL-7: one seminar by zhao before the snapshot and one by sun after make two.
    let mut tracker = Tracker::new(seed("tel"), ict(), date("2026-12-01")).unwrap();
    assert!(tracker.ingest_all([seminar("s1", "zhao", "2026-12-10")]).rejected.is_empty());
    tracker.close_through(date("2026-12-15")).unwrap();
    let mut tracker = Tracker::restore(seed("tel"), ict(), tracker.snapshot()).unwrap();
    assert!(tracker.ingest_all([seminar("s2", "sun", "2026-12-17")]).rejected.is_empty());
    let findings = tracker.close_through(date("2026-12-31")).unwrap();
    let seminars = findings.iter().find(|f| f.rule == "seminars-per-month").unwrap();
    assert_eq!((seminars.status, seminars.actual.as_str(), seminars.team.as_deref()), (Status::Pass, "2", Some("ict")));
}

#[test]
fn a_team_left_out_of_an_updated_roster_has_its_counts_dropped_and_named() {
    let mut tracker = Tracker::new(seed("tel"), ict(), date("2026-12-01")).unwrap();
    assert!(tracker.ingest_all([seminar("s1", "zhao", "2026-12-10")]).rejected.is_empty());
    tracker.close_through(date("2026-12-10")).unwrap();
    // The group is re-formed as `gov`: `ict`'s December counts go, named.
    let regrouped = Roster::new(
        [
            Person::new("zhao").with_role("industry_account_manager").in_team("gov"),
            Person::new("sun").with_role("branch_account_manager").in_team("gov"),
        ],
        [Customer::new("c01").with_field("name", "Group 1")],
    )
    .with_teams([Team::new("gov").led_by("zhao")]);
    let dropped = tracker.update_roster(regrouped).unwrap();
    assert!(
        dropped.iter().any(|d| d == "the count of `seminars-per-month` for team `ict` from 2026-12-01"),
        "{dropped:#?}"
    );
    let findings = tracker.close_through(date("2026-12-31")).unwrap();
    let seminars: Vec<_> = findings.iter().filter(|f| f.rule == "seminars-per-month").collect();
    assert_eq!(seminars.len(), 1);
    // `gov` counts from the day of the change: the seminar of the 10th was `ict`'s.
    assert_eq!((seminars[0].team.as_deref(), seminars[0].actual.as_str()), (Some("gov"), "0"));
}

#[test]
fn a_seminar_without_its_outcomes_is_turned_away_and_the_team_falls_short() {
    // TEL-7: each seminar records its agenda, topics and outcomes (记录会议流程、讨论的议题、
    // 成果); sun's has no outcomes, so the team held one seminar in December, not two.
    let mut tracker = Tracker::new(seed("tel"), ict(), date("2026-12-01")).unwrap();
    let mut blank = seminar("s2", "sun", "2026-12-17");
    blank.fields.remove("outcomes");
    let intake = tracker.ingest_all([seminar("s1", "zhao", "2026-12-10"), blank]);
    assert_eq!(intake.rejected.len(), 1);
    assert_eq!(intake.rejected[0].event.id, "s2");
    assert!(intake.rejected[0].reason.to_string().contains("outcomes"), "{}", intake.rejected[0].reason);
    let findings = tracker.close_through(date("2026-12-31")).unwrap();
    let seminars = findings.iter().find(|f| f.rule == "seminars-per-month").unwrap();
    assert_eq!((seminars.status, seminars.actual.as_str(), seminars.team.as_deref()), (Status::Fail, "1", Some("ict")));
}

#[test]
fn a_chief_away_all_month_does_not_excuse_the_teams_quota() {
    // zhao is on leave the whole of December: their own findings are excused, the team's
    // seminars (one, by sun) still fail TEL-7.
    let mut roster = ict();
    roster.people[0] = roster.people[0].clone().with_absence("leave", date("2026-12-01"), date("2026-12-31"));
    let mut tracker = Tracker::new(seed("tel"), roster, date("2026-12-01")).unwrap();
    assert!(tracker.ingest_all([seminar("s2", "sun", "2026-12-17")]).rejected.is_empty());
    let findings = tracker.close_through(date("2026-12-31")).unwrap();
    let seminars = findings.iter().find(|f| f.rule == "seminars-per-month").unwrap();
    assert_eq!((seminars.status, seminars.actual.as_str(), seminars.person.as_str()), (Status::Fail, "1", "zhao"));
    // zhao's own daily quota (TEL-3: a unit visited a day) is excused on the days away.
    let units = findings.iter().find(|f| f.rule == "units-visited-per-day" && f.person == "zhao").unwrap();
    assert_eq!(units.status, Status::Excused);
}

#[test]
fn two_teams_without_a_chief_have_findings_of_their_own_keys() {
    // Neither team has a chief: both findings go to nobody, and their keys (under which a
    // host stores findings and applies revisions) still tell them apart.
    let roster = Roster::new(
        [
            Person::new("zhao").with_role("industry_account_manager").in_team("ict"),
            Person::new("qian").with_role("industry_account_manager").in_team("gov"),
        ],
        [],
    )
    .with_teams([Team::new("ict"), Team::new("gov")]);
    let mut tracker = Tracker::new(seed("tel"), roster, date("2026-12-01")).unwrap();
    let findings = tracker.close_through(date("2026-12-31")).unwrap();
    let seminars: Vec<_> = findings.iter().filter(|f| f.rule == "seminars-per-month").collect();
    assert_eq!(seminars.len(), 2);
    assert!(seminars.iter().all(|f| f.person.is_empty() && f.status == Status::Fail));
    assert_ne!(seminars[0].key(), seminars[1].key());
    assert_eq!(seminars[0].key().team.as_deref(), Some("ict"));
}

/// tel.toml with a follow-up the recorder's team chief owes: a branch manager's visit is
/// answered by the industry account manager's call by the end of the next working day
/// (TEL-10: the industry account manager leads the working group).
fn tel_with_chief_follow_up() -> Playbook {
    let text = std::fs::read_to_string(seed_path("tel")).unwrap()
        + "\n[[triggers]]\nid = \"chief-call-after-visit\"\ntitle = \"The chief calls a visited group\"\n\
           refs = [\"TEL-10\"]\non = { kind = \"visit\" }\nfollow_up = { kind = \"call\" }\n\
           within = \"next_working_day\"\nowner = \"chief\"\n";
    Playbook::from_toml(&text, None).unwrap()
}

#[test]
fn a_follow_up_owed_by_the_chief_is_the_chiefs_and_the_recorders_own_without_a_chief() {
    let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
    let visit = Event::new("v1", "visit", "sun", at("2026-12-07T10:00:00+08:00")).for_customer("c01");
    let call = |id: &str, who: &str| Event::new(id, "call", who, at("2026-12-08T10:00:00+08:00")).for_customer("c01");
    let owed = |roster: Roster, events: Vec<Event>| -> Vec<(String, Status)> {
        let mut tracker = Tracker::new(tel_with_chief_follow_up(), roster, date("2026-12-07")).unwrap();
        assert!(tracker.ingest_all(events).rejected.is_empty());
        let findings = tracker.close_through(date("2026-12-09")).unwrap();
        findings
            .iter()
            .filter(|f| f.rule == "chief-call-after-visit")
            .map(|f| (f.person.to_string(), f.status))
            .collect()
    };
    // Sun's visit on Monday owes Zhao, the chief, a call by Tuesday's end: Zhao's call
    // meets it, Sun's own does not.
    assert_eq!(owed(ict(), vec![visit.clone(), call("k1", "zhao")]), [("zhao".into(), Status::Pass)]);
    assert_eq!(owed(ict(), vec![visit.clone(), call("k1", "sun")]), [("zhao".into(), Status::Fail)]);
    // Zhao's own visit owes Zhao; a team without a chief leaves it with the recorder.
    let own = Event::new("v2", "visit", "zhao", at("2026-12-07T11:00:00+08:00")).for_customer("c01");
    assert_eq!(owed(ict(), vec![own, call("k1", "zhao")]), [("zhao".into(), Status::Pass)]);
    let mut chiefless = ict();
    chiefless.teams = vec![Team::new("ict")];
    assert_eq!(owed(chiefless, vec![visit, call("k1", "sun")]), [("sun".into(), Status::Pass)]);
    // A reminder of a date is the customer's manager's: `chief` is for event triggers.
    let hot = std::fs::read_to_string(seed_path("hot")).unwrap();
    let birthday = "on = { date = \"birthday\", days_before = 7 }";
    assert!(hot.contains(birthday));
    let text = hot.replacen(birthday, &format!("{birthday}\nowner = \"chief\""), 1);
    let problems = Playbook::from_toml(&text, None).err().map(|p| p.to_string()).unwrap_or_default();
    assert!(problems.contains("triggers[0].owner: `owner` is for event triggers"), "{problems}");
}

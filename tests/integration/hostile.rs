//! Hostile and careless input: what an event, a playbook or a script holds must not crash
//! or block the host; it is turned away with its reason, or becomes a located error, and
//! everything else is judged as usual.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use fieldbook::event::RejectReason;
use fieldbook::time::{FIRST_DAY, LAST_DAY};
use fieldbook::{Customer, Event, Person, Playbook, Roster, Status, Tracker, Value};

use crate::support::{date, seed, urban};

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

/// An instant on `date` at noon UTC, seen at +08:00.
fn noon(date: NaiveDate) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(8 * 3600).unwrap();
    date.and_hms_opt(12, 0, 0).unwrap().and_utc().with_timezone(&offset)
}

fn t77_roster() -> Roster {
    let customer = Customer {
        id: "c1".into(),
        fields: [("name".to_string(), Value::Text("Shop 1".into()))].into_iter().collect(),
        ..Customer::default()
    };
    Roster { people: vec![urban()], customers: vec![customer], teams: Vec::new() }
}

#[test]
fn events_at_the_edges_of_the_calendar_are_turned_away_and_the_rest_is_judged() {
    let mut tracker = Tracker::new(seed("t77"), t77_roster(), date("2026-12-07")).unwrap();
    let person = urban().id;
    let meeting = |id: &str, when: DateTime<FixedOffset>| {
        Event::new(id, "meeting", person.clone(), when).with("chair", "section_chief")
    };
    let far_future = noon(NaiveDate::MAX - TimeDelta::days(1));
    let far_past = noon(NaiveDate::MIN + TimeDelta::days(1));
    let just_after = noon(LAST_DAY + TimeDelta::days(1));
    let intake = tracker.ingest_all([
        meeting("future", far_future),
        meeting("past", far_past),
        meeting("after", just_after),
        meeting("fine", at("2026-12-07T07:55:00+08:00")),
    ]);
    assert_eq!(intake.accepted, 1);
    let reasons: Vec<(&str, &RejectReason)> =
        intake.rejected.iter().map(|r| (r.event.id.as_str(), &r.reason)).collect();
    assert_eq!(reasons.len(), 3);
    for (id, reason) in reasons {
        match reason {
            RejectReason::OutOfRange { problem, .. } => {
                assert!(problem.contains("1000-01-01 to 9999-12-31"), "{id}: {problem}");
            }
            other => panic!("{id}: {other:?}"),
        }
    }
    // The meeting that was kept is judged as usual: T77-11, before 08:00.
    let findings = tracker.close_through(date("2026-12-07")).unwrap();
    let meeting = findings.iter().find(|f| f.rule == "morning-meeting").expect("the meeting's finding");
    assert_eq!((meeting.status, meeting.events.as_slice()), (Status::Pass, &["fine".into()][..]));
}

#[test]
fn an_event_ending_outside_the_calendar_is_turned_away() {
    let mut tracker = Tracker::new(seed("t77"), t77_roster(), date("2026-12-07")).unwrap();
    let visit = Event::new("v", "visit", urban().id, at("2026-12-07T09:00:00+08:00"))
        .ending(noon(NaiveDate::MAX))
        .for_customer("c1");
    let rejected = tracker.ingest(visit).unwrap_err();
    assert!(matches!(rejected.reason, RejectReason::OutOfRange { .. }), "{:?}", rejected.reason);
}

#[test]
fn an_event_lasting_more_than_a_year_is_turned_away() {
    let mut tracker = Tracker::new(seed("t77"), t77_roster(), date("2026-12-07")).unwrap();
    let visit = |id: &str, end: &str| {
        Event::new(id, "visit", urban().id, at("2026-12-07T09:00:00+08:00")).ending(at(end)).for_customer("c1")
    };
    // 2026-12-07 + 366 days = 2027-12-08.
    tracker.ingest(visit("year", "2027-12-08T09:00:00+08:00")).unwrap();
    let rejected = tracker.ingest(visit("longer", "2027-12-08T09:01:00+08:00")).unwrap_err();
    assert!(matches!(rejected.reason, RejectReason::TooLong { max_days: 366, .. }), "{:?}", rejected.reason);
}

#[test]
fn a_repeat_in_another_utc_offset_is_a_conflicting_record() {
    let mut tracker = Tracker::new(seed("t77"), t77_roster(), date("2026-12-07")).unwrap();
    let meeting = |when: &str| Event::new("m", "meeting", urban().id, at(when)).with("chair", "section_chief");
    tracker.ingest(meeting("2026-12-07T07:55:00+08:00")).unwrap();
    tracker.ingest(meeting("2026-12-07T07:55:00+08:00")).unwrap();
    // The same instant, written in UTC: not the record that was accepted.
    let rejected = tracker.ingest(meeting("2026-12-06T23:55:00+00:00")).unwrap_err();
    assert!(matches!(rejected.reason, RejectReason::DuplicateId { .. }), "{:?}", rejected.reason);
    assert_eq!(tracker.open_events(date("2026-12-07"))[0].at.offset().local_minus_utc(), 8 * 3600);
}

#[test]
fn an_id_names_one_event_of_its_day_whether_days_close_early_or_late() {
    let meeting = |when: &str| Event::new("m", "meeting", urban().id, at(when)).with("chair", "section_chief");
    let (monday, tuesday) = (meeting("2026-12-07T07:55:00+08:00"), meeting("2026-12-08T07:50:00+08:00"));
    let again_monday = meeting("2026-12-07T07:58:00+08:00");

    let mut batch = Tracker::new(seed("t77"), t77_roster(), date("2026-12-07")).unwrap();
    let intake = batch.ingest_all([monday.clone(), tuesday.clone(), again_monday.clone()]);
    let batch_findings = batch.close_through(date("2026-12-08")).unwrap();

    let mut streaming = Tracker::new(seed("t77"), t77_roster(), date("2026-12-07")).unwrap();
    let first = streaming.ingest_all([monday, again_monday]);
    let mut streaming_findings = streaming.close_through(date("2026-12-07")).unwrap();
    let second = streaming.ingest_all([tuesday]);
    streaming_findings.extend(streaming.close_through(date("2026-12-08")).unwrap());

    // Monday's and Tuesday's meetings are both kept: the same id on two days names two
    // events; a second record of Monday's meeting with another time is turned away.
    assert_eq!(intake.accepted, 2);
    assert_eq!((first.accepted, second.accepted), (1, 1));
    for rejected in [&intake.rejected, &first.rejected] {
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].event.at, at("2026-12-07T07:58:00+08:00"));
        assert!(matches!(rejected[0].reason, RejectReason::DuplicateId { .. }));
    }
    assert_eq!(batch_findings, streaming_findings);
    let meetings: Vec<_> = batch_findings.iter().filter(|f| f.rule == "morning-meeting").map(|f| f.status).collect();
    assert_eq!(meetings, [Status::Pass, Status::Pass]);
}

#[test]
fn the_agenda_of_a_date_outside_the_calendar_is_empty() {
    let t77 = seed("t77");
    for day in [NaiveDate::MIN, NaiveDate::MAX, FIRST_DAY - TimeDelta::days(1), LAST_DAY + TimeDelta::days(1)] {
        let agenda = t77.agenda(&urban(), day).unwrap();
        assert!(agenda.items.is_empty() && !agenda.working_day && agenda.phase.is_none(), "{day}");
    }
    // The last supported day still has its agenda: 9999-12-31 is a Friday.
    assert!(t77.agenda(&urban(), LAST_DAY).unwrap().working_day);
}

#[test]
fn playbook_and_record_dates_outside_the_calendar_are_located_problems() {
    // Years past 9999 are not dates in the format at all; years before 1000 are, and are
    // refused at the same place.
    let text = "[playbook]\nid = \"x\"\ntitle = \"X\"\n[calendar]\ntime_zone = \"UTC\"\n\
                holidays = [\"0999-12-31\"]\nextra_working_days = [\"+262143-12-31\"]\n\
                [occasions.far]\ntitle = \"Far\"\ndates = [\"0001-01-01\"]\n";
    let problems: Vec<String> = Playbook::from_toml(text, None).unwrap_err().iter().map(ToString::to_string).collect();
    let outside = "is outside the dates the engine works with, 1000-01-01 to 9999-12-31";
    assert_eq!(
        problems,
        [
            format!("6:12: calendar.holidays: 0999-12-31 {outside}"),
            "7:22: calendar.extra_working_days: `+262143-12-31` is not a date: write YYYY-MM-DD, or a range \
             YYYY-MM-DD..YYYY-MM-DD"
                .to_string(),
            format!("10:9: occasions.far.dates: 0001-01-01 {outside}"),
        ]
    );

    let hot = seed("hot");
    let customer = Customer {
        id: "c1".into(),
        manager: Some("chen".into()),
        fields: [
            ("name".to_string(), Value::Text("Wang".into())),
            ("agreement_signed".to_string(), Value::Text("0200-01-01".into())),
        ]
        .into_iter()
        .collect(),
        ..Customer::default()
    };
    let roster = Roster { people: vec![Person::new("chen")], customers: vec![customer], teams: Vec::new() };
    let problems = roster.check(&hot).unwrap_err().0.0;
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].path, "customers[0].fields.agreement_signed");
    assert!(problems[0].message.contains("0200-01-01 is outside"), "{}", problems[0].message);
}

/// The findings of one call at 10:00 on 2026-12-07 under a playbook of event checks on
/// calls, each `(id, script)`, run in `sandbox`.
fn call_checks(checks: &[(&str, &str)], sandbox: &fieldbook::SandboxOptions) -> Vec<fieldbook::Finding> {
    let mut text = String::from(
        "[playbook]\nid = \"x\"\ntitle = \"X\"\n[calendar]\ntime_zone = \"Asia/Shanghai\"\n\
         [event_kinds.call]\ntitle = \"Call\"\n",
    );
    for (id, script) in checks {
        text.push_str(&format!(
            "[[checks]]\nid = \"{id}\"\ntitle = \"{id}\"\nrefs = [\"T77-22\"]\nscope = \"event\"\nkind = \"call\"\n\
             script = \"{script}\"\n"
        ));
    }
    let playbook = Playbook::from_toml(&text, None).unwrap();
    let compiled = fieldbook::RhaiChecks::compile(&playbook, sandbox).unwrap();
    let playbook = playbook.with_checks(std::sync::Arc::new(compiled));
    let roster = Roster { people: vec![Person::new("li")], customers: vec![], teams: Vec::new() };
    let mut tracker = Tracker::new(playbook, roster, date("2026-12-07")).unwrap();
    tracker.ingest(Event::new("c", "call", "li", at("2026-12-07T10:00:00+08:00"))).unwrap();
    tracker.close_through(date("2026-12-07")).unwrap()
}

#[test]
fn a_script_can_neither_sleep_nor_read_the_clock() {
    let findings = call_checks(
        &[
            ("nap", "sleep(86400); true"),
            ("forever", "sleep(1e300); true"),
            ("clock", "let t = timestamp(); true"),
            ("fine", "true"),
        ],
        &fieldbook::SandboxOptions::default(),
    );
    for (rule, function) in [("nap", "sleep"), ("forever", "sleep"), ("clock", "timestamp")] {
        let finding = findings.iter().find(|f| f.rule == rule).unwrap();
        assert_eq!(finding.status, Status::Error, "{rule}: {}", finding.message);
        assert!(finding.message.contains(&format!("`{function}` is not available to checks")), "{}", finding.message);
    }
    assert_eq!(findings.iter().find(|f| f.rule == "fine").unwrap().status, Status::Pass);
}

#[test]
fn a_line_that_is_not_utf8_is_rejected_alone_and_a_byte_order_mark_is_allowed() {
    let good =
        |id: &str| format!(r#"{{"id": "{id}", "kind": "meeting", "person": "li", "at": "2026-12-07T07:55:00+08:00"}}"#);
    let mut log = Vec::new();
    log.extend_from_slice("\u{feff}".as_bytes());
    log.extend_from_slice(good("first").as_bytes());
    log.extend_from_slice(b"\r\n{\"id\": \"bad\xff\"}\n");
    log.extend_from_slice(good("third").as_bytes());
    log.push(b'\n');
    let read = fieldbook::track::read_events(&log[..]).unwrap();
    let ids: Vec<(usize, &str)> = read.events.iter().map(|(line, e)| (*line, e.id.as_str())).collect();
    assert_eq!(ids, [(1, "first"), (3, "third")]);
    assert_eq!(read.rejected.len(), 1);
    assert_eq!(read.rejected[0].line, 2);
    assert!(read.rejected[0].reason.starts_with("the line is not UTF-8"), "{}", read.rejected[0].reason);
}

#[test]
fn a_line_past_the_limit_is_rejected_alone_and_a_log_past_the_event_limit_is_refused() {
    use fieldbook::track::{LogError, LogLimits, read_events_with};
    let meeting =
        |id: &str| format!(r#"{{"id": "{id}", "kind": "meeting", "person": "li", "at": "2026-12-07T07:55:00+08:00"}}"#);
    let first = meeting("first");
    let limits = LogLimits { max_line_bytes: first.len(), max_events: 2 };
    // A line one byte too long (the id "second" is one letter longer than "first"), then
    // an endless line cut off by the end of the log.
    let log = format!("{first}\n{}\n{}\n{}", meeting("second"), meeting("third"), "x".repeat(100_000));
    let read = read_events_with(std::io::BufReader::with_capacity(16, log.as_bytes()), limits).unwrap();
    let ids: Vec<(usize, &str)> = read.events.iter().map(|(line, e)| (*line, e.id.as_str())).collect();
    assert_eq!(ids, [(1, "first"), (3, "third")]);
    let rejected: Vec<(usize, &str)> = read.rejected.iter().map(|r| (r.line, r.reason.as_str())).collect();
    let too_long = format!("the line is longer than {} bytes", first.len());
    assert_eq!(rejected, [(2, too_long.as_str()), (4, too_long.as_str())]);

    let three = format!("{first}\n{}\n{}\n", meeting("2nd"), meeting("3rd"));
    let error = read_events_with(three.as_bytes(), limits).unwrap_err();
    assert!(matches!(&error, LogError::TooManyEvents { max: 2, line: 3, id } if id == "3rd"), "{error}");
}

#[test]
fn a_stray_date_in_a_log_does_not_make_the_evaluation_close_centuries() {
    let read = |log: &str| fieldbook::track::read_events(log.as_bytes()).unwrap();
    let log = concat!(
        r#"{"id": "a", "kind": "meeting", "person": "li", "at": "2026-12-07T07:55:00+08:00", "fields": {"chair": "section_chief"}}"#,
        "\n",
        r#"{"id": "b", "kind": "meeting", "person": "li", "at": "9999-01-04T07:55:00+08:00"}"#,
        "\n"
    );
    let roster: Roster = serde_json::from_str(
        &std::fs::read_to_string(crate::support::root().join("examples/data/t77-roster.json")).unwrap(),
    )
    .unwrap();
    let error = fieldbook::track::evaluate_log(&seed("t77"), roster.clone(), read(log), None, None).unwrap_err();
    assert!(
        matches!(error, fieldbook::track::LogError::TooLong { days, .. } if days == (date("9999-01-04") - date("2026-12-07")).num_days() + 1),
        "{error}"
    );
    // Given the days, the stray event is left out and the rest is evaluated.
    let evaluation =
        fieldbook::track::evaluate_log(&seed("t77"), roster, read(log), None, Some(date("2026-12-07"))).unwrap();
    assert!(evaluation.findings.iter().any(|f| f.rule == "morning-meeting" && f.status == Status::Pass));
}

#[test]
fn a_renewal_shown_before_the_agreement_is_signed_is_a_located_problem() {
    let path = crate::support::seed_path("hot");
    let text =
        std::fs::read_to_string(&path).unwrap().replace("renew_days_before = 30", "renew_days_before = 4000000000");
    let problems: Vec<String> =
        Playbook::from_toml(&text, Some(&path)).unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    // The problem is placed at the key's own line.
    let line = text.lines().position(|l| l.starts_with("renew_days_before")).unwrap() + 1;
    assert!(
        problems[0].ends_with(&format!(
            ":{line}:1: agreements[0].renew_days_before: 4000000000 days is longer than the agreement runs (365d): \
             the renewal would be shown before it is signed"
        )),
        "{problems:#?}"
    );
}

#[test]
fn simulation_parameters_past_their_bounds_are_refused_with_their_key() {
    for (text, key, says) in [
        ("visit_minutes = 1e308\n", "visit_minutes", "1e308 is more than 1440"),
        ("quota_margin = 1e300\n", "quota_margin", "1e300 is more than 10"),
        ("customers_per_person = 100000000\n", "customers_per_person", "100000000 is more than 10000"),
        ("[travel_minutes_by]\nrural = 100000\n", "travel_minutes_by.rural", "100000 is more than 1440"),
    ] {
        let error = fieldbook_sim::Params::from_toml(text, None).unwrap_err();
        let problem = error.problem().unwrap();
        assert_eq!(problem.path, key, "{text}");
        assert!(problem.message.starts_with(says), "{text}: {}", problem.message);
    }
    // The bounds themselves are allowed.
    assert!(fieldbook_sim::Params::from_toml("visit_minutes = 1440\nquota_margin = 10\n", None).is_ok());
}

#[test]
fn a_sandbox_limit_of_zero_allows_the_least_not_everything() {
    let sandbox = fieldbook::SandboxOptions::new().max_operations(0);
    let findings = call_checks(&[("busy", "let n = 0; while n < 1000 { n += 1; } true")], &sandbox);
    let busy = findings.iter().find(|f| f.rule == "busy").unwrap();
    assert_eq!(busy.status, Status::Error, "{}", busy.message);
    assert!(busy.message.contains("operations"), "{}", busy.message);
}

/// A folder of its own under the system's temporary folder, emptied.
fn scratch(name: &str) -> std::path::PathBuf {
    let folder = std::env::temp_dir().join(format!("fieldbook-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

#[test]
fn extends_and_script_files_stay_in_the_playbooks_folder() {
    let folder = scratch("paths");
    let head = "[playbook]\nid = \"x\"\ntitle = \"X\"\n";
    for (name, text, at, named) in [
        ("up.toml", format!("{head}extends = \"../t77.toml\"\n"), "up.toml:4:1: playbook.extends", "../t77.toml"),
        ("abs.toml", format!("{head}extends = \"/etc/passwd\"\n"), "abs.toml:4:1: playbook.extends", "/etc/passwd"),
        (
            "script.toml",
            format!(
                "{head}[calendar]\ntime_zone = \"UTC\"\n[event_kinds.call]\ntitle = \"Call\"\n[[checks]]\nid = \"c\"\n\
                 title = \"C\"\nrefs = [\"T77-22\"]\nscope = \"event\"\nkind = \"call\"\nfile = \"../../etc/passwd\"\n"
            ),
            "script.toml:14:1: checks[0].file",
            "../../etc/passwd",
        ),
    ] {
        std::fs::write(folder.join(name), text).unwrap();
        let error = fieldbook::load(folder.join(name)).unwrap_err();
        let problems: Vec<String> = error.problems().iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 1, "{name}: {problems:#?}");
        assert!(problems[0].contains(at), "{name}: {problems:#?}");
        assert!(problems[0].contains(&format!("`{named}` is outside this playbook's folder")), "{name}: {problems:#?}");
    }
}

#[test]
fn a_playbook_file_larger_than_the_limit_is_not_read() {
    let folder = scratch("size");
    let path = folder.join("huge.toml");
    std::fs::write(&path, "#".repeat(usize::try_from(fieldbook::MAX_FILE_BYTES).unwrap() + 1)).unwrap();
    let error = fieldbook::load(&path).unwrap_err();
    let reason = std::error::Error::source(&error).map(ToString::to_string).unwrap_or_default();
    assert!(reason.contains("larger than 1 MiB"), "{error}: {reason}");
}

#[test]
fn a_number_too_large_in_an_overlay_is_placed_in_its_file() {
    let folder = scratch("numbers");
    let head = "[playbook]\nid = \"x\"\ntitle = \"X\"\n";
    std::fs::write(folder.join("base.toml"), format!("{head}[calendar]\ntime_zone = \"UTC\"\n")).unwrap();
    // An integer past i64, a float past f64.
    for number in ["99999999999999999999", "1e999"] {
        let overlay = format!("{head}extends = \"base.toml\"\n[[quotas]]\nid = \"q\"\nat_least = {number}\n");
        std::fs::write(folder.join("overlay.toml"), overlay).unwrap();
        let error = fieldbook::load(folder.join("overlay.toml")).unwrap_err();
        let problems: Vec<String> = error.problems().iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 1, "{number}: {problems:#?}");
        assert!(problems[0].contains("overlay.toml:7:12: quotas[0].at_least: "), "{number}: {problems:#?}");
    }
}

#[test]
fn a_count_quota_past_a_million_is_a_located_problem_not_a_wrong_plan() {
    // T77-8 asks for 30 urban visits a day; a typo of 10^18 once reached the planner as
    // 4294967295 a day, silently.
    let t77 = std::fs::read_to_string(crate::support::seed_path("t77")).unwrap();
    let line = "at_least = { by = \"route\", urban = 30, rural = 25 }";
    assert!(t77.contains(line));
    for (urban, problem) in [("1000000", None), ("1000001", Some("at most 1000000")), ("1e18", Some("at most 1000000"))]
    {
        let text = t77.replace(line, &format!("at_least = {{ by = \"route\", urban = {urban}, rural = 25 }}"));
        match (Playbook::from_toml(&text, None), problem) {
            (Ok(_), None) => {}
            (Err(problems), Some(expected)) => {
                let problems: Vec<String> = problems.0.iter().map(ToString::to_string).collect();
                assert_eq!(problems.len(), 1, "{urban}: {problems:#?}");
                assert!(problems[0].contains("quotas[0].at_least.urban: a count of more than"), "{problems:#?}");
                assert!(problems[0].contains(expected), "{problems:#?}");
            }
            (result, _) => panic!("{urban}: {:?}", result.err()),
        }
    }
}

#[test]
fn a_holiday_list_past_ten_thousand_entries_is_a_located_problem() {
    let calendar = |entries: usize| {
        // Every other day from 2000-01-01, so that no run of days off is long.
        let dates: Vec<String> =
            (0..entries).map(|i| format!("\"{}\"", date("2000-01-01") + TimeDelta::days(2 * i as i64))).collect();
        format!(
            "[playbook]\nid = \"x\"\ntitle = \"X\"\n[calendar]\ntime_zone = \"UTC\"\nholidays = [{}]\n",
            dates.join(",")
        )
    };
    Playbook::from_toml(&calendar(10_000), None).unwrap();
    let problems = Playbook::from_toml(&calendar(10_001), None).unwrap_err();
    let problems: Vec<String> = problems.0.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("6:1: calendar.holidays: 10001 entries; at most 10000 are allowed"), "{problems:#?}");
}

/// A playbook of one check `c` on calls, whose `script` is written into `folder` with it
/// (so that the script may import modules from there), loaded.
fn folder_playbook(folder: &std::path::Path, script: &str) -> Result<Playbook, fieldbook::LoadError> {
    let playbook = format!(
        "[playbook]\nid = \"x\"\ntitle = \"X\"\n[calendar]\ntime_zone = \"Asia/Shanghai\"\n\
         [event_kinds.call]\ntitle = \"Call\"\n[[checks]]\nid = \"c\"\ntitle = \"C\"\n\
         refs = [\"T77-22\"]\nscope = \"event\"\nkind = \"call\"\nscript = '{script}'\n"
    );
    std::fs::write(folder.join("playbook.toml"), playbook).unwrap();
    fieldbook::load(folder.join("playbook.toml"))
}

/// The one problem of a playbook that does not load, as text.
fn load_problem(result: Result<Playbook, fieldbook::LoadError>) -> String {
    let error = result.unwrap_err();
    let problems: Vec<String> = error.problems().iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems[0].clone()
}

/// The finding of check `c` of [`folder_playbook`] on one call.
fn folder_check(folder: &std::path::Path, script: &str) -> fieldbook::Finding {
    let playbook = folder_playbook(folder, script).unwrap();
    let roster = Roster { people: vec![Person::new("li")], customers: vec![], teams: Vec::new() };
    let mut tracker = Tracker::new(playbook, roster, date("2026-12-07")).unwrap();
    tracker.ingest(Event::new("c", "call", "li", at("2026-12-07T10:00:00+08:00"))).unwrap();
    tracker.close_through(date("2026-12-07")).unwrap().into_iter().find(|f| f.rule == "c").unwrap()
}

#[test]
fn a_module_that_imports_itself_does_not_load_and_overflows_no_stack() {
    let folder = scratch("imports");
    std::fs::write(folder.join("again.rhai"), "import \"again\" as inner;\nfn answer() { true }\n").unwrap();
    let problem = load_problem(folder_playbook(&folder, "import \"again\" as m; m::answer()"));
    // At the quoted name: the script starts at column 11, `import ` takes 7.
    assert!(problem.contains("playbook.toml:14:18: checks[0].script: check `c` imports a module"), "{problem}");
    assert!(problem.contains("`again` is imported again while it is being imported: again -> again"), "{problem}");
}

#[cfg(unix)]
#[test]
fn a_module_linked_from_outside_the_folder_is_refused() {
    let folder = scratch("links");
    let outside = scratch("links-outside");
    std::fs::write(outside.join("secret.rhai"), "fn answer() { true }\n").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.rhai"), folder.join("secret.rhai")).unwrap();
    let problem = load_problem(folder_playbook(&folder, "import \"secret\" as m; m::answer()"));
    assert!(problem.contains("Module not found: secret (scripts may import modules only"), "{problem}");
}

#[test]
fn imports_nested_deeper_than_eight_do_not_load() {
    let folder = scratch("nesting");
    // m1 imports m2, … m8 imports m9: the check's import of m1 is the first of nine levels.
    for n in 1..=9 {
        let import = if n < 9 { format!("import \"m{}\" as inner;\n", n + 1) } else { String::new() };
        std::fs::write(folder.join(format!("m{n}.rhai")), format!("{import}fn answer() {{ true }}\n")).unwrap();
    }
    let problem = load_problem(folder_playbook(&folder, "import \"m1\" as m; m::answer()"));
    assert!(problem.contains("`m9`: imports nest deeper than 8"), "{problem}");
    // Eight levels load.
    std::fs::write(folder.join("m8.rhai"), "fn answer() { true }\n").unwrap();
    assert!(folder_playbook(&folder, "import \"m1\" as m; m::answer()").is_ok());
}

#[test]
fn a_module_larger_than_the_limit_is_not_read() {
    let folder = scratch("big-module");
    let comment = "// padding\n".repeat((1 << 20) / 11 + 1);
    std::fs::write(folder.join("big.rhai"), format!("{comment}fn answer() {{ true }}\n")).unwrap();
    let problem = load_problem(folder_playbook(&folder, "import \"big\" as m; m::answer()"));
    assert!(problem.contains("`big`: a module is at most 1 MiB"), "{problem}");
}

/// A parameter file past `MAX_PARAMS_BYTES` (1 MiB) is refused before it is read whole;
/// one of exactly 1 MiB is read (and its padding is a comment, so it loads).
#[test]
fn a_parameter_file_larger_than_the_limit_is_not_read() {
    use fieldbook_sim::{MAX_PARAMS_BYTES, Params};
    let folder = scratch("big-params");
    let body = "sick_rate = 0.1\n";
    // A comment line of `#`, padding and a newline, then the body: 1 MiB in all.
    let mut text = format!("#{}\n{body}", "x".repeat(MAX_PARAMS_BYTES as usize - 2 - body.len()));
    assert_eq!(text.len() as u64, MAX_PARAMS_BYTES);
    std::fs::write(folder.join("at-limit.toml"), &text).unwrap();
    assert!(Params::load(folder.join("at-limit.toml")).is_ok());
    text.push(' ');
    std::fs::write(folder.join("over.toml"), &text).unwrap();
    let error = Params::load(folder.join("over.toml")).unwrap_err();
    let said = format!("{error}: {}", std::error::Error::source(&error).map(ToString::to_string).unwrap_or_default());
    assert!(said.contains("over.toml") && said.contains("the file is larger than 1 MiB"), "{said}");
}

#[cfg(unix)]
#[test]
fn a_playbook_linked_from_outside_the_folder_is_not_extended() {
    let folder = scratch("extends-link");
    let outside = scratch("extends-link-outside");
    let base = "[playbook]\nid = \"base\"\ntitle = \"Base\"\n[calendar]\ntime_zone = \"UTC\"\n";
    std::fs::write(outside.join("base.toml"), base).unwrap();
    std::os::unix::fs::symlink(outside.join("base.toml"), folder.join("base.toml")).unwrap();
    let overlay = "[playbook]\nid = \"x\"\ntitle = \"X\"\nextends = \"base.toml\"\n";
    std::fs::write(folder.join("branch.toml"), overlay).unwrap();
    let problem = load_problem(fieldbook::load(folder.join("branch.toml")));
    assert!(problem.contains("branch.toml:4:1: playbook.extends"), "{problem}");
    assert!(problem.contains("it leads out of the playbook's folder"), "{problem}");
    // The same file copied into the folder is read.
    std::fs::remove_file(folder.join("base.toml")).unwrap();
    std::fs::write(folder.join("base.toml"), base).unwrap();
    assert!(fieldbook::load(folder.join("branch.toml")).is_ok());
}

/// An example whose reader goes away (`| head`) stops quietly: exit status 0 and nothing
/// on standard error, not a panic on the broken pipe. The playbook schema is 80 KB, more
/// than a pipe holds.
#[cfg(unix)]
#[test]
fn an_example_whose_output_is_closed_stops_quietly() {
    let exe = std::env::current_exe().unwrap();
    let schema = exe.parent().and_then(std::path::Path::parent).unwrap().join("examples").join("schema");
    assert!(schema.exists(), "{} is not built: run `cargo build --example schema`", schema.display());
    let mut child = std::process::Command::new(&schema)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_missing_module_is_a_problem_when_the_playbook_loads() {
    let folder = scratch("missing");
    let problem = load_problem(folder_playbook(&folder, "let x = 1; import \"nowhere\" as m; m::answer()"));
    // The script starts at line 14, column 11 of the playbook; the module's quoted name
    // comes after 18 characters of it, at column 29.
    assert!(problem.contains("playbook.toml:14:29: checks[0].script: check `c` imports a module"), "{problem}");
    assert!(problem.contains("Module not found: nowhere"), "{problem}");
}

#[test]
fn a_check_and_the_modules_it_imports_share_one_budget() {
    let folder = scratch("budget");
    // 15,000 rounds of a loop are some 45,000 of Rhai's operations: well within the
    // 100,000 of one run, but not three times over.
    let busy = "let n = 0;\nwhile n < 15000 { n += 1; }\nfn answer() { true }\n";
    for name in ["a", "b", "c"] {
        std::fs::write(folder.join(format!("{name}.rhai")), busy).unwrap();
    }
    let one = folder_check(&folder, "import \"a\" as a; a::answer()");
    assert_eq!(one.status, Status::Pass, "{}", one.message);
    // Three such modules spend the budget before the script does anything: known when
    // the playbook loads.
    let three = load_problem(folder_playbook(&folder, "import \"a\" as a; import \"b\" as b; import \"c\" as c; true"));
    assert!(three.contains("the check and the modules it imports ran past 100000 operations"), "{three}");
    // A script that spends some 45,000 itself before importing one: only a run finds it out.
    let late = folder_check(&folder, "let n = 0; while n < 8000 { n += 1; } import \"a\" as a; a::answer()");
    assert_eq!(late.status, Status::Error, "{}", late.message);
    assert!(
        late.message.contains("the check and the modules it imports ran past 100000 operations"),
        "{}",
        late.message
    );

    // Three imports of a module that imports two more: nine modules, past the run's eight
    // although no script imports more than three (loading resolves each module once, so
    // only a run counts them).
    std::fs::write(folder.join("idle.rhai"), "fn answer() { true }\n").unwrap();
    std::fs::write(folder.join("fan.rhai"), "import \"idle\" as i1;\nimport \"idle\" as i2;\n").unwrap();
    let tree = folder_check(&folder, "import \"fan\" as f1; import \"fan\" as f2; import \"fan\" as f3; true");
    assert_eq!(tree.status, Status::Error, "{}", tree.message);
    assert!(tree.message.contains("a check may import at most 8 modules, counting theirs"), "{}", tree.message);
    let two = folder_check(&folder, "import \"fan\" as f1; import \"fan\" as f2; true");
    assert_eq!(two.status, Status::Pass, "{}", two.message);
}

#[test]
fn a_preview_from_a_clock_set_millennia_ahead_stops_at_the_closing_limit() {
    let tracker = Tracker::new(seed("t77"), t77_roster(), date("2026-12-07")).unwrap();
    // Closing a day for each of some 2.9 million days would keep the host busy for hours.
    let findings = tracker.pending(at("9999-12-30T12:00:00+08:00"));
    let meetings: Vec<NaiveDate> =
        findings.iter().filter(|f| f.rule == "morning-meeting").map(|f| f.window.start.date_naive()).collect();
    // 2026-12-07 + 31 days = 2027-01-07, the last day a close may reach with no events.
    assert_eq!(meetings.last(), Some(&date("2027-01-07")), "{meetings:?}");
    assert_eq!(meetings.first(), Some(&date("2026-12-07")));
}

/// A T77 event line with one of its parts replaced by whatever proptest draws: a time out
/// of range, a huge number, a wrong type, text that is not JSON.
fn mangled_line() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let at = prop_oneof![
        Just("\"2026-12-07T09:30:00+08:00\"".to_string()),
        "\"[0-9]{1,6}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}\"",
        any::<i64>().prop_map(|n| n.to_string()),
        ".{0,12}",
    ];
    let kind = prop_oneof![Just("visit"), Just("meeting"), Just("daily_report"), Just("order"), Just("nope")];
    let field = prop_oneof![
        any::<f64>().prop_map(|n| format!("{n:?}")),
        any::<i64>().prop_map(|n| n.to_string()),
        "\"[a-z ]{0,8}\"",
        Just("[\"greet\", \"inspect.stock\", \"x.y.z\"]".to_string()),
        Just("{\"a\": [[[]]]}".to_string()),
    ];
    (0u8..4, at.clone(), at, kind, field).prop_map(|(id, at, end, kind, field)| {
        format!(
            r#"{{"id": "e{id}", "kind": "{kind}", "person": "li", "customer": "c1", "at": {at}, "end": {end}, "fields": {{"planned_visits": {field}, "checklist": {field}, "status": {field}}}}}"#
        )
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever a log's lines hold, each is an event or a rejected line, each event is
    /// accepted or handed back with its reason, and closing and previewing never panic.
    #[test]
    fn prop_any_log_is_read_admitted_and_judged_without_a_panic(lines in proptest::collection::vec(mangled_line(), 0..12)) {
        let log = fieldbook::track::read_events(lines.join("\n").as_bytes()).unwrap();
        proptest::prop_assert_eq!(log.events.len() + log.rejected.len(), lines.len());
        let mut tracker = Tracker::new(seed("t77"), t77_roster(), date("2026-12-07")).unwrap();
        let offered = log.events.len();
        let intake = tracker.ingest_all(log.events.into_iter().map(|(_, e)| e));
        proptest::prop_assert_eq!(intake.accepted + intake.repeated + intake.corrected + intake.rejected.len(), offered);
        let _ = tracker.close_through(date("2026-12-08"));
        let _ = tracker.pending(at("2026-12-09T11:00:00+08:00"));
    }

    /// A playbook with a stretch of its text replaced loads or gives located problems,
    /// never a panic; one that loads answers agendas across the supported range.
    #[test]
    fn prop_a_damaged_playbook_loads_or_says_why(start in 0usize..20_000, len in 0usize..40, junk in ".{0,40}") {
        let text = std::fs::read_to_string(crate::support::seed_path("t77")).unwrap();
        let start = (0..=start.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let end = (start..=(start + len).min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(start);
        let damaged = format!("{}{junk}{}", &text[..start], &text[end..]);
        if let Ok(playbook) = Playbook::from_toml(&damaged, None) {
            for day in [FIRST_DAY, date("2026-12-07"), LAST_DAY] {
                let _ = playbook.agenda(&urban(), day);
            }
        }
    }
}

//! Errors a host can act on: one `fieldbook::Error` for every stage, each saying what is
//! wrong and where.

use fieldbook::track::read_events;
use fieldbook::{Error, Person, Playbook, Roster, Tracker};

use crate::support::{date, seed};

#[test]
fn an_event_whose_time_is_not_a_time_names_the_field() {
    let log = concat!(
        r#"{"id": "a", "kind": "meeting", "person": "li", "at": "2026-12-07T07:55"}"#,
        "\n",
        r#"{"id": "b", "kind": "visit", "person": "li", "at": "2026-12-07T09:30:00+08:00", "end": "soon", "customer": "c1"}"#,
        "\n",
        r#"{"id": "c", "kind": "visit", "person": "li", "at": "2026-12-07T09:30:00+08:00", "end": null, "customer": "c1"}"#,
        "\n",
    );
    let read = read_events(log.as_bytes()).unwrap();
    let reasons: Vec<(usize, &str)> = read.rejected.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(reasons.len(), 2, "{reasons:#?}");
    assert!(reasons[0].1.starts_with("`at`: `2026-12-07T07:55` is not an RFC 3339 time"), "{reasons:#?}");
    assert!(reasons[1].1.starts_with("`end`: `soon` is not an RFC 3339 time"), "{reasons:#?}");
    // A null end is no end.
    assert_eq!(read.events.len(), 1);
    assert_eq!(read.events[0].1.end, None);
}

#[test]
fn a_time_of_day_has_two_digits_for_the_hour() {
    let text = std::fs::read_to_string(crate::support::seed_path("t77")).unwrap();
    assert!(text.contains("by = \"08:00\""));
    let problems = Playbook::from_toml(&text.replacen("by = \"08:00\"", "by = \"8:00\"", 1), None).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems}");
    assert!(problems.0[0].message.starts_with("`8:00` is not a time of day: write HH:MM"), "{problems}");
}

#[test]
fn a_missing_playbook_says_why_it_cannot_be_read() {
    let error = fieldbook::load("no/such/playbook.toml").unwrap_err();
    // The operating system's reason is in the message, not only in `source()`.
    assert!(error.to_string().starts_with("cannot read playbook no/such/playbook.toml: "), "{error}");
    assert!(error.to_string().len() > "cannot read playbook no/such/playbook.toml: ".len(), "{error}");
}

#[test]
fn roster_problems_are_listed_one_by_one() {
    let roster = Roster {
        people: vec![Person::new("li").with_role("nobody"), Person::new("li")],
        customers: vec![],
        teams: Vec::new(),
    };
    let error = Tracker::new(seed("t77"), roster, date("2026-12-07")).unwrap_err();
    assert_eq!(error.len(), 2, "{error}");
    let paths: Vec<&str> = error.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["people[0].role", "people[1].id"], "{error}");
    assert_eq!(error.to_string().lines().count(), 3, "a heading and a line a problem: {error}");
}

/// Every stage's error converts into `fieldbook::Error` with `?`.
fn host() -> Result<(), Error> {
    let playbook = fieldbook::load(crate::support::seed_path("t77"))?;
    let mut tracker = Tracker::new(playbook, Roster::default(), date("2026-12-07"))?;
    tracker.close_through(date("2027-12-31"))?;
    Ok(())
}

#[test]
fn every_stage_has_its_variant_in_one_error() {
    let error = host().unwrap_err();
    assert!(matches!(error, Error::Close(_)), "{error}");
}

/// The errors of calls `host` does not make convert with `?` too: a playbook's problems
/// from text, an event handed back, a retraction of an unknown event.
#[test]
fn the_other_calls_convert_with_a_question_mark() {
    fn from_text() -> Result<Playbook, Error> {
        Ok(Playbook::from_toml("[playbook]\nid = \"x\"\n", None)?)
    }
    let error = from_text().unwrap_err();
    assert!(matches!(&error, Error::Load(fieldbook::LoadError::Invalid(problems)) if !problems.is_empty()), "{error}");

    fn retract(tracker: &mut Tracker) -> Result<(), Error> {
        tracker.retract("nothing", date("2026-12-07"))?;
        Ok(())
    }
    let mut tracker = Tracker::new(seed("t77"), Roster::default(), date("2026-12-07")).unwrap();
    let error = retract(&mut tracker).unwrap_err();
    assert_eq!(error.to_string(), "no event `nothing` on 2026-12-07");
    assert!(matches!(error, Error::Retract(_)));

    fn ingest(tracker: &mut Tracker) -> Result<(), Error> {
        let at = fieldbook::chrono::DateTime::parse_from_rfc3339("2026-12-07T09:00:00+08:00").unwrap();
        tracker.ingest(fieldbook::Event::new("e1", "meeting", "nobody", at)).map_err(|rejected| *rejected)?;
        Ok(())
    }
    let error = ingest(&mut tracker).unwrap_err();
    assert!(matches!(&error, Error::Event(rejected) if rejected.event.id == "e1"), "{error}");
}

#[test]
fn the_agenda_of_a_person_whose_role_the_playbook_lacks_is_an_error() {
    let t77 = seed("t77");
    let error = t77.agenda(&Person::new("li").with_role("sales_rep"), date("2026-12-07")).unwrap_err();
    let problems: Vec<String> = error.iter().map(ToString::to_string).collect();
    assert_eq!(problems, ["person.role: unknown role `sales_rep`"]);
    let error = t77.agenda(&Person::new("li").with_attr("route", "suburban"), date("2026-12-07")).unwrap_err();
    assert_eq!(error.iter().next().map(|p| p.path.as_str()), Some("person.attrs.route"), "{error}");
}

//! Checked state: a snapshot is restored only under the playbook it was taken with and a
//! roster that holds everyone it owes something to; the roster changes through
//! `update_roster`; days are not closed far past the latest event.

use chrono::{DateTime, TimeDelta};
use fieldbook::track::{CLOSE_AHEAD_DAYS, CloseError, RestoreError};
use fieldbook::{Event, Person, Playbook, Roster, Tracker};

use crate::support::{date, seed, seed_path, urban};

fn roster() -> Roster {
    Roster {
        people: vec![urban(), Person::new("wang").with_attr("route", "rural")],
        customers: vec![],
        teams: Vec::new(),
    }
}

/// A T77 tracker from Monday 2026-12-07 whose Monday is closed with no events: the
/// weekly summary due that day at 17:30 is still open, in its grace, for both people.
fn monday_closed() -> Tracker {
    let mut tracker = Tracker::new(seed("t77"), roster(), date("2026-12-07")).unwrap();
    tracker.close_through(date("2026-12-07")).unwrap();
    tracker
}

#[test]
fn a_snapshot_is_restored_only_under_the_same_playbook() {
    let snapshot = monday_closed().snapshot();
    assert_eq!(snapshot.playbook().map(|p| p.id.as_str()), Some("t77"));
    // The same files, loaded again: the same playbook.
    Tracker::restore(seed("t77"), roster(), snapshot.clone()).unwrap();

    let error = Tracker::restore(seed("tel"), roster(), snapshot.clone()).unwrap_err();
    assert!(
        matches!(&error, RestoreError::OtherPlaybook { snapshot, playbook } if snapshot.id == "t77" && playbook.id == "tel"),
        "{error}"
    );

    // T77 with one title changed is another version of it.
    let text = std::fs::read_to_string(seed_path("t77")).unwrap();
    let edited = text.replacen("title = \"Weekly summary and analysis\"", "title = \"Weekly summary\"", 1);
    assert_ne!(text, edited);
    let edited = Playbook::from_toml(&edited, None).unwrap();
    let error = Tracker::restore(edited, roster(), snapshot).unwrap_err();
    assert!(matches!(&error, RestoreError::OtherPlaybook { .. }), "{error}");
    assert!(error.to_string().starts_with("the snapshot was taken under playbook `t77` (content "), "{error}");
}

#[test]
fn a_roster_missing_someone_the_snapshot_owes_is_refused() {
    let snapshot = monday_closed().snapshot();
    let empty = Roster::default();
    let error = Tracker::restore(seed("t77"), empty, snapshot.clone()).unwrap_err();
    match &error {
        RestoreError::MissingParties { people, customers } => {
            assert_eq!((people.as_slice(), customers.len()), (&["li".to_string(), "wang".to_string()][..], 0));
        }
        other => panic!("{other}"),
    }
    assert!(error.to_string().contains("people `li`, `wang` the roster does not have"), "{error}");
}

#[test]
fn update_roster_lets_a_leaver_go_and_owes_nothing_of_theirs() {
    let mut tracker = monday_closed();
    let dropped =
        tracker.update_roster(Roster { people: vec![urban()], customers: vec![], teams: Vec::new() }).unwrap();
    assert!(
        dropped.iter().any(|d| d.starts_with("duty `weekly-summary` of `wang` due 2026-12-07T17:30:00+08:00")),
        "{dropped:#?}"
    );
    assert!(dropped.iter().all(|d| d.contains("`wang`")), "{dropped:#?}");
    // Tuesday closes: li's weekly summary fails at the end of its grace, wang's does not.
    let findings = tracker.close_through(date("2026-12-08")).unwrap();
    let summaries: Vec<&str> =
        findings.iter().filter(|f| f.rule == "weekly-summary").map(|f| f.person.as_str()).collect();
    assert_eq!(summaries, ["li"]);
    assert!(findings.iter().all(|f| f.person != "wang"));
}

#[test]
fn closing_far_past_the_latest_event_is_refused() {
    let start = date("2026-12-07");
    let mut tracker = Tracker::new(seed("t77"), roster(), start).unwrap();
    let limit = start + TimeDelta::days(i64::from(CLOSE_AHEAD_DAYS));
    let error = tracker.close_through(limit + TimeDelta::days(1)).unwrap_err();
    assert_eq!(error, CloseError::TooFarAhead { date: limit + TimeDelta::days(1), limit, ahead: 31, latest: start });
    assert_eq!(tracker.closed_through(), None, "nothing was closed");

    // A meeting on 2026-12-10 moves the limit to 31 days after it.
    let meeting = Event::new("m", "meeting", "li", DateTime::parse_from_rfc3339("2026-12-10T07:55:00+08:00").unwrap());
    tracker.ingest(meeting).unwrap();
    assert!(tracker.close_through(date("2026-12-10") + TimeDelta::days(32)).is_err());
    tracker.close_through(date("2026-12-10") + TimeDelta::days(31)).unwrap();
    // Days closed count as much as events: a host closing day by day is never stopped.
    let closed = date("2027-01-10");
    assert_eq!(tracker.closed_through(), Some(closed));
    assert!(tracker.close_through(closed + TimeDelta::days(32)).is_err());
    tracker.close_through(closed + TimeDelta::days(31)).unwrap();

    // A host that means it sets its own limit.
    let mut far = Tracker::new(seed("t77"), roster(), start).unwrap().with_close_ahead(400);
    far.close_through(date("2027-12-31")).unwrap();
    assert_eq!(far.closed_through(), Some(date("2027-12-31")));
}

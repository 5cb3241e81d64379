//! Event intake on any bytes read as a JSON Lines log, under the T77 playbook and roster:
//! each line is an event or a rejected line, each event is accepted or handed back, and
//! closing the first days and previewing the next never panic.
#![no_main]

use std::sync::LazyLock;

use chrono::NaiveDate;
use fieldbook_core::track::{Tracker, read_events};
use fieldbook_core::{Playbook, Roster};
use libfuzzer_sys::fuzz_target;

static PLAYBOOK: LazyLock<Playbook> =
    LazyLock::new(|| Playbook::from_toml(include_str!("../../examples/playbooks/t77.toml"), None).unwrap());
static ROSTER: LazyLock<Roster> =
    LazyLock::new(|| serde_json::from_str(include_str!("../../examples/data/t77-roster.json")).unwrap());

fuzz_target!(|data: &[u8]| {
    let Ok(log) = read_events(data) else { return };
    let start = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let mut tracker = Tracker::new(PLAYBOOK.clone(), ROSTER.clone(), start).unwrap();
    let _ = tracker.ingest_all(log.events.into_iter().map(|(_, event)| event));
    let _ = tracker.close_through(NaiveDate::from_ymd_opt(2026, 12, 8).unwrap());
    let now =
        PLAYBOOK.calendar().local(NaiveDate::from_ymd_opt(2026, 12, 9).unwrap(), fieldbook_core::TimeOfDay::MIDNIGHT);
    let _ = tracker.pending(now);
});

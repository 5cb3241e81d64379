//! The tracker agrees with a hand-written evaluation of the T77 rules over a generated
//! month: the same verdicts, rule by rule, person by person, day by day.

use fieldbook::{Finding, Tracker};

use crate::support::native_t77::{Verdict, evaluate};
use crate::support::{date, month, seed};

/// The verdict a finding states, keyed as the native evaluation keys it.
fn verdict(finding: &Finding) -> Verdict {
    const ABOUT_ONE_EVENT: [&str; 4] = ["service-time-per-visit", "visit-items", "tool-kit-contents", "failed-order-call"];
    let rule: &'static str = Box::leak(finding.rule.clone().into_boxed_str());
    let key = if ABOUT_ONE_EVENT.contains(&rule) {
        finding.events.first().cloned().unwrap_or_default()
    } else {
        finding.window.start.date_naive().to_string()
    };
    (rule, finding.person.clone(), key, finding.status)
}

#[test]
fn the_tracker_and_a_hand_written_evaluation_agree_on_a_t77_month() {
    let (first, last) = (date("2026-12-01"), date("2026-12-31"));
    let people = 6;
    let roster = month::roster(people);
    let events = month::events(people, first, last, 42);
    let mut tracker = Tracker::new(seed("t77"), roster.clone(), first).unwrap();
    let intake = tracker.ingest_all(events.clone());
    assert!(intake.rejected.is_empty(), "{:?}", intake.rejected.first());
    let mut found: Vec<Verdict> = tracker.close_through(last).iter().map(verdict).collect();
    found.sort();
    let expected = evaluate(&roster, &events, first, last);
    // Both sides judge every rule; a difference names the first verdict that differs.
    let first_difference = found.iter().zip(&expected).find(|(a, b)| a != b);
    assert_eq!(first_difference, None);
    assert_eq!(found.len(), expected.len());
    // The month exercises every verdict the rules can give.
    for status in [fieldbook::Status::Pass, fieldbook::Status::Fail, fieldbook::Status::Warning] {
        assert!(expected.iter().any(|v| v.3 == status), "no {status:?} in the month");
    }
}

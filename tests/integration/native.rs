//! The tracker agrees with a hand-written evaluation of the T77 rules over a generated
//! month: the same verdicts, rule by rule, person by person, day by day.

use fieldbook::track::Scorecard;
use fieldbook::{Finding, Tracker};

use crate::support::native_t77::{Verdict, evaluate};
use crate::support::{date, month, seed};

/// The verdict a finding states, keyed as the native evaluation keys it.
fn verdict(finding: &Finding) -> Verdict {
    const ABOUT_ONE_EVENT: [&str; 4] =
        ["service-time-per-visit", "visit-items", "tool-kit-contents", "failed-order-call"];
    let rule: &'static str = Box::leak(finding.rule.to_string().into_boxed_str());
    let key = if ABOUT_ONE_EVENT.contains(&rule) {
        finding.events.first().map(ToString::to_string).unwrap_or_default()
    } else {
        finding.window.start.date_naive().to_string()
    };
    (rule, finding.person.to_string(), key, finding.status)
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
    let mut found: Vec<Verdict> = tracker.close_through(last).unwrap().iter().map(verdict).collect();
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
    // T77-12 both ways: a key customer left off every schedule of a weekly run, and
    // customers listed in their periods.
    for status in [fieldbook::Status::Pass, fieldbook::Status::Fail] {
        let schedules = expected.iter().filter(|v| v.0 == "schedule-follows-frequency");
        assert!(schedules.clone().any(|v| v.3 == status), "no {status:?} of schedule-follows-frequency");
    }
}

#[test]
fn closing_day_by_day_or_one_finding_at_a_time_gives_the_findings_of_closing_at_once() {
    // Hosts close day by day, or take findings one by one as they are made (the month
    // benchmark does); both are the same evaluation as closing the month in one call.
    let (first, last) = (date("2026-12-01"), date("2026-12-31"));
    let roster = month::roster(3);
    let events = month::events(3, first, last, 11);
    let tracker = || {
        let mut tracker = Tracker::new(seed("t77"), roster.clone(), first).unwrap();
        assert!(tracker.ingest_all(events.clone()).rejected.is_empty());
        tracker
    };
    let at_once = tracker().close_through(last).unwrap();
    let mut daily = tracker();
    let mut by_day = Vec::new();
    let mut card = Scorecard::default();
    for day in first.iter_days().take_while(|d| *d <= last) {
        let closed = daily.close_through(day).unwrap();
        card.add(&closed);
        by_day.extend(closed);
    }
    assert_eq!(by_day, at_once);
    assert_eq!(card, Scorecard::new(&at_once));
    // Handed over one by one as they are made: the same findings in the same order.
    let mut streamed = Vec::new();
    tracker().close_through_each(last, |finding| streamed.push(finding)).unwrap();
    assert_eq!(streamed, at_once);
    assert!(card.total.fail > 0 && card.total.pass > card.total.fail);
}

#[test]
fn tracker_state_is_bounded_by_people_and_rules_not_by_history() {
    // Sixty days of a team, each day ingested and closed as a host would: the snapshot
    // after day 60 may hold the open week, month and follow-ups, but not the 60 days.
    let people = 4;
    let first = date("2026-12-01");
    let events = month::events(people, first, first + chrono::TimeDelta::days(59), 7);
    let mut tracker = Tracker::new(seed("t77"), month::roster(people), first).unwrap();
    let size_after = |tracker: &Tracker| serde_json::to_vec(&tracker.snapshot()).unwrap().len();
    let mut sizes = Vec::new();
    for day in first.iter_days().take(60) {
        let of_day: Vec<_> = events.iter().filter(|e| e.at.date_naive() == day).cloned().collect();
        assert!(tracker.ingest_all(of_day).rejected.is_empty());
        tracker.close_through(day).unwrap();
        sizes.push(size_after(&tracker));
    }
    // What is open varies with the day (on a month's last working day the next month's
    // plans are due), so the largest snapshot of days 51-60 is compared with the largest
    // of days 1-10, which hold the same kinds of open windows.
    let early = sizes[..10].iter().max().copied().unwrap_or_default();
    let late = sizes[50..].iter().max().copied().unwrap_or_default();
    assert!(late <= 2 * early, "snapshot grew from {early} bytes in days 1-10 to {late} in days 51-60");
    // And it is small: well under a kilobyte and a half per person, and under 200 bytes
    // per customer: the open period of the customer's visit frequency (T77-12), its count
    // and the first schedule that lists it.
    let customers = people * month::CUSTOMERS_PER_PERSON;
    assert!(late < 1_500 * people + 200 * customers, "{late} bytes for {people} people and {customers} customers");
}

#[test]
fn the_month_in_batches_is_the_month_in_order_with_each_day_closed_once() {
    // The month bench feeds the generated month in batches of ten people's day: the same
    // events in the same order, and one batch closing each of December's 31 days.
    let (first, last) = (date("2026-12-01"), date("2026-12-31"));
    let whole = month::events(25, first, last, 42);
    let batches: Vec<_> = month::batches(25, first, last, 42, 10).collect();
    let batched: Vec<_> = batches.iter().flat_map(|(_, events, _)| events.iter().cloned()).collect();
    assert_eq!(batched, whole);
    let closing: Vec<_> = batches.iter().filter(|(_, _, closes)| *closes).map(|(day, _, _)| *day).collect();
    assert_eq!(closing, first.iter_days().take(31).collect::<Vec<_>>());
    // 25 people in batches of 10: three batches a working day, one (empty) a weekend day.
    let saturday = batches.iter().filter(|(day, _, _)| *day == date("2026-12-05")).count();
    let monday = batches.iter().filter(|(day, _, _)| *day == date("2026-12-07")).count();
    assert_eq!((saturday, monday), (1, 3));
}

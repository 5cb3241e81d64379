//! A month plan as an iCalendar file (RFC 5545): one event per planned visit, with a
//! stable UID and a DTSTAMP at the start of the month so the same plan writes the same
//! bytes.

use fieldbook::{MonthPlan, Playbook};
use icalendar::{Calendar, Component, Event, EventLike};

/// The plan's visits as a calendar.
pub fn calendar(plan: &MonthPlan, playbook: &Playbook) -> Calendar {
    let zone = playbook.calendar();
    let stamp = zone.local(plan.month, fieldbook::TimeOfDay::new(0, 0).unwrap_or_else(|| unreachable!()));
    let mut calendar = Calendar::new();
    calendar.name(&format!("Visit plan of {} for {}", plan.person, plan.month.format("%Y-%m")));
    for day in &plan.days {
        for (n, visit) in day.visits.iter().enumerate() {
            let start = zone.local(day.date, visit.arrive).to_utc();
            let end = zone.local(day.date, visit.leave).to_utc();
            let event = Event::new()
                .uid(&format!("{}-{}-{}@fieldbook", plan.person, day.date, n + 1))
                .timestamp(stamp.to_utc())
                .summary(&format!("Visit {}", visit.customer))
                .description(&visit.reasons.join("\n"))
                .starts(start)
                .ends(end)
                .done();
            calendar.push(event);
        }
    }
    calendar.done()
}

//! An agenda as an iCalendar file (RFC 5545), for `agenda --ics` and its tests.

use chrono::NaiveDate;
use fieldbook::{Agenda, Person, Playbook};

/// The agenda's items as calendar events at their due times, with stable UIDs and a
/// DTSTAMP at the start of the day, so the same agenda writes the same bytes. A duty
/// whose schedule is a recurrence (`Schedule::rrule`) recurs for a year, in the calendar's
/// zone: the rule, and the days the calendar moves or drops (holidays, short days) as
/// `EXDATE`/`RDATE`, so that every occurrence is the playbook's.
pub fn calendar(playbook: &Playbook, person: &Person, agenda: &Agenda) -> icalendar::Calendar {
    use icalendar::{Component, EventLike};
    let midnight = fieldbook::TimeOfDay::new(0, 0).unwrap_or_else(|| unreachable!("a time of day"));
    let stamp = playbook.calendar().local(agenda.date, midnight).to_utc();
    let mut calendar = icalendar::Calendar::new();
    calendar.name(&format!("Agenda of {} on {}", person.id, agenda.date));
    for (n, item) in agenda.items.iter().enumerate() {
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{}-{}-{}-{}@fieldbook", person.id, agenda.date, n + 1, item.id))
            .timestamp(stamp)
            .summary(&item.title);
        match recurrence(playbook, agenda.date, item) {
            Some(recurring) => {
                event.append_property(local_time("DTSTART", playbook, item.due.naive_local()));
                event.add_property("RRULE", recurring.rule);
                for (key, times) in [("EXDATE", recurring.dropped), ("RDATE", recurring.added)] {
                    for at in times {
                        event.append_multi_property(local_time(key, playbook, at));
                    }
                }
            }
            None => {
                // An item with a window spans it; others are a moment at their due time.
                event.starts(item.opens.unwrap_or(item.due).to_utc());
                if item.opens.is_some() {
                    event.ends(item.due.to_utc());
                }
            }
        }
        let lines: Vec<String> =
            item.detail.iter().cloned().chain((!item.refs.is_empty()).then(|| item.refs.join(", "))).collect();
        if !lines.is_empty() {
            event.description(&lines.join("\n"));
        }
        calendar.push(event.done());
    }
    calendar.done()
}

/// A recurring item: its rule, and the local times the calendar drops from it or adds.
struct Recurrence {
    rule: String,
    dropped: Vec<chrono::NaiveDateTime>,
    added: Vec<chrono::NaiveDateTime>,
}

/// How far ahead a recurring item is written.
const RECURRENCE_DAYS: u64 = 365;

/// The recurrence of a duty's item shown on `date`, when its schedule has a rule and
/// `date` is one of the rule's days.
fn recurrence(playbook: &Playbook, date: NaiveDate, item: &fieldbook::AgendaItem) -> Option<Recurrence> {
    let duty = playbook.spec().duties.iter().find(|d| d.id == item.id && d.schedule.at_least().is_none())?;
    let week = &playbook.spec().calendar.work_week;
    let mut rule = duty.schedule.rrule(week)?;
    if !duty.months.is_empty() {
        let months: Vec<String> = duty.months.iter().map(u8::to_string).collect();
        rule = format!("{rule};BYMONTH={}", months.join(","));
    }
    let nominal_day = |day: NaiveDate| duty.schedule.is_rrule_day(day, week) && duty.in_months(day);
    if !nominal_day(date) || item.due.date_naive() != date {
        return None;
    }
    let calendar = playbook.calendar();
    let until = date.checked_add_days(chrono::Days::new(RECURRENCE_DAYS))?;
    let time = item.due.time();
    let (mut dropped, mut added) = (Vec::new(), Vec::new());
    for day in date.iter_days().take_while(|d| *d <= until) {
        let nominal = nominal_day(day).then(|| day.and_time(time));
        let actual = calendar.duty_on(duty, day).then(|| calendar.due(day, duty.by.or(duty.at)).naive_local());
        if nominal != actual {
            dropped.extend(nominal);
            added.extend(actual);
        }
    }
    let until = calendar.local(until, fieldbook::TimeOfDay::LAST_MINUTE).to_utc().format("%Y%m%dT%H%M%SZ");
    Some(Recurrence { rule: format!("{rule};UNTIL={until}"), dropped, added })
}

/// A date-time property in the calendar's zone: `KEY;TZID=Asia/Shanghai:20261207T133000`.
fn local_time(key: &str, playbook: &Playbook, at: chrono::NaiveDateTime) -> icalendar::Property {
    icalendar::Property::new(key, at.format("%Y%m%dT%H%M%S").to_string())
        .add_parameter("TZID", playbook.calendar().time_zone().name())
        .done()
}

//! The T77 rules evaluated by hand, without the engine: the floor the tracker is measured
//! against, and a second opinion the tracker must agree with.
//!
//! It knows the T77 playbook by heart (times, thresholds, checklists) and the seed
//! calendar (Monday to Friday, no holidays, end of day 17:30, Beijing time).

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, TimeDelta, Timelike, Weekday};
use fieldbook::{Event, Roster, Status, Value};

/// (rule, person, key, status): the key is the date of day rules, duties and periods, and
/// the event id of rules about one event.
pub type Verdict = (&'static str, String, String, Status);

const VISIT_ITEMS: [&str; 6] = ["greet", "inspect", "introduce", "tidy", "collect", "record"];
const KIT_ITEMS: [&str; 4] = ["materials", "aids", "transport", "returns"];
const END_OF_DAY: u32 = 17 * 60 + 30;

fn working(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_working(day: NaiveDate) -> NaiveDate {
    let mut next = day + TimeDelta::days(1);
    while !working(next) {
        next += TimeDelta::days(1);
    }
    next
}

/// The last day of the month that holds `day`.
fn last_of(day: NaiveDate) -> NaiveDate {
    let mut last = day;
    while (last + TimeDelta::days(1)).month() == day.month() {
        last += TimeDelta::days(1);
    }
    last
}

fn clock(event: &Event) -> u32 {
    event.at.hour() * 60 + event.at.minute()
}

fn text<'a>(event: &'a Event, field: &str) -> Option<&'a str> {
    match event.fields.get(field) {
        Some(Value::Text(t)) => Some(t),
        _ => None,
    }
}

fn list<'a>(event: &'a Event, field: &str) -> impl Iterator<Item = &'a str> {
    let items: &[_] = match event.fields.get(field) {
        Some(Value::List(items)) => items,
        _ => &[],
    };
    items.iter().map(|i| i.as_str())
}

fn has_all(event: &Event, items: &[&str]) -> bool {
    match event.fields.get("checklist") {
        Some(Value::List(done)) => items.iter().all(|i| done.iter().any(|d| d == i)),
        _ => items.is_empty(),
    }
}

fn pass(ok: bool) -> Status {
    if ok { Status::Pass } else { Status::Fail }
}

/// Every verdict of the T77 rules for the days `first..=last`, all of them closed.
pub fn evaluate(roster: &Roster, events: &[Event], first: NaiveDate, last: NaiveDate) -> Vec<Verdict> {
    let mut by_person_day: HashMap<(&str, NaiveDate), Vec<&Event>> = HashMap::new();
    for e in events {
        by_person_day.entry((e.person.as_str(), e.at.date_naive())).or_default().push(e);
    }
    for list in by_person_day.values_mut() {
        list.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    }
    // The days each customer is on a schedule, whoever records it (T77-12).
    let mut listed_on: HashMap<&str, Vec<NaiveDate>> = HashMap::new();
    for e in events.iter().filter(|e| e.kind == "schedule") {
        for customer in list(e, "planned") {
            listed_on.entry(customer).or_default().push(e.at.date_naive());
        }
    }
    let mut out = Vec::new();
    let empty = Vec::new();
    for person in &roster.people {
        let id = person.id.as_str();
        let quota = if person.attrs.get("route").map(String::as_str) == Some("rural") { 25 } else { 30 };
        let day_events = |day: NaiveDate| by_person_day.get(&(id, day)).unwrap_or(&empty);
        let mut verdict =
            |rule: &'static str, key: String, status: Status| out.push((rule, id.to_string(), key, status));
        for day in first.iter_days().take_while(|d| *d <= last) {
            let mine = day_events(day);
            let of = |kind: &'static str| mine.iter().copied().filter(move |e| e.kind == kind);
            let date = day.to_string();
            if working(day) {
                let first_by = |kind: &'static str, by: u32| of(kind).next().is_some_and(|e| clock(e) <= by);
                let chaired = of("meeting").next().is_some_and(|m| text(m, "chair") == Some("section_chief"));
                verdict("morning-meeting", date.clone(), pass(first_by("meeting", 8 * 60) && chaired));
                verdict("visit-schedule", date.clone(), pass(first_by("schedule", 8 * 60 + 30)));
                verdict("tool-kit", date.clone(), pass(first_by("kit_check", 9 * 60 + 30)));
                // T77-14: on time, and every visit to a customer the schedule lists.
                let planned: HashSet<&str> = of("schedule").flat_map(|s| list(s, "planned")).collect();
                let visited: HashSet<&str> = of("visit").filter_map(|v| v.customer.as_deref()).collect();
                let on_list = visited.iter().all(|c| planned.contains(c));
                verdict("first-visit", date.clone(), pass(first_by("visit", 9 * 60 + 30) && on_list));
                let last_end = of("visit").filter_map(|v| v.end).max();
                verdict(
                    "field-work-ends",
                    date.clone(),
                    pass(last_end.is_some_and(|end| end.hour() * 60 + end.minute() <= 15 * 60)),
                );
                // T77-17: on time, with the day's figures, and a reason when short.
                let report_holds = of("daily_report").next().is_some_and(|r| {
                    let figure = |field: &str| match r.fields.get(field) {
                        Some(Value::Integer(n)) => Some(*n as usize),
                        _ => None,
                    };
                    let explained = visited.len() >= planned.len() || text(r, "missed_reasons").is_some();
                    figure("planned_visits") == Some(planned.len())
                        && figure("actual_visits") == Some(visited.len())
                        && explained
                });
                verdict("daily-report", date.clone(), pass(first_by("daily_report", END_OF_DAY) && report_holds));
                // T77-15: the first review from 12:00 is by 13:00.
                let reviewed = of("review").find(|r| clock(r) >= 12 * 60).is_some_and(|r| clock(r) <= 13 * 60);
                verdict("lunch-review", date.clone(), pass(reviewed));
                let arrived = of("arrival").next().is_some_and(|a| text(a, "place") == Some("marketing department"));
                verdict("back-at-office", date.clone(), pass(first_by("arrival", 16 * 60) && arrived));
                verdict("order-check", date.clone(), pass(first_by("order", END_OF_DAY)));
                verdict("prepare-tomorrow", date.clone(), pass(first_by("preparation", END_OF_DAY)));
                if day.day() <= 10 {
                    verdict("forecast-forms", date.clone(), pass(first_by("form", END_OF_DAY)));
                }
                verdict("visits-per-day", date.clone(), pass(visited.len() >= quota));
            }
            for visit in of("visit") {
                let minutes = visit.end.map_or(0, |end| (end - visit.at).num_minutes());
                verdict("service-time-per-visit", visit.id.to_string(), pass(minutes >= 8));
            }
            for kit in of("kit_check") {
                verdict("tool-kit-contents", kit.id.to_string(), pass(has_all(kit, &KIT_ITEMS)));
            }
            for visit in of("visit") {
                // Days 1-5 (the forecast phase) add the forecast information (T77-4).
                let forecast = day.day() <= 5 && !has_all(visit, &["forecast"]);
                verdict("visit-items", visit.id.to_string(), pass(has_all(visit, &VISIT_ITEMS) && !forecast));
            }
            for order in of("order").filter(|o| text(o, "status") == Some("failed")) {
                let deadline = if clock(order) <= END_OF_DAY { END_OF_DAY } else { 23 * 60 + 59 };
                let called =
                    of("call").any(|c| c.customer == order.customer && c.at >= order.at && clock(c) <= deadline);
                verdict("failed-order-call", order.id.to_string(), pass(called));
            }
        }
        // Duties on a fixed day: done by 17:30 on the day, late until 17:30 the next
        // working day, missing after; judged once that grace has passed.
        let mut duty = |rule: &'static str, day: NaiveDate, kind: &str| {
            let grace = next_working(day);
            let done = first
                .iter_days()
                .take_while(|d| *d <= last)
                .filter(|d| *d >= day && *d <= grace)
                .flat_map(|d| day_events(d).iter().copied())
                .find(|e| {
                    e.kind == "report"
                        && text(e, "type") == Some(kind)
                        && text(e, "to") == Some("market_manager")
                        && (e.at.date_naive() < grace || clock(e) <= END_OF_DAY)
                });
            let status = match done {
                Some(e) if e.at.date_naive() == day && clock(e) <= END_OF_DAY => Status::Pass,
                Some(_) => Status::Warning,
                None => Status::Fail,
            };
            if done.is_some() || grace <= last {
                out.push((rule, id.to_string(), day.to_string(), status));
            }
        };
        for day in first.iter_days().take_while(|d| *d <= last) {
            let first_of_month = {
                let mut d = day.with_day(1).unwrap_or(day);
                while !working(d) {
                    d += TimeDelta::days(1);
                }
                d
            };
            if working(day) && day == first_of_month {
                duty("monthly-summary", day, "monthly_summary");
            }
            if day.weekday() == Weekday::Mon {
                duty("weekly-summary", day, "weekly_summary");
            }
        }
        // T77-5: each volatile or enterprise customer of the person visited in days 6-10,
        // judged when the 10th closes.
        let (phase_start, phase_end) = (first.with_day(6), first.with_day(10));
        if let (Some(start), Some(end)) = (phase_start, phase_end)
            && start >= first
            && end <= last
        {
            let focus = roster.customers.iter().filter(|c| {
                c.manager.as_deref() == Some(id) && c.tags.iter().any(|t| t == "volatile" || t == "enterprise")
            });
            for customer in focus {
                let visited = start
                    .iter_days()
                    .take_while(|d| *d <= end)
                    .flat_map(|d| day_events(d).iter())
                    .any(|e| e.kind == "visit" && e.customer.as_ref() == Some(&customer.id));
                out.push(("adjustment-focus", id.to_string(), start.to_string(), pass(visited)));
            }
        }
        // T77-12: each of the person's customers on a schedule (anyone's `planned` list)
        // at least once in each period of its frequency: key customers weekly, the rest
        // monthly. A period is a run of the month's working days: four runs for weekly
        // (the first ones a day longer when they do not divide evenly), one for monthly.
        // Each run is judged when its last working day closes.
        let mut month = first.with_day(1).unwrap_or(first);
        while month <= last {
            let days: Vec<NaiveDate> =
                month.iter_days().take_while(|d| d.month() == month.month()).filter(|d| working(*d)).collect();
            let (size, extra) = (days.len() / 4, days.len() % 4);
            let mut weeks = Vec::new();
            let mut start = 0;
            for k in 0..4 {
                let len = size + usize::from(k < extra);
                if len > 0 {
                    weeks.push((days[start], days[start + len - 1]));
                }
                start += len;
            }
            let whole = days.first().zip(days.last()).map(|(a, b)| (*a, *b));
            for customer in roster.customers.iter().filter(|c| c.manager.as_deref() == Some(id)) {
                let runs =
                    if customer.tags.iter().any(|t| t == "key") { weeks.clone() } else { whole.into_iter().collect() };
                for (run_first, run_last) in runs.into_iter().filter(|(_, l)| *l <= last) {
                    let listed = listed_on
                        .get(customer.id.as_str())
                        .is_some_and(|days| days.iter().any(|d| *d >= run_first.max(first) && *d <= run_last));
                    out.push(("schedule-follows-frequency", id.to_string(), run_first.to_string(), pass(listed)));
                }
            }
            month = last_of(month) + TimeDelta::days(1);
        }
        // At least one data collection a week, judged when the week's Sunday closes.
        for sunday in first.iter_days().take_while(|d| *d <= last).filter(|d| d.weekday() == Weekday::Sun) {
            let monday = sunday - TimeDelta::days(6);
            let count = monday
                .iter_days()
                .take_while(|d| *d <= sunday)
                .filter(|d| *d >= first)
                .flat_map(|d| day_events(d).iter())
                .filter(|e| e.kind == "data_collection")
                .count();
            out.push(("data-collection", id.to_string(), monday.to_string(), pass(count >= 1)));
        }
    }
    out.sort();
    out
}

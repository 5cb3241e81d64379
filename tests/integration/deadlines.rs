//! One notion of a deadline: for every kind of duty schedule, the agenda's due time is the
//! end of the tracker's window, a preview a minute before it is pending and a minute after
//! it is not, and a report handed in a minute after it is late (or, for "at least N per
//! period" duties, does not count).

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use fieldbook::{Event, Person, Playbook, Roster, Status, Tracker};

use crate::support::date;

/// A duty of each schedule, all done by a report of their own type. The calendar works
/// Monday to Friday until 17:30; 2027-01-01 (a Friday) is a holiday. The duties are made
/// up; each cites T77-2 (a report due at a set time) for the kind of rule it is.
const PLAYBOOK: &str = r#"
[playbook]
id = "deadlines"
title = "Deadlines"

[calendar]
time_zone = "Asia/Shanghai"
end_of_day = "17:30"
holidays = ["2027-01-01"]

[event_kinds.report]
title = "Report"
fields = { type = "text" }

[[duties]]
id = "daily"
title = "Daily"
refs = ["T77-2"]
schedule = "daily"
by = "16:00"
done_by = { kind = "report", where = { type = "daily" } }

[[duties]]
id = "weekly"
title = "Weekly"
refs = ["T77-2"]
schedule = { weekly = "mon" }
at = "13:00"
by = "17:00"
done_by = { kind = "report", where = { type = "weekly" } }

[[duties]]
id = "monthly"
title = "Monthly"
refs = ["T77-2"]
schedule = { monthly = 1 }
if_non_working_day = "next"
by = "12:00"
done_by = { kind = "report", where = { type = "monthly" } }

[[duties]]
id = "last-working-day"
title = "Last working day"
refs = ["T77-2"]
schedule = "last_working_day"
done_by = { kind = "report", where = { type = "last" } }

[[duties]]
id = "per-week"
title = "Per week"
refs = ["T77-2"]
schedule = { per_week = 1 }
by = "15:00"
done_by = { kind = "report", where = { type = "per_week" } }

[[duties]]
id = "per-month"
title = "Per month"
refs = ["T77-2"]
schedule = { per_month = 1 }
done_by = { kind = "report", where = { type = "per_month" } }

[[duties]]
id = "per-quarter"
title = "Per quarter"
refs = ["T77-2"]
schedule = { per_quarter = 1 }
by = "10:00"
done_by = { kind = "report", where = { type = "per_quarter" } }

[[duties]]
id = "weekday-of-month"
title = "First Friday"
refs = ["T77-2"]
schedule = { weekday_of_month = "first fri" }
by = "11:00"
done_by = { kind = "report", where = { type = "weekday_of_month" } }

[[duties]]
id = "every-weeks"
title = "Every other Wednesday"
refs = ["T77-2"]
schedule = { every_weeks = { n = 2, on = "wed", from = "2026-12-02" } }
by = "14:00"
done_by = { kind = "report", where = { type = "every_weeks" } }

[[duties]]
id = "working-day"
title = "Second to last working day"
refs = ["T77-2"]
schedule = { working_day = { n = -2 } }
done_by = { kind = "report", where = { type = "working_day" } }
"#;

/// Each duty, the day its agenda item shows, and the due time worked out by hand.
const CASES: &[(&str, &str, &str)] = &[
    ("daily", "2026-12-07", "2026-12-07T16:00:00+08:00"),
    ("weekly", "2026-12-07", "2026-12-07T17:00:00+08:00"),
    // 2027-01-01 is a holiday: the first of January moves to Monday the 4th.
    ("monthly", "2027-01-04", "2027-01-04T12:00:00+08:00"),
    // The last working day of December 2026 is Thursday the 31st, at the end of the day.
    ("last-working-day", "2026-12-31", "2026-12-31T17:30:00+08:00"),
    // Shown on the week's first working day, due on its last: Friday the 11th.
    ("per-week", "2026-12-07", "2026-12-11T15:00:00+08:00"),
    ("per-month", "2026-12-01", "2026-12-31T17:30:00+08:00"),
    // The quarter's last working day is Thursday 2026-12-31.
    ("per-quarter", "2026-10-01", "2026-12-31T10:00:00+08:00"),
    // January 2027's first Friday is the 1st, a holiday: moved to Monday the 4th.
    ("weekday-of-month", "2027-01-04", "2027-01-04T11:00:00+08:00"),
    // Every other Wednesday from 2026-12-02: the 2nd, the 16th, the 30th.
    ("every-weeks", "2026-12-16", "2026-12-16T14:00:00+08:00"),
    // December 2026's working days end Wednesday the 30th and Thursday the 31st.
    ("working-day", "2026-12-30", "2026-12-30T17:30:00+08:00"),
];

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn tracker_from(start: NaiveDate) -> Tracker {
    let playbook = Playbook::from_toml(PLAYBOOK, None).unwrap();
    Tracker::new(playbook, Roster { people: vec![Person::new("li")], customers: vec![], teams: Vec::new() }, start)
        .unwrap()
}

fn report(duty: &str, when: DateTime<FixedOffset>) -> Event {
    let kind = match duty {
        "last-working-day" => "last",
        other => other,
    };
    Event::new(format!("{duty}-report"), "report", "li", when)
        .with("type", fieldbook::Value::Text(kind.replace('-', "_").into()))
}

#[test]
fn the_agenda_and_the_tracker_agree_on_every_duty_deadline() {
    let playbook = Playbook::from_toml(PLAYBOOK, None).unwrap();
    let person = Person::new("li");
    for &(duty, shown, due) in CASES {
        let (shown, due) = (date(shown), at(due));
        let item = playbook.agenda(&person, shown).unwrap().items.into_iter().find(|i| i.id == duty);
        assert_eq!(item.map(|i| i.due), Some(due), "{duty}: the agenda of {shown}");

        // A preview a minute before and a minute after the deadline.
        let minute = TimeDelta::minutes(1);
        let tracker = tracker_from(shown);
        for (now, status) in [(due - minute, Status::Pending), (due + minute, Status::Fail)] {
            let finding = tracker.pending(now).into_iter().find(|f| f.rule == duty);
            let finding = finding.unwrap_or_else(|| panic!("{duty}: no finding at {now}"));
            assert_eq!((finding.window.end, finding.status), (due, status), "{duty} at {now}: {}", finding.message);
        }

        // Done a minute before: a pass as its day closes; a minute after: late, or not
        // counted for a period's count.
        let late = if playbook.spec().duties.iter().any(|d| d.id == duty && d.schedule.at_least().is_some()) {
            Status::Fail
        } else {
            Status::Warning
        };
        let due_day = due.date_naive();
        for (when, status) in [(due - minute, Status::Pass), (due + minute, late)] {
            let mut tracker = tracker_from(shown);
            tracker.ingest(report(duty, when)).unwrap();
            let findings = tracker.close_through(due_day + TimeDelta::days(7)).unwrap();
            let finding = findings.iter().find(|f| f.rule == duty).unwrap_or_else(|| panic!("{duty}: no finding"));
            assert_eq!(finding.status, status, "{duty}, done at {when}: {}", finding.message);
        }
    }
}

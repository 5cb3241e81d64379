//! The business calendar: working days, holidays, make-up days and local times; the days a
//! schedule falls on (`schedule.rs`), the phase of each day (`phase.rs`) and the runs of a
//! month's working days that visit frequencies divide it into (`runs.rs`).

mod phase;
mod runs;
mod schedule;

pub(crate) use phase::PhaseTable;
pub use runs::{Run, runs};

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::spec::CalendarSpec;
use crate::time::{TimeOfDay, first_day_of_month, last_day_of_month};

/// A validated business calendar, ready to answer date questions.
#[derive(Clone, Debug)]
pub struct Calendar {
    time_zone: Tz,
    work_week: [bool; 7],
    holidays: BTreeSet<NaiveDate>,
    extra_working_days: BTreeSet<NaiveDate>,
    end_of_day: TimeOfDay,
    /// The end of the working day of days with their own hours: by weekday, by date.
    weekday_ends: [Option<TimeOfDay>; 7],
    date_ends: BTreeMap<NaiveDate, TimeOfDay>,
}

/// How far [`Calendar::next_working_day`] and friends look before giving up: validation
/// rejects holidays that leave more than 300 days in a row without a working day, so this
/// is never reached by a validated playbook.
const SEARCH_LIMIT_DAYS: usize = 400;

impl Calendar {
    /// Builds the calendar of a spec. Conflicts (a date both a holiday and an extra
    /// working day, an empty work week) are reported by validation, not here.
    pub fn new(spec: &CalendarSpec) -> Self {
        let mut work_week = [false; 7];
        for day in &spec.work_week {
            work_week[day.to_chrono().num_days_from_monday() as usize] = true;
        }
        let mut weekday_ends = [None; 7];
        let mut date_ends = BTreeMap::new();
        for hours in &spec.hours {
            for day in &hours.weekdays {
                weekday_ends[day.to_chrono().num_days_from_monday() as usize] = Some(hours.end_of_day);
            }
            date_ends.extend(hours.dates.iter().flat_map(|s| s.dates()).map(|d| (d, hours.end_of_day)));
        }
        Self {
            time_zone: spec.time_zone,
            work_week,
            holidays: spec.holidays.iter().flat_map(|s| s.dates()).collect(),
            extra_working_days: spec.extra_working_days.iter().flat_map(|s| s.dates()).collect(),
            end_of_day: spec.end_of_day,
            weekday_ends,
            date_ends,
        }
    }

    /// The calendar's time zone.
    pub fn time_zone(&self) -> Tz {
        self.time_zone
    }

    /// When the working day ends on `date`: its own hours (`[[calendar.hours]]`, a date's
    /// before its weekday's), else the calendar's `end_of_day`.
    pub fn end_of_day(&self, date: NaiveDate) -> TimeOfDay {
        self.own_end(date).unwrap_or(self.end_of_day)
    }

    /// When an ordinary working day ends: the calendar's `end_of_day`, leaving out the
    /// days with their own hours.
    pub fn usual_end_of_day(&self) -> TimeOfDay {
        self.end_of_day
    }

    fn own_end(&self, date: NaiveDate) -> Option<TimeOfDay> {
        if self.date_ends.is_empty() && self.weekday_ends == [None; 7] {
            return None;
        }
        self.date_ends.get(&date).copied().or(self.weekday_ends[date.weekday().num_days_from_monday() as usize])
    }

    /// The instant at which something due at `time` on `date` is due: `time`, or the end
    /// of the working day when untimed (`None`). On a day with its own hours, a time after
    /// the day's end is due at its end (the 16:00 report of a Friday that ends at 12:30).
    pub fn due(&self, date: NaiveDate, time: Option<TimeOfDay>) -> DateTime<FixedOffset> {
        self.local(date, self.due_time(date, time))
    }

    /// The time of day of [`Calendar::due`].
    pub fn due_time(&self, date: NaiveDate, time: Option<TimeOfDay>) -> TimeOfDay {
        match (time, self.own_end(date)) {
            (Some(time), Some(end)) => time.min(end),
            (Some(time), None) => time,
            (None, end) => end.unwrap_or(self.end_of_day),
        }
    }

    /// Whether `date` is a working day: an extra working day, or a day of the work week
    /// that is not a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.extra_working_days.contains(&date) {
            return true;
        }
        self.work_week[date.weekday().num_days_from_monday() as usize] && !self.holidays.contains(&date)
    }

    /// Whether `date` is a holiday of the calendar.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains(&date)
    }

    /// The first working day on or after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        date.iter_days().take(SEARCH_LIMIT_DAYS).find(|d| self.is_working_day(*d))
    }

    /// The last working day on or before `date`.
    pub fn previous_working_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        date.iter_days().rev().take(SEARCH_LIMIT_DAYS).find(|d| self.is_working_day(*d))
    }

    /// The last working day of the month that contains `date`, if the month has one.
    pub fn last_working_day_of_month(&self, date: NaiveDate) -> Option<NaiveDate> {
        let last = last_day_of_month(date);
        last.iter_days().rev().take_while(|d| d.month() == date.month()).find(|d| self.is_working_day(*d))
    }

    /// The first working day of the month that contains `date`, if the month has one.
    pub fn first_working_day_of_month(&self, date: NaiveDate) -> Option<NaiveDate> {
        first_day_of_month(date).iter_days().take_while(|d| d.month() == date.month()).find(|d| self.is_working_day(*d))
    }

    /// The instant at which the wall clock in the calendar's zone shows `time` on `date`.
    ///
    /// Across a DST change: a time that occurs twice (clocks go back) is its first
    /// occurrence; a time that does not exist (clocks go forward) is moved forward by the
    /// length of the gap, as a person's watch would be.
    pub fn local(&self, date: NaiveDate, time: TimeOfDay) -> DateTime<FixedOffset> {
        let naive = date.and_time(time.as_naive());
        local_instant(self.time_zone, naive)
    }
}

fn local_instant(zone: Tz, naive: NaiveDateTime) -> DateTime<FixedOffset> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(at) => at.fixed_offset(),
        LocalResult::Ambiguous(first, _) => first.fixed_offset(),
        LocalResult::None => {
            // In a gap: the offset before the gap, applied to the wall time, names the
            // instant the clocks reach after jumping.
            let before = zone.offset_from_utc_datetime(&(naive - chrono::TimeDelta::days(1)));
            let utc = naive - chrono::TimeDelta::seconds(i64::from(chrono::Offset::fix(&before).local_minus_utc()));
            zone.from_utc_datetime(&utc).fixed_offset()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Weekday;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn calendar(zone: &str, holidays: &[&str], extra: &[&str]) -> Calendar {
        Calendar::new(&CalendarSpec {
            time_zone: zone.parse().unwrap(),
            work_week: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
            holidays: holidays.iter().map(|h| h.parse().unwrap()).collect(),
            extra_working_days: extra.iter().map(|h| h.parse().unwrap()).collect(),
            end_of_day: TimeOfDay::new(18, 0).unwrap(),
            hours: Vec::new(),
            refs: Vec::new(),
        })
    }

    #[test]
    fn weekends_holidays_and_make_up_days() {
        // 2026-10-01 is a Thursday; the National Day week runs to Wednesday 10-07 and
        // Saturday 10-10 is worked instead.
        let cal = calendar("Asia/Shanghai", &["2026-10-01..2026-10-07"], &["2026-10-10"]);
        assert!(!cal.is_working_day(date("2026-10-01")));
        assert!(!cal.is_working_day(date("2026-10-05")));
        assert!(cal.is_working_day(date("2026-10-08")));
        assert!(cal.is_working_day(date("2026-10-10")));
        assert!(!cal.is_working_day(date("2026-10-11")));
        assert_eq!(cal.next_working_day(date("2026-10-01")), Some(date("2026-10-08")));
        assert_eq!(cal.previous_working_day(date("2026-10-01")), Some(date("2026-09-30")));
    }

    #[test]
    fn last_working_day_of_months_of_every_length() {
        let cal = calendar("UTC", &[], &[]);
        // February 2026 ends on Saturday 28th; February 2028 (leap) ends on Tuesday 29th.
        assert_eq!(cal.last_working_day_of_month(date("2026-02-10")), Some(date("2026-02-27")));
        assert_eq!(cal.last_working_day_of_month(date("2028-02-10")), Some(date("2028-02-29")));
        // May 2026 ends on Sunday 31st; April 2026 on Thursday 30th.
        assert_eq!(cal.last_working_day_of_month(date("2026-05-01")), Some(date("2026-05-29")));
        assert_eq!(cal.last_working_day_of_month(date("2026-04-01")), Some(date("2026-04-30")));
        assert_eq!(last_day_of_month(date("2026-12-05")), date("2026-12-31"));
    }

    #[test]
    fn local_times_follow_daylight_saving() {
        let cal = calendar("Europe/Berlin", &[], &[]);
        let eight = TimeOfDay::new(8, 0).unwrap();
        assert_eq!(cal.local(date("2026-03-27"), eight).to_rfc3339(), "2026-03-27T08:00:00+01:00");
        assert_eq!(cal.local(date("2026-03-30"), eight).to_rfc3339(), "2026-03-30T08:00:00+02:00");
        // 02:30 does not exist on 2026-03-29 in Berlin: the clock jumps from 02:00 to 03:00.
        let gap = TimeOfDay::new(2, 30).unwrap();
        assert_eq!(cal.local(date("2026-03-29"), gap).to_rfc3339(), "2026-03-29T03:30:00+02:00");
        // 02:30 happens twice on 2026-10-25: the first one (summer time) is taken.
        assert_eq!(cal.local(date("2026-10-25"), gap).to_rfc3339(), "2026-10-25T02:30:00+02:00");
    }
}

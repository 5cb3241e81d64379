//! Schedules: on which days a recurring duty falls due, working-day aware.

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, first_day_of_month, last_day_of_month};
use crate::time::Weekday;

/// When a duty falls due.
///
/// Written as `"daily"`, `"last_working_day"`, `{ weekly = "mon" }`, `{ monthly = 1 }`,
/// or `{ per_week = 1 }` / `{ per_month = 2 }` / `{ per_quarter = 1 }` for "at least N
/// times in each period, on any days".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    /// Every working day.
    Daily,
    /// Every week on this day.
    Weekly(Weekday),
    /// Every month on this day (1 to 31; in shorter months, on the last day).
    Monthly(u8),
    /// The last working day of every month.
    LastWorkingDay,
    /// At least this many times a week (Monday to Sunday).
    PerWeek(u32),
    /// At least this many times a month.
    PerMonth(u32),
    /// At least this many times a quarter.
    PerQuarter(u32),
}

/// Where a duty goes when its day is not a working day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NonWorkingDayPolicy {
    /// To the next working day (the default).
    #[default]
    Next,
    /// To the previous working day.
    Previous,
    /// Stays on its day all the same.
    Keep,
    /// Dropped for that occurrence.
    Skip,
}

/// A period for "at least N times" schedules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// A calendar quarter.
    Quarter,
}

impl Period {
    /// The first and last day of the period that contains `date`.
    pub fn bounds(self, date: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Self::Week => {
                let start = date - chrono::TimeDelta::days(i64::from(date.weekday().num_days_from_monday()));
                (start, start + chrono::TimeDelta::days(6))
            }
            Self::Month => (first_day_of_month(date), last_day_of_month(date)),
            Self::Quarter => {
                let first_month = (date.month0() / 3) * 3 + 1;
                let start = NaiveDate::from_ymd_opt(date.year(), first_month, 1).unwrap_or(date);
                let end_month = NaiveDate::from_ymd_opt(date.year(), first_month + 2, 1).unwrap_or(date);
                (start, last_day_of_month(end_month))
            }
        }
    }
}

impl Schedule {
    /// For "at least N times per period" schedules, the count and the period.
    pub fn at_least(self) -> Option<(u32, Period)> {
        match self {
            Self::PerWeek(n) => Some((n, Period::Week)),
            Self::PerMonth(n) => Some((n, Period::Month)),
            Self::PerQuarter(n) => Some((n, Period::Quarter)),
            _ => None,
        }
    }

    /// Whether the duty is on the agenda of `date`. A fixed-day duty is there on its day,
    /// moved by `policy` when that is not a working day; an "at least N per period" duty
    /// is there on the first working day of each period.
    pub fn falls_on(self, date: NaiveDate, calendar: &Calendar, policy: NonWorkingDayPolicy) -> bool {
        match self {
            Self::Daily => calendar.is_working_day(date),
            Self::LastWorkingDay => calendar.last_working_day_of_month(date) == Some(date),
            Self::Weekly(day) => {
                // The nominal days that could move onto `date`: this week's and its
                // neighbours'.
                let offset = i64::from(day.to_chrono().num_days_from_monday())
                    - i64::from(date.weekday().num_days_from_monday());
                [-7, 0, 7].iter().any(|week| {
                    let nominal = date + chrono::TimeDelta::days(offset + week);
                    moved(nominal, calendar, policy) == Some(date)
                })
            }
            Self::Monthly(day) => [-1, 0, 1].iter().any(|months| {
                shift_month(date, *months)
                    .map(|month| nominal_day(month, day))
                    .is_some_and(|nominal| moved(nominal, calendar, policy) == Some(date))
            }),
            Self::PerWeek(_) => opens(Period::Week, date, calendar),
            Self::PerMonth(_) => opens(Period::Month, date, calendar),
            Self::PerQuarter(_) => opens(Period::Quarter, date, calendar),
        }
    }
}

/// Whether `date` is the first working day of its `period`.
fn opens(period: Period, date: NaiveDate, calendar: &Calendar) -> bool {
    let (start, end) = period.bounds(date);
    calendar.is_working_day(date)
        && start.iter_days().take_while(|d| *d <= end).find(|d| calendar.is_working_day(*d)) == Some(date)
}

/// Day `day` of the month containing `month`, or its last day if the month is shorter.
fn nominal_day(month: NaiveDate, day: u8) -> NaiveDate {
    let last = last_day_of_month(month);
    last.with_day(u32::from(day).min(last.day())).unwrap_or(last)
}

fn shift_month(date: NaiveDate, months: i32) -> Option<NaiveDate> {
    let first = first_day_of_month(date);
    match months.signum() {
        1 => first.checked_add_months(chrono::Months::new(months.unsigned_abs())),
        -1 => first.checked_sub_months(chrono::Months::new(months.unsigned_abs())),
        _ => Some(first),
    }
}

/// Where a duty nominally due on `nominal` actually falls under `policy`.
fn moved(nominal: NaiveDate, calendar: &Calendar, policy: NonWorkingDayPolicy) -> Option<NaiveDate> {
    if calendar.is_working_day(nominal) {
        return Some(nominal);
    }
    match policy {
        NonWorkingDayPolicy::Next => calendar.next_working_day(nominal),
        NonWorkingDayPolicy::Previous => calendar.previous_working_day(nominal),
        NonWorkingDayPolicy::Keep => Some(nominal),
        NonWorkingDayPolicy::Skip => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::CalendarSpec;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn weekdays_utc() -> Calendar {
        let spec: CalendarSpec = toml::from_str("time_zone = \"UTC\"").unwrap();
        Calendar::new(&spec)
    }

    fn days_in(month: &str, schedule: Schedule, policy: NonWorkingDayPolicy) -> Vec<u32> {
        let cal = weekdays_utc();
        let first = date(&format!("{month}-01"));
        first
            .iter_days()
            .take_while(|d| d.month() == first.month())
            .filter(|d| schedule.falls_on(*d, &cal, policy))
            .map(|d| d.day())
            .collect()
    }

    #[test]
    fn monthly_on_the_first_moves_by_policy() {
        use NonWorkingDayPolicy::*;
        // 2026-02-01 is a Sunday.
        assert_eq!(days_in("2026-02", Schedule::Monthly(1), Next), [2]);
        assert_eq!(days_in("2026-02", Schedule::Monthly(1), Keep), [1]);
        assert_eq!(days_in("2026-02", Schedule::Monthly(1), Skip), Vec::<u32>::new());
        // "previous" puts February's on Friday 2026-01-30, so January has two; March 1st
        // is a Sunday too, so March's falls on Friday 27 February.
        assert_eq!(days_in("2026-02", Schedule::Monthly(1), Previous), [27]);
        assert_eq!(days_in("2026-01", Schedule::Monthly(1), Previous), [1, 30]);
    }

    #[test]
    fn monthly_on_the_31st_clamps_to_short_months() {
        // April 2026 has 30 days; the 30th is a Thursday.
        assert_eq!(days_in("2026-04", Schedule::Monthly(31), NonWorkingDayPolicy::Next), [30]);
    }

    #[test]
    fn weekly_and_last_working_day() {
        // Mondays of December 2026: 7, 14, 21, 28.
        assert_eq!(days_in("2026-12", Schedule::Weekly(Weekday::Mon), NonWorkingDayPolicy::Next), [7, 14, 21, 28]);
        // 2026-05-31 is a Sunday: last working day is Friday the 29th.
        assert_eq!(days_in("2026-05", Schedule::LastWorkingDay, NonWorkingDayPolicy::Next), [29]);
    }

    #[test]
    fn per_period_schedules_open_on_the_first_working_day_of_the_period() {
        // Weeks of December 2026 start on Mondays 7, 14, 21, 28; the week of Tuesday the
        // 1st opened on Monday 30 November.
        assert_eq!(days_in("2026-12", Schedule::PerWeek(1), NonWorkingDayPolicy::Next), [7, 14, 21, 28]);
        assert_eq!(days_in("2026-11", Schedule::PerMonth(2), NonWorkingDayPolicy::Next), [2]);
        assert_eq!(days_in("2026-11", Schedule::PerQuarter(1), NonWorkingDayPolicy::Next), Vec::<u32>::new());
        assert_eq!(days_in("2026-10", Schedule::PerQuarter(1), NonWorkingDayPolicy::Next), [1]);
        assert_eq!(Period::Quarter.bounds(date("2026-11-15")), (date("2026-10-01"), date("2026-12-31")));
    }
}

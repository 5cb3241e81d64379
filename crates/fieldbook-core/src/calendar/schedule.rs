//! The days a duty's schedule falls on, working-day aware.

use chrono::{Datelike, NaiveDate};

use super::Calendar;
use crate::spec::{DutySpec, NonWorkingDayPolicy, NthWorkingDay, Period, Schedule, StepSpec, Window};
use crate::time::{first_day_of_month, last_day_of_month};

impl Calendar {
    /// The day an "at least N per period" duty is due in the period that holds `date`:
    /// the period's last working day (its last day, if it has none). The agenda shows it
    /// due then, and the tracker judges the period's count as that day ends.
    pub fn period_due_day(&self, period: Period, date: NaiveDate) -> NaiveDate {
        let (start, end) = period.bounds(date);
        self.previous_working_day(end).filter(|d| *d >= start).unwrap_or(end)
    }

    /// Whether `step` is part of `date`: a working day in its `months` that its `on`
    /// schedule falls on (every working day without one), a day off moving to the next
    /// working day.
    pub fn step_on(&self, step: &StepSpec, date: NaiveDate) -> bool {
        self.is_working_day(date)
            && step.in_months(date)
            && step.on.is_none_or(|s| self.falls_on(s, date, NonWorkingDayPolicy::Next))
    }

    /// Whether `duty` falls on `date`: its schedule, moved by its policy, in its `months`.
    pub fn duty_on(&self, duty: &DutySpec, date: NaiveDate) -> bool {
        duty.in_months(date) && self.falls_on(duty.schedule, date, duty.if_non_working_day)
    }

    /// Whether a duty on `schedule` is on the agenda of `date`. A fixed-day duty is there on its day,
    /// moved by `policy` when that is not a working day; an "at least N per period" duty
    /// is there on the first working day of each period.
    pub fn falls_on(&self, schedule: Schedule, date: NaiveDate, policy: NonWorkingDayPolicy) -> bool {
        let calendar = self;
        match schedule {
            Schedule::Daily => calendar.is_working_day(date),
            Schedule::LastWorkingDay => calendar.last_working_day_of_month(date) == Some(date),
            Schedule::Weekly(day) => {
                // The nominal days that could move onto `date`: this week's and its
                // neighbours'.
                let offset = i64::from(day.to_chrono().num_days_from_monday())
                    - i64::from(date.weekday().num_days_from_monday());
                [-7, 0, 7].iter().any(|week| {
                    let nominal = date + chrono::TimeDelta::days(offset + week);
                    moved(nominal, calendar, policy) == Some(date)
                })
            }
            Schedule::Monthly(day) => [-1, 0, 1].iter().any(|months| {
                shift_month(date, *months)
                    .map(|month| nominal_day(month, day))
                    .is_some_and(|nominal| moved(nominal, calendar, policy) == Some(date))
            }),
            Schedule::WeekdayOfMonth(nth) => [-1, 0, 1].iter().any(|months| {
                shift_month(date, *months)
                    .and_then(|month| nth.in_month(month))
                    .is_some_and(|nominal| moved(nominal, calendar, policy) == Some(date))
            }),
            Schedule::EveryWeeks(every) => (-14..=14).any(|days| {
                let nominal = date + chrono::TimeDelta::days(days);
                every.is_nominal(nominal) && moved(nominal, calendar, policy) == Some(date)
            }),
            Schedule::WorkingDay(nth) => calendar.nth_working_day(nth, date) == Some(date),
            Schedule::PerWeek(_) => opens(Period::Week, date, calendar),
            Schedule::PerMonth(_) => opens(Period::Month, date, calendar),
            Schedule::PerQuarter(_) => opens(Period::Quarter, date, calendar),
        }
    }
}

impl Calendar {
    /// The working day `nth` picks in the period that contains `date` (the 3rd, the
    /// last …), if the period has that many.
    pub fn nth_working_day(&self, nth: NthWorkingDay, date: NaiveDate) -> Option<NaiveDate> {
        let (first, last) = nth.of.bounds(date);
        let days = first.iter_days().take_while(|d| *d <= last).filter(|d| self.is_working_day(*d));
        match usize::try_from(nth.n) {
            Ok(n) if n > 0 => days.clone().nth(n - 1),
            _ => {
                let from_end = usize::try_from(nth.n.unsigned_abs()).ok()?;
                let all: Vec<NaiveDate> = days.collect();
                all.len().checked_sub(from_end).map(|i| all[i])
            }
        }
    }
}

impl Calendar {
    /// The first day of the rolling `window` that ends on `date`: for the last N working
    /// days, the N-th working day on or before `date`; for the last N days, `date` less
    /// N - 1 days. `None` for fixed windows, or when the calendar runs out.
    pub fn window_start(&self, window: Window, date: NaiveDate) -> Option<NaiveDate> {
        match window {
            Window::WorkingDays(n) => {
                let n = usize::try_from(n).ok().filter(|n| *n > 0)?;
                // Validation keeps N to a year and runs of days off to 300 days.
                let limit = n.saturating_mul(7).saturating_add(400);
                date.iter_days().rev().take(limit).filter(|d| self.is_working_day(*d)).nth(n - 1)
            }
            Window::Days(n) => date.checked_sub_days(chrono::Days::new(u64::from(n.max(1)) - 1)),
            Window::Event
            | Window::Day
            | Window::Week
            | Window::Month
            | Window::Quarter
            | Window::Phase
            | Window::VisitFrequency => None,
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
    use crate::spec::CalendarSpec;
    use crate::time::Weekday;

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
            .filter(|d| cal.falls_on(schedule, *d, policy))
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

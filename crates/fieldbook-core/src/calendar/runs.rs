//! A month's working days in equal consecutive runs: the periods of a visit frequency
//! (`every = "week"` is four runs a month, `"two_weeks"` two, `"month"` one). The planner
//! asks a frequency's visits in each run; the tracker judges a quota with
//! `window = "visit_frequency"` over the same runs.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::Calendar;
use crate::spec::Every;
use crate::time::first_day_of_month;

/// `n` working days in `runs` consecutive runs of equal length (the earlier ones one day
/// longer when they do not divide evenly); fewer runs when there are fewer days.
pub fn runs(n: usize, runs: usize) -> Vec<Range<usize>> {
    let runs = runs.clamp(1, n.max(1));
    let (size, extra) = (n / runs, n % runs);
    let mut start = 0;
    (0..runs)
        .map(|k| {
            let len = size + usize::from(k < extra);
            let range = start..start + len;
            start += len;
            range
        })
        .collect()
}

/// One run of a month's working days for a frequency: its first and last working day,
/// which run it is and of how many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    /// The first working day of the run.
    pub first: NaiveDate,
    /// The last working day of the run.
    pub last: NaiveDate,
    /// Which run of the month, from 1.
    pub nth: usize,
    /// How many runs the month has.
    pub of: usize,
}

impl Calendar {
    /// The working days of the month that contains `date`, in order.
    pub fn working_days_of_month(&self, date: NaiveDate) -> Vec<NaiveDate> {
        first_day_of_month(date)
            .iter_days()
            .take_while(|d| d.month() == date.month())
            .filter(|d| self.is_working_day(*d))
            .collect()
    }

    /// The runs of the working days of the month that contains `date` for a frequency of
    /// `every` (none in a month without working days).
    pub fn runs_of_month(&self, every: Every, date: NaiveDate) -> Vec<Run> {
        let days = self.working_days_of_month(date);
        let all = runs(days.len(), every.runs());
        let of = if days.is_empty() { 0 } else { all.len() };
        all.into_iter()
            .filter(|r| !r.is_empty())
            .enumerate()
            .map(|(k, r)| Run { first: days[r.start], last: days[r.end - 1], nth: k + 1, of })
            .collect()
    }

    /// The run of `every` whose days (from its first to its last working day) hold `date`:
    /// none for a day between two runs or in a month without working days.
    pub fn run_holding(&self, every: Every, date: NaiveDate) -> Option<Run> {
        self.runs_of_month(every, date).into_iter().find(|r| r.first <= date && date <= r.last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::CalendarSpec;

    #[test]
    fn runs_split_working_days_evenly_longer_first() {
        assert_eq!(runs(22, 4), vec![0..6, 6..12, 12..17, 17..22]);
        assert_eq!(runs(21, 2), vec![0..11, 11..21]);
        assert_eq!(runs(3, 4), vec![0..1, 1..2, 2..3]);
        assert_eq!(runs(5, 1), vec![0..5]);
        assert_eq!(runs(0, 4), vec![0..0]);
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weekly_runs_of_june_2026() {
        // June 2026 has 22 working days Monday to Friday (1st is a Monday, 30th a
        // Tuesday): runs of 6, 6, 5 and 5 days.
        let calendar = Calendar::new(&toml::from_str::<CalendarSpec>("time_zone = \"UTC\"").unwrap());
        let weeks = calendar.runs_of_month(Every::Week, date("2026-06-17"));
        let bounds: Vec<(NaiveDate, NaiveDate)> = weeks.iter().map(|r| (r.first, r.last)).collect();
        assert_eq!(
            bounds,
            [
                (date("2026-06-01"), date("2026-06-08")),
                (date("2026-06-09"), date("2026-06-16")),
                (date("2026-06-17"), date("2026-06-23")),
                (date("2026-06-24"), date("2026-06-30")),
            ]
        );
        // Saturday the 6th lies inside the first run; the month is one run.
        assert_eq!(calendar.run_holding(Every::Week, date("2026-06-06")).map(|r| r.nth), Some(1));
        assert_eq!(calendar.run_holding(Every::Week, date("2026-06-17")).map(|r| (r.nth, r.of)), Some((3, 4)));
        let month = calendar.run_holding(Every::Month, date("2026-06-30")).unwrap();
        assert_eq!((month.first, month.last, month.nth, month.of), (date("2026-06-01"), date("2026-06-30"), 1, 1));
        // Saturday 2026-08-01 comes before August's first working day (Monday the 3rd).
        assert_eq!(calendar.run_holding(Every::Month, date("2026-08-01")), None);
    }
}

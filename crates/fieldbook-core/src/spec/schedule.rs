//! Schedules: when a recurring duty falls due (the days themselves are the calendar's
//! to find: `Calendar::falls_on`).

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::time::{Weekday, first_day_of_month, last_day_of_month};

/// When a duty falls due.
///
/// Written as `"daily"`, `"last_working_day"`, `{ weekly = "mon" }`, `{ monthly = 1 }`,
/// or `{ per_week = 1 }` / `{ per_month = 2 }` / `{ per_quarter = 1 }` for "at least N
/// times in each period, on any days".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
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
    /// Every month on its nth weekday: `{ weekday_of_month = "first mon" }`, `"last fri"`.
    WeekdayOfMonth(NthWeekday),
    /// Every `n` weeks on a weekday, counted from a first date:
    /// `{ every_weeks = { n = 2, on = "wed", from = "2027-01-06" } }`.
    EveryWeeks(EveryWeeks),
    /// The nth working day of each month, quarter or year, counted with the calendar's
    /// holidays and make-up days; negative counts from the end:
    /// `{ working_day = { n = 3 } }`, `{ working_day = { n = -1, of = "quarter" } }`.
    WorkingDay(NthWorkingDay),
}

/// The nth weekday of a month: `"first mon"`, `"second tue"`, `"third wed"`,
/// `"fourth thu"`, `"fifth fri"` (only in months that have one) or `"last fri"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NthWeekday {
    /// 1 to 5, or -1 for the last.
    pub nth: i8,
    /// The weekday.
    pub day: Weekday,
}

const ORDINALS: [(&str, i8); 6] =
    [("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("fifth", 5), ("last", -1)];

impl NthWeekday {
    /// The day in the month that contains `month`, if the month has one.
    pub fn in_month(self, month: NaiveDate) -> Option<NaiveDate> {
        let day = self.day.to_chrono();
        if self.nth < 0 {
            let last = last_day_of_month(month);
            return last.iter_days().rev().take(7).find(|d| d.weekday() == day);
        }
        let first = first_day_of_month(month).iter_days().take(7).find(|d| d.weekday() == day)?;
        let nth = first + chrono::TimeDelta::weeks(i64::from(self.nth) - 1);
        (nth.month() == month.month()).then_some(nth)
    }
}

impl TryFrom<String> for NthWeekday {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        let bad =
            || format!("`{text}` is not a weekday of the month: write \"first mon\" … \"fifth mon\" or \"last fri\"");
        let (ordinal, day) = text.split_once(' ').ok_or_else(bad)?;
        let nth = ORDINALS.iter().find(|(name, _)| *name == ordinal).map(|(_, n)| *n).ok_or_else(bad)?;
        let day = serde_json::from_value(serde_json::Value::String(day.to_string())).map_err(|_| bad())?;
        Ok(Self { nth, day })
    }
}

impl From<NthWeekday> for String {
    fn from(nth: NthWeekday) -> Self {
        let ordinal = ORDINALS.iter().find(|(_, n)| *n == nth.nth).map_or("first", |(name, _)| name);
        let day = serde_json::to_value(nth.day).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        format!("{ordinal} {day}")
    }
}

impl JsonSchema for NthWeekday {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NthWeekday".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(first|second|third|fourth|fifth|last) (mon|tue|wed|thu|fri|sat|sun)$",
            "description": "The nth weekday of a month.",
            "examples": ["first mon", "last fri"]
        })
    }
}

/// Every `n` weeks on a weekday, from a first date on that weekday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EveryWeeks {
    /// How many weeks apart (1 or more).
    pub n: u32,
    /// The weekday.
    pub on: Weekday,
    /// The first date, on that weekday.
    #[schemars(with = "String")]
    pub from: NaiveDate,
}

impl EveryWeeks {
    /// Whether `date` is one of the days, before any non-working-day policy moves it.
    pub fn is_nominal(self, date: NaiveDate) -> bool {
        let weeks = i64::from(self.n.max(1)) * 7;
        date >= self.from && date.weekday() == self.on.to_chrono() && (date - self.from).num_days() % weeks == 0
    }
}

/// The nth working day of a month, quarter or year; negative counts from the end (-1 is
/// the last).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NthWorkingDay {
    /// 1 the first, -1 the last; never 0.
    pub n: i32,
    /// The period counted in. Default `month`.
    #[serde(default)]
    pub of: WorkingDayPeriod,
}

/// The period whose working days [`NthWorkingDay`] counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WorkingDayPeriod {
    /// The calendar month (the default).
    #[default]
    Month,
    /// The calendar quarter.
    Quarter,
    /// The calendar year.
    Year,
}

impl WorkingDayPeriod {
    /// The first and last day of the period that contains `date`.
    pub fn bounds(self, date: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            Self::Month => Period::Month.bounds(date),
            Self::Quarter => Period::Quarter.bounds(date),
            Self::Year => {
                let first = NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date);
                let last = NaiveDate::from_ymd_opt(date.year(), 12, 31).unwrap_or(date);
                (first, last)
            }
        }
    }

    /// The most days the period can have, for checking `n`.
    pub fn max_days(self) -> i32 {
        match self {
            Self::Month => 31,
            Self::Quarter => 92,
            Self::Year => 366,
        }
    }
}

/// The forms written as a string, and those written as a one-key table.
const STRING_FORMS: &str = "`daily`, `last_working_day`";
const TABLE_FORMS: &str =
    "`weekly`, `monthly`, `per_week`, `per_month`, `per_quarter`, `weekday_of_month`, `every_weeks`, `working_day`";

/// Read by hand, so that a form unknown in its position is one problem that lists the
/// forms valid there (serde's enum reading reports a table's twice, and offers string
/// forms for a table key and the other way round).
impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScheduleVisitor)
    }
}

struct ScheduleVisitor;

impl<'de> serde::de::Visitor<'de> for ScheduleVisitor {
    type Value = Schedule;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a schedule: one of {STRING_FORMS}, or a table with one of {TABLE_FORMS}")
    }

    fn visit_str<E: serde::de::Error>(self, form: &str) -> Result<Schedule, E> {
        match form {
            "daily" => Ok(Schedule::Daily),
            "last_working_day" => Ok(Schedule::LastWorkingDay),
            _ => Err(E::custom(format!(
                "unknown schedule `{form}`: as a string, one of {STRING_FORMS}; or a table with one of {TABLE_FORMS}, \
                 e.g. {{ weekly = \"mon\" }}"
            ))),
        }
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Schedule, A::Error> {
        use serde::de::Error;
        let Some(form) = map.next_key::<String>()? else {
            return Err(A::Error::custom(format!("an empty schedule table: give one of {TABLE_FORMS}")));
        };
        let schedule = match form.as_str() {
            "weekly" => Schedule::Weekly(map.next_value()?),
            "monthly" => Schedule::Monthly(map.next_value()?),
            "per_week" => Schedule::PerWeek(map.next_value()?),
            "per_month" => Schedule::PerMonth(map.next_value()?),
            "per_quarter" => Schedule::PerQuarter(map.next_value()?),
            "weekday_of_month" => Schedule::WeekdayOfMonth(map.next_value()?),
            "every_weeks" => Schedule::EveryWeeks(map.next_value()?),
            "working_day" => Schedule::WorkingDay(map.next_value()?),
            _ => {
                return Err(A::Error::custom(format!(
                    "unknown schedule `{form}`: as a table, one of {TABLE_FORMS}; or a string, one of {STRING_FORMS}"
                )));
            }
        };
        match map.next_key::<String>()? {
            Some(other) => Err(A::Error::custom(format!("a schedule has one form, not `{form}` and `{other}`"))),
            None => Ok(schedule),
        }
    }
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
    /// `week`, `month` or `quarter`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Week => "week",
            Self::Month => "month",
            Self::Quarter => "quarter",
        }
    }

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

    /// The schedule's nominal days (before holidays move them) as an iCalendar recurrence
    /// rule (RFC 5545 `RRULE`), when it has one: `FREQ=WEEKLY;BYDAY=MO`,
    /// `FREQ=MONTHLY;BYDAY=-1FR`. A `daily` schedule is the days of `work_week`. Schedules
    /// counted in working days (`working_day`, `last_working_day`) or per period have none.
    /// [`Schedule::is_rrule_day`] says which days the rule gives, so that a writer can
    /// list the days the calendar moves (`EXDATE`, `RDATE`).
    pub fn rrule(self, work_week: &[Weekday]) -> Option<String> {
        let code = |day: Weekday| day.as_str()[..2].to_uppercase();
        match self {
            Self::Daily => {
                let days: Vec<String> = work_week.iter().map(|d| code(*d)).collect();
                Some(format!("FREQ=WEEKLY;BYDAY={}", days.join(",")))
            }
            Self::Weekly(day) => Some(format!("FREQ=WEEKLY;BYDAY={}", code(day))),
            Self::Monthly(day) if day <= 28 => Some(format!("FREQ=MONTHLY;BYMONTHDAY={day}")),
            Self::Monthly(31) => Some("FREQ=MONTHLY;BYMONTHDAY=-1".to_string()),
            Self::WeekdayOfMonth(nth) => Some(format!("FREQ=MONTHLY;BYDAY={}{}", nth.nth, code(nth.day))),
            Self::EveryWeeks(every) => {
                Some(format!("FREQ=WEEKLY;INTERVAL={};BYDAY={}", every.n.max(1), code(every.on)))
            }
            _ => None,
        }
    }

    /// Whether `date` is a day of [`Schedule::rrule`]'s rule (for `every_weeks`, counted
    /// from its `from`).
    pub fn is_rrule_day(self, date: NaiveDate, work_week: &[Weekday]) -> bool {
        match self {
            Self::Daily => work_week.iter().any(|d| d.to_chrono() == date.weekday()),
            Self::Weekly(day) => date.weekday() == day.to_chrono(),
            Self::Monthly(day) if day <= 28 => date.day() == u32::from(day),
            Self::Monthly(31) => date == last_day_of_month(date),
            Self::WeekdayOfMonth(nth) => nth.in_month(date) == Some(date),
            Self::EveryWeeks(every) => every.is_nominal(date),
            _ => false,
        }
    }
}

/// Whether `date` is in one of `months` (1 to 12; none: every month).
pub(crate) fn in_months(months: &[u8], date: NaiveDate) -> bool {
    months.is_empty() || months.iter().any(|m| u32::from(*m) == date.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recurrence_rules_name_the_nominal_days() {
        use crate::time::Weekday::{Fri, Mon, Tue, Wed};
        let week = [Mon, Tue, Wed];
        let date = |s: &str| s.parse::<NaiveDate>().unwrap();
        let last_friday = Schedule::WeekdayOfMonth(NthWeekday { nth: -1, day: Fri });
        assert_eq!(last_friday.rrule(&week).as_deref(), Some("FREQ=MONTHLY;BYDAY=-1FR"));
        // The last Friday of January 2027 is the 29th.
        assert!(last_friday.is_rrule_day(date("2027-01-29"), &week));
        assert!(!last_friday.is_rrule_day(date("2027-01-22"), &week));
        assert_eq!(Schedule::Daily.rrule(&week).as_deref(), Some("FREQ=WEEKLY;BYDAY=MO,TU,WE"));
        assert_eq!(Schedule::Monthly(31).rrule(&week).as_deref(), Some("FREQ=MONTHLY;BYMONTHDAY=-1"));
        assert!(Schedule::Monthly(31).is_rrule_day(date("2027-02-28"), &week));
        assert_eq!(Schedule::Monthly(30).rrule(&week), None);
        assert_eq!(Schedule::LastWorkingDay.rrule(&week), None);
    }
}

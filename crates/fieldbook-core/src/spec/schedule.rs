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
}

/// The forms written as a string, and those written as a one-key table.
const STRING_FORMS: &str = "`daily`, `last_working_day`";
const TABLE_FORMS: &str = "`weekly`, `monthly`, `per_week`, `per_month`, `per_quarter`";

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
}

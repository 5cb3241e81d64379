//! Small value types for times and lengths of time as a playbook writes them.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A wall-clock time of day, written `"HH:MM"` (24-hour clock), e.g. `"08:30"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeOfDay(NaiveTime);

impl TimeOfDay {
    /// 00:00, the start of a day.
    pub const MIDNIGHT: Self = Self(NaiveTime::MIN);

    /// 23:59, the last minute of a day.
    pub const LAST_MINUTE: Self = match NaiveTime::from_hms_opt(23, 59, 0) {
        Some(time) => Self(time),
        None => panic!("23:59 is a time of day"),
    };

    /// The time `hour:minute`, or `None` if it is not a time of day.
    pub fn new(hour: u32, minute: u32) -> Option<Self> {
        NaiveTime::from_hms_opt(hour, minute, 0).map(Self)
    }

    /// The time as a chrono value.
    pub fn as_naive(self) -> NaiveTime {
        self.0
    }

    /// Minutes since midnight.
    pub fn minutes(self) -> u32 {
        self.0.hour() * 60 + self.0.minute()
    }
}

impl FromStr for TimeOfDay {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a time of day: write HH:MM on a 24-hour clock, e.g. \"08:30\"");
        let (hour, minute) = text.split_once(':').ok_or_else(bad)?;
        let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
        if !two_digits(hour) || !two_digits(minute) {
            return Err(bad());
        }
        let hour: u32 = hour.parse().map_err(|_| bad())?;
        let minute: u32 = minute.parse().map_err(|_| bad())?;
        Self::new(hour, minute).ok_or_else(bad)
    }
}

impl TryFrom<String> for TimeOfDay {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<TimeOfDay> for String {
    fn from(time: TimeOfDay) -> Self {
        time.to_string()
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

impl JsonSchema for TimeOfDay {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TimeOfDay".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^([01]?[0-9]|2[0-3]):[0-5][0-9]$",
            "description": "A time of day, HH:MM on a 24-hour clock.",
            "examples": ["08:30"]
        })
    }
}

/// A length of time, written with units `d`, `h` and `m`: `"8m"`, `"5h"`, `"1h30m"`, `"2d"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timespan {
    minutes: u32,
}

impl Timespan {
    /// A span of `minutes` minutes.
    pub const fn from_minutes(minutes: u32) -> Self {
        Self { minutes }
    }

    /// The span in whole minutes.
    pub const fn minutes(self) -> u32 {
        self.minutes
    }

    /// The span as whole days, when it is a positive whole number of days.
    pub fn whole_days(self) -> Option<u32> {
        (self.minutes > 0 && self.minutes % (24 * 60) == 0).then_some(self.minutes / (24 * 60))
    }

    /// The span as a chrono duration.
    pub fn as_duration(self) -> chrono::TimeDelta {
        chrono::TimeDelta::minutes(i64::from(self.minutes))
    }
}

impl FromStr for Timespan {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "`{text}` is not a length of time: write a number with a unit d, h or m, e.g. \"8m\", \"5h\", \"1h30m\""
            )
        };
        let mut minutes: u32 = 0;
        let mut digits = String::new();
        let mut last_unit = 0u8;
        for c in text.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let (rank, per_unit) = match c {
                'd' => (1, 24 * 60),
                'h' => (2, 60),
                'm' => (3, 1),
                _ => return Err(bad()),
            };
            if digits.is_empty() || rank <= last_unit {
                return Err(bad());
            }
            let value: u32 = digits.parse().map_err(|_| bad())?;
            minutes = value.checked_mul(per_unit).and_then(|part| minutes.checked_add(part)).ok_or_else(bad)?;
            digits.clear();
            last_unit = rank;
        }
        if !digits.is_empty() || last_unit == 0 {
            return Err(bad());
        }
        Ok(Self { minutes })
    }
}

impl TryFrom<String> for Timespan {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Timespan> for String {
    fn from(span: Timespan) -> Self {
        span.to_string()
    }
}

impl fmt::Display for Timespan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (days, rest) = (self.minutes / (24 * 60), self.minutes % (24 * 60));
        let (hours, minutes) = (rest / 60, rest % 60);
        if self.minutes == 0 {
            return f.write_str("0m");
        }
        if days > 0 {
            write!(f, "{days}d")?;
        }
        if hours > 0 {
            write!(f, "{hours}h")?;
        }
        if minutes > 0 {
            write!(f, "{minutes}m")?;
        }
        Ok(())
    }
}

impl JsonSchema for Timespan {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timespan".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^([0-9]+d)?([0-9]+h)?([0-9]+m)?$",
            "description": "A length of time with units d, h, m.",
            "examples": ["8m", "5h", "1h30m"]
        })
    }
}

/// A day of the week, written `"mon"` .. `"sun"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)] // the variants are the days of the week
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// The day as written: `mon` .. `sun`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mon => "mon",
            Self::Tue => "tue",
            Self::Wed => "wed",
            Self::Thu => "thu",
            Self::Fri => "fri",
            Self::Sat => "sat",
            Self::Sun => "sun",
        }
    }

    /// The chrono weekday.
    pub fn to_chrono(self) -> chrono::Weekday {
        match self {
            Self::Mon => chrono::Weekday::Mon,
            Self::Tue => chrono::Weekday::Tue,
            Self::Wed => chrono::Weekday::Wed,
            Self::Thu => chrono::Weekday::Thu,
            Self::Fri => chrono::Weekday::Fri,
            Self::Sat => chrono::Weekday::Sat,
            Self::Sun => chrono::Weekday::Sun,
        }
    }
}

/// A calendar date or an inclusive range of dates: `"2026-10-01"` or `"2026-10-01..2026-10-07"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DateSpan {
    /// First date of the span.
    pub first: NaiveDate,
    /// Last date of the span (equal to `first` for a single date).
    pub last: NaiveDate,
}

impl DateSpan {
    /// The dates of the span, in order.
    pub fn dates(self) -> impl Iterator<Item = NaiveDate> {
        self.first.iter_days().take_while(move |d| *d <= self.last)
    }
}

/// The longest span a playbook may write, so that a typo cannot expand to millions of days.
const MAX_SPAN_DAYS: i64 = 366;

impl FromStr for DateSpan {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let date = |part: &str| {
            NaiveDate::parse_from_str(part.trim(), "%Y-%m-%d")
                .map_err(|_| format!("`{part}` is not a date: write YYYY-MM-DD, or a range YYYY-MM-DD..YYYY-MM-DD"))
                .and_then(supported)
        };
        let (first, last) = match text.split_once("..") {
            Some((a, b)) => (date(a)?, date(b)?),
            None => {
                let d = date(text)?;
                (d, d)
            }
        };
        if last < first {
            return Err(format!("`{text}` ends before it starts"));
        }
        if (last - first).num_days() >= MAX_SPAN_DAYS {
            return Err(format!("`{text}` is longer than {MAX_SPAN_DAYS} days"));
        }
        Ok(Self { first, last })
    }
}

impl TryFrom<String> for DateSpan {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<DateSpan> for String {
    fn from(span: DateSpan) -> Self {
        if span.first == span.last { span.first.to_string() } else { format!("{}..{}", span.first, span.last) }
    }
}

impl JsonSchema for DateSpan {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateSpan".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}(\\.\\.[0-9]{4}-[0-9]{2}-[0-9]{2})?$",
            "description": "A date YYYY-MM-DD or an inclusive range YYYY-MM-DD..YYYY-MM-DD.",
            "examples": ["2026-10-01", "2026-10-01..2026-10-07"]
        })
    }
}

/// The first day the engine works with. Dates enter bounded (events, playbook and record
/// dates outside `FIRST_DAY..=LAST_DAY` are refused with a reason), so that date arithmetic
/// never reaches the edges of chrono's range.
pub const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1000, 1, 1) {
    Some(date) => date,
    None => panic!("1000-01-01 is a date"),
};

/// The last day the engine works with (see [`FIRST_DAY`]).
pub const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(date) => date,
    None => panic!("9999-12-31 is a date"),
};

/// `date`, if the engine works with it; else why not.
pub(crate) fn supported(date: NaiveDate) -> Result<NaiveDate, String> {
    if (FIRST_DAY..=LAST_DAY).contains(&date) {
        Ok(date)
    } else {
        Err(format!("{date} is outside the dates the engine works with, {FIRST_DAY} to {LAST_DAY}"))
    }
}

/// The first day of the month that contains `date`.
pub fn first_day_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The last day of the month that contains `date` (28 to 31).
pub fn last_day_of_month(date: NaiveDate) -> NaiveDate {
    let first_of_next = if date.month() == 12 {
        NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(date.year(), date.month() + 1, 1)
    };
    first_of_next.and_then(|d| d.pred_opt()).unwrap_or(date)
}

/// The month and day of a recurring date written `YYYY-MM-DD` or `MM-DD`.
pub fn recurring_date(text: &str) -> Option<(u32, u32)> {
    if let Ok(date) = text.parse::<NaiveDate>() {
        return Some((date.month(), date.day()));
    }
    let (month, day) = text.split_once('-')?;
    let (month, day): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
    // 2000 is a leap year, so 02-29 is a valid recurring date.
    NaiveDate::from_ymd_opt(2000, month, day).map(|_| (month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_of_day_accepts_clock_times_and_rejects_impossible_ones() {
        assert_eq!("08:30".parse::<TimeOfDay>().unwrap().minutes(), 8 * 60 + 30);
        assert_eq!("07:05".parse::<TimeOfDay>().unwrap().to_string(), "07:05");
        for bad in ["25:00", "08:60", "8", "08:3", "", "ab:cd", "08:30:00", "-1:00", "7:05", "+7:05"] {
            assert!(bad.parse::<TimeOfDay>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn timespan_reads_units_in_order() {
        assert_eq!("8m".parse::<Timespan>().unwrap().minutes(), 8);
        assert_eq!("5h".parse::<Timespan>().unwrap().minutes(), 300);
        assert_eq!("1h30m".parse::<Timespan>().unwrap().minutes(), 90);
        assert_eq!("2d".parse::<Timespan>().unwrap().minutes(), 2880);
        assert_eq!(Timespan::from_minutes(90).to_string(), "1h30m");
        for bad in ["", "8", "m", "30m1h", "5x", "1h1h", "99999999999d"] {
            assert!(bad.parse::<Timespan>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn date_span_reads_single_days_and_ranges() {
        let one: DateSpan = "2026-10-01".parse().unwrap();
        assert_eq!(one.dates().count(), 1);
        let week: DateSpan = "2026-10-01..2026-10-07".parse().unwrap();
        assert_eq!(week.dates().count(), 7);
        assert!("2026-10-07..2026-10-01".parse::<DateSpan>().is_err());
        assert!("2026-02-30".parse::<DateSpan>().is_err());
        assert!("2026-01-01..2030-01-01".parse::<DateSpan>().is_err());
    }
}

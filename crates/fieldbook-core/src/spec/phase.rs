//! Monthly phases: named spans of days of every month, each with a focus.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::time::last_day_of_month;

/// One `[[phases]]` entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseSpec {
    /// Identifier, unique among phases (`forecast`).
    pub id: String,
    /// Human title.
    pub title: String,
    /// Days of every month, `"1-5"`, `"11-end"` or `"15"`.
    pub days: DayRange,
    /// Customer tags to prioritise in this phase (T77-5: `volatile`, `enterprise`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus: Vec<String>,
    /// What the phase is for, shown on the agenda with the focus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Source facts the phase implements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
}

/// A span of days of the month: `first` to `last`, where `last` may be the month's end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DayRange {
    /// First day, 1 to 31.
    pub first: u8,
    /// Last day, or `None` for the last day of each month.
    pub last: Option<u8>,
}

impl DayRange {
    /// Whether day `day` of a month of `month_len` days lies in the range.
    pub fn contains(self, day: u8, month_len: u8) -> bool {
        day >= self.first && day <= self.last.unwrap_or(month_len).min(month_len)
    }

    /// The first and last dates of the range in the month of `date`, when `date` lies in
    /// it.
    pub fn bounds(self, date: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let month_end = last_day_of_month(date);
        let month_len = u8::try_from(month_end.day()).ok()?;
        let day = u8::try_from(date.day()).ok()?;
        if !self.contains(day, month_len) {
            return None;
        }
        let last = self.last.unwrap_or(month_len).min(month_len);
        Some((date.with_day(u32::from(self.first))?, date.with_day(u32::from(last))?))
    }
}

impl FromStr for DayRange {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a span of days of the month: write \"1-5\", \"11-end\" or \"15\"");
        let day = |part: &str| -> Result<u8, String> {
            let n: u8 = part.trim().parse().map_err(|_| bad())?;
            if (1..=31).contains(&n) { Ok(n) } else { Err(format!("day {n} is not a day of the month (1 to 31)")) }
        };
        let (first, last) = match text.split_once('-') {
            Some((a, "end")) => (day(a)?, None),
            Some((a, b)) => (day(a)?, Some(day(b)?)),
            None => {
                let d = day(text)?;
                (d, Some(d))
            }
        };
        if let Some(last) = last
            && last < first
        {
            return Err(format!("`{text}` ends before it starts"));
        }
        Ok(Self { first, last })
    }
}

impl TryFrom<String> for DayRange {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<DayRange> for String {
    fn from(range: DayRange) -> Self {
        range.to_string()
    }
}

impl fmt::Display for DayRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.last {
            None => write!(f, "{}-end", self.first),
            Some(last) if last == self.first => write!(f, "{last}"),
            Some(last) => write!(f, "{}-{last}", self.first),
        }
    }
}

impl JsonSchema for DayRange {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DayRange".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{1,2}(-([0-9]{1,2}|end))?$",
            "description": "Days of every month: \"1-5\", \"11-end\" or \"15\".",
            "examples": ["1-5", "11-end"]
        })
    }
}

/// Whether a rule limited to `phases` (empty: every phase) applies on a day in `phase`.
pub(crate) fn in_phases(phases: &[String], phase: Option<&str>) -> bool {
    phases.is_empty() || phase.is_some_and(|p| phases.iter().any(|x| x == p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_ranges_parse_and_print() {
        assert_eq!("1-5".parse::<DayRange>().unwrap(), DayRange { first: 1, last: Some(5) });
        assert_eq!("11-end".parse::<DayRange>().unwrap(), DayRange { first: 11, last: None });
        assert_eq!("15".parse::<DayRange>().unwrap().to_string(), "15");
        for bad in ["0-5", "5-1", "1-32", "a-b", "", "1-", "end"] {
            assert!(bad.parse::<DayRange>().is_err(), "{bad} should be rejected");
        }
    }
}

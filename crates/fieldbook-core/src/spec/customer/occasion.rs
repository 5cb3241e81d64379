//! Occasions: named dates of the year that are not in any customer record — Spring
//! Festival, Christmas — for triggers such as holiday visits (FNB-9).
//!
//! A holiday of the calendar is a day off; an occasion is a date to prepare for, which
//! may or may not be a day off (Christmas is a working day in China).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::time::supported;

/// Where a yearly date on 29 February (a birthday) falls in years without one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Feb29 {
    /// On 28 February, the last day of the month (the default).
    #[default]
    Feb28,
    /// On 1 March, the day after 28 February.
    Mar1,
}

impl Feb29 {
    /// The date of the yearly `month`-`day` in `year`: itself when it exists, and for 29
    /// February in a common year the day this policy names. `None` for a day no month has.
    pub fn date_in(self, year: i32, month: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, month, day).or_else(|| match (month, day, self) {
            (2, 29, Self::Feb28) => NaiveDate::from_ymd_opt(year, 2, 28),
            (2, 29, Self::Mar1) => NaiveDate::from_ymd_opt(year, 3, 1),
            _ => None,
        })
    }

    pub(crate) fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// One `[occasions.NAME]` table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OccasionSpec {
    /// Human title (`Spring Festival`).
    pub title: String,
    /// When it falls: dates `YYYY-MM-DD` (that year only, for occasions that move, such as
    /// Spring Festival) or `MM-DD` (every year, such as Christmas).
    pub dates: Vec<OccasionDate>,
    /// Source facts that name the occasion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
}

impl OccasionSpec {
    /// The occasion's dates in `year`, in order, with yearly dates on 29 February placed by
    /// `feb29` in other years.
    pub fn dates_in(&self, year: i32, feb29: Feb29) -> Vec<NaiveDate> {
        let mut dates: Vec<NaiveDate> = self.dates.iter().filter_map(|d| d.in_year(year, feb29)).collect();
        dates.sort_unstable();
        dates.dedup();
        dates
    }
}

/// A date of an occasion: one day (`"2027-02-06"`) or the same day every year (`"12-25"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum OccasionDate {
    /// This day only.
    On(NaiveDate),
    /// Every year on this month and day.
    Yearly {
        /// 1 to 12.
        month: u32,
        /// 1 to 31 (29 February is allowed; see [`Feb29`]).
        day: u32,
    },
}

impl OccasionDate {
    /// The date in `year`, if it falls in that year.
    pub fn in_year(self, year: i32, feb29: Feb29) -> Option<NaiveDate> {
        match self {
            Self::On(date) => (date.year() == year).then_some(date),
            Self::Yearly { month, day } => feb29.date_in(year, month, day),
        }
    }
}

impl FromStr for OccasionDate {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "`{text}` is not a date: write YYYY-MM-DD for one day or MM-DD for every year, e.g. \"2027-02-06\" or \"12-25\""
            )
        };
        let parts: Vec<&str> = text.split('-').collect();
        match parts.as_slice() {
            [_, _, _] => text.parse::<NaiveDate>().map_err(|_| bad()).and_then(supported).map(Self::On),
            [month, day] if month.len() == 2 && day.len() == 2 => {
                let (month, day) = (month.parse::<u32>().map_err(|_| bad())?, day.parse::<u32>().map_err(|_| bad())?);
                // 2000 is a leap year, so 02-29 is a valid yearly date.
                NaiveDate::from_ymd_opt(2000, month, day).map(|_| Self::Yearly { month, day }).ok_or_else(bad)
            }
            _ => Err(bad()),
        }
    }
}

impl TryFrom<String> for OccasionDate {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<OccasionDate> for String {
    fn from(date: OccasionDate) -> Self {
        date.to_string()
    }
}

impl fmt::Display for OccasionDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::On(date) => write!(f, "{date}"),
            Self::Yearly { month, day } => write!(f, "{month:02}-{day:02}"),
        }
    }
}

impl JsonSchema for OccasionDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OccasionDate".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^([0-9]{4}-)?[0-9]{2}-[0-9]{2}$",
            "description": "YYYY-MM-DD for one day, MM-DD for the same day every year.",
            "examples": ["2027-02-06", "12-25"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn occasion_dates_parse_and_print() {
        assert_eq!("2027-02-06".parse::<OccasionDate>(), Ok(OccasionDate::On(date("2027-02-06"))));
        assert_eq!("12-25".parse::<OccasionDate>(), Ok(OccasionDate::Yearly { month: 12, day: 25 }));
        assert_eq!("02-29".parse::<OccasionDate>().map(|d| d.to_string()), Ok("02-29".to_string()));
        for bad in ["2027-02-30", "02-30", "13-01", "12-5", "Christmas", "12/25", ""] {
            assert!(bad.parse::<OccasionDate>().unwrap_err().contains("MM-DD"), "{bad}");
        }
    }

    #[test]
    fn an_occasion_falls_on_its_dates_of_the_year() {
        let spring = OccasionSpec {
            title: "Spring Festival".into(),
            dates: vec!["2027-02-06".parse().unwrap(), "2028-01-26".parse().unwrap()],
            refs: vec![],
        };
        assert_eq!(spring.dates_in(2027, Feb29::Feb28), [date("2027-02-06")]);
        assert_eq!(spring.dates_in(2029, Feb29::Feb28), Vec::<NaiveDate>::new());
        let leap_day = OccasionSpec { title: "Leap day".into(), dates: vec!["02-29".parse().unwrap()], refs: vec![] };
        assert_eq!(leap_day.dates_in(2028, Feb29::Mar1), [date("2028-02-29")]);
        assert_eq!(leap_day.dates_in(2027, Feb29::Mar1), [date("2027-03-01")]);
        assert_eq!(leap_day.dates_in(2027, Feb29::Feb28), [date("2027-02-28")]);
    }

    #[test]
    fn the_29th_of_february_falls_by_the_policy_in_common_years() {
        assert_eq!(Feb29::Feb28.date_in(2027, 2, 29), Some(date("2027-02-28")));
        assert_eq!(Feb29::Mar1.date_in(2027, 2, 29), Some(date("2027-03-01")));
        assert_eq!(Feb29::Mar1.date_in(2028, 2, 29), Some(date("2028-02-29")));
        // Century years: 2100 is not a leap year, 2000 was.
        assert_eq!(Feb29::Mar1.date_in(2100, 2, 29), Some(date("2100-03-01")));
        assert_eq!(Feb29::Feb28.date_in(2000, 2, 29), Some(date("2000-02-29")));
        // Other dates are themselves; impossible ones are nothing.
        assert_eq!(Feb29::Mar1.date_in(2027, 12, 31), Some(date("2027-12-31")));
        assert_eq!(Feb29::Mar1.date_in(2027, 4, 31), None);
    }
}

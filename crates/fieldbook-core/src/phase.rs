//! Monthly phases: named spans of days of every month, each with a focus.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::calendar::last_day_of_month;
use crate::error::Problem;

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

/// Which phase each day of a month is in, for every month length (28 to 31 days).
#[derive(Clone, Debug, Default)]
pub struct PhaseTable {
    /// `by_length[len - 28][day - 1]` is the index of the phase of that day.
    by_length: [[Option<usize>; 31]; 4],
}

impl PhaseTable {
    /// Builds the table and reports every day that no phase or two phases cover.
    /// An empty list of phases is allowed: then no day has a phase.
    pub fn new(phases: &[PhaseSpec], problems: &mut Vec<Problem>) -> Self {
        let mut table = Self::default();
        if phases.is_empty() {
            return table;
        }
        let covering = |day: u8, month_len: u8| -> Vec<usize> {
            (0..phases.len()).filter(|&i| phases[i].days.contains(day, month_len)).collect()
        };
        // Whether a phase covers day `d` is the same in every month that has a day `d`,
        // so each day is checked once, in the shortest month that has it.
        let mut reported_overlaps = Vec::new();
        for day in 1..=31u8 {
            match covering(day, day.max(28)).as_slice() {
                [] => problems.push(Problem::at("phases", format!("no phase covers day {day} of the month"))),
                [_] => {}
                [a, b, ..] => {
                    if !reported_overlaps.contains(&(*a, *b)) {
                        reported_overlaps.push((*a, *b));
                        problems.push(Problem::at(
                            format!("phases[{b}].days"),
                            format!(
                                "phases `{}` ({}) and `{}` ({}) both cover day {day}: phases must not overlap",
                                phases[*a].id, phases[*a].days, phases[*b].id, phases[*b].days
                            ),
                        ));
                    }
                }
            }
        }
        for month_len in 28..=31u8 {
            for day in 1..=month_len {
                table.by_length[usize::from(month_len - 28)][usize::from(day - 1)] =
                    covering(day, month_len).first().copied();
            }
        }
        table
    }

    /// The index of the phase of `date`, if the playbook has phases.
    pub fn phase_index(&self, date: NaiveDate) -> Option<usize> {
        let month_len = last_day_of_month(date).day() as usize;
        self.by_length[month_len - 28][date.day0() as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase(id: &str, days: &str) -> PhaseSpec {
        PhaseSpec {
            id: id.into(),
            title: id.into(),
            days: days.parse().unwrap(),
            focus: vec![],
            note: None,
            refs: vec![],
        }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn day_ranges_parse_and_print() {
        assert_eq!("1-5".parse::<DayRange>().unwrap(), DayRange { first: 1, last: Some(5) });
        assert_eq!("11-end".parse::<DayRange>().unwrap(), DayRange { first: 11, last: None });
        assert_eq!("15".parse::<DayRange>().unwrap().to_string(), "15");
        for bad in ["0-5", "5-1", "1-32", "a-b", "", "1-", "end"] {
            assert!(bad.parse::<DayRange>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn seven_ten_seven_phases_cover_every_month() {
        let phases = [phase("forecast", "1-5"), phase("adjustment", "6-10"), phase("normal", "11-end")];
        let mut problems = Vec::new();
        let table = PhaseTable::new(&phases, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(table.phase_index(date("2026-02-28")), Some(2));
        assert_eq!(table.phase_index(date("2026-03-05")), Some(0));
        assert_eq!(table.phase_index(date("2026-03-06")), Some(1));
        assert_eq!(table.phase_index(date("2026-03-31")), Some(2));
    }

    #[test]
    fn overlaps_and_gaps_are_reported() {
        let mut problems = Vec::new();
        PhaseTable::new(&[phase("a", "1-5"), phase("b", "5-10"), phase("c", "12-end")], &mut problems);
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("`a` (1-5) and `b` (5-10) both cover day 5")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("no phase covers day 11")), "{messages:?}");
        let mut problems = Vec::new();
        PhaseTable::new(&[phase("a", "1-29")], &mut problems);
        // Day 29 is covered in months of 29+ days; 30 and 31 are not.
        let messages: Vec<_> = problems.iter().map(|p| p.message.clone()).collect();
        assert_eq!(messages, ["no phase covers day 30 of the month", "no phase covers day 31 of the month"]);
    }
}

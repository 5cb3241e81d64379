//! The phase table: which monthly phase each day is in, for every month length.

use chrono::{Datelike, NaiveDate};

use crate::error::Problem;
use crate::spec::PhaseSpec;
use crate::time::last_day_of_month;

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

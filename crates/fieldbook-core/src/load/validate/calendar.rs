//! The `[playbook]` table, the calendar and the phases.

use std::collections::{BTreeMap, BTreeSet};

use super::Validator;
use crate::calendar::Calendar;
use crate::spec::Excuse;

/// The longest run of days off a calendar may have.
const MAX_DAYS_OFF: i32 = 300;

/// The most entries `holidays` and `extra_working_days` may each have: decades of a
/// country's calendar, and few enough that a list cannot make loading slow.
const MAX_CALENDAR_ENTRIES: usize = 10_000;

impl Validator<'_> {
    pub(super) fn meta_and_calendar(&mut self) {
        let spec = self.spec;
        if spec.playbook.extends.is_some() {
            self.problem(
                "playbook.extends",
                "this playbook extends another, which only a loader that reads files can resolve: use `fieldbook::load`",
            );
        }
        if spec.playbook.id.trim().is_empty() {
            self.problem("playbook.id", "the playbook id must not be empty");
        }
        let calendar = &spec.calendar;
        self.refs_format(&calendar.refs, "calendar");
        if calendar.work_week.is_empty() {
            self.problem("calendar.work_week", "the work week has no days: name at least one, e.g. [\"mon\"]");
        }
        let mut seen = Vec::new();
        for (i, day) in calendar.work_week.iter().enumerate() {
            if seen.contains(day) {
                self.problem(format!("calendar.work_week[{i}]"), format!("`{}` is listed twice", day.as_str()));
            }
            seen.push(*day);
        }
        let hour_dates = calendar.hours.iter().map(|h| h.dates.len()).sum();
        for (key, entries) in [
            ("holidays", calendar.holidays.len()),
            ("extra_working_days", calendar.extra_working_days.len()),
            ("hours", hour_dates),
        ] {
            if entries > MAX_CALENDAR_ENTRIES {
                self.problem(
                    format!("calendar.{key}"),
                    format!("{entries} entries; at most {MAX_CALENDAR_ENTRIES} are allowed (give ranges of dates)"),
                );
                return;
            }
        }
        let holidays: BTreeSet<_> = calendar.holidays.iter().flat_map(|s| s.dates()).collect();
        if let (Some(first), Some(last)) = (holidays.first(), holidays.last())
            && !calendar.work_week.is_empty()
        {
            // Date searches look at most a year ahead or back for a working day.
            let compiled = Calendar::new(calendar);
            let mut run = 0;
            let longest = (*first - chrono::TimeDelta::days(7))
                .iter_days()
                .take_while(|d| *d <= *last + chrono::TimeDelta::days(7))
                .map(|d| {
                    run = if compiled.is_working_day(d) { 0 } else { run + 1 };
                    run
                })
                .max()
                .unwrap_or(0);
            if longest > MAX_DAYS_OFF {
                self.problem(
                    "calendar.holidays",
                    format!("the holidays leave {longest} days in a row without a working day; at most {MAX_DAYS_OFF} are allowed"),
                );
            }
        }
        for (i, span) in calendar.extra_working_days.iter().enumerate() {
            for date in span.dates() {
                if holidays.contains(&date) {
                    self.problem(
                        format!("calendar.extra_working_days[{i}]"),
                        format!("{date} is both a holiday and an extra working day"),
                    );
                }
            }
        }
    }

    /// `[[calendar.hours]]`: each entry names some days, and no day is named twice.
    pub(super) fn hours(&mut self) {
        let mut weekdays = [None; 7];
        let mut dates = BTreeMap::new();
        for (i, hours) in self.spec.calendar.hours.iter().enumerate() {
            let path = format!("calendar.hours[{i}]");
            if hours.weekdays.is_empty() && hours.dates.is_empty() {
                self.problem(&path, "names no day: give `weekdays` (e.g. [\"fri\"]), `dates`, or both");
            }
            for (j, day) in hours.weekdays.iter().enumerate() {
                let slot = &mut weekdays[day.to_chrono().num_days_from_monday() as usize];
                if let Some(first) = slot.replace(i) {
                    self.problem(
                        format!("{path}.weekdays[{j}]"),
                        format!("`{}` already has its hours in calendar.hours[{first}]", day.as_str()),
                    );
                }
            }
            for (j, span) in hours.dates.iter().enumerate() {
                if let Some((date, first)) = span.dates().find_map(|d| dates.insert(d, i).map(|first| (d, first))) {
                    self.problem(
                        format!("{path}.dates[{j}]"),
                        format!("{date} already has its hours in calendar.hours[{first}]"),
                    );
                }
            }
        }
    }

    /// `[absences.KIND]`: names and sources; only follow-ups go to a deputy.
    pub(super) fn absences(&mut self) {
        for (kind, absence) in &self.spec.absences {
            let path = format!("absences.{kind}");
            if kind.trim().is_empty() {
                self.problem(&path, "an absence kind needs a name");
            }
            if absence.duties == Excuse::Deputy {
                self.problem(
                    format!("{path}.duties"),
                    "duties are `excused` or `moved`: a duty is the person's own (`deputy` is for `follow_ups`)",
                );
            }
            self.refs_format(&absence.refs, &path);
        }
    }

    pub(super) fn phases(&mut self) {
        let spec = self.spec;
        for (i, phase) in spec.phases.iter().enumerate() {
            for (j, tag) in phase.focus.iter().enumerate() {
                self.tag(tag, &format!("phases[{i}].focus[{j}]"));
            }
        }
    }
}

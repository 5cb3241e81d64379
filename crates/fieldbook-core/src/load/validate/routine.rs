//! The routine: steps, duties and procedures.

use chrono::Datelike;

use super::{Validator, list};
use crate::spec::{Edge, FieldType, Schedule};
use crate::time::supported;

/// How many days ahead of its due day a duty may open: a month.
const MAX_OPENS_DAYS: u32 = 31;

impl Validator<'_> {
    pub(super) fn steps(&mut self) {
        let spec = self.spec;
        let mut last_time = None;
        for (i, step) in spec.steps.iter().enumerate() {
            let path = format!("steps[{i}]");
            if let (Some(at), Some(by)) = (step.at, step.by)
                && by < at
            {
                self.problem(format!("{path}.by"), format!("the deadline {by} is before the start {at}"));
            }
            if let Some(time) = step.at.or(step.by) {
                if let Some((previous, prev_id)) = last_time
                    && time < previous
                {
                    self.problem(
                        format!("{path}.{}", if step.at.is_some() { "at" } else { "by" }),
                        format!(
                            "steps run in order, but `{}` at {time} comes after `{prev_id}` at {previous}",
                            step.id
                        ),
                    );
                }
                last_time = Some((time, &step.id));
            }
            for (j, phase) in step.phases.iter().enumerate() {
                self.phase_ref(phase, &format!("{path}.phases[{j}]"));
            }
            self.roles(&step.roles, &path);
            if let Some(chair) = &step.chair {
                self.role(chair, &format!("{path}.chair"));
            }
            if let Some(procedure) = &step.procedure
                && !spec.procedures.iter().any(|p| &p.id == procedure)
            {
                let declared = list(spec.procedures.iter().map(|p| &p.id));
                self.problem(format!("{path}.procedure"), format!("unknown procedure `{procedure}` ({declared})"));
            }
            if let Some(evidence) = &step.evidence
                && let Some(kind) = self.kind(&evidence.kind, &format!("{path}.evidence.kind"))
            {
                self.filter(kind, &evidence.kind, &evidence.filter, &format!("{path}.evidence"));
                if evidence.edge == Edge::End && !kind.lasts {
                    self.problem(
                        format!("{path}.evidence.edge"),
                        format!("events of kind `{}` have no end time: set `lasts = true` on the kind or use edge = \"start\"", evidence.kind),
                    );
                }
            }
        }
    }

    pub(super) fn duties(&mut self) {
        let spec = self.spec;
        for (i, duty) in spec.duties.iter().enumerate() {
            let path = format!("duties[{i}]");
            match duty.schedule {
                Schedule::Monthly(day) if !(1..=31).contains(&day) => {
                    self.problem(
                        format!("{path}.schedule.monthly"),
                        format!("day {day} is not a day of the month (1 to 31)"),
                    );
                }
                Schedule::PerWeek(0) | Schedule::PerMonth(0) | Schedule::PerQuarter(0) => {
                    self.problem(
                        format!("{path}.schedule"),
                        "\"at least 0 times\" is no duty: give a count of 1 or more",
                    );
                }
                Schedule::EveryWeeks(every) => {
                    let at = format!("{path}.schedule.every_weeks");
                    if every.n == 0 {
                        self.problem(format!("{at}.n"), "every 0 weeks is no schedule: give 1 or more");
                    }
                    if let Err(problem) = supported(every.from) {
                        self.problem(format!("{at}.from"), problem);
                    } else if every.from.weekday() != every.on.to_chrono() {
                        self.problem(
                            format!("{at}.from"),
                            format!("{} is a {}, not the schedule's weekday", every.from, every.from.format("%A")),
                        );
                    }
                }
                Schedule::WorkingDay(nth) if nth.n == 0 || nth.n.abs() > nth.of.max_days() => {
                    self.problem(
                        format!("{path}.schedule.working_day.n"),
                        format!(
                            "{} is not a working day of a {:?}: give 1 for the first, -1 for the last, up to {}",
                            nth.n,
                            nth.of,
                            nth.of.max_days()
                        )
                        .to_lowercase(),
                    );
                }
                _ => {}
            }
            if let (Some(at), Some(by)) = (duty.at, duty.by)
                && by < at
            {
                self.problem(format!("{path}.by"), format!("the deadline {by} is before the start {at}"));
            }
            if let Some(opens) = duty.opens {
                let at = format!("{path}.opens");
                match opens.whole_days() {
                    _ if duty.schedule.at_least().is_some() => self.problem(
                        at,
                        "a duty done at least N times a period may be done any day of it: `opens` does not apply",
                    ),
                    Some(days) if days <= MAX_OPENS_DAYS => {}
                    Some(_) => self.problem(at, format!("at most {MAX_OPENS_DAYS} days ahead (\"{MAX_OPENS_DAYS}d\")")),
                    None => self
                        .problem(at, format!("`{opens}` is not a whole number of days, 1 or more: write e.g. \"3d\"")),
                }
            }
            if let Some(done_by) = &duty.done_by {
                self.event_match(done_by, &format!("{path}.done_by"));
            }
            self.roles(&duty.roles, &path);
            for (key, role) in [("chair", &duty.chair), ("to", &duty.to)] {
                if let Some(role) = role {
                    self.role(role, &format!("{path}.{key}"));
                }
            }
        }
    }

    pub(super) fn procedures(&mut self) {
        let spec = self.spec;
        for (i, procedure) in spec.procedures.iter().enumerate() {
            let path = format!("procedures[{i}]");
            if let Some(kind) = self.kind(&procedure.applies_to, &format!("{path}.applies_to")) {
                match kind.fields.get(&procedure.field) {
                    Some(field) if field.ty == FieldType::List => {}
                    Some(_) => self.problem(
                        format!("{path}.field"),
                        format!("field `{}` of `{}` must be of type list", procedure.field, procedure.applies_to),
                    ),
                    None => self.problem(
                        format!("{path}.field"),
                        format!(
                            "event kind `{}` has no field `{}` to hold the checklist: declare it as a list",
                            procedure.applies_to, procedure.field
                        ),
                    ),
                }
            }
            self.unique(procedure.items.iter().map(|item| item.id.as_str()), &format!("{path}.items"), "item");
            for (j, item) in procedure.items.iter().enumerate() {
                let item_path = format!("{path}.items[{j}]");
                self.unique(item.sub.iter().map(|s| s.id.as_str()), &format!("{item_path}.sub"), "sub-item");
                if let Some(when) = &item.when {
                    for (k, tag) in when.tags_any.iter().enumerate() {
                        self.tag(tag, &format!("{item_path}.when.tags_any[{k}]"));
                    }
                    for (k, phase) in when.phases.iter().enumerate() {
                        self.phase_ref(phase, &format!("{item_path}.when.phases[{k}]"));
                    }
                }
            }
        }
    }
}

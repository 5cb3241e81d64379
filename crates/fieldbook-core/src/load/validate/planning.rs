//! The `[visit_planning]` table: what planning a month needs beyond the routine.

use super::Validator;
use crate::error::Problem;
use crate::spec::FieldType;

/// The most visits a frequency or a focus may ask of one customer in a period: one a day.
const MAX_VISITS: u32 = 31;

impl Validator<'_> {
    /// Every problem of the `[visit_planning]` table, with key paths.
    pub(super) fn visit_planning(&mut self) {
        let spec = self.spec;
        let Some(planning) = &spec.visit_planning else { return };
        let mut problem = |path: String, message: String| self.problems.push(Problem::at(path, message));
        match spec.event_kinds.get(&planning.kind) {
            None => problem(
                "visit_planning.kind".into(),
                format!("unknown event kind `{}`: declare it in [event_kinds] or name another", planning.kind),
            ),
            Some(kind) if !kind.customer => problem(
                "visit_planning.kind".into(),
                format!(
                    "event kind `{}` does not concern a customer (`customer = true`), so it cannot be a visit",
                    planning.kind
                ),
            ),
            Some(_) => {}
        }
        if planning.focus_visits > MAX_VISITS {
            problem(
                "visit_planning.focus_visits".into(),
                format!("at most {MAX_VISITS}: a customer is visited at most once a day"),
            );
        }
        if planning.visit_length.is_some_and(|l| l.minutes() == 0) {
            problem("visit_planning.visit_length".into(), "a visit must last at least a minute".into());
        }
        if let (Some(start), Some(end)) = (planning.start, planning.end)
            && end <= start
        {
            problem("visit_planning.end".into(), format!("field work ends at {end}, not after it starts at {start}"));
        }
        if !(planning.speed_kmh.is_finite() && planning.speed_kmh > 0.0) {
            problem("visit_planning.speed_kmh".into(), "the speed must be a positive number of km/h".into());
        }
        if let Some(fields) = &planning.coordinates {
            for (i, name) in fields.iter().enumerate() {
                match spec.customers.fields.get(name) {
                    None => problem(
                        format!("visit_planning.coordinates[{i}]"),
                        format!("unknown customer field `{name}`: declare it in [customers.fields] as a number"),
                    ),
                    Some(field) if field.ty != FieldType::Number => problem(
                        format!("visit_planning.coordinates[{i}]"),
                        format!("customer field `{name}` is a {}, not a number", field.ty.name()),
                    ),
                    Some(_) => {}
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (i, frequency) in planning.frequencies.iter().enumerate() {
            let path = format!("visit_planning.frequencies[{i}]");
            if frequency.id.trim().is_empty() {
                problem(format!("{path}.id"), "the id must not be empty".into());
            } else if !seen.insert(frequency.id.as_str()) {
                problem(format!("{path}.id"), format!("frequency id `{}` is used twice", frequency.id));
            }
            if frequency.times == 0 {
                problem(format!("{path}.times"), "at least 1 visit a period: remove the entry to ask for none".into());
            } else if frequency.times > MAX_VISITS {
                problem(
                    format!("{path}.times"),
                    format!("at most {MAX_VISITS}: a customer is visited at most once a day"),
                );
            }
            for (j, tag) in frequency.customers.iter().flat_map(|c| c.tags_any.iter()).enumerate() {
                if !spec.customers.tags.contains(tag) {
                    problem(
                        format!("{path}.customers.tags_any[{j}]"),
                        format!("unknown customer tag `{tag}`: declare it in [customers] tags"),
                    );
                }
            }
        }
    }
}

//! The routine: steps, duties and procedures.

use chrono::Datelike;

use super::{Validator, list};
use crate::spec::{Edge, EventKindSpec, Evidence, FieldType, Owner, Schedule};
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
            if let Some(on) = step.on {
                if on.at_least().is_some() {
                    self.problem(
                        format!("{path}.on"),
                        "a step is part of days: `per_week`, `per_month` and `per_quarter` are counts (a duty's)",
                    );
                }
                self.schedule(on, &format!("{path}.on"));
            }
            self.months(&step.months, &path, false);
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
                self.evidence_contents(evidence, kind, &format!("{path}.evidence"));
            }
            let evidence = step.evidence.as_ref().map(|e| e.kind.as_str());
            self.match_fields(&step.match_fields, &["chair", "place"], &step.matched(), evidence, &path);
        }
    }

    /// Checks a rule's `match`: keys it may name (`allowed`), set on the rule (`matched`),
    /// and recorded by the kind of event that does it (a text or enum field of that name).
    fn match_fields(
        &mut self,
        keys: &[String],
        allowed: &[&str],
        matched: &[(&str, &str)],
        kind: Option<&str>,
        path: &str,
    ) {
        for (i, key) in keys.iter().enumerate() {
            let at = format!("{path}.match[{i}]");
            if !allowed.contains(&key.as_str()) {
                let allowed: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
                self.problem(at, format!("`{key}` cannot be matched: give {}", allowed.join(" or ")));
                continue;
            }
            if !matched.iter().any(|(k, _)| k == key) {
                self.problem(at, format!("`{key}` is matched but not set on the rule"));
                continue;
            }
            let Some(kind_name) = kind else {
                self.problem(at, format!("`{key}` is matched against the event that does the rule, and it has none"));
                continue;
            };
            let Some(kind) = self.spec.event_kinds.get(kind_name) else { continue };
            match kind.fields.get(key) {
                Some(field) if matches!(field.ty, FieldType::Text | FieldType::Enum) => {}
                Some(field) => self.problem(
                    at,
                    format!(
                        "field `{key}` of `{kind_name}` is of type {}: matching needs text or enum",
                        field.ty.name()
                    ),
                ),
                None => self.problem(
                    at,
                    format!(
                        "event kind `{kind_name}` has no field `{key}` to record it ({})",
                        list(kind.fields.keys())
                    ),
                ),
            }
        }
    }

    /// Checks what a step's evidence asks of its contents: lists and figures that name
    /// kinds and fields that exist, with the types they need.
    fn evidence_contents(&mut self, evidence: &Evidence, kind: &EventKindSpec, path: &str) {
        if let Some(listed) = &evidence.among {
            if !kind.customer {
                self.problem(
                    format!("{path}.among"),
                    format!("events of kind `{}` name no customer to look for in a list", evidence.kind),
                );
            }
            self.list_field(&listed.kind, &listed.list, &format!("{path}.among"));
        }
        for (field, figure) in &evidence.figures {
            let at = format!("{path}.figures.{field}");
            match kind.fields.get(field) {
                Some(spec) if matches!(spec.ty, FieldType::Integer | FieldType::Number) => {}
                Some(spec) => self.problem(
                    at.clone(),
                    format!("field `{field}` is of type {}: a figure needs an integer or number field", spec.ty.name()),
                ),
                None => {
                    let declared = list(kind.fields.keys());
                    self.problem(
                        at.clone(),
                        format!("event kind `{}` has no field `{field}` ({declared})", evidence.kind),
                    );
                }
            }
            let Some(counted) = self.kind(&figure.kind, &format!("{at}.kind")) else { continue };
            self.filter(counted, &figure.kind, &figure.filter, &at);
            match (&figure.distinct, &figure.list) {
                (Some(_), Some(_)) => self.problem(at, "give `distinct` or `list`, not both"),
                (Some(distinct), None) if distinct == "customer" => {
                    if !counted.customer {
                        self.problem(
                            format!("{at}.distinct"),
                            format!("events of kind `{}` name no customer", figure.kind),
                        );
                    }
                }
                (Some(distinct), None) => {
                    if !counted.fields.contains_key(distinct) {
                        let declared = list(counted.fields.keys());
                        self.problem(
                            format!("{at}.distinct"),
                            format!("event kind `{}` has no field `{distinct}` ({declared}, or customer)", figure.kind),
                        );
                    }
                }
                (None, Some(field)) => self.list_field(&figure.kind, field, &at),
                (None, None) => {}
            }
        }
        if let Some(short) = &evidence.shortfall {
            let at = format!("{path}.shortfall");
            if !kind.fields.contains_key(&short.field) {
                let declared = list(kind.fields.keys());
                self.problem(
                    format!("{at}.field"),
                    format!("event kind `{}` has no field `{}` ({declared})", evidence.kind, short.field),
                );
            }
            for (key, figure) in [("planned", &short.planned), ("actual", &short.actual)] {
                if !evidence.figures.contains_key(figure) {
                    let declared = list(evidence.figures.keys());
                    self.problem(
                        format!("{at}.{key}"),
                        format!("`{figure}` is not one of the evidence's figures ({declared})"),
                    );
                }
            }
        }
    }

    /// Checks that event kind `kind` has a list field `field`.
    fn list_field(&mut self, kind: &str, field: &str, path: &str) {
        let Some(spec) = self.kind(kind, &format!("{path}.kind")) else { return };
        match spec.fields.get(field) {
            Some(f) if f.ty == FieldType::List => {}
            Some(f) => self.problem(
                format!("{path}.list"),
                format!("field `{field}` of `{kind}` is of type {}, not list", f.ty.name()),
            ),
            None => {
                let declared = list(spec.fields.keys());
                self.problem(
                    format!("{path}.list"),
                    format!("event kind `{kind}` has no field `{field}` ({declared})"),
                );
            }
        }
    }

    /// A schedule at key path `at` (`duties[0].schedule`, `steps[2].on`): days of the
    /// month, counts and working days that can be.
    fn schedule(&mut self, schedule: Schedule, at: &str) {
        match schedule {
            Schedule::Monthly(day) if !(1..=31).contains(&day) => {
                self.problem(format!("{at}.monthly"), format!("day {day} is not a day of the month (1 to 31)"));
            }
            Schedule::PerWeek(0) | Schedule::PerMonth(0) | Schedule::PerQuarter(0) => {
                self.problem(at, "\"at least 0 times\" is no duty: give a count of 1 or more");
            }
            Schedule::EveryWeeks(every) => {
                let at = format!("{at}.every_weeks");
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
                    format!("{at}.working_day.n"),
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
    }

    /// The `months` of a duty or step at `path`: each 1 to 12, once; not for counts per
    /// period (`counted`).
    fn months(&mut self, months: &[u8], path: &str, counted: bool) {
        if counted && !months.is_empty() {
            self.problem(format!("{path}.months"), "a duty done at least N times a period is owed in every period");
        }
        for (j, month) in months.iter().enumerate() {
            if !(1..=12).contains(month) {
                self.problem(format!("{path}.months[{j}]"), format!("{month} is not a month (1 to 12)"));
            } else if months[..j].contains(month) {
                self.problem(format!("{path}.months[{j}]"), format!("month {month} is named twice"));
            }
        }
    }

    pub(super) fn duties(&mut self) {
        let spec = self.spec;
        for (i, duty) in spec.duties.iter().enumerate() {
            let path = format!("duties[{i}]");
            self.schedule(duty.schedule, &format!("{path}.schedule"));
            self.months(&duty.months, &path, duty.schedule.at_least().is_some());
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
            let done_by = duty.done_by.as_ref().map(|m| m.kind.as_str());
            self.match_fields(&duty.match_fields, &["chair", "to"], &duty.matched(), done_by, &path);
        }
    }

    pub(super) fn procedures(&mut self) {
        let spec = self.spec;
        for (i, procedure) in spec.procedures.iter().enumerate() {
            let path = format!("procedures[{i}]");
            let kind = self.kind(&procedure.applies_to, &format!("{path}.applies_to"));
            if procedure.owner == Owner::Manager && kind.is_some_and(|k| !k.customer) {
                self.problem(
                    format!("{path}.owner"),
                    format!(
                        "events of kind `{}` name no customer, so no customer's manager answers for them",
                        procedure.applies_to
                    ),
                );
            }
            if let Some(kind) = kind {
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
                if let Some(min) = item.min
                    && (min == 0 || min as usize > item.sub.len())
                {
                    let subs = item.sub.len();
                    let fix = if subs == 0 { "remove `min`".to_string() } else { format!("give 1 to {subs}") };
                    self.problem(
                        format!("{item_path}.min"),
                        format!("`min = {min}` sub-items, and item `{}` has {subs}: {fix}", item.id),
                    );
                }
                if let Some(when) = &item.when {
                    if let Some(kind) = kind {
                        self.filter(kind, &procedure.applies_to, &when.filter, &format!("{item_path}.when"));
                    }
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

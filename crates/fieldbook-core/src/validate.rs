//! Cross-reference checks of a parsed playbook: everything serde cannot see on its own.
//! Every problem is collected, with the key path of the value at fault.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use crate::calendar::Calendar;
use crate::check::CheckScope;
use crate::error::Problem;
use crate::event_kind::{EventKindSpec, EventMatch};
use crate::field::{FieldType, Fields, Scalar, whole_days};
use crate::people::CustomerFilter;
use crate::quota::{Amount, Measure, Per, QuotaSpec, Threshold, Window};
use crate::routine::Edge;
use crate::schedule::Schedule;
use crate::spec::PlaybookSpec;
use crate::time::Timespan;

impl Validator<'_> {
    fn checks(&mut self) {
        let spec = self.spec;
        for (i, check) in spec.checks.iter().enumerate() {
            let path = format!("checks[{i}]");
            self.roles(&check.roles, &path);
            match (check.scope, &check.kind) {
                (CheckScope::Event, Some(kind)) => {
                    self.kind(kind, &format!("{path}.kind"));
                }
                (CheckScope::Event, None) => self.problem(&path, "an `event` check names the event `kind` it judges"),
                (CheckScope::Phase, _) if spec.phases.is_empty() => {
                    self.problem(format!("{path}.scope"), "a `phase` check needs the playbook to declare [[phases]]");
                }
                (_, Some(_)) => self.problem(format!("{path}.kind"), "only `event` checks name a `kind`"),
                (_, None) => {}
            }
            for (j, phase) in check.phases.iter().enumerate() {
                self.phase_ref(phase, &format!("{path}.phases[{j}]"));
            }
            if !check.phases.is_empty() && matches!(check.scope, CheckScope::Week | CheckScope::Month) {
                self.problem(
                    format!("{path}.phases"),
                    "`phases` limits event, day and phase checks, not weeks or months",
                );
            }
            match (&check.script, &check.file) {
                (Some(_), None) | (None, Some(_)) => {}
                (Some(_), Some(_)) => {
                    self.problem(&path, "give the check's script either inline (`script`) or in a `file`, not both")
                }
                (None, None) => self.problem(&path, "give the check's script, inline (`script`) or in a `file`"),
            }
        }
    }
}

/// The longest run of days off a calendar may have.
const MAX_DAYS_OFF: i32 = 300;

/// Checks `spec` and returns every problem found, in document order of sections.
pub(crate) fn validate(spec: &PlaybookSpec) -> Vec<Problem> {
    let mut v = Validator { spec, problems: Vec::new() };
    v.meta_and_calendar();
    v.names();
    v.rule_ids_and_refs();
    v.fields();
    v.phases();
    v.steps();
    v.duties();
    v.procedures();
    v.quotas();
    v.triggers();
    v.customers();
    v.occasions();
    v.agreements();
    v.call_lists();
    v.checks();
    v.problems.extend(crate::visit_planning::problems(spec));
    v.problems
}

/// How many days ahead a date or occasion trigger may start at most.
const MAX_DAYS_BEFORE: u32 = 365;

struct Validator<'a> {
    spec: &'a PlaybookSpec,
    problems: Vec<Problem>,
}

fn list(names: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let names = quoted(names);
    if names.is_empty() { "none are declared".to_string() } else { format!("declared: {names}") }
}

/// Names in backticks, joined with commas: `` `a`, `b` ``.
fn quoted(names: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    names.into_iter().map(|n| format!("`{}`", n.as_ref())).collect::<Vec<_>>().join(", ")
}

impl<'a> Validator<'a> {
    fn problem(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::at(path, message));
    }

    fn meta_and_calendar(&mut self) {
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
        if calendar.work_week.is_empty() {
            self.problem("calendar.work_week", "the work week has no days: name at least one, e.g. [\"mon\"]");
        }
        let mut seen = Vec::new();
        for (i, day) in calendar.work_week.iter().enumerate() {
            if seen.contains(day) {
                self.problem(
                    format!("calendar.work_week[{i}]"),
                    format!("`{}` is listed twice", format!("{day:?}").to_lowercase()),
                );
            }
            seen.push(*day);
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

    /// Roles and event kinds, whose names other sections refer to.
    fn names(&mut self) {
        let spec = self.spec;
        self.unique(spec.roles.iter().map(|r| r.id.as_str()), "roles", "role");
        self.unique(spec.phases.iter().map(|p| p.id.as_str()), "phases", "phase");
        let mut tags = Vec::new();
        for (i, tag) in spec.customers.tags.iter().enumerate() {
            if tags.contains(&tag) {
                self.problem(format!("customers.tags[{i}]"), format!("tag `{tag}` is listed twice"));
            }
            tags.push(tag);
        }
        for (name, kind) in &spec.event_kinds {
            if name.trim().is_empty() || kind.fields.keys().any(|f| f.trim().is_empty()) {
                self.problem(format!("event_kinds.{name}"), "event kinds and their fields need non-empty names");
            }
        }
    }

    fn unique<'s>(&mut self, ids: impl Iterator<Item = &'s str>, section: &str, what: &str) {
        let mut seen: Vec<&str> = Vec::new();
        for (i, id) in ids.enumerate() {
            if id.trim().is_empty() {
                self.problem(format!("{section}[{i}].id"), format!("the {what} id must not be empty"));
            } else if seen.contains(&id) {
                self.problem(format!("{section}[{i}].id"), format!("{what} id `{id}` is used twice"));
            }
            seen.push(id);
        }
    }

    /// Rules (steps, duties, procedures, quotas, triggers) share one namespace of ids,
    /// since findings name them; each cites at least one source fact.
    fn rule_ids_and_refs(&mut self) {
        let spec = self.spec;
        let rules = spec
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("steps[{i}]"), &s.id, &s.refs))
            .chain(spec.duties.iter().enumerate().map(|(i, s)| (format!("duties[{i}]"), &s.id, &s.refs)))
            .chain(spec.procedures.iter().enumerate().map(|(i, s)| (format!("procedures[{i}]"), &s.id, &s.refs)))
            .chain(spec.quotas.iter().enumerate().map(|(i, s)| (format!("quotas[{i}]"), &s.id, &s.refs)))
            .chain(spec.triggers.iter().enumerate().map(|(i, s)| (format!("triggers[{i}]"), &s.id, &s.refs)))
            .chain(spec.agreements.iter().enumerate().map(|(i, s)| (format!("agreements[{i}]"), &s.id, &s.refs)))
            .chain(spec.call_lists.iter().enumerate().map(|(i, s)| (format!("call_lists[{i}]"), &s.id, &s.refs)))
            .chain(spec.checks.iter().enumerate().map(|(i, s)| (format!("checks[{i}]"), &s.id, &s.refs)));
        let mut seen: IndexMap<&str, String> = IndexMap::new();
        for (path, id, refs) in rules {
            if id.trim().is_empty() {
                self.problem(format!("{path}.id"), "the rule id must not be empty");
            } else if let Some(first) = seen.get(id.as_str()) {
                self.problem(format!("{path}.id"), format!("rule id `{id}` is already used by {first}"));
            } else {
                seen.insert(id, path.clone());
            }
            if refs.is_empty() {
                self.problem(
                    format!("{path}.refs"),
                    "every rule cites the source facts it implements, e.g. refs = [\"T77-8\"]",
                );
            }
            self.refs_format(refs, &path);
        }
    }

    fn refs_format(&mut self, refs: &[String], path: &str) {
        for (j, r) in refs.iter().enumerate() {
            if !is_ref(r) {
                self.problem(
                    format!("{path}.refs[{j}]"),
                    format!("`{r}` is not a source id: write LETTERS-NUMBER, e.g. \"T77-8\""),
                );
            }
        }
    }

    fn fields(&mut self) {
        let spec = self.spec;
        for (name, kind) in &spec.event_kinds {
            self.field_roles(&kind.fields, &format!("event_kinds.{name}.fields"));
            self.no_validity(&kind.fields, &format!("event_kinds.{name}.fields"));
        }
        self.field_roles(&spec.customers.fields, "customers.fields");
        self.field_roles(&spec.people.attributes, "people.attributes");
        self.no_validity(&spec.people.attributes, "people.attributes");
        for (name, field) in &spec.customers.fields {
            if let Some(span) = field.valid_for {
                self.whole_days(span, &format!("customers.fields.{name}.valid_for"));
            }
        }
    }

    /// `valid_for` is about customer records, which are reviewed; events and attributes
    /// are not.
    fn no_validity(&mut self, fields: &Fields, path: &str) {
        for (name, field) in fields {
            if field.valid_for.is_some() {
                self.problem(
                    format!("{path}.{name}.valid_for"),
                    "`valid_for` is for fields of customer records ([customers.fields])",
                );
            }
        }
    }

    fn whole_days(&mut self, span: Timespan, path: &str) {
        if whole_days(span).is_none() {
            self.problem(path, format!("`{span}` is not a whole number of days: write e.g. \"180d\""));
        }
    }

    fn customer_filter(&mut self, filter: Option<&CustomerFilter>, path: &str) {
        for (i, tag) in filter.map(|f| f.tags_any.as_slice()).unwrap_or_default().iter().enumerate() {
            self.tag(tag, &format!("{path}.customers.tags_any[{i}]"));
        }
    }

    /// A customer field of the given type; `what` says what it is for.
    fn customer_field(&mut self, field: &str, ty: FieldType, path: &str) {
        let fields = &self.spec.customers.fields;
        match fields.get(field) {
            Some(f) if f.ty == ty => {}
            Some(f) => self.problem(
                path,
                format!("customer field `{field}` is of type {}; it must be of type {}", f.ty.name(), ty.name()),
            ),
            None => self.problem(
                path,
                format!("unknown customer field `{field}` ({} in [customers.fields])", list(fields.keys())),
            ),
        }
    }

    /// An event match whose kind names a customer.
    fn customer_events(&mut self, m: &EventMatch, path: &str, why: &str) {
        if let Some(kind) = self.event_match(m, path)
            && !kind.customer
        {
            self.problem(format!("{path}.kind"), format!("events of kind `{}` name no customer, {why}", m.kind));
        }
    }

    fn field_roles(&mut self, fields: &Fields, path: &str) {
        for (name, field) in fields {
            for (i, role) in field.visible_to.iter().enumerate() {
                self.role(role, &format!("{path}.{name}.visible_to[{i}]"));
            }
        }
    }

    fn role(&mut self, role: &str, path: &str) {
        if !self.spec.roles.iter().any(|r| r.id == role) {
            let declared = list(self.spec.roles.iter().map(|r| &r.id));
            self.problem(path, format!("unknown role `{role}` ({declared})"));
        }
    }

    fn roles(&mut self, roles: &[String], path: &str) {
        for (i, role) in roles.iter().enumerate() {
            self.role(role, &format!("{path}.roles[{i}]"));
        }
    }

    fn phase_ref(&mut self, phase: &str, path: &str) {
        if !self.spec.phases.iter().any(|p| p.id == phase) {
            let declared = list(self.spec.phases.iter().map(|p| &p.id));
            self.problem(path, format!("unknown phase `{phase}` ({declared})"));
        }
    }

    fn tag(&mut self, tag: &str, path: &str) {
        if !self.spec.customers.tags.iter().any(|t| t == tag) {
            let declared = list(&self.spec.customers.tags);
            self.problem(path, format!("unknown customer tag `{tag}` ({declared} in customers.tags)"));
        }
    }

    fn kind(&mut self, kind: &str, path: &str) -> Option<&'a EventKindSpec> {
        let found = self.spec.event_kinds.get(kind);
        if found.is_none() {
            let declared = list(self.spec.event_kinds.keys());
            self.problem(path, format!("unknown event kind `{kind}` ({declared} in [event_kinds])"));
        }
        found
    }

    /// Checks that a `where` filter names fields of `kind` with values of their types.
    fn filter(&mut self, kind: &EventKindSpec, kind_name: &str, filter: &IndexMap<String, Scalar>, path: &str) {
        for (field, value) in filter {
            match kind.fields.get(field) {
                None => {
                    let declared = list(kind.fields.keys());
                    self.problem(
                        format!("{path}.where.{field}"),
                        format!("event kind `{kind_name}` has no field `{field}` ({declared})"),
                    );
                }
                Some(spec) if !value.fits(spec) => {
                    let allowed = if spec.ty == FieldType::Enum {
                        format!(" (one of {})", spec.values.join(", "))
                    } else {
                        String::new()
                    };
                    self.problem(
                        format!("{path}.where.{field}"),
                        format!("{value} is not a value of field `{field}` of type {}{allowed}", spec.ty.name()),
                    );
                }
                Some(_) => {}
            }
        }
    }

    fn event_match(&mut self, m: &EventMatch, path: &str) -> Option<&'a EventKindSpec> {
        let kind = self.kind(&m.kind, &format!("{path}.kind"))?;
        self.filter(kind, &m.kind, &m.filter, path);
        Some(kind)
    }

    fn phases(&mut self) {
        let spec = self.spec;
        for (i, phase) in spec.phases.iter().enumerate() {
            for (j, tag) in phase.focus.iter().enumerate() {
                self.tag(tag, &format!("phases[{i}].focus[{j}]"));
            }
        }
    }

    fn steps(&mut self) {
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

    fn duties(&mut self) {
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
                _ => {}
            }
            if let (Some(at), Some(by)) = (duty.at, duty.by)
                && by < at
            {
                self.problem(format!("{path}.by"), format!("the deadline {by} is before the start {at}"));
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

    fn procedures(&mut self) {
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

    fn quotas(&mut self) {
        let spec = self.spec;
        for (i, quota) in spec.quotas.iter().enumerate() {
            let path = format!("quotas[{i}]");
            self.roles(&quota.roles, &path);
            let kind = self.event_match(&quota.of, &format!("{path}.of"));
            if let Some(kind) = kind {
                self.quota_measure(quota, kind, &path);
            }
            if quota.at_least.is_none() && quota.at_most.is_none() {
                self.problem(path.clone(), "a quota needs `at_least` or `at_most`");
            }
            let timed = quota.measure == Measure::Duration
                || quota.measure == Measure::Sum
                    && kind
                        .and_then(|k| quota.field.as_ref().and_then(|f| k.fields.get(f)))
                        .is_some_and(|f| f.ty == FieldType::Duration);
            for (key, threshold) in [("at_least", &quota.at_least), ("at_most", &quota.at_most)] {
                if let Some(threshold) = threshold {
                    self.threshold(threshold, timed, &format!("{path}.{key}"));
                }
            }
            if let (Some(low), Some(high)) = (&quota.at_least, &quota.at_most) {
                for (key, least) in low.amounts() {
                    let most = match key {
                        Some(k) => {
                            high.amounts().into_iter().find(|(h, _)| *h == Some(k) || h.is_none()).map(|(_, a)| a)
                        }
                        None => high.amounts().first().map(|(_, a)| *a),
                    };
                    if most.is_some_and(|most| amount_value(most) < amount_value(least)) {
                        self.problem(format!("{path}.at_most"), "`at_most` is below `at_least`: no value can pass");
                        break;
                    }
                }
            }
        }
    }

    fn quota_measure(&mut self, quota: &QuotaSpec, kind: &EventKindSpec, path: &str) {
        let kind_name = &quota.of.kind;
        match (quota.measure, &quota.field) {
            (Measure::Sum, None) => self.problem(format!("{path}.field"), "a `sum` quota names the numeric `field` it adds up"),
            (Measure::Sum, Some(field)) => match kind.fields.get(field) {
                Some(spec) if spec.ty.is_numeric() => {}
                Some(spec) => self.problem(format!("{path}.field"), format!("field `{field}` is of type {}, which cannot be summed", spec.ty.name())),
                None => self.problem(format!("{path}.field"), format!("event kind `{kind_name}` has no field `{field}` ({})", list(kind.fields.keys()))),
            },
            (Measure::Distinct, Some(field)) if !kind.fields.contains_key(field) => {
                self.problem(format!("{path}.field"), format!("event kind `{kind_name}` has no field `{field}` ({})", list(kind.fields.keys())));
            }
            (Measure::Distinct, None) if !kind.customer => self.problem(
                format!("{path}.field"),
                format!("events of kind `{kind_name}` name no customer, so distinct customers cannot be counted: name a `field`"),
            ),
            (Measure::Count | Measure::Duration, Some(_)) => {
                self.problem(format!("{path}.field"), format!("a `{:?}` quota takes no `field`", quota.measure).to_lowercase());
            }
            _ => {}
        }
        if quota.measure == Measure::Duration && !kind.lasts {
            self.problem(
                format!("{path}.measure"),
                format!("events of kind `{kind_name}` have no end time: set `lasts = true` on the kind"),
            );
        }
        if quota.window == Window::Event && matches!(quota.measure, Measure::Count | Measure::Distinct) {
            self.problem(
                format!("{path}.window"),
                "counting over a single event is always 1: use a `day` or longer window",
            );
        }
        if quota.per == Per::Customer && !kind.customer {
            self.problem(
                format!("{path}.per"),
                format!("events of kind `{kind_name}` name no customer, so they cannot be counted per customer"),
            );
        }
    }

    fn threshold(&mut self, threshold: &Threshold, timed: bool, path: &str) {
        if let Threshold::ByAttribute { by, values } = threshold {
            match self.spec.people.attributes.get(by) {
                Some(attr) if attr.ty == FieldType::Enum => {
                    for value in values.keys() {
                        if !attr.values.contains(value) {
                            self.problem(
                                format!("{path}.{value}"),
                                format!(
                                    "`{value}` is not a value of attribute `{by}` (one of {})",
                                    attr.values.join(", ")
                                ),
                            );
                        }
                    }
                    for value in &attr.values {
                        if !values.contains_key(value) {
                            self.problem(path, format!("no threshold for {by} = `{value}`: give one for every value"));
                        }
                    }
                }
                Some(_) => self.problem(
                    format!("{path}.by"),
                    format!("attribute `{by}` must be of type enum to pick a threshold by it"),
                ),
                None => self.problem(
                    format!("{path}.by"),
                    format!(
                        "unknown person attribute `{by}` ({} in [people.attributes])",
                        list(self.spec.people.attributes.keys())
                    ),
                ),
            }
        }
        for (key, amount) in threshold.amounts() {
            let at = key.map_or(path.to_string(), |k| format!("{path}.{k}"));
            match (timed, amount) {
                (true, Amount::Number(_)) => {
                    self.problem(at, "this quota measures time: give a length of time such as \"8m\" or \"5h\"");
                }
                (false, Amount::Time(_)) => {
                    self.problem(at, "this quota counts or sums numbers: give a number, not a length of time");
                }
                (_, Amount::Number(n)) if n < 0.0 => self.problem(at, "a threshold cannot be negative"),
                _ => {}
            }
        }
    }

    fn triggers(&mut self) {
        let spec = self.spec;
        for (i, trigger) in spec.triggers.iter().enumerate() {
            let path = format!("triggers[{i}]");
            self.roles(&trigger.roles, &path);
            let on = &trigger.on;
            self.customer_filter(trigger.customers.as_ref(), &path);
            if on.kind.is_none() && on.days_before > MAX_DAYS_BEFORE {
                self.problem(
                    format!("{path}.on.days_before"),
                    format!("a reminder starts at most {MAX_DAYS_BEFORE} days ahead"),
                );
            }
            let starts_with_customer = match (&on.kind, &on.date, &on.occasion) {
                (Some(kind_name), None, None) => {
                    let kind = self.kind(kind_name, &format!("{path}.on.kind"));
                    if let Some(kind) = kind {
                        self.filter(kind, kind_name, &on.filter, &format!("{path}.on"));
                        if on.days_before > 0 {
                            self.problem(
                                format!("{path}.on.days_before"),
                                "`days_before` is for date and occasion triggers",
                            );
                        }
                    }
                    if trigger.customers.is_some() {
                        self.problem(
                            format!("{path}.customers"),
                            "`customers` limits date and occasion triggers; an event trigger is limited by `where`",
                        );
                    }
                    kind.map(|k| k.customer)
                }
                (None, None, Some(name)) => {
                    if !spec.occasions.contains_key(name) {
                        self.problem(
                            format!("{path}.on.occasion"),
                            format!("unknown occasion `{name}` ({} in [occasions])", list(spec.occasions.keys())),
                        );
                    }
                    if !on.filter.is_empty() {
                        self.problem(format!("{path}.on.where"), "`where` is for event triggers");
                    }
                    Some(true)
                }
                (None, Some(field), None) => {
                    self.date_visible(trigger, field, &path);
                    match spec.customers.fields.get(field) {
                        Some(f) if matches!(f.ty, FieldType::Date | FieldType::RecurringDate) => {}
                        Some(_) => {
                            self.problem(format!("{path}.on.date"), format!("customer field `{field}` is not a date"))
                        }
                        None => self.problem(
                            format!("{path}.on.date"),
                            format!(
                                "unknown customer field `{field}` ({} in [customers.fields])",
                                list(spec.customers.fields.keys())
                            ),
                        ),
                    }
                    if !on.filter.is_empty() {
                        self.problem(format!("{path}.on.where"), "`where` is for event triggers");
                    }
                    Some(true)
                }
                _ => {
                    self.problem(
                        format!("{path}.on"),
                        "name exactly one of `kind` (an event starts it), `date` (a customer date starts it) or `occasion`",
                    );
                    None
                }
            };
            let follow = &trigger.follow_up;
            let follow_kind = self.kind(&follow.kind, &format!("{path}.follow_up.kind"));
            if let Some(kind) = follow_kind {
                self.filter(kind, &follow.kind, &follow.filter, &format!("{path}.follow_up"));
                if follow.same_customer && (!kind.customer || starts_with_customer == Some(false)) {
                    self.problem(
                        format!("{path}.follow_up.same_customer"),
                        "both the starting event and the follow-up must name a customer to match them by customer",
                    );
                }
            }
        }
    }
}

impl Validator<'_> {
    /// A date trigger's reminders show the date to the trigger's roles: each must be
    /// allowed to see the field (HOT-2 discretion).
    fn date_visible(&mut self, trigger: &crate::trigger::TriggerSpec, field: &str, path: &str) {
        let spec = self.spec;
        let Some(declared) = spec.customers.fields.get(field) else { return };
        let roles: Vec<&str> = if trigger.roles.is_empty() {
            spec.roles.iter().map(|r| r.id.as_str()).collect()
        } else {
            trigger.roles.iter().map(String::as_str).collect()
        };
        let kept: Vec<&str> = roles.into_iter().filter(|r| !declared.visible_to_role(Some(r))).collect();
        if !kept.is_empty() {
            self.problem(
                format!("{path}.on.date"),
                format!(
                    "customer field `{field}` is kept from role(s) {} that this trigger reminds: limit `roles` to {}",
                    quoted(kept),
                    quoted(&declared.visible_to),
                ),
            );
        }
    }

    fn customers(&mut self) {
        let spec = self.spec;
        let customers = &spec.customers;
        self.refs_format(&customers.refs, "customers");
        if let Some(label) = &customers.label {
            self.customer_field(label, FieldType::Text, "customers.label");
        }
        let Some(activity) = &customers.activity else { return };
        let path = "customers.activity";
        self.customer_events(&activity.visit, &format!("{path}.visit"), "so they cannot be a customer's visits");
        if let (Some(spend), Some(kind)) = (&activity.spend, spec.event_kinds.get(&activity.visit.kind)) {
            match kind.fields.get(spend) {
                Some(f) if f.ty.is_numeric() => {}
                Some(f) => self.problem(
                    format!("{path}.spend"),
                    format!("field `{spend}` is of type {}; spend must be a number or money", f.ty.name()),
                ),
                None => self.problem(
                    format!("{path}.spend"),
                    format!(
                        "event kind `{}` has no field `{spend}` ({})",
                        activity.visit.kind,
                        list(kind.fields.keys())
                    ),
                ),
            }
        }
        for (key, span) in [("dormant_after", activity.dormant_after), ("lost_after", activity.lost_after)] {
            if let Some(span) = span {
                self.whole_days(span, &format!("{path}.{key}"));
            }
        }
        if let (Some(dormant), Some(lost)) = (activity.dormant_after, activity.lost_after)
            && lost <= dormant
        {
            self.problem(
                format!("{path}.lost_after"),
                "a customer is lost after being dormant: `lost_after` must be longer than `dormant_after`",
            );
        }
        self.roles(&activity.roles, path);
        self.refs_format(&activity.refs, path);
    }

    fn occasions(&mut self) {
        for (name, occasion) in &self.spec.occasions {
            if name.trim().is_empty() {
                self.problem(format!("occasions.{name}"), "occasions need non-empty names");
            }
            if occasion.dates.is_empty() {
                self.problem(
                    format!("occasions.{name}.dates"),
                    "an occasion needs at least one date: YYYY-MM-DD, or MM-DD for every year",
                );
            }
        }
    }

    fn agreements(&mut self) {
        let spec = self.spec;
        for (i, agreement) in spec.agreements.iter().enumerate() {
            let path = format!("agreements[{i}]");
            self.roles(&agreement.roles, &path);
            self.customer_filter(agreement.customers.as_ref(), &path);
            self.customer_field(&agreement.signed, FieldType::Date, &format!("{path}.signed"));
            self.customer_field(&agreement.signers, FieldType::List, &format!("{path}.signers"));
            self.whole_days(agreement.valid_for, &format!("{path}.valid_for"));
            let why = "so no agreement can be looked up for them";
            self.customer_events(&agreement.required_for, &format!("{path}.required_for"), why);
            if let Some(renewal) = &agreement.renewed_by {
                self.customer_events(renewal, &format!("{path}.renewed_by"), why);
            }
        }
    }

    fn call_lists(&mut self) {
        let spec = self.spec;
        for (i, list) in spec.call_lists.iter().enumerate() {
            let path = format!("call_lists[{i}]");
            self.roles(&list.roles, &path);
            self.customer_filter(list.customers.as_ref(), &path);
            if list.size == 0 {
                self.problem(format!("{path}.size"), "a call list of 0 customers is no list: give 1 or more");
            }
            self.customer_events(&list.contact, &format!("{path}.contact"), "so they cannot contact one");
        }
    }
}

fn amount_value(amount: Amount) -> f64 {
    match amount {
        Amount::Number(n) => n,
        Amount::Time(t) => f64::from(t.minutes()),
    }
}

/// Whether `text` looks like a source id: letters and digits, a dash, a number (`T77-8`).
fn is_ref(text: &str) -> bool {
    let Some((prefix, number)) = text.rsplit_once('-') else {
        return false;
    };
    !prefix.is_empty()
        && prefix.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && prefix.starts_with(|c: char| c.is_ascii_uppercase())
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::is_ref;

    fn problems(extra: &str) -> Vec<String> {
        let text = format!("[playbook]\nid = \"x\"\ntitle = \"X\"\n[calendar]\ntime_zone = \"UTC\"\n{extra}");
        match crate::Playbook::from_toml(&text, None) {
            Ok(_) => vec![],
            Err(problems) => problems.iter().map(|p| p.to_string()).collect(),
        }
    }

    /// `path: message` of every problem, sorted (positions aside).
    fn located(extra: &str) -> Vec<String> {
        let text =
            format!("[playbook]\nid = \"x\"\ntitle = \"X\"\n[calendar]\ntime_zone = \"UTC\"\n{CUSTOMER_BASE}{extra}");
        let mut found: Vec<String> = match crate::Playbook::from_toml(&text, None) {
            Ok(_) => vec![],
            Err(problems) => problems.iter().map(|p| format!("{}: {}", p.path, p.message)).collect(),
        };
        found.sort();
        found
    }

    const CUSTOMER_BASE: &str = r#"
[[roles]]
id = "cm"
title = "CM"
[[roles]]
id = "staff"
title = "Staff"
[event_kinds.meal]
title = "Meal"
customer = true
fields = { spend = "money" }
[event_kinds.memo]
title = "Memo"
[customers]
tags = ["credit"]
"#;

    fn sorted(mut lines: Vec<&str>) -> Vec<String> {
        lines.sort();
        lines.into_iter().map(String::from).collect()
    }

    #[test]
    fn customer_record_keys_are_checked() {
        let found = located(
            r#"label = "age"
[event_kinds.note]
title = "Note"
fields = { text = { type = "text", valid_for = "30d" } }
[customers.fields]
name = "text"
age = "integer"
health = { type = "text", visible_to = ["cm"], valid_for = "36h" }
[customers.activity]
visit = { kind = "memo" }
spend = "missing"
dormant_after = "90d"
lost_after = "60d"
"#,
        );
        assert_eq!(
            found,
            sorted(vec![
                "event_kinds.note.fields.text.valid_for: `valid_for` is for fields of customer records ([customers.fields])",
                "customers.fields.health.valid_for: `1d12h` is not a whole number of days: write e.g. \"180d\"",
                "customers.label: customer field `age` is of type integer; it must be of type text",
                "customers.activity.visit.kind: events of kind `memo` name no customer, so they cannot be a customer's visits",
                "customers.activity.spend: event kind `memo` has no field `missing` (none are declared)",
                "customers.activity.lost_after: a customer is lost after being dormant: `lost_after` must be longer than `dormant_after`",
            ])
        );
    }

    #[test]
    fn date_and_occasion_triggers_are_checked() {
        let found = located(
            r#"[customers.fields]
private_day = { type = "recurring_date", visible_to = ["cm"] }
birthday = "recurring_date"
[[triggers]]
id = "t0"
title = "T0"
refs = ["FNB-9"]
on = { occasion = "easter" }
follow_up = { kind = "meal" }
within = "1d"
[[triggers]]
id = "t1"
title = "T1"
refs = ["FNB-7"]
on = { kind = "meal" }
follow_up = { kind = "meal" }
within = "1d"
customers = { tags_any = ["credit"] }
[[triggers]]
id = "t2"
title = "T2"
refs = ["HOT-2"]
on = { date = "private_day" }
follow_up = { kind = "meal" }
within = "1d"
[[triggers]]
id = "t3"
title = "T3"
refs = ["HOT-1"]
on = { date = "birthday", days_before = 400 }
follow_up = { kind = "meal" }
within = "1d"
roles = ["cm"]
customers = { tags_any = ["vip"] }
"#,
        );
        assert_eq!(
            found,
            sorted(vec![
                "triggers[0].on.occasion: unknown occasion `easter` (none are declared in [occasions])",
                "triggers[1].customers: `customers` limits date and occasion triggers; an event trigger is limited by `where`",
                "triggers[2].on.date: customer field `private_day` is kept from role(s) `staff` that this trigger reminds: limit `roles` to `cm`",
                "triggers[3].on.days_before: a reminder starts at most 365 days ahead",
                "triggers[3].customers.tags_any[0]: unknown customer tag `vip` (declared: `credit` in customers.tags)",
            ])
        );
    }

    #[test]
    fn occasions_agreements_and_call_lists_are_checked() {
        let found = located(
            r#"[customers.fields]
name = "text"
birthday = "recurring_date"
[occasions.xmas]
title = "Christmas"
dates = []
[[agreements]]
id = "a"
title = "A"
refs = ["hot-4"]
signed = "birthday"
signers = "nope"
valid_for = "12h"
required_for = { kind = "memo" }
[[call_lists]]
id = "a"
title = "Calls"
refs = ["HOT-8"]
size = 0
contact = { kind = "ring" }
"#,
        );
        assert_eq!(
            found,
            sorted(vec![
                "occasions.xmas.dates: an occasion needs at least one date: YYYY-MM-DD, or MM-DD for every year",
                "agreements[0].refs[0]: `hot-4` is not a source id: write LETTERS-NUMBER, e.g. \"T77-8\"",
                "agreements[0].signed: customer field `birthday` is of type recurring_date; it must be of type date",
                "agreements[0].signers: unknown customer field `nope` (declared: `name`, `birthday` in [customers.fields])",
                "agreements[0].valid_for: `12h` is not a whole number of days: write e.g. \"180d\"",
                "agreements[0].required_for.kind: events of kind `memo` name no customer, so no agreement can be looked up for them",
                "call_lists[0].id: rule id `a` is already used by agreements[0]",
                "call_lists[0].size: a call list of 0 customers is no list: give 1 or more",
                "call_lists[0].contact.kind: unknown event kind `ring` (declared: `meal`, `memo` in [event_kinds])",
            ])
        );
    }

    #[test]
    fn a_check_needs_exactly_one_script_and_phases_to_judge_a_phase() {
        let check = |extra: &str| {
            format!("[[checks]]\nid = \"c\"\ntitle = \"C\"\nrefs = [\"T77-5\"]\nscope = \"phase\"\n{extra}")
        };
        let found = problems(&check(""));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .any(|p| p.contains("checks[0].scope: a `phase` check needs the playbook to declare [[phases]]"))
        );
        assert!(
            found.iter().any(|p| p.contains("checks[0]: give the check's script, inline (`script`) or in a `file`"))
        );
        let both = problems(&check("script = \"true\"\nfile = \"c.rhai\"\n"));
        assert!(both.iter().any(|p| p.contains("not both")), "{both:?}");
    }

    #[test]
    fn a_year_of_holidays_is_rejected() {
        // All of 2026 (365 days) off: 31 December 2025 and 1 January 2027 are working days.
        let found = problems("holidays = [\"2026-01-01..2026-12-31\"]\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("calendar.holidays: the holidays leave 365 days in a row"), "{found:?}");
        assert_eq!(problems("holidays = [\"2026-01-01..2026-06-30\"]\n"), Vec::<String>::new());
    }

    #[test]
    fn work_week_days_are_named_as_written() {
        let found = problems("work_week = [\"mon\", \"mon\"]\n");
        assert_eq!(found, ["6:21: calendar.work_week[1]: `mon` is listed twice"]);
    }

    #[test]
    fn source_ids_look_like_letters_dash_number() {
        for good in ["T77-8", "TEL-10", "HOT-1"] {
            assert!(is_ref(good), "{good}");
        }
        for bad in ["T77", "t77-8", "-8", "T77-", "T77-8a", "77-8"] {
            assert!(!is_ref(bad), "{bad}");
        }
    }
}

//! Cross-reference checks of a parsed playbook: everything serde cannot see on its own.
//! Every problem is collected, with the key path of the value at fault. One file per
//! section of the playbook; the references between sections (roles, phases, tags, event
//! kinds and their fields) are checked here.

mod calendar;
mod checks;
mod customers;
mod planning;
mod quotas;
mod routine;
mod triggers;

use indexmap::IndexMap;

use crate::calendar::PhaseTable;
use crate::error::Problem;
use crate::message::{Arg, Message};
use crate::spec::{CustomerFilter, EventKindSpec, EventMatch, FieldType, Filter, PlaybookSpec};

/// Checks `spec` and returns every problem found, in document order of sections.
pub(crate) fn validate(spec: &PlaybookSpec) -> Vec<Problem> {
    let mut v = Validator { spec, problems: Vec::new() };
    v.meta_and_calendar();
    v.hours();
    v.absences();
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
    v.visit_planning();
    // The days no phase or two phases cover, as the phase table finds them.
    PhaseTable::new(&spec.phases, &mut v.problems);
    v.problems
}

struct Validator<'a> {
    spec: &'a PlaybookSpec,
    problems: Vec<Problem>,
}

/// What [`list`] says, as a message value.
fn list_said(names: impl IntoIterator<Item = impl AsRef<str>>) -> Arg {
    let names: Vec<smol_str::SmolStr> =
        names.into_iter().map(|n| smol_str::format_smolstr!("`{}`", n.as_ref())).collect();
    if names.is_empty() {
        Arg::Key("declared-none")
    } else {
        Message::new("declared-list", [("names", Arg::List(names))]).into()
    }
}

/// An unknown name that `key` words: `name`, and the names `declared`.
fn unknown(key: &'static str, name: &str, declared: Arg) -> Message {
    Message::new(key, [("name", name.into()), ("declared", declared)])
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

    fn said(&mut self, path: impl Into<String>, message: impl Into<String>, text: Message) {
        self.problems.push(Problem::said(path, message, text));
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
            if kind.lasts && kind.forbid_end {
                self.problem(
                    format!("event_kinds.{name}.forbid_end"),
                    "an event that lasts has an end: `forbid_end` is for kinds with `lasts = false`",
                );
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
    fn customer_filter(&mut self, filter: Option<&CustomerFilter>, path: &str) {
        for (i, tag) in filter.map(|f| f.tags_any.as_slice()).unwrap_or_default().iter().enumerate() {
            self.tag(tag, &format!("{path}.customers.tags_any[{i}]"));
        }
        if filter.is_some_and(|f| !f.activity.is_empty()) && !path.starts_with("quotas[") {
            self.problem(
                format!("{path}.customers.activity"),
                "only quotas are limited by activity state: use `tags_any` here",
            );
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
            None => self.said(
                path,
                format!("unknown customer field `{field}` ({} in [customers.fields])", list(fields.keys())),
                unknown("problem-unknown-field", field, list_said(fields.keys())),
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
    fn role(&mut self, role: &str, path: &str) {
        if !self.spec.roles.iter().any(|r| r.id == role) {
            let declared = list(self.spec.roles.iter().map(|r| &r.id));
            let said = unknown("problem-unknown-role", role, list_said(self.spec.roles.iter().map(|r| &r.id)));
            self.said(path, format!("unknown role `{role}` ({declared})"), said);
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
            let said = unknown("problem-unknown-phase", phase, list_said(self.spec.phases.iter().map(|p| &p.id)));
            self.said(path, format!("unknown phase `{phase}` ({declared})"), said);
        }
    }

    fn tag(&mut self, tag: &str, path: &str) {
        if !self.spec.customers.tags.iter().any(|t| t == tag) {
            let declared = list(&self.spec.customers.tags);
            let said = unknown("problem-unknown-tag", tag, list_said(&self.spec.customers.tags));
            self.said(path, format!("unknown customer tag `{tag}` ({declared} in customers.tags)"), said);
        }
    }

    fn kind(&mut self, kind: &str, path: &str) -> Option<&'a EventKindSpec> {
        let found = self.spec.event_kinds.get(kind);
        if found.is_none() {
            let declared = list(self.spec.event_kinds.keys());
            let said = unknown("problem-unknown-kind", kind, list_said(self.spec.event_kinds.keys()));
            self.said(path, format!("unknown event kind `{kind}` ({declared} in [event_kinds])"), said);
        }
        found
    }

    /// Checks that a `where` filter names fields of `kind`, each compared with values of
    /// its type in ways its type allows.
    fn filter(&mut self, kind: &EventKindSpec, kind_name: &str, filter: &Filter, path: &str) {
        for (field, condition) in filter {
            let at = format!("{path}.where.{field}");
            match kind.fields.get(field) {
                None => {
                    let declared = list(kind.fields.keys());
                    self.problem(at, format!("event kind `{kind_name}` has no field `{field}` ({declared})"));
                }
                Some(spec) => {
                    if let Some(problem) = condition.problem(spec) {
                        self.problem(at, format!("field `{field}`: {problem}"));
                    }
                }
            }
        }
    }

    fn event_match(&mut self, m: &EventMatch, path: &str) -> Option<&'a EventKindSpec> {
        let kind = self.kind(&m.kind, &format!("{path}.kind"))?;
        self.filter(kind, &m.kind, &m.filter, path);
        Some(kind)
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

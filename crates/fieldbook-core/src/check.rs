//! Scripted checks: rules a branch adds that no declarative construct covers.
//!
//! The core declares them and evaluates their results; the scripts themselves run behind
//! the [`CheckRunner`] seam, implemented by the `fieldbook-rhai` crate (Rhai). A playbook
//! loaded without a runner reports each check as not evaluated, never silently.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::event::Event;
use crate::people::Person;
use crate::roster::Customer;

/// One `[[checks]]` entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    /// Identifier, unique among the playbook's rules.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Source facts the check implements.
    pub refs: Vec<String>,
    /// What the script judges.
    pub scope: CheckScope,
    /// For `event` checks: the event kind judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The script, inline. Exactly one of `script` and `file` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// A script file, relative to the playbook's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// How a failed check counts. Default `fail`.
    #[serde(default)]
    pub severity: Severity,
    /// Roles judged; empty means every role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// For `event`, `day` and `phase` checks: the phases in which the check runs; empty
    /// means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<String>,
}

/// What a check judges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckScope {
    /// Each event of a kind.
    Event,
    /// Each person's working day.
    Day,
    /// Each person's week (Monday to Sunday).
    Week,
    /// Each person's month.
    Month,
    /// Each person's span of each phase of the month (T77-5: days 6-10).
    Phase,
}

/// How a failed check counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A failure.
    #[default]
    Fail,
    /// A warning.
    Warning,
}

/// The text of a check's script and where it starts in its file, for error positions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptSource {
    /// The script.
    pub text: String,
    /// The file it is written in (the playbook for inline scripts).
    pub file: Option<PathBuf>,
    /// Line of the file on which the script's first line is, from 1.
    pub line: usize,
    /// Column of the file at which the script's first line starts, from 1.
    pub column: usize,
}

impl ScriptSource {
    /// The file position of a position in the script (both 1-based).
    pub fn file_position(&self, line: usize, column: usize) -> (usize, usize) {
        if line <= 1 { (self.line, self.column + column.saturating_sub(1)) } else { (self.line + line - 1, column) }
    }
}

/// What a check script is given.
#[derive(Clone, Copy, Debug)]
pub enum CheckInput<'a> {
    /// One event, with its customer's record and the person (shared: a runner keeps them
    /// by counting a reference).
    Event {
        /// The event.
        event: &'a Arc<Event>,
        /// The customer's record, if the event names one.
        customer: Option<&'a Arc<Customer>>,
        /// The person who recorded it.
        person: &'a Arc<Person>,
        /// The event's local date.
        date: NaiveDate,
    },
    /// A person's day, week, month or phase.
    Period {
        /// The person.
        person: &'a Arc<Person>,
        /// First day of the period.
        start: NaiveDate,
        /// Last day of the period.
        end: NaiveDate,
        /// The period's totals.
        totals: &'a Totals,
        /// The person's events of a day, in time order; empty for longer periods.
        events: &'a [&'a Event],
        /// The customers the person manages (`Customer.manager`).
        customers: &'a [&'a Arc<Customer>],
    },
}

/// Counts of events per kind and sums of numeric fields per `kind.field`, over a period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// Events per kind.
    pub counts: IndexMap<SmolStr, u64>,
    /// Sums of numeric fields, keyed `kind.field`; `kind.minutes` sums durations.
    pub sums: IndexMap<String, f64>,
    /// The customers named by events of each kind.
    pub customers: BTreeMap<SmolStr, BTreeSet<SmolStr>>,
}

impl Totals {
    /// Adds an event.
    pub fn add(&mut self, event: &Event) {
        *self.counts.entry(event.kind.clone()).or_default() += 1;
        for (field, value) in &event.fields {
            if let Some(n) = value.as_number().filter(|_| !matches!(value, crate::value::Value::Text(_))) {
                *self.sums.entry(format!("{}.{field}", event.kind)).or_default() += n;
            }
        }
        if let Some(customer) = &event.customer {
            self.customers.entry(event.kind.clone()).or_default().insert(customer.clone());
        }
        if let Some(end) = event.end {
            *self.sums.entry(format!("{}.minutes", event.kind)).or_default() +=
                (end - event.at).num_seconds() as f64 / 60.0;
        }
    }
}

/// What a check script answered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// Whether the check passed.
    pub ok: bool,
    /// A message from the script.
    pub message: Option<String>,
    /// What the script found.
    pub actual: Option<String>,
    /// What the script expected.
    pub expected: Option<String>,
}

/// A script that failed to run: it hit a sandbox limit, divided by zero, or erred.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct CheckError {
    /// What went wrong.
    pub message: String,
    /// Where in its file, when known: 1-based line and column.
    pub position: Option<(usize, usize)>,
    /// The file of the script.
    pub file: Option<PathBuf>,
}

/// Runs a playbook's check scripts. Implemented by `fieldbook_rhai::RhaiChecks`.
pub trait CheckRunner: Send + Sync + fmt::Debug {
    /// Runs check number `check` (its index in `PlaybookSpec::checks`) on `input`.
    ///
    /// # Errors
    /// When the script fails to run.
    fn run(&self, check: usize, input: CheckInput<'_>) -> Result<CheckOutcome, CheckError>;
}

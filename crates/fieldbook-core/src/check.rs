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
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::event::{Event, Value};
use crate::roster::{Customer, Person};

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
            if let Some(n) = value.as_number().filter(|_| !matches!(value, Value::Text(_))) {
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

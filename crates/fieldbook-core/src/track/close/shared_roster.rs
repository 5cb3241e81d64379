//! The roster as check scripts see it: people and customers behind reference counts, made
//! once per tracker, so that handing one to a script counts a reference instead of copying
//! a record.

use std::sync::Arc;

use crate::playbook::Playbook;
use crate::roster::{Customer, Person, Roster};

/// The roster's people and customers, shared, in roster order; empty for a playbook without
/// checks (nothing would be handed out).
#[derive(Clone, Debug, Default)]
pub(crate) struct SharedRoster {
    pub(crate) people: Vec<Arc<Person>>,
    pub(crate) customers: Vec<Arc<Customer>>,
}

impl SharedRoster {
    pub(crate) fn new(playbook: &Playbook, roster: &Roster) -> Self {
        if playbook.spec().checks.is_empty() {
            return Self::default();
        }
        Self {
            people: roster.people.iter().cloned().map(Arc::new).collect(),
            customers: roster.customers.iter().cloned().map(Arc::new).collect(),
        }
    }
}

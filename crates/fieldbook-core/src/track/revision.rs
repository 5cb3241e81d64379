//! Revisions: how the findings of reopened days changed, for a host that stores findings
//! under their identity ([`FindingKey`]) to bring its store up to date.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use super::finding::{Finding, Span};

/// What identifies a finding across revisions: its rule, person, customer, window and,
/// for a quota counted per team, team (two teams may share a chief, or have none).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FindingKey {
    /// The rule's id.
    pub rule: SmolStr,
    /// The person.
    pub person: SmolStr,
    /// The customer, for rules judged per customer.
    pub customer: Option<SmolStr>,
    /// The window judged.
    pub window: Span,
    /// The team, for rules judged per team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<SmolStr>,
}

impl Finding {
    /// The finding's identity: store findings under it, and apply [`Revision`]s by it.
    pub fn key(&self) -> FindingKey {
        FindingKey {
            rule: self.rule.clone(),
            person: self.person.clone(),
            customer: self.customer.clone(),
            window: self.window,
            team: self.team.clone(),
        }
    }
}

/// A change to findings given before, from a late, corrected or retracted event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Revision {
    /// A finding that is new or changed: store it under its key, replacing what is there.
    Upsert(Finding),
    /// A finding that no longer stands: remove what is stored under the key.
    Withdraw(FindingKey),
}

/// A finding as a reopenable day remembers it: its key, and a digest of the rest, enough
/// to tell whether judging again changed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Given {
    key: FindingKey,
    digest: u64,
}

impl Given {
    pub(crate) fn of(finding: &Finding) -> Self {
        use std::hash::BuildHasher;
        Self { key: finding.key(), digest: foldhash::fast::FixedState::default().hash_one(finding) }
    }
}

/// The revisions that turn the findings given before (`old`) into `new`: withdrawals
/// first, then the findings that are new or changed, in `new`'s order.
pub(crate) fn diff(old: &[Given], new: &[Finding]) -> Vec<Revision> {
    let mut before: BTreeMap<&FindingKey, Vec<u64>> = BTreeMap::new();
    for given in old {
        before.entry(&given.key).or_default().push(given.digest);
    }
    let new: Vec<(Given, &Finding)> = new.iter().map(|f| (Given::of(f), f)).collect();
    let mut after: BTreeMap<&FindingKey, Vec<u64>> = BTreeMap::new();
    for (given, _) in &new {
        after.entry(&given.key).or_default().push(given.digest);
    }
    let mut revisions: Vec<Revision> =
        before.keys().filter(|key| !after.contains_key(*key)).map(|key| Revision::Withdraw((*key).clone())).collect();
    for (given, finding) in &new {
        if before.get(&given.key) != after.get(&given.key) {
            revisions.push(Revision::Upsert((*finding).clone()));
        }
    }
    revisions
}

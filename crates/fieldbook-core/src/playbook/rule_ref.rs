//! Rule ids and refs as findings carry them, made once per playbook so that every finding
//! of a rule shares them.

use std::sync::Arc;

use smol_str::SmolStr;

use crate::fast_map::FastMap;
use crate::spec::PlaybookSpec;

/// The source facts a rule cites, shared by all of the rule's findings.
pub type Refs = Arc<[SmolStr]>;

/// A rule's id and the source facts it cites.
#[derive(Clone, Debug)]
pub(crate) struct RuleRef {
    pub(crate) id: SmolStr,
    pub(crate) refs: Refs,
}

impl RuleRef {
    /// A rule reference made from scratch (for a rule the playbook does not list).
    pub(crate) fn new(id: &str, refs: &[String]) -> Self {
        Self { id: SmolStr::new(id), refs: refs.iter().map(SmolStr::new).collect() }
    }
}

/// Every rule of a playbook, in the order of its sections: steps, duties, procedures,
/// quotas, triggers, agreements, call lists, checks; each id with the refs it cites.
pub(crate) fn rules(spec: &PlaybookSpec) -> impl Iterator<Item = (&str, &[String])> {
    let all = spec.steps.iter().map(|s| (&s.id, &s.refs));
    all.chain(spec.duties.iter().map(|s| (&s.id, &s.refs)))
        .chain(spec.procedures.iter().map(|s| (&s.id, &s.refs)))
        .chain(spec.quotas.iter().map(|s| (&s.id, &s.refs)))
        .chain(spec.triggers.iter().map(|s| (&s.id, &s.refs)))
        .chain(spec.agreements.iter().map(|s| (&s.id, &s.refs)))
        .chain(spec.call_lists.iter().map(|s| (&s.id, &s.refs)))
        .chain(spec.checks.iter().map(|s| (&s.id, &s.refs)))
        .map(|(id, refs)| (id.as_str(), refs.as_slice()))
}

/// Every rule of a playbook by id (rules share one namespace of ids).
#[derive(Clone, Debug, Default)]
pub(crate) struct RuleRefs {
    by_id: FastMap<String, RuleRef>,
}

impl RuleRefs {
    pub(crate) fn new(spec: &PlaybookSpec) -> Self {
        Self { by_id: rules(spec).map(|(id, refs)| (id.to_string(), RuleRef::new(id, refs))).collect() }
    }

    /// The rule `id`: the shared one when the playbook lists it, else a new one citing
    /// `refs` (callers pass the rule's own refs).
    pub(crate) fn get(&self, id: &str, refs: &[String]) -> RuleRef {
        self.by_id.get(id).cloned().unwrap_or_else(|| RuleRef::new(id, refs))
    }
}

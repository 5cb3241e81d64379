//! The person an agenda is for and whose events are judged.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::spec::PlaybookSpec;

/// A person whose agenda is asked for: an id, a role and attributes such as
/// `route = "rural"`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Identifier in the host's system.
    pub id: SmolStr,
    /// The person's role; `None` means the playbook's first role.
    #[serde(default)]
    pub role: Option<String>,
    /// Attribute values by attribute name.
    #[serde(default)]
    pub attrs: IndexMap<String, String>,
}

impl Person {
    /// A person with the given id, no role and no attributes.
    pub fn new(id: impl Into<SmolStr>) -> Self {
        Self { id: id.into(), ..Self::default() }
    }

    /// The person with `role`.
    pub fn with_role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// Whether a rule limited to `roles` (empty: every role) applies to the person, whose
    /// role defaults to the playbook's first role.
    pub fn has_role_in(&self, playbook: impl AsRef<PlaybookSpec>, roles: &[String]) -> bool {
        let role = self.role_in(&playbook);
        roles.is_empty() || role.is_some_and(|r| roles.iter().any(|x| x == r))
    }

    /// The person's role in `playbook`: their own, else the playbook's first role.
    pub fn role_in<'a>(&'a self, playbook: &'a impl AsRef<PlaybookSpec>) -> Option<&'a str> {
        self.role.as_deref().or_else(|| playbook.as_ref().roles.first().map(|r| r.id.as_str()))
    }

    /// The person with attribute `key` set to `value`.
    pub fn with_attr(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.attrs.insert(key.into(), value.into());
        self
    }
}

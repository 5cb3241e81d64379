//! Roles, person attributes, customer tags and fields, and the person an agenda is for.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::customer_metrics::ActivitySpec;
use crate::field::Fields;
use crate::reminder::Feb29;
use crate::roster::Customer;

/// One `[[roles]]` entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleSpec {
    /// Identifier (`customer_manager`).
    pub id: String,
    /// Human title.
    pub title: String,
    /// What the role does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Source facts that describe the role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
}

/// The `[people]` section: attributes people have (`route = urban | rural`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeopleSpec {
    /// Attributes, by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub attributes: Fields,
}

/// The `[customers]` section: the tags customers may carry, their record fields, and how
/// the customer side of the agenda reads them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomersSpec {
    /// Tags a customer may carry (`key`, `volatile`, `enterprise`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Source facts the customer record implements; review items on the agenda cite them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    /// The record field that names a customer on the agenda (`name`); without it, or when
    /// the person may not see it, the customer's id is shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Where a yearly date on 29 February falls in other years. Default `feb28`.
    #[serde(default, skip_serializing_if = "Feb29::is_default")]
    pub feb29: Feb29,
    /// Fields of a customer record.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub fields: Fields,
    /// Value and activity metrics from events (visits, spend, dormant and lost customers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<ActivitySpec>,
}

/// Which customers a rule concerns: `customers = { tags_any = ["on_account"] }`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerFilter {
    /// The customer carries at least one of these tags; empty means every customer.
    #[serde(default)]
    pub tags_any: Vec<String>,
}

impl CustomerFilter {
    /// Whether `customer` passes the filter.
    pub fn admits(&self, customer: &Customer) -> bool {
        self.tags_any.is_empty() || customer.tags.iter().any(|t| self.tags_any.contains(t))
    }
}

/// Whether an optional filter admits `customer` (no filter admits everyone).
pub(crate) fn admitted(filter: Option<&CustomerFilter>, customer: &Customer) -> bool {
    filter.is_none_or(|f| f.admits(customer))
}

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
    pub fn has_role_in(&self, playbook: &crate::Playbook, roles: &[String]) -> bool {
        let role = self.role_in(playbook);
        roles.is_empty() || role.is_some_and(|r| roles.iter().any(|x| x == r))
    }

    /// The person's role in `playbook`: their own, else the playbook's first role.
    pub fn role_in<'a>(&'a self, playbook: &'a crate::Playbook) -> Option<&'a str> {
        self.role.as_deref().or_else(|| playbook.spec().roles.first().map(|r| r.id.as_str()))
    }

    /// The person with attribute `key` set to `value`.
    pub fn with_attr(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.attrs.insert(key.into(), value.into());
        self
    }
}

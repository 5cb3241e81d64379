//! Roles, person attributes, customer tags and fields, and customer filters.

use crate::spec::{ActivitySpec, Feb29, Fields};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    /// The source facts the attributes follow, shown beside their changes in `--diff`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
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

/// Which customers a rule concerns: `customers = { tags_any = ["on_account"] }`; on a
/// quota also by activity state, `customers = { activity = ["dormant", "lost"] }`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerFilter {
    /// The customer carries at least one of these tags; empty means every customer.
    #[serde(default)]
    pub tags_any: Vec<String>,
    /// Quotas only: the customer's activity state on the event's day is one of these
    /// (as `[customers.activity]` reckons it from the visits before that day); empty means
    /// any state. With `tags_any`, both must hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activity: Vec<ActivityState>,
}

/// A customer's activity state, by the playbook's `[customers.activity]` thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityState {
    /// Seen within `dormant_after`.
    Active,
    /// Last seen `dormant_after` or more ago (HOT-7: familiar customers who rarely come).
    Dormant,
    /// Last seen `lost_after` or more ago (HOT-7: lost customers).
    Lost,
    /// Never seen: no visit recorded, and none known from the roster (HOT-7: prospects).
    Prospect,
}

impl ActivityState {
    /// The state as written in a playbook: `dormant`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Dormant => "dormant",
            Self::Lost => "lost",
            Self::Prospect => "prospect",
        }
    }
}

impl CustomerFilter {
    /// Whether a customer with `tags` passes the filter's tags (the activity states are
    /// the tracker's to judge).
    pub fn admits(&self, tags: &[String]) -> bool {
        self.tags_any.is_empty() || tags.iter().any(|t| self.tags_any.contains(t))
    }
}

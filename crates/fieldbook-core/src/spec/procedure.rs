//! Procedures: checklists for one kind of activity (the seven visit items).

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::{Filter, Owner};

/// One `[[procedures]]` entry: a checklist gone through during events of one kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcedureSpec {
    /// Identifier, unique among the playbook's rules.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Source facts the procedure implements.
    pub refs: Vec<String>,
    /// The event kind whose events go through the checklist.
    pub applies_to: String,
    /// The `list` field of that kind in which an event names the items done, as `item`
    /// or `item.sub_item`. Default `checklist`.
    #[serde(default = "default_checklist_field")]
    pub field: String,
    /// The items, in order.
    pub items: Vec<ItemSpec>,
    /// Who answers for the checklist: the person who recorded the event (`recorder`, the
    /// default), or the manager of its customer (`manager`: a meal a waiter records is the
    /// customer manager's service, HOT-5).
    #[serde(default, skip_serializing_if = "Owner::is_recorder")]
    pub owner: Owner,
}

fn default_checklist_field() -> String {
    "checklist".to_string()
}

/// One item of a checklist, with its sub-items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemSpec {
    /// Identifier, unique within the procedure.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Source facts the item implements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    /// Whether the item must be done when it applies. Default `true`.
    #[serde(default = "yes")]
    pub required: bool,
    /// When the item applies; absent means always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// Sub-items, in order. An item with sub-items is done when the checklist names the
    /// item itself (`inspect`: all of it done), or names each of its required sub-items
    /// (`inspect.stock` …) and at least `min` of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub: Vec<SubItemSpec>,
    /// The least number of sub-items named for the item to be done through its sub-items.
    /// Default 1 (with the required ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
}

fn yes() -> bool {
    true
}

/// One sub-item of a checklist item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubItemSpec {
    /// Identifier, unique within its item.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Whether the sub-item must be named for its item to be done through its sub-items.
    /// Default `true`.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub required: bool,
}

fn is_yes(value: &bool) -> bool {
    *value
}

/// When a checklist item applies: all the given conditions hold.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The customer has at least one of these tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags_any: Vec<String>,
    /// The day is in one of these phases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<String>,
    /// The event's fields hold these values (T77-10, "as the customer needs": the answer
    /// item applies when the visit records questions, `{ questions = { gt = 0 } }`).
    #[serde(default, rename = "where", skip_serializing_if = "IndexMap::is_empty")]
    pub filter: Filter,
}

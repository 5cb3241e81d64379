//! Event kinds: what people record (visits, meetings, reports, calls …) and their fields.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::{Fields, Filter};

/// One `[event_kinds.NAME]` table: an activity people record, with its typed fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventKindSpec {
    /// Human title.
    pub title: String,
    /// Whether an event of this kind names the customer it concerns. Default `false`.
    #[serde(default)]
    pub customer: bool,
    /// Whether an event of this kind must have an end time (a visit's departure), and its
    /// duration is judged. Default `false`: an end is then optional, kept and not judged.
    #[serde(default)]
    pub lasts: bool,
    /// Whether an end time is refused on an event of this kind that does not last.
    /// Default `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forbid_end: bool,
    /// Typed fields the event carries.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub fields: Fields,
    /// Source facts that describe this record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
}

/// Which events count: events of one kind whose fields equal the given values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventMatch {
    /// The event kind.
    pub kind: String,
    /// What the event's fields must hold, e.g. `{ status = "failed" }`, `{ samples = { gt = 0 } }`.
    #[serde(default, rename = "where", skip_serializing_if = "IndexMap::is_empty")]
    pub filter: Filter,
}

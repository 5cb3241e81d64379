//! The `[customers.activity]` table: customer value and activity from events (HOT-3,
//! FNB-4, HOT-7).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::spec::{ActivityState, EventMatch};
use crate::time::Timespan;

/// The `[customers.activity]` table: which events are a customer's visits, what they
/// spent, and when a customer not seen counts as dormant or lost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivitySpec {
    /// The events that are visits of the customer (a meal at the hotel); the kind names
    /// a customer.
    pub visit: EventMatch,
    /// A numeric field of the visit kind: what the customer spent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spend: Option<String>,
    /// A customer not seen for this long (whole days, `"60d"`) is dormant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dormant_after: Option<Timespan>,
    /// A customer not seen for this long (whole days, `"180d"`) is lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_after: Option<Timespan>,
    /// The roles shown dormant and lost customers as visit candidates; empty means every
    /// role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Source facts; visit candidates on the agenda cite them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
}

impl ActivitySpec {
    /// The state on `day` of a customer last seen on `last_visit` (a day before it; `None`:
    /// never seen, a prospect), by `dormant_after` and `lost_after`.
    ///
    /// ```
    /// # use fieldbook_core as fieldbook;
    /// use fieldbook::spec::{ActivitySpec, ActivityState, EventMatch};
    /// let spec = ActivitySpec {
    ///     visit: EventMatch { kind: "meal".into(), filter: Default::default() },
    ///     spend: None,
    ///     dormant_after: Some("60d".parse()?),
    ///     lost_after: Some("180d".parse()?),
    ///     roles: vec![],
    ///     refs: vec![],
    /// };
    /// let day = |text: &str| text.parse::<fieldbook::chrono::NaiveDate>().unwrap();
    /// assert_eq!(spec.state(Some(day("2026-10-09")), day("2026-12-07")), ActivityState::Active);
    /// assert_eq!(spec.state(Some(day("2026-10-08")), day("2026-12-07")), ActivityState::Dormant);
    /// assert_eq!(spec.state(Some(day("2026-06-10")), day("2026-12-07")), ActivityState::Lost);
    /// assert_eq!(spec.state(None, day("2026-12-07")), ActivityState::Prospect);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn state(&self, last_visit: Option<NaiveDate>, day: NaiveDate) -> ActivityState {
        let Some(last) = last_visit else { return ActivityState::Prospect };
        let quiet = (day - last).num_days();
        let reached =
            |span: Option<Timespan>| span.and_then(Timespan::whole_days).is_some_and(|d| quiet >= i64::from(d));
        if reached(self.lost_after) {
            ActivityState::Lost
        } else if reached(self.dormant_after) {
            ActivityState::Dormant
        } else {
            ActivityState::Active
        }
    }
}

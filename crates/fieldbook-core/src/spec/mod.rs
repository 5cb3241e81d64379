//! The playbook as written: plain serde types for the whole TOML document, its JSON
//! Schema and the differences between two playbooks.
//!
//! A [`PlaybookSpec`] is only parsed, not checked; [`crate::Playbook::new`] validates it
//! into something that can be evaluated. This module is the model's leaf: it imports
//! nothing of the engine but [`crate::time`] and [`crate::error`].

mod absence;
mod calendar;
mod check;
mod condition;
mod customer;
mod diff;
mod duty;
mod event_kind;
mod field;
mod people;
mod phase;
mod procedure;
mod quota;
mod routine;
mod schedule;
mod schema;
mod trigger;
mod visit_planning;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use absence::{AbsenceSpec, Excuse};
pub use calendar::{CalendarSpec, HoursSpec};
pub use check::{CheckScope, CheckSpec, Severity};
pub use condition::{Comparison, FieldCondition, Filter};
pub use customer::{ActivitySpec, AgreementSpec, CallListSpec, Feb29, OccasionDate, OccasionSpec};
pub use diff::{Change, ChangeKind, diff};
pub use duty::DutySpec;
pub use event_kind::{EventKindSpec, EventMatch};
pub use field::{FieldSpec, FieldType, Fields, Scalar};
pub use people::{ActivityState, CustomerFilter, CustomersSpec, PeopleSpec, RoleSpec};
pub(crate) use phase::in_phases;
pub use phase::{DayRange, PhaseSpec};
pub use procedure::{Condition, ItemSpec, ProcedureSpec, SubItemSpec};
pub use quota::{Amount, Measure, Per, QuotaSpec, Threshold, Window};
pub use routine::{Activity, Edge, Evidence, Figure, Listed, Pick, Shortfall, StepSpec};
pub(crate) use schedule::in_months;
pub use schedule::{EveryWeeks, NonWorkingDayPolicy, NthWeekday, NthWorkingDay, Period, Schedule, WorkingDayPeriod};
pub use schema::{json_schema, overlay_json_schema};
pub use trigger::{FollowUp, Owner, TriggerOn, TriggerSpec, Within};
pub use visit_planning::{Every, FrequencySpec, VisitPlanningSpec};

/// A whole playbook document, as parsed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "fieldbook playbook")]
pub struct PlaybookSpec {
    /// What the playbook is.
    pub playbook: Meta,
    /// Time zone, working days and holidays.
    pub calendar: CalendarSpec,
    /// Named dates to prepare for (Spring Festival, Christmas), by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub occasions: IndexMap<String, OccasionSpec>,
    /// Roles of the people involved, in order; the first is the default role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleSpec>,
    /// Attributes of people.
    #[serde(default)]
    pub people: PeopleSpec,
    /// The kinds of absence (leave, sick, training …) and what each excuses, by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub absences: IndexMap<String, AbsenceSpec>,
    /// Customer tags and record fields.
    #[serde(default)]
    pub customers: CustomersSpec,
    /// The kinds of events people record, by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub event_kinds: IndexMap<String, EventKindSpec>,
    /// Phases of every month; when given, they cover each day exactly once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<PhaseSpec>,
    /// The steps of a working day, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepSpec>,
    /// Recurring duties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duties: Vec<DutySpec>,
    /// Checklists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub procedures: Vec<ProcedureSpec>,
    /// Quotas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotas: Vec<QuotaSpec>,
    /// Follow-up triggers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<TriggerSpec>,
    /// Agreements customers sign (credit agreements).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agreements: Vec<AgreementSpec>,
    /// Daily call lists drawn from the customers most due.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub call_lists: Vec<CallListSpec>,
    /// Scripted checks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckSpec>,
    /// How next month's visits are planned: frequencies, window, visit length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_planning: Option<VisitPlanningSpec>,
}

/// The `[playbook]` table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Identifier (`t77`).
    pub id: String,
    /// Human title.
    pub title: String,
    /// Where the playbook comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The playbook's own version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The base playbook this one is an overlay of, a path relative to this file.
    /// Resolved when loading through [`crate::load_from`]; never part of an effective playbook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Currency of `money` fields (`CNY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

impl AsRef<PlaybookSpec> for PlaybookSpec {
    fn as_ref(&self) -> &PlaybookSpec {
        self
    }
}

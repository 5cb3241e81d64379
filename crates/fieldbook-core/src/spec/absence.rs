//! Absences: the kinds of time away a playbook knows (leave, sick, training …) and what
//! each excuses. Who is away when is the host's to say, in the roster.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One `[absences.KIND]` table: what an absence of this kind excuses.
///
/// On a day away, everything judged for that day alone (steps, day quotas, day checks,
/// the call list) is excused rather than failed; what falls due while away follows
/// `duties` and `follow_ups`; week, month and quarter quotas follow `prorate`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsenceSpec {
    /// Human title (`Annual leave`).
    pub title: String,
    /// The source facts (a branch's leave policy), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    /// Duties falling due while away: `excused` (the default) or `moved` to the first
    /// working day back.
    #[serde(default)]
    pub duties: Excuse,
    /// Follow-ups whose deadline falls while away: `excused` (the default), `moved` to
    /// the same time on the first working day back, or handed to the person's `deputy`
    /// (`deputy`; moved when they have none, or the deputy is away too).
    #[serde(default)]
    pub follow_ups: Excuse,
    /// Whether week, month and quarter quotas shrink with the working days away (a
    /// monthly 30 with 2 of 20 working days away asks 27). Default `true`.
    #[serde(default = "prorate")]
    pub prorate: bool,
}

fn prorate() -> bool {
    true
}

/// What becomes of something due while its person is away.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Excuse {
    /// It is not owed: its finding is `excused`.
    #[default]
    Excused,
    /// It is owed on the first working day back.
    Moved,
    /// It is owed by the person's deputy, by the same deadline (follow-ups only).
    Deputy,
}

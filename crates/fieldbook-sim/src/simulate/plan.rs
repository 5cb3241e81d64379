//! What a playbook asks people to record, read once before simulating: which kinds are
//! field work counted by daily quotas, which steps and duties need their own evidence,
//! which quotas span weeks and months, what triggers watch, and what nothing asks for.

use chrono::NaiveDate;
use fieldbook_core::spec::{
    AgreementSpec, DutySpec, Edge, EventKindSpec, FieldCondition, FieldSpec, FieldType, Measure, Pick, PlaybookSpec,
    QuotaSpec, StepSpec, TriggerSpec, Window,
};
use fieldbook_core::{Playbook, TimeOfDay};
use indexmap::{IndexMap, IndexSet};

use crate::simulate::values::Checklist;

/// Minutes since local midnight.
pub(crate) type Minutes = f64;

pub(crate) fn minutes(time: TimeOfDay) -> Minutes {
    f64::from(time.minutes())
}

/// A step of the routine whose evidence is an event of its own (not field work).
pub(crate) struct StepPlan<'a> {
    pub(crate) step: &'a StepSpec,
    /// Its deadline (its time, the next timed step's, or the end of the day).
    pub(crate) due: Minutes,
    /// Done before the field work starts.
    pub(crate) morning: bool,
}

/// A kind of field work (visits, calls) counted by daily quotas.
pub(crate) struct FieldWork<'a> {
    pub(crate) kind: &'a str,
    pub(crate) spec: &'a EventKindSpec,
    /// The daily quotas over the kind.
    pub(crate) quotas: Vec<&'a QuotaSpec>,
    /// When the first event must have started (T77-14: at the first customer by 09:30).
    pub(crate) first_by: Option<Minutes>,
    /// When a step says the work takes place (HOT-8: calls at 15:00).
    pub(crate) at: Option<Minutes>,
    /// When the last event must have ended (T77-16: field visits end by 15:00).
    pub(crate) last_by: Option<Minutes>,
}

/// The playbook, read for simulation.
pub(crate) struct Plan<'a> {
    pub(crate) playbook: &'a Playbook,
    pub(crate) end_of_day: Minutes,
    pub(crate) steps: Vec<StepPlan<'a>>,
    pub(crate) field_work: Vec<FieldWork<'a>>,
    pub(crate) duties: Vec<&'a DutySpec>,
    pub(crate) at_least_duties: Vec<&'a DutySpec>,
    pub(crate) period_quotas: Vec<&'a QuotaSpec>,
    /// Per kind, the least minutes each event must last (T77-9: 8 minutes a visit).
    pub(crate) norms: IndexMap<&'a str, Minutes>,
    pub(crate) triggers: Vec<&'a TriggerSpec>,
    /// Kinds only triggers watch (orders, settlements, meals): recorded a few times a day.
    pub(crate) trigger_sources: Vec<&'a str>,
    /// Kinds no rule asks for: recorded now and then.
    pub(crate) background: Vec<&'a str>,
    pub(crate) procedures: Vec<Checklist<'a>>,
    /// How each kind's fields are filled, by kind, worked out once rather than for every
    /// field of every event.
    pub(crate) kinds: IndexMap<&'a str, KindPlan<'a>>,
}

/// An event kind and how the simulator fills its fields, in the order declared.
pub(crate) struct KindPlan<'a> {
    pub(crate) spec: &'a EventKindSpec,
    pub(crate) fields: Vec<(&'a str, &'a FieldSpec, Fill<'a>)>,
}

/// Where a field's value comes from, when the caller does not give it.
#[derive(Clone, Copy)]
pub(crate) enum Fill<'a> {
    /// A checklist of procedure `.0` (of [`Plan::procedures`]), gone through once the
    /// other fields are known (an item may depend on them).
    Checklist(usize),
    /// A list of customers a quota counts by (`listed_in`): the day's route.
    Route,
    /// Constrained by an agreement's `required_for` filter (a meal settled on account).
    Agreement(&'a AgreementSpec, &'a FieldCondition),
    /// Watched by a trigger's filter.
    Watched(&'a FieldCondition),
    /// Drawn freely.
    Drawn,
}

impl<'a> Plan<'a> {
    pub(crate) fn new(playbook: &'a Playbook) -> Self {
        let spec = playbook.spec();
        let end_of_day = minutes(playbook.calendar().usual_end_of_day());

        let mut field_work: Vec<FieldWork<'a>> = Vec::new();
        for quota in spec.quotas.iter().filter(|q| q.window == Window::Day) {
            let Some((name, kind)) = spec.event_kinds.get_key_value(&quota.of.kind) else { continue };
            match field_work.iter_mut().find(|w| w.kind == name) {
                Some(work) => work.quotas.push(quota),
                None => field_work.push(FieldWork {
                    kind: name,
                    spec: kind,
                    quotas: vec![quota],
                    first_by: None,
                    at: None,
                    last_by: None,
                }),
            }
        }

        let due = step_due(&spec.steps, end_of_day);
        let mut steps = Vec::new();
        let mut seen_field_work = false;
        for (step, due) in spec.steps.iter().zip(due) {
            let Some(evidence) = &step.evidence else { continue };
            if let Some(work) = field_work.iter_mut().find(|w| w.kind == evidence.kind) {
                seen_field_work = true;
                match (evidence.pick, evidence.edge) {
                    (Pick::First, Edge::Start) => {
                        work.first_by = Some(due);
                        work.at = step.at.filter(|_| step.by.is_none()).map(minutes);
                    }
                    (Pick::Last, _) | (Pick::First, Edge::End) => work.last_by = Some(due),
                }
                continue;
            }
            let morning = if field_work.is_empty() { due <= 12.0 * 60.0 } else { !seen_field_work };
            steps.push(StepPlan { step, due, morning });
        }

        let duties = spec.duties.iter().filter(|d| d.done_by.is_some() && d.schedule.at_least().is_none()).collect();
        let at_least_duties =
            spec.duties.iter().filter(|d| d.done_by.is_some() && d.schedule.at_least().is_some()).collect();
        let period_quotas = spec.quotas.iter().filter(|q| !matches!(q.window, Window::Day | Window::Event)).collect();

        let mut norms = IndexMap::new();
        for quota in spec.quotas.iter().filter(|q| q.window == Window::Event && q.measure == Measure::Duration) {
            if let Some((name, _)) = spec.event_kinds.get_key_value(&quota.of.kind)
                && let Some(Some(least)) = quota
                    .at_least
                    .as_ref()
                    .map(|t| t.amounts().into_iter().map(|(_, a)| amount_minutes(a)).reduce(f64::max))
            {
                let entry = norms.entry(name.as_str()).or_insert(0.0);
                *entry = f64::max(*entry, least);
            }
        }

        let triggers: Vec<&TriggerSpec> = spec.triggers.iter().filter(|t| t.on.kind.is_some()).collect();

        // Kinds something already produces.
        let mut produced: IndexSet<&str> = IndexSet::new();
        produced.extend(field_work.iter().map(|w| w.kind));
        produced.extend(steps.iter().filter_map(|s| s.step.evidence.as_ref()).map(|e| e.kind.as_str()));
        produced.extend(spec.duties.iter().filter_map(|d| d.done_by.as_ref()).map(|m| m.kind.as_str()));
        produced.extend(spec.quotas.iter().map(|q| q.of.kind.as_str()));
        let follow_ups: IndexSet<&str> = spec.triggers.iter().map(|t| t.follow_up.kind.as_str()).collect();
        let trigger_sources: Vec<&str> = triggers
            .iter()
            .filter_map(|t| t.on.kind.as_deref())
            .filter(|k| !produced.contains(k) && !follow_ups.contains(k))
            .collect::<IndexSet<&str>>()
            .into_iter()
            .collect();
        let background = spec
            .event_kinds
            .keys()
            .map(String::as_str)
            .filter(|k| !produced.contains(k) && !follow_ups.contains(k) && !trigger_sources.contains(k))
            .collect();

        let procedures: Vec<Checklist<'a>> = spec.procedures.iter().map(Checklist::new).collect();
        let kinds = spec
            .event_kinds
            .iter()
            .map(|(kind, kind_spec)| {
                let fields = kind_spec
                    .fields
                    .iter()
                    .map(|(name, field)| (name.as_str(), field, fill(spec, &procedures, &triggers, kind, name, field)))
                    .collect();
                (kind.as_str(), KindPlan { spec: kind_spec, fields })
            })
            .collect();

        Self {
            playbook,
            end_of_day,
            steps,
            field_work,
            duties,
            at_least_duties,
            period_quotas,
            norms,
            triggers,
            trigger_sources,
            background,
            procedures,
            kinds,
        }
    }

    /// The kind's declaration.
    pub(crate) fn kind(&self, name: &str) -> Option<&'a EventKindSpec> {
        self.playbook.spec().event_kinds.get(name)
    }

    /// The phase id of a date.
    pub(crate) fn phase(&self, date: NaiveDate) -> Option<&'a str> {
        self.playbook.phase_on(date).map(|p| p.id.as_str())
    }
}

/// Where field `name` of `kind` gets its value (the first that applies): a checklist, the
/// day's route (a list of customers a quota counts by: `listed_in`, a schedule's
/// `planned`), an agreement's `required_for` filter, a trigger's filter, or a free draw.
fn fill<'a>(
    spec: &'a PlaybookSpec,
    procedures: &[Checklist<'a>],
    triggers: &[&'a TriggerSpec],
    kind: &str,
    name: &str,
    field: &FieldSpec,
) -> Fill<'a> {
    if let Some(i) = procedures.iter().position(|p| p.spec.applies_to == kind && p.spec.field == name) {
        return Fill::Checklist(i);
    }
    if field.ty == FieldType::List
        && spec.quotas.iter().any(|q| q.of.kind == kind && q.listed_in.as_deref() == Some(name))
    {
        return Fill::Route;
    }
    let agreement = spec
        .agreements
        .iter()
        .filter(|a| a.required_for.kind == kind)
        .find_map(|a| a.required_for.filter.get(name).map(|v| (a, v)));
    if let Some((agreement, scalar)) = agreement {
        return Fill::Agreement(agreement, scalar);
    }
    match triggers.iter().filter(|t| t.on.kind.as_deref() == Some(kind)).find_map(|t| t.on.filter.get(name)) {
        Some(scalar) => Fill::Watched(scalar),
        None => Fill::Drawn,
    }
}

/// The deadline of every step, as the agenda and the tracker compute it.
fn step_due(steps: &[StepSpec], end_of_day: Minutes) -> Vec<Minutes> {
    let mut due = vec![end_of_day; steps.len()];
    let mut next = end_of_day;
    for (i, step) in steps.iter().enumerate().rev() {
        if let Some(time) = step.by.or(step.at) {
            next = minutes(time);
        }
        due[i] = next;
    }
    due
}

pub(crate) fn amount_minutes(amount: fieldbook_core::spec::Amount) -> f64 {
    match amount {
        fieldbook_core::spec::Amount::Number(n) => n,
        fieldbook_core::spec::Amount::Time(t) => f64::from(t.minutes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(name: &str) -> Playbook {
        let path = format!("{}/../../examples/playbooks/{name}.toml", env!("CARGO_MANIFEST_DIR"));
        Playbook::from_toml(&std::fs::read_to_string(&path).unwrap(), None).unwrap()
    }

    #[test]
    fn t77_visits_are_field_work_between_09_30_and_15_00() {
        let playbook = seed("t77");
        let plan = Plan::new(&playbook);
        assert_eq!(plan.field_work.len(), 1);
        let visits = &plan.field_work[0];
        assert_eq!(visits.kind, "visit");
        assert_eq!((visits.first_by, visits.last_by), (Some(570.0), Some(900.0)));
        let morning: Vec<&str> = plan.steps.iter().filter(|s| s.morning).map(|s| s.step.id.as_str()).collect();
        assert_eq!(morning, ["morning-meeting", "visit-schedule", "tool-kit"]);
        assert_eq!(plan.norms.get("visit"), Some(&8.0));
        assert_eq!(plan.trigger_sources, ["settlement"]);
        assert!(plan.background.is_empty(), "{:?}", plan.background);
    }

    #[test]
    fn fnb_meals_are_watched_by_a_trigger() {
        let playbook = seed("fnb");
        let plan = Plan::new(&playbook);
        assert_eq!(plan.trigger_sources, ["meal"]);
        assert!(plan.background.contains(&"community_activity"));
        assert!(!plan.background.contains(&"recovery_plan"));
    }
}

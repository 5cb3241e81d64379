//! A plan judged before the month starts: its visits become events at their expected
//! times, and the tracker's quotas, and the routine steps that visits are evidence of,
//! judge them as if the month had been worked to plan.

use serde::{Deserialize, Serialize};

use super::MonthPlan;
use crate::error::RosterError;
use crate::event::{Event, Rejected, Value};
use crate::playbook::Playbook;
use crate::roster::Roster;
use crate::time::last_day_of_month;
use crate::track::{Finding, Tracker};

/// What the tracker says of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlanEvaluation {
    /// Findings of the quotas and of the steps whose evidence is a visit.
    pub findings: Vec<Finding>,
    /// Planned visits the tracker turned away (a customer missing from the roster).
    pub rejected: Vec<Rejected>,
}

impl MonthPlan {
    /// The plan's visits as events of the plan's visit kind, at their expected times;
    /// ids are `plan-PERSON-DATE-N`. When a step asks visits to be among a day's list
    /// (T77-14), or a quota counts the customers a list names (`listed_in`, T77-12), each
    /// day's list is an event too, at the first visit, naming the day's customers
    /// (`plan-PERSON-DATE-list`).
    pub fn to_events(&self, playbook: &Playbook) -> Vec<Event> {
        let calendar = playbook.calendar();
        let listed = day_list(playbook, &self.params.kind);
        let mut events = Vec::new();
        for day in &self.days {
            if let (Some((kind, list)), Some(first)) = (listed, day.visits.first()) {
                let customers = day.visits.iter().map(|v| v.customer.clone()).collect();
                let id = format!("plan-{}-{}-list", self.person, day.date);
                let at = calendar.local(day.date, first.arrive);
                events.push(Event::new(id, kind, self.person.clone(), at).with(list, Value::List(customers)));
            }
            for (n, visit) in day.visits.iter().enumerate() {
                let id = format!("plan-{}-{}-{}", self.person, day.date, n + 1);
                let at = calendar.local(day.date, visit.arrive);
                let end = calendar.local(day.date, visit.leave);
                events.push(
                    Event::new(id, self.params.kind.as_str(), self.person.clone(), at)
                        .ending(end)
                        .for_customer(visit.customer.clone()),
                );
            }
        }
        events
    }

    /// Runs the tracker over the plan's month as if it were worked to plan, and keeps the
    /// findings of the quotas and of the steps whose evidence is a visit (T77-8, T77-9,
    /// T77-14, T77-16), and of the quotas that count the day's list (T77-12: each customer
    /// listed in each period of its visit frequency); duties and checklists are not part
    /// of a plan, nor are the findings of the team the person may lead (a plan is one
    /// person's).
    ///
    /// # Errors
    /// Problems of the roster against the playbook.
    pub fn evaluate(&self, playbook: &Playbook, roster: &Roster) -> Result<PlanEvaluation, RosterError> {
        let mut tracker = Tracker::new(playbook.clone(), roster.clone(), self.month)?;
        let intake = tracker.ingest_all(self.to_events(playbook));
        let spec = playbook.spec();
        let listed = day_list(playbook, &self.params.kind);
        let rules: Vec<&str> = spec
            .quotas
            .iter()
            .filter(|q| {
                q.of.kind == self.params.kind
                    || q.listed_in.as_deref().is_some_and(|l| Some((q.of.kind.as_str(), l)) == listed)
            })
            .map(|q| q.id.as_str())
            .chain(
                spec.steps
                    .iter()
                    .filter(|s| s.evidence.as_ref().is_some_and(|e| e.kind == self.params.kind))
                    .map(|s| s.id.as_str()),
            )
            .collect();
        let findings = tracker
            .close_days_through(last_day_of_month(self.month))
            .into_iter()
            .filter(|f| f.team.is_none() && f.person == self.person && rules.contains(&f.rule.as_str()))
            .collect();
        Ok(PlanEvaluation { findings, rejected: intake.rejected })
    }
}

/// The kind and list field of the day's list of customers a plan records, if the playbook
/// has one: the list a step's visits must be among (T77-14), else the list a quota counts
/// customers by (`listed_in`, T77-12).
fn day_list<'p>(playbook: &'p Playbook, visit_kind: &str) -> Option<(&'p str, &'p str)> {
    let spec = playbook.spec();
    let among = spec
        .steps
        .iter()
        .filter_map(|s| s.evidence.as_ref())
        .find(|e| e.kind == visit_kind)
        .and_then(|e| e.among.as_ref())
        .map(|a| (a.kind.as_str(), a.list.as_str()));
    among.or_else(|| spec.quotas.iter().find_map(|q| Some((q.of.kind.as_str(), q.listed_in.as_deref()?))))
}

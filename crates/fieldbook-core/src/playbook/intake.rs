//! Admitting events: the one path by which the tracker and the customer book accept an
//! event — checked against the playbook's kinds and the roster, repeats told from
//! conflicting ids — and what became of a batch.

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use super::Playbook;
use crate::event::{Event, MAX_EVENT_DAYS, RejectReason, Rejected};
use crate::fast_map::FastMap;
use crate::roster::Roster;
use crate::time::supported;

/// How an event was accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Admission {
    /// A new event, kept.
    New,
    /// An identical repeat of an event accepted before: harmless, and it changes nothing.
    Repeat,
    /// An event of a closed day within the allowed lateness: the day reopens, and the
    /// findings that change come as revisions.
    Late,
    /// An event with the id of one accepted before, on the same day, and new content: it
    /// replaces the earlier one (reopening its day when closed).
    Corrected,
}

/// What became of a batch of events: every event is counted once, as accepted (new; `late`
/// says how many of those were for a reopened day), repeated, corrected or rejected.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Intake {
    /// How many new events were accepted.
    pub accepted: usize,
    /// How many were identical repeats of events accepted before (accepted, changing
    /// nothing).
    #[serde(default)]
    pub repeated: usize,
    /// How many of the accepted events were late: for a closed day that reopened.
    #[serde(default)]
    pub late: usize,
    /// How many replaced an event of the same id and day.
    #[serde(default)]
    pub corrected: usize,
    /// The events turned away, each with its reason.
    pub rejected: Vec<Rejected>,
}

impl Intake {
    /// Offers each event to `admit`, counting the new and the repeated and keeping the
    /// rejected: none is lost.
    pub(crate) fn of(
        events: impl IntoIterator<Item = Event>,
        mut admit: impl FnMut(Event) -> Result<Admission, Box<Rejected>>,
    ) -> Self {
        let mut intake = Self::default();
        for event in events {
            match admit(event) {
                Ok(Admission::New) => intake.accepted += 1,
                Ok(Admission::Late) => {
                    intake.accepted += 1;
                    intake.late += 1;
                }
                Ok(Admission::Corrected) => intake.corrected += 1,
                Ok(Admission::Repeat) => intake.repeated += 1,
                Err(rejected) => intake.rejected.push(*rejected),
            }
        }
        intake
    }
}

/// Positions of people and customers in a roster, by id, made once per roster.
///
/// An event's customer is looked up among its person's own customers first (a small
/// table, hot while that person's events are read), and in the index of all customers
/// only when not found there: the index of a province's customers does not fit in a
/// cache, and a lookup in it misses.
#[derive(Clone, Debug, Default)]
pub(crate) struct RosterIndex {
    pub(crate) people: FastMap<SmolStr, usize>,
    pub(crate) customers: FastMap<SmolStr, usize>,
    /// Each person's customers (those they manage) by id, sorted, with their positions.
    managed: Vec<Box<[(SmolStr, usize)]>>,
}

impl RosterIndex {
    pub(crate) fn new(roster: &Roster) -> Self {
        let people: FastMap<SmolStr, usize> =
            roster.people.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
        let mut managed: Vec<Vec<(SmolStr, usize)>> = vec![Vec::new(); roster.people.len()];
        for (i, customer) in roster.customers.iter().enumerate() {
            if let Some(&p) = customer.manager.as_ref().and_then(|m| people.get(m.as_str())) {
                managed[p].push((customer.id.clone(), i));
            }
        }
        let managed = managed
            .into_iter()
            .map(|mut mine| {
                mine.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
                mine.into_boxed_slice()
            })
            .collect();
        Self {
            people,
            customers: roster.customers.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect(),
            managed,
        }
    }

    /// The position of person `id`.
    pub(crate) fn person(&self, id: &str) -> Option<usize> {
        self.people.get(id).copied()
    }

    /// The position of customer `id`, looked up first among the customers of the person
    /// at position `person`.
    pub(crate) fn customer(&self, person: Option<usize>, id: &str) -> Option<usize> {
        if let Some(mine) = person.and_then(|p| self.managed.get(p))
            && let Ok(at) = mine.binary_search_by(|(c, _)| c.as_str().cmp(id))
        {
            return Some(mine[at].1);
        }
        self.customers.get(id).copied()
    }

    /// The position of the customer of `event`, if it has one the roster knows.
    pub(crate) fn customer_of(&self, event: &Event) -> Option<usize> {
        let customer = event.customer.as_deref()?;
        self.customer(self.person(event.person.as_str()), customer)
    }
}

/// Whether `event`, whose id was accepted before as `previous`, is an identical repeat
/// (accepted again, changing nothing) or a conflicting record.
pub(crate) fn repeat(previous: Option<&Event>, event: &Event) -> Result<Admission, RejectReason> {
    if previous.is_some_and(|previous| previous.is_identical(event)) {
        Ok(Admission::Repeat)
    } else {
        Err(RejectReason::DuplicateId { id: event.id.to_string() })
    }
}

/// Checks everything about `event` that does not depend on other events.
pub(crate) fn admissible(playbook: &Playbook, index: &RosterIndex, event: &Event) -> Result<(), RejectReason> {
    // First, so that nothing computes with a date at the edges of chrono's range.
    for at in [Some(event.at), event.end].into_iter().flatten() {
        let date = at.naive_utc().date();
        supported(date).map_err(|problem| RejectReason::OutOfRange { date: date.to_string(), problem })?;
    }
    let Some(kind) = playbook.event_kind(&event.kind) else {
        return Err(RejectReason::UnknownKind { kind: event.kind.to_string() });
    };
    let Some(person) = index.person(event.person.as_str()) else {
        return Err(RejectReason::UnknownPerson { person: event.person.to_string() });
    };
    match (&event.customer, kind.customer) {
        (None, true) => return Err(RejectReason::MissingCustomer { kind: event.kind.to_string() }),
        (Some(_), false) => return Err(RejectReason::UnexpectedCustomer { kind: event.kind.to_string() }),
        (Some(customer), true) if index.customer(Some(person), customer.as_str()).is_none() => {
            return Err(RejectReason::UnknownCustomer { customer: customer.to_string() });
        }
        _ => {}
    }
    // Most CRMs record when a meeting or a call ended: an end is kept on any kind (and
    // judged only on kinds that last), unless the kind forbids it.
    match (event.end, kind.lasts) {
        (None, true) => return Err(RejectReason::MissingEnd { kind: event.kind.to_string() }),
        (Some(_), false) if kind.forbid_end => {
            return Err(RejectReason::UnexpectedEnd { kind: event.kind.to_string() });
        }
        (Some(end), _) if end < event.at => {
            return Err(RejectReason::EndBeforeStart { at: event.at.to_rfc3339(), end: end.to_rfc3339() });
        }
        (Some(end), _) if end - event.at > chrono::TimeDelta::days(MAX_EVENT_DAYS) => {
            let (at, end) = (event.at.to_rfc3339(), end.to_rfc3339());
            return Err(RejectReason::TooLong { at, end, max_days: MAX_EVENT_DAYS });
        }
        _ => {}
    }
    for (name, value) in &event.fields {
        // A kind declares a handful of fields: a scan is cheaper than hashing the name.
        let Some((_, spec)) = kind.fields.iter().find(|(declared, _)| declared.as_str() == name.as_str()) else {
            return Err(RejectReason::UnknownField { kind: event.kind.to_string(), field: name.to_string() });
        };
        value.check(spec).map_err(|problem| RejectReason::BadField { field: name.to_string(), problem })?;
    }
    if let Some((name, _)) =
        kind.fields.iter().find(|(name, spec)| spec.required && !event.fields.contains_key(name.as_str()))
    {
        return Err(RejectReason::MissingField { field: name.clone() });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::{Customer, Person};

    #[test]
    fn a_customer_is_found_among_its_persons_own_or_else_among_all() {
        let roster = Roster::new(
            [Person::new("li"), Person::new("wang")],
            [
                Customer::new("c3").managed_by("li"),
                Customer::new("c1").managed_by("wang"),
                Customer::new("c2").managed_by("li"),
                Customer::new("c9"),
            ],
        );
        let index = RosterIndex::new(&roster);
        let (li, wang) = (index.person("li"), index.person("wang"));
        assert_eq!((li, wang, index.person("zhao")), (Some(0), Some(1), None));
        // Li's own, by their positions in the roster.
        assert_eq!(index.customer(li, "c2"), Some(2));
        assert_eq!(index.customer(li, "c3"), Some(0));
        // Wang's customer and one nobody manages, visited by Li: found among all.
        assert_eq!(index.customer(li, "c1"), Some(1));
        assert_eq!(index.customer(li, "c9"), Some(3));
        assert_eq!(index.customer(None, "c3"), Some(0));
        assert_eq!(index.customer(wang, "c7"), None);
        let visit = Event::new("v1", "visit", "wang", chrono::DateTime::UNIX_EPOCH.fixed_offset()).for_customer("c2");
        assert_eq!(index.customer_of(&visit), Some(2));
    }
}

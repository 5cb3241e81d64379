//! Why a tracker refused: a snapshot it would not restore, days it would not close.

use chrono::NaiveDate;

use super::TrackerState;
use crate::error::RosterError;
use crate::playbook::PlaybookIdentity;
use crate::roster::Roster;

/// Why an event was not retracted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RetractError {
    /// No event of that day has the id.
    #[error("no event `{id}` on {date}")]
    NotFound {
        /// The id.
        id: String,
        /// The day.
        date: NaiveDate,
    },
    /// The day is closed, and more than the allowed lateness back
    /// ([`super::Tracker::with_lateness`]).
    #[error("{date} is closed for good (closed through {closed_through})")]
    Closed {
        /// The day.
        date: NaiveDate,
        /// The last closed day.
        closed_through: NaiveDate,
    },
}

/// Why a snapshot was not restored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RestoreError {
    /// The snapshot was taken under another playbook, or another version of it.
    #[error("the snapshot was taken under playbook {snapshot}, not {playbook}")]
    OtherPlaybook {
        /// The playbook of the snapshot.
        snapshot: PlaybookIdentity,
        /// The playbook given.
        playbook: PlaybookIdentity,
    },
    /// The snapshot holds open duties, follow-ups or counts of people or customers the
    /// roster does not have: restoring would drop them silently.
    #[error(
        "the snapshot holds open matters of {} the roster does not have: restore with the roster it was taken with, \
         then change it with Tracker::update_roster",
        missing_parties(people, customers)
    )]
    MissingParties {
        /// The people missing from the roster.
        people: Vec<String>,
        /// The customers missing from the roster.
        customers: Vec<String>,
    },
    /// The roster does not fit the playbook.
    #[error(transparent)]
    Roster(#[from] RosterError),
}

fn missing_parties(people: &[String], customers: &[String]) -> String {
    let list = |what: &str, ids: &[String]| {
        (!ids.is_empty())
            .then(|| format!("{what} {}", ids.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")))
    };
    [list("people", people), list("customers", customers)].into_iter().flatten().collect::<Vec<_>>().join(" and ")
}

/// Why days were not closed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CloseError {
    /// The date is further ahead than the tracker closes (see [`CLOSE_AHEAD_DAYS`](super::CLOSE_AHEAD_DAYS)).
    #[error(
        "closing through {date} would close days past {limit}, {ahead} days after {latest} (the latest event's day \
         or the last closed day): close them when they come, or set Tracker::with_close_ahead"
    )]
    TooFarAhead {
        /// The date asked for.
        date: NaiveDate,
        /// The last day the tracker would close.
        limit: NaiveDate,
        /// The limit, in days past `latest`.
        ahead: u32,
        /// The later of the latest accepted event's day and the last closed day (the first
        /// day, before either).
        latest: NaiveDate,
    },
}

/// The people and customers `state` holds open matters of that `roster` lacks.
pub(super) fn missing(roster: &Roster, state: &TrackerState) -> Result<(), RestoreError> {
    let (people, customers) = state.judged.parties();
    let people: Vec<String> =
        people.into_iter().filter(|p| !roster.people.iter().any(|r| r.id == *p)).map(String::from).collect();
    let customers: Vec<String> =
        customers.into_iter().filter(|c| !roster.customers.iter().any(|r| r.id == *c)).map(String::from).collect();
    if people.is_empty() && customers.is_empty() {
        Ok(())
    } else {
        Err(RestoreError::MissingParties { people, customers })
    }
}

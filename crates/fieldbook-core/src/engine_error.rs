//! One error type for a host that wants a single one: a variant per stage, from loading a
//! playbook to restoring a snapshot, each convertible with `?`.

use crate::error::{LoadError, Problems, RosterError};
use crate::event::Rejected;
use crate::plan::PlanError;
use crate::playbook::RecordAccessError;
use crate::track::{CloseError, LogError, RestoreError, RetractError};

/// Any error of the fieldbook engine, by the stage it comes from.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Loading a playbook failed.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A roster does not fit its playbook.
    #[error(transparent)]
    Roster(#[from] RosterError),
    /// An event was turned away (it is inside, not lost).
    #[error(transparent)]
    Event(#[from] Box<Rejected>),
    /// A snapshot was not restored.
    #[error(transparent)]
    Restore(#[from] RestoreError),
    /// Days were not closed.
    #[error(transparent)]
    Close(#[from] CloseError),
    /// An event log could not be read or evaluated.
    #[error(transparent)]
    Log(#[from] LogError),
    /// A visit plan could not be made.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// An event was not retracted.
    #[error(transparent)]
    Retract(#[from] RetractError),
    /// A role may not see a whole customer record.
    #[error(transparent)]
    Access(#[from] RecordAccessError),
}

/// The problems of a playbook made from text ([`crate::Playbook::from_toml`],
/// [`crate::Playbook::translated`]) are a load error.
impl From<Problems> for Error {
    fn from(problems: Problems) -> Self {
        Self::Load(LoadError::Invalid(problems))
    }
}

/// An event handed back on its own ([`crate::Tracker::ingest`]).
impl From<Rejected> for Error {
    fn from(rejected: Rejected) -> Self {
        Self::Event(Box::new(rejected))
    }
}

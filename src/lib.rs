//! **fieldbook** turns the written routines of account managers into an engine a CRM can
//! run.
//!
//! A playbook (TOML) models a team's routine: a business calendar, monthly phases, daily
//! timed steps, recurring duties, checklists, quotas and follow-up triggers, every rule
//! citing the source fact it implements. This crate is the facade: it re-exports the
//! engine ([`fieldbook_core`]) and adds the one call most hosts want, [`load`], which reads
//! a playbook file and validates it.
//!
//! ```
//! use fieldbook::{Person, load};
//!
//! let playbook = load("examples/playbooks/t77.toml")?;
//! let rural = Person::new("wang").with_attr("route", "rural");
//! let monday = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
//! let agenda = playbook.agenda(&rural, monday);
//! assert_eq!(agenda.phase.as_deref(), Some("adjustment"));
//! for item in &agenda.items {
//!     println!("{} {:<40} {:?}", item.due.format("%H:%M"), item.title, item.refs);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

use std::path::Path;

#[doc(inline)]
pub use fieldbook_core::*;

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// Reads and validates the playbook in `path`.
///
/// # Errors
/// [`LoadError::Read`] when the file cannot be read; [`LoadError::Invalid`] with every
/// problem found, each at its `file:line:col` and key path.
pub fn load(path: impl AsRef<Path>) -> Result<Playbook, LoadError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Read { path: path.to_path_buf(), source })?;
    Playbook::from_toml(&text, Some(path)).map_err(LoadError::Invalid)
}

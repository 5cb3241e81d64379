//! **fieldbook** turns the written routines of account managers into an engine a CRM can
//! run.
//!
//! A playbook (TOML) models a team's routine: a business calendar, monthly phases, daily
//! timed steps, recurring duties, checklists, quotas and follow-up triggers, every rule
//! citing the source fact it implements. This crate is the facade: it re-exports the
//! engine ([`fieldbook_core`]) and the Rhai checks ([`fieldbook_rhai`]), and adds the one
//! call most hosts want, [`load`], which reads a playbook file and the playbooks it
//! extends, validates it, and compiles its check scripts.
//!
//! A host's tour, in the order a host meets the engine (`docs/hosts.md` says more at each
//! step: when to close, grace periods, what a snapshot holds, threads).
//!
//! **Load a playbook and ask for an agenda.**
//!
//! ```
//! use fieldbook::chrono; // the API's dates and times: re-exported, no dependency needed
//! use fieldbook::{Person, load};
//!
//! let playbook = load("examples/playbooks/t77.toml")?;
//! let rural = Person::new("wang").with_attr("route", "rural");
//! let monday = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
//! let agenda = playbook.agenda(&rural, monday)?;
//! assert_eq!(agenda.phase.as_deref(), Some("adjustment"));
//! for item in &agenda.items {
//!     println!("{} {:<8} {:<40} {:?}", item.due.format("%H:%M"), item.kind, item.title, item.refs);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Track a team**: a [`Roster`], a [`Tracker`] from a first day, events in any batches
//! (each one turned away comes back with its reason), days closed by a watermark, each
//! closed day's findings final; a [`track::Scorecard`] tallies them.
//!
//! ```
//! use fieldbook::chrono::{DateTime, NaiveDate};
//! use fieldbook::track::Scorecard;
//! use fieldbook::{Event, Person, Roster, Status, Tracker};
//!
//! let playbook = fieldbook::load("examples/playbooks/t77.toml")?;
//! let roster = Roster::new([Person::new("li").with_attr("route", "urban")], []);
//! let monday = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
//! let mut tracker = Tracker::new(playbook, roster, monday)?;
//!
//! let at = |text: &str| DateTime::parse_from_rfc3339(text).unwrap();
//! let intake = tracker.ingest_all([
//!     Event::new("m1", "meeting", "li", at("2026-12-07T07:55:00+08:00")).with("chair", "section_chief"),
//!     Event::new("x1", "karaoke", "li", at("2026-12-07T20:00:00+08:00")),
//! ]);
//! assert_eq!((intake.accepted, intake.rejected.len()), (1, 1));
//! assert_eq!(intake.rejected[0].reason.to_string(), "unknown event kind `karaoke`");
//!
//! let findings = tracker.close_through(monday)?;
//! let meeting = findings.iter().find(|f| f.rule == "morning-meeting").unwrap();
//! assert_eq!(meeting.status, Status::Pass);
//! assert_eq!(meeting.refs[0], "T77-11");
//! let card = Scorecard::new(&findings);
//! assert!(card.rules.iter().any(|r| r.rule == "visits-per-day" && r.tally.fail == 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Stop and start again**: a snapshot is plain serde data; it is restored only under the
//! same playbook and with a roster that has everyone it owes something to. `pending`
//! previews what is still open, for dashboards.
//!
//! ```
//! use fieldbook::chrono::{DateTime, NaiveDate};
//! use fieldbook::track::TrackerState;
//! use fieldbook::{Person, Roster, Status, Tracker};
//!
//! let playbook = fieldbook::load("examples/playbooks/t77.toml")?;
//! let roster = Roster::new([Person::new("li").with_attr("route", "urban")], []);
//! let mut tracker = Tracker::new(playbook.clone(), roster.clone(), NaiveDate::from_ymd_opt(2026, 12, 7).unwrap())?;
//! tracker.close_through(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap())?;
//!
//! let json = serde_json::to_string(&tracker.snapshot())?;
//! let state: TrackerState = serde_json::from_str(&json)?;
//! let tracker = Tracker::restore(playbook, roster, state)?;
//!
//! // Tuesday 11:00: the weekly summary was due on Monday at 17:30 and is not done.
//! let preview = tracker.pending(DateTime::parse_from_rfc3339("2026-12-08T11:00:00+08:00")?);
//! let summary = preview.iter().find(|f| f.rule == "weekly-summary").unwrap();
//! assert_eq!(summary.status, Status::Fail);
//! assert!(summary.message.contains("it counts as late"), "{}", summary.message);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **One error type**, if a host wants one: [`Error`] has a variant per stage, each
//! converted by `?`.
//!
//! ```
//! fn close_month(tracker: &mut fieldbook::Tracker, last: fieldbook::chrono::NaiveDate) -> Result<usize, fieldbook::Error> {
//!     Ok(tracker.close_through(last)?.len())
//! }
//! ```
//!
//! The customer side ([`CustomerBook`], [`Playbook::agenda_for`]) and visit planning
//! ([`plan_month`]) have their own examples.
#![deny(missing_docs)]

use std::path::Path;

pub mod scenario;

#[doc(inline)]
pub use fieldbook_core::{
    Agenda, AgendaItem, Customer, CustomerBook, Error, Event, Finding, LoadError, MonthPlan, Person, PlanOptions,
    Playbook, Problem, Problems, Rejected, Roster, RosterError, Status, Team, TimeOfDay, Timespan, Tracker, Value,
    load_from, plan_month,
};
/// The libraries whose types the API takes and gives (dates and times, time zones,
/// ordered maps, short strings), so that a host needs no dependency of its own on them.
#[doc(no_inline)]
pub use fieldbook_core::{SmolStr, chrono, chrono_tz, indexmap};
#[doc(inline)]
pub use fieldbook_core::{
    agenda, calendar, check, customers, error, event, message, plan, playbook, roster, spec, time, track,
};
#[doc(inline)]
pub use fieldbook_rhai::{RhaiChecks, SandboxOptions};

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// Reads and validates the playbook in `path`, and the playbooks it `extends`.
///
/// # Errors
/// [`LoadError::Read`] when the file cannot be read; [`LoadError::Invalid`] with every
/// problem found, each at its `file:line:col` and key path, in the file that caused it.
pub fn load(path: impl AsRef<Path>) -> Result<Playbook, LoadError> {
    load_with(path, &SandboxOptions::default())
}

/// [`load`] with the check scripts' sandbox limits set by the host.
///
/// # Errors
/// As [`load`]; a check script that does not compile is a problem at its line and column.
pub fn load_with(path: impl AsRef<Path>, sandbox: &SandboxOptions) -> Result<Playbook, LoadError> {
    let playbook = load_from(path.as_ref(), &Within::folder_of(path.as_ref()))?;
    if playbook.spec().checks.is_empty() {
        return Ok(playbook);
    }
    let checks = RhaiChecks::compile(&playbook, sandbox).map_err(LoadError::Invalid)?;
    Ok(playbook.with_checks(std::sync::Arc::new(checks)))
}

/// [`FileSystem`] confined to where the files really are: a file named in the folder of
/// the first playbook may still be a link that leads out of it, and is then not read.
struct Within {
    folder: Option<std::path::PathBuf>,
}

impl Within {
    /// The folder the playbook file really is in (a link to a playbook is followed).
    fn folder_of(playbook: &Path) -> Self {
        Self { folder: playbook.canonicalize().ok().and_then(|file| file.parent().map(Path::to_path_buf)) }
    }
}

impl playbook::Sources for Within {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        if let (Some(folder), Ok(file)) = (&self.folder, path.canonicalize())
            && !file.starts_with(folder)
        {
            let message = format!("it leads out of the playbook's folder, to {}", file.display());
            return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, message));
        }
        FileSystem.read(path)
    }
}

/// The largest playbook or script file [`FileSystem`] reads: 1 MiB (a large playbook is
/// a few dozen KiB; parsed, a MiB of TOML takes some 50 MiB of memory).
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// [`playbook::Sources`] that read the file system: files of at most [`MAX_FILE_BYTES`],
/// confined to the folder of the file that names them.
#[derive(Clone, Copy, Debug, Default)]
pub struct FileSystem;

impl playbook::Sources for FileSystem {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        use std::io::Read;
        let mut text = String::new();
        std::fs::File::open(path)?.take(MAX_FILE_BYTES + 1).read_to_string(&mut text)?;
        if text.len() as u64 > MAX_FILE_BYTES {
            let message = format!("the file is larger than {} MiB", MAX_FILE_BYTES >> 20);
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, message));
        }
        Ok(text)
    }
}

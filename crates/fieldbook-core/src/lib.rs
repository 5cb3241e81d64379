//! The fieldbook engine: account-manager playbooks as data.
//!
//! A playbook (TOML) says when things happen (a business [`calendar::Calendar`], monthly
//! phases, duties on a [`spec::Schedule`], the daily routine of timed steps), what a visit
//! consists of (procedures), how much is enough (quotas) and what follows what (triggers).
//! This crate parses it into plain serde types ([`spec::PlaybookSpec`]), validates it into
//! a [`Playbook`] (every problem at once, each with `file:line:col` and its key path), and
//! answers "what is due for this person on this date" with an [`Agenda`].
//!
//! The customer side — record views by role, reviews, date reminders, value and activity
//! metrics, agreements and call lists — is read through a [`CustomerBook`] (a roster's
//! customers and the events about them) with [`Playbook::agenda_for`]; the [`Tracker`]
//! judges the same rules when days close.
//!
//! The crate is pure: no I/O, no clock, no environment, and the same inputs give the same
//! output byte for byte (maps keyed by event ids are seeded per map against crafted ids;
//! none reaches the output). Callers pass the text, the date and the person.
//!
//! The types a host names every day are at the crate root; the rest live in modules by
//! concept: [`spec`] (the playbook as written), [`calendar`], [`event`],
//! [`roster`], [`check`] (the scripting seam), [`message`] (texts as keys and values), [`playbook`], [`agenda`], [`customers`],
//! [`track`] (the tracker, findings and scorecards) and [`plan`] (visit planning).
//!
//! ```
//! use fieldbook_core::{Person, Playbook};
//!
//! let text = r#"
//!     [playbook]
//!     id = "mini"
//!     title = "A morning meeting"
//!     [calendar]
//!     time_zone = "Asia/Shanghai"
//!     [[steps]]
//!     id = "morning-meeting"
//!     title = "Morning meeting"
//!     kind = "meeting"
//!     by = "08:00"
//!     refs = ["T77-11"]
//! "#;
//! let playbook = Playbook::from_toml(text, None)?;
//! let monday = fieldbook_core::chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
//! let agenda = playbook.agenda(&Person::new("li"), monday)?;
//! assert_eq!(agenda.items[0].due.to_rfc3339(), "2026-12-07T08:00:00+08:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod agenda;
pub mod calendar;
pub mod check;
pub mod customers;
mod engine_error;
pub mod error;
pub mod event;
mod fast_map;
pub mod load;
pub mod message;
pub mod plan;
pub mod playbook;
pub mod roster;
pub mod spec;
pub mod time;
pub mod track;

pub use agenda::{Agenda, AgendaItem};
pub use customers::CustomerBook;
pub use engine_error::Error;
pub use error::{LoadError, Problem, Problems, RosterError};
pub use event::{Event, Rejected, Value};
pub use plan::{MonthPlan, PlanOptions, plan_month};
pub use playbook::{Playbook, load_from};
pub use roster::{Absence, Customer, Person, Roster, Team};
pub use time::{TimeOfDay, Timespan};
pub use track::{Finding, Status, Tracker};
/// The libraries whose types the API takes and gives (dates and times, time zones,
/// ordered maps, short strings), so that a host needs no dependency of its own on them.
#[doc(no_inline)]
pub use {chrono, chrono_tz, indexmap, smol_str::SmolStr};

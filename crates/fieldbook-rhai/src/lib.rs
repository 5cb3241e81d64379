//! Rhai check scripts for fieldbook.
//!
//! A playbook declares `[[checks]]` with a script inline or in a file beside it. This crate
//! compiles every script once when the playbook loads ([`RhaiChecks::compile`]), runs them
//! in one sandboxed engine ([`SandboxOptions`]: operation, call-depth, expression-depth,
//! string, array and map limits; no `eval`; modules only from the playbook's folder), and
//! plugs into the tracker through `fieldbook_core::check::CheckRunner`.
//!
//! Scripts see, for an `event` check: `event` (`event.kind`, `event.customer`,
//! `event.minutes` (duration), `event.hour` and `event.clock` (minutes since midnight) on
//! the playbook's clock, typed fields `event["stock"]`, `event.has("stock")`), `customer`
//! (or `()`: `customer.has_tag("key")`, `customer["name"]`), `person` (`person.id`,
//! `person.role`, `person["route"]`) and `date`; for `day`, `week`, `month` and `phase`
//! checks: `period` (`period.count("visit")`, `period.sum("visit.stock")`,
//! `period.sum("visit.minutes")`, `period.seen("visit")` — the customers visited,
//! `period.customers` — the person's customers, `period.events` for a day), `person` and
//! `date`. Helpers: `is_working_day(date)`, `phase_of(date)`. A script returns
//! `true`/`false` or `#{ ok, message, actual, expected }`.
//!
//! ```
//! use fieldbook_rhai::{RhaiChecks, SandboxOptions};
//!
//! let text = r#"
//!     [playbook]
//!     id = "demo"
//!     title = "Demo"
//!     [calendar]
//!     time_zone = "Asia/Shanghai"
//!     [event_kinds.visit]
//!     title = "Visit"
//!     customer = true
//!     lasts = true
//!     fields = { stock = "number", weekly_sales = "number" }
//!     [[checks]]
//!     id = "stock-reasonable"
//!     title = "Stock covers at most 1.5 weeks of sales"
//!     refs = ["T77-22"]
//!     scope = "event"
//!     kind = "visit"
//!     script = 'event["stock"] <= 1.5 * event["weekly_sales"]'
//! "#;
//! let playbook = fieldbook_core::Playbook::from_toml(text, None)?;
//! let checks = RhaiChecks::compile(&playbook, &SandboxOptions::new())?;
//! let playbook = playbook.with_checks(std::sync::Arc::new(checks));
//! assert!(playbook.check_runner().is_some());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod api;
mod native;
mod runner;
mod sandbox;

pub use runner::RhaiChecks;
pub use sandbox::SandboxOptions;

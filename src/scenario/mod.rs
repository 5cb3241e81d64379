//! Playbook tests as data: scenario files with expected findings, a runner, and rule
//! coverage (the way OPA's `opa test` tests policies).
//!
//! A scenario file (`t77.tests.toml`, beside the playbook) names the playbook or overlay
//! under test, a roster, and scenarios: events, the days to close through, the findings
//! that must come out (by rule or ref, person, customer, day or window, status, and
//! optionally `expected`, `actual`, the events cited), optionally "and nothing else
//! fails", and what a person's agenda holds on a date. `docs/scenarios.md` is the format's
//! reference; `docs/scenario.schema.json` its JSON Schema ([`json_schema`]).
//!
//! ```
//! use fieldbook::scenario::{Coverage, Suite};
//!
//! let suite = Suite::load("examples/playbooks/t77.tests.toml")?;
//! let report = suite.run();
//! assert!(report.passed(), "{report}");
//! let coverage = Coverage::of([&report]);
//! assert!(coverage.playbooks[0].rules.iter().any(|r| r.rule == "visits-per-day" && r.passed > 0 && r.failed > 0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod check;
mod coverage;
mod run;
mod spec;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use coverage::{Coverage, PlaybookCoverage, RuleCoverage};
pub use run::{Difference, RuleInfo, ScenarioReport, SuiteReport, Verdict};
pub use spec::{AgendaItemSpec, AgendaSpec, ExpectSpec, ExpectedStatus, ScenarioSpec, SuiteSpec, WindowSpec};

use crate::error::Problems;
use crate::{Event, Playbook, Roster, playbook};
use fieldbook_core::load::TomlDocument;

/// A scenario file, read and checked against its playbook: ready to run.
pub struct Suite {
    file: PathBuf,
    playbook_file: PathBuf,
    playbook: Playbook,
    scenarios: Vec<Scenario>,
    document: TomlDocument,
}

/// One scenario, with its roster and events gathered.
struct Scenario {
    spec: ScenarioSpec,
    start: NaiveDate,
    roster: Roster,
    events: Vec<Event>,
}

/// Why a scenario file cannot be run.
#[derive(Debug)]
#[non_exhaustive]
pub enum SuiteError {
    /// The file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file (or its playbook, roster or events) has problems: every one found, each
    /// at its `file:line:col` and key path.
    Invalid(Problems),
}

impl std::fmt::Display for SuiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Read { path, .. } => write!(f, "cannot read scenario file {}", path.display()),
            Self::Invalid(problems) => write!(f, "the scenario file has {} problem(s):\n{problems}", problems.len()),
        }
    }
}

impl std::error::Error for SuiteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Read { source, .. } => Some(source),
            Self::Invalid(_) => None,
        }
    }
}

impl Suite {
    /// Reads the scenario file at `path`, the playbook it names (with its Rhai checks),
    /// and the roster and events files it names, all relative to its folder; checks every
    /// expectation against the playbook and the roster.
    ///
    /// # Errors
    /// [`SuiteError::Read`] when the file cannot be read; [`SuiteError::Invalid`] with every
    /// problem of the file, its playbook, rosters and events.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, SuiteError> {
        let path = path.as_ref();
        let text = playbook::Sources::read(&crate::FileSystem, path)
            .map_err(|source| SuiteError::Read { path: path.to_path_buf(), source })?;
        Self::from_toml(&text, path)
    }

    /// As [`Suite::load`], from the text of the file at `path` (files it names are read
    /// relative to `path`'s folder).
    ///
    /// # Errors
    /// As [`Suite::load`].
    pub fn from_toml(text: &str, path: &Path) -> Result<Self, SuiteError> {
        let (spec, document) = TomlDocument::parse::<SuiteSpec>(text, Some(path)).map_err(SuiteError::Invalid)?;
        check::check(spec, document, path)
    }

    /// The scenario file.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// The playbook under test.
    pub fn playbook(&self) -> &Playbook {
        &self.playbook
    }

    /// How many scenarios the file has.
    pub fn len(&self) -> usize {
        self.scenarios.len()
    }

    /// Whether the file has no scenarios.
    pub fn is_empty(&self) -> bool {
        self.scenarios.is_empty()
    }
}

/// The JSON Schema (draft 2020-12) of a scenario file, for editors that complete and
/// check TOML against a schema; `docs/scenario.schema.json` holds it.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(SuiteSpec)).unwrap_or_default()
}

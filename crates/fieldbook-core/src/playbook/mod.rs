//! The validated playbook: the only form the engine evaluates.

mod identity;
mod intake;
mod record_view;
mod rule_ref;

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use crate::load::{ScriptSource, Sources};
pub use identity::PlaybookIdentity;
pub use intake::{Admission, Intake};
pub(crate) use intake::{RosterIndex, admissible, repeat};
pub use record_view::{RecordAccessError, RecordView};
pub use rule_ref::Refs;
pub(crate) use rule_ref::RuleRef;

use crate::calendar::{Calendar, PhaseTable};
use crate::check::CheckRunner;
use crate::error::{LoadError, Problems};
use crate::fast_map::FastMap;
use crate::load::{self, Loaded};
use crate::spec::{EventKindSpec, PhaseSpec, PlaybookSpec, StepSpec};
use crate::time::TimeOfDay;
use rule_ref::RuleRefs;

/// A playbook that has been parsed and validated, ready to answer questions.
///
/// Cheap to clone (the contents are shared) and `Send + Sync`. It serializes as its
/// [`PlaybookSpec`], and deserializing validates again.
#[derive(Clone, Debug)]
pub struct Playbook {
    inner: Arc<Inner>,
}

#[derive(Clone, Debug)]
struct Inner {
    spec: PlaybookSpec,
    calendar: Calendar,
    phases: PhaseTable,
    /// When each step of the routine is due (see [`step_deadlines`]).
    step_due: Vec<Option<TimeOfDay>>,
    /// Every rule's id and refs, as findings share them.
    rules: RuleRefs,
    /// Positions of the event kinds in `spec.event_kinds`, by name (looked up per event).
    kinds: FastMap<String, usize>,
    /// The script of each check (`None` for a script file not read).
    scripts: Vec<Option<ScriptSource>>,
    /// What runs the check scripts, once compiled.
    runner: Option<Arc<dyn CheckRunner>>,
    identity: PlaybookIdentity,
}

/// Loads the playbook in `path`, resolving `extends` through `sources` and reading the
/// check scripts' files.
///
/// # Errors
/// [`LoadError::Read`] when `path` itself cannot be read; otherwise every problem,
/// each placed in the file it comes from.
pub fn load_from(path: &Path, sources: &dyn Sources) -> Result<Playbook, LoadError> {
    load::resolve(path, sources).map(Playbook::from_loaded)
}

impl Playbook {
    /// Validates a parsed spec.
    ///
    /// # Errors
    /// Every problem found, each with the key path of the value at fault (no line and
    /// column: a spec built in code has no source text).
    pub fn new(spec: PlaybookSpec) -> Result<Self, Problems> {
        load::check(spec).map(Self::from_loaded)
    }

    /// Parses and validates a playbook written in TOML. `file` names where the text came
    /// from, for the problems' `file:line:col`.
    ///
    /// # Errors
    /// Every problem found, each placed at its line, column and key path.
    ///
    /// # Example
    /// ```
    /// # use fieldbook_core as fieldbook;
    /// use fieldbook::Playbook;
    /// let text = r#"
    ///     [playbook]
    ///     id = "demo"
    ///     title = "Demo"
    ///     [calendar]
    ///     time_zone = "Asia/Shanghai"
    /// "#;
    /// let playbook = Playbook::from_toml(text, None)?;
    /// assert_eq!(playbook.spec().playbook.id, "demo");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml(text: &str, file: Option<&Path>) -> Result<Self, Problems> {
        load::from_text(text, file).map(Self::from_loaded)
    }

    /// The playbook of a checked spec.
    fn from_loaded(Loaded { spec, scripts }: Loaded) -> Self {
        let calendar = Calendar::new(&spec.calendar);
        // Validation reported the days no phase or two phases cover.
        let phases = PhaseTable::new(&spec.phases, &mut Vec::new());
        let step_due = step_deadlines(&spec.steps);
        let rules = RuleRefs::new(&spec);
        let kinds = spec.event_kinds.keys().enumerate().map(|(i, name)| (name.clone(), i)).collect();
        let identity = PlaybookIdentity::of(&spec, &scripts);
        let inner = Inner { spec, calendar, phases, step_due, rules, kinds, scripts, runner: None, identity };
        Self { inner: Arc::new(inner) }
    }

    /// This playbook with the titles and notes of a translation in place: a TOML file
    /// shaped like the playbook, `[translation]` with `playbook` (this one's id) and `lang`,
    /// then elements by id giving only `title` and `note` (see `docs/i18n.md`). Its rules,
    /// scripts and check runner are this playbook's.
    ///
    /// # Errors
    /// Every problem of the translation, placed at its `file:line:col` and key path:
    /// anything but a title or a note (which would change a rule), an id or key the
    /// playbook lacks, a note where the playbook has none, a translation of another
    /// playbook.
    pub fn translated(&self, text: &str, file: Option<&Path>) -> Result<Self, Problems> {
        let spec = load::translate(&self.inner.spec, text, file)?;
        let mut inner = (*self.inner).clone();
        inner.identity = PlaybookIdentity::of(&spec, &inner.scripts);
        inner.spec = spec;
        Ok(Self { inner: Arc::new(inner) })
    }

    /// The script of each check (in `spec().checks` order), `None` for a script file that
    /// was not read (a playbook built without a loader).
    pub fn scripts(&self) -> &[Option<ScriptSource>] {
        &self.inner.scripts
    }

    /// The playbook with its checks run by `runner` (see the `fieldbook-rhai` crate).
    pub fn with_checks(mut self, runner: Arc<dyn CheckRunner>) -> Self {
        // A playbook being loaded is not shared yet; one that is gets its own copy.
        Arc::make_mut(&mut self.inner).runner = Some(runner);
        self
    }

    /// What runs the check scripts, if one was set.
    pub fn check_runner(&self) -> Option<&dyn CheckRunner> {
        self.inner.runner.as_deref()
    }

    /// The effective playbook as TOML: what was loaded, with every overlay applied.
    pub fn to_toml(&self) -> String {
        toml::to_string(&self.inner.spec).unwrap_or_else(|error| format!("# cannot print the playbook: {error}\n"))
    }

    /// Which playbook this is, exactly: a tracker's snapshot carries it.
    pub fn identity(&self) -> &PlaybookIdentity {
        &self.inner.identity
    }

    /// The playbook as written.
    pub fn spec(&self) -> &PlaybookSpec {
        &self.inner.spec
    }

    /// The business calendar.
    pub fn calendar(&self) -> &Calendar {
        &self.inner.calendar
    }

    /// When each step of the routine is due, in `spec().steps` order: its own time, else
    /// the next timed step's, else the end of the working day.
    pub(crate) fn step_due(&self) -> &[Option<TimeOfDay>] {
        &self.inner.step_due
    }

    /// The event kind `name`.
    pub(crate) fn event_kind(&self, name: &str) -> Option<&EventKindSpec> {
        let index = *self.inner.kinds.get(name)?;
        self.inner.spec.event_kinds.get_index(index).map(|(_, kind)| kind)
    }

    /// Rule `id` citing `refs`, as its findings share them.
    pub(crate) fn rule(&self, id: &str, refs: &[String]) -> RuleRef {
        self.inner.rules.get(id, refs)
    }

    /// Every rule (step, duty, procedure, quota, trigger, agreement, call list, check), in
    /// the order of those sections, with the source facts it cites: what findings can name.
    pub fn rules(&self) -> impl Iterator<Item = (&str, &[String])> {
        rule_ref::rules(&self.inner.spec)
    }

    /// The phase `date` is in, if the playbook has phases.
    pub fn phase_on(&self, date: NaiveDate) -> Option<&PhaseSpec> {
        self.inner.phases.phase_index(date).and_then(|i| self.inner.spec.phases.get(i))
    }
}

impl AsRef<PlaybookSpec> for Playbook {
    fn as_ref(&self) -> &PlaybookSpec {
        &self.inner.spec
    }
}

impl Serialize for Playbook {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.inner.spec.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Playbook {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spec = PlaybookSpec::deserialize(deserializer)?;
        Self::new(spec).map_err(serde::de::Error::custom)
    }
}

/// The deadline of every step: its own time, else the next timed step's, else (`None`)
/// the end of the working day (a tool-kit check is due when the person must be at the
/// first customer).
fn step_deadlines(steps: &[StepSpec]) -> Vec<Option<TimeOfDay>> {
    let mut due = vec![None; steps.len()];
    let mut next = None;
    for (i, step) in steps.iter().enumerate().rev() {
        if let Some(time) = step.by.or(step.at) {
            next = Some(time);
        }
        due[i] = next;
    }
    due
}

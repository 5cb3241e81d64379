//! The validated playbook: the only form the engine evaluates.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::agenda::step_deadlines;
use crate::agenda::{self, Agenda};
use crate::calendar::Calendar;
use crate::check::{CheckRunner, ScriptSource};
use crate::error::{Problem, Problems};
use crate::event_kind::EventKindSpec;
use crate::fast_map::FastMap;
use crate::load::{Source, sorted};
use crate::people::Person;
use crate::phase::{PhaseSpec, PhaseTable};
use crate::rule_ref::{RuleRef, RuleRefs};
use crate::spec::PlaybookSpec;
use crate::time::TimeOfDay;
use crate::validate::validate;

/// A playbook that has been parsed and validated, ready to answer questions.
///
/// Cheap to clone (the contents are shared) and `Send + Sync`. It serializes as its
/// [`PlaybookSpec`], and deserializing validates again.
#[derive(Clone, Debug)]
pub struct Playbook {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    spec: PlaybookSpec,
    calendar: Calendar,
    phases: PhaseTable,
    /// When each step of the routine is due (see `agenda::step_deadlines`).
    step_due: Vec<TimeOfDay>,
    /// Every rule's id and refs, as findings share them.
    rules: RuleRefs,
    /// Positions of the event kinds in `spec.event_kinds`, by name (looked up per event).
    kinds: FastMap<String, usize>,
    /// The script of each check, once read (`None` for a script file not read yet).
    scripts: Vec<Option<ScriptSource>>,
    /// What runs the check scripts, once compiled.
    runner: Option<Arc<dyn CheckRunner>>,
}

impl Playbook {
    /// Validates a parsed spec.
    ///
    /// # Errors
    /// Every problem found, each with the key path of the value at fault (no line and
    /// column: a spec built in code has no source text).
    pub fn new(spec: PlaybookSpec) -> Result<Self, Problems> {
        let mut problems = validate(&spec);
        let phases = PhaseTable::new(&spec.phases, &mut problems);
        if !problems.is_empty() {
            return Err(Problems(problems));
        }
        let calendar = Calendar::new(&spec.calendar);
        let scripts = spec
            .checks
            .iter()
            .map(|c| c.script.as_ref().map(|text| ScriptSource { text: text.clone(), file: None, line: 1, column: 1 }))
            .collect();
        let step_due = step_deadlines(&spec.steps, calendar.end_of_day());
        let rules = RuleRefs::new(&spec);
        let kinds = spec.event_kinds.keys().enumerate().map(|(i, name)| (name.clone(), i)).collect();
        Ok(Self { inner: Arc::new(Inner { spec, calendar, phases, step_due, rules, kinds, scripts, runner: None }) })
    }

    /// Parses and validates a playbook written in TOML. `file` names where the text came
    /// from, for the problems' `file:line:col`.
    ///
    /// # Errors
    /// Every problem found, each placed at its line, column and key path.
    ///
    /// # Example
    /// ```
    /// use fieldbook_core::Playbook;
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
        let mut source = Source::new(text, file);
        let spec = source.parse()?;
        let mut playbook = Self::new(spec)
            .map_err(|problems| sorted(problems.0.into_iter().map(|p| source.place(p)).collect::<Vec<Problem>>()))?;
        for (i, script) in playbook.inner_mut().scripts.iter_mut().enumerate() {
            if let Some(script) = script {
                (script.line, script.column) = source.script_start(&format!("checks[{i}].script"));
                script.file = file.map(Path::to_path_buf);
            }
        }
        Ok(playbook)
    }

    fn inner_mut(&mut self) -> &mut Inner {
        // A playbook being loaded is not shared yet; one that is gets its own copy.
        if Arc::get_mut(&mut self.inner).is_none() {
            let inner = &self.inner;
            self.inner = Arc::new(Inner {
                spec: inner.spec.clone(),
                calendar: inner.calendar.clone(),
                phases: inner.phases.clone(),
                step_due: inner.step_due.clone(),
                rules: inner.rules.clone(),
                kinds: inner.kinds.clone(),
                scripts: inner.scripts.clone(),
                runner: inner.runner.clone(),
            });
        }
        Arc::get_mut(&mut self.inner).unwrap_or_else(|| unreachable!("just made unique"))
    }

    /// The script of each check (in `spec().checks` order), `None` for a script file that
    /// was not read (a playbook built without a loader).
    pub fn scripts(&self) -> &[Option<ScriptSource>] {
        &self.inner.scripts
    }

    /// Sets the script of check `index`, as read from its file.
    pub(crate) fn set_script(&mut self, index: usize, script: ScriptSource) {
        if let Some(slot) = self.inner_mut().scripts.get_mut(index) {
            *slot = Some(script);
        }
    }

    /// The playbook with its checks run by `runner` (see the `fieldbook-rhai` crate).
    pub fn with_checks(mut self, runner: Arc<dyn CheckRunner>) -> Self {
        self.inner_mut().runner = Some(runner);
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
    pub(crate) fn step_due(&self) -> &[TimeOfDay] {
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

    /// The phase `date` is in, if the playbook has phases.
    pub fn phase_on(&self, date: NaiveDate) -> Option<&PhaseSpec> {
        self.inner.phases.phase_index(date).map(|i| &self.inner.spec.phases[i])
    }

    /// What is due for `person` on `date`, in order of due time.
    pub fn agenda(&self, person: &Person, date: NaiveDate) -> Agenda {
        agenda::build(self, person, date)
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

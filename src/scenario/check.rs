//! From a parsed scenario file to a [`Suite`]: the playbook, rosters and events read, and
//! every expectation checked against them, all problems at once.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime};
use fieldbook_core::load::TomlDocument;

use super::spec::{ExpectedStatus, ScenarioSpec, SuiteSpec};
use super::{Scenario, Suite, SuiteError};
use crate::error::{Problem, Problems};
use crate::track::read_events;
use crate::{CustomerBook, LoadError, Playbook, Roster, TimeOfDay, Tracker, playbook};

/// Checks a parsed scenario file at `path` and gathers what its scenarios need.
pub(super) fn check(spec: SuiteSpec, document: TomlDocument, path: &Path) -> Result<Suite, SuiteError> {
    let folder = path.parent().unwrap_or(Path::new(""));
    let mut problems = Checker { folder, problems: Vec::new(), elsewhere: Vec::new() };
    let playbook_file = folder.join(&spec.playbook);
    let playbook = match crate::load(&playbook_file) {
        Ok(playbook) => Some(playbook),
        Err(LoadError::Invalid(found)) => {
            problems.elsewhere.extend(found.0);
            None
        }
        Err(error) => {
            problems.at("playbook", format!("cannot read `{}`: {}", playbook_file.display(), io_cause(&error)));
            None
        }
    };
    let shared = problems.roster(spec.roster, spec.roster_file.as_deref(), "", playbook.as_ref());
    let scenarios: Vec<Scenario> = match &playbook {
        Some(playbook) => spec
            .scenarios
            .into_iter()
            .enumerate()
            .filter_map(|(i, scenario)| problems.scenario(i, scenario, shared.as_ref(), playbook))
            .collect(),
        None => Vec::new(),
    };
    let Checker { problems, elsewhere, .. } = problems;
    match playbook {
        Some(playbook) if problems.is_empty() && elsewhere.is_empty() => {
            Ok(Suite { file: path.to_path_buf(), playbook_file, playbook, scenarios, document })
        }
        _ => {
            let mut all = document.place_all(problems).0;
            all.extend(elsewhere);
            Err(SuiteError::Invalid(Problems(all)))
        }
    }
}

/// Whether a rule of the playbook (or an item of a checklist, whose refs its findings
/// carry) cites `source`.
fn cites(playbook: &Playbook, source: &String) -> bool {
    let items = playbook.spec().procedures.iter().flat_map(|p| &p.items);
    playbook.rules().any(|(_, refs)| refs.contains(source)) || items.into_iter().any(|i| i.refs.contains(source))
}

/// The operating system's message of a read error.
fn io_cause(error: &LoadError) -> String {
    match error {
        LoadError::Read { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// Problems of the scenario file (by key path) and of other files (already placed).
struct Checker<'a> {
    folder: &'a Path,
    problems: Vec<Problem>,
    elsewhere: Vec<Problem>,
}

impl Checker<'_> {
    fn at(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::at(path, message));
    }

    /// The text of a file the scenario file names at `key`.
    fn read(&mut self, key: &str, file: &Path) -> Option<(PathBuf, String)> {
        let path = self.folder.join(file);
        match playbook::Sources::read(&crate::FileSystem, &path) {
            Ok(text) => Some((path, text)),
            Err(error) => {
                self.at(key, format!("cannot read `{}`: {error}", path.display()));
                None
            }
        }
    }

    /// The roster given inline or as a file under `prefix` (`` or `scenarios[2].`),
    /// checked against the playbook.
    fn roster(
        &mut self,
        inline: Option<Roster>,
        file: Option<&Path>,
        prefix: &str,
        playbook: Option<&Playbook>,
    ) -> Option<Roster> {
        let (roster, key) = match (inline, file) {
            (Some(_), Some(_)) => {
                self.at(format!("{prefix}roster_file"), "give `roster` or `roster_file`, not both");
                return None;
            }
            (Some(roster), None) => (roster, format!("{prefix}roster")),
            (None, Some(file)) => {
                let key = format!("{prefix}roster_file");
                let (path, text) = self.read(&key, file)?;
                match serde_json::from_str::<Roster>(&text) {
                    Ok(roster) => (roster, key),
                    Err(error) => {
                        self.at(key, format!("`{}` is not a roster: {error}", path.display()));
                        return None;
                    }
                }
            }
            (None, None) => return None,
        };
        if let Some(playbook) = playbook
            && let Err(error) = roster.check(playbook)
        {
            for problem in error.iter() {
                match file {
                    // Inline: the roster's own key paths lie in this document.
                    None => self.at(format!("{key}.{}", problem.path), problem.message.clone()),
                    Some(file) => self.at(&key, format!("{}: {}: {}", file.display(), problem.path, problem.message)),
                }
            }
            return None;
        }
        Some(roster)
    }

    /// Scenario `i`, checked, with its roster and events.
    fn scenario(
        &mut self,
        i: usize,
        mut spec: ScenarioSpec,
        shared: Option<&Roster>,
        playbook: &Playbook,
    ) -> Option<Scenario> {
        let at = format!("scenarios[{i}]");
        let before = self.problems.len();
        let own =
            self.roster(spec.roster.take(), spec.roster_file.take().as_deref(), &format!("{at}."), Some(playbook));
        let roster = own.or_else(|| shared.cloned());
        if roster.is_none() && before == self.problems.len() {
            self.at(&at, "no roster: give `roster` or `roster_file` here or at the top of the file");
        }
        self.days(&at, &spec);
        let mut events = Vec::new();
        if let Some(file) = spec.events_file.take() {
            let key = format!("{at}.events_file");
            if let Some((path, text)) = self.read(&key, &file) {
                match read_events(text.as_bytes()) {
                    Ok(log) => {
                        for line in log.rejected {
                            self.at(&key, format!("{} line {}: {}", path.display(), line.line, line.reason));
                        }
                        events.extend(log.events.into_iter().map(|(_, event)| event));
                    }
                    Err(error) => self.at(&key, format!("`{}`: {error}", path.display())),
                }
            }
        }
        let from_file = events.len();
        events.append(&mut spec.events);
        let start = spec.start.or(spec.close.first().copied()).unwrap_or_default();
        let roster = roster?;
        self.expectations(&at, &spec, playbook, &roster);
        let scenario = Scenario { spec, start, roster, events };
        self.admitted(&at, &scenario, from_file, playbook);
        (before == self.problems.len()).then_some(scenario)
    }

    /// The days to close: at least one, in order, none before the start.
    fn days(&mut self, at: &str, spec: &ScenarioSpec) {
        if spec.close.is_empty() && (!spec.expect.is_empty() || spec.nothing_else_fails) {
            self.at(format!("{at}.close"), "give the days to close through, e.g. close = [2026-12-07]");
        }
        for (j, pair) in spec.close.windows(2).enumerate() {
            if pair[1] <= pair[0] {
                self.at(format!("{at}.close[{}]", j + 1), format!("{} does not come after {}", pair[1], pair[0]));
            }
        }
        if let (Some(start), Some(first)) = (spec.start, spec.close.first())
            && first < &start
        {
            self.at(format!("{at}.close[0]"), format!("{first} is before the first day tracked, {start}"));
        }
    }

    /// Every expectation names what the playbook and roster have.
    fn expectations(&mut self, at: &str, spec: &ScenarioSpec, playbook: &Playbook, roster: &Roster) {
        let has_person = |id: &str| roster.people.iter().any(|p| p.id == id);
        let has_customer = |id: &str| roster.customers.iter().any(|c| c.id == id);
        let rule_ids = || playbook.rules().map(|(id, _)| format!("`{id}`")).collect::<Vec<_>>().join(", ");
        let playbook_id = &playbook.spec().playbook.id;
        for (j, expect) in spec.expect.iter().enumerate() {
            let at = format!("{at}.expect[{j}]");
            if expect.rule.is_none() && expect.source_ref.is_none() {
                self.at(&at, "name the finding's `rule` or `ref`");
            }
            if let Some(rule) = &expect.rule
                && !playbook.rules().any(|(id, _)| id == rule)
            {
                self.at(
                    format!("{at}.rule"),
                    format!("no rule `{rule}` in playbook `{playbook_id}`; its rules: {}", rule_ids()),
                );
            }
            if let Some(source) = &expect.source_ref
                && !cites(playbook, source)
            {
                self.at(format!("{at}.ref"), format!("no rule of playbook `{playbook_id}` cites `{source}`"));
            }
            if let Some(person) = expect.person.as_deref().filter(|p| !has_person(p)) {
                self.at(format!("{at}.person"), format!("`{person}` is not in the roster"));
            }
            if let Some(customer) = expect.customer.as_deref().filter(|c| !has_customer(c)) {
                self.at(format!("{at}.customer"), format!("`{customer}` is not a customer of the roster"));
            }
            if let Some(team) = expect.team.as_deref().filter(|t| !roster.teams.iter().any(|x| x.id == *t)) {
                self.at(format!("{at}.team"), format!("`{team}` is not a team of the roster"));
            }
            if let Some(closed) = expect.closed.filter(|d| !spec.close.contains(d)) {
                self.at(format!("{at}.closed"), format!("{closed} is not one of the days closed (`close`)"));
            }
            if let Some(window) = &expect.window {
                for (key, text) in [("start", &window.start), ("end", &window.end)] {
                    if let Err(error) = DateTime::parse_from_rfc3339(text) {
                        self.at(format!("{at}.window.{key}"), format!("`{text}` is not an RFC 3339 time ({error})"));
                    }
                }
            }
            let asserted = [
                ("expected", expect.expected.is_some()),
                ("actual", expect.actual.is_some()),
                ("events", expect.events.is_some()),
                ("message", expect.message.is_some()),
            ];
            if expect.status == ExpectedStatus::Absent {
                for (key, _) in asserted.iter().filter(|(_, given)| *given) {
                    self.at(format!("{at}.{key}"), "a finding expected absent has no `{key}`".replace("{key}", key));
                }
            }
        }
        for (j, agenda) in spec.agenda.iter().enumerate() {
            let at = format!("{at}.agenda[{j}]");
            if !has_person(&agenda.person) {
                self.at(format!("{at}.person"), format!("`{}` is not in the roster", agenda.person));
            }
            for (k, item) in agenda.items.iter().enumerate() {
                if let Some(due) = item.due.as_deref()
                    && due.parse::<TimeOfDay>().is_err()
                    && NaiveDateTime::parse_from_str(due, "%Y-%m-%dT%H:%M").is_err()
                {
                    let message = format!("`{due}` is not a time: write HH:MM, or YYYY-MM-DDTHH:MM for another day");
                    self.at(format!("{at}.items[{k}].due"), message);
                }
            }
        }
    }

    /// Every event is one the tracker admits (or, for a scenario that closes no day, the
    /// customer book its agenda reads).
    /// `from_file` events came from `events_file`, the rest from `events`.
    fn admitted(&mut self, at: &str, scenario: &Scenario, from_file: usize, playbook: &Playbook) {
        let Scenario { spec, start, roster, events } = scenario;
        let intake = if spec.close.is_empty() {
            let Ok(mut book) = CustomerBook::new(playbook, roster) else { return };
            book.record(events.iter().cloned())
        } else {
            let Ok(mut tracker) = Tracker::new(playbook.clone(), roster.clone(), *start) else { return };
            tracker.ingest_all(events.iter().cloned())
        };
        for rejected in intake.rejected {
            let k = events.iter().position(|e| e.id == rejected.event.id).unwrap_or_default();
            let key =
                if k < from_file { format!("{at}.events_file") } else { format!("{at}.events[{}]", k - from_file) };
            self.at(key, format!("event `{}` is turned away: {}", rejected.event.id, rejected.reason));
        }
    }
}

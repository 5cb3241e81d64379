//! Running scenarios: each on a tracker of its own, its findings matched against what it
//! expects, and every difference reported as expected vs found.

use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate};
use serde::{Deserialize, Serialize};

use super::spec::{AgendaSpec, ExpectSpec, ExpectedStatus};
use super::{Scenario, Suite};
use crate::error::Problem;
use crate::{CustomerBook, Finding, Playbook, Status, Tracker};

/// What running a scenario file gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SuiteReport {
    /// The scenario file.
    pub file: PathBuf,
    /// The playbook file under test.
    pub playbook_file: PathBuf,
    /// The playbook's id.
    pub playbook: String,
    /// Each rule of the playbook and whether findings can judge it (a step without
    /// evidence is only on the agenda), for coverage.
    pub rules: Vec<RuleInfo>,
    /// Each scenario, in order.
    pub scenarios: Vec<ScenarioReport>,
}

/// A rule of the playbook under test.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuleInfo {
    /// The rule's id.
    pub rule: String,
    /// The source facts it cites.
    pub refs: Vec<String>,
    /// Whether the tracker judges it (gives findings for it).
    pub judged: bool,
}

/// What running one scenario gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScenarioReport {
    /// The scenario's name.
    pub name: String,
    /// Whether every expectation held.
    pub passed: bool,
    /// How many expectations (findings and agenda items) it checked.
    pub checked: usize,
    /// Each expectation that did not hold, and each finding that failed unexpected.
    pub differences: Vec<Difference>,
    /// The findings the expectations named, rule and status: what coverage counts.
    pub verdicts: Vec<Verdict>,
}

/// A rule's verdict that a scenario asserted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Verdict {
    /// The rule.
    pub rule: String,
    /// Its status.
    pub status: Status,
}

/// An expectation that did not hold: where it is written, what it asked, what was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Difference {
    /// Where the expectation is: `file:line:col: scenarios[0].expect[1]`.
    pub at: String,
    /// What was expected, as `key=value` pairs.
    pub expected: String,
    /// What was found, the same keys of the nearest finding; `none` when there is none.
    pub found: String,
    /// The keys in which the nearest finding differs (`actual`, `status`), when there is one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differs: Vec<String>,
}

impl SuiteReport {
    /// Whether every scenario passed.
    pub fn passed(&self) -> bool {
        self.scenarios.iter().all(|s| s.passed)
    }
}

/// A line per scenario (`ok`/`FAIL`, file, name), each failure followed by its differences.
impl fmt::Display for SuiteReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for scenario in &self.scenarios {
            let verdict = if scenario.passed { "ok  " } else { "FAIL" };
            writeln!(f, "{verdict} {}: {} ({} checked)", self.file.display(), scenario.name, scenario.checked)?;
            for difference in &scenario.differences {
                writeln!(f, "       {}", difference.at)?;
                writeln!(f, "       - expected {}", difference.expected)?;
                writeln!(f, "       + found    {}", difference.found)?;
                if !difference.differs.is_empty() {
                    writeln!(f, "         differs: {}", difference.differs.join(", "))?;
                }
            }
        }
        Ok(())
    }
}

impl Suite {
    /// Runs every scenario: a tracker from its first day, its events ingested, each of its
    /// days closed in turn, and the findings and agendas compared with what it expects.
    pub fn run(&self) -> SuiteReport {
        let rules = self
            .playbook
            .rules()
            .map(|(rule, refs)| RuleInfo {
                rule: rule.to_string(),
                refs: refs.to_vec(),
                judged: judged(&self.playbook, rule),
            })
            .collect();
        SuiteReport {
            file: self.file.clone(),
            playbook_file: self.playbook_file.clone(),
            playbook: self.playbook.spec().playbook.id.clone(),
            rules,
            scenarios: self.scenarios.iter().enumerate().map(|(i, s)| self.run_one(i, s)).collect(),
        }
    }

    fn run_one(&self, i: usize, scenario: &Scenario) -> ScenarioReport {
        let spec = &scenario.spec;
        let mut run = Run { suite: self, at: format!("scenarios[{i}]"), differences: Vec::new(), verdicts: Vec::new() };
        let findings = run.findings(scenario);
        let mut claimed = vec![false; findings.len()];
        for (j, expect) in spec.expect.iter().enumerate() {
            run.expect(j, expect, &findings, &mut claimed);
        }
        if spec.nothing_else_fails {
            for ((closed, finding), _) in findings.iter().zip(&claimed).filter(|(_, claimed)| !**claimed) {
                if matches!(finding.status, Status::Fail | Status::Error) {
                    run.differ(
                        &run.at.clone(),
                        "nothing else fails".into(),
                        format!("{} (closing {closed})", describe(finding)),
                    );
                }
            }
        }
        if !spec.agenda.is_empty() {
            // The customer side of the agenda reads a customer book of the roster and events.
            match CustomerBook::new(&self.playbook, &scenario.roster) {
                Ok(mut book) => {
                    book.record(scenario.events.iter().cloned());
                    for (j, agenda) in spec.agenda.iter().enumerate() {
                        run.agenda(j, agenda, scenario, &book);
                    }
                }
                Err(error) => run.differ(&format!("{}.agenda", run.at), "a customer book".into(), error.to_string()),
            }
        }
        let checked = spec.expect.len() + spec.agenda.iter().map(|a| a.items.len() + a.absent.len()).sum::<usize>();
        let passed = run.differences.is_empty();
        ScenarioReport {
            name: spec.name.clone(),
            passed,
            checked,
            differences: run.differences,
            verdicts: run.verdicts,
        }
    }
}

/// Whether the tracker gives findings for `rule`: every rule but a step without evidence.
fn judged(playbook: &Playbook, rule: &str) -> bool {
    playbook.spec().steps.iter().find(|s| s.id == rule).is_none_or(|step| step.evidence.is_some())
}

/// One scenario being run.
struct Run<'a> {
    suite: &'a Suite,
    at: String,
    differences: Vec<Difference>,
    verdicts: Vec<Verdict>,
}

impl Run<'_> {
    fn differ(&mut self, path: &str, expected: String, found: String) {
        self.differ_in(path, expected, found, Vec::new());
    }

    fn differ_in(&mut self, path: &str, expected: String, found: String, differs: Vec<String>) {
        let at = self.suite.document.place(Problem::at(path, "")).to_string();
        let at = at.trim_end_matches(": ").to_string();
        self.differences.push(Difference { at, expected, found, differs });
    }

    /// Every finding of the scenario's closings, with the day whose closing gave it.
    fn findings(&mut self, scenario: &Scenario) -> Vec<(NaiveDate, Finding)> {
        let mut findings = Vec::new();
        if scenario.spec.close.is_empty() {
            return findings;
        }
        let playbook = self.suite.playbook.clone();
        let mut tracker = match Tracker::new(playbook, scenario.roster.clone(), scenario.start) {
            Ok(tracker) => tracker,
            Err(error) => {
                self.differ(&self.at.clone(), "a tracker".into(), error.to_string());
                return findings;
            }
        };
        for rejected in tracker.ingest_all(scenario.events.iter().cloned()).rejected {
            let found = format!("event `{}` turned away: {}", rejected.event.id, rejected.reason);
            self.differ(&self.at.clone(), "every event admitted".into(), found);
        }
        for &day in &scenario.spec.close {
            match tracker.close_through(day) {
                Ok(closed) => findings.extend(closed.into_iter().map(|f| (day, f))),
                Err(error) => self.differ(&format!("{}.close", self.at), format!("{day} closed"), error.to_string()),
            }
        }
        findings
    }

    /// Expectation `j`: the first unclaimed finding that meets it is claimed; when none
    /// does, the difference names the nearest finding of the same rule, person and day.
    fn expect(&mut self, j: usize, expect: &ExpectSpec, findings: &[(NaiveDate, Finding)], claimed: &mut [bool]) {
        let tz = self.suite.playbook.calendar().time_zone();
        let day_of = |f: &Finding| f.window.start.with_timezone(&tz).date_naive();
        let same = |(closed, f): &(NaiveDate, Finding)| {
            expect.rule.as_ref().is_none_or(|r| f.rule == r)
                && expect.source_ref.as_ref().is_none_or(|r| f.refs.iter().any(|x| x == r))
                && expect.person.as_ref().is_none_or(|p| f.person == p)
                && expect.customer.as_deref().is_none_or(|c| f.customer.as_deref() == Some(c))
                && expect.team.as_deref().is_none_or(|t| f.team.as_deref() == Some(t))
                && expect.day.is_none_or(|d| day_of(f) == d)
                && expect.closed.is_none_or(|d| *closed == d)
                && expect.window.as_ref().is_none_or(|w| {
                    DateTime::parse_from_rfc3339(&w.start).is_ok_and(|s| s == f.window.start)
                        && DateTime::parse_from_rfc3339(&w.end).is_ok_and(|e| e == f.window.end)
                })
        };
        let meets = |f: &Finding| {
            status_of(expect.status) == Some(f.status)
                && expect.expected.as_ref().is_none_or(|e| f.expected == e)
                && expect.actual.as_ref().is_none_or(|a| f.actual == a)
                && expect
                    .events
                    .as_ref()
                    .is_none_or(|e| f.events.iter().map(|x| x.as_str()).eq(e.iter().map(String::as_str)))
                && expect.message.as_ref().is_none_or(|m| f.message.contains(m.as_str()))
        };
        let at = format!("{}.expect[{j}]", self.at);
        let candidates: Vec<usize> = (0..findings.len()).filter(|&k| !claimed[k] && same(&findings[k])).collect();
        if expect.status == ExpectedStatus::Absent {
            if let Some(&k) = candidates.first() {
                self.differ(&at, format!("no finding: {}", keys(expect, None, day_of)), describe(&findings[k].1));
            }
            return;
        }
        match candidates.iter().find(|&&k| meets(&findings[k].1)) {
            Some(&k) => {
                claimed[k] = true;
                let finding = &findings[k].1;
                self.verdicts.push(Verdict { rule: finding.rule.to_string(), status: finding.status });
            }
            None => {
                let nearest = candidates.first().map(|&k| &findings[k].1);
                let found = nearest.map_or_else(|| "none".to_string(), |f| keys(expect, Some(f), day_of));
                let differs = nearest.map(|f| differing(expect, f, day_of)).unwrap_or_default();
                self.differ_in(&at, keys(expect, None, day_of), found, differs);
            }
        }
    }

    /// Agenda expectation `j`: each item on the agenda, its customer side included (due
    /// when said), none of `absent`, and with `exactly` nothing else.
    fn agenda(&mut self, j: usize, expect: &AgendaSpec, scenario: &Scenario, book: &CustomerBook) {
        let at = format!("{}.agenda[{j}]", self.at);
        let Some(person) = scenario.roster.people.iter().find(|p| p.id == expect.person) else { return };
        let agenda = match self.suite.playbook.agenda_for(person, expect.date, book) {
            Ok(agenda) => agenda,
            Err(error) => return self.differ(&at, "an agenda".into(), error.to_string()),
        };
        let listed = |ids: &mut dyn Iterator<Item = String>| ids.collect::<Vec<_>>().join(", ");
        let on_agenda = || listed(&mut agenda.items.iter().map(|i| format!("{} {}", i.id, i.due.format("%H:%M"))));
        for (k, item) in expect.items.iter().enumerate() {
            let found = agenda.items.iter().filter(|i| i.id == item.id.as_str());
            let due = |i: &&crate::AgendaItem| item.due.as_ref().is_none_or(|d| due_text(i, d) == *d);
            if found.clone().any(|i| due(&i)) {
                continue;
            }
            let wanted = format!("{} {} on {}", item.id, item.due.as_deref().unwrap_or("(any time)"), expect.date);
            let wanted_due = item.due.as_deref().unwrap_or("%H:%M");
            let found = listed(&mut found.map(|i| format!("{} {}", i.id, due_text(i, wanted_due))));
            let found = if found.is_empty() { format!("not on the agenda: {}", on_agenda()) } else { found };
            self.differ(&format!("{at}.items[{k}]"), wanted, found);
        }
        for (k, id) in expect.absent.iter().enumerate() {
            if agenda.items.iter().any(|i| i.id == id.as_str()) {
                self.differ(&format!("{at}.absent[{k}]"), format!("no {id} on {}", expect.date), on_agenda());
            }
        }
        if expect.exactly {
            let extra = listed(
                &mut agenda
                    .items
                    .iter()
                    .filter(|i| !expect.items.iter().any(|e| e.id == i.id.as_str()))
                    .map(|i| i.id.to_string()),
            );
            if !extra.is_empty() {
                self.differ(&at, "only the items listed".into(), format!("also {extra}"));
            }
        }
    }
}

/// When an item is due, as `written` is: `HH:MM`, or `YYYY-MM-DDTHH:MM` for a time on
/// another day.
fn due_text(item: &crate::AgendaItem, written: &str) -> String {
    let format = if written.len() > 5 { "%Y-%m-%dT%H:%M" } else { "%H:%M" };
    item.due.format(format).to_string()
}

/// The finding status an expectation asks for (`None` for absent).
fn status_of(status: ExpectedStatus) -> Option<Status> {
    match status {
        ExpectedStatus::Pass => Some(Status::Pass),
        ExpectedStatus::Fail => Some(Status::Fail),
        ExpectedStatus::Warning => Some(Status::Warning),
        ExpectedStatus::Pending => Some(Status::Pending),
        ExpectedStatus::Error => Some(Status::Error),
        ExpectedStatus::Excused => Some(Status::Excused),
        ExpectedStatus::Absent => None,
    }
}

/// The keys an expectation gives, with its values (`finding: None`) or the finding's.
fn keys(expect: &ExpectSpec, finding: Option<&Finding>, day_of: impl Fn(&Finding) -> NaiveDate) -> String {
    pairs(expect, finding, day_of)
        .into_iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The keys of an expectation in which the finding differs from it.
fn differing(expect: &ExpectSpec, finding: &Finding, day_of: impl Fn(&Finding) -> NaiveDate + Copy) -> Vec<String> {
    let ours = pairs(expect, None, day_of);
    let theirs = pairs(expect, Some(finding), day_of);
    let differs = |key: &str, a: &String, b: &String| match (key, &expect.message) {
        ("message", Some(text)) => !finding.message.contains(text.as_str()),
        _ => a != b,
    };
    ours.iter()
        .zip(&theirs)
        .filter(|((key, a), (_, b))| differs(key, a, b))
        .map(|((key, _), _)| key.to_string())
        .collect()
}

/// The keys an expectation gives and their values: its own, or the finding's.
fn pairs(
    expect: &ExpectSpec,
    finding: Option<&Finding>,
    day_of: impl Fn(&Finding) -> NaiveDate,
) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let quoted = |text: &str| format!("{text:?}");
    let status = match finding {
        Some(f) => f.status.to_string(),
        None => serde_json::to_value(expect.status).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
    };
    out.push(("status", status));
    let mut push = |key: &'static str, given: bool, ours: Option<String>, theirs: &dyn Fn(&Finding) -> String| {
        if given {
            out.push((key, finding.map_or_else(|| ours.unwrap_or_default(), theirs)));
        }
    };
    push("rule", expect.rule.is_some(), expect.rule.clone(), &|f| f.rule.to_string());
    push("ref", expect.source_ref.is_some(), expect.source_ref.clone(), &|f| f.refs.join(","));
    push("person", expect.person.is_some(), expect.person.clone(), &|f| f.person.to_string());
    push("customer", expect.customer.is_some(), expect.customer.clone(), &|f| {
        f.customer.as_deref().unwrap_or("none").to_string()
    });
    push("team", expect.team.is_some(), expect.team.clone(), &|f| f.team.as_deref().unwrap_or("none").to_string());
    push("day", expect.day.is_some(), expect.day.map(|d| d.to_string()), &|f| day_of(f).to_string());
    let window = expect.window.as_ref().map(|w| format!("{}/{}", w.start, w.end));
    push("window", window.is_some(), window, &|f| {
        format!("{}/{}", f.window.start.to_rfc3339(), f.window.end.to_rfc3339())
    });
    push("expected", expect.expected.is_some(), expect.expected.as_deref().map(quoted), &|f| quoted(&f.expected));
    push("actual", expect.actual.is_some(), expect.actual.as_deref().map(quoted), &|f| quoted(&f.actual));
    push("events", expect.events.is_some(), expect.events.as_ref().map(|e| format!("{e:?}")), &|f| {
        format!("{:?}", f.events.iter().map(|e| e.as_str()).collect::<Vec<_>>())
    });
    push("message", expect.message.is_some(), expect.message.as_deref().map(|m| format!("containing {m:?}")), &|f| {
        quoted(&f.message)
    });
    out
}

/// A finding in one line, for findings no expectation names.
fn describe(finding: &Finding) -> String {
    let mut customer = finding.customer.as_deref().map(|c| format!(" customer={c}")).unwrap_or_default();
    if let Some(team) = &finding.team {
        customer.push_str(&format!(" team={team}"));
    }
    format!(
        "status={} rule={} person={}{customer} window={}/{} expected={:?} actual={:?}",
        finding.status,
        finding.rule,
        finding.person,
        finding.window.start.to_rfc3339(),
        finding.window.end.to_rfc3339(),
        finding.expected,
        finding.actual
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_without_evidence_is_not_judged_and_one_with_it_is() {
        // T77 with the noon review left to the agenda (no evidence).
        let text = include_str!("../../examples/playbooks/t77.toml")
            .replace("by = \"13:00\"\nevidence = { kind = \"review\" }\n", "");
        let playbook = Playbook::from_toml(&text, None).unwrap();
        assert!(!judged(&playbook, "lunch-review"));
        assert!(judged(&playbook, "morning-meeting"));
        assert!(judged(&playbook, "visits-per-day"), "rules other than steps are judged");
    }
}

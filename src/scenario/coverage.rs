//! Rule coverage: for each playbook under test, how many scenarios made each rule pass
//! and fail, so that an integrator sees which rules no scenario tests.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::SuiteReport;
use crate::Status;

/// Rule coverage of the playbooks of some scenario files.
///
/// A scenario counts for a rule when it passed and one of its expectations named a
/// finding of the rule: `pass` counts as passing, `fail` and `warning` (a rule not met,
/// or met late) as failing. Findings no expectation names do not count: coverage says
/// what the scenarios test, not what they happen to produce.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Coverage {
    /// Each playbook file under test, in the order first met.
    pub playbooks: Vec<PlaybookCoverage>,
}

/// The coverage of one playbook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlaybookCoverage {
    /// The playbook's id.
    pub playbook: String,
    /// Its file.
    pub file: PathBuf,
    /// Each rule the tracker judges, in the playbook's order.
    pub rules: Vec<RuleCoverage>,
}

/// The coverage of one rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuleCoverage {
    /// The rule's id.
    pub rule: String,
    /// The source facts it cites.
    pub refs: Vec<String>,
    /// How many scenarios made it pass.
    pub passed: usize,
    /// How many made it fail.
    pub failed: usize,
}

impl RuleCoverage {
    /// Whether some scenario made the rule pass and some made it fail.
    pub fn is_covered(&self) -> bool {
        self.passed > 0 && self.failed > 0
    }
}

impl Coverage {
    /// The coverage of the playbooks of `reports` (several files may test one playbook).
    pub fn of<'a>(reports: impl IntoIterator<Item = &'a SuiteReport>) -> Self {
        let mut coverage = Self::default();
        // The same playbook may be named by different paths from different folders.
        let mut seen: Vec<PathBuf> = Vec::new();
        for report in reports {
            let file = std::fs::canonicalize(&report.playbook_file).unwrap_or_else(|_| report.playbook_file.clone());
            let index = match seen.iter().position(|p| *p == file) {
                Some(index) => index,
                None => {
                    let rules = report.rules.iter().filter(|r| r.judged);
                    let rules = rules
                        .map(|r| RuleCoverage { rule: r.rule.clone(), refs: r.refs.clone(), passed: 0, failed: 0 })
                        .collect();
                    let playbook = report.playbook.clone();
                    coverage.playbooks.push(PlaybookCoverage { playbook, file: report.playbook_file.clone(), rules });
                    seen.push(file);
                    coverage.playbooks.len() - 1
                }
            };
            let playbook = &mut coverage.playbooks[index];
            for scenario in report.scenarios.iter().filter(|s| s.passed) {
                for rule in &mut playbook.rules {
                    let verdicts = || scenario.verdicts.iter().filter(|v| v.rule == rule.rule);
                    rule.passed += usize::from(verdicts().any(|v| v.status == Status::Pass));
                    rule.failed += usize::from(verdicts().any(|v| matches!(v.status, Status::Fail | Status::Warning)));
                }
            }
        }
        coverage
    }

    /// The rules some scenario did not make pass or fail, with their playbook's id.
    pub fn untested(&self) -> impl Iterator<Item = (&str, &RuleCoverage)> {
        self.playbooks.iter().flat_map(|p| p.rules.iter().filter(|r| !r.is_covered()).map(|r| (p.playbook.as_str(), r)))
    }
}

/// A table: per playbook, each rule with its refs and the scenarios that made it pass and
/// fail, `MISSING` where there are none.
impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for playbook in &self.playbooks {
            let covered = playbook.rules.iter().filter(|r| r.is_covered()).count();
            writeln!(
                f,
                "{} ({}): {covered} of {} rules pass and fail in some scenario",
                playbook.playbook,
                playbook.file.display(),
                playbook.rules.len()
            )?;
            writeln!(f, "  {:<34} {:<24} {:>6} {:>6}", "rule", "refs", "pass", "fail")?;
            for rule in &playbook.rules {
                let count = |n: usize| if n == 0 { "MISSING".to_string() } else { n.to_string() };
                let refs = rule.refs.join(",");
                writeln!(f, "  {:<34} {:<24} {:>6} {:>6}", rule.rule, refs, count(rule.passed), count(rule.failed))?;
            }
        }
        Ok(())
    }
}

//! Two playbooks compared over the same population and seed: per rule, the attainment
//! under each and the difference; rules only one of them has are listed as such.

use std::fmt::Write;

use fieldbook_core::track::Tally;
use serde::Serialize;

use crate::report::summary::Summary;
use crate::report::text::percent;

/// One rule under two playbooks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ComparedRule {
    /// The rule's id.
    pub id: String,
    /// Its source facts (under the second playbook when it has the rule).
    pub refs: Vec<String>,
    /// Its tally under the first playbook, if it has the rule.
    pub base: Option<Tally>,
    /// Its tally under the second playbook, if it has the rule.
    pub other: Option<Tally>,
}

impl ComparedRule {
    /// The change of attainment in percentage points, when both judged the rule.
    pub fn delta(&self) -> Option<f64> {
        Some((self.other?.attainment()? - self.base?.attainment()?) * 100.0)
    }
}

/// A comparison of two simulated months.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The first playbook's id.
    pub base: String,
    /// The second playbook's id.
    pub other: String,
    /// Overall tallies.
    pub totals: (Tally, Tally),
    /// Per rule: the first playbook's rules in order, then the second's new ones.
    pub rules: Vec<ComparedRule>,
}

impl Comparison {
    /// Compares `other` with `base`.
    pub fn new(base: &Summary, other: &Summary) -> Self {
        let mut rules: Vec<ComparedRule> = base
            .rules
            .iter()
            .map(|r| {
                let theirs = other.rules.iter().find(|o| o.id == r.id);
                ComparedRule {
                    id: r.id.clone(),
                    refs: theirs.map_or_else(|| r.refs.clone(), |o| o.refs.clone()),
                    base: Some(r.tally),
                    other: theirs.map(|o| o.tally),
                }
            })
            .collect();
        for o in other.rules.iter().filter(|o| !base.rules.iter().any(|r| r.id == o.id)) {
            rules.push(ComparedRule { id: o.id.clone(), refs: o.refs.clone(), base: None, other: Some(o.tally) });
        }
        Self { base: base.playbook.clone(), other: other.playbook.clone(), totals: (base.total, other.total), rules }
    }

    /// The comparison as text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Comparison: {} → {} (same people, customers and seed)\n  overall attainment {} → {}",
            self.base,
            self.other,
            percent(&self.totals.0),
            percent(&self.totals.1)
        );
        let width = self.rules.iter().map(|r| r.id.len()).max().unwrap_or(4).max(4);
        let _ = writeln!(out, "  {:<width$}  {:>8}  {:>8}  {:>8}  refs", "rule", &self.base, &self.other, "change");
        for r in &self.rules {
            let show = |t: Option<Tally>| t.map_or_else(|| "absent".to_string(), |t| percent(&t));
            let delta = match (r.base, r.other) {
                (None, _) => "new".to_string(),
                (_, None) => "removed".to_string(),
                _ => r.delta().map_or_else(|| "-".to_string(), |d| format!("{d:+.1} pt")),
            };
            let _ = writeln!(
                out,
                "  {:<width$}  {:>8}  {:>8}  {:>8}  {}",
                r.id,
                show(r.base),
                show(r.other),
                delta,
                r.refs.join(", ")
            );
        }
        out
    }
}

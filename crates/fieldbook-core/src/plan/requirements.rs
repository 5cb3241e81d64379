//! What a month plan must contain: for each customer, how many visits in which working
//! days, from its visit frequency and the phases' focus (T77-5).
//!
//! A frequency divides the month's working days into equal consecutive runs (four for
//! `week`, two for `two_weeks`, one for `month`) and asks `times` visits in each. A focus
//! phase asks `focus_visits` visits within its days. So that every requirement of a
//! customer nests inside another or is apart from it (which makes the most visits that fit
//! an exact maximum flow), a focus phase that straddles two runs is served within the run
//! that holds more of its working days (the earlier one on a tie).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::calendar::runs;
use crate::playbook::Playbook;
use crate::roster::Customer;

/// One requirement of the plan: a customer needs `visits` visits on the working days from
/// `first` to `last`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Requirement {
    /// The customer.
    pub customer: SmolStr,
    /// What asks for the visits, in words (`key customer, weekly (key-weekly), run 2 of 4`).
    pub reasons: Vec<String>,
    /// The source facts (seed ids) of the rules that ask for the visits.
    pub refs: Vec<String>,
    /// First working day of the window.
    pub first: NaiveDate,
    /// Last working day of the window.
    pub last: NaiveDate,
    /// Visits needed in the window (beyond those of requirements nested in it).
    pub visits: u32,
}

/// A requirement with its window as indices into the month's working days.
#[derive(Clone, Debug)]
pub(crate) struct Demand {
    pub(crate) customer: usize,
    pub(crate) days: std::ops::Range<usize>,
    pub(crate) units: u32,
    pub(crate) reasons: Vec<String>,
    pub(crate) refs: Vec<String>,
}

/// A focus window of one phase, as working-day indices, with the tags and refs it cites.
struct Focus {
    days: std::ops::Range<usize>,
    phase: String,
    tags: Vec<String>,
    refs: Vec<String>,
}

/// Every demand of `customers` over the working days `days` of one month.
pub(crate) fn demands(playbook: &Playbook, customers: &[&Customer], days: &[NaiveDate]) -> Vec<Demand> {
    let Some(planning) = playbook.spec().visit_planning.as_ref() else { return Vec::new() };
    if days.is_empty() {
        return Vec::new();
    }
    let mut focus = Vec::new();
    if planning.focus_visits > 0 {
        for (p, phase) in playbook.spec().phases.iter().enumerate().filter(|(_, p)| !p.focus.is_empty()) {
            let inside: Vec<usize> = (0..days.len())
                .filter(|&i| playbook.phase_on(days[i]).is_some_and(|x| std::ptr::eq(x, &playbook.spec().phases[p])))
                .collect();
            if let (Some(&a), Some(&b)) = (inside.first(), inside.last()) {
                focus.push(Focus {
                    days: a..b + 1,
                    phase: phase.id.clone(),
                    tags: phase.focus.clone(),
                    refs: phase.refs.clone(),
                });
            }
        }
    }
    let mut out = Vec::new();
    for (c, customer) in customers.iter().enumerate() {
        let focused: Vec<(&Focus, Vec<&String>)> = focus
            .iter()
            .map(|f| (f, customer.tags.iter().filter(|t| f.tags.contains(t)).collect::<Vec<_>>()))
            .filter(|(_, tags)| !tags.is_empty())
            .collect();
        let focus_reason = |f: &Focus, tags: &[&String]| {
            let tags: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
            format!("{}-phase focus: {}", f.phase, tags.join(", "))
        };
        let Some(frequency) = customer.frequency(planning) else {
            for (f, tags) in &focused {
                out.push(Demand {
                    customer: c,
                    days: f.days.clone(),
                    units: planning.focus_visits,
                    reasons: vec![focus_reason(f, tags)],
                    refs: f.refs.clone(),
                });
            }
            continue;
        };
        let runs = runs(days.len(), frequency.every.runs());
        for (k, run) in runs.iter().enumerate() {
            let freq_reason = format!(
                "{}, {} ({}): {} in {} to {}",
                frequency.title,
                frequency.every.adverb(),
                frequency.id,
                plural(frequency.times),
                days[run.start],
                days[run.end - 1]
            );
            let mut rest = frequency.times;
            for (f, tags) in &focused {
                // The run holding most of the focus window's days serves it.
                let overlap =
                    |r: &std::ops::Range<usize>| r.end.min(f.days.end).saturating_sub(r.start.max(f.days.start));
                let best = runs.iter().enumerate().max_by_key(|(j, r)| (overlap(r), usize::MAX - j)).map(|(j, _)| j);
                if best != Some(k) || overlap(run) == 0 {
                    continue;
                }
                let window = run.start.max(f.days.start)..run.end.min(f.days.end);
                let mut refs = f.refs.clone();
                refs.extend(frequency.refs.iter().cloned());
                out.push(Demand {
                    customer: c,
                    days: window,
                    units: planning.focus_visits,
                    reasons: vec![freq_reason.clone(), focus_reason(f, tags)],
                    refs,
                });
                rest = rest.saturating_sub(planning.focus_visits);
            }
            if rest > 0 {
                out.push(Demand {
                    customer: c,
                    days: run.clone(),
                    units: rest,
                    reasons: vec![freq_reason],
                    refs: frequency.refs.clone(),
                });
            }
        }
    }
    out
}

fn plural(times: u32) -> String {
    if times == 1 { "1 visit".to_string() } else { format!("{times} visits") }
}

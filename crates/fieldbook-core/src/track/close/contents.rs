//! What a step's evidence must hold beyond its time: who chaired and where, as the step
//! says (`match`), its events about customers the day's list names (`among`), the figures
//! it reports equal to the day's records (`figures`), and a reason when one figure falls
//! short of another (`shortfall`).

use std::collections::BTreeSet;

use smol_str::SmolStr;

use super::person_day::PersonDay;
use crate::event::{Event, Value, has_fields};
use crate::spec::{Evidence, Listed};

/// Why the day's evidence does not hold what `evidence` and the step's `matched` values
/// (`chair`, `place`) ask, with the events that show it; `None` when it does (or asks
/// nothing).
pub(super) fn problem(
    evidence: &Evidence,
    matched: &[(&str, &str)],
    chosen: &Event,
    mine: &PersonDay<'_, '_>,
) -> Option<(String, Vec<SmolStr>)> {
    let mismatched: Vec<String> = matched
        .iter()
        .filter_map(|&(key, wanted)| match chosen.fields.get(key) {
            Some(Value::Text(found)) if found == wanted => None,
            Some(Value::Text(found)) => Some(format!("{key} {found}, not {wanted}")),
            Some(found) => Some(format!("{key} {found}, not {wanted}")),
            None => Some(format!("no {key} recorded, {wanted} expected")),
        })
        .collect();
    if !mismatched.is_empty() {
        return Some((mismatched.join("; "), vec![chosen.id.clone()]));
    }
    if let Some(listed) = &evidence.among
        && let Some(found) = off_list(evidence, listed, mine)
    {
        return Some(found);
    }
    // Each figure as the day's records show it, counted once.
    let shown: Vec<(&str, usize)> = evidence
        .figures
        .iter()
        .map(|(name, figure)| (name.as_str(), figure.count(mine.of_kind(&figure.kind).iter().copied())))
        .collect();
    let mut wrong = Vec::new();
    for &(field, shown) in &shown {
        match chosen.fields.get(field).and_then(Value::as_number) {
            Some(reported) if reported == shown as f64 => {}
            Some(reported) => wrong.push(format!("{field} is {reported}, the day's records show {shown}")),
            None => wrong.push(format!("no {field}, the day's records show {shown}")),
        }
    }
    if let Some(short) = &evidence.shortfall {
        let figure = |name: &str| shown.iter().find(|(n, _)| *n == name).map(|&(_, count)| count);
        let filled = chosen.fields.get(short.field.as_str()).is_some_and(|v| match v {
            Value::Text(text) => !text.trim().is_empty(),
            Value::List(list) => !list.is_empty(),
            _ => true,
        });
        if let (Some(planned), Some(actual)) = (figure(&short.planned), figure(&short.actual))
            && actual < planned
            && !filled
        {
            wrong.push(format!("no {} for {actual} {} below {planned} {}", short.field, short.actual, short.planned));
        }
    }
    (!wrong.is_empty()).then(|| (wrong.join("; "), vec![chosen.id.clone()]))
}

/// The events of the evidence's kind about customers that no `listed` record of the day
/// names, as a problem.
fn off_list(evidence: &Evidence, listed: &Listed, mine: &PersonDay<'_, '_>) -> Option<(String, Vec<SmolStr>)> {
    let lists = mine.of_kind(&listed.kind);
    let mut named: Vec<&str> = lists
        .iter()
        .filter_map(|e| match e.fields.get(listed.list.as_str()) {
            Some(Value::List(list)) => Some(list.iter().map(SmolStr::as_str)),
            _ => None,
        })
        .flatten()
        .collect();
    named.sort_unstable();
    let off: Vec<&Event> = mine
        .of_kind(&evidence.kind)
        .iter()
        .copied()
        .filter(|e| has_fields(&evidence.filter, e))
        .filter(|e| e.customer.as_ref().is_none_or(|c| named.binary_search(&c.as_str()).is_err()))
        .collect();
    if off.is_empty() {
        return None;
    }
    let customers: BTreeSet<&str> = off.iter().filter_map(|e| e.customer.as_deref()).collect();
    let customers: Vec<&str> = customers.into_iter().collect();
    let why = if lists.is_empty() {
        format!("no {} names the day's customers", listed.kind)
    } else {
        format!("not on the {}'s `{}` list: {}", listed.kind, listed.list, customers.join(", "))
    };
    Some((why, off.iter().map(|e| e.id.clone()).collect()))
}

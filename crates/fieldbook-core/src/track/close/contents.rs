//! What a step's evidence must hold beyond its time: who chaired and where, as the step
//! says (`match`), its events about customers the day's list names (`among`), the figures
//! it reports equal to the day's records (`figures`), and a reason when one figure falls
//! short of another (`shortfall`).

use std::collections::BTreeSet;

use smol_str::SmolStr;

use super::person_day::PersonDay;
use crate::event::{Event, Value, has_fields};
use crate::message::{Arg, Message};
use crate::spec::{Evidence, Listed};

/// What the evidence lacks: in English, as a message for other languages, and the events
/// that show it.
pub(super) struct Lack {
    pub(super) text: String,
    pub(super) said: Message,
    pub(super) events: Vec<SmolStr>,
}

/// The lacks of one event, each in English and as a message, worded together as one
/// (`a; b`).
#[derive(Default)]
struct Lacks(Vec<(String, Message)>);

impl Lacks {
    fn push<const N: usize>(&mut self, text: String, key: &'static str, args: [(&'static str, Arg); N]) {
        self.0.push((text, Message::new(key, args)));
    }

    fn into_lack(self, events: Vec<SmolStr>) -> Option<Lack> {
        let text = self.0.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>().join("; ");
        let said = self
            .0
            .into_iter()
            .map(|(_, m)| m)
            .reduce(|first, rest| Message::new("content-and", [("first", first.into()), ("rest", rest.into())]))?;
        Some(Lack { text, said, events })
    }
}

fn text(value: impl ToString) -> Arg {
    Arg::Text(value.to_string().as_str().into())
}

/// Why the day's evidence does not hold what `evidence` and the step's `matched` values
/// (`chair`, `place`) ask, with the events that show it; `None` when it does (or asks
/// nothing).
pub(super) fn problem(
    evidence: &Evidence,
    matched: &[(&str, &str)],
    chosen: &Event,
    mine: &PersonDay<'_, '_>,
) -> Option<Lack> {
    let mut mismatched = Lacks::default();
    for &(key, wanted) in matched {
        let found = match chosen.fields.get(key) {
            Some(Value::Text(found)) if found == wanted => continue,
            Some(Value::Text(found)) => found.to_string(),
            Some(found) => found.to_string(),
            None => {
                let said = [("key", text(key)), ("wanted", text(wanted))];
                mismatched.push(format!("no {key} recorded, {wanted} expected"), "content-unrecorded", said);
                continue;
            }
        };
        let said = [("key", text(key)), ("found", text(&found)), ("wanted", text(wanted))];
        mismatched.push(format!("{key} {found}, not {wanted}"), "content-mismatch", said);
    }
    if let Some(lack) = mismatched.into_lack(vec![chosen.id.clone()]) {
        return Some(lack);
    }
    if let Some(listed) = &evidence.among
        && let Some(lack) = off_list(evidence, listed, mine)
    {
        return Some(lack);
    }
    // Each figure as the day's records show it, counted once.
    let shown: Vec<(&str, usize)> = evidence
        .figures
        .iter()
        .map(|(name, figure)| (name.as_str(), figure.count(mine.of_kind(&figure.kind).iter().copied())))
        .collect();
    let mut wrong = Lacks::default();
    for &(field, shown) in &shown {
        match chosen.fields.get(field).and_then(Value::as_number) {
            Some(reported) if reported == shown as f64 => {}
            Some(reported) => wrong.push(
                format!("{field} is {reported}, the day's records show {shown}"),
                "content-figure-wrong",
                [("field", text(field)), ("reported", text(reported)), ("shown", text(shown))],
            ),
            None => wrong.push(
                format!("no {field}, the day's records show {shown}"),
                "content-figure-missing",
                [("field", text(field)), ("shown", text(shown))],
            ),
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
            wrong.push(
                format!("no {} for {actual} {} below {planned} {}", short.field, short.actual, short.planned),
                "content-shortfall",
                [
                    ("field", text(&short.field)),
                    ("actual", text(actual)),
                    ("actual_name", text(&short.actual)),
                    ("planned", text(planned)),
                    ("planned_name", text(&short.planned)),
                ],
            );
        }
    }
    wrong.into_lack(vec![chosen.id.clone()])
}

/// The events of the evidence's kind about customers that no `listed` record of the day
/// names, as a problem.
fn off_list(evidence: &Evidence, listed: &Listed, mine: &PersonDay<'_, '_>) -> Option<Lack> {
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
    let mut why = Lacks::default();
    if lists.is_empty() {
        let said = [("kind", text(&listed.kind))];
        why.push(format!("no {} names the day's customers", listed.kind), "content-no-list", said);
    } else {
        let names = Arg::List(customers.iter().map(SmolStr::new).collect());
        let said = [("kind", text(&listed.kind)), ("list", text(&listed.list)), ("customers", names)];
        why.push(
            format!("not on the {}'s `{}` list: {}", listed.kind, listed.list, customers.join(", ")),
            "content-off-list",
            said,
        );
    }
    why.into_lack(off.iter().map(|e| e.id.clone()).collect())
}

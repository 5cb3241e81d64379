//! Judging checklists: each event a procedure applies to passes when every required item
//! that applies (by the customer's tags and the phase) is marked done.

use chrono::NaiveDate;
use smol_str::SmolStr;

use super::context::Context;
use super::person_day::PersonDay;
use crate::event::Value;
use crate::message::{Arg, Message};
use crate::playbook::Refs;
use crate::roster::Person;
use crate::spec::{ItemSpec, in_phases};
use crate::track::finding::{Finding, Span, Status};
use crate::track::text::{phrase, sentence, whole};

/// Judges the checklist of each of `person`'s events that a procedure applies to.
pub(super) fn judge(
    cx: &Context<'_>,
    person: &Person,
    day: NaiveDate,
    mine: &PersonDay<'_, '_>,
    out: &mut Vec<Finding>,
) {
    let spec = cx.playbook.spec();
    let phase = cx.playbook.phase_on(day).map(|p| p.id.as_str());
    for ((index, procedure), text) in spec.procedures.iter().enumerate().zip(&cx.procedures) {
        for e in mine.of_kind(&procedure.applies_to) {
            // The customer is looked up only for items limited to some tags.
            let tags = if text.needs_tags {
                e.customer
                    .as_ref()
                    .and_then(|c| cx.customers.get(c.as_str()).map(|&(_, c)| c))
                    .map(|c| c.tags.as_slice())
                    .unwrap_or_default()
            } else {
                &[]
            };
            let done: &[SmolStr] = match e.fields.get(procedure.field.as_str()) {
                Some(Value::List(items)) => items,
                _ => &[],
            };
            let applies = |item: &ItemSpec| {
                item.required
                    && item.when.as_ref().is_none_or(|w| {
                        (w.tags_any.is_empty() || w.tags_any.iter().any(|t| tags.contains(t)))
                            && in_phases(&w.phases, phase)
                    })
            };
            // `item` or `item.sub_item`; checklists usually list items in order, so the
            // entry at the item's own position is tried first.
            let marks = |d: &SmolStr, id: &str| {
                let (d, id) = (d.as_bytes(), id.as_bytes());
                d.starts_with(id) && (d.len() == id.len() || d[id.len()] == b'.')
            };
            let is_done = |position: usize, id: &str| {
                done.get(position).is_some_and(|d| marks(d, id)) || done.iter().any(|d| marks(d, id))
            };
            let (mut total, mut missing, mut mask) = (0usize, 0usize, Some(0u64));
            for (position, item) in procedure.items.iter().enumerate().filter(|(_, item)| applies(item)) {
                total += 1;
                missing += usize::from(!is_done(position, &item.id));
                mask = mask.filter(|_| position < 64).map(|m| m | 1 << position);
            }
            let verdict = if missing == 0 { Status::Pass } else { Status::Fail };
            let window = Span { start: e.at, end: e.end.unwrap_or(e.at) };
            let (done_count, total_text) = (whole((total - missing) as u64), whole(total as u64));
            let (message, said) = if missing == 0 {
                let said = Message::new(
                    "procedure-done",
                    [("title", (&procedure.title).into()), ("total", Arg::Count(total as u64))],
                );
                (sentence(&[&procedure.title, ": all ", &total_text, " items done"]), said)
            } else {
                let titles: Vec<&str> = procedure
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(p, i)| applies(i) && !is_done(*p, &i.id))
                    .map(|(_, i)| i.title.as_str())
                    .collect();
                let message = sentence(&[
                    &procedure.title,
                    ": ",
                    &done_count,
                    " of ",
                    &total_text,
                    " items done; missing: ",
                    &titles.join(", "),
                ]);
                let said = Message::new(
                    "procedure-missing",
                    [
                        ("title", (&procedure.title).into()),
                        ("done", Arg::Count((total - missing) as u64)),
                        ("total", Arg::Count(total as u64)),
                        ("missing", Arg::List(titles.iter().map(|t| SmolStr::new(t)).collect())),
                    ],
                );
                (message, said)
            };
            out.push(Finding {
                excused: None,
                rule: text.rule.clone(),
                refs: procedure_refs(cx, index, mask, applies),
                person: person.id.clone(),
                customer: e.customer.clone(),
                window,
                status: cx.status(verdict, window.end),
                expected: phrase(&[&total_text, " items"]),
                actual: phrase(&[&done_count, " of ", &total_text]),
                events: vec![e.id.clone()],
                message,
                text: said,
            });
        }
    }
}

/// The refs of a finding of procedure `index`: the procedure's, then those of the
/// items that applied, shared between findings with the same items.
/// `mask` has a bit for each item that applied (`None` past 64 items).
fn procedure_refs(cx: &Context<'_>, index: usize, mask: Option<u64>, applies: impl Fn(&ItemSpec) -> bool) -> Refs {
    let procedure = &cx.playbook.spec().procedures[index];
    let make = || {
        let items = procedure.items.iter().filter(|i| applies(i)).flat_map(|i| i.refs.iter());
        procedure.refs.iter().chain(items).map(SmolStr::new).collect::<Refs>()
    };
    let Some(mask) = mask else { return make() };
    cx.procedure_refs.borrow_mut().entry((index, mask)).or_insert_with(make).clone()
}

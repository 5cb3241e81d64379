//! Judging checklists: each event a procedure applies to passes when every required item
//! that applies (by the customer's tags, the phase and the event's fields) is marked done,
//! as a whole or through its required sub-items.

use chrono::NaiveDate;
use smol_str::SmolStr;

use super::context::{ChecklistSlots, Context};
use super::person_day::PersonDay;
use crate::event::{Value, has_fields};
use crate::message::{Arg, Message};
use crate::playbook::Refs;
use crate::roster::Person;
use crate::spec::{ItemSpec, Owner, SubItemSpec, in_phases};
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
    let mut marked = Vec::new();
    for ((index, procedure), text) in spec.procedures.iter().enumerate().zip(&cx.procedures) {
        for e in mine.of_kind(&procedure.applies_to) {
            // The customer is looked up only for items limited to some tags.
            let tags = if text.needs_tags {
                cx.event_customer(e).map(|(_, c)| c.tags.as_slice()).unwrap_or_default()
            } else {
                &[]
            };
            let done: &[SmolStr] = match e.fields.get(procedure.field.as_str()) {
                Some(Value::List(items)) => items,
                _ => &[],
            };
            text.slots.mark(done, &mut marked);
            let marks = |index: usize, item: &ItemSpec| Marks::of(&marked, &text.slots, index, item);
            let applies = |item: &ItemSpec| {
                item.required
                    && item.when.as_ref().is_none_or(|w| {
                        (w.tags_any.is_empty() || w.tags_any.iter().any(|t| tags.contains(t)))
                            && in_phases(&w.phases, phase)
                            && has_fields(&w.filter, e)
                    })
            };
            let (mut total, mut missing, mut mask) = (0usize, 0usize, Some(0u64));
            for (position, item) in procedure.items.iter().enumerate().filter(|(_, item)| applies(item)) {
                total += 1;
                missing += usize::from(!marks(position, item).done(item));
                mask = mask.filter(|_| position < 64).map(|m| m | 1 << position);
            }
            let verdict = if missing == 0 { Status::Pass } else { Status::Fail };
            let window = Span { start: e.at, end: e.end.unwrap_or(e.at) };
            let (done_count, total_text) = (whole((total - missing) as u64), whole(total as u64));
            let (message, said) = if missing == 0 {
                let said = Message::new(
                    "procedure-done",
                    [("title", (&text.title).into()), ("total", Arg::Count(total as u64))],
                );
                (sentence(&[&procedure.title, ": all ", &total_text, " items done"]), said)
            } else {
                let left: Vec<(Marks<'_>, &ItemSpec)> = procedure
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| applies(i))
                    .map(|(p, i)| (marks(p, i), i))
                    .filter(|(m, i)| !m.done(i))
                    .collect();
                let titles: Vec<String> = left.iter().map(|(m, i)| missing_text(m, i)).collect();
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
                        ("title", (&text.title).into()),
                        ("done", Arg::Count((total - missing) as u64)),
                        ("total", Arg::Count(total as u64)),
                        ("missing", Arg::Messages(left.iter().map(|(m, i)| missing_said(m, i)).collect())),
                    ],
                );
                (message, said)
            };
            // A checklist the customer's manager (HOT-5) or the team's chief answers for
            // goes to them.
            let manager = || e.customer.as_ref().and_then(|c| cx.customer(c)?.manager.clone());
            let answers = match procedure.owner {
                Owner::Manager => manager().unwrap_or_else(|| person.id.clone()),
                Owner::Chief => cx.chief_of(person).map_or_else(|| person.id.clone(), |chief| chief.id.clone()),
                Owner::Recorder => person.id.clone(),
            };
            out.push(Finding {
                excused: None,
                team: None,
                rule: text.rule.clone(),
                refs: procedure_refs(cx, index, mask, applies),
                person: answers,
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

/// An item's slots in a marked checklist (see [`ChecklistSlots`]): its own, then one for
/// each sub-item.
struct Marks<'m> {
    own: bool,
    subs: &'m [bool],
}

impl<'m> Marks<'m> {
    fn of(marked: &'m [bool], slots: &ChecklistSlots, index: usize, item: &ItemSpec) -> Self {
        let first = slots.first[index];
        Self { own: marked[first], subs: &marked[first + 1..first + 1 + item.sub.len()] }
    }

    /// Whether the item is done: named itself, or, for an item with sub-items, each
    /// required sub-item and at least `min` of them.
    fn done(&self, item: &ItemSpec) -> bool {
        if self.own {
            return true;
        }
        if item.sub.is_empty() {
            return false;
        }
        let named = self.subs.iter().filter(|m| **m).count();
        item.sub.iter().zip(self.subs).all(|(s, m)| !s.required || *m) && named >= item.min.map_or(1, |m| m as usize)
    }

    /// The required sub-items not named, when some sub-item was: `None` when none was.
    fn left<'i>(&self, item: &'i ItemSpec) -> Option<impl Iterator<Item = &'i SubItemSpec>> {
        let subs = self.subs;
        subs.iter().any(|m| *m).then(|| item.sub.iter().zip(subs).filter(|(s, m)| s.required && !**m).map(|(s, _)| s))
    }
}

/// A missing item as the finding lists it: its title, and for an item begun through its
/// sub-items, the required sub-items not named (`Inspect (No illegal cigarettes)`).
fn missing_text(marks: &Marks<'_>, item: &ItemSpec) -> String {
    let Some(left) = marks.left(item) else { return item.title.clone() };
    let left: Vec<&str> = left.map(|s| s.title.as_str()).collect();
    if left.is_empty() {
        let min = item.min.unwrap_or(1);
        format!("{} (at least {min} of its sub-items)", item.title)
    } else {
        format!("{} ({})", item.title, left.join(", "))
    }
}

/// What [`missing_text`] says, as a message.
fn missing_said(marks: &Marks<'_>, item: &ItemSpec) -> Message {
    let Some(left) = marks.left(item) else {
        return Message::new("missing-item", [("title", (&item.title).into())]);
    };
    let left: Vec<SmolStr> = left.map(|s| (&s.title).into()).collect();
    if left.is_empty() {
        let min = u64::from(item.min.unwrap_or(1));
        Message::new("missing-item-min", [("title", (&item.title).into()), ("min", Arg::Count(min))])
    } else {
        Message::new("missing-item-subs", [("title", (&item.title).into()), ("subs", Arg::List(left))])
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

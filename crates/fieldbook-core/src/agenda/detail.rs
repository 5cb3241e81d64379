//! The texts of agenda items: a step's detail (its window, chair, place, checklist and
//! evidence) and a quota's target, each in English and as messages for other languages.

use smol_str::SmolStr;

use crate::message::{Arg, Message};
use crate::playbook::Playbook;
use crate::roster::Person;
use crate::spec::{Amount, Per, ProcedureSpec, QuotaSpec, StepSpec, Threshold};

/// The parts of an item's detail, in English and as messages.
#[derive(Default)]
pub(super) struct Detail {
    english: Vec<String>,
    said: Vec<Message>,
}

impl Detail {
    pub(super) fn push(&mut self, english: String, said: Message) {
        self.english.push(english);
        self.said.push(said);
    }

    pub(super) fn note(&mut self, note: Option<&String>) {
        if let Some(note) = note {
            self.push(note.clone(), Message::new("detail-note", [("note", note.into())]));
        }
    }

    /// The English detail (`None` when there are no parts) and the parts as messages.
    pub(super) fn joined(self) -> (Option<String>, Vec<Message>) {
        (joined(self.english), self.said)
    }
}

/// The message of a title as the playbook writes it.
pub(super) fn title_said(title: &str) -> Message {
    Message::new("agenda-title", [("title", title.into())])
}

pub(super) fn step_detail(playbook: &Playbook, step: &StepSpec) -> Detail {
    let mut detail = Detail::default();
    if let Some(at) = step.opening() {
        detail.push(format!("from {at}"), Message::new("detail-from", [("at", at.to_string().as_str().into())]));
    }
    if let Some(chair) = &step.chair {
        let role = role_title(playbook, chair);
        detail.push(format!("chaired by {role}"), Message::new("detail-chair", [("role", (&role).into())]));
    }
    if let Some(place) = &step.place {
        detail.push(format!("place: {place}"), Message::new("detail-place", [("place", place.into())]));
    }
    if let Some(procedure) =
        step.procedure.as_ref().and_then(|id| playbook.spec().procedures.iter().find(|p| &p.id == id))
    {
        detail.push(checklist_text(procedure), checklist_said(procedure));
    }
    if let Some(evidence) = &step.evidence {
        if let Some(listed) = &evidence.among {
            detail.push(
                format!("each {} to a customer on the {}'s {} list", evidence.kind, listed.kind, listed.list),
                Message::new(
                    "detail-among",
                    [
                        ("kind", (&evidence.kind).into()),
                        ("list_kind", (&listed.kind).into()),
                        ("list", (&listed.list).into()),
                        ("kind_title", kind_title(playbook, &evidence.kind).into()),
                        ("list_kind_title", kind_title(playbook, &listed.kind).into()),
                        ("list_title", field_title(playbook, &listed.kind, &listed.list).into()),
                    ],
                ),
            );
        }
        if !evidence.figures.is_empty() {
            let names: Vec<&str> = evidence.figures.keys().map(String::as_str).collect();
            detail.push(
                format!("{} as the day's records show", names.join(", ")),
                Message::new(
                    "detail-figures",
                    [
                        ("names", Arg::List(names.iter().map(SmolStr::new).collect())),
                        (
                            "titles",
                            Arg::List(names.iter().map(|n| field_title(playbook, &evidence.kind, n).into()).collect()),
                        ),
                    ],
                ),
            );
        }
        if let Some(short) = &evidence.shortfall {
            detail.push(
                format!("{} when {} is below {}", short.field, short.actual, short.planned),
                Message::new(
                    "detail-shortfall",
                    [
                        ("field", (&short.field).into()),
                        ("actual", (&short.actual).into()),
                        ("planned", (&short.planned).into()),
                        ("field_title", field_title(playbook, &evidence.kind, &short.field).into()),
                        ("actual_title", field_title(playbook, &evidence.kind, &short.actual).into()),
                        ("planned_title", field_title(playbook, &evidence.kind, &short.planned).into()),
                    ],
                ),
            );
        }
    }
    detail.note(step.note.as_ref());
    detail
}

/// A checklist as the agenda shows it: `Tool kit: Materials [Product information; Price
/// tags], Aids [Pen; Notebook], Items to return to retailers`.
fn checklist_text(procedure: &ProcedureSpec) -> String {
    let items: Vec<String> = procedure
        .items
        .iter()
        .map(|i| {
            let subs: Vec<&str> = i.sub.iter().map(|s| s.title.as_str()).collect();
            if subs.is_empty() { i.title.clone() } else { format!("{} [{}]", i.title, subs.join("; ")) }
        })
        .collect();
    format!("{}: {}", procedure.title, items.join(", "))
}

/// What [`checklist_text`] says, as a message.
fn checklist_said(procedure: &ProcedureSpec) -> Message {
    let items = procedure
        .items
        .iter()
        .map(|i| {
            if i.sub.is_empty() {
                Message::new("checklist-item", [("title", (&i.title).into())])
            } else {
                let subs = i.sub.iter().map(|s| SmolStr::new(&s.title)).collect();
                Message::new("checklist-item-subs", [("title", (&i.title).into()), ("subs", Arg::Parts(subs))])
            }
        })
        .collect();
    Message::new("detail-procedure", [("title", (&procedure.title).into()), ("items", Arg::Messages(items))])
}

/// The title of event kind `kind` (its name when it has none).
fn kind_title<'a>(playbook: &'a Playbook, kind: &'a str) -> &'a str {
    playbook.event_kind(kind).map_or(kind, |k| k.title.as_str())
}

/// The title of field `field` of event kind `kind` (its name when it has none).
fn field_title<'a>(playbook: &'a Playbook, kind: &str, field: &'a str) -> &'a str {
    let spec = playbook.event_kind(kind).and_then(|k| k.fields.get(field));
    spec.and_then(|f| f.title.as_deref()).unwrap_or(field)
}

fn joined(parts: Vec<String>) -> Option<String> {
    if parts.is_empty() { None } else { Some(parts.join("; ")) }
}

pub(super) fn role_title(playbook: &Playbook, role: &str) -> String {
    playbook.spec().roles.iter().find(|r| r.id == role).map_or_else(|| role.to_string(), |r| r.title.clone())
}

pub(super) fn target_detail(playbook: &Playbook, quota: &QuotaSpec, person: &Person) -> String {
    let bound = |word: &str, threshold: &Threshold| match threshold.for_attrs(&person.attrs) {
        Some(amount) => format!("{word} {}", amount_text(amount)),
        None => {
            let options: Vec<String> = threshold
                .amounts()
                .into_iter()
                .map(|(key, amount)| format!("{} {}", key.unwrap_or_default(), amount_text(amount)))
                .collect();
            format!("{word} {}", options.join(" / "))
        }
    };
    let mut parts = Vec::new();
    if let Some(t) = &quota.at_least {
        parts.push(bound("at least", t));
    }
    if let Some(t) = &quota.at_most {
        parts.push(bound("at most", t));
    }
    let mut whose = match quota.customers.as_ref().filter(|c| !c.tags_any.is_empty()) {
        Some(filter) => format!(" (customers tagged {})", filter.tags_any.join(" or ")),
        None => String::new(),
    };
    if let Some(filter) = quota.customers.as_ref().filter(|c| !c.activity.is_empty()) {
        let states: Vec<&str> = filter.activity.iter().map(|s| s.as_str()).collect();
        whose.push_str(&format!(" (to {} customers)", states.join(", ")));
    }
    // A team quota is shown to each member: what counts is the whole team's.
    if quota.per == Per::Team {
        match &person.team {
            Some(team) => whose.push_str(&format!(", for team {team}: every member's events count")),
            None => whose.push_str(", for the team: every member's events count"),
        }
    }
    let target = format!("{} {}{whose}", parts.join(", "), quota.window.describe());
    match &quota.listed_in {
        Some(list) => format!("{target}, per customer on the {}'s {list} list", kind_title(playbook, &quota.of.kind)),
        None => target,
    }
}

/// What [`target_detail`] says, as a message.
pub(super) fn target_said(playbook: &Playbook, quota: &QuotaSpec, person: &Person) -> Message {
    let bound = |threshold: &Threshold| -> Arg {
        match threshold.for_attrs(&person.attrs) {
            Some(amount) => amount_text(amount).as_str().into(),
            None => {
                let options: Vec<String> = threshold
                    .amounts()
                    .into_iter()
                    .map(|(key, amount)| format!("{} {}", key.unwrap_or_default(), amount_text(amount)))
                    .collect();
                options.join(" / ").as_str().into()
            }
        }
    };
    let bounds = match (&quota.at_least, &quota.at_most) {
        (Some(low), Some(high)) => Message::new("target-both", [("least", bound(low)), ("most", bound(high))]),
        (Some(low), None) => Message::new("bounds-least", [("least", bound(low))]),
        (None, Some(high)) => Message::new("bounds-most", [("most", bound(high))]),
        (None, None) => Message::new("bounds-none", []),
    };
    let whose = match quota.customers.as_ref().filter(|c| !c.tags_any.is_empty()) {
        Some(filter) => Message::new(
            "target-tagged",
            [("tags", Arg::Any(filter.tags_any.iter().map(|t| t.as_str().into()).collect()))],
        )
        .into(),
        None => Arg::Key("target-tagged-none"),
    };
    let target = Message::new(
        "target-detail",
        [("bounds", bounds.into()), ("window", quota.window.said().into()), ("whose", whose)],
    );
    match &quota.listed_in {
        Some(list) => Message::new(
            "target-listed",
            [
                ("target", target.into()),
                ("kind", kind_title(playbook, &quota.of.kind).into()),
                ("list", list.as_str().into()),
                ("list_title", field_title(playbook, &quota.of.kind, list).into()),
            ],
        ),
        None => target,
    }
}

fn amount_text(amount: Amount) -> String {
    amount.to_string()
}

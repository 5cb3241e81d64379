//! Closing a day, the customer side: the tracker judges date reminders (HOT-1, FNB-2,
//! FNB-9), agreements (HOT-4) and call lists (HOT-8) as findings with refs, each naming
//! its customer where there is one.
//!
//! - A date or occasion trigger's follow-up opens on the day its reminder is shown (see
//!   `customers/reminder.rs`) for the person who looks after the customer (for an occasion
//!   without a customer: every person of the trigger's roles), and passes when a matching
//!   event comes in time, or fails when its deadline passes.
//! - Every event an agreement is `required_for` is judged: pass if the customer's
//!   agreement is valid that day. `renewed_by` events renew it as of their day (pass, or
//!   warning when it had already expired), and an agreement that reaches its last day
//!   unrenewed fails that day.
//! - On working days, each call list is drawn from each person's customers as the tracker
//!   knows them at the start of the day; it passes when every listed customer was
//!   contacted by the person that day.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{NaiveDate, TimeDelta};
use smol_str::SmolStr;

use super::context::Context;
use super::obligations;
use crate::customers::{Agreement, CallList, Standing, Terms, reminders_shown_on};
use crate::event::{Event, matches};
use crate::message::{Arg, Message};
use crate::roster::{Customer, Person};
use crate::time::TimeOfDay;
use crate::track::finding::{Finding, MAX_CITED_EVENTS, Span, Status};
use crate::track::state::{CustomerState, OpenReminder};

/// Judges the customer rules for `day`, whose events (`events`, in time order) the day
/// closer has.
pub(super) fn close_day(
    cx: &Context<'_>,
    state: &mut CustomerState,
    day: NaiveDate,
    events: &[&Event],
    out: &mut Vec<Finding>,
) {
    let spec = cx.playbook.spec();
    let dated = spec.triggers.iter().any(|t| t.on.date.is_some() || t.on.occasion.is_some());
    if !dated && spec.agreements.is_empty() && spec.call_lists.is_empty() {
        return;
    }
    let mut closer = CustomerCloser { cx, state };
    closer.open_reminders(day);
    closer.agreements(day, events, out);
    closer.settle_reminders(day, events, out);
    if cx.playbook.calendar().is_working_day(day) {
        closer.call_lists(day, events, out);
    }
    closer.fold_contacts(day, events);
    closer.expiries(day, out);
}

/// Findings of the date reminders still open (for a preview).
pub(super) fn open_findings(cx: &Context<'_>, state: &CustomerState, out: &mut Vec<Finding>) {
    for open in &state.reminders {
        out.push(reminder_finding(cx, open, None));
    }
}

/// The customer rules of one closing day, with the part of the state they change.
struct CustomerCloser<'c, 'a> {
    cx: &'c Context<'a>,
    state: &'c mut CustomerState,
}

impl<'a> CustomerCloser<'_, 'a> {
    /// The manager of `customer`, if they have one of `roles`.
    fn owner(&self, customer: &Customer, roles: &[String]) -> Option<&Person> {
        customer.manager.as_deref().and_then(|m| self.cx.person(m)).filter(|p| p.has_role_in(self.cx.playbook, roles))
    }

    fn open_reminders(&mut self, day: NaiveDate) {
        if !self.cx.playbook.spec().triggers.iter().any(|t| t.on.date.is_some() || t.on.occasion.is_some()) {
            return;
        }
        let calendar = self.cx.playbook.calendar();
        let customers: Vec<&Customer> = self.cx.roster.customers.iter().collect();
        let mut opened = Vec::new();
        for r in reminders_shown_on(self.cx.playbook, &customers, day) {
            let owners: Vec<&Person> = match r.customer {
                Some(customer) => self.owner(customer, &r.trigger.roles).into_iter().collect(),
                None => {
                    self.cx.roster.people.iter().filter(|p| p.has_role_in(self.cx.playbook, &r.trigger.roles)).collect()
                }
            };
            for owner in owners {
                opened.push(OpenReminder {
                    rule: r.trigger.id.as_str().into(),
                    person: owner.id.clone(),
                    customer: r.customer.map(|c| c.id.clone()),
                    about: r.about(self.cx.playbook),
                    opens: r.opens(calendar),
                    deadline: r.deadline(calendar),
                });
            }
        }
        self.state.reminders.extend(opened);
    }

    fn settle_reminders(&mut self, day: NaiveDate, events: &[&Event], out: &mut Vec<Finding>) {
        if self.state.reminders.is_empty() {
            return;
        }
        let triggers = &self.cx.playbook.spec().triggers;
        for e in events {
            let meets = |open: &OpenReminder| {
                triggers.iter().find(|t| t.id == open.rule).is_some_and(|t| {
                    open.person == e.person
                        && matches(&t.follow_up.kind, &t.follow_up.filter, e)
                        && (!t.follow_up.same_customer || open.customer.is_none() || e.customer == open.customer)
                        && open.opens <= e.at
                        && e.at <= open.deadline
                })
            };
            let (met, open): (Vec<OpenReminder>, Vec<OpenReminder>) =
                std::mem::take(&mut self.state.reminders).into_iter().partition(meets);
            self.state.reminders = open;
            for reminder in met {
                out.push(reminder_finding(self.cx, &reminder, Some(e)));
            }
        }
        let next_midnight = self.cx.playbook.calendar().local(day, TimeOfDay::MIDNIGHT) + TimeDelta::days(1);
        let (expired, open): (Vec<OpenReminder>, Vec<OpenReminder>) =
            std::mem::take(&mut self.state.reminders).into_iter().partition(|r| r.deadline < next_midnight);
        self.state.reminders = open;
        for reminder in expired {
            out.push(reminder_finding(self.cx, &reminder, None));
        }
    }

    /// The terms of `customer`'s agreement: the last renewal the tracker saw, else the
    /// record's.
    fn terms(&self, agreement: Agreement<'_>, customer: &Customer) -> Option<Terms> {
        self.state
            .renewals
            .get(&agreement.id)
            .and_then(|by_customer| by_customer.get(&customer.id))
            .cloned()
            .or_else(|| agreement.record_terms(customer))
    }

    fn agreements(&mut self, day: NaiveDate, events: &[&Event], out: &mut Vec<Finding>) {
        let playbook = self.cx.playbook;
        for agreement in playbook.spec().agreements.iter().map(Agreement) {
            for e in events {
                let Some(customer) = e.customer.as_deref().and_then(|c| self.cx.customer(c)) else {
                    continue;
                };
                if let Some(renewal) = &agreement.renewed_by
                    && matches(&renewal.kind, &renewal.filter, e)
                {
                    let before = self.terms(agreement, customer);
                    let standing = agreement.standing(before.as_ref(), day);
                    let renewed = agreement.renewed(before.as_ref(), e, day);
                    let through = agreement.through(renewed.signed);
                    let said = |key| {
                        Message::new(
                            key,
                            [
                                ("title", (&agreement.title).into()),
                                ("customer", (&customer.id).into()),
                                ("day", day.into()),
                                ("through", through.into()),
                            ],
                        )
                    };
                    let (verdict, message, said) = match standing {
                        Standing::Expired { through: old } => {
                            let mut said = said("agreement-renewed-late");
                            let late = u64::try_from((day - old).num_days() - 1).unwrap_or(0);
                            said.args
                                .extend([("late", Arg::Count(late)), ("expired", (old + TimeDelta::days(1)).into())]);
                            (
                                Status::Warning,
                                format!(
                                    "{}: renewed for {} on {day}, {} days after it expired on {}; now valid through {through}",
                                    agreement.title,
                                    customer.id,
                                    (day - old).num_days() - 1,
                                    old + TimeDelta::days(1)
                                ),
                                said,
                            )
                        }
                        _ => (
                            Status::Pass,
                            format!(
                                "{}: renewed for {} on {day}; valid through {through}",
                                agreement.title, customer.id
                            ),
                            said("agreement-renewed"),
                        ),
                    };
                    let window = Span { start: e.at, end: e.end.unwrap_or(e.at) };
                    let finding = Finding {
                        excused: None,
                        team: None,
                        rule: agreement.id.as_str().into(),
                        refs: self.cx.playbook.rule(&agreement.id, &agreement.refs).refs,
                        person: e.person.clone(),
                        customer: Some(customer.id.clone()),
                        window,
                        status: self.cx.status(verdict, window.end),
                        expected: "renewed before it expires".into(),
                        actual: standing.describe().into(),
                        events: vec![e.id.clone()],
                        message,
                        text: said,
                    };
                    out.push(finding);
                    self.state.renewals.entry(agreement.id.clone()).or_default().insert(customer.id.clone(), renewed);
                }
                if matches(&agreement.required_for.kind, &agreement.required_for.filter, e) {
                    let standing = agreement.standing(self.terms(agreement, customer).as_ref(), day);
                    let verdict = if standing.is_valid() { Status::Pass } else { Status::Fail };
                    let window = Span { start: e.at, end: e.end.unwrap_or(e.at) };
                    let message = format!(
                        "{}: `{}` ({}) for {} on {day} needs a valid agreement: {}",
                        agreement.title,
                        e.id,
                        e.kind,
                        customer.id,
                        standing.describe()
                    );
                    let said = Message::new(
                        "agreement-needed",
                        [
                            ("title", (&agreement.title).into()),
                            ("event", (&e.id).into()),
                            ("kind", (&e.kind).into()),
                            ("customer", (&customer.id).into()),
                            ("day", day.into()),
                            ("standing", standing.said().into()),
                        ],
                    );
                    out.push(Finding {
                        excused: None,
                        team: None,
                        rule: agreement.id.as_str().into(),
                        refs: self.cx.playbook.rule(&agreement.id, &agreement.refs).refs,
                        person: e.person.clone(),
                        customer: Some(customer.id.clone()),
                        window,
                        status: self.cx.status(verdict, window.end),
                        expected: "a valid agreement with authorised signers".into(),
                        actual: standing.describe().into(),
                        events: vec![e.id.clone()],
                        message,
                        text: said,
                    });
                }
            }
        }
    }

    /// Agreements of the customers who must keep one, whose last valid day is `day`.
    fn expiries(&self, day: NaiveDate, out: &mut Vec<Finding>) {
        for agreement in self.cx.playbook.spec().agreements.iter().map(Agreement) {
            for customer in self.cx.roster.customers.iter().filter(|c| c.is_admitted_by(agreement.customers.as_ref())) {
                let person = match customer.manager.as_deref() {
                    Some(_) => match self.owner(customer, &agreement.roles) {
                        Some(person) => person.id.clone(),
                        None => continue,
                    },
                    None => SmolStr::default(),
                };
                let standing = agreement.standing(self.terms(agreement, customer).as_ref(), day);
                let through = match standing {
                    Standing::Valid { through } | Standing::NoSigners { through } if through == day => through,
                    _ => continue,
                };
                let opened = through
                    .checked_sub_signed(TimeDelta::days(i64::from(agreement.renew_days_before) - 1))
                    .unwrap_or(through);
                let window = self.cx.days_span(opened, day);
                out.push(Finding {
                    excused: None,
                    team: None,
                    rule: agreement.id.as_str().into(),
                    refs: self.cx.playbook.rule(&agreement.id, &agreement.refs).refs,
                    person,
                    customer: Some(customer.id.clone()),
                    window,
                    status: self.cx.status(Status::Fail, window.end),
                    expected: format!("renewed by {through}").into(),
                    actual: "not renewed".into(),
                    events: Vec::new(),
                    message: format!(
                        "{}: the agreement of {} runs out after {through} and was not renewed",
                        agreement.title, customer.id
                    ),
                    text: Message::new(
                        "agreement-runs-out",
                        [
                            ("title", (&agreement.title).into()),
                            ("customer", (&customer.id).into()),
                            ("through", through.into()),
                        ],
                    ),
                });
            }
        }
    }

    fn call_lists(&self, day: NaiveDate, events: &[&Event], out: &mut Vec<Finding>) {
        let no_contacts = BTreeMap::new();
        let day_span = self.cx.day_span(day);
        for list in self.cx.playbook.spec().call_lists.iter().map(CallList) {
            let contacts = self.state.last_contact.get(&list.id).unwrap_or(&no_contacts);
            for person in self.cx.roster.people.iter().filter(|p| p.has_role_in(self.cx.playbook, &list.roles)) {
                let mine = self.cx.customers_of(&person.id);
                let due = list.most_due(mine, |c| contacts.get(c).copied());
                if due.is_empty() {
                    continue;
                }
                // Contacts count all day, or within the list's window when it has a deadline.
                let window = match list.by {
                    Some(by) => Span {
                        start: list.at.map_or(day_span.start, |at| self.cx.playbook.calendar().due(day, Some(at))),
                        end: self.cx.playbook.calendar().due(day, Some(by)),
                    },
                    None => day_span,
                };
                let mut called: Vec<&Event> = Vec::new();
                let mut missed: Vec<&str> = Vec::new();
                let mut outside: Vec<&str> = Vec::new();
                for (customer, _) in &due {
                    let mut contacts = events.iter().filter(|e| {
                        e.person == person.id
                            && e.customer.as_deref() == Some(customer.id.as_str())
                            && matches(&list.contact.kind, &list.contact.filter, e)
                    });
                    match contacts.clone().find(|e| e.at >= window.start && e.at <= window.end) {
                        Some(e) => called.push(e),
                        None if contacts.next().is_some() => {
                            missed.push(&customer.id);
                            outside.push(&customer.id);
                        }
                        None => missed.push(&customer.id),
                    }
                }
                called.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
                let verdict = if missed.is_empty() { Status::Pass } else { Status::Fail };
                let n = due.len();
                let mut message =
                    format!("{}: {} of the {n} customers most due were contacted", list.title, called.len());
                let mut said = Message::new(
                    "call-list",
                    [
                        ("title", (&list.title).into()),
                        ("called", called.len().into()),
                        ("n", n.into()),
                        ("missed", Arg::Key("call-list-missed-none")),
                        ("outside", Arg::Key("call-list-outside-none")),
                    ],
                );
                let listed = |ids: &[&str]| Arg::List(ids.iter().map(SmolStr::new).collect());
                if !missed.is_empty() {
                    message.push_str(&format!("; not contacted: {}", missed.join(", ")));
                    said.args[3].1 = Message::new("call-list-missed", [("customers", listed(&missed))]).into();
                }
                if !outside.is_empty() {
                    let (from, to) = (self.cx.clock(window.start), self.cx.clock(window.end));
                    message.push_str(&format!(
                        " ({} only outside {}-{})",
                        outside.join(", "),
                        from.format("%H:%M"),
                        to.format("%H:%M")
                    ));
                    let (from, to) = (from.format("%H:%M").to_string(), to.format("%H:%M").to_string());
                    said.args[4].1 = Message::new(
                        "call-list-outside",
                        [("customers", listed(&outside)), ("from", from.as_str().into()), ("to", to.as_str().into())],
                    )
                    .into();
                }
                out.push(Finding {
                    excused: None,
                    team: None,
                    rule: list.id.as_str().into(),
                    refs: self.cx.playbook.rule(&list.id, &list.refs).refs,
                    person: person.id.clone(),
                    customer: None,
                    window,
                    status: self.cx.status(verdict, window.end),
                    expected: format!("all {n} listed").into(),
                    actual: format!("{} of {n}", called.len()).into(),
                    events: called.iter().take(MAX_CITED_EVENTS).map(|e| e.id.clone()).collect(),
                    message,
                    text: said,
                });
            }
        }
    }

    fn fold_contacts(&mut self, day: NaiveDate, events: &[&Event]) {
        for list in &self.cx.playbook.spec().call_lists {
            for e in events.iter().filter(|e| matches(&list.contact.kind, &list.contact.filter, e)) {
                if let Some(customer) = &e.customer {
                    self.state.last_contact.entry(list.id.clone()).or_default().insert(customer.clone(), day);
                }
            }
        }
    }
}

fn reminder_finding(cx: &Context<'_>, open: &OpenReminder, done: Option<&Event>) -> Finding {
    let trigger = cx.playbook.spec().triggers.iter().find(|t| t.id == open.rule);
    let (title, refs, kind) = trigger.map_or((open.rule.as_str(), Arc::default(), ""), |t| {
        (t.title.as_str(), cx.playbook.rule(&t.id, &t.refs).refs, t.follow_up.kind.as_str())
    });
    let zone = cx.playbook.calendar().time_zone();
    let due = open.deadline.with_timezone(&zone).format("%Y-%m-%d %H:%M");
    let whose = open.customer.as_deref().map(|c| format!(" for {c}")).unwrap_or_default();
    let said = |key, more: Option<(&'static str, Arg)>| {
        let mut said = Message::new(
            key,
            [
                ("title", title.into()),
                ("whose", obligations::whose(open.customer.as_ref())),
                ("about", (&open.about).into()),
                ("kind", kind.into()),
                ("kind_title", obligations::kind_title(cx, kind)),
                ("due", open.deadline.with_timezone(&zone).fixed_offset().into()),
            ],
        );
        said.args.extend(more);
        said
    };
    let (verdict, actual, message, said) = match done {
        Some(e) => {
            let at = e.at.with_timezone(&zone).fixed_offset();
            (
                Status::Pass,
                at.to_rfc3339(),
                format!("{title}{whose} ({}): {kind} at {}, due by {due}", open.about, at.format("%Y-%m-%d %H:%M")),
                said("reminder-done", Some(("at", at.into()))),
            )
        }
        None => (
            Status::Fail,
            "none".to_string(),
            format!("{title}{whose} ({}): no {kind} by {due}", open.about),
            said("reminder-missed", None),
        ),
    };
    Finding {
        excused: None,
        team: None,
        rule: open.rule.clone(),
        refs,
        person: open.person.clone(),
        customer: open.customer.clone(),
        window: Span { start: open.opens, end: open.deadline },
        status: cx.status(verdict, open.deadline),
        expected: format!("{kind} by {}", open.deadline.to_rfc3339()).into(),
        actual: actual.into(),
        events: done.map(|e| vec![e.id.clone()]).unwrap_or_default(),
        message,
        text: said,
    }
}

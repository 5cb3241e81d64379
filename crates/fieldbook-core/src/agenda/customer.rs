//! The customer side of the agenda: date reminders, agreement renewals, call lists,
//! records due for review and customers to visit, for the customers a person looks after.

use chrono::NaiveDate;

use super::{Agenda, AgendaItem, ItemKind};
use crate::customers::{ActivityStatus, Agreement, CallList, CustomerBook, Standing, due_reviews, reminders_shown_on};
use crate::error::RosterError;
use crate::event::Value;
use crate::playbook::Playbook;
use crate::roster::{Customer, Person};
use crate::time::supported;

impl Playbook {
    /// What is due for `person` on `date`, with the customer side drawn from `book` (built
    /// from the same playbook): everything [`Playbook::agenda`] lists, plus, for the
    /// customers the person looks after (`manager`),
    ///
    /// - **reminders** of date and occasion triggers, on the working day on or before
    ///   `days_before` days ahead, due when the follow-up is;
    /// - on working days, **renewals** of agreements expiring within `renew_days_before`
    ///   days (or expired, or missing), the day's **call list** of the customers most due,
    ///   records with fields **due for review**, and dormant or lost customers as outside
    ///   visit **candidates**, each with its reason.
    ///
    /// Items name their customer in `customer`; titles show the customer's `label` field
    /// only if the person's role may see it. Items are in order of due time; at the same
    /// time, the schedule's come first.
    ///
    /// # Errors
    /// As [`Playbook::agenda`].
    pub fn agenda_for(&self, person: &Person, date: NaiveDate, book: &CustomerBook) -> Result<Agenda, RosterError> {
        let mut agenda = self.agenda(person, date)?;
        if supported(date).is_err() {
            return Ok(agenda);
        }
        agenda.items.extend(CustomerItems { playbook: self, person, date, book }.build());
        agenda.items.sort_by_key(|item| item.due);
        Ok(agenda)
    }
}

struct CustomerItems<'a> {
    playbook: &'a Playbook,
    person: &'a Person,
    date: NaiveDate,
    book: &'a CustomerBook,
}

impl CustomerItems<'_> {
    fn build(&self) -> Vec<AgendaItem> {
        let mine = self.book.customers_of(&self.person.id);
        let mut items = self.reminders(&mine);
        if self.playbook.calendar().is_working_day(self.date) {
            items.extend(self.renewals(&mine));
            items.extend(self.calls(&mine));
            items.extend(self.reviews(&mine));
            items.extend(self.candidates(&mine));
        }
        items
    }

    fn applies(&self, roles: &[String]) -> bool {
        self.person.has_role_in(self.playbook, roles)
    }

    /// The customer's `label` field if the person may see it, else their id.
    fn label(&self, customer: &Customer) -> String {
        let spec = self.playbook.spec();
        let role = self.person.role_in(self.playbook);
        spec.customers
            .label
            .as_ref()
            .filter(|field| spec.customers.fields.get(*field).is_some_and(|f| f.visible_to_role(role)))
            .and_then(|field| match customer.fields.get(field) {
                Some(Value::Text(text)) if !text.trim().is_empty() => Some(text.to_string()),
                _ => None,
            })
            .unwrap_or_else(|| customer.id.to_string())
    }

    fn end_of_day(&self) -> chrono::DateTime<chrono::FixedOffset> {
        let calendar = self.playbook.calendar();
        calendar.due(self.date, None)
    }

    fn item(&self, id: String, kind: ItemKind, title: String, refs: &[String]) -> AgendaItem {
        AgendaItem {
            id: id.into(),
            kind,
            title,
            due: self.end_of_day(),
            opens: None,
            refs: refs.to_vec(),
            detail: None,
            customer: None,
            occurs: None,
            // The customer side is worded in English only, so far.
            title_text: crate::message::Message::default(),
            detail_text: Vec::new(),
        }
    }

    fn reminders(&self, mine: &[&Customer]) -> Vec<AgendaItem> {
        let calendar = self.playbook.calendar();
        reminders_shown_on(self.playbook, mine, self.date)
            .into_iter()
            .filter(|r| self.applies(&r.trigger.roles))
            .map(|r| {
                let trigger = r.trigger;
                let title = match r.customer {
                    Some(c) => format!("{}: {}", trigger.title, self.label(c)),
                    None => trigger.title.clone(),
                };
                let days = (r.occurs - self.date).num_days();
                let when = match days {
                    0 => "today".to_string(),
                    1 => "tomorrow".to_string(),
                    n => format!("in {n} days"),
                };
                let mut detail = vec![format!("{when}: {}", r.about(self.playbook))];
                detail.extend(trigger.note.clone());
                AgendaItem {
                    due: r.deadline(calendar),
                    detail: Some(detail.join("; ")),
                    customer: r.customer.map(|c| c.id.clone()),
                    occurs: Some(r.occurs),
                    ..self.item(trigger.id.clone(), ItemKind::Reminder, title, &trigger.refs)
                }
            })
            .collect()
    }

    fn renewals(&self, mine: &[&Customer]) -> Vec<AgendaItem> {
        let calendar = self.playbook.calendar();
        let mut items = Vec::new();
        for agreement in self.playbook.spec().agreements.iter().filter(|a| self.applies(&a.roles)).map(Agreement) {
            for customer in mine.iter().copied().filter(|c| c.is_admitted_by(agreement.customers.as_ref())) {
                let Some(position) = self.book.position(customer) else { continue };
                let terms = self.book.agreement_terms(agreement, position, self.date);
                let standing = agreement.standing(terms.as_ref(), self.date);
                if !agreement.renewal_due(standing, self.date) {
                    continue;
                }
                let (detail, due, occurs) = match standing {
                    Standing::Valid { through } => {
                        (format!("{}: renew it", standing.describe()), calendar.due(through, None), Some(through))
                    }
                    Standing::NoSigners { through } => {
                        (format!("{}: name them", standing.describe()), calendar.due(through, None), Some(through))
                    }
                    Standing::Expired { through } => {
                        (format!("{}: renew it", standing.describe()), self.end_of_day(), Some(through))
                    }
                    Standing::Missing | Standing::NotYet { .. } => {
                        (format!("{}: sign one", standing.describe()), self.end_of_day(), None)
                    }
                };
                let title = format!("{}: {}", agreement.title, self.label(customer));
                let mut detail = vec![detail];
                detail.extend(agreement.note.clone());
                items.push(AgendaItem {
                    due,
                    detail: Some(detail.join("; ")),
                    customer: Some(customer.id.clone()),
                    occurs,
                    ..self.item(agreement.id.clone(), ItemKind::Renewal, title, &agreement.refs)
                });
            }
        }
        items
    }

    fn calls(&self, mine: &[&Customer]) -> Vec<AgendaItem> {
        let calendar = self.playbook.calendar();
        let mut items = Vec::new();
        for list in self.playbook.spec().call_lists.iter().filter(|l| self.applies(&l.roles)).map(CallList) {
            let last = |id: &str| {
                self.book
                    .customer(id)
                    .and_then(|c| self.book.position(c))
                    .and_then(|p| self.book.last_contact(&list.contact, p, self.date))
            };
            let due = calendar.due(self.date, list.by.or(list.at));
            let opens = list.at.filter(|_| list.by.is_some()).map(|at| calendar.due(self.date, Some(at)));
            for (customer, last) in list.most_due(mine, last) {
                let mut detail = vec![list.describe(last, self.date)];
                detail.extend(list.note.clone());
                items.push(AgendaItem {
                    due,
                    opens,
                    detail: Some(detail.join("; ")),
                    customer: Some(customer.id.clone()),
                    ..self.item(
                        list.id.clone(),
                        ItemKind::Call,
                        format!("{}: {}", list.title, self.label(customer)),
                        &list.refs,
                    )
                });
            }
        }
        items
    }

    fn reviews(&self, mine: &[&Customer]) -> Vec<AgendaItem> {
        let spec = self.playbook.spec();
        let role = self.person.role_in(self.playbook);
        let visible = |field: &str| spec.customers.fields.get(field).is_some_and(|f| f.visible_to_role(role));
        mine.iter()
            .filter_map(|customer| {
                let due: Vec<String> = due_reviews(self.playbook, customer, self.date)
                    .into_iter()
                    .filter(|d| visible(&d.field))
                    .map(|d| d.describe())
                    .collect();
                (!due.is_empty()).then(|| AgendaItem {
                    detail: Some(due.join("; ")),
                    customer: Some(customer.id.clone()),
                    ..self.item(
                        format!("review:{}", customer.id),
                        ItemKind::Review,
                        format!("Review the record of {}", self.label(customer)),
                        &spec.customers.refs,
                    )
                })
            })
            .collect()
    }

    fn candidates(&self, mine: &[&Customer]) -> Vec<AgendaItem> {
        let Some(activity) = &self.playbook.spec().customers.activity else { return Vec::new() };
        if !self.applies(&activity.roles) || (activity.dormant_after.is_none() && activity.lost_after.is_none()) {
            return Vec::new();
        }
        let month_total = self.book.month_total(self.playbook, self.date);
        let mut found: Vec<(ActivityStatus, i64, &Customer, String)> = mine
            .iter()
            .filter_map(|customer| {
                let position = self.book.position(customer)?;
                let metrics = self.book.metrics_with(self.playbook, position, self.date, month_total)?;
                let reason = metrics.reason(activity)?;
                let quiet = metrics.days_since_last_visit.unwrap_or(i64::MAX);
                Some((metrics.activity, quiet, *customer, reason))
            })
            .collect();
        // Lost customers first, then the longest unseen; roster order breaks ties.
        found.sort_by_key(|(activity, quiet, _, _)| (*activity != ActivityStatus::Lost, std::cmp::Reverse(*quiet)));
        found
            .into_iter()
            .map(|(_, _, customer, reason)| AgendaItem {
                detail: Some(reason),
                customer: Some(customer.id.clone()),
                ..self.item(
                    format!("candidate:{}", customer.id),
                    ItemKind::Candidate,
                    format!("Outside visit candidate: {}", self.label(customer)),
                    &activity.refs,
                )
            })
            .collect()
    }
}

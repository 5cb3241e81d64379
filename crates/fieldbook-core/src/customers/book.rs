//! The customer book: a roster's customers and the events recorded about them, from which
//! the customer side of the agenda is drawn (metrics, last contacts, agreement renewals).
//!
//! It is pure data: built from a checked roster and fed events, it answers as of any date
//! (events after that date do not count), so a host can rebuild or extend it at will.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::agreement::{Agreement, Terms};
use super::metrics::{CustomerMetrics, Visit};
use crate::error::RosterError;
use crate::event::{Event, Rejected, matches};
use crate::playbook::{Admission, Intake, Playbook, RecordAccessError, RecordView, RosterIndex, admissible, repeat};
use crate::roster::{Customer, Roster};
use crate::spec::EventMatch;

/// A roster's customers and the events recorded about them.
///
/// ```
/// # use fieldbook_core as fieldbook;
/// use fieldbook::{CustomerBook, Playbook, Roster};
/// let text = r#"
///     [playbook]
///     id = "book"
///     title = "Book"
///     [calendar]
///     time_zone = "Asia/Shanghai"
///     [event_kinds.meal]
///     title = "Meal"
///     customer = true
///     fields = { spend = "money" }
///     [customers.activity]
///     visit = { kind = "meal" }
///     spend = "spend"
///     dormant_after = "60d"
/// "#;
/// let playbook = Playbook::from_toml(text, None)?;
/// let roster: Roster = serde_json::from_str(
///     r#"{"people": [{"id": "chen"}], "customers": [{"id": "c1", "manager": "chen"}]}"#,
/// )?;
/// let mut book = CustomerBook::new(&playbook, &roster)?;
/// let meal = serde_json::from_str(
///     r#"{"id": "m1", "kind": "meal", "person": "chen", "at": "2026-10-01T12:30:00+08:00",
///         "customer": "c1", "fields": {"spend": 680}}"#,
/// )?;
/// assert!(book.record([meal]).rejected.is_empty());
/// let date = fieldbook::chrono::NaiveDate::from_ymd_opt(2026, 12, 15).unwrap();
/// let metrics = book.metrics("c1", date).unwrap();
/// assert_eq!(metrics.days_since_last_visit, Some(75));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct CustomerBook {
    playbook: Playbook,
    index: RosterIndex,
    customers: Vec<Customer>,
    /// The events about each customer (same order as `customers`), by time then id.
    events: Vec<Vec<Dated>>,
    /// Every recorded event by id, to tell repeats from conflicting ids.
    ids: HashMap<String, Held>,
    /// The first day of the recorded events.
    first: Option<NaiveDate>,
    history_from: Option<NaiveDate>,
}

/// Where a recorded event is kept.
#[derive(Clone, Debug)]
enum Held {
    /// With the events of the customer at this position.
    Customer(usize),
    /// Here: an event about no customer, kept only to recognise repeats.
    Other(Box<Event>),
}

/// An event with its day on the playbook's calendar.
#[derive(Clone, Debug)]
struct Dated {
    date: NaiveDate,
    event: Event,
}

impl CustomerBook {
    /// A book of the customers of `roster`, without events yet.
    ///
    /// # Errors
    /// Every problem of the roster against the playbook: unknown or missing fields, values
    /// of the wrong type, impossible dates, unknown tags or people, each with its path.
    pub fn new(playbook: &Playbook, roster: &Roster) -> Result<Self, RosterError> {
        roster.check(playbook)?;
        Ok(Self {
            playbook: playbook.clone(),
            index: RosterIndex::new(roster),
            customers: roster.customers.clone(),
            events: vec![Vec::new(); roster.customers.len()],
            ids: HashMap::new(),
            first: None,
            history_from: None,
        })
    }

    /// The book, with its events taken to cover the days from `date` on. By default they
    /// cover the days from the first event recorded; a customer with no visit in them is
    /// judged dormant or lost by that span.
    pub fn history_from(mut self, date: NaiveDate) -> Self {
        self.history_from = Some(date);
        self
    }

    /// The first day the recorded events cover.
    pub fn since(&self) -> Option<NaiveDate> {
        self.history_from.or(self.first)
    }

    /// Records events, checked as a tracker checks them (kind, person, customer, fields).
    /// Events about no customer are accepted and play no part. The ones turned away are
    /// returned, none is lost; an identical repeat is accepted again and changes nothing.
    pub fn record(&mut self, events: impl IntoIterator<Item = Event>) -> Intake {
        Intake::of(events, |event| self.admit(event))
    }

    fn admit(&mut self, event: Event) -> Result<Admission, Box<Rejected>> {
        if let Err(reason) = admissible(&self.playbook, &self.index, &event) {
            return Err(Box::new(Rejected { reason, event }));
        }
        if let Some(held) = self.ids.get(event.id.as_str()) {
            let previous = match held {
                Held::Customer(i) => {
                    self.events.get(*i).and_then(|list| list.iter().find(|d| d.event.id == event.id)).map(|d| &d.event)
                }
                Held::Other(previous) => Some(previous.as_ref()),
            };
            return repeat(previous, &event).map_err(|reason| Box::new(Rejected { reason, event }));
        }
        let date = event.at.with_timezone(&self.playbook.calendar().time_zone()).date_naive();
        self.first = Some(self.first.map_or(date, |f| f.min(date)));
        let position = self.index.customer_of(&event);
        match position.filter(|i| *i < self.events.len()) {
            Some(i) => {
                self.ids.insert(event.id.to_string(), Held::Customer(i));
                let list = &mut self.events[i];
                let at = list.partition_point(|d| (d.event.at, &d.event.id) <= (event.at, &event.id));
                list.insert(at, Dated { date, event });
            }
            None => {
                self.ids.insert(event.id.to_string(), Held::Other(Box::new(event)));
            }
        }
        Ok(Admission::New)
    }

    /// The ids of the customers, in roster order.
    pub fn customer_ids(&self) -> impl Iterator<Item = &str> {
        self.customers.iter().map(|c| c.id.as_str())
    }

    /// `customer`'s record as `role` may see it (see [`Playbook::record_view`]).
    pub fn view(&self, customer: &str, role: &str) -> Option<RecordView> {
        self.customer(customer).map(|c| self.playbook.record_view(c, role))
    }

    /// `customer`'s whole record, for a role that may see every field.
    ///
    /// # Errors
    /// An unknown customer or role, or the fields kept from the role.
    pub fn full_record(&self, customer: &str, role: &str) -> Result<&Customer, RecordAccessError> {
        let found = self
            .customer(customer)
            .ok_or_else(|| RecordAccessError::UnknownCustomer { customer: customer.to_string() })?;
        self.playbook.full_record(found, role)
    }

    /// The value and activity of `customer` as of `date`, when the playbook declares
    /// `[customers.activity]` and the book has the customer.
    pub fn metrics(&self, customer: &str, date: NaiveDate) -> Option<CustomerMetrics> {
        let position = *self.index.customers.get(customer)?;
        self.metrics_with(&self.playbook, position, date, self.month_total(&self.playbook, date))
    }

    pub(crate) fn customer(&self, id: &str) -> Option<&Customer> {
        self.index.customers.get(id).and_then(|i| self.customers.get(*i))
    }

    /// The customers `person` looks after, in roster order.
    pub(crate) fn customers_of(&self, person: &str) -> Vec<&Customer> {
        self.customers.iter().filter(|c| c.manager.as_deref() == Some(person)).collect()
    }

    /// The position of a customer of this book.
    pub(crate) fn position(&self, customer: &Customer) -> Option<usize> {
        self.index.customers.get(&customer.id).copied()
    }

    fn visits(&self, playbook: &Playbook, position: usize) -> Vec<Visit> {
        let Some(activity) = &playbook.spec().customers.activity else { return Vec::new() };
        let spend = |e: &Event| {
            activity.spend.as_ref().and_then(|f| e.fields.get(f.as_str())).and_then(|v| v.as_number()).unwrap_or(0.0)
        };
        self.events
            .get(position)
            .into_iter()
            .flatten()
            .filter(|d| matches(&activity.visit.kind, &activity.visit.filter, &d.event))
            .map(|d| Visit { date: d.date, spend: spend(&d.event) })
            .collect()
    }

    /// What every customer spent in the month of `date`, through `date`.
    pub(crate) fn month_total(&self, playbook: &Playbook, date: NaiveDate) -> f64 {
        let since = self.since();
        (0..self.customers.len())
            .flat_map(|i| self.visits(playbook, i))
            .filter(|v| v.date <= date && v.date.year() == date.year() && v.date.month() == date.month())
            .filter(|v| since.is_none_or(|s| v.date >= s))
            .map(|v| v.spend)
            .sum()
    }

    pub(crate) fn metrics_with(
        &self,
        playbook: &Playbook,
        position: usize,
        date: NaiveDate,
        month_total: f64,
    ) -> Option<CustomerMetrics> {
        let activity = playbook.spec().customers.activity.as_ref()?;
        let customer = self.customers.get(position)?;
        let visits = self.visits(playbook, position);
        Some(CustomerMetrics::compute(activity, &customer.id, &visits, month_total, self.since(), date))
    }

    /// The day of the last event matching `contact` about the customer before `date`.
    pub(crate) fn last_contact(&self, contact: &EventMatch, position: usize, date: NaiveDate) -> Option<NaiveDate> {
        self.events
            .get(position)?
            .iter()
            .rev()
            .find(|d| d.date < date && matches(&contact.kind, &contact.filter, &d.event))
            .map(|d| d.date)
    }

    /// The terms of the customer's agreement in force on `date`: the record's, as renewed
    /// by the renewal events through `date`.
    pub(crate) fn agreement_terms(&self, spec: Agreement<'_>, position: usize, date: NaiveDate) -> Option<Terms> {
        let customer = self.customers.get(position)?;
        let mut terms = spec.record_terms(customer);
        if let Some(renewal) = &spec.renewed_by {
            for d in self.events.get(position).into_iter().flatten().filter(|d| d.date <= date) {
                if matches(&renewal.kind, &renewal.filter, &d.event) {
                    terms = Some(spec.renewed(terms.as_ref(), &d.event, d.date));
                }
            }
        }
        terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Value;

    fn playbook() -> Playbook {
        let text = "[playbook]\nid = \"b\"\ntitle = \"B\"\n[calendar]\ntime_zone = \"Asia/Shanghai\"\n\
            [event_kinds.meal]\ntitle = \"Meal\"\ncustomer = true\nfields = { spend = \"money\" }\n\
            [event_kinds.memo]\ntitle = \"Memo\"\n\
            [customers.activity]\nvisit = { kind = \"meal\" }\nspend = \"spend\"\n";
        Playbook::from_toml(text, None).unwrap_or_else(|e| panic!("{e}"))
    }

    fn meal(id: &str, day: &str, spend: i64) -> Event {
        let at = chrono::DateTime::parse_from_rfc3339(&format!("{day}T12:00:00+08:00")).unwrap();
        Event::new(id, "meal", "chen", at).for_customer("c1").with("spend", Value::Integer(spend))
    }

    #[test]
    fn repeats_are_harmless_and_conflicting_ids_are_turned_away() {
        let roster: Roster =
            serde_json::from_str(r#"{"people": [{"id": "chen"}], "customers": [{"id": "c1", "manager": "chen"}]}"#)
                .unwrap();
        let mut book = CustomerBook::new(&playbook(), &roster).unwrap();
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T09:00:00+08:00").unwrap();
        let memo = Event::new("n1", "memo", "chen", at);
        let intake = book.record([meal("m1", "2026-12-01", 100), meal("m1", "2026-12-01", 100), memo.clone(), memo]);
        assert_eq!((intake.accepted, intake.repeated, intake.rejected.len()), (2, 2, 0));
        let intake = book.record([
            meal("m1", "2026-12-01", 999),
            Event::new("n1", "memo", "chen", at + chrono::TimeDelta::hours(1)),
            meal("m2", "2026-12-02", 50).for_customer("c9"),
        ]);
        let reasons: Vec<String> = intake.rejected.iter().map(|r| r.reason.to_string()).collect();
        assert_eq!(
            reasons,
            [
                "another event with id `m1` and different content was already accepted",
                "another event with id `n1` and different content was already accepted",
                "unknown customer `c9`",
            ]
        );
        // The first m1 counts, once.
        let date = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let metrics = book.metrics("c1", date).unwrap();
        assert_eq!((metrics.visits, metrics.spend), (1, 100.0));
    }
}

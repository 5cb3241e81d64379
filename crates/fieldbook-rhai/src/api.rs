//! What scripts see: the event, the customer and the person as registered types with
//! typed fields, a period's totals, and helpers for working days and phases.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Timelike};
use fieldbook_core::calendar::Calendar;
use fieldbook_core::check::Totals;
use fieldbook_core::spec::PhaseSpec;
use fieldbook_core::time::last_day_of_month;
use fieldbook_core::{Customer, Event, Person, Value};
use rhai::{Array, Dynamic, Engine, ImmutableString};

/// An event as a script sees it: `event.kind`, `event.minutes`, `event.hour` (on the
/// playbook's clock), `event["stock"]`. Shared with the tracker, never copied.
#[derive(Clone, Debug)]
pub(crate) struct EventView(pub(crate) Arc<Event>);

/// A customer record: `customer.id`, `customer.has_tag("key")`, `customer["name"]`.
#[derive(Clone, Debug)]
pub(crate) struct CustomerView(pub(crate) Arc<Customer>);

/// A person: `person.id`, `person.role`, `person["route"]`.
#[derive(Clone, Debug)]
pub(crate) struct PersonView(pub(crate) Arc<Person>);

/// A day, week, month or phase of a person: `period.count("visit")`,
/// `period.sum("visit.stock")`, `period.seen("visit")` (customer ids), `period.events`
/// (days only), `period.customers` (the person's customers).
#[derive(Clone, Debug)]
pub(crate) struct PeriodView {
    pub(crate) start: NaiveDate,
    pub(crate) end: NaiveDate,
    pub(crate) totals: Totals,
    pub(crate) events: Array,
    pub(crate) customers: Array,
}

/// A field value with its type: integers, decimals, booleans, text, lists of text.
pub(crate) fn dynamic(value: Option<&Value>) -> Dynamic {
    match value {
        None => Dynamic::UNIT,
        Some(Value::Bool(b)) => Dynamic::from_bool(*b),
        Some(Value::Integer(i)) => Dynamic::from_int(*i),
        Some(Value::Number(n)) => Dynamic::from_float(*n),
        Some(Value::Text(t)) => Dynamic::from(ImmutableString::from(t.as_str())),
        Some(Value::List(items)) => {
            Dynamic::from_array(items.iter().map(|i| Dynamic::from(ImmutableString::from(i.as_str()))).collect())
        }
    }
}

/// `event.clock`: minutes since midnight on the playbook's clock.
pub(crate) fn clock<Z: chrono::TimeZone>(event: &Event, zone: &Z) -> i64 {
    let local = event.at.with_timezone(zone);
    i64::from(local.hour() * 60 + local.minute())
}

/// `event.minutes`: how long the event lasted (0 without an end).
pub(crate) fn minutes(event: &Event) -> f64 {
    event.end.map_or(0.0, |end| (end - event.at).num_seconds() as f64 / 60.0)
}

fn text(value: &str) -> ImmutableString {
    ImmutableString::from(value)
}

pub(crate) fn register(engine: &mut Engine, calendar: Calendar, phases: Vec<PhaseSpec>) {
    let zone = calendar.time_zone();
    engine
        .register_type_with_name::<EventView>("Event")
        .register_get("id", |e: &mut EventView| text(&e.0.id))
        .register_get("kind", |e: &mut EventView| text(&e.0.kind))
        .register_get("person", |e: &mut EventView| text(&e.0.person))
        .register_get("customer", |e: &mut EventView| {
            e.0.customer.as_deref().map_or(Dynamic::UNIT, |c| Dynamic::from(text(c)))
        })
        .register_get("at", |e: &mut EventView| text(&e.0.at.to_rfc3339()))
        .register_get("hour", move |e: &mut EventView| i64::from(e.0.at.with_timezone(&zone).hour()))
        .register_get("clock", move |e: &mut EventView| clock(&e.0, &zone))
        .register_get("minutes", |e: &mut EventView| minutes(&e.0))
        .register_fn("has", |e: &mut EventView, field: &str| e.0.fields.contains_key(field))
        .register_indexer_get(|e: &mut EventView, field: &str| dynamic(e.0.fields.get(field)));

    engine
        .register_type_with_name::<CustomerView>("Customer")
        .register_get("id", |c: &mut CustomerView| text(&c.0.id))
        .register_get("tags", |c: &mut CustomerView| c.0.tags.iter().map(|t| Dynamic::from(text(t))).collect::<Array>())
        .register_fn("has_tag", |c: &mut CustomerView, tag: &str| c.0.tags.iter().any(|t| t == tag))
        .register_indexer_get(|c: &mut CustomerView, field: &str| dynamic(c.0.fields.get(field)));

    engine
        .register_type_with_name::<PersonView>("Person")
        .register_get("id", |p: &mut PersonView| text(&p.0.id))
        .register_get("role", |p: &mut PersonView| {
            p.0.role.as_deref().map_or(Dynamic::UNIT, |r| Dynamic::from(text(r)))
        })
        .register_indexer_get(|p: &mut PersonView, key: &str| {
            p.0.attrs.get(key).map_or(Dynamic::UNIT, |v| Dynamic::from(text(v)))
        });

    engine
        .register_type_with_name::<PeriodView>("Period")
        .register_get("start", |p: &mut PeriodView| text(&p.start.to_string()))
        .register_get("end", |p: &mut PeriodView| text(&p.end.to_string()))
        .register_get("events", |p: &mut PeriodView| p.events.clone())
        .register_get("customers", |p: &mut PeriodView| p.customers.clone())
        .register_fn("seen", |p: &mut PeriodView, kind: &str| {
            p.totals
                .customers
                .get(kind)
                .map_or_else(Array::new, |set| set.iter().map(|c| Dynamic::from(text(c))).collect())
        })
        .register_fn("count", |p: &mut PeriodView, kind: &str| p.totals.counts.get(kind).copied().unwrap_or(0) as i64)
        .register_fn("sum", |p: &mut PeriodView, key: &str| p.totals.sums.get(key).copied().unwrap_or(0.0));

    let working = calendar.clone();
    engine.register_fn("is_working_day", move |date: &str| {
        date.parse::<NaiveDate>().is_ok_and(|d| working.is_working_day(d))
    });
    engine.register_fn("phase_of", move |date: &str| {
        let Ok(date) = date.parse::<NaiveDate>() else { return Dynamic::UNIT };
        let month_len = last_day_of_month(date).day() as u8;
        phases
            .iter()
            .find(|p| p.days.contains(date.day() as u8, month_len))
            .map_or(Dynamic::UNIT, |p| Dynamic::from(text(&p.id)))
    });
}

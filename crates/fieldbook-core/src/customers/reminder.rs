//! Date reminders: the dates of customer records (birthdays, anniversaries, HOT-1, FNB-2)
//! and of occasions (FNB-9 holiday visits) that date triggers prepare for, `days_before`
//! days ahead.
//!
//! A trigger's reminder **starts** `days_before` days before the date. It is **shown** on
//! the last working day on or before its start — a start that falls on a Sunday is shown
//! on the Friday before, never after — so each yearly date gives exactly one reminder a
//! year. The agenda lists it on that day; the tracker opens the follow-up then.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta};

use crate::calendar::Calendar;
use crate::event::Value;
use crate::playbook::Playbook;
use crate::roster::Customer;
use crate::spec::{FieldType, TriggerSpec, Within};
use crate::time::{TimeOfDay, recurring_date};

/// One reminder of a date trigger: the date it prepares for and when it is shown.
#[derive(Clone, Debug)]
pub(crate) struct Reminder<'a> {
    pub(crate) trigger: &'a TriggerSpec,
    /// The customer whose date it is, or for whom an occasion is prepared; `None` for an
    /// occasion prepared once for everyone (`same_customer = false`).
    pub(crate) customer: Option<&'a Customer>,
    /// The date reminded of, this year (a birthday on 29 February moved by the policy).
    pub(crate) occurs: NaiveDate,
    /// `days_before` days before `occurs`.
    pub(crate) starts: NaiveDate,
    /// The working day on or before `starts` on which the reminder is shown.
    pub(crate) shown: NaiveDate,
}

impl Reminder<'_> {
    /// When the follow-up opens: the start of the day it is shown.
    pub(crate) fn opens(&self, calendar: &Calendar) -> DateTime<FixedOffset> {
        calendar.local(self.shown, TimeOfDay::MIDNIGHT)
    }

    /// When the follow-up is due: `within` from the start of `starts` for a length of
    /// time; for `same_day` and `next_working_day`, the end of the day it is shown or of
    /// the working day after.
    pub(crate) fn deadline(&self, calendar: &Calendar) -> DateTime<FixedOffset> {
        match self.trigger.within {
            Within::Span(span) => calendar.local(self.starts, TimeOfDay::MIDNIGHT) + span.as_duration(),
            Within::SameDay => calendar.due(self.shown, None),
            Within::NextWorkingDay => {
                let next = self.shown.succ_opt().and_then(|d| calendar.next_working_day(d)).unwrap_or(self.shown);
                calendar.due(next, None)
            }
        }
    }

    /// What the reminder is about: `birthday on 2029-02-28`, `Spring Festival on 2027-02-06`.
    pub(crate) fn about(&self, playbook: &Playbook) -> String {
        let spec = playbook.spec();
        if let Some(name) = &self.trigger.on.occasion {
            let title = spec.occasions.get(name).map_or(name.as_str(), |o| o.title.as_str());
            return format!("{title} on {}", self.occurs);
        }
        let field = self.trigger.on.date.as_deref().unwrap_or_default();
        let title = spec.customers.fields.get(field).and_then(|f| f.title.as_deref()).unwrap_or(field);
        let moved = self.customer.and_then(|c| yearly(c, field)).is_some_and(|(m, d)| (m, d) == (2, 29))
            && self.occurs.day() != 29;
        if moved {
            format!("{title} on {} (29 February in leap years)", self.occurs)
        } else {
            format!("{title} on {}", self.occurs)
        }
    }
}

/// The reminders shown on `date`: those of date triggers for each of `customers` with the
/// date field (and admitted by the trigger's `customers` filter), and those of occasion
/// triggers — for each admitted customer with `same_customer`, else once.
pub(crate) fn reminders_shown_on<'a>(
    playbook: &'a Playbook,
    customers: &[&'a Customer],
    date: NaiveDate,
) -> Vec<Reminder<'a>> {
    let spec = playbook.spec();
    let calendar = playbook.calendar();
    let feb29 = spec.customers.feb29;
    let years = date.year()..=date.year().saturating_add(2);
    let mut found = Vec::new();
    for trigger in &spec.triggers {
        let before = TimeDelta::days(i64::from(trigger.on.days_before));
        let mut push = |customer: Option<&'a Customer>, occurs: NaiveDate| {
            let Some(starts) = occurs.checked_sub_signed(before) else { return };
            let shown = calendar.previous_working_day(starts).unwrap_or(starts);
            if shown == date {
                found.push(Reminder { trigger, customer, occurs, starts, shown });
            }
        };
        let filter = trigger.customers.as_ref();
        if let Some(field) = &trigger.on.date {
            let one_off = spec.customers.fields.get(field).is_some_and(|f| f.ty == FieldType::Date);
            for customer in customers.iter().copied().filter(|c| c.is_admitted_by(filter)) {
                if one_off {
                    if let Some(day) = one_off_date(customer, field) {
                        push(Some(customer), day);
                    }
                } else if let Some((month, day)) = yearly(customer, field) {
                    for year in years.clone() {
                        if let Some(occurs) = feb29.date_in(year, month, day) {
                            push(Some(customer), occurs);
                        }
                    }
                }
            }
        } else if let Some(occasion) = trigger.on.occasion.as_ref().and_then(|name| spec.occasions.get(name)) {
            for year in years.clone() {
                for occurs in occasion.dates_in(year, feb29) {
                    if trigger.follow_up.same_customer {
                        for customer in customers.iter().copied().filter(|c| c.is_admitted_by(filter)) {
                            push(Some(customer), occurs);
                        }
                    } else {
                        push(None, occurs);
                    }
                }
            }
        }
    }
    found
}

/// The month and day of a customer's `recurring_date` field.
fn yearly(customer: &Customer, field: &str) -> Option<(u32, u32)> {
    match customer.fields.get(field) {
        Some(Value::Text(text)) => recurring_date(text),
        _ => None,
    }
}

/// A customer's `date` field.
fn one_off_date(customer: &Customer, field: &str) -> Option<NaiveDate> {
    match customer.fields.get(field) {
        Some(Value::Text(text)) => text.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn playbook(extra: &str) -> Playbook {
        let text = format!(
            "[playbook]\nid = \"r\"\ntitle = \"R\"\n[calendar]\ntime_zone = \"Asia/Shanghai\"\n\
             [[roles]]\nid = \"cm\"\ntitle = \"CM\"\n\
             [event_kinds.call]\ntitle = \"Call\"\ncustomer = true\n\
             [customers.fields]\nbirthday = \"recurring_date\"\nsigned = \"date\"\n{extra}"
        );
        Playbook::from_toml(&text, None).unwrap_or_else(|e| panic!("{e}"))
    }

    fn customer(field: &str, value: &str) -> Customer {
        Customer {
            id: "c".into(),
            fields: [(field.to_string(), Value::Text(value.into()))].into(),
            ..Customer::default()
        }
    }

    const BIRTHDAY: &str = "[[triggers]]\nid = \"b\"\ntitle = \"B\"\nrefs = [\"HOT-1\"]\n\
        on = { date = \"birthday\", days_before = 3 }\nfollow_up = { kind = \"call\" }\nwithin = \"3d\"\n";

    #[test]
    fn a_reminder_starting_on_a_weekend_is_shown_the_friday_before() {
        let pb = playbook(BIRTHDAY);
        let c = customer("birthday", "1980-03-02");
        // 2027-03-02 is a Tuesday; three days before is Saturday 27 February, so the
        // reminder is shown on Friday 26 February and due at the start of 2 March.
        let found = reminders_shown_on(&pb, &[&c], date("2027-02-26"));
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].occurs, found[0].starts, found[0].shown),
            (date("2027-03-02"), date("2027-02-27"), date("2027-02-26"))
        );
        assert_eq!(found[0].deadline(pb.calendar()).to_rfc3339(), "2027-03-02T00:00:00+08:00");
        assert_eq!(found[0].opens(pb.calendar()).to_rfc3339(), "2027-02-26T00:00:00+08:00");
        assert_eq!(found[0].about(&pb), "birthday on 2027-03-02");
        assert!(reminders_shown_on(&pb, &[&c], date("2027-02-27")).is_empty());
    }

    #[test]
    fn a_reminder_early_in_january_is_shown_in_december() {
        let pb = playbook(BIRTHDAY);
        let c = customer("birthday", "01-02");
        // 2027-01-02 is a Saturday; 3 days before is Wednesday 30 December 2026.
        let found = reminders_shown_on(&pb, &[&c], date("2026-12-30"));
        assert_eq!(found.iter().map(|r| r.occurs).collect::<Vec<_>>(), [date("2027-01-02")]);
    }

    #[test]
    fn a_one_off_date_is_reminded_of_once() {
        let pb = playbook(
            "[[triggers]]\nid = \"s\"\ntitle = \"S\"\nrefs = [\"HOT-4\"]\n\
             on = { date = \"signed\", days_before = 0 }\nfollow_up = { kind = \"call\" }\nwithin = \"same_day\"\n",
        );
        let c = customer("signed", "2027-03-03");
        let days: Vec<NaiveDate> = date("2026-01-01")
            .iter_days()
            .take(1200)
            .filter(|d| !reminders_shown_on(&pb, &[&c], *d).is_empty())
            .collect();
        assert_eq!(days, [date("2027-03-03")]);
    }
}

//! Reviews (HOT-2 timeliness): a record field declared `valid_for = "180d"` is due for
//! review once that long has passed since it was last reviewed, or at once if it never
//! was.

use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::playbook::Playbook;
use crate::roster::Customer;

/// A field of a customer record due for review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DueReview {
    /// The field.
    pub field: String,
    /// When it was last reviewed; `None` if never.
    pub reviewed: Option<NaiveDate>,
    /// How many days a review holds (`valid_for`).
    pub valid_days: u32,
    /// The first day it was due again (last review + `valid_for`); `None` if never
    /// reviewed.
    pub due_since: Option<NaiveDate>,
}

impl DueReview {
    /// `health: last reviewed 2026-01-01, valid for 180 days`, `health: never reviewed`.
    pub fn describe(&self) -> String {
        match self.reviewed {
            Some(day) => format!("{}: last reviewed {day}, valid for {} days", self.field, self.valid_days),
            None => format!("{}: never reviewed", self.field),
        }
    }
}

/// The fields of `customer` due for review on `date`: fields with `valid_for` that the
/// record carries (or has a review date for), never reviewed, or last reviewed
/// `valid_for` or more days before `date`. In declaration order.
pub(crate) fn due_reviews(playbook: &Playbook, customer: &Customer, date: NaiveDate) -> Vec<DueReview> {
    let mut due = Vec::new();
    for (name, field) in &playbook.spec().customers.fields {
        let Some(days) = field.valid_days() else { continue };
        let reviewed = customer.reviewed.get(name).copied();
        if !customer.fields.contains_key(name) && reviewed.is_none() {
            continue;
        }
        let due_since =
            reviewed.map(|r| r.checked_add_signed(TimeDelta::days(i64::from(days))).unwrap_or(NaiveDate::MAX));
        if due_since.is_none_or(|d| d <= date) {
            due.push(DueReview { field: name.clone(), reviewed, valid_days: days, due_since });
        }
    }
    due
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Value;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_field_is_due_valid_for_days_after_its_review() {
        let text = "[playbook]\nid = \"v\"\ntitle = \"V\"\n[calendar]\ntime_zone = \"UTC\"\n\
            [customers.fields]\nname = \"text\"\nhealth = { type = \"text\", valid_for = \"180d\" }\n\
            taboos = { type = \"text\", valid_for = \"365d\" }\nhobbies = { type = \"text\", valid_for = \"30d\" }\n";
        let pb = Playbook::from_toml(text, None).unwrap();
        let customer = Customer {
            id: "c".into(),
            fields: [
                ("name".into(), Value::Text("Wang".into())),
                ("health".into(), Value::Text("fine".into())),
                ("taboos".into(), Value::Text("no pork".into())),
            ]
            .into(),
            reviewed: [("health".into(), date("2026-01-01"))].into(),
            ..Customer::default()
        };
        // 2026-01-01 + 180 days = 2026-06-30. Taboos were never reviewed; hobbies are not
        // in the record, so there is nothing to review; name has no `valid_for`.
        let fields = |day: &str| -> Vec<String> {
            due_reviews(&pb, &customer, date(day)).into_iter().map(|d| d.describe()).collect()
        };
        assert_eq!(fields("2026-06-29"), ["taboos: never reviewed"]);
        assert_eq!(
            fields("2026-06-30"),
            ["health: last reviewed 2026-01-01, valid for 180 days", "taboos: never reviewed"]
        );
        assert_eq!(due_reviews(&pb, &customer, date("2026-06-30"))[0].due_since, Some(date("2026-06-30")));
    }
}

//! Fields of events, people and customers; the customer records, occasions, agreements
//! and call lists.

use super::{Validator, list};
use crate::spec::{FieldType, Fields};
use crate::time::Timespan;

impl Validator<'_> {
    pub(super) fn fields(&mut self) {
        let spec = self.spec;
        for (name, kind) in &spec.event_kinds {
            self.field_roles(&kind.fields, &format!("event_kinds.{name}.fields"));
            self.no_validity(&kind.fields, &format!("event_kinds.{name}.fields"));
        }
        self.field_roles(&spec.customers.fields, "customers.fields");
        self.field_roles(&spec.people.attributes, "people.attributes");
        self.no_validity(&spec.people.attributes, "people.attributes");
        self.refs_format(&spec.people.refs, "people");
        for (name, field) in &spec.customers.fields {
            if let Some(span) = field.valid_for {
                self.whole_days(span, &format!("customers.fields.{name}.valid_for"));
            }
        }
    }

    /// `valid_for` is about customer records, which are reviewed; events and attributes
    /// are not.
    fn no_validity(&mut self, fields: &Fields, path: &str) {
        for (name, field) in fields {
            if field.valid_for.is_some() {
                self.problem(
                    format!("{path}.{name}.valid_for"),
                    "`valid_for` is for fields of customer records ([customers.fields])",
                );
            }
        }
    }

    fn whole_days(&mut self, span: Timespan, path: &str) {
        if span.whole_days().is_none() {
            self.problem(path, format!("`{span}` is not a whole number of days: write e.g. \"180d\""));
        }
    }

    fn field_roles(&mut self, fields: &Fields, path: &str) {
        for (name, field) in fields {
            for (i, role) in field.visible_to.iter().enumerate() {
                self.role(role, &format!("{path}.{name}.visible_to[{i}]"));
            }
        }
    }

    pub(super) fn customers(&mut self) {
        let spec = self.spec;
        let customers = &spec.customers;
        self.refs_format(&customers.refs, "customers");
        if let Some(label) = &customers.label {
            self.customer_field(label, FieldType::Text, "customers.label");
        }
        let Some(activity) = &customers.activity else { return };
        let path = "customers.activity";
        self.customer_events(&activity.visit, &format!("{path}.visit"), "so they cannot be a customer's visits");
        if let (Some(spend), Some(kind)) = (&activity.spend, spec.event_kinds.get(&activity.visit.kind)) {
            match kind.fields.get(spend) {
                Some(f) if f.ty.is_numeric() => {}
                Some(f) => self.problem(
                    format!("{path}.spend"),
                    format!("field `{spend}` is of type {}; spend must be a number or money", f.ty.name()),
                ),
                None => self.problem(
                    format!("{path}.spend"),
                    format!(
                        "event kind `{}` has no field `{spend}` ({})",
                        activity.visit.kind,
                        list(kind.fields.keys())
                    ),
                ),
            }
        }
        for (key, span) in [("dormant_after", activity.dormant_after), ("lost_after", activity.lost_after)] {
            if let Some(span) = span {
                self.whole_days(span, &format!("{path}.{key}"));
            }
        }
        if let (Some(dormant), Some(lost)) = (activity.dormant_after, activity.lost_after)
            && lost <= dormant
        {
            self.problem(
                format!("{path}.lost_after"),
                "a customer is lost after being dormant: `lost_after` must be longer than `dormant_after`",
            );
        }
        self.roles(&activity.roles, path);
        self.refs_format(&activity.refs, path);
    }

    pub(super) fn occasions(&mut self) {
        for (name, occasion) in &self.spec.occasions {
            if name.trim().is_empty() {
                self.problem(format!("occasions.{name}"), "occasions need non-empty names");
            }
            if occasion.dates.is_empty() {
                self.problem(
                    format!("occasions.{name}.dates"),
                    "an occasion needs at least one date: YYYY-MM-DD, or MM-DD for every year",
                );
            }
        }
    }

    pub(super) fn agreements(&mut self) {
        let spec = self.spec;
        for (i, agreement) in spec.agreements.iter().enumerate() {
            let path = format!("agreements[{i}]");
            self.roles(&agreement.roles, &path);
            self.customer_filter(agreement.customers.as_ref(), &path);
            self.customer_field(&agreement.signed, FieldType::Date, &format!("{path}.signed"));
            self.customer_field(&agreement.signers, FieldType::List, &format!("{path}.signers"));
            self.whole_days(agreement.valid_for, &format!("{path}.valid_for"));
            if agreement.valid_for.whole_days().is_some_and(|days| agreement.renew_days_before > days) {
                self.problem(
                    format!("{path}.renew_days_before"),
                    format!(
                        "{} days is longer than the agreement runs ({}): the renewal would be shown before it is signed",
                        agreement.renew_days_before, agreement.valid_for
                    ),
                );
            }
            let why = "so no agreement can be looked up for them";
            self.customer_events(&agreement.required_for, &format!("{path}.required_for"), why);
            if let Some(renewal) = &agreement.renewed_by {
                self.customer_events(renewal, &format!("{path}.renewed_by"), why);
            }
        }
    }

    pub(super) fn call_lists(&mut self) {
        let spec = self.spec;
        for (i, list) in spec.call_lists.iter().enumerate() {
            let path = format!("call_lists[{i}]");
            self.roles(&list.roles, &path);
            self.customer_filter(list.customers.as_ref(), &path);
            if list.size == 0 {
                self.problem(format!("{path}.size"), "a call list of 0 customers is no list: give 1 or more");
            }
            self.customer_events(&list.contact, &format!("{path}.contact"), "so they cannot contact one");
            if let (Some(at), Some(by)) = (list.at, list.by)
                && by < at
            {
                self.problem(format!("{path}.by"), format!("the deadline {by} is before the start {at}"));
            }
        }
    }
}

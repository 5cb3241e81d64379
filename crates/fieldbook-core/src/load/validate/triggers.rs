//! Triggers: what starts a follow-up (an event, a record's date, an occasion) and what
//! meets it.

use super::{Validator, list, quoted};
use crate::spec::{FieldType, Owner, TriggerSpec};

/// How many days ahead a date or occasion trigger may start at most.
const MAX_DAYS_BEFORE: u32 = 365;

impl Validator<'_> {
    pub(super) fn triggers(&mut self) {
        let spec = self.spec;
        for (i, trigger) in spec.triggers.iter().enumerate() {
            let path = format!("triggers[{i}]");
            self.roles(&trigger.roles, &path);
            let on = &trigger.on;
            self.customer_filter(trigger.customers.as_ref(), &path);
            if on.kind.is_none() && on.days_before > MAX_DAYS_BEFORE {
                self.problem(
                    format!("{path}.on.days_before"),
                    format!("a reminder starts at most {MAX_DAYS_BEFORE} days ahead"),
                );
            }
            let starts_with_customer = match (&on.kind, &on.date, &on.occasion) {
                (Some(kind_name), None, None) => {
                    let kind = self.kind(kind_name, &format!("{path}.on.kind"));
                    if let Some(kind) = kind {
                        self.filter(kind, kind_name, &on.filter, &format!("{path}.on"));
                        if on.days_before > 0 {
                            self.problem(
                                format!("{path}.on.days_before"),
                                "`days_before` is for date and occasion triggers",
                            );
                        }
                    }
                    if trigger.customers.is_some() {
                        self.problem(
                            format!("{path}.customers"),
                            "`customers` limits date and occasion triggers; an event trigger is limited by `where`",
                        );
                    }
                    kind.map(|k| k.customer)
                }
                (None, None, Some(name)) => {
                    if !spec.occasions.contains_key(name) {
                        self.problem(
                            format!("{path}.on.occasion"),
                            format!("unknown occasion `{name}` ({} in [occasions])", list(spec.occasions.keys())),
                        );
                    }
                    if !on.filter.is_empty() {
                        self.problem(format!("{path}.on.where"), "`where` is for event triggers");
                    }
                    Some(true)
                }
                (None, Some(field), None) => {
                    self.date_visible(trigger, field, &path);
                    match spec.customers.fields.get(field) {
                        Some(f) if matches!(f.ty, FieldType::Date | FieldType::RecurringDate) => {}
                        Some(_) => {
                            self.problem(format!("{path}.on.date"), format!("customer field `{field}` is not a date"))
                        }
                        None => self.problem(
                            format!("{path}.on.date"),
                            format!(
                                "unknown customer field `{field}` ({} in [customers.fields])",
                                list(spec.customers.fields.keys())
                            ),
                        ),
                    }
                    if !on.filter.is_empty() {
                        self.problem(format!("{path}.on.where"), "`where` is for event triggers");
                    }
                    Some(true)
                }
                _ => {
                    self.problem(
                        format!("{path}.on"),
                        "name exactly one of `kind` (an event starts it), `date` (a customer date starts it) or `occasion`",
                    );
                    None
                }
            };
            if trigger.owner != Owner::Recorder && on.kind.is_none() {
                self.problem(
                    format!("{path}.owner"),
                    "`owner` is for event triggers: a date or occasion reminder is owed by the customer's manager already",
                );
            } else if trigger.owner == Owner::Manager && starts_with_customer == Some(false) {
                self.problem(
                    format!("{path}.owner"),
                    "the starting events name no customer, so they have no manager to owe the follow-up",
                );
            }
            let follow = &trigger.follow_up;
            let follow_kind = self.kind(&follow.kind, &format!("{path}.follow_up.kind"));
            if let Some(kind) = follow_kind {
                self.filter(kind, &follow.kind, &follow.filter, &format!("{path}.follow_up"));
                if follow.same_customer && (!kind.customer || starts_with_customer == Some(false)) {
                    self.problem(
                        format!("{path}.follow_up.same_customer"),
                        "both the starting event and the follow-up must name a customer to match them by customer",
                    );
                }
            }
        }
    }

    /// A date trigger's reminders show the date to the trigger's roles: each must be
    /// allowed to see the field (HOT-2 discretion).
    fn date_visible(&mut self, trigger: &TriggerSpec, field: &str, path: &str) {
        let spec = self.spec;
        let Some(declared) = spec.customers.fields.get(field) else { return };
        let roles: Vec<&str> = if trigger.roles.is_empty() {
            spec.roles.iter().map(|r| r.id.as_str()).collect()
        } else {
            trigger.roles.iter().map(String::as_str).collect()
        };
        let kept: Vec<&str> = roles.into_iter().filter(|r| !declared.visible_to_role(Some(r))).collect();
        if !kept.is_empty() {
            self.problem(
                format!("{path}.on.date"),
                format!(
                    "customer field `{field}` is kept from role(s) {} that this trigger reminds: limit `roles` to {}",
                    quoted(kept),
                    quoted(&declared.visible_to),
                ),
            );
        }
    }
}

//! Record views (HOT-2 discretion): a customer record as one role may see it. Fields with
//! a `visible_to` list are kept from every other role; the whole record goes only to a
//! role that may see every field.

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::event::Value;
use crate::playbook::Playbook;
use crate::roster::Customer;

/// A customer record as seen by one role: only the fields that role may see (and their
/// review dates). Built by [`Playbook::record_view`] or [`crate::CustomerBook::view`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordView {
    customer: String,
    role: String,
    tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    manager: Option<String>,
    fields: IndexMap<String, Value>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    reviewed: IndexMap<String, NaiveDate>,
}

impl RecordView {
    /// The customer's id.
    pub fn customer(&self) -> &str {
        &self.customer
    }

    /// The role the view is for.
    pub fn role(&self) -> &str {
        &self.role
    }

    /// The customer's tags.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// The person who looks after the customer.
    pub fn manager(&self) -> Option<&str> {
        self.manager.as_deref()
    }

    /// The fields the role may see, in the record's order.
    pub fn fields(&self) -> &IndexMap<String, Value> {
        &self.fields
    }

    /// One field, if the record has it and the role may see it.
    pub fn get(&self, field: &str) -> Option<&Value> {
        self.fields.get(field)
    }

    /// When each visible field was last reviewed.
    pub fn reviewed(&self) -> &IndexMap<String, NaiveDate> {
        &self.reviewed
    }
}

/// Why a role may not have a whole record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecordAccessError {
    /// The book has no such customer.
    #[error("unknown customer `{customer}`")]
    UnknownCustomer {
        /// The customer asked for.
        customer: String,
    },
    /// The playbook declares no such role.
    #[error("unknown role `{role}`")]
    UnknownRole {
        /// The role named.
        role: String,
    },
    /// Some fields are kept from the role.
    #[error("role `{role}` may not see the whole record: {} kept from it", names(.fields))]
    Restricted {
        /// The role.
        role: String,
        /// The fields it may not see, in declaration order.
        fields: Vec<String>,
    },
}

fn names(fields: &[String]) -> String {
    let quoted: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
    let verb = if quoted.len() == 1 { "is" } else { "are" };
    format!("{} {verb}", quoted.join(", "))
}

impl Playbook {
    /// `customer`'s record as `role` may see it: the fields without `visible_to`, and
    /// those whose `visible_to` names the role. Fields the playbook does not declare are
    /// kept from every role. An unknown role sees only the fields visible to everyone.
    pub fn record_view(&self, customer: &Customer, role: &str) -> RecordView {
        let declared = &self.spec().customers.fields;
        let may_see = |field: &str| declared.get(field).is_some_and(|f| f.visible_to_role(Some(role)));
        RecordView {
            customer: customer.id.to_string(),
            role: role.to_string(),
            tags: customer.tags.clone(),
            manager: customer.manager.as_ref().map(|s| s.to_string()),
            fields: customer.fields.iter().filter(|(k, _)| may_see(k)).map(|(k, v)| (k.clone(), v.clone())).collect(),
            reviewed: customer.reviewed.iter().filter(|(k, _)| may_see(k)).map(|(k, v)| (k.clone(), *v)).collect(),
        }
    }

    /// The whole record, for a role that may see every field the playbook declares (and
    /// that the record carries).
    ///
    /// # Errors
    /// [`RecordAccessError::UnknownRole`] for a role the playbook does not declare;
    /// [`RecordAccessError::Restricted`] naming the fields kept from the role.
    pub fn full_record<'c>(&self, customer: &'c Customer, role: &str) -> Result<&'c Customer, RecordAccessError> {
        let spec = self.spec();
        if !spec.roles.iter().any(|r| r.id == role) {
            return Err(RecordAccessError::UnknownRole { role: role.to_string() });
        }
        let declared = &spec.customers.fields;
        let mut kept: Vec<String> =
            declared.iter().filter(|(_, f)| !f.visible_to_role(Some(role))).map(|(k, _)| k.clone()).collect();
        kept.extend(customer.fields.keys().filter(|k| !declared.contains_key(*k)).cloned());
        if kept.is_empty() {
            Ok(customer)
        } else {
            Err(RecordAccessError::Restricted { role: role.to_string(), fields: kept })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn playbook() -> Playbook {
        let text = "[playbook]\nid = \"v\"\ntitle = \"V\"\n[calendar]\ntime_zone = \"UTC\"\n\
            [[roles]]\nid = \"cm\"\ntitle = \"CM\"\n[[roles]]\nid = \"staff\"\ntitle = \"Staff\"\n\
            [customers.fields]\nname = \"text\"\nhealth = { type = \"text\", visible_to = [\"cm\"], valid_for = \"90d\" }\n";
        Playbook::from_toml(text, None).unwrap_or_else(|e| panic!("{e}"))
    }

    fn customer() -> Customer {
        Customer {
            id: "c1".into(),
            fields: [("name".into(), Value::Text("Wang".into())), ("health".into(), Value::Text("diabetic".into()))]
                .into(),
            reviewed: [("health".into(), "2026-05-01".parse().unwrap())].into(),
            ..Customer::default()
        }
    }

    #[test]
    fn a_role_sees_only_the_fields_visible_to_it() {
        let (pb, c) = (playbook(), customer());
        let staff = pb.record_view(&c, "staff");
        assert_eq!(staff.fields().keys().collect::<Vec<_>>(), ["name"]);
        assert_eq!(staff.get("health"), None);
        assert!(staff.reviewed().is_empty());
        let cm = pb.record_view(&c, "cm");
        assert_eq!(cm.get("health"), Some(&Value::Text("diabetic".into())));
        assert_eq!(cm.reviewed().len(), 1);
        // The JSON a host would send to a staff screen has no trace of the health field.
        assert!(!serde_json::to_string(&staff).unwrap().contains("health"));
    }

    #[test]
    fn the_whole_record_only_for_a_role_that_may_see_everything() {
        let (pb, c) = (playbook(), customer());
        assert_eq!(pb.full_record(&c, "cm"), Ok(&c));
        let denied = pb.full_record(&c, "staff").unwrap_err();
        assert_eq!(denied, RecordAccessError::Restricted { role: "staff".into(), fields: vec!["health".into()] });
        assert_eq!(denied.to_string(), "role `staff` may not see the whole record: `health` is kept from it");
        assert_eq!(pb.full_record(&c, "boss").unwrap_err().to_string(), "unknown role `boss`");
    }
}

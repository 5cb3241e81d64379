//! Where a customer's agreement stands (HOT-4): the terms in force, from the record or a
//! renewal, and whether they are valid on a day; business on account needs one that is
//! valid that day.

use std::ops::Deref;

use chrono::{NaiveDate, TimeDelta};

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::event::{Event, Value};
use crate::message::Message;
use crate::roster::Customer;
use crate::spec::AgreementSpec;

/// The terms in force: when the agreement was signed or last renewed, and by whom it may
/// be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Terms {
    pub(crate) signed: NaiveDate,
    pub(crate) signers: Vec<SmolStr>,
}

/// Where a customer's agreement stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Standing {
    /// No agreement was signed.
    Missing,
    /// Signed, but only from a later day.
    NotYet { from: NaiveDate },
    /// Valid through this day.
    Valid { through: NaiveDate },
    /// It ran out after this day.
    Expired { through: NaiveDate },
    /// In force, but naming nobody authorised to sign.
    NoSigners { through: NaiveDate },
}

impl Standing {
    pub(crate) fn is_valid(self) -> bool {
        matches!(self, Self::Valid { .. })
    }

    /// What [`Self::describe`] says, as a message.
    pub(crate) fn said(self) -> Message {
        match self {
            Self::Missing => Message::new("standing-missing", []),
            Self::NotYet { from } => Message::new("standing-not-yet", [("from", from.into())]),
            Self::Valid { through } => Message::new("standing-valid", [("through", through.into())]),
            Self::Expired { through } => Message::new("standing-expired", [("through", through.into())]),
            Self::NoSigners { .. } => Message::new("standing-no-signers", []),
        }
    }

    /// `valid through 2027-02-28`, `expired after 2026-11-30`, …
    pub(crate) fn describe(self) -> String {
        match self {
            Self::Missing => "no signed agreement".to_string(),
            Self::NotYet { from } => format!("signed only from {from}"),
            Self::Valid { through } => format!("valid through {through}"),
            Self::Expired { through } => format!("expired after {through}"),
            Self::NoSigners { .. } => "no authorised signers".to_string(),
        }
    }
}

/// An agreement rule, with what the engine computes of it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Agreement<'a>(pub(crate) &'a AgreementSpec);

impl Deref for Agreement<'_> {
    type Target = AgreementSpec;
    fn deref(&self) -> &AgreementSpec {
        self.0
    }
}

impl Agreement<'_> {
    /// The last day an agreement signed on `signed` is valid.
    pub(crate) fn through(&self, signed: NaiveDate) -> NaiveDate {
        signed.checked_add_signed(TimeDelta::days(i64::from(self.valid_days()) - 1)).unwrap_or(NaiveDate::MAX)
    }

    /// The terms of a customer's record, if it names a signing date.
    pub(crate) fn record_terms(&self, customer: &Customer) -> Option<Terms> {
        let signed = match customer.fields.get(&self.signed) {
            Some(Value::Text(text)) => text.parse().ok()?,
            _ => return None,
        };
        let signers = match customer.fields.get(&self.signers) {
            Some(Value::List(names)) => names.clone(),
            _ => Vec::new(),
        };
        Some(Terms { signed, signers })
    }

    /// The terms after a renewal on `date` by `event`: its own signers, if it names them,
    /// else those of the terms it renews.
    pub(crate) fn renewed(&self, before: Option<&Terms>, event: &Event, date: NaiveDate) -> Terms {
        let signers = match event.fields.get(self.signers.as_str()) {
            Some(Value::List(names)) if !names.is_empty() => names.clone(),
            _ => before.map(|t| t.signers.clone()).unwrap_or_default(),
        };
        Terms { signed: date, signers }
    }

    /// Where an agreement with `terms` stands on `date`.
    pub(crate) fn standing(&self, terms: Option<&Terms>, date: NaiveDate) -> Standing {
        let Some(terms) = terms else { return Standing::Missing };
        let through = self.through(terms.signed);
        if date < terms.signed {
            Standing::NotYet { from: terms.signed }
        } else if date > through {
            Standing::Expired { through }
        } else if terms.signers.is_empty() {
            Standing::NoSigners { through }
        } else {
            Standing::Valid { through }
        }
    }

    /// Whether the renewal is due on `date`: the agreement expires within
    /// `renew_days_before` days, or has expired.
    pub(crate) fn renewal_due(&self, standing: Standing, date: NaiveDate) -> bool {
        match standing {
            Standing::Valid { through } | Standing::NoSigners { through } => {
                (through - date).num_days() < i64::from(self.renew_days_before)
            }
            Standing::Missing | Standing::Expired { .. } => true,
            Standing::NotYet { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::EventMatch;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn spec() -> AgreementSpec {
        AgreementSpec {
            id: "a".into(),
            title: "A".into(),
            refs: vec!["HOT-4".into()],
            customers: None,
            signed: "signed".into(),
            signers: "signers".into(),
            valid_for: "365d".parse().unwrap(),
            renew_days_before: 30,
            required_for: EventMatch { kind: "meal".into(), filter: Default::default() },
            renewed_by: None,
            roles: vec![],
            note: None,
        }
    }

    fn terms(signed: &str, signers: &[&str]) -> Terms {
        Terms { signed: date(signed), signers: signers.iter().map(SmolStr::new).collect() }
    }

    #[test]
    fn an_agreement_runs_its_days_from_signing() {
        // Signed 2026-03-01; 365 days run through 2027-02-28 (2027 is a common year).
        let t = terms("2026-03-01", &["Director Wang"]);
        let spec = spec();
        let s = Agreement(&spec);
        assert_eq!(s.standing(Some(&t), date("2026-02-28")), Standing::NotYet { from: date("2026-03-01") });
        assert_eq!(s.standing(Some(&t), date("2026-03-01")), Standing::Valid { through: date("2027-02-28") });
        assert_eq!(s.standing(Some(&t), date("2027-02-28")), Standing::Valid { through: date("2027-02-28") });
        assert_eq!(s.standing(Some(&t), date("2027-03-01")), Standing::Expired { through: date("2027-02-28") });
        assert_eq!(s.standing(None, date("2027-03-01")), Standing::Missing);
        let nobody = terms("2026-03-01", &[]);
        assert_eq!(s.standing(Some(&nobody), date("2026-06-01")).describe(), "no authorised signers");
    }

    #[test]
    fn the_renewal_is_due_in_the_last_30_days() {
        let spec = spec();
        let s = Agreement(&spec);
        let t = terms("2026-03-01", &["Director Wang"]);
        // Through 2027-02-28: 30 days before the expiry on 2027-03-01 is 2027-01-30.
        let on = |day: &str| s.renewal_due(s.standing(Some(&t), date(day)), date(day));
        assert!(!on("2027-01-29"));
        assert!(on("2027-01-30"));
        assert!(on("2027-02-28"));
        assert!(on("2027-03-10"));
    }
}

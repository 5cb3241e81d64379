//! Quotas: what they count, per what, and their thresholds.

use super::{Validator, list};
use crate::spec::{ActivityState, Amount, EventKindSpec, FieldType, Measure, Per, QuotaSpec, Threshold, Window};

/// The largest count a quota may ask for or allow: far past any routine, and small enough
/// that a plan's arithmetic with it cannot overflow.
const MAX_COUNT: f64 = 1_000_000.0;

/// The longest rolling window: a year.
const MAX_ROLLING_DAYS: u32 = 366;

impl Validator<'_> {
    pub(super) fn quotas(&mut self) {
        let spec = self.spec;
        for (i, quota) in spec.quotas.iter().enumerate() {
            let path = format!("quotas[{i}]");
            self.roles(&quota.roles, &path);
            self.customer_filter(quota.customers.as_ref(), &path);
            match (&quota.phase, quota.window) {
                (Some(phase), Window::Phase) => self.phase_ref(phase, &format!("{path}.phase")),
                (None, Window::Phase) => {
                    let declared = list(spec.phases.iter().map(|p| &p.id));
                    self.problem(
                        format!("{path}.phase"),
                        format!("`window = \"phase\"` names its `phase` ({declared})"),
                    );
                }
                (Some(_), _) => self.problem(format!("{path}.phase"), "`phase` is only for `window = \"phase\"`"),
                (None, _) => {}
            }
            let kind = self.event_match(&quota.of, &format!("{path}.of"));
            if let Some(kind) = kind {
                self.quota_measure(quota, kind, &path);
            }
            if quota.at_least.is_none() && quota.at_most.is_none() {
                self.problem(path.clone(), "a quota needs `at_least` or `at_most`");
            }
            let timed = quota.measure == Measure::Duration
                || quota.measure == Measure::Sum
                    && kind
                        .and_then(|k| quota.field.as_ref().and_then(|f| k.fields.get(f)))
                        .is_some_and(|f| f.ty == FieldType::Duration);
            let counted = matches!(quota.measure, Measure::Count | Measure::Distinct | Measure::First);
            for (key, threshold) in [("at_least", &quota.at_least), ("at_most", &quota.at_most)] {
                if let Some(threshold) = threshold {
                    self.threshold(threshold, timed, counted, &format!("{path}.{key}"));
                }
            }
            if let (Some(low), Some(high)) = (&quota.at_least, &quota.at_most) {
                for (key, least) in low.amounts() {
                    let most = match key {
                        Some(k) => {
                            high.amounts().into_iter().find(|(h, _)| *h == Some(k) || h.is_none()).map(|(_, a)| a)
                        }
                        None => high.amounts().first().map(|(_, a)| *a),
                    };
                    if most.is_some_and(|most| amount_value(most) < amount_value(least)) {
                        self.problem(format!("{path}.at_most"), "`at_most` is below `at_least`: no value can pass");
                        break;
                    }
                }
            }
        }
    }

    fn quota_measure(&mut self, quota: &QuotaSpec, kind: &EventKindSpec, path: &str) {
        let kind_name = &quota.of.kind;
        match (quota.measure, &quota.field) {
            (Measure::Sum, None) => self.problem(format!("{path}.field"), "a `sum` quota names the numeric `field` it adds up"),
            (Measure::Sum, Some(field)) => match kind.fields.get(field) {
                Some(spec) if spec.ty.is_numeric() => {}
                Some(spec) => self.problem(format!("{path}.field"), format!("field `{field}` is of type {}, which cannot be summed", spec.ty.name())),
                None => self.problem(format!("{path}.field"), format!("event kind `{kind_name}` has no field `{field}` ({})", list(kind.fields.keys()))),
            },
            (Measure::Distinct, Some(field)) if !kind.fields.contains_key(field) => {
                self.problem(format!("{path}.field"), format!("event kind `{kind_name}` has no field `{field}` ({})", list(kind.fields.keys())));
            }
            (Measure::Distinct, None) if !kind.customer => self.problem(
                format!("{path}.field"),
                format!("events of kind `{kind_name}` name no customer, so distinct customers cannot be counted: name a `field`"),
            ),
            (Measure::Count | Measure::Duration | Measure::First, Some(_)) => {
                self.problem(format!("{path}.field"), format!("a `{:?}` quota takes no `field`", quota.measure).to_lowercase());
            }
            _ => {}
        }
        if quota.measure == Measure::Duration && !kind.lasts {
            self.problem(
                format!("{path}.measure"),
                format!("events of kind `{kind_name}` have no end time: set `lasts = true` on the kind"),
            );
        }
        if quota.measure == Measure::First && !kind.customer {
            self.problem(
                format!("{path}.measure"),
                format!("events of kind `{kind_name}` name no customer, so no customer can be new"),
            );
        }
        if quota.window == Window::Event && matches!(quota.measure, Measure::Count | Measure::Distinct | Measure::First)
        {
            self.problem(
                format!("{path}.window"),
                "counting over a single event is always 1: use a `day` or longer window",
            );
        }
        if let Window::WorkingDays(n) | Window::Days(n) = quota.window {
            let at = format!("{path}.window");
            if !(1..=MAX_ROLLING_DAYS).contains(&n) {
                self.problem(at, format!("a rolling window of {n} days: give 1 to {MAX_ROLLING_DAYS}"));
            }
            if quota.measure != Measure::Count {
                self.problem(
                    format!("{path}.measure"),
                    format!("a rolling window counts events: use `measure = \"count\"`, not `{:?}`", quota.measure)
                        .to_lowercase(),
                );
            }
            if quota.per == Per::Customer && quota.at_least.is_some() {
                self.problem(
                    format!("{path}.at_least"),
                    "a rolling count per customer is judged on the days the customer has events, so it can only set `at_most` (spacing)",
                );
            }
        }
        if quota.window == Window::VisitFrequency {
            self.frequency_quota(quota, path);
        }
        if let Some(list) = &quota.listed_in {
            self.listed_in(quota, kind, list, path);
        }
        // An event counted where its list names a customer need not name one itself.
        let about_customers = kind.customer || quota.listed_in.is_some();
        if quota.customers.is_some() && !about_customers {
            self.problem(
                format!("{path}.customers"),
                format!("events of kind `{kind_name}` name no customer, so they cannot be limited by customer tags or activity"),
            );
        }
        if let Some(filter) = quota.customers.as_ref().filter(|f| !f.activity.is_empty()) {
            self.activity_filter(&filter.activity, path);
        }
        if quota.per == Per::Team {
            self.team_quota(quota, path);
        }
        if quota.per == Per::Customer && !about_customers {
            self.problem(
                format!("{path}.per"),
                format!(
                    "events of kind `{kind_name}` name no customer, so they cannot be counted per customer (unless a list field names them: `listed_in`)"
                ),
            );
        }
    }

    /// A quota over the periods of visit frequencies: the playbook declares frequencies,
    /// and the quota counts events per customer.
    fn frequency_quota(&mut self, quota: &QuotaSpec, path: &str) {
        let declared = self.spec.visit_planning.as_ref().is_some_and(|p| !p.frequencies.is_empty());
        if !declared {
            self.problem(
                format!("{path}.window"),
                "`window = \"visit_frequency\"` judges the periods of the customers' visit frequencies, and the playbook declares none: add `[[visit_planning.frequencies]]`",
            );
        }
        if quota.per != Per::Customer {
            self.problem(
                format!("{path}.per"),
                "a visit frequency is each customer's own: `window = \"visit_frequency\"` needs `per = \"customer\"`",
            );
        }
        if quota.measure != Measure::Count {
            self.problem(
                format!("{path}.measure"),
                format!(
                    "`window = \"visit_frequency\"` counts events: use `measure = \"count\"`, not `{:?}`",
                    quota.measure
                )
                .to_lowercase(),
            );
        }
    }

    /// `listed_in`: a list field of the counted kind, for a count per customer over the
    /// periods of visit frequencies.
    fn listed_in(&mut self, quota: &QuotaSpec, kind: &EventKindSpec, field_name: &str, path: &str) {
        let at = format!("{path}.listed_in");
        let kind_name = &quota.of.kind;
        match kind.fields.get(field_name) {
            Some(field) if field.ty == FieldType::List => {}
            Some(field) => self.problem(
                at.clone(),
                format!(
                    "field `{field_name}` of event kind `{kind_name}` is of type {}, not a list of customers",
                    field.ty.name()
                ),
            ),
            None => self.problem(
                at.clone(),
                format!("event kind `{kind_name}` has no field `{field_name}` ({})", list(kind.fields.keys())),
            ),
        }
        if quota.window != Window::VisitFrequency {
            self.problem(at, "`listed_in` is only for `window = \"visit_frequency\"` (with `per = \"customer\"`)");
        }
    }

    /// A filter by activity state: the playbook reckons it (`[customers.activity]`), with
    /// the thresholds the states named need.
    fn activity_filter(&mut self, states: &[ActivityState], path: &str) {
        let at = format!("{path}.customers.activity");
        let Some(activity) = &self.spec.customers.activity else {
            self.problem(
                at,
                "activity states are reckoned from `[customers.activity]`, which the playbook does not declare",
            );
            return;
        };
        for (i, state) in states.iter().enumerate() {
            let (needs, threshold) = match state {
                ActivityState::Dormant => ("dormant_after", activity.dormant_after),
                ActivityState::Lost => ("lost_after", activity.lost_after),
                ActivityState::Active => ("dormant_after", activity.dormant_after.or(activity.lost_after)),
                ActivityState::Prospect => continue,
            };
            if threshold.is_none() {
                self.problem(
                    format!("{at}[{i}]"),
                    format!("`{}` needs `{needs}` in [customers.activity]", state.as_str()),
                );
            }
        }
    }

    /// A quota counted per team: over weeks, months or quarters, with one threshold for
    /// every team (a team has no attributes).
    fn team_quota(&mut self, quota: &QuotaSpec, path: &str) {
        if !matches!(quota.window, Window::Week | Window::Month | Window::Quarter) {
            self.problem(format!("{path}.window"), "a quota per team is counted over a `week`, `month` or `quarter`");
        }
        for (key, threshold) in [("at_least", &quota.at_least), ("at_most", &quota.at_most)] {
            if let Some(Threshold::ByAttribute { by, .. }) = threshold {
                self.problem(
                    format!("{path}.{key}.by"),
                    format!("a team has no attribute `{by}`: a quota per team takes one threshold"),
                );
            }
        }
    }

    fn threshold(&mut self, threshold: &Threshold, timed: bool, counted: bool, path: &str) {
        if let Threshold::ByAttribute { by, values } = threshold {
            match self.spec.people.attributes.get(by) {
                Some(attr) if attr.ty == FieldType::Enum => {
                    for value in values.keys() {
                        if !attr.values.contains(value) {
                            self.problem(
                                format!("{path}.{value}"),
                                format!(
                                    "`{value}` is not a value of attribute `{by}` (one of {})",
                                    attr.values.join(", ")
                                ),
                            );
                        }
                    }
                    for value in &attr.values {
                        if !values.contains_key(value) {
                            self.problem(path, format!("no threshold for {by} = `{value}`: give one for every value"));
                        }
                    }
                }
                Some(_) => self.problem(
                    format!("{path}.by"),
                    format!("attribute `{by}` must be of type enum to pick a threshold by it"),
                ),
                None => self.problem(
                    format!("{path}.by"),
                    format!(
                        "unknown person attribute `{by}` ({} in [people.attributes])",
                        list(self.spec.people.attributes.keys())
                    ),
                ),
            }
        }
        for (key, amount) in threshold.amounts() {
            let at = key.map_or(path.to_string(), |k| format!("{path}.{k}"));
            match (timed, amount) {
                (true, Amount::Number(_)) => {
                    self.problem(at, "this quota measures time: give a length of time such as \"8m\" or \"5h\"");
                }
                (false, Amount::Time(_)) => {
                    self.problem(at, "this quota counts or sums numbers: give a number, not a length of time");
                }
                (_, Amount::Number(n)) if n < 0.0 => self.problem(at, "a threshold cannot be negative"),
                (_, Amount::Number(n)) if counted && n > MAX_COUNT => self.problem(
                    at,
                    format!(
                        "a count of more than {MAX_COUNT} events in one window is not a routine: at most {MAX_COUNT}"
                    ),
                ),
                _ => {}
            }
        }
    }
}

fn amount_value(amount: Amount) -> f64 {
    match amount {
        Amount::Number(n) => n,
        Amount::Time(t) => f64::from(t.minutes()),
    }
}

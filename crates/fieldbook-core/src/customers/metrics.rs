//! Value and activity of a customer from recorded events (HOT-3, FNB-4): how often they
//! come, what they spend, their share of the month, how long since they were last seen —
//! and, by the playbook's thresholds, whether they have gone dormant or been lost, which
//! makes them candidates for outside visits (HOT-7).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::spec::ActivitySpec;
use crate::time::Timespan;

/// Whether a customer still comes, by the playbook's thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    /// Seen within the dormant threshold (or no thresholds are declared).
    Active,
    /// Not seen for `dormant_after` days or more.
    Dormant,
    /// Not seen for `lost_after` days or more.
    Lost,
}

/// A customer's value and activity as of a date, from the events recorded up to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomerMetrics {
    /// The customer.
    pub customer: SmolStr,
    /// The date the metrics are for; events after it are not counted.
    pub date: NaiveDate,
    /// The first day the recorded events cover, if known.
    pub since: Option<NaiveDate>,
    /// Visits from `since` through `date`.
    pub visits: u32,
    /// Visits per 30 days over the days from `since` through `date` (visit frequency).
    pub visits_per_month: f64,
    /// What the customer spent over those visits.
    pub spend: f64,
    /// Spend per visit, when the customer visited and the playbook names a spend field.
    pub spend_per_visit: Option<f64>,
    /// Visits in the calendar month of `date`, through `date`.
    pub month_visits: u32,
    /// What the customer spent in the month, through `date`.
    pub month_spend: f64,
    /// The customer's share of every customer's spend in the month through `date`
    /// (0 to 1); `None` when nobody spent anything.
    pub month_share: Option<f64>,
    /// The day of the last visit on or before `date`.
    pub last_visit: Option<NaiveDate>,
    /// Days from the last visit to `date` (0 on the day of a visit).
    pub days_since_last_visit: Option<i64>,
    /// Active, dormant or lost.
    pub activity: ActivityStatus,
}

/// One visit: its day on the playbook's calendar and what was spent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Visit {
    pub(crate) date: NaiveDate,
    pub(crate) spend: f64,
}

impl CustomerMetrics {
    /// The metrics of `customer` as of `date`, from their `visits` (any order; later ones
    /// are ignored) and the total spend of every customer in the month through `date`.
    pub(crate) fn compute(
        spec: &ActivitySpec,
        customer: &str,
        visits: &[Visit],
        month_total: f64,
        since: Option<NaiveDate>,
        date: NaiveDate,
    ) -> Self {
        let counted = || visits.iter().filter(|v| v.date <= date && since.is_none_or(|s| v.date >= s));
        let in_month = || counted().filter(|v| v.date.year() == date.year() && v.date.month() == date.month());
        let count = counted().count() as u32;
        let spend: f64 = counted().map(|v| v.spend).sum();
        let month_spend: f64 = in_month().map(|v| v.spend).sum();
        let last_visit = visits.iter().filter(|v| v.date <= date).map(|v| v.date).max();
        let days_since_last_visit = last_visit.map(|d| (date - d).num_days());
        let covered = since.filter(|s| *s <= date).map(|s| (date - s).num_days() + 1);
        let mut metrics = Self {
            customer: customer.into(),
            date,
            since,
            visits: count,
            visits_per_month: covered.map_or(0.0, |days| f64::from(count) * 30.0 / days as f64),
            spend,
            spend_per_visit: (count > 0 && spec.spend.is_some()).then(|| spend / f64::from(count)),
            month_visits: in_month().count() as u32,
            month_spend,
            month_share: (month_total > 0.0).then(|| month_spend / month_total),
            last_visit,
            days_since_last_visit,
            activity: ActivityStatus::Active,
        };
        metrics.activity = match metrics.quiet_days() {
            Some(days) if threshold(spec.lost_after).is_some_and(|t| days >= t) => ActivityStatus::Lost,
            Some(days) if threshold(spec.dormant_after).is_some_and(|t| days >= t) => ActivityStatus::Dormant,
            _ => ActivityStatus::Active,
        };
        metrics
    }

    /// How many days the customer has not been seen: since the last visit, or at least
    /// the days the events cover when there was none.
    fn quiet_days(&self) -> Option<i64> {
        self.days_since_last_visit
            .or_else(|| self.since.filter(|s| *s <= self.date).map(|s| (self.date - s).num_days() + 1))
    }

    /// Why a dormant or lost customer is a visit candidate, e.g.
    /// `last visit 75 days ago (2026-10-01); dormant after 60 days`; `None` when active.
    pub fn reason(&self, spec: &ActivitySpec) -> Option<String> {
        let (word, after) = match self.activity {
            ActivityStatus::Active => return None,
            ActivityStatus::Dormant => ("dormant", threshold(spec.dormant_after)?),
            ActivityStatus::Lost => ("lost", threshold(spec.lost_after)?),
        };
        let seen = match (self.last_visit, self.days_since_last_visit, self.since) {
            (Some(last), Some(days), _) => format!("last visit {days} days ago ({last})"),
            (_, _, Some(since)) => format!("no visit in the {} days since {since}", self.quiet_days()?),
            _ => return None,
        };
        Some(format!("{seen}; {word} after {after} days"))
    }
}

fn threshold(span: Option<Timespan>) -> Option<i64> {
    span.and_then(Timespan::whole_days).map(i64::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::EventMatch;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn spec() -> ActivitySpec {
        ActivitySpec {
            visit: EventMatch { kind: "meal".into(), filter: Default::default() },
            spend: Some("spend".into()),
            dormant_after: Some("60d".parse().unwrap()),
            lost_after: Some("180d".parse().unwrap()),
            roles: vec![],
            refs: vec![],
        }
    }

    fn visit(day: &str, spend: f64) -> Visit {
        Visit { date: date(day), spend }
    }

    #[test]
    fn value_metrics_over_the_covered_days_and_the_month() {
        // Three meals from 1 November: 600, 300 and 900 yuan; the whole book spent 3600 in
        // December through the 10th, so the December meal of 900 is a quarter of it.
        let visits = [visit("2026-11-02", 600.0), visit("2026-11-20", 300.0), visit("2026-12-05", 900.0)];
        let m = CustomerMetrics::compute(&spec(), "c1", &visits, 3600.0, Some(date("2026-11-01")), date("2026-12-10"));
        assert_eq!(m.visits, 3);
        assert_eq!(m.spend, 1800.0);
        assert_eq!(m.spend_per_visit, Some(600.0));
        // 1 November to 10 December is 40 days: 3 visits * 30 / 40 = 2.25 a month.
        assert_eq!(m.visits_per_month, 2.25);
        assert_eq!((m.month_visits, m.month_spend, m.month_share), (1, 900.0, Some(0.25)));
        assert_eq!((m.last_visit, m.days_since_last_visit), (Some(date("2026-12-05")), Some(5)));
        assert_eq!(m.activity, ActivityStatus::Active);
        assert_eq!(m.reason(&spec()), None);
    }

    #[test]
    fn later_events_do_not_count() {
        let visits = [visit("2026-11-02", 600.0), visit("2026-12-20", 300.0)];
        let m = CustomerMetrics::compute(&spec(), "c1", &visits, 0.0, Some(date("2026-11-01")), date("2026-12-10"));
        assert_eq!((m.visits, m.last_visit), (1, Some(date("2026-11-02"))));
        assert_eq!(m.month_share, None);
    }

    #[test]
    fn thresholds_are_reached_on_their_day() {
        // 2026-10-01 + 59 days = 2026-11-29; + 60 = 2026-11-30; + 180 = 2027-03-30.
        let visits = [visit("2026-10-01", 100.0)];
        let on = |day: &str| CustomerMetrics::compute(&spec(), "c", &visits, 0.0, None, date(day));
        assert_eq!(on("2026-11-29").activity, ActivityStatus::Active);
        assert_eq!(on("2026-11-30").activity, ActivityStatus::Dormant);
        assert_eq!(
            on("2026-11-30").reason(&spec()).unwrap(),
            "last visit 60 days ago (2026-10-01); dormant after 60 days"
        );
        assert_eq!(on("2027-03-29").activity, ActivityStatus::Dormant);
        assert_eq!(on("2027-03-30").activity, ActivityStatus::Lost);
        assert_eq!(
            on("2027-03-30").reason(&spec()).unwrap(),
            "last visit 180 days ago (2026-10-01); lost after 180 days"
        );
    }

    #[test]
    fn a_customer_never_seen_is_judged_by_the_days_the_events_cover() {
        // 1 October to 29 November is 60 days without a visit.
        let m = CustomerMetrics::compute(&spec(), "c", &[], 0.0, Some(date("2026-10-01")), date("2026-11-29"));
        assert_eq!(m.activity, ActivityStatus::Dormant);
        assert_eq!(m.reason(&spec()).unwrap(), "no visit in the 60 days since 2026-10-01; dormant after 60 days");
        let unknown = CustomerMetrics::compute(&spec(), "c", &[], 0.0, None, date("2026-11-29"));
        assert_eq!(unknown.activity, ActivityStatus::Active);
    }
}

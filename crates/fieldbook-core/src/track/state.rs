//! What a tracker remembers between days, for snapshots: the events of open days, the
//! running aggregates of periods, and the duties, follow-ups and customer matters still
//! open. A leaf: the closing of days changes it, each judge its own part.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use super::aggregate::Aggregate;
use crate::check::Totals;
use crate::customers::Terms;
use crate::event::Event;
use crate::playbook::PlaybookIdentity;
use crate::track::revision::{Given, Revision};

/// Everything a tracker remembers, for snapshots: serialize it, store it, and
/// [`super::Tracker::restore`] it later to continue exactly where it stopped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrackerState {
    /// The playbook the state was made under (absent in snapshots of older versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) playbook: Option<PlaybookIdentity>,
    pub(crate) start: NaiveDate,
    /// The latest local day of an accepted event: closing runs at most a limit past it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) latest: Option<NaiveDate>,
    pub(crate) closed_through: Option<NaiveDate>,
    /// Accepted events of open days, in arrival order.
    pub(crate) days: BTreeMap<NaiveDate, Vec<Event>>,
    /// What the judging of closed days carries forward.
    #[serde(flatten)]
    pub(crate) judged: Judged,
    /// Closed days that may still reopen ([`super::Tracker::with_lateness`]).
    #[serde(default, skip_serializing_if = "Reopen::is_off")]
    pub(crate) reopen: Reopen,
}

impl TrackerState {
    /// The playbook the state was made under, for snapshots taken by this version.
    pub fn playbook(&self) -> Option<&PlaybookIdentity> {
        self.playbook.as_ref()
    }

    /// Drops the open matters of people and customers that are not `kept` (also from the
    /// reopenable days), and says what was dropped, one line each.
    pub(crate) fn drop_parties(
        &mut self,
        person_kept: impl Fn(&str) -> bool,
        customer_kept: impl Fn(&str) -> bool,
    ) -> Vec<String> {
        for day in &mut self.reopen.days {
            day.before.drop_parties(&person_kept, &customer_kept);
        }
        self.judged.drop_parties(person_kept, customer_kept)
    }

    /// Drops the running counts of teams that are not `kept` (also from the reopenable
    /// days), and says what was dropped, one line each.
    pub(crate) fn drop_teams(&mut self, kept: impl Fn(&str) -> bool) -> Vec<String> {
        let mut dropped = Vec::new();
        let mut drop = |periods: &mut BTreeMap<PeriodKey, Aggregate>, report: bool| {
            periods.retain(|k, _| {
                let keep = k.team.as_deref().is_none_or(&kept);
                if !keep && report {
                    dropped.push(format!(
                        "the count of `{}` for team `{}` from {}",
                        k.rule,
                        k.team.as_deref().unwrap_or_default(),
                        k.start
                    ));
                }
                keep
            });
        };
        for day in &mut self.reopen.days {
            drop(&mut day.before.periods, false);
        }
        drop(&mut self.judged.periods, true);
        dropped
    }

    /// The state of a tracker that follows days from `start` and has seen nothing yet.
    pub(crate) fn new(start: NaiveDate) -> Self {
        Self {
            playbook: None,
            start,
            latest: None,
            closed_through: None,
            days: BTreeMap::new(),
            judged: Judged::default(),
            reopen: Reopen::default(),
        }
    }

    /// The state without the reopenable days, for a preview to work on.
    pub(crate) fn without_history(&self) -> Self {
        Self {
            playbook: self.playbook.clone(),
            start: self.start,
            latest: self.latest,
            closed_through: self.closed_through,
            days: self.days.clone(),
            judged: self.judged.clone(),
            reopen: Reopen::default(),
        }
    }
}

impl Judged {
    /// Drops the open matters of people and customers that are not `kept`, and says what
    /// was dropped, one line each.
    fn drop_parties(
        &mut self,
        person_kept: impl Fn(&str) -> bool,
        customer_kept: impl Fn(&str) -> bool,
    ) -> Vec<String> {
        let mut dropped = Vec::new();
        let kept = |person: &str, customer: Option<&SmolStr>| {
            (person.is_empty() || person_kept(person)) && customer.is_none_or(|c| customer_kept(c))
        };
        for duties in self.duties.values_mut() {
            duties.retain(|d| {
                let keep = kept(&d.person, None);
                if !keep {
                    dropped.push(format!("duty `{}` of `{}` due {}", d.rule, d.person, d.deadline.to_rfc3339()));
                }
                keep
            });
        }
        for follow_ups in self.follow_ups.values_mut() {
            follow_ups.retain(|f| {
                let keep = kept(&f.person, f.customer.as_ref());
                if !keep {
                    dropped.push(format!("follow-up `{}` of `{}` due {}", f.rule, f.person, f.deadline.to_rfc3339()));
                }
                keep
            });
        }
        self.customers.reminders.retain(|r| {
            let keep = kept(&r.person, r.customer.as_ref());
            if !keep {
                dropped.push(format!("reminder `{}` of `{}` ({})", r.rule, r.person, r.about));
            }
            keep
        });
        for periods in [&mut self.periods as &mut dyn PeriodMap, &mut self.check_periods] {
            periods.retain_keys(&mut |k: &PeriodKey| {
                let keep = kept(&k.person, k.customer.as_ref());
                if !keep {
                    dropped.push(format!("the count of `{}` for `{}` from {}", k.rule, k.person, k.start));
                }
                keep
            });
        }
        self.rolling.retain(|k, _| {
            let keep = kept(&k.person, k.customer.as_ref());
            if !keep {
                dropped.push(format!("the rolling count of `{}` for `{}`", k.rule, k.person));
            }
            keep
        });
        self.duties.retain(|_, d| !d.is_empty());
        self.follow_ups.retain(|_, f| !f.is_empty());
        dropped
    }

    /// The people and the customers the state holds open matters of (duties, follow-ups,
    /// reminders, running counts), each list sorted and without repeats.
    pub(crate) fn parties(&self) -> (Vec<&str>, Vec<&str>) {
        let mut people: Vec<&str> = self.duties.keys().chain(self.follow_ups.keys()).map(SmolStr::as_str).collect();
        let mut customers = Vec::new();
        let keys = self.periods.keys().chain(self.check_periods.keys());
        for (person, customer) in keys
            .map(|k| (&k.person, &k.customer))
            .chain(self.rolling.keys().map(|k| (&k.person, &k.customer)))
            .chain(self.follow_ups.values().flatten().map(|f| (&f.person, &f.customer)))
        {
            people.push(person);
            customers.extend(customer.as_deref());
        }
        for reminder in &self.customers.reminders {
            people.push(&reminder.person);
            customers.extend(reminder.customer.as_deref());
        }
        // A per-customer count of a customer without a manager is held for nobody.
        people.retain(|p| !p.is_empty());
        for list in [&mut people, &mut customers] {
            list.sort_unstable();
            list.dedup();
        }
        (people, customers)
    }
}

/// The running counts of quotas and of checks alike, for dropping keys from either.
trait PeriodMap {
    fn retain_keys(&mut self, keep: &mut dyn FnMut(&PeriodKey) -> bool);
}

impl<V> PeriodMap for BTreeMap<PeriodKey, V> {
    fn retain_keys(&mut self, keep: &mut dyn FnMut(&PeriodKey) -> bool) {
        self.retain(|key, _| keep(key));
    }
}

/// What the judging of closed days carries forward to the next: running counts, open
/// duties, follow-ups and customer matters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Judged {
    /// Running aggregates of week, month and quarter rules.
    #[serde(with = "pairs")]
    pub(crate) periods: BTreeMap<PeriodKey, Aggregate>,
    /// Running totals of week and month checks.
    #[serde(default, with = "pairs")]
    pub(crate) check_periods: BTreeMap<PeriodKey, Totals>,
    /// Duties due that are not settled yet, by person.
    pub(crate) duties: BTreeMap<SmolStr, Vec<OpenDuty>>,
    /// Follow-ups started that are not settled yet, by person.
    pub(crate) follow_ups: BTreeMap<SmolStr, Vec<OpenFollowUp>>,
    /// The customer side: open date reminders, last contacts, agreement renewals.
    #[serde(default)]
    pub(crate) customers: CustomerState,
    /// The events rolling-window quotas counted, still inside their window.
    #[serde(default, with = "pairs", skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) rolling: BTreeMap<RollingKey, Vec<Counted>>,
    /// For quotas that count customers' first events (`measure = "first"`), by rule, the
    /// customers seen so far.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) firsts: BTreeMap<SmolStr, BTreeSet<SmolStr>>,
    /// For quotas limited by activity state, each customer's last `[customers.activity]`
    /// visit among the closed days.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) last_visits: BTreeMap<SmolStr, NaiveDate>,
}

/// Closed days kept so that late, corrected and retracted events can reopen them: the
/// last `lateness` closed days, each with what judging carried into it, its events and
/// the findings it gave.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Reopen {
    /// Whether the host turned reopening on.
    pub(crate) on: bool,
    /// How many closed days back an event may still come.
    pub(crate) lateness: u32,
    /// The reopenable closed days, oldest first.
    pub(crate) days: VecDeque<ClosedDay>,
    /// The earliest closed day whose events changed since it was judged.
    pub(crate) dirty: Option<NaiveDate>,
    /// Revisions made and not yet taken by the host.
    pub(crate) revisions: Vec<Revision>,
}

impl Reopen {
    fn is_off(&self) -> bool {
        !self.on
    }

    /// Marks closed day `date` reopened: it and the days after it are judged again.
    pub(crate) fn reopened(&mut self, date: NaiveDate) {
        self.dirty = Some(self.dirty.map_or(date, |d| d.min(date)));
    }
}

/// A closed day that may reopen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct ClosedDay {
    pub(crate) date: NaiveDate,
    /// What judging carried into the day.
    pub(crate) before: Judged,
    /// The day's events, in arrival order.
    pub(crate) events: Vec<Event>,
    /// The findings closing the day gave, as keys and digests.
    pub(crate) findings: Vec<Given>,
}

/// Which aggregate: rule, person, customer (for per-customer rules), first day of period,
/// team (for per-team rules).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PeriodKey {
    pub(crate) rule: SmolStr,
    pub(crate) person: SmolStr,
    pub(crate) customer: Option<SmolStr>,
    pub(crate) start: NaiveDate,
    /// The team, for rules counted per team (`person` is then empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) team: Option<SmolStr>,
}

/// Keys are ordered by what tells them apart soonest: the period's first day, the customer
/// (short ids; per-customer rules hold one key for each customer, T77-12), the person,
/// and the rule last (ids are often longer than a short string holds inline, so comparing
/// them first would read the heap at every step of a lookup). No output depends on the
/// order: the map is read by key, and its keys are sorted where they are listed.
impl Ord for PeriodKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.start, &self.customer, &self.person, &self.rule, &self.team).cmp(&(
            other.start,
            &other.customer,
            &other.person,
            &other.rule,
            &other.team,
        ))
    }
}

impl PartialOrd for PeriodKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Which rolling count: rule, person, customer (for per-customer rules).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct RollingKey {
    pub(crate) rule: SmolStr,
    pub(crate) person: SmolStr,
    pub(crate) customer: Option<SmolStr>,
}

/// An event a rolling count holds: its local day and id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Counted {
    pub(crate) date: NaiveDate,
    pub(crate) id: SmolStr,
}

/// A duty occurrence waiting for the event that fulfils it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct OpenDuty {
    pub(crate) rule: SmolStr,
    pub(crate) person: SmolStr,
    pub(crate) date: NaiveDate,
    pub(crate) opens: DateTime<FixedOffset>,
    pub(crate) deadline: DateTime<FixedOffset>,
    /// After this, a missing fulfilment is a failure rather than late.
    pub(crate) grace_end: DateTime<FixedOffset>,
    /// The first event that would have fulfilled it but came before it opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) early: Option<(SmolStr, DateTime<FixedOffset>)>,
}

/// A follow-up a trigger started, waiting for the event that meets it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct OpenFollowUp {
    pub(crate) rule: SmolStr,
    pub(crate) person: SmolStr,
    pub(crate) customer: Option<SmolStr>,
    pub(crate) cause: SmolStr,
    pub(crate) start: DateTime<FixedOffset>,
    pub(crate) deadline: DateTime<FixedOffset>,
}

/// What the tracker remembers of the customer side between days.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct CustomerState {
    /// Follow-ups of date reminders not settled yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) reminders: Vec<OpenReminder>,
    /// By call list, the day each customer was last contacted.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) last_contact: BTreeMap<String, BTreeMap<SmolStr, NaiveDate>>,
    /// By agreement, the terms each customer renewed by an event.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) renewals: BTreeMap<String, BTreeMap<SmolStr, Terms>>,
}

/// A follow-up a date reminder opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct OpenReminder {
    pub(crate) rule: SmolStr,
    pub(crate) person: SmolStr,
    pub(crate) customer: Option<SmolStr>,
    /// What it prepares for: `birthday on 2026-12-14`.
    pub(crate) about: String,
    pub(crate) opens: DateTime<FixedOffset>,
    pub(crate) deadline: DateTime<FixedOffset>,
}

/// Serializes a map with structured keys as a list of `[key, value]` pairs (JSON object
/// keys must be strings).
mod pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<K: Serialize, V: Serialize, S: Serializer>(
        map: &BTreeMap<K, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.iter())
    }

    pub(crate) fn deserialize<'de, K, V, D>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Ok(Vec::<(K, V)>::deserialize(deserializer)?.into_iter().collect())
    }
}

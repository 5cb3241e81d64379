//! The tracker: per-team state that ingests events and produces findings.
//!
//! Events are kept only while their day is open. When the host advances the watermark
//! with [`Tracker::close_through`], each closed day is judged (routine steps, day and
//! event quotas, checklists), its events are folded into the aggregates of the weeks,
//! months and quarters they belong to, duties and follow-ups that depend on it are
//! settled, and every final finding is handed to the host. Memory thus grows with people
//! × rules and the events of open days, not with history.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::aggregate::Aggregate;
use crate::check::Totals;
use crate::close::DayCloser;
use crate::event::{Event, RejectReason, Rejected};
use crate::fast_map::FastMap;
use crate::finding::Finding;
use crate::intake::{self, RosterIndex};
use crate::playbook::Playbook;
use crate::roster::{Roster, RosterError};
use crate::shared_roster::SharedRoster;
use crate::time::TimeOfDay;

/// Evaluates a team's events against a playbook.
#[derive(Clone, Debug)]
pub struct Tracker {
    playbook: Playbook,
    roster: Roster,
    index: RosterIndex,
    /// The roster as check scripts are given it.
    shared: SharedRoster,
    state: TrackerState,
    /// Ids of the events of open days, by the day that holds them.
    ids: FastMap<SmolStr, NaiveDate>,
    /// The last local day an event fell on, from its first instant to the next day's, in
    /// UTC: events come in runs of a day, and the time zone is consulted once a run.
    last_day: Option<(NaiveDateTime, NaiveDateTime, NaiveDate)>,
}

/// Everything a tracker remembers, for snapshots: serialize it, store it, and
/// [`Tracker::restore`] it later to continue exactly where it stopped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrackerState {
    pub(crate) start: NaiveDate,
    pub(crate) closed_through: Option<NaiveDate>,
    /// Accepted events of open days, in arrival order.
    pub(crate) days: BTreeMap<NaiveDate, Vec<Event>>,
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
    pub(crate) customers: crate::close_customers::CustomerState,
}

/// Which aggregate: rule, person, customer (for per-customer rules), first day of period.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct PeriodKey {
    pub(crate) rule: SmolStr,
    pub(crate) person: SmolStr,
    pub(crate) customer: Option<SmolStr>,
    pub(crate) start: NaiveDate,
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

/// What became of a batch of events.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Intake {
    /// How many events were accepted (new ones and identical repeats).
    pub accepted: usize,
    /// The events turned away, each with its reason.
    pub rejected: Vec<Rejected>,
}

impl Tracker {
    /// A tracker for the team in `roster`, following days from `start`.
    ///
    /// # Errors
    /// Every problem of the roster against the playbook.
    pub fn new(playbook: Playbook, roster: Roster, start: NaiveDate) -> Result<Self, RosterError> {
        let state = TrackerState {
            start,
            closed_through: None,
            days: BTreeMap::new(),
            periods: BTreeMap::new(),
            check_periods: BTreeMap::new(),
            duties: BTreeMap::new(),
            follow_ups: BTreeMap::new(),
            customers: Default::default(),
        };
        Self::restore(playbook, roster, state)
    }

    /// A tracker that continues from a snapshot taken with [`Tracker::snapshot`].
    ///
    /// # Errors
    /// Every problem of the roster against the playbook.
    pub fn restore(playbook: Playbook, roster: Roster, state: TrackerState) -> Result<Self, RosterError> {
        roster.check(&playbook)?;
        let index = RosterIndex::new(&roster);
        let shared = SharedRoster::new(&playbook, &roster);
        let ids = state.days.iter().flat_map(|(day, events)| events.iter().map(|e| (e.id.clone(), *day))).collect();
        Ok(Self { playbook, roster, index, shared, state, ids, last_day: None })
    }

    /// The state to store and restore later.
    pub fn snapshot(&self) -> TrackerState {
        self.state.clone()
    }

    /// The playbook.
    pub fn playbook(&self) -> &Playbook {
        &self.playbook
    }

    /// The roster.
    pub fn roster(&self) -> &Roster {
        &self.roster
    }

    /// The last closed day, if any.
    pub fn closed_through(&self) -> Option<NaiveDate> {
        self.state.closed_through
    }

    /// The accepted events of a day still open, in arrival order (empty for closed days),
    /// e.g. for a [`crate::DailyReport`] before the day closes.
    pub fn open_events(&self, date: NaiveDate) -> &[Event] {
        self.state.days.get(&date).map_or(&[], Vec::as_slice)
    }

    /// Accepts one event, or hands it back with the reason. An identical repeat of an
    /// accepted event is accepted again and changes nothing.
    ///
    /// # Errors
    /// The event, with why it was turned away.
    pub fn ingest(&mut self, event: Event) -> Result<(), Box<Rejected>> {
        let day = self.day_of(event.at);
        match self.admit(&event, day) {
            Ok(Some(day)) => {
                self.ids.insert(event.id.clone(), day);
                self.state.days.entry(day).or_default().push(event);
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(reason) => Err(Box::new(Rejected { reason, event })),
        }
    }

    /// Accepts a batch of events; the ones turned away are returned, none is lost.
    pub fn ingest_all(&mut self, events: impl IntoIterator<Item = Event>) -> Intake {
        let mut intake = Intake::default();
        for event in events {
            match self.ingest(event) {
                Ok(()) => intake.accepted += 1,
                Err(rejected) => intake.rejected.push(*rejected),
            }
        }
        intake
    }

    /// The local day of a new event, `None` for an identical repeat.
    fn admit(&self, event: &Event, day: NaiveDate) -> Result<Option<NaiveDate>, RejectReason> {
        intake::check(&self.playbook, &self.index, event)?;
        if day < self.state.start {
            return Err(RejectReason::BeforeStart { date: day.to_string(), start: self.state.start.to_string() });
        }
        if let Some(closed) = self.state.closed_through
            && day <= closed
        {
            return Err(RejectReason::WindowClosed { date: day.to_string(), closed_through: closed.to_string() });
        }
        if let Some(held) = self.ids.get(&event.id) {
            let same = self.state.days.get(held).and_then(|events| events.iter().find(|e| e.id == event.id));
            return if same == Some(event) {
                Ok(None)
            } else {
                Err(RejectReason::DuplicateId { id: event.id.to_string() })
            };
        }
        Ok(Some(day))
    }

    /// The local date of `at`, as [`Self::local_date`], remembering the day's bounds.
    fn day_of(&mut self, at: DateTime<FixedOffset>) -> NaiveDate {
        let utc = at.naive_utc();
        if let Some((start, end, day)) = self.last_day
            && start <= utc
            && utc < end
        {
            return day;
        }
        let day = self.local_date(at);
        let calendar = self.playbook.calendar();
        let midnight = TimeOfDay::new(0, 0).unwrap_or_else(|| unreachable!("00:00 is a time of day"));
        let start = calendar.local(day, midnight).naive_utc();
        self.last_day = day.succ_opt().map(|next| (start, calendar.local(next, midnight).naive_utc(), day));
        day
    }

    fn local_date(&self, at: DateTime<FixedOffset>) -> NaiveDate {
        at.with_timezone(&self.playbook.calendar().time_zone()).date_naive()
    }

    /// Closes every day through `date` (the watermark): judges them, settles what depends
    /// on them, and returns the final findings, in order of closing. Events of closed days
    /// are rejected from then on. Closing a day already closed returns nothing.
    pub fn close_through(&mut self, date: NaiveDate) -> Vec<Finding> {
        let mut findings = Vec::new();
        self.close_through_each(date, |finding| findings.push(finding));
        findings
    }

    /// As [`Tracker::close_through`], handing each finding to `each` as soon as it is made,
    /// in the same order, instead of collecting them: a host that stores or tallies
    /// findings (see [`crate::Scorecard::tally`]) never holds a day's worth.
    pub fn close_through_each(&mut self, date: NaiveDate, mut each: impl FnMut(Finding)) {
        let first = self.state.closed_through.and_then(|d| d.succ_opt()).unwrap_or(self.state.start);
        for day in first.iter_days().take_while(|d| *d <= date) {
            for event in self.state.days.get(&day).into_iter().flatten() {
                self.ids.remove(&event.id);
            }
        }
        let mut closer = DayCloser::new(&self.playbook, &self.roster, &self.shared, &mut self.state);
        let mut made = Vec::new();
        for day in first.iter_days().take_while(|d| *d <= date) {
            closer.close(day, &mut made, &mut each);
        }
        if date >= first {
            self.state.closed_through = Some(date);
        }
    }

    /// Findings for everything still open as of `now`: days not yet closed, weeks, months
    /// and quarters under way, duties and follow-ups not yet due. Verdicts whose window
    /// has not ended are `pending`, with the pace so far. The tracker is not changed.
    pub fn pending(&self, now: DateTime<FixedOffset>) -> Vec<Finding> {
        let mut scratch = self.state.clone();
        let today = self.local_date(now);
        let mut findings = Vec::new();
        let first = scratch.closed_through.and_then(|d| d.succ_opt()).unwrap_or(scratch.start);
        let mut closer = DayCloser::new(&self.playbook, &self.roster, &self.shared, &mut scratch).previewing(now);
        let mut made = Vec::new();
        for day in first.iter_days().take_while(|d| *d <= today) {
            closer.close(day, &mut made, &mut |finding| findings.push(finding));
        }
        closer.open_findings(&mut findings);
        findings
    }
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

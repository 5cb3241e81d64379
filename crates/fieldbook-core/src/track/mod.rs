//! The tracker: per-team state that ingests events and produces findings.
//!
//! Events are kept only while their day is open. When the host advances the watermark
//! with [`Tracker::close_through`], each closed day is judged (routine steps, day and
//! event quotas, checklists), its events are folded into the aggregates of the weeks,
//! months and quarters they belong to, duties and follow-ups that depend on it are
//! settled, and every final finding is handed to the host. Memory thus grows with people
//! × rules and the events of open days, not with history.

mod aggregate;
mod close;
mod errors;
mod finding;
mod log;
mod revision;
mod scorecard;
mod state;
mod text;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use smol_str::SmolStr;

pub use crate::playbook::{Admission, Intake, Refs};
pub use errors::{CloseError, RestoreError, RetractError};
pub use finding::{Finding, MAX_CITED_EVENTS, Span, Status};
pub use log::{
    Evaluation, Evaluator, EventLog, LogError, LogLimits, MAX_LINE_BYTES, MAX_LOG_DAYS, MAX_LOG_EVENTS, RejectedLine,
    evaluate_log, read_events, read_events_with,
};
pub use revision::{FindingKey, Revision};
pub use scorecard::{PersonScore, RuleScore, Scorecard, Tally, TeamScore};
pub use state::TrackerState;

use crate::error::RosterError;
use crate::event::{Event, RejectReason, Rejected};
use crate::fast_map::KeyedSet;
use crate::playbook::{Playbook, RosterIndex, admissible, repeat};
use crate::roster::Roster;
use crate::time::{FIRST_DAY, LAST_DAY, TimeOfDay};
use close::{Closer, SharedRoster};
use revision::Given;
use state::ClosedDay;

/// Evaluates a team's events against a playbook: events go in by [`Tracker::ingest_all`],
/// days are closed by [`Tracker::close_through`] (a watermark), and each closed day's
/// findings come out, final. `docs/hosts.md` tells the whole lifecycle.
///
/// ```
/// # use fieldbook_core as fieldbook;
/// use fieldbook::chrono::{DateTime, NaiveDate};
/// use fieldbook::{Event, Person, Playbook, Roster, Status, Tracker};
///
/// # let playbook = Playbook::from_toml(include_str!("../../../../examples/playbooks/t77.toml"), None)?;
/// let roster = Roster::new([Person::new("li").with_attr("route", "urban")], []);
/// let monday = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
/// let mut tracker = Tracker::new(playbook, roster, monday)?;
/// let at = DateTime::parse_from_rfc3339("2026-12-07T07:55:00+08:00")?;
/// tracker.ingest(Event::new("m1", "meeting", "li", at).with("chair", "section_chief"))?;
/// let findings = tracker.close_through(monday)?;
/// let meeting = findings.iter().find(|f| f.rule == "morning-meeting").unwrap();
/// assert_eq!(meeting.status, Status::Pass);
/// // Monday is closed for good: an event of Monday sent now is handed back.
/// assert!(tracker.ingest(Event::new("m2", "meeting", "li", at)).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Tracker {
    playbook: Playbook,
    roster: Roster,
    index: RosterIndex,
    /// The roster as check scripts are given it.
    shared: SharedRoster,
    state: TrackerState,
    /// The ids of each open day's events. An id names one event of its day: ids of
    /// different days are not compared, as a closed day's ids are forgotten, and comparing
    /// those of open days only would make what is accepted depend on when days close.
    ids: BTreeMap<NaiveDate, KeyedSet<SmolStr>>,
    /// The last local day an event fell on, from its first instant to the next day's, in
    /// UTC: events come in runs of a day, and the time zone is consulted once a run.
    last_day: Option<(NaiveDateTime, NaiveDateTime, NaiveDate)>,
    /// The most events a day has held: a new day's list starts that large, rather than
    /// growing (and being copied) a dozen times as its events come in.
    day_capacity: usize,
    /// How many days past the latest event [`Tracker::close_through`] closes.
    close_ahead: u32,
}

/// How many days past the later of the latest accepted event's day and the last closed
/// day (the first day, before either) [`Tracker::close_through`] closes, unless the host
/// sets another limit with [`Tracker::with_close_ahead`]: closed days are closed for good,
/// and a date typed a year ahead would close a year of days without their events. A host
/// that closes day by day is never stopped.
pub const CLOSE_AHEAD_DAYS: u32 = 31;

impl Tracker {
    /// A tracker for the team in `roster`, following days from `start`.
    ///
    /// # Errors
    /// Every problem of the roster against the playbook.
    pub fn new(playbook: Playbook, roster: Roster, start: NaiveDate) -> Result<Self, RosterError> {
        let mut state = TrackerState::new(start);
        state.playbook = Some(playbook.identity().clone());
        Self::build(playbook, roster, state)
    }

    /// A tracker that continues from a snapshot taken with [`Tracker::snapshot`], under the
    /// same playbook and with the roster it was taken with (change the roster afterwards
    /// with [`Tracker::update_roster`]).
    ///
    /// # Errors
    /// The snapshot was taken under another playbook or another version of it; it holds
    /// open matters of people or customers the roster lacks; or the roster does not fit
    /// the playbook.
    pub fn restore(playbook: Playbook, roster: Roster, mut state: TrackerState) -> Result<Self, RestoreError> {
        match &state.playbook {
            Some(snapshot) if snapshot != playbook.identity() => {
                return Err(RestoreError::OtherPlaybook {
                    snapshot: snapshot.clone(),
                    playbook: playbook.identity().clone(),
                });
            }
            Some(_) => {}
            None => state.playbook = Some(playbook.identity().clone()),
        }
        errors::missing(&roster, &state)?;
        Ok(Self::build(playbook, roster, state)?)
    }

    fn build(playbook: Playbook, roster: Roster, state: TrackerState) -> Result<Self, RosterError> {
        roster.check(&playbook)?;
        let index = RosterIndex::new(&roster);
        let shared = SharedRoster::new(&playbook, &roster);
        let ids =
            state.days.iter().map(|(day, events)| (*day, events.iter().map(|e| e.id.clone()).collect())).collect();
        let day_capacity = state.days.values().map(Vec::len).max().unwrap_or(0);
        let close_ahead = CLOSE_AHEAD_DAYS;
        Ok(Self { playbook, roster, index, shared, state, ids, last_day: None, day_capacity, close_ahead })
    }

    /// The tracker, closing at most `days` ahead instead of [`CLOSE_AHEAD_DAYS`]
    /// (`u32::MAX` lifts the limit).
    #[must_use]
    pub fn with_close_ahead(mut self, days: u32) -> Self {
        self.close_ahead = days;
        self
    }

    /// The tracker, taking events up to `days` closed days late, corrections (an event
    /// with the id of one of the same day and new content replaces it) and retractions
    /// ([`Tracker::retract`]). A late, corrected or retracted event reopens its closed
    /// day: the days from it are judged again, and the findings that change come out of
    /// [`Tracker::revise`] as [`Revision`]s. Events more than `days` back are handed back,
    /// as without it. The snapshot then keeps, for each of the last `days` closed days,
    /// what judging carried into it, its events, and its findings' keys and digests
    /// (docs/hosts.md measures it).
    #[must_use]
    pub fn with_lateness(mut self, days: u32) -> Self {
        let reopen = &mut self.state.reopen;
        reopen.on = true;
        reopen.lateness = days;
        while reopen.days.len() > days as usize {
            reopen.days.pop_front();
        }
        self
    }

    /// Judges again the closed days that late, corrected or retracted events reopened, and
    /// returns every revision not taken yet: upsert or withdraw findings by
    /// [`Finding::key`], in order, and the host's store equals a run that had every event
    /// on time. ([`Tracker::close_through`] also judges reopened days again before closing
    /// new ones; their revisions wait here.)
    pub fn revise(&mut self) -> Vec<Revision> {
        self.reclose();
        std::mem::take(&mut self.state.reopen.revisions)
    }

    /// Withdraws the event `id` of `date` (its local day): from an open day, or from a
    /// closed day within the allowed lateness, which then reopens. Returns the event.
    ///
    /// # Errors
    /// The day has no such event, or is closed beyond the allowed lateness.
    pub fn retract(&mut self, id: &str, date: NaiveDate) -> Result<Event, RetractError> {
        let not_found = || RetractError::NotFound { id: id.to_string(), date };
        if let Some(closed) = self.state.closed_through
            && date <= closed
        {
            let reopen = &mut self.state.reopen;
            let day = reopen
                .days
                .iter_mut()
                .find(|d| d.date == date)
                .ok_or(RetractError::Closed { date, closed_through: closed })?;
            let i = day.events.iter().position(|e| e.id == id).ok_or_else(not_found)?;
            let event = day.events.remove(i);
            reopen.reopened(date);
            return Ok(event);
        }
        let events = self.state.days.get_mut(&date).ok_or_else(not_found)?;
        let i = events.iter().position(|e| e.id == id).ok_or_else(not_found)?;
        if let Some(ids) = self.ids.get_mut(&date) {
            ids.remove(id);
        }
        Ok(events.remove(i))
    }

    /// Changes the roster from the next day to close on: new people owe what their roles
    /// owe from then; a customer that moved to another manager is that manager's from
    /// then (follow-ups already started stay with whoever owes them). Open duties,
    /// follow-ups, reminders and running counts of people, customers and teams no longer
    /// in the roster are dropped, and returned as text, one line each.
    ///
    /// # Errors
    /// Every problem of the new roster against the playbook; the tracker is unchanged.
    pub fn update_roster(&mut self, roster: Roster) -> Result<Vec<String>, RosterError> {
        roster.check(&self.playbook)?;
        let people: KeyedSet<&str> = roster.people.iter().map(|p| p.id.as_str()).collect();
        let customers: KeyedSet<&str> = roster.customers.iter().map(|c| c.id.as_str()).collect();
        let mut dropped =
            self.state.drop_parties(|person| people.contains(person), |customer| customers.contains(customer));
        let teams: KeyedSet<&str> = roster.teams.iter().map(|t| t.id.as_str()).collect();
        dropped.extend(self.state.drop_teams(|team| teams.contains(team)));
        self.index = RosterIndex::new(&roster);
        self.shared = SharedRoster::new(&self.playbook, &roster);
        self.roster = roster;
        Ok(dropped)
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
    /// e.g. for a report of the day before it closes.
    pub fn open_events(&self, date: NaiveDate) -> &[Event] {
        self.state.days.get(&date).map_or(&[], Vec::as_slice)
    }

    /// Accepts one event, or hands it back with the reason. An identical repeat of an
    /// accepted event is accepted again and changes nothing ([`Admission::Repeat`]).
    ///
    /// # Errors
    /// The event, with why it was turned away.
    pub fn ingest(&mut self, event: Event) -> Result<Admission, Box<Rejected>> {
        if let Err(reason) = admissible(&self.playbook, &self.index, &event) {
            return Err(Box::new(Rejected { reason, event }));
        }
        let day = self.day_of(event.at);
        if self.state.reopen.on
            && self.state.closed_through.is_some_and(|closed| day <= closed)
            && day >= self.state.start
        {
            return self.ingest_late(event, day);
        }
        match self.admit(&event, day) {
            Ok(Some(day)) => {
                // As large as the largest day so far from the start: no rehashing as it fills.
                let capacity = self.day_capacity;
                let ids = self
                    .ids
                    .entry(day)
                    .or_insert_with(|| KeyedSet::with_capacity_and_hasher(capacity, Default::default()));
                ids.insert(event.id.clone());
                self.state.latest = self.state.latest.max(Some(day));
                let events = self.state.days.entry(day).or_insert_with(|| Vec::with_capacity(self.day_capacity));
                events.push(event);
                self.day_capacity = self.day_capacity.max(events.len());
                Ok(Admission::New)
            }
            Ok(None) => Ok(Admission::Repeat),
            Err(RejectReason::DuplicateId { .. }) if self.state.reopen.on => Ok(self.correct(event, day)),
            Err(reason) => Err(Box::new(Rejected { reason, event })),
        }
    }

    /// Replaces the event of an open day with `event`'s id by `event`.
    #[cold]
    fn correct(&mut self, event: Event, day: NaiveDate) -> Admission {
        let events = self.state.days.entry(day).or_default();
        match events.iter_mut().find(|e| e.id == event.id) {
            Some(earlier) => *earlier = event,
            None => events.push(event),
        }
        Admission::Corrected
    }

    /// Accepts an event of a closed day that may reopen: new (late), a correction, or a
    /// repeat; reopens the day unless a repeat.
    #[cold]
    fn ingest_late(&mut self, event: Event, day: NaiveDate) -> Result<Admission, Box<Rejected>> {
        let reopen = &mut self.state.reopen;
        let Some(closed) = reopen.days.iter_mut().find(|d| d.date == day) else {
            let closed_through = self.state.closed_through.unwrap_or(day).to_string();
            let reason = RejectReason::WindowClosed { date: day.to_string(), closed_through };
            return Err(Box::new(Rejected { reason, event }));
        };
        let admission = match closed.events.iter_mut().find(|e| e.id == event.id) {
            Some(earlier) if earlier.is_identical(&event) => return Ok(Admission::Repeat),
            Some(earlier) => {
                *earlier = event;
                Admission::Corrected
            }
            None => {
                closed.events.push(event);
                Admission::Late
            }
        };
        reopen.reopened(day);
        Ok(admission)
    }

    /// Accepts a batch of events; the ones turned away are returned, none is lost.
    pub fn ingest_all(&mut self, events: impl IntoIterator<Item = Event>) -> Intake {
        Intake::of(events, |event| self.ingest(event))
    }

    /// The local day of a new admissible event, `None` for an identical repeat.
    fn admit(&self, event: &Event, day: NaiveDate) -> Result<Option<NaiveDate>, RejectReason> {
        if day < self.state.start {
            return Err(RejectReason::BeforeStart { date: day.to_string(), start: self.state.start.to_string() });
        }
        if let Some(closed) = self.state.closed_through
            && day <= closed
        {
            return Err(RejectReason::WindowClosed { date: day.to_string(), closed_through: closed.to_string() });
        }
        if self.ids.get(&day).is_some_and(|ids| ids.contains(event.id.as_str())) {
            let same = self.state.days.get(&day).and_then(|events| events.iter().find(|e| e.id == event.id));
            return repeat(same, event).map(|_| None);
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
        let start = calendar.local(day, TimeOfDay::MIDNIGHT).naive_utc();
        self.last_day = day.succ_opt().map(|next| (start, calendar.local(next, TimeOfDay::MIDNIGHT).naive_utc(), day));
        day
    }

    fn local_date(&self, at: DateTime<FixedOffset>) -> NaiveDate {
        at.with_timezone(&self.playbook.calendar().time_zone()).date_naive()
    }

    /// Closes every day through `date` (the watermark): judges them, settles what depends
    /// on them, and returns the final findings, in order of closing. Events of closed days
    /// are rejected from then on. Closing a day already closed returns nothing; days after
    /// [`LAST_DAY`] are not closed.
    ///
    /// # Errors
    /// `date` is more than [`CLOSE_AHEAD_DAYS`] (or the limit set with
    /// [`Tracker::with_close_ahead`]) past the latest event's day and the last closed day;
    /// nothing is closed.
    pub fn close_through(&mut self, date: NaiveDate) -> Result<Vec<Finding>, CloseError> {
        let mut findings = Vec::new();
        self.close_through_each(date, |finding| findings.push(finding))?;
        Ok(findings)
    }

    /// As [`Tracker::close_through`], handing each finding to `each` as soon as it is made,
    /// in the same order, instead of collecting them: a host that stores or tallies
    /// findings (see [`Scorecard::tally`]) never holds a day's worth.
    ///
    /// # Errors
    /// As [`Tracker::close_through`].
    pub fn close_through_each(&mut self, date: NaiveDate, each: impl FnMut(Finding)) -> Result<(), CloseError> {
        let (latest, limit) = self.close_limit();
        if date > limit {
            return Err(CloseError::TooFarAhead { date, limit, ahead: self.close_ahead, latest });
        }
        self.close_days(date, each);
        Ok(())
    }

    /// The day closing is measured from (the later of the latest event's day and the last
    /// closed day), and the last day it may close.
    fn close_limit(&self) -> (NaiveDate, NaiveDate) {
        let latest = self.state.latest.unwrap_or(self.state.start).max(self.state.closed_through.unwrap_or(FIRST_DAY));
        (latest, latest.checked_add_days(chrono::Days::new(u64::from(self.close_ahead))).unwrap_or(LAST_DAY))
    }

    /// Closes every day through `date`, however far ahead (after judging reopened days
    /// again), keeping the last closed days that may reopen.
    fn close_days(&mut self, date: NaiveDate, mut each: impl FnMut(Finding)) {
        self.reclose();
        let date = date.min(LAST_DAY);
        let first = self.state.closed_through.and_then(|d| d.succ_opt()).unwrap_or(self.state.start);
        self.ids.retain(|day, _| *day > date);
        let keep = if self.state.reopen.on { self.state.reopen.lateness as usize } else { 0 };
        let mut closer = Closer::new(&self.playbook, (&self.roster, &self.index), &self.shared, &mut self.state, None);
        let mut made = Vec::new();
        let mut kept = Vec::new();
        for day in first.iter_days().take_while(|d| *d <= date) {
            if keep == 0 || date.signed_duration_since(day).num_days() >= keep as i64 {
                closer.close(day, &mut made, &mut each);
                continue;
            }
            let state = closer.state();
            let mut closed = ClosedDay {
                date: day,
                before: state.judged.clone(),
                events: state.days.get(&day).cloned().unwrap_or_default(),
                findings: Vec::new(),
            };
            closer.close(day, &mut made, &mut |finding| {
                closed.findings.push(Given::of(&finding));
                each(finding);
            });
            kept.push(closed);
        }
        if date >= first {
            self.state.closed_through = Some(date);
        }
        let reopen = &mut self.state.reopen;
        reopen.days.extend(kept);
        while reopen.days.len() > keep {
            reopen.days.pop_front();
        }
    }

    /// Judges again the closed days from the earliest reopened one, and queues the
    /// revisions of their findings.
    fn reclose(&mut self) {
        let Some(from) = self.state.reopen.dirty.take() else { return };
        let mut days = std::mem::take(&mut self.state.reopen.days);
        let Some(first) = days.iter().position(|d| d.date == from) else {
            self.state.reopen.days = days;
            return;
        };
        let old: Vec<Given> = days.range(first..).flat_map(|d| d.findings.iter().cloned()).collect();
        let mut closer = Closer::new(&self.playbook, (&self.roster, &self.index), &self.shared, &mut self.state, None);
        closer.state_mut().judged = days[first].before.clone();
        let mut made = Vec::new();
        let mut new = Vec::new();
        for closed in days.range_mut(first..) {
            let state = closer.state_mut();
            closed.before = state.judged.clone();
            state.days.insert(closed.date, closed.events.clone());
            let mut findings = Vec::new();
            closer.close(closed.date, &mut made, &mut |finding| findings.push(finding));
            closed.findings = findings.iter().map(Given::of).collect();
            new.extend(findings);
        }
        self.state.reopen.days = days;
        self.state.reopen.revisions.extend(revision::diff(&old, &new));
    }

    /// Closes every day through `date`, however far ahead, and returns the findings: for
    /// evaluations over a span of days the host named.
    pub(crate) fn close_days_through(&mut self, date: NaiveDate) -> Vec<Finding> {
        let mut findings = Vec::new();
        self.close_days(date, |finding| findings.push(finding));
        findings
    }

    /// Findings for everything still open as of `now`: days not yet closed, weeks, months
    /// and quarters under way, duties and follow-ups not yet due. Verdicts whose window
    /// has not ended are `pending`, with the pace so far. The tracker is not changed. Days
    /// past the closing limit (see [`CLOSE_AHEAD_DAYS`]) are not previewed: a clock set
    /// years ahead costs no more than a month.
    pub fn pending(&self, now: DateTime<FixedOffset>) -> Vec<Finding> {
        let bound = |date: NaiveDate| date.and_time(NaiveTime::MIN).and_utc().fixed_offset();
        let now = now.clamp(bound(FIRST_DAY), bound(LAST_DAY));
        let mut scratch = self.state.without_history();
        let today = self.local_date(now).min(self.close_limit().1);
        let mut findings = Vec::new();
        let first = scratch.closed_through.and_then(|d| d.succ_opt()).unwrap_or(scratch.start);
        let mut closer =
            Closer::new(&self.playbook, (&self.roster, &self.index), &self.shared, &mut scratch, Some(now));
        let mut made = Vec::new();
        for day in first.iter_days().take_while(|d| *d <= today) {
            closer.close(day, &mut made, &mut |finding| findings.push(finding));
        }
        closer.open_findings(today, &mut findings);
        findings
    }
}

//! Closing a day: each person's events of the day in time order are handed to the judges
//! — routine steps, quotas, checklists, duties and follow-ups, scripted checks — then
//! folded into the period aggregates; periods ending that day are judged, and the
//! customer side (reminders, agreements, call lists) last.
//!
//! The judges share one read-only [`Context`]; each is given the part of the tracker's
//! state it changes.

mod absences;
mod checks;
mod contents;
mod context;
mod customers;
mod obligations;
mod person_day;
mod procedures;
mod quotas;
mod shared_roster;
mod steps;

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};

pub(crate) use shared_roster::SharedRoster;

use super::finding::{Finding, Status};
use super::state::TrackerState;
use crate::event::Event;
use crate::playbook::Playbook;
use crate::roster::Roster;
use context::{Context, DayTimes};
use person_day::PersonDay;
use quotas::Quotas;

/// Closes days one after another for a tracker: judges each day's events and settles
/// what depends on them.
pub(crate) struct Closer<'a> {
    cx: Context<'a>,
    quotas: Quotas<'a>,
    state: &'a mut TrackerState,
}

impl<'a> Closer<'a> {
    /// A closer of `state`'s days; with `now`, a preview whose findings of windows ending
    /// after it are pending.
    pub(crate) fn new(
        playbook: &'a Playbook,
        roster: &'a Roster,
        shared: &'a SharedRoster,
        state: &'a mut TrackerState,
        now: Option<DateTime<FixedOffset>>,
    ) -> Self {
        Self { cx: Context::new(playbook, roster, shared, now), quotas: Quotas::new(playbook), state }
    }

    /// Judges `day` and settles what depends on it, handing each finding to `each` as it
    /// is made (`out` is the scratch list the rules push into, emptied after each person).
    pub(crate) fn close(&mut self, day: NaiveDate, out: &mut Vec<Finding>, each: &mut dyn FnMut(Finding)) {
        let (cx, quotas) = (&self.cx, &self.quotas);
        let state = &mut *self.state;
        let held = state.days.remove(&day).unwrap_or_default();
        // Events of kinds that checks look at one by one are moved behind reference counts,
        // to be handed to scripts without a copy.
        let (plain, shared): (Vec<Event>, Vec<Arc<Event>>) = if cx.checked_kinds.is_empty() {
            (held, Vec::new())
        } else {
            let (checked, plain) = held.into_iter().partition(|e| cx.checked_kinds.contains(&e.kind.as_str()));
            (plain, checked.into_iter().map(Arc::new).collect())
        };
        let all = || plain.iter().chain(shared.iter().map(|e| &**e));
        let slot = |e: &Event| cx.people.get(e.person.as_str()).map_or(usize::MAX, |&(i, _)| i);
        // Each person's events as one run, in roster order and time order within it;
        // sorting references moves 8 bytes an event instead of the event.
        let mut by_person: Vec<(usize, &Event)> = all().map(|e| (slot(e), e)).collect();
        by_person.sort_unstable_by(|(i, a), (j, b)| (i, a.at, &a.id).cmp(&(j, b.at, &b.id)));
        let ordered: Vec<&Event> = by_person.iter().map(|&(_, e)| e).collect();
        // The shared events likewise, for the checks.
        let mut shared_by_person: Vec<(usize, &Arc<Event>)> = shared.iter().map(|e| (slot(e), e)).collect();
        shared_by_person.sort_unstable_by(|(i, a), (j, b)| (i, a.at, &a.id).cmp(&(j, b.at, &b.id)));
        // The whole day in time order, for the rules about customers.
        let mut events: Vec<&Event> = Vec::new();
        if cx.customer_rules {
            events = all().collect();
            events.sort_unstable_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        }
        let times = DayTimes::new(cx, day);
        obligations::start_managers(cx, &mut state.judged.follow_ups, day, &times, all());
        quotas::mark_firsts(cx, &mut state.judged.firsts, all());
        let (mut next, mut next_shared) = (0, 0);
        for (i, person) in cx.roster.people.iter().enumerate() {
            let end = next + by_person[next..].iter().take_while(|&&(p, _)| p == i).count();
            let mine = PersonDay::new(&ordered[next..end]);
            next = end;
            let end = next_shared + shared_by_person[next_shared..].iter().take_while(|&&(p, _)| p == i).count();
            let checked = &shared_by_person[next_shared..end];
            next_shared = end;
            if times.working {
                steps::judge(cx, person, day, &times, &mine, out);
                quotas.judge_day(cx, person, &times, &mine, out);
            }
            quotas.judge_events(cx, person, &mine, out);
            quotas.judge_rolling(cx, &mut state.judged.rolling, person, &times, &mine, out);
            procedures::judge(cx, person, day, &mine, out);
            obligations::duties(cx, &mut state.judged.duties, person, (state.start, day), &times, &mine, out);
            obligations::follow_ups(cx, &mut state.judged.follow_ups, person, day, &times, &mine, out);
            checks::judge(cx, &mut state.judged.check_periods, i, &times, &mine, checked, out);
            quotas.fold(cx, &mut state.judged.periods, person, day, &mine);
            absences::excuse(cx, out);
            out.drain(..).for_each(&mut *each);
        }
        quotas.fold_customers(cx, &mut state.judged.periods, day, &events);
        quotas.close_periods(cx, &mut state.judged.periods, day, out);
        Quotas::prune_rolling(cx, &mut state.judged.rolling, day);
        checks::close_periods(cx, &mut state.judged.check_periods, day, false, out);
        customers::close_day(cx, &mut state.judged.customers, day, &events, out);
        absences::excuse(cx, out);
        out.drain(..).for_each(each);
    }

    /// The state being closed.
    pub(crate) fn state(&self) -> &TrackerState {
        self.state
    }

    /// The state being closed, to change between days.
    pub(crate) fn state_mut(&mut self) -> &mut TrackerState {
        self.state
    }

    /// Pending findings of the periods, duties and follow-ups still open (for a preview).
    pub(crate) fn open_findings(self, today: NaiveDate, out: &mut Vec<Finding>) {
        let Self { cx, quotas, state } = self;
        if cx.now.is_none() {
            return;
        }
        quotas.open_periods(&cx, &mut state.judged.periods, today, out);
        checks::close_periods(&cx, &mut state.judged.check_periods, today, true, out);
        for open in state.judged.duties.values().flatten() {
            out.push(obligations::duty_finding(&cx, open, Status::Fail, None));
        }
        for open in state.judged.follow_ups.values().flatten() {
            out.push(obligations::follow_up_finding(&cx, open, None));
        }
        customers::open_findings(&cx, &state.judged.customers, out);
        absences::excuse(&cx, out);
    }
}

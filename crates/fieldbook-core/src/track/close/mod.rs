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

use std::borrow::Borrow;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};

pub(crate) use shared_roster::SharedRoster;

use super::finding::{Finding, Status};
use super::state::TrackerState;
use crate::event::Event;
use crate::playbook::{Playbook, RosterIndex};
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
        (roster, index): (&'a Roster, &'a RosterIndex),
        shared: &'a SharedRoster,
        state: &'a mut TrackerState,
        now: Option<DateTime<FixedOffset>>,
    ) -> Self {
        Self { cx: Context::new(playbook, roster, index, shared, now), quotas: Quotas::new(playbook), state }
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
        let slot = |e: &Event| cx.person_at(e.person.as_str()).map_or(usize::MAX, |(i, _)| i);
        // Each person's events as one run, in roster order and time order within it.
        let (ordered, runs) = by_person(cx.roster.people.len(), all().map(|e| (slot(e), e)));
        // The shared events likewise, for the checks.
        let (shared_ordered, shared_runs) = by_person(cx.roster.people.len(), shared.iter().map(|e| (slot(e), e)));
        // The whole day in time order, for the rules about customers.
        let mut events: Vec<&Event> = Vec::new();
        if cx.customer_rules {
            events = all().collect();
            events.sort_unstable_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        }
        let times = DayTimes::new(cx, day);
        // The customers' last visits are lent to the context for the day.
        if cx.activity_filters {
            *cx.last_visits.borrow_mut() = std::mem::take(&mut state.judged.last_visits);
        }
        obligations::start_owed_by_others(cx, &mut state.judged.follow_ups, day, &times, all());
        quotas::mark_firsts(cx, &mut state.judged.firsts, all());
        for (i, person) in cx.roster.people.iter().enumerate() {
            let mine = PersonDay::new(&ordered[runs[i]..runs[i + 1]]);
            let checked = &shared_ordered[shared_runs[i]..shared_runs[i + 1]];
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
        if cx.activity_filters {
            cx.note_visits(day, all());
            state.judged.last_visits = std::mem::take(&mut *cx.last_visits.borrow_mut());
        }
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

/// The day's events of each of `people` people as one run, in roster order and in time
/// order within it (by id at the same time), given with their people's positions (events
/// of people outside the roster, at `usize::MAX`, come last); and where each person's run
/// starts (`people + 1` bounds). Placing each event in its person's run and sorting the
/// runs costs a person the same whatever the size of the team, where sorting the whole
/// day would grow with it.
fn by_person<'e, E: Borrow<Event>>(
    people: usize,
    events: impl Iterator<Item = (usize, &'e E)>,
) -> (Vec<&'e E>, Vec<usize>) {
    let keyed: Vec<(usize, &E)> = events.map(|(slot, e)| (slot.min(people), e)).collect();
    let mut starts = vec![0; people + 2];
    for &(slot, _) in &keyed {
        starts[slot + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let Some(&(_, any)) = keyed.first() else { return (Vec::new(), starts) };
    let mut ordered = vec![any; keyed.len()];
    let mut next = starts.clone();
    for (slot, e) in keyed {
        ordered[next[slot]] = e;
        next[slot] += 1;
    }
    for run in starts.windows(2) {
        ordered[run[0]..run[1]].sort_unstable_by(|a, b| {
            let (a, b) = ((*a).borrow(), (*b).borrow());
            (a.at, &a.id).cmp(&(b.at, &b.id))
        });
    }
    (ordered, starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_persons_events_form_one_run_in_roster_then_time_order() {
        let at = |t: &str| chrono::DateTime::parse_from_rfc3339(&format!("2026-12-07T{t}:00+08:00")).unwrap();
        // Arrival order mixes the people; `x` is outside the roster (position usize::MAX).
        let events = [
            (1, Event::new("b2", "visit", "b", at("10:00"))),
            (0, Event::new("a2", "visit", "a", at("09:00"))),
            (usize::MAX, Event::new("x1", "visit", "x", at("08:00"))),
            (1, Event::new("b1", "visit", "b", at("08:30"))),
            (0, Event::new("a1", "visit", "a", at("09:00"))),
        ];
        let (ordered, runs) = by_person(3, events.iter().map(|(slot, e)| (*slot, e)));
        let ids: Vec<&str> = ordered.iter().map(|e| e.id.as_str()).collect();
        // a's two events at 09:00 by id; b's by time; nobody in slot 2; x last.
        assert_eq!(ids, ["a1", "a2", "b1", "b2", "x1"]);
        assert_eq!(runs, [0, 2, 4, 4, 5]);
        let (ordered, runs) = by_person(2, std::iter::empty::<(usize, &Event)>());
        assert!(ordered.is_empty());
        assert_eq!(runs, [0, 0, 0, 0]);
    }
}

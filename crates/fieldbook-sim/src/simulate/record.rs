//! Recording one event as a person would: fields filled from the kind's declaration
//! (checklists from the procedures, values that triggers watch at their rate), and the
//! follow-ups the event starts, done in time, late, or not at all.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use fieldbook_core::spec::{Owner, Within};
use fieldbook_core::{Event, Person, Roster, SmolStr, TimeOfDay, Value};
use indexmap::IndexMap;

use crate::simulate::behaviour::Behaviour;
use crate::simulate::plan::{Fill, Minutes, Plan, minutes};
use crate::simulate::random::Dice;
use crate::simulate::values::{checklist, value_failing, value_for, value_meeting};

/// How deep follow-ups of follow-ups go.
const MAX_DEPTH: usize = 4;

/// Records the events of one person on one day. Times are minutes from the day's local
/// midnight; past 24 hours they fall on later days.
pub(crate) struct Recorder<'p, 'a> {
    pub(crate) plan: &'p Plan<'a>,
    pub(crate) roster: &'p Roster,
    pub(crate) person: &'p Person,
    pub(crate) customers: &'p [usize],
    pub(crate) behaviour: &'p Behaviour<'p>,
    pub(crate) date: NaiveDate,
    pub(crate) phase: Option<&'a str>,
    /// When the day's work ends (a half day's earlier than the usual end).
    pub(crate) day_end: Minutes,
    midnight: DateTime<FixedOffset>,
    seq: usize,
    /// `P-20261207-`: what the day's event ids begin with.
    id_prefix: String,
    /// The customers of the day's route (set with [`Recorder::set_route`]), named by lists such
    /// as a schedule's `planned`.
    pub(crate) route: Vec<usize>,
    /// Their ids.
    route_ids: Vec<&'p str>,
    /// Customers by id (filled when the playbook has a customer side).
    pub(crate) customer_index: Option<&'p HashMap<&'p str, usize>>,
    pub(crate) events: Vec<Event>,
}

impl<'p, 'a> Recorder<'p, 'a> {
    #[allow(clippy::too_many_arguments)] // the parts of a person's day
    pub(crate) fn new(
        plan: &'p Plan<'a>,
        roster: &'p Roster,
        person: &'p Person,
        customers: &'p [usize],
        behaviour: &'p Behaviour<'p>,
        date: NaiveDate,
    ) -> Self {
        let calendar = plan.playbook.calendar();
        let midnight = calendar.local(date, TimeOfDay::MIDNIGHT);
        Self {
            plan,
            roster,
            person,
            customers,
            behaviour,
            date,
            phase: plan.phase(date),
            day_end: minutes(calendar.end_of_day(date)),
            midnight,
            seq: 0,
            id_prefix: format!("{}-{}-", person.id, date.format("%Y%m%d")),
            route: Vec::new(),
            route_ids: Vec::new(),
            customer_index: None,
            events: Vec::new(),
        }
    }

    /// The next event's id: `P-20261207-001`, the person, the day and the event's number
    /// (written without the formatting machinery: a month holds millions).
    fn event_id(&self) -> String {
        use std::fmt::Write;
        let mut id = String::with_capacity(self.id_prefix.len() + 4);
        id.push_str(&self.id_prefix);
        let _ = write!(id, "{:03}", self.seq);
        id
    }

    /// The time `minutes` after the day's local midnight, to the minute.
    pub(crate) fn time(&self, minutes: Minutes) -> DateTime<FixedOffset> {
        self.midnight + TimeDelta::minutes(minutes.round() as i64)
    }

    /// When something the playbook times at `due` is due today: `due`, or the day's end on
    /// a day whose hours end earlier (as the agenda and the tracker have it).
    pub(crate) fn due(&self, due: Minutes) -> Minutes {
        if self.day_end < self.plan.end_of_day { due.min(self.day_end) } else { due }
    }

    /// Minutes from the day's midnight to `time`.
    pub(crate) fn minutes_of(&self, time: DateTime<FixedOffset>) -> Minutes {
        (time - self.midnight).num_minutes() as f64
    }

    /// Sets the customers of the day's route.
    pub(crate) fn set_route(&mut self, route: Vec<usize>) {
        self.route_ids = route.iter().map(|c| self.roster.customers[*c].id.as_str()).collect();
        self.route = route;
    }

    /// A customer of the person, at random.
    pub(crate) fn any_customer(&self, dice: &mut Dice) -> Option<usize> {
        (!self.customers.is_empty()).then(|| self.customers[dice.index(self.customers.len())])
    }

    /// A customer of today's route, else any of the person's.
    pub(crate) fn route_customer(&self, dice: &mut Dice) -> Option<usize> {
        if self.route.is_empty() { self.any_customer(dice) } else { Some(self.route[dice.index(self.route.len())]) }
    }

    /// Records an event of `kind` from `at` (to `end` for kinds that last), about
    /// `customer` (one is chosen if the kind needs one), with `forced` field values; then
    /// its follow-ups.
    pub(crate) fn record(
        &mut self,
        kind: &str,
        at: Minutes,
        end: Option<Minutes>,
        customer: Option<usize>,
        forced: &IndexMap<String, Value>,
        dice: &mut Dice,
    ) {
        self.record_at_depth(kind, at, end, customer, forced, 0, dice);
    }

    #[allow(clippy::too_many_arguments)] // record() and the depth of follow-ups
    fn record_at_depth(
        &mut self,
        kind: &str,
        at: Minutes,
        end: Option<Minutes>,
        customer: Option<usize>,
        forced: &IndexMap<String, Value>,
        depth: usize,
        dice: &mut Dice,
    ) {
        let Some(kind_plan) = self.plan.kinds.get(kind) else { return };
        let spec = kind_plan.spec;
        let customer = match (spec.customer, customer) {
            (false, _) => None,
            (true, Some(c)) => Some(c),
            (true, None) => match self.route_customer(dice) {
                Some(c) => Some(c),
                None => return,
            },
        };
        self.seq += 1;
        let id = self.event_id();
        let mut event = Event::new(id, kind, self.person.id.clone(), self.time(at));
        if spec.lasts {
            let end = end.unwrap_or(at + dice.uniform(20.0, 90.0)).max(at);
            event.end = Some(self.time(end));
        }
        event.customer = customer.map(|c| self.roster.customers[c].id.clone());
        let tags: &[String] = customer.map_or(&[], |c| self.roster.customers[c].tags.as_slice());
        let route_ids = &self.route_ids;
        event.fields.reserve(spec.fields.len());
        let params = self.behaviour.params();
        for &(name, field, fill) in &kind_plan.fields {
            let value = if let Some(value) = forced.get(name) {
                Some(value.clone())
            } else {
                match fill {
                    Fill::Checklist(_) => None, // gone through once the other fields are known
                    // The customers of the day's route: a month plan's day, when followed.
                    Fill::Route => Some(Value::List(route_ids.iter().map(|id| SmolStr::new(*id)).collect())),
                    Fill::Agreement(agreement, scalar) => {
                        // Settled on account only by customers who keep an agreement, mostly.
                        let keeps = customer
                            .is_some_and(|c| self.roster.customers[c].is_admitted_by(agreement.customers.as_ref()));
                        if keeps && dice.chance(0.7) {
                            Some(value_meeting(scalar, Some(field)))
                        } else {
                            value_failing(scalar, field, dice)
                                .or_else(|| field.required.then(|| value_for(name, field, self.date, route_ids, dice)))
                        }
                    }
                    Fill::Watched(scalar) => {
                        if dice.chance(params.trigger_rate.0) {
                            Some(value_meeting(scalar, Some(field)))
                        } else {
                            value_failing(scalar, field, dice)
                                .or_else(|| field.required.then(|| value_for(name, field, self.date, route_ids, dice)))
                        }
                    }
                    Fill::Drawn => (field.required || dice.chance(params.optional_field_rate.0))
                        .then(|| value_for(name, field, self.date, route_ids, dice)),
                }
            };
            if let Some(value) = value {
                event.fields.insert(name, value);
            }
        }
        for &(name, _, fill) in &kind_plan.fields {
            if let Fill::Checklist(i) = fill
                && !forced.contains_key(name)
            {
                let (skip, skip_sub) = (self.behaviour.skip_item(), self.behaviour.skip_sub_item());
                let done = checklist(&self.plan.procedures[i], tags, self.phase, &event, (skip, skip_sub), dice);
                event.fields.insert(name, Value::List(done));
            }
        }
        self.report_figures(&mut event, forced, dice);
        let at_time = event.at;
        let index = self.events.len();
        self.events.push(event);
        if depth < MAX_DEPTH {
            self.follow_ups(index, at_time, customer, depth, dice);
        }
    }

    /// Fills in the figures a step asks of `event` as the day's records show them (now and
    /// then miscounted, at the rate items are skipped), and the reason for a shortfall
    /// (left out at that rate too).
    fn report_figures(&self, event: &mut Event, forced: &IndexMap<String, Value>, dice: &mut Dice) {
        let spec = self.plan.playbook.spec();
        let Some(evidence) = spec
            .steps
            .iter()
            .filter_map(|s| s.evidence.as_ref())
            .find(|e| e.kind == event.kind && !e.figures.is_empty())
        else {
            return;
        };
        let slip = self.behaviour.skip_item();
        // Each figure as the day's records show it, counted once.
        let shown: Vec<(&str, usize)> =
            evidence.figures.iter().map(|(name, figure)| (name.as_str(), figure.count(&self.events))).collect();
        let counted = |name: &str| shown.iter().find(|(n, _)| *n == name).map(|&(_, count)| count);
        for &(name, count) in shown.iter().filter(|(name, _)| !forced.contains_key(*name)) {
            let reported = if dice.chance(slip) { count as i64 + 1 } else { count as i64 };
            event.fields.insert(name, Value::Integer(reported));
        }
        if let Some(short) = &evidence.shortfall {
            let below = matches!((counted(&short.actual), counted(&short.planned)), (Some(a), Some(p)) if a < p);
            if below && !forced.contains_key(&short.field) {
                if dice.chance(slip) {
                    event.fields.remove(short.field.as_str());
                } else {
                    event.fields.insert(short.field.as_str(), Value::Text("customer not met".into()));
                }
            }
        }
    }

    /// The customer of an id, if the person's roster has them.
    pub(crate) fn customer_named(&self, id: &str) -> Option<usize> {
        self.customer_index.and_then(|index| index.get(id).copied())
    }

    /// The value a trigger watches in field `name` of `kind` (`status = "failed"`).
    fn follow_ups(
        &mut self,
        index: usize,
        at: DateTime<FixedOffset>,
        customer: Option<usize>,
        depth: usize,
        dice: &mut Dice,
    ) {
        let plan = self.plan;
        for trigger in &plan.triggers {
            let event = &self.events[index];
            // Whoever owes it records it: the recorder, the customer's manager or the chief.
            let owner = self.owner(trigger.owner, customer);
            let starts = trigger.on.kind.as_deref() == Some(event.kind.as_str())
                && trigger.on.filter.iter().all(|(f, v)| fieldbook_core::event::meets(v, event.fields.get(f.as_str())))
                && owner.unwrap_or(self.person).has_role_in(plan.playbook, &trigger.roles);
            if !starts {
                continue;
            }
            let start = self.minutes_of(at);
            let deadline = self.deadline(trigger.within, at);
            let when = if self.behaviour.misses_follow_up(dice) {
                if dice.chance(0.5) {
                    continue;
                }
                deadline + dice.uniform(5.0, 90.0)
            } else {
                let room = (deadline - start).min(240.0);
                if room < 2.0 {
                    continue;
                }
                start + dice.uniform(1.0, room - 1.0)
            };
            let kind_spec = plan.kind(&trigger.follow_up.kind);
            let forced: IndexMap<String, Value> = trigger
                .follow_up
                .filter
                .iter()
                .map(|(f, v)| (f.clone(), value_meeting(v, kind_spec.and_then(|k| k.fields.get(f)))))
                .collect();
            let customer = if trigger.follow_up.same_customer { customer } else { None };
            let recorded = self.events.len();
            self.record_at_depth(&trigger.follow_up.kind, when, None, customer, &forced, depth + 1, dice);
            if let (Some(owner), Some(event)) = (owner, self.events.get_mut(recorded)) {
                event.person = owner.id.clone();
            }
        }
    }

    /// Who owes a follow-up of an event about `customer` that this person recorded, when
    /// it is someone else: the customer's manager, or the chief of the person's team.
    fn owner(&self, owner: Owner, customer: Option<usize>) -> Option<&'p Person> {
        let id = match owner {
            Owner::Recorder => return None,
            Owner::Manager => self.roster.customers[customer?].manager.as_deref()?,
            Owner::Chief => {
                let team = self.roster.teams.iter().find(|t| Some(&t.id) == self.person.team.as_ref())?;
                team.chief.as_deref()?
            }
        };
        self.roster.people.iter().find(|p| p.id == id && p.id != self.person.id)
    }

    /// The follow-up deadline, as the tracker computes it, in minutes from midnight.
    fn deadline(&self, within: Within, at: DateTime<FixedOffset>) -> Minutes {
        let calendar = self.plan.playbook.calendar();
        let day = at.with_timezone(&calendar.time_zone()).date_naive();
        let days = (day - self.date).num_days() as f64 * 1440.0;
        let end_of_day = days + minutes(calendar.end_of_day(day));
        match within {
            Within::SameDay if self.minutes_of(at) <= end_of_day => end_of_day,
            Within::SameDay => days + 23.0 * 60.0 + 59.0,
            Within::NextWorkingDay => {
                let next = day.succ_opt().and_then(|d| calendar.next_working_day(d)).unwrap_or(day);
                (next - self.date).num_days() as f64 * 1440.0 + minutes(calendar.end_of_day(next))
            }
            Within::Span(span) => self.minutes_of(at) + f64::from(span.minutes()),
        }
    }
}

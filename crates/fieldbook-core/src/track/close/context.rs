//! What the judges of a closing share: the playbook and roster looked up once, the texts
//! findings repeat, and the preview instant. Read-only but for caches; each judge is given
//! the part of the tracker's state it changes.

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use smol_str::{SmolStr, format_smolstr};

use super::shared_roster::SharedRoster;
use crate::event::{Event, matches};
use crate::fast_map::{FastMap, FastSet};
use crate::message::{Arg, Message};
use crate::playbook::Refs;
use crate::playbook::{Playbook, RosterIndex, RuleRef};
use crate::roster::{Customer, Person, Roster};
use crate::spec::{ActivityState, CheckScope, CustomerFilter, Per};
use crate::time::{TimeOfDay, Timespan};
use crate::track::finding::{Span, Status};

/// The playbook and roster made ready for closing days, once per closing run. The judges
/// only read it, apart from three caches and day facts in cells: procedure refs made on
/// first use, the day's first events for `first` quotas, and the last visits lent for
/// the day.
pub(crate) struct Context<'a> {
    pub(crate) playbook: &'a Playbook,
    pub(crate) roster: &'a Roster,
    /// The roster's people and customers as check scripts are given them.
    pub(crate) shared: &'a SharedRoster,
    /// Positions of people and customers by id, the tracker's (made once per roster,
    /// not per closing).
    index: &'a RosterIndex,
    /// Each person's customers in roster order, shared as checks are given them; made when
    /// a check first asks.
    managed_shared: OnceCell<FastMap<&'a str, Vec<&'a Arc<Customer>>>>,
    /// Each person's customers in roster order; made when a customer rule first asks.
    managed: OnceCell<FastMap<&'a str, Vec<&'a Customer>>>,
    /// The kinds of events that fulfil duties, and that start or meet follow-ups: other
    /// events need not be looked at for them.
    pub(crate) duty_kinds: Vec<&'a str>,
    pub(crate) trigger_kinds: Vec<&'a str>,
    /// The kinds of events that checks look at one by one.
    pub(crate) checked_kinds: Vec<&'a str>,
    /// Whether any rule is about customers across people (per-customer periods, date
    /// reminders, agreements, call lists): those read the whole day in time order.
    pub(crate) customer_rules: bool,
    /// The rule of each step, in `spec().steps` order.
    pub(crate) steps: Vec<RuleRef>,
    /// Each step's title and its evidence kind's title, for the findings' messages
    /// (shared, so that a message takes them without allocating).
    pub(crate) step_titles: Vec<(SmolStr, SmolStr)>,
    /// Each check's rule, in `spec().checks` order.
    pub(crate) check_rules: Vec<RuleRef>,
    /// What each procedure's findings repeat, in `spec().procedures` order.
    pub(crate) procedures: Vec<ProcedureText>,
    /// The refs of a procedure's findings, by procedure and set of applicable items.
    pub(crate) procedure_refs: RefCell<FastMap<(usize, u64), Refs>>,
    /// For a preview of open windows: verdicts of windows ending after this are pending.
    pub(crate) now: Option<DateTime<FixedOffset>>,
    /// Whether anyone in the roster has an absence.
    pub(crate) absences: bool,
    /// The day's events that are a customer's first for a `first` quota: (rule, event id).
    pub(crate) firsts: RefCell<FastSet<(SmolStr, SmolStr)>>,
    /// Whether a quota is limited by activity state: the closing then keeps each
    /// customer's last visit.
    pub(crate) activity_filters: bool,
    /// Each customer's last visit among the closed days, lent by the tracker's state for
    /// the closing of one day.
    pub(crate) last_visits: RefCell<BTreeMap<SmolStr, NaiveDate>>,
}

/// What a procedure's findings repeat.
pub(crate) struct ProcedureText {
    pub(crate) rule: SmolStr,
    /// Its title, for the findings' messages.
    pub(crate) title: SmolStr,
    /// Whether an item applies only to customers with some tags.
    pub(crate) needs_tags: bool,
    /// Where each name a checklist may hold lands.
    pub(crate) slots: ChecklistSlots,
}

/// The names a procedure's checklist may hold (`inspect`, `inspect.stock`), each with its
/// slot: an item's own slot, followed by one for each of its sub-items. A checklist is
/// then marked in one pass over its names, instead of searching it for every item and
/// sub-item.
pub(crate) struct ChecklistSlots {
    /// The slots of each name (more than one only when ids with dots make two names equal).
    by_name: FastMap<SmolStr, Vec<u32>>,
    /// The name of each slot, in order.
    names: Vec<SmolStr>,
    /// Whether no two slots share a name.
    distinct: bool,
    /// The own slot of each item, in `items` order.
    pub(crate) first: Vec<usize>,
    /// How many slots there are.
    pub(crate) len: usize,
}

impl ChecklistSlots {
    fn new(items: &[crate::spec::ItemSpec]) -> Self {
        let mut slots = Self {
            by_name: FastMap::default(),
            names: Vec::new(),
            distinct: true,
            first: Vec::with_capacity(items.len()),
            len: 0,
        };
        for item in items {
            slots.first.push(slots.len);
            slots.add(SmolStr::new(&item.id));
            for sub in &item.sub {
                slots.add(format_smolstr!("{}.{}", item.id, sub.id));
            }
        }
        slots
    }

    fn add(&mut self, name: SmolStr) {
        let slots = self.by_name.entry(name.clone()).or_default();
        slots.push(self.len as u32);
        self.distinct &= slots.len() == 1;
        self.names.push(name);
        self.len += 1;
    }

    /// Marks in `marked` (cleared first) the slots of the names in `done`. Checklists
    /// mostly name items in the procedure's order: each name is first compared with the
    /// slot after the last one found, and looked up only when it is not that one.
    pub(crate) fn mark(&self, done: &[SmolStr], marked: &mut Vec<bool>) {
        marked.clear();
        marked.resize(self.len, false);
        let mut next = 0;
        for d in done {
            if self.distinct && self.names.get(next) == Some(d) {
                marked[next] = true;
                next += 1;
                continue;
            }
            for &slot in self.by_name.get(d).into_iter().flatten() {
                marked[slot as usize] = true;
                next = slot as usize + 1;
            }
        }
    }
}

/// A step's window on one day, and the texts its findings repeat.
pub(crate) struct StepWindow {
    /// From when evidence counts: the step's opening, else the start of the day.
    pub(crate) opens: DateTime<FixedOffset>,
    /// Its deadline.
    pub(crate) deadline: DateTime<FixedOffset>,
    /// `09:30`.
    pub(crate) due: SmolStr,
    /// `13:00`, for a step that opens.
    pub(crate) from: Option<SmolStr>,
    /// `by 09:30`, or `from 13:00 by 17:30`.
    pub(crate) expected: SmolStr,
}

/// The closing day and its instants, which every person's findings share.
pub(crate) struct DayTimes {
    /// The day.
    pub(crate) date: NaiveDate,
    /// Whether it is a working day.
    pub(crate) working: bool,
    /// From midnight to the end of the working day.
    pub(crate) day: Span,
    /// Each step's window that day, in `spec().steps` order.
    pub(crate) steps: Vec<StepWindow>,
    /// 23:59 that day.
    pub(crate) last_minute: DateTime<FixedOffset>,
}

impl<'a> Context<'a> {
    /// The context of a closing run over `roster` (a preview when `now` is given).
    pub(crate) fn new(
        playbook: &'a Playbook,
        roster: &'a Roster,
        index: &'a RosterIndex,
        shared: &'a SharedRoster,
        now: Option<DateTime<FixedOffset>>,
    ) -> Self {
        let spec = playbook.spec();
        let steps = spec.steps.iter().map(|step| playbook.rule(&step.id, &step.refs)).collect();
        let duty_kinds = spec.duties.iter().filter_map(|d| d.done_by.as_ref()).map(|m| m.kind.as_str()).collect();
        let trigger_kinds = spec
            .triggers
            .iter()
            .flat_map(|t| t.on.kind.iter().chain([&t.follow_up.kind]))
            .map(String::as_str)
            .collect();
        Self {
            playbook,
            roster,
            shared,
            duty_kinds,
            trigger_kinds,
            checked_kinds: spec
                .checks
                .iter()
                .filter(|c| c.scope == CheckScope::Event)
                .filter_map(|c| c.kind.as_deref())
                .fold(Vec::new(), |mut kinds, kind| {
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                    kinds
                }),
            customer_rules: spec.quotas.iter().any(|q| q.per == Per::Customer)
                || !spec.agreements.is_empty()
                || !spec.call_lists.is_empty()
                || spec.triggers.iter().any(|t| t.on.date.is_some() || t.on.occasion.is_some()),
            index,
            managed_shared: OnceCell::new(),
            managed: OnceCell::new(),
            steps,
            step_titles: spec
                .steps
                .iter()
                .map(|step| {
                    let kind = step.evidence.as_ref().map_or("", |e| e.kind.as_str());
                    let kind_title = playbook.event_kind(kind).map_or(kind, |k| k.title.as_str());
                    (SmolStr::new(&step.title), SmolStr::new(kind_title))
                })
                .collect(),
            check_rules: spec.checks.iter().map(|c| playbook.rule(&c.id, &c.refs)).collect(),
            procedures: spec
                .procedures
                .iter()
                .map(|p| ProcedureText {
                    rule: SmolStr::new(&p.id),
                    title: SmolStr::new(&p.title),
                    needs_tags: p.items.iter().any(|i| i.when.as_ref().is_some_and(|w| !w.tags_any.is_empty())),
                    slots: ChecklistSlots::new(&p.items),
                })
                .collect(),
            procedure_refs: RefCell::default(),
            now,
            absences: roster.people.iter().any(|p| !p.absences.is_empty()),
            firsts: RefCell::default(),
            activity_filters: spec.quotas.iter().any(|q| q.customers.as_ref().is_some_and(|c| !c.activity.is_empty())),
            last_visits: RefCell::default(),
        }
    }

    /// Whether `e` is the first event of its customer for the `first` quota `rule`.
    pub(crate) fn is_first(&self, rule: &str, e: &Event) -> bool {
        self.firsts.borrow().contains(&(SmolStr::new(rule), e.id.clone()))
    }

    /// Whether `e` is about a customer `filter` admits (any event, without a filter): by
    /// tags, and by the customer's activity state on the event's day.
    pub(crate) fn about(&self, filter: Option<&CustomerFilter>, e: &Event) -> bool {
        filter.is_none_or(|filter| {
            self.event_customer(e).is_some_and(|(_, c)| {
                filter.admits(&c.tags)
                    && (filter.activity.is_empty()
                        || filter.activity.contains(&self.activity_state(c, self.clock(e.at).date_naive())))
            })
        })
    }

    /// Whether `filter` admits `customer` on `day` (any customer, without a filter): by
    /// tags, and by the customer's activity state that day.
    pub(crate) fn admits(&self, filter: Option<&CustomerFilter>, customer: &Customer, day: NaiveDate) -> bool {
        filter.is_none_or(|filter| {
            filter.admits(&customer.tags)
                && (filter.activity.is_empty() || filter.activity.contains(&self.activity_state(customer, day)))
        })
    }

    /// The activity state of `customer` on `day`, by `[customers.activity]`: from their
    /// last visit before that day (recorded, else the roster's `last_visit`); a customer
    /// never seen is a prospect.
    pub(crate) fn activity_state(&self, customer: &Customer, day: NaiveDate) -> ActivityState {
        let recorded = self.last_visits.borrow().get(customer.id.as_str()).copied();
        let last = recorded.max(customer.last_visit.filter(|d| *d < day));
        match self.playbook.spec().customers.activity.as_ref() {
            Some(activity) => activity.state(last, day),
            None if last.is_none() => ActivityState::Prospect,
            None => ActivityState::Active,
        }
    }

    /// Remembers the `[customers.activity]` visits among `events` (of closed day `day`)
    /// as their customers' last, when a quota is limited by activity state.
    pub(crate) fn note_visits<'e>(&self, day: NaiveDate, events: impl IntoIterator<Item = &'e Event>) {
        let Some(activity) = self.playbook.spec().customers.activity.as_ref().filter(|_| self.activity_filters) else {
            return;
        };
        let mut last = self.last_visits.borrow_mut();
        for e in events.into_iter().filter(|e| matches(&activity.visit.kind, &activity.visit.filter, e)) {
            if let Some(customer) = &e.customer {
                let seen = last.entry(customer.clone()).or_insert(day);
                *seen = (*seen).max(day);
            }
        }
    }

    /// The instant of `time` on `date` on the playbook's clock.
    pub(crate) fn local(&self, date: NaiveDate, time: TimeOfDay) -> DateTime<FixedOffset> {
        self.playbook.calendar().local(date, time)
    }

    /// An instant on the playbook's clock, for messages and actual values.
    pub(crate) fn clock(&self, at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        at.with_timezone(&self.playbook.calendar().time_zone()).fixed_offset()
    }

    /// From midnight of `date` to the end of its working day.
    pub(crate) fn day_span(&self, date: NaiveDate) -> Span {
        self.days_span(date, date)
    }

    /// From midnight of `start` to the end of the working day of `end`.
    pub(crate) fn days_span(&self, start: NaiveDate, end: NaiveDate) -> Span {
        let calendar = self.playbook.calendar();
        Span { start: self.local(start, TimeOfDay::MIDNIGHT), end: calendar.due(end, None) }
    }

    /// The status to report for a verdict over a window ending at `end`.
    pub(crate) fn status(&self, verdict: Status, end: DateTime<FixedOffset>) -> Status {
        match self.now {
            Some(now) if end > now => Status::Pending,
            _ => verdict,
        }
    }

    /// The time a preview has until `end`, as a message (`left-time`, `left-days`), or
    /// `left-none` when no time is left or nothing previews.
    pub(crate) fn left(&self, end: DateTime<FixedOffset>) -> Arg {
        let Some(now) = self.now else { return Arg::Key("left-none") };
        let left = end - now;
        if left <= TimeDelta::zero() {
            return Arg::Key("left-none");
        }
        if left < TimeDelta::days(1) {
            let minutes = Timespan::from_minutes(u32::try_from(left.num_minutes()).unwrap_or(u32::MAX));
            return Message::new("left-time", [("span", minutes.to_string().as_str().into())]).into();
        }
        let calendar = self.playbook.calendar();
        let today = now.with_timezone(&calendar.time_zone()).date_naive();
        let last = end.with_timezone(&calendar.time_zone()).date_naive();
        let days = today.iter_days().skip(1).take_while(|d| *d <= last).filter(|d| calendar.is_working_day(*d)).count();
        Message::new("left-days", [("days", days.into())]).into()
    }

    /// `, 2h left`, `, 3 working days left`: the time a preview has until `end`.
    pub(crate) fn time_left(&self, end: DateTime<FixedOffset>) -> String {
        let Some(now) = self.now else { return String::new() };
        let left = end - now;
        if left <= TimeDelta::zero() {
            return String::new();
        }
        if left < TimeDelta::days(1) {
            let minutes = left.num_minutes();
            return format!(", {} left", Timespan::from_minutes(u32::try_from(minutes).unwrap_or(u32::MAX)));
        }
        let calendar = self.playbook.calendar();
        let today = now.with_timezone(&calendar.time_zone()).date_naive();
        let last = end.with_timezone(&calendar.time_zone()).date_naive();
        let days = today.iter_days().skip(1).take_while(|d| *d <= last).filter(|d| calendar.is_working_day(*d)).count();
        format!(", {days} working days left")
    }

    /// The person with id `id`.
    pub(crate) fn person(&self, id: &str) -> Option<&'a Person> {
        self.person_at(id).map(|(_, p)| p)
    }

    /// The chief of `person`'s team, when they are in a team that has one.
    pub(crate) fn chief_of(&self, person: &Person) -> Option<&'a Person> {
        let team = self.roster.teams.iter().find(|t| Some(&t.id) == person.team.as_ref())?;
        self.person(team.chief.as_deref()?)
    }

    /// The person with id `id`, with their position in the roster.
    pub(crate) fn person_at(&self, id: &str) -> Option<(usize, &'a Person)> {
        let roster = self.roster;
        self.index.person(id).and_then(|i| roster.people.get(i).map(|p| (i, p)))
    }

    /// The customer with id `id`.
    pub(crate) fn customer(&self, id: &str) -> Option<&'a Customer> {
        let roster = self.roster;
        self.index.customer(None, id).and_then(|i| roster.customers.get(i))
    }

    /// The roster customers event `e` names in a list field (`names`), each looked up
    /// among the customers of `e`'s person first; names that are no roster customer are
    /// left out.
    pub(crate) fn listed_customers<'n>(
        &self,
        e: &Event,
        names: &'n [SmolStr],
    ) -> impl Iterator<Item = &'a Customer> + use<'a, 'n> {
        let (roster, index) = (self.roster, self.index);
        let person = index.person(e.person.as_str());
        names.iter().filter_map(move |id| index.customer(person, id).and_then(|i| roster.customers.get(i)))
    }

    /// The customer of `e`, with its position in the roster (looked up among the customers
    /// of `e`'s person first).
    pub(crate) fn event_customer(&self, e: &Event) -> Option<(usize, &'a Customer)> {
        let roster = self.roster;
        self.index.customer_of(e).and_then(|i| roster.customers.get(i).map(|c| (i, c)))
    }

    /// The customers `person` manages, in roster order.
    pub(crate) fn customers_of(&self, person: &str) -> &[&'a Customer] {
        let managed = self.managed.get_or_init(|| {
            let mut managed: FastMap<&'a str, Vec<&'a Customer>> = FastMap::default();
            for customer in &self.roster.customers {
                if let Some(manager) = &customer.manager {
                    managed.entry(manager.as_str()).or_default().push(customer);
                }
            }
            managed
        });
        managed.get(person).map_or(&[], Vec::as_slice)
    }

    /// The customers `person` manages, in roster order, as check scripts are given them.
    pub(crate) fn shared_customers_of(&self, person: &str) -> &[&'a Arc<Customer>] {
        let managed = self.managed_shared.get_or_init(|| {
            let mut managed: FastMap<&'a str, Vec<&'a Arc<Customer>>> = FastMap::default();
            for customer in &self.shared.customers {
                if let Some(manager) = &customer.manager {
                    managed.entry(manager.as_str()).or_default().push(customer);
                }
            }
            managed
        });
        managed.get(person).map_or(&[], Vec::as_slice)
    }
}

impl DayTimes {
    /// The instants of `day`.
    pub(crate) fn new(cx: &Context<'_>, day: NaiveDate) -> Self {
        let calendar = cx.playbook.calendar();
        let span = cx.day_span(day);
        let steps = (cx.playbook.spec().steps.iter().zip(cx.playbook.step_due()))
            .map(|(step, &due)| {
                let by = calendar.due_time(day, due);
                match step.opening().map(|at| calendar.due_time(day, Some(at))) {
                    Some(from) => StepWindow {
                        opens: calendar.local(day, from),
                        deadline: calendar.local(day, by),
                        due: format_smolstr!("{by}"),
                        from: Some(format_smolstr!("{from}")),
                        expected: format_smolstr!("from {from} by {by}"),
                    },
                    None => StepWindow {
                        opens: span.start,
                        deadline: calendar.local(day, by),
                        due: format_smolstr!("{by}"),
                        from: None,
                        expected: format_smolstr!("by {by}"),
                    },
                }
            })
            .collect();
        let last_minute = TimeOfDay::LAST_MINUTE;
        Self {
            date: day,
            working: calendar.is_working_day(day),
            day: span,
            steps,
            last_minute: cx.local(day, last_minute),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::ItemSpec;

    fn items(toml: &str) -> Vec<ItemSpec> {
        #[derive(serde::Deserialize)]
        struct Items {
            items: Vec<ItemSpec>,
        }
        toml::from_str::<Items>(toml).map(|i| i.items).unwrap_or_else(|e| panic!("{e}"))
    }

    fn marked(slots: &ChecklistSlots, done: &[&str]) -> Vec<bool> {
        let done: Vec<SmolStr> = done.iter().map(SmolStr::new).collect();
        let mut marked = Vec::new();
        slots.mark(&done, &mut marked);
        marked
    }

    #[test]
    fn names_in_any_order_mark_their_slots() {
        // Slots: 0 greet; 1 inspect, 2 inspect.stock, 3 inspect.prices; 4 record.
        let slots = ChecklistSlots::new(&items(
            r#"
            [[items]]
            id = "greet"
            title = "Greet"
            [[items]]
            id = "inspect"
            title = "Inspect"
            sub = [{ id = "stock", title = "Stock" }, { id = "prices", title = "Prices" }]
            [[items]]
            id = "record"
            title = "Record"
            "#,
        ));
        assert_eq!(slots.first, [0, 1, 4]);
        let all = [true, false, true, true, true];
        assert_eq!(marked(&slots, &["greet", "inspect.stock", "inspect.prices", "record"]), all);
        assert_eq!(marked(&slots, &["record", "inspect.prices", "greet", "inspect.stock"]), all);
        // Unknown names and a bare sub-item id mark nothing.
        assert_eq!(marked(&slots, &["stock", "inspect.", "greet.stock"]), [false; 5]);
    }

    #[test]
    fn a_name_two_slots_share_marks_both() {
        // Item `a` with sub-item `b`, and an item whose id is `a.b`: the name `a.b` is both.
        let slots = ChecklistSlots::new(&items(
            r#"
            [[items]]
            id = "a"
            title = "A"
            sub = [{ id = "b", title = "B" }]
            [[items]]
            id = "a.b"
            title = "A.B"
            "#,
        ));
        assert_eq!(marked(&slots, &["a.b"]), [false, true, true]);
    }
}

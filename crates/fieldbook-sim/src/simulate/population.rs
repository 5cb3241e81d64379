//! The simulated team: people with roles and attributes, the customers each looks after
//! (with tags and record fields), and each person's hidden profile (diligence).

use std::ops::Range;
use std::sync::OnceLock;

use chrono::NaiveDate;
use fieldbook_core::spec::{ActivitySpec, FieldType, Per, Threshold, Window};
use fieldbook_core::{Customer, Person, Playbook, Problem, Roster, Team, Value};
use indexmap::IndexMap;

use crate::simulate::params::Params;
use crate::simulate::random::{Dice, Purpose};
use crate::simulate::shard::BLOCK;
use crate::simulate::values::value_for;

/// How a simulated person works; not part of the roster a host would see.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Profile {
    /// From 0 to 1: scales the behaviour rates.
    pub(crate) diligence: f64,
    /// Mean travel minutes between customers.
    pub(crate) travel_minutes: f64,
    /// The person's customers, as indices into the roster's customers (they are laid out
    /// in roster order, each person's in one run).
    pub(crate) customers: Range<usize>,
}

/// A simulated team: the people (as a host would record them), each person's behaviour
/// profile, and the customers each looks after.
///
/// A team of thousands has millions of customers, so they are not kept: the population
/// keeps where its random stream stood at the start of every block of [`BLOCK`] people,
/// and draws a block's customers again, the same, when the block is simulated (or the
/// whole [`Roster`] when [`Population::roster`] is first asked for).
#[derive(Clone, Debug)]
pub struct Population {
    people: Vec<Person>,
    pub(crate) profiles: Vec<Profile>,
    /// The stream's position before each block's first person.
    starts: Vec<u128>,
    draw: Draw,
    roster: OnceLock<Roster>,
}

/// What drawing the population again needs.
#[derive(Clone, Debug)]
struct Draw {
    playbook: Playbook,
    params: Params,
    seed: u64,
    as_of: NaiveDate,
    width: usize,
    /// Whether people are put in teams: the playbook has quotas counted per team.
    teams: bool,
}

impl PartialEq for Population {
    fn eq(&self, other: &Self) -> bool {
        self.people == other.people && self.profiles == other.profiles && self.starts == other.starts
    }
}

impl Population {
    /// Draws a population of `people` for `playbook`: roles (the playbook's first, or the
    /// shares of [`Params::role_share`]), person attributes (enum values by
    /// [`Params::attribute_weight`], uniform by default), and customers for each person
    /// with tags ([`Params::tag_rate`]) and record fields (required ones always), as they
    /// stand on `as_of`: dates fall in the year before it, and customers who must keep an
    /// agreement (HOT-4) have one signed in the last term, some about to run out.
    ///
    /// # Errors
    /// A parameter naming a role, attribute, value or tag the playbook does not declare.
    pub fn generate(
        playbook: &Playbook,
        people: usize,
        params: &Params,
        seed: u64,
        as_of: NaiveDate,
    ) -> Result<Self, Problem> {
        check_names(playbook, params)?;
        let draw = Draw {
            playbook: playbook.clone(),
            params: params.clone(),
            seed,
            as_of,
            width: people.to_string().len().max(3),
            teams: playbook.spec().quotas.iter().any(|q| q.per == Per::Team),
        };
        let mut dice = Dice::new(seed, Purpose::Population, &[]);
        let mut persons = Vec::with_capacity(people);
        let mut profiles = Vec::with_capacity(people);
        let mut starts = Vec::with_capacity(people.div_ceil(BLOCK));
        let mut customers = 0;
        for i in 0..people {
            if i % BLOCK == 0 {
                starts.push(dice.position());
            }
            let (person, profile) = draw.person(i, customers, &mut dice, |_| {});
            customers = profile.customers.end;
            persons.push(person);
            profiles.push(profile);
        }
        Ok(Self { people: persons, profiles, starts, draw, roster: OnceLock::new() })
    }

    /// The people, in roster order.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The roster: people and customers (drawn on the first call).
    pub fn roster(&self) -> &Roster {
        self.roster.get_or_init(|| {
            Roster::new(
                self.people.clone(),
                (0..self.starts.len())
                    .flat_map(|b| self.customers(b * BLOCK..((b + 1) * BLOCK).min(self.people.len()))),
            )
            .with_teams(teams_of(&self.people))
        })
    }

    /// The customers of the people `people` (a run of whole blocks), in roster order.
    pub(crate) fn customers(&self, people: Range<usize>) -> Vec<Customer> {
        if people.is_empty() {
            return Vec::new();
        }
        if let Some(roster) = self.roster.get() {
            let (first, last) = (&self.profiles[people.start], &self.profiles[people.end - 1]);
            return roster.customers[first.customers.start..last.customers.end].to_vec();
        }
        let mut dice = Dice::new(self.draw.seed, Purpose::Population, &[]);
        dice.seek(self.starts[people.start / BLOCK]);
        let mut customers = Vec::new();
        for i in (people.start / BLOCK * BLOCK)..people.end {
            let keep = i >= people.start;
            let start = self.profiles[i].customers.start;
            self.draw.person(i, start, &mut dice, |c| {
                if keep {
                    customers.push(c);
                }
            });
        }
        customers
    }

    /// Each person's diligence, from 0 to 1, in roster order.
    pub fn diligence(&self) -> Vec<f64> {
        self.profiles.iter().map(|p| p.diligence).collect()
    }
}

impl Draw {
    /// Draws person `i` and their customers (handed to `customer`, numbered from `first`).
    fn person(&self, i: usize, first: usize, dice: &mut Dice, mut customer: impl FnMut(Customer)) -> (Person, Profile) {
        let (playbook, params, today, width) = (&self.playbook, &self.params, self.as_of, self.width);
        let spec = playbook.spec();
        let mut person = Person::new(format!("p{:0width$}", i + 1));
        person.role = pick_role(playbook, params, dice);
        if self.teams {
            person.team = Some(format!("t{:0width$}", i / TEAM_SIZE + 1).into());
        }
        for (name, attr) in &spec.people.attributes {
            let weights = params.attributes.get(name);
            let value = match attr.ty {
                FieldType::Enum => Some(pick_weighted(&attr.values, weights, dice)),
                _ if attr.required => value_for(name, attr, today, &[], dice).to_string().into(),
                _ => None,
            };
            if let Some(value) = value {
                person.attrs.insert(name.clone(), value.trim_matches('"').to_string());
            }
        }
        let travel = person
            .attrs
            .values()
            .find_map(|v| params.travel_minutes_by.get(v))
            .map_or(params.travel_minutes.0, |a| a.0);
        let mut profile_dice = Dice::new(self.seed, Purpose::Profile, &[i as u64]);
        let diligence = profile_dice.normal(params.diligence.0, params.diligence_spread.0).clamp(0.2, 1.0);
        let count = customers_for(playbook, &person, params);
        // For quotas limited by activity state (HOT-7), when each customer last came,
        // from a stream of its own so that other playbooks draw as before.
        let activity = spec
            .customers
            .activity
            .as_ref()
            .filter(|_| spec.quotas.iter().any(|q| q.customers.as_ref().is_some_and(|c| !c.activity.is_empty())));
        for j in 0..count {
            let mut drawn = self::customer(playbook, params, &person, j + 1, today, dice);
            if let Some(activity) = activity {
                drawn.last_visit =
                    last_visit(activity, today, &mut Dice::new(self.seed, Purpose::Activity, &[(first + j) as u64]));
            }
            customer(drawn);
        }
        (person, Profile { diligence, travel_minutes: travel, customers: first..first + count })
    }
}

/// When a customer last came before `as_of`, for quotas limited by activity state: a
/// quarter never came (prospects); the others came on a day up to one and a half times
/// the longest threshold before, so that some are active, some dormant, some lost.
fn last_visit(activity: &ActivitySpec, as_of: NaiveDate, dice: &mut Dice) -> Option<NaiveDate> {
    if dice.chance(0.25) {
        return None;
    }
    let days = |span: Option<fieldbook_core::Timespan>| span.and_then(|s| s.whole_days());
    let longest = days(activity.lost_after).or(days(activity.dormant_after)).unwrap_or(90);
    let back = dice.int(1, (i64::from(longest) * 3 / 2).max(2));
    as_of.checked_sub_days(chrono::Days::new(back.unsigned_abs()))
}

/// How many people a simulated team has, when the playbook counts quotas per team: the
/// people of a block, in roster order, four by four. A divisor of [`BLOCK`], so that a
/// team is never cut between blocks (a block has one tracker, which must see the whole
/// team) nor, as shards are whole blocks, between shards.
pub const TEAM_SIZE: usize = 4;

const _: () = assert!(BLOCK % TEAM_SIZE == 0, "a team must not straddle two blocks");

/// The teams of `people` (a run of whole teams), in order, each led by its first member.
pub(crate) fn teams_of(people: &[Person]) -> Vec<Team> {
    let mut teams: Vec<Team> = Vec::new();
    for person in people {
        if let Some(team) = &person.team
            && teams.last().is_none_or(|t| &t.id != team)
        {
            teams.push(Team::new(team.clone()).led_by(person.id.clone()));
        }
    }
    teams
}

/// Every role, attribute, value and tag the parameters name must be the playbook's.
fn check_names(playbook: &Playbook, params: &Params) -> Result<(), Problem> {
    let spec = playbook.spec();
    for role in params.roles.keys() {
        if !spec.roles.iter().any(|r| &r.id == role) {
            return Err(Problem::at(format!("roles.{role}"), format!("the playbook has no role `{role}`")));
        }
    }
    for tag in params.tags.keys() {
        if !spec.customers.tags.contains(tag) {
            return Err(Problem::at(format!("tags.{tag}"), format!("the playbook declares no customer tag `{tag}`")));
        }
    }
    for (name, values) in &params.attributes {
        let Some(attr) = spec.people.attributes.get(name) else {
            return Err(Problem::at(
                format!("attributes.{name}"),
                format!("the playbook declares no person attribute `{name}`"),
            ));
        };
        if let Some(value) = values.keys().find(|v| !attr.values.contains(v)) {
            return Err(Problem::at(
                format!("attributes.{name}.{value}"),
                format!("`{value}` is not a value of the attribute `{name}` ({})", attr.values.join(", ")),
            ));
        }
    }
    Ok(())
}

fn pick_role(playbook: &Playbook, params: &Params, dice: &mut Dice) -> Option<String> {
    let first = playbook.spec().roles.first()?;
    let mut roll = dice.unit();
    for (role, share) in &params.roles {
        if roll < share.0 {
            return Some(role.clone());
        }
        roll -= share.0;
    }
    Some(first.id.clone())
}

fn pick_weighted(
    values: &[String],
    weights: Option<&IndexMap<String, crate::simulate::params::Amount>>,
    dice: &mut Dice,
) -> String {
    let weight = |v: &String| weights.map_or(1.0, |w| w.get(v).map_or(0.0, |a| a.0));
    let total: f64 = values.iter().map(weight).sum();
    if total <= 0.0 {
        return values[dice.index(values.len())].clone();
    }
    let mut roll = dice.unit() * total;
    for value in values {
        roll -= weight(value);
        if roll < 0.0 {
            return value.clone();
        }
    }
    values[values.len() - 1].clone()
}

/// How many customers a person looks after: the parameter, or five days of the
/// playbook's largest daily quota over customer events, at least 40.
fn customers_for(playbook: &Playbook, person: &Person, params: &Params) -> usize {
    if params.customers_per_person > 0 {
        return params.customers_per_person as usize;
    }
    let spec = playbook.spec();
    let daily = spec
        .quotas
        .iter()
        .filter(|q| q.window == Window::Day && person.has_role_in(playbook, &q.roles))
        .filter(|q| spec.event_kinds.get(&q.of.kind).is_some_and(|k| k.customer))
        .filter(|q| matches!(q.measure, fieldbook_core::spec::Measure::Count | fieldbook_core::spec::Measure::Distinct))
        .filter_map(|q| q.at_least.as_ref().and_then(|t| threshold_number(t, person)))
        .fold(0.0, f64::max);
    ((daily * 5.0).ceil() as usize).max(40)
}

/// The number a threshold asks of a person (minutes for lengths of time).
pub(crate) fn threshold_number(threshold: &Threshold, person: &Person) -> Option<f64> {
    threshold.for_attrs(&person.attrs).map(|a| match a {
        fieldbook_core::spec::Amount::Number(n) => n,
        fieldbook_core::spec::Amount::Time(t) => f64::from(t.minutes()),
    })
}

fn customer(
    playbook: &Playbook,
    params: &Params,
    person: &Person,
    n: usize,
    as_of: NaiveDate,
    dice: &mut Dice,
) -> Customer {
    let spec = playbook.spec();
    let tags = spec
        .customers
        .tags
        .iter()
        .filter(|tag| dice.chance(params.tags.get(*tag).map_or(0.15, |r| r.0)))
        .cloned()
        .collect();
    let mut customer = Customer {
        id: format!("{}-c{n:03}", person.id).into(),
        tags,
        manager: Some(person.id.clone()),
        ..Customer::default()
    };
    let agreement_fields: Vec<&str> =
        spec.agreements.iter().flat_map(|a| [a.signed.as_str(), a.signers.as_str()]).collect();
    for (name, field) in &spec.customers.fields {
        if agreement_fields.contains(&name.as_str()) && !field.required {
            continue;
        }
        if field.required || dice.chance(params.optional_field_rate.0) {
            let past = as_of - chrono::TimeDelta::days(dice.int(1, 365));
            customer.fields.insert(name.clone(), value_for(name, field, past, &[], dice));
        }
    }
    // Agreements of the customers who must keep one: signed within the last term (a few
    // a little longer ago, so they have run out), with one to three signers.
    for agreement in &spec.agreements {
        if !customer.is_admitted_by(agreement.customers.as_ref()) {
            continue;
        }
        let term = i64::from(agreement.valid_for.minutes() / (24 * 60)).max(1);
        let signed = as_of - chrono::TimeDelta::days(dice.int(1, term + term / 20));
        customer.fields.insert(agreement.signed.clone(), Value::Text(signed.to_string().into()));
        let signers = (0..dice.int(1, 3)).map(|_| crate::simulate::values::person_name(dice).into()).collect();
        customer.fields.insert(agreement.signers.clone(), Value::List(signers));
    }
    customer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customers_drawn_again_are_the_ones_first_drawn_whatever_the_slice() {
        let text = std::fs::read_to_string("../../examples/playbooks/t77.toml").unwrap();
        let playbook = Playbook::from_toml(&text, None).unwrap();
        let as_of = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let population = Population::generate(&playbook, 2 * BLOCK + 3, &Params::default(), 9, as_of).unwrap();
        // Drawn block by block, and from the middle of a block, before the roster exists.
        let middle = population.customers(BLOCK + 1..BLOCK + 4);
        let blocks: Vec<Customer> = [0..BLOCK, BLOCK..2 * BLOCK, 2 * BLOCK..2 * BLOCK + 3]
            .into_iter()
            .flat_map(|b| population.customers(b))
            .collect();
        // The same draw, in one pass over everyone as `generate` makes it.
        let draw = &population.draw;
        let mut dice = Dice::new(9, Purpose::Population, &[]);
        let mut once = Vec::new();
        for i in 0..population.people().len() {
            let first = once.len();
            let (person, profile) = draw.person(i, first, &mut dice, |c| once.push(c));
            assert_eq!(person, population.people()[i]);
            assert_eq!(profile, population.profiles[i]);
        }
        assert_eq!(blocks, once);
        let from = population.profiles[BLOCK + 1].customers.start;
        assert_eq!(middle, once[from..population.profiles[BLOCK + 3].customers.end]);
        assert!(middle.iter().all(|c| c.manager.as_deref().is_some_and(|m| ["p018", "p019", "p020"].contains(&m))));
        assert_eq!(population.roster().customers, once);
    }
}

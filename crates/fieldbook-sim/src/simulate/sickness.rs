//! Sick days: drawn for each person's month ahead from a stream of its own, so that the
//! roster can say who is away. With the playbook's `[absences.sick]`, the tracker excuses
//! what a sick day owes instead of failing it; without it, sick days fail as any day
//! without work would.

use std::ops::Range;

use chrono::NaiveDate;
use fieldbook_core::Person;

use super::behaviour::Behaviour;
use super::random::{Dice, Purpose};
use super::{Population, Simulation};

/// The absence kind sick days are.
const SICK: &str = "sick";

impl Simulation {
    /// The people of the team as the tracker sees them: with their sick days of the month
    /// as absences of kind `sick`, when the playbook declares that kind (`roster.json`
    /// holds them so, and evaluating the written events with it gives the same findings).
    pub fn team(&self, population: &Population) -> Vec<Person> {
        self.people_in(population, 0..population.people().len()).0
    }

    /// The people `people` (positions in the team) as the tracker sees them, and the days
    /// each is off sick.
    pub(crate) fn people_in(
        &self,
        population: &Population,
        people: Range<usize>,
    ) -> (Vec<Person>, Vec<Vec<NaiveDate>>) {
        let calendar = self.playbook.calendar();
        let working: Vec<NaiveDate> = self
            .first
            .iter_days()
            .take_while(|d| *d <= self.last_day())
            .filter(|d| calendar.is_working_day(*d))
            .collect();
        let excused = self.playbook.spec().absences.contains_key(SICK);
        let mut persons = Vec::with_capacity(people.len());
        let mut sick = Vec::with_capacity(people.len());
        for i in people {
            let profile = &population.profiles[i];
            let behaviour = Behaviour::new(&self.params, profile.diligence, profile.travel_minutes);
            let days = behaviour.sick_days(&working, &mut Dice::new(self.seed, Purpose::Sickness, &[i as u64]));
            let person = &population.people()[i];
            persons.push(if excused { away(person, &days) } else { person.clone() });
            sick.push(days);
        }
        (persons, sick)
    }
}

/// `person`, away sick on `days` (in order): a run of days in a row is one absence.
fn away(person: &Person, days: &[NaiveDate]) -> Person {
    let mut person = person.clone();
    for day in days {
        match person.absences.last_mut() {
            Some(last) if last.kind == SICK && last.to.succ_opt() == Some(*day) => last.to = *day,
            _ => person = person.with_absence(SICK, *day, *day),
        }
    }
    person
}

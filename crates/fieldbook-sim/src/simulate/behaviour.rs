//! Behaviour models: how one person's diligence turns the parameters into chances and
//! lengths of time — forgetting, lateness, visit durations, travel, effort against a
//! quota, skipped checklist items, missed follow-ups.

use chrono::NaiveDate;

use crate::simulate::params::Params;
use crate::simulate::random::Dice;

/// One person's behaviour.
pub(crate) struct Behaviour<'a> {
    params: &'a Params,
    diligence: f64,
    travel_minutes: f64,
    /// For a person in a team, their place in it and its size, `(k, n)`: their part of
    /// the team's targets (quotas counted per team).
    pub(crate) team_part: Option<(usize, usize)>,
}

impl<'a> Behaviour<'a> {
    pub(crate) fn new(params: &'a Params, diligence: f64, travel_minutes: f64) -> Self {
        Self { params, diligence, travel_minutes, team_part: None }
    }

    /// The person's part of a team's `target`: a sum split evenly; a count split into
    /// whole parts that add up to it (six new groups over four people: 2, 1, 2, 1), so
    /// that a team of diligent people meets its count. The whole target outside a team.
    pub(crate) fn team_part(&self, target: f64, sum: bool) -> f64 {
        match self.team_part {
            Some((_, n)) if sum => target / n as f64,
            Some((k, n)) => (target * (k + 1) as f64 / n as f64).round() - (target * k as f64 / n as f64).round(),
            None => target,
        }
    }

    /// A rate set for a person of average diligence, for this person: 0.4 times it for a
    /// perfectly diligent person when the average is 0.85, twice it at 0.6.
    fn scaled(&self, rate: f64) -> f64 {
        let factor = (1.1 - self.diligence) / (1.1 - self.params.diligence.0);
        (rate * factor).clamp(0.0, 1.0)
    }

    /// The days of `working_days` (in order) the person is off sick: each starts a sick
    /// spell with the sick rate, and after a sick day the spell goes on with even odds.
    pub(crate) fn sick_days(&self, working_days: &[NaiveDate], dice: &mut Dice) -> Vec<NaiveDate> {
        let mut sick = Vec::new();
        let mut yesterday = false;
        for day in working_days {
            yesterday = dice.chance(if yesterday { 0.5 } else { self.params.sick_rate.0 });
            if yesterday {
                sick.push(*day);
            }
        }
        sick
    }

    /// Whether a report (or, less often, another step or duty) is forgotten.
    pub(crate) fn forgets(&self, report: bool, dice: &mut Dice) -> bool {
        let rate = self.params.forget_rate.0 * if report { 1.0 } else { 1.0 / 3.0 };
        dice.chance(self.scaled(rate))
    }

    /// Minutes late for something due, or `None` when on time.
    pub(crate) fn lateness(&self, dice: &mut Dice) -> Option<f64> {
        dice.chance(self.scaled(self.params.late_rate.0))
            .then(|| 1.0 + dice.exponential(self.params.lateness_minutes.0.max(1.0)))
    }

    /// The mean minutes of a visit, given the playbook's least minutes a visit (`norm`)
    /// and the mean a day's quota of time asks for.
    pub(crate) fn mean_visit(&self, norm: Option<f64>, mean_needed: f64) -> f64 {
        self.params.visit_minutes.0.max(mean_needed).max(norm.map_or(0.0, |n| n + 0.5))
    }

    /// The mean minutes of travel between customers.
    pub(crate) fn mean_travel(&self) -> f64 {
        self.travel_minutes
    }

    /// How long a visit lasts, given the playbook's least minutes a visit (`norm`) and
    /// the mean a day's quota of time asks for.
    pub(crate) fn visit_minutes(&self, norm: Option<f64>, mean_needed: f64, dice: &mut Dice) -> f64 {
        let mean = self.mean_visit(norm, mean_needed);
        if let Some(norm) = norm
            && dice.chance(self.scaled(self.params.rush_rate.0))
        {
            return dice.uniform(norm * 0.4, norm).max(1.0);
        }
        let minutes = dice.normal(mean, self.params.visit_minutes_spread.0).max(1.0);
        norm.map_or(minutes, |n| minutes.max(n))
    }

    /// Minutes of travel to the next customer.
    pub(crate) fn travel(&self, dice: &mut Dice) -> f64 {
        self.travel_minutes * dice.uniform(0.5, 1.5)
    }

    /// The share of a quota a person aims for in one window: around 1 + the margin,
    /// higher for diligent people.
    pub(crate) fn effort(&self, dice: &mut Dice) -> f64 {
        let mean = 1.0 + 0.5 * (self.diligence - self.params.diligence.0);
        let effort = dice.normal(mean, self.params.effort_spread.0).max(0.0);
        effort * (1.0 + self.params.quota_margin.0)
    }

    /// Minutes a diligent person works past a field-work deadline to meet the quota.
    pub(crate) fn overtime(&self) -> f64 {
        45.0 * self.diligence
    }

    pub(crate) fn skip_item(&self) -> f64 {
        self.scaled(self.params.skip_item_rate.0)
    }

    pub(crate) fn skip_sub_item(&self) -> f64 {
        self.scaled(self.params.skip_sub_item_rate.0)
    }

    /// Whether a follow-up is missed or late.
    pub(crate) fn misses_follow_up(&self, dice: &mut Dice) -> bool {
        dice.chance(self.scaled(self.params.miss_follow_up_rate.0))
    }

    pub(crate) fn params(&self) -> &Params {
        self.params
    }
}

/// `x` rounded up or down at random, with the chance of rounding up equal to its fraction.
pub(crate) fn round_at_random(x: f64, dice: &mut Dice) -> usize {
    let x = x.max(0.0);
    let floor = x.floor();
    (floor as usize) + usize::from(dice.chance(x - floor))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::random::Purpose;

    #[test]
    fn diligence_scales_rates_around_the_average() {
        let params = Params::default();
        let average = Behaviour::new(&params, 0.85, 2.0);
        assert!((average.scaled(0.1) - 0.1).abs() < 1e-12);
        assert!(Behaviour::new(&params, 1.0, 2.0).scaled(0.1) < 0.05);
        assert!(Behaviour::new(&params, 0.6, 2.0).scaled(0.1) > 0.19);
    }

    #[test]
    fn visits_respect_the_norm_unless_rushed() {
        let params = Params::default().rush_rate(0.0);
        let person = Behaviour::new(&params, 0.85, 2.0);
        let mut dice = Dice::new(1, Purpose::Day, &[]);
        assert!((0..200).all(|_| person.visit_minutes(Some(8.0), 0.0, &mut dice) >= 8.0));
        let mean: f64 = (0..400).map(|_| person.visit_minutes(None, 12.0, &mut dice)).sum::<f64>() / 400.0;
        assert!((11.5..12.5).contains(&mean), "{mean}");
    }

    #[test]
    fn a_teams_count_is_split_into_whole_parts_that_add_up_and_a_sum_evenly() {
        let params = Params::default();
        let part = |k: usize, n: usize, target: f64, sum: bool| {
            let mut person = Behaviour::new(&params, 0.85, 2.0);
            person.team_part = Some((k, n));
            person.team_part(target, sum)
        };
        // TEL-8's six new groups over four people; TEL-7's two seminars; TEL-9's one event.
        assert_eq!((0..4).map(|k| part(k, 4, 6.0, false)).collect::<Vec<_>>(), [2.0, 1.0, 2.0, 1.0]);
        assert_eq!((0..4).map(|k| part(k, 4, 2.0, false)).collect::<Vec<_>>(), [1.0, 0.0, 1.0, 0.0]);
        assert_eq!((0..4).map(|k| part(k, 4, 1.0, false)).sum::<f64>(), 1.0);
        assert_eq!(part(3, 4, 10000.0, true), 2500.0);
        assert_eq!(Behaviour::new(&params, 0.85, 2.0).team_part(6.0, false), 6.0);
    }

    #[test]
    fn random_rounding_keeps_the_mean() {
        let mut dice = Dice::new(2, Purpose::Day, &[]);
        let total: usize = (0..1000).map(|_| round_at_random(2.25, &mut dice)).sum();
        assert!((2150..2350).contains(&total), "{total}");
    }
}

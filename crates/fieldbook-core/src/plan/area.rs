//! Grouping a plan's days by area: required visits swap days, within their windows, when
//! that brings both nearer to the other visits of their new day (a k-means-like local
//! search over day centroids). Loads do not change, so neither does balance.

use crate::fast_map::FastSet;

use super::place::Visit;
use super::requirements::Demand;
use super::route::{Spot, km_between};

/// How many sweeps over all pairs of visits at most.
const MAX_SWEEPS: usize = 8;

/// Swaps the days of pairs of visits while a swap shortens the total distance of visits
/// to their day's centroid. `positions[c]` is customer `c`'s position, if known.
pub(crate) fn group_by_area(visits: &mut [Visit], demands: &[Demand], positions: &[Option<(f64, f64)>], days: usize) {
    let placed: Vec<usize> =
        (0..visits.len()).filter(|&i| positions[demands[visits[i].demand].customer].is_some()).collect();
    if placed.len() < 2 || days < 2 {
        return;
    }
    let at = |v: &Visit| positions[demands[v.demand].customer].unwrap_or((0.0, 0.0));
    // A visit's customer, so its position, stays the same through the swaps.
    let spots: Vec<Spot> = placed.iter().map(|&i| Spot::new(at(&visits[i]))).collect();
    let mut taken: FastSet<(usize, usize)> = visits.iter().map(|v| (demands[v.demand].customer, v.day)).collect();
    for _ in 0..MAX_SWEEPS {
        // Day centroids of the positioned visits, fixed for one sweep.
        let mut sum = vec![(0.0, 0.0, 0usize); days];
        for &i in &placed {
            let (lat, lon) = at(&visits[i]);
            let s = &mut sum[visits[i].day];
            *s = (s.0 + lat, s.1 + lon, s.2 + 1);
        }
        let centre: Vec<(f64, f64)> =
            sum.iter().map(|&(a, b, n)| if n == 0 { (0.0, 0.0) } else { (a / n as f64, b / n as f64) }).collect();
        // Each positioned visit's distance to every day's centre, for this sweep.
        let centre: Vec<Spot> = centre.into_iter().map(Spot::new).collect();
        let dist: Vec<Vec<f64>> =
            spots.iter().map(|&spot| centre.iter().map(|&c| km_between(spot, c)).collect()).collect();
        let mut swapped = false;
        for x in 0..placed.len() {
            for y in x + 1..placed.len() {
                let (i, j) = (placed[x], placed[y]);
                let (a, b) = (visits[i].day, visits[j].day);
                if a == b {
                    continue;
                }
                let now = dist[x][a] + dist[y][b];
                let then = dist[x][b] + dist[y][a];
                if then + 1e-6 >= now {
                    continue;
                }
                let (ci, cj) = (demands[visits[i].demand].customer, demands[visits[j].demand].customer);
                let fits = demands[visits[i].demand].days.contains(&b)
                    && demands[visits[j].demand].days.contains(&a)
                    && ci != cj
                    && !taken.contains(&(ci, b))
                    && !taken.contains(&(cj, a));
                if fits {
                    taken.remove(&(ci, a));
                    taken.remove(&(cj, b));
                    taken.insert((ci, b));
                    taken.insert((cj, a));
                    visits[i].day = b;
                    visits[j].day = a;
                    swapped = true;
                }
            }
        }
        if !swapped {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demand(customer: usize) -> Demand {
        Demand { customer, days: 0..2, units: 1, reasons: vec![], refs: vec![] }
    }

    #[test]
    fn two_areas_mixed_over_two_days_end_up_one_area_a_day() {
        // Customers 0 and 1 in the west, 2 and 3 ten kilometres east; each day starts
        // with one of each.
        let positions = [Some((30.0, 120.0)), Some((30.0, 120.001)), Some((30.0, 120.1)), Some((30.0, 120.101))];
        let demands: Vec<Demand> = (0..4).map(demand).collect();
        let mut visits = vec![
            Visit { demand: 0, day: 0 },
            Visit { demand: 2, day: 0 },
            Visit { demand: 1, day: 1 },
            Visit { demand: 3, day: 1 },
        ];
        group_by_area(&mut visits, &demands, &positions, 2);
        // The day of each customer: the two western ones share a day, the eastern the other.
        let day_of = |c: usize| visits.iter().find(|v| v.demand == c).map(|v| v.day);
        assert_eq!(day_of(0), day_of(1), "{visits:?}");
        assert_eq!(day_of(2), day_of(3), "{visits:?}");
        assert_ne!(day_of(0), day_of(2), "{visits:?}");
    }

    #[test]
    fn a_visit_does_not_leave_its_window() {
        // Customer 0 may only go on day 0: nothing moves, though the areas are mixed.
        let positions = [Some((30.0, 120.0)), Some((30.0, 120.1)), Some((30.0, 120.001)), Some((30.0, 120.101))];
        let mut demands: Vec<Demand> = (0..4).map(demand).collect();
        demands[0].days = 0..1;
        demands[3].days = 1..2;
        let mut visits = vec![
            Visit { demand: 0, day: 0 },
            Visit { demand: 1, day: 0 },
            Visit { demand: 2, day: 1 },
            Visit { demand: 3, day: 1 },
        ];
        group_by_area(&mut visits, &demands, &positions, 2);
        // Only 1 (east, day 0) and 2 (west, day 1) may swap, and they do.
        let days: Vec<usize> = visits.iter().map(|v| v.day).collect();
        assert_eq!(days, [0, 1, 0, 1]);
    }
}

//! The route of a day: the order of its visits — customers with coordinates along a short
//! path (nearest neighbour from the westernmost, then 2-opt), the others after them in
//! plan order — and when each visit begins and ends.

use super::params::PlanParams;
use crate::playbook::Playbook;
use crate::roster::Customer;
use crate::time::TimeOfDay;

/// Straight-line (great-circle) distance in kilometres between two `(lat, lon)` points.
pub(crate) fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    km_between(Spot::new(a), Spot::new(b))
}

/// A `(lat, lon)` point made ready for many distances: in radians, with the cosine of its
/// latitude.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spot {
    lat: f64,
    lon: f64,
    cos_lat: f64,
}

impl Spot {
    pub(crate) fn new((lat, lon): (f64, f64)) -> Self {
        let lat = lat.to_radians();
        Self { lat, lon: lon.to_radians(), cos_lat: lat.cos() }
    }
}

/// [`km`] between two spots: the same value, without the conversions.
pub(crate) fn km_between(a: Spot, b: Spot) -> f64 {
    let h = ((b.lat - a.lat) / 2.0).sin().powi(2) + a.cos_lat * b.cos_lat * ((b.lon - a.lon) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// The visiting order of `points` (indices into it): those with a position on a short
/// open path, then those without, in their given order.
pub(crate) fn order(points: &[Option<(f64, f64)>]) -> Vec<usize> {
    let placed: Vec<usize> = (0..points.len()).filter(|&i| points[i].is_some()).collect();
    let unplaced = (0..points.len()).filter(|&i| points[i].is_none());
    let at = |i: usize| points[i].unwrap_or((0.0, 0.0));
    let mut path = Vec::with_capacity(points.len());
    if let Some(&first) = placed.iter().min_by(|&&a, &&b| at(a).1.total_cmp(&at(b).1).then(at(a).0.total_cmp(&at(b).0)))
    {
        // Every distance the search may ask for, once: the same values as computing each
        // when asked (the same calls), so the same path, without the trigonometry of
        // every comparison.
        let n = points.len();
        let spots: Vec<Spot> = (0..n).map(|i| Spot::new(at(i))).collect();
        let mut distance = vec![0.0; n * n];
        for &a in &placed {
            for &b in &placed {
                distance[a * n + b] = km_between(spots[a], spots[b]);
            }
        }
        let dist = |a: usize, b: usize| distance[a * n + b];
        let mut left: Vec<usize> = placed.iter().copied().filter(|&i| i != first).collect();
        path.push(first);
        while !left.is_empty() {
            let here = path[path.len() - 1];
            let k = (0..left.len()).min_by(|&a, &b| dist(here, left[a]).total_cmp(&dist(here, left[b]))).unwrap_or(0);
            path.push(left.remove(k));
        }
        two_opt(&mut path, dist);
    }
    path.extend(unplaced);
    path
}

/// Reverses segments of an open path while that shortens it.
fn two_opt(path: &mut [usize], dist: impl Fn(usize, usize) -> f64) {
    let n = path.len();
    if n < 4 {
        return;
    }
    let mut improved = true;
    let mut rounds = 0;
    while improved && rounds < 50 {
        improved = false;
        rounds += 1;
        for i in 0..n - 2 {
            for j in i + 2..n {
                // Edges (i, i+1) and (j, j+1) become (i, j) and (i+1, j+1); j may be the end.
                let before = dist(path[i], path[i + 1]) + if j + 1 < n { dist(path[j], path[j + 1]) } else { 0.0 };
                let after = dist(path[i], path[j]) + if j + 1 < n { dist(path[i + 1], path[j + 1]) } else { 0.0 };
                if after + 1e-9 < before {
                    path[i + 1..=j].reverse();
                    improved = true;
                }
            }
        }
    }
}

/// The length of a path in kilometres.
/// A customer's `(lat, lon)`, when the playbook names coordinate fields and it has both.
pub(crate) fn position(playbook: &Playbook, customer: &Customer) -> Option<(f64, f64)> {
    let [lat, lon] = playbook.spec().visit_planning.as_ref()?.coordinates.as_ref()?;
    let number = |key: &str| customer.fields.get(key).and_then(|v| v.as_number()).filter(|n| n.is_finite());
    Some((number(lat)?, number(lon)?))
}

/// Expected arrival and departure, in minutes since midnight, of visits at `positions`.
pub(crate) fn timetable(playbook: &Playbook, params: &PlanParams, positions: &[Option<(f64, f64)>]) -> Vec<(u32, u32)> {
    let speed = playbook.spec().visit_planning.as_ref().map_or(15.0, |p| p.speed_kmh).max(f64::MIN_POSITIVE);
    // Minutes as fractions, so that short hops do not each round up to a minute.
    let mut t = f64::from(params.start.minutes());
    let mut out = Vec::with_capacity(positions.len());
    for (i, here) in positions.iter().enumerate() {
        if i > 0 {
            t += match (positions[i - 1], here) {
                (Some(a), Some(b)) => (km(a, *b) / speed * 60.0).min(600.0),
                _ => f64::from(params.travel_minutes),
            };
        }
        let arrive = t.ceil() as u32;
        out.push((arrive, arrive + params.visit_minutes));
        t += f64::from(params.visit_minutes);
    }
    out
}

/// Minutes since midnight as a time of day (23:59 at most).
pub(crate) fn clock(minutes: u32) -> TimeOfDay {
    let m = minutes.min(23 * 60 + 59);
    TimeOfDay::new(m / 60, m % 60).unwrap_or_else(|| unreachable!("clamped to a day"))
}

#[cfg(test)]
fn length(points: &[Option<(f64, f64)>], path: &[usize]) -> f64 {
    path.windows(2).filter_map(|w| Some(km(points[w[0]]?, points[w[1]]?))).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_of_latitude_is_about_111_km() {
        let d = km((30.0, 120.0), (31.0, 120.0));
        assert!((d - 111.19).abs() < 0.05, "{d}");
    }

    #[test]
    fn points_on_a_line_are_visited_in_line_order() {
        // Shuffled points along one parallel; the best open path runs west to east.
        let lons = [120.05, 120.01, 120.04, 120.00, 120.03, 120.02];
        let points: Vec<_> = lons.iter().map(|&lon| Some((30.0, lon))).chain([None]).collect();
        let path = order(&points);
        assert_eq!(path, [3, 1, 5, 4, 2, 0, 6]);
        // 0.05 degrees of longitude at 30N: 111.19 * cos(30) * 0.05 = 4.81 km.
        assert!((length(&points, &path) - 4.815).abs() < 0.01, "{}", length(&points, &path));
    }

    #[test]
    fn two_opt_removes_a_crossing() {
        // A square visited corner to opposite corner crosses itself; 2-opt uncrosses it.
        let pts: [(f64, f64); 4] = [(0.0, 0.0), (1.0, 1.0), (0.0, 1.0), (1.0, 0.0)];
        let mut path = vec![0, 1, 2, 3];
        let d = |a: usize, b: usize| (pts[a].0 - pts[b].0).hypot(pts[a].1 - pts[b].1);
        two_opt(&mut path, d);
        let total: f64 = path.windows(2).map(|w| d(w[0], w[1])).sum();
        assert!((total - 3.0).abs() < 1e-9, "{path:?} {total}");
    }
}

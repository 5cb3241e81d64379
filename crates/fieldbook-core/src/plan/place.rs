//! Placing required visits on days: a maximum flow from requirements through customer-days
//! to days under the lowest daily limit that fits them all, then moves from fuller to
//! emptier days within their windows.

use super::flow::Network;
use super::requirements::Demand;
use crate::fast_map::{FastMap, FastSet};

/// How many limits above the lower bound are tried from the last one's flows before
/// halving: the day's loads of a month plan are a few dozen visits.
const WARM_STEPS: u32 = 64;

/// A required visit: which demand it serves, on which day.
#[derive(Clone, Copy, Debug)]
pub(super) struct Visit {
    pub(super) demand: usize,
    pub(super) day: usize,
}

/// Places the demands' visits under each day's limit `caps[d]`, with the lowest uniform
/// limit (below the caps) that places as many as the caps do. Returns the visits and,
/// per demand, how many could not be placed.
pub(super) fn place(demands: &[Demand], caps: &[u32]) -> (Vec<Visit>, Vec<u32>) {
    let days = caps.len();
    let day_max = caps.iter().copied().max().unwrap_or(0);
    let total: u32 = demands.iter().map(|d| d.units).sum();
    if days == 0 {
        return (Vec::new(), demands.iter().map(|d| d.units).collect());
    }
    let mut net = Network::new(2 + days);
    let (source, sink) = (0, 1);
    let day_node = |d: usize| 2 + d;
    let mut demand_edges = Vec::with_capacity(demands.len());
    let mut visit_edges: Vec<Vec<(usize, usize)>> = Vec::with_capacity(demands.len());
    let mut customer_day: FastMap<(usize, usize), usize> = FastMap::default();
    for demand in demands {
        let g = net.node();
        demand_edges.push(net.edge(source, g, demand.units));
        let mut edges = Vec::with_capacity(demand.days.len());
        for d in demand.days.clone() {
            let cd = match customer_day.get(&(demand.customer, d)) {
                Some(&node) => node,
                None => {
                    let node = net.node();
                    net.edge(node, day_node(d), 1);
                    customer_day.insert((demand.customer, d), node);
                    node
                }
            };
            edges.push((net.edge(g, cd, 1), d));
        }
        visit_edges.push(edges);
    }
    let day_edges: Vec<usize> = (0..days).map(|d| net.edge(day_node(d), sink, caps[d])).collect();
    let day_cap = |e: usize, limit: u32| day_edges.binary_search(&e).ok().map(|d| caps[d].min(limit));
    let at_limit = |net: &mut Network, limit: u32| {
        for (d, &e) in day_edges.iter().enumerate() {
            net.raise(e, caps[d].min(limit));
        }
    };
    let fresh_run = |net: &mut Network, limit: u32| {
        net.reset(|e, cap| day_cap(e, limit).unwrap_or(cap));
        net.max_flow(source, sink)
    };
    // The lowest uniform limit that places every visit, or the caps when even they cannot.
    // A fresh network's flows depend only on its capacities, so the plan is that of one
    // fresh run at the limit found, however the limit was searched for. The lower bound
    // first (when the days can be loaded evenly, this one run settles it); then a limit
    // one higher at a time, each run starting from the last one's flows (raising
    // capacities keeps a flow valid, so a step only adds paths), for a few steps; past
    // them, halving between fresh runs.
    let full = u64::from(total);
    let lo = total.div_ceil(days as u32).min(day_max);
    at_limit(&mut net, lo);
    let mut flow = net.max_flow(source, sink);
    let mut limit = lo;
    while flow < full && limit < day_max && limit - lo < WARM_STEPS {
        limit += 1;
        at_limit(&mut net, limit);
        flow += net.max_flow(source, sink);
    }
    if flow < full && limit < day_max {
        // Not found in the warm steps: is there a limit at all?
        let best = fresh_run(&mut net, day_max);
        if best == full {
            let (mut lo, mut hi) = (limit + 1, day_max);
            // The limit of the last run, if it placed every visit: its flows stand.
            let mut placed_at = Some(day_max);
            while lo < hi {
                let probe = lo + (hi - lo) / 2;
                if fresh_run(&mut net, probe) == full {
                    hi = probe;
                    placed_at = Some(probe);
                } else {
                    lo = probe + 1;
                    placed_at = None;
                }
            }
            if placed_at != Some(lo) {
                fresh_run(&mut net, lo);
            }
        }
    } else if limit != lo {
        fresh_run(&mut net, limit);
    }
    let mut visits = Vec::new();
    let mut unmet = Vec::with_capacity(demands.len());
    for (k, edges) in visit_edges.iter().enumerate() {
        for &(e, d) in edges {
            if net.flow(e) > 0 {
                visits.push(Visit { demand: k, day: d });
            }
        }
        unmet.push(demands[k].units - net.flow(demand_edges[k]));
    }
    (visits, unmet)
}

/// Moves visits from fuller to emptier days within their demand's window and under the
/// day's limit `caps[d]`, while a move narrows the gap, so days carry loads as even as the
/// windows allow.
pub(super) fn balance(visits: &mut [Visit], demands: &[Demand], caps: &[u32]) {
    let mut load = vec![0usize; caps.len()];
    let mut taken: FastSet<(usize, usize)> = FastSet::default();
    for v in visits.iter() {
        load[v.day] += 1;
        taken.insert((demands[v.demand].customer, v.day));
    }
    // Each move lowers the sum of squared loads, so this ends.
    loop {
        let mut moved = false;
        for v in visits.iter_mut() {
            let c = demands[v.demand].customer;
            let target = demands[v.demand]
                .days
                .clone()
                .filter(|&d| load[d] + 1 < load[v.day] && load[d] < caps[d] as usize && !taken.contains(&(c, d)))
                .min_by_key(|&d| (load[d], d));
            if let Some(d) = target {
                taken.remove(&(c, v.day));
                taken.insert((c, d));
                load[v.day] -= 1;
                load[d] += 1;
                v.day = d;
                moved = true;
            }
        }
        if !moved {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demand(customer: usize, days: std::ops::Range<usize>, units: u32) -> Demand {
        Demand { customer, days, units, reasons: vec![], refs: vec![] }
    }

    fn loads(visits: &[Visit], days: usize) -> Vec<usize> {
        let mut load = vec![0; days];
        for v in visits {
            load[v.day] += 1;
        }
        load
    }

    #[test]
    fn the_lowest_limit_above_the_lower_bound_is_found_from_the_last_flows() {
        // Six visits over three days: the lower bound is 2 a day, but four customers can
        // only be seen on day 0, so the lowest limit that places all is 4 (2 and 3 fail).
        let mut demands: Vec<Demand> = (0..4).map(|c| demand(c, 0..1, 1)).collect();
        demands.extend([demand(4, 0..3, 1), demand(5, 0..3, 1)]);
        let (visits, unmet) = place(&demands, &[9, 9, 9]);
        assert_eq!(unmet, [0; 6]);
        let load = loads(&visits, 3);
        assert_eq!(load[0], 4, "{visits:?}");
        assert_eq!(load.iter().sum::<usize>(), 6);
        assert!(load.iter().all(|&l| l <= 4), "{load:?}");
        for v in &visits {
            assert!(demands[v.demand].days.contains(&v.day), "{v:?}");
        }
    }

    #[test]
    fn what_the_caps_cannot_hold_is_unmet() {
        // Seven customers only on day 0, whose cap is 5; day 1 is free but out of reach.
        let demands: Vec<Demand> = (0..7).map(|c| demand(c, 0..1, 1)).collect();
        let (visits, unmet) = place(&demands, &[5, 5]);
        assert_eq!(loads(&visits, 2), [5, 0]);
        assert_eq!(unmet.iter().sum::<u32>(), 2);
    }

    #[test]
    fn a_limit_past_the_warm_steps_is_found_by_halving() {
        // 100 customers only on day 0 and 50 on any of 100 days: the lower bound is 2, the
        // limit 100, more than WARM_STEPS above it. Under a higher limit the flexible
        // customers would join day 0, the first day of their window.
        let mut demands: Vec<Demand> = (0..100).map(|c| demand(c, 0..1, 1)).collect();
        demands.extend((100..150).map(|c| demand(c, 0..100, 1)));
        let (visits, unmet) = place(&demands, &vec![200; 100]);
        assert_eq!(unmet, vec![0; 150]);
        assert_eq!(loads(&visits, 100)[0], 100);
    }
}

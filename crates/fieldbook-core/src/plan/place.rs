//! Placing required visits on days: a maximum flow from requirements through customer-days
//! to days under the lowest daily limit that fits them all, then moves from fuller to
//! emptier days within their windows.

use super::flow::Network;
use super::requirements::Demand;
use crate::fast_map::{FastMap, FastSet};

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
    let best = net.max_flow(source, sink);
    if best == u64::from(total) {
        // The lowest uniform limit that still places every visit: the lower bound first
        // (when the days can be loaded evenly, one run settles it), then halving.
        let (mut lo, mut hi) = (total.div_ceil(days as u32).min(day_max), day_max);
        // The limit of the last run, if it placed every visit: its flows stand (a reset
        // network runs the same, so running it again at that limit is not needed).
        let mut placed_at = Some(day_max);
        let mut probe = lo;
        while lo < hi {
            net.reset(|e, cap| day_cap(e, probe).unwrap_or(cap));
            if net.max_flow(source, sink) == u64::from(total) {
                hi = probe;
                placed_at = Some(probe);
            } else {
                lo = probe + 1;
                placed_at = None;
            }
            probe = lo + (hi - lo) / 2;
        }
        if placed_at != Some(lo) {
            net.reset(|e, cap| day_cap(e, lo).unwrap_or(cap));
            net.max_flow(source, sink);
        }
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

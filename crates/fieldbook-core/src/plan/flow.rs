//! Maximum flow (Dinic's algorithm) over small integer networks: how many required visits
//! fit under the daily limits, exactly. Deterministic: edges are tried in insertion order.

/// A flow network with integer capacities.
#[derive(Clone, Debug, Default)]
pub(crate) struct Network {
    /// Edges out of each node, as indices into `to`/`cap`.
    out: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<u32>,
}

impl Network {
    /// A network of `nodes` nodes and no edges.
    pub(crate) fn new(nodes: usize) -> Self {
        Self { out: vec![Vec::new(); nodes], to: Vec::new(), cap: Vec::new() }
    }

    /// Adds a node and returns it.
    pub(crate) fn node(&mut self) -> usize {
        self.out.push(Vec::new());
        self.out.len() - 1
    }

    /// Adds an edge `from -> to` of capacity `cap` and returns its id.
    pub(crate) fn edge(&mut self, from: usize, to: usize, cap: u32) -> usize {
        let id = self.to.len();
        self.to.push(to);
        self.cap.push(cap);
        self.out[from].push(id);
        self.to.push(from);
        self.cap.push(0);
        self.out[to].push(id + 1);
        id
    }

    /// The flow on edge `id` (its reverse edge's residual capacity).
    pub(crate) fn flow(&self, id: usize) -> u32 {
        self.cap[id ^ 1]
    }

    /// Sets the capacity of edge `id` and clears the flow of every edge.
    pub(crate) fn reset(&mut self, capacity_of: impl Fn(usize, u32) -> u32) {
        for id in (0..self.cap.len()).step_by(2) {
            let total = self.cap[id] + self.cap[id + 1];
            self.cap[id] = capacity_of(id, total);
            self.cap[id + 1] = 0;
        }
    }

    /// Raises the capacity of edge `id` to `cap`, keeping its flow (which `cap` must not be
    /// below): the flows found so far stay a valid start for [`Network::max_flow`].
    pub(crate) fn raise(&mut self, id: usize, cap: u32) {
        self.cap[id] = cap.saturating_sub(self.cap[id ^ 1]);
    }

    /// Pushes as much flow as possible from `source` to `sink` and returns it.
    pub(crate) fn max_flow(&mut self, source: usize, sink: usize) -> u64 {
        let n = self.out.len();
        let mut total = 0u64;
        let mut level = vec![u32::MAX; n];
        let mut next = vec![0usize; n];
        let mut queue = Vec::with_capacity(n);
        let mut path = Vec::new();
        loop {
            level.fill(u32::MAX);
            level[source] = 0;
            queue.clear();
            queue.push(source);
            let mut head = 0;
            while head < queue.len() {
                let v = queue[head];
                head += 1;
                for &e in &self.out[v] {
                    let w = self.to[e];
                    if self.cap[e] > 0 && level[w] == u32::MAX {
                        level[w] = level[v] + 1;
                        queue.push(w);
                    }
                }
            }
            if level[sink] == u32::MAX {
                return total;
            }
            next.fill(0);
            loop {
                let pushed = self.augment((source, sink), u32::MAX, &level, &mut next, &mut path);
                if pushed == 0 {
                    break;
                }
                total += u64::from(pushed);
            }
        }
    }

    /// One blocking-flow path search from `v`, iterative to keep the stack flat; `path`
    /// is scratch space (emptied first).
    fn augment(
        &mut self,
        (source, sink): (usize, usize),
        limit: u32,
        level: &[u32],
        next: &mut [usize],
        path: &mut Vec<usize>,
    ) -> u32 {
        // Depth-first search for a path along increasing levels; `path` holds edge ids.
        path.clear();
        let mut v = source;
        loop {
            if v == sink {
                let pushed = path.iter().map(|&e| self.cap[e]).min().unwrap_or(limit).min(limit);
                for &e in path.iter() {
                    self.cap[e] -= pushed;
                    self.cap[e ^ 1] += pushed;
                }
                return pushed;
            }
            let mut advanced = false;
            while next[v] < self.out[v].len() {
                let e = self.out[v][next[v]];
                let w = self.to[e];
                if self.cap[e] > 0 && level[w] == level[v] + 1 {
                    path.push(e);
                    v = w;
                    advanced = true;
                    break;
                }
                next[v] += 1;
            }
            if !advanced {
                // Dead end: retreat and skip the edge that led here.
                let Some(e) = path.pop() else { return 0 };
                v = self.to[e ^ 1];
                next[v] += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_textbook_network() {
        // s=0, a=1, b=2, t=3: s->a 3, s->b 2, a->b 1, a->t 2, b->t 3: max flow 5.
        let mut net = Network::new(4);
        net.edge(0, 1, 3);
        net.edge(0, 2, 2);
        let ab = net.edge(1, 2, 1);
        net.edge(1, 3, 2);
        net.edge(2, 3, 3);
        assert_eq!(net.max_flow(0, 3), 5);
        assert_eq!(net.flow(ab), 1);
        net.reset(|_, total| total.min(1));
        assert_eq!(net.max_flow(0, 3), 2);
        // Raised back to the textbook capacities, the network keeps its flow of 2 and
        // adds the 3 more that a fresh run finds.
        for (edge, cap) in [(0, 3), (2, 2), (6, 2), (8, 3)] {
            net.raise(edge, cap);
        }
        assert_eq!(net.max_flow(0, 3), 3);
        assert_eq!(net.flow(6) + net.flow(8), 5);
        net.reset(|_, total| total.min(1));
        // Every edge capacity 1: s->a->t and s->b->t.
        assert_eq!(net.max_flow(0, 3), 2);
    }

    #[test]
    fn bipartite_matching_needs_rerouting() {
        // Two customers, two days of one visit each; customer 0 may go on both days,
        // customer 1 only on day 0. A greedy first choice would block customer 1.
        let mut net = Network::new(6);
        let (s, t) = (0, 5);
        net.edge(s, 1, 1);
        net.edge(s, 2, 1);
        net.edge(1, 3, 1);
        net.edge(1, 4, 1);
        net.edge(2, 3, 1);
        net.edge(3, t, 1);
        net.edge(4, t, 1);
        assert_eq!(net.max_flow(s, t), 2);
    }
}

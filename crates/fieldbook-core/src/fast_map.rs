//! The hash map of the tracker's lookups: foldhash with a fixed seed, fast on short ids and
//! the same on every run (no map is ever iterated into output).

use std::collections::{HashMap, HashSet};

/// A map with foldhash's fixed-seed hasher.
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// A set with foldhash's fixed-seed hasher.
pub(crate) type FastSet<K> = HashSet<K, foldhash::fast::FixedState>;

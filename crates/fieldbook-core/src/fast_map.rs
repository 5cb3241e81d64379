//! The hash maps of the engine's lookups: foldhash, fast on short ids. Keys a playbook or a
//! roster supplies are hashed with a fixed seed; keys an event supplies (its id, its field
//! names) with a seed of each map's own, so that no one can craft keys that collide
//! (hash flooding). No map is ever iterated into output, so the output is the same on
//! every run either way.

use std::collections::{HashMap, HashSet};

/// A map with foldhash's fixed-seed hasher.
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// A set with foldhash's fixed-seed hasher.
pub(crate) type FastSet<K> = HashSet<K, foldhash::fast::FixedState>;

/// A set of keys that events supply, with a seed of its own (see the module's header).
pub(crate) type KeyedSet<K> = HashSet<K, foldhash::fast::RandomState>;

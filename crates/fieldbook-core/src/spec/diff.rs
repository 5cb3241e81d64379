//! The differences between two playbooks (an overlay's effective playbook and its base),
//! element by element, each with the source facts involved.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::spec::PlaybookSpec;

/// What happened to an element or value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Present only in the second playbook.
    Added,
    /// Present only in the first.
    Removed,
    /// Present in both, with different values.
    Changed,
}

/// One difference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// Where, with list elements named by id: `steps[morning-meeting].chair`.
    pub path: String,
    /// The value before (absent for additions).
    pub before: Option<Value>,
    /// The value after (absent for removals).
    pub after: Option<Value>,
    /// The source facts of the element concerned, before and after.
    pub refs: Vec<String>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<Value>| v.as_ref().map(Value::to_string).unwrap_or_default();
        match self.kind {
            ChangeKind::Added => write!(f, "added {}", self.path)?,
            ChangeKind::Removed => write!(f, "removed {}", self.path)?,
            ChangeKind::Changed => write!(f, "changed {}: {} -> {}", self.path, show(&self.before), show(&self.after))?,
        }
        if !self.refs.is_empty() {
            write!(f, " [{}]", self.refs.join(", "))?;
        }
        Ok(())
    }
}

/// Every difference from `base` to `other`, in document order. The `[playbook]` table
/// (identity, not content) and `refs` lists (which annotate the changes rather than make
/// them) are not compared.
pub fn diff(base: &PlaybookSpec, other: &PlaybookSpec) -> Vec<Change> {
    let (mut a, mut b) =
        (serde_json::to_value(base).unwrap_or_default(), serde_json::to_value(other).unwrap_or_default());
    for doc in [&mut a, &mut b] {
        if let Value::Object(map) = doc {
            map.shift_remove("playbook");
        }
    }
    let mut changes = Vec::new();
    compare(&a, &b, "", &[], &mut changes);
    changes
}

fn refs_of(value: &Value) -> Vec<String> {
    value
        .get("refs")
        .and_then(Value::as_array)
        .map_or_else(Vec::new, |refs| refs.iter().filter_map(|r| r.as_str().map(String::from)).collect())
}

fn union(a: &[String], b: &[String]) -> Vec<String> {
    let mut out = a.to_vec();
    out.extend(b.iter().filter(|r| !a.contains(r)).cloned());
    out
}

fn id_of(value: &Value) -> Option<&str> {
    value.get("id").and_then(Value::as_str)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

fn compare(a: &Value, b: &Value, path: &str, refs: &[String], out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let refs = union(refs, &union(&refs_of(a), &refs_of(b)));
            // A list absent on one side is an empty list there, so that its elements are
            // listed one by one.
            let empty = Value::Array(Vec::new());
            let missing = |value: &Value| if value.is_array() { Some(&empty) } else { None };
            for (key, value) in x {
                if key == "refs" {
                    continue;
                }
                match y.get(key).or_else(|| missing(value)) {
                    Some(other) => compare(value, other, &join(path, key), &refs, out),
                    None => out.push(change(ChangeKind::Removed, join(path, key), Some(value), None, &refs)),
                }
            }
            for (key, value) in y.iter().filter(|(k, _)| *k != "refs" && !x.contains_key(*k)) {
                match missing(value) {
                    Some(nothing) => compare(nothing, value, &join(path, key), &refs, out),
                    None => out.push(change(ChangeKind::Added, join(path, key), None, Some(value), &refs)),
                }
            }
        }
        (Value::Array(x), Value::Array(y))
            if x.iter().chain(y).all(|v| id_of(v).is_some()) && !(x.is_empty() && y.is_empty()) =>
        {
            for item in x {
                let id = id_of(item).unwrap_or_default();
                let here = format!("{path}[{id}]");
                match y.iter().find(|other| id_of(other) == Some(id)) {
                    Some(other) => compare(item, other, &here, refs, out),
                    None => out.push(change(ChangeKind::Removed, here, Some(item), None, &union(refs, &refs_of(item)))),
                }
            }
            for item in y.iter().filter(|item| !x.iter().any(|old| id_of(old) == id_of(item))) {
                let here = format!("{path}[{}]", id_of(item).unwrap_or_default());
                out.push(change(ChangeKind::Added, here, None, Some(item), &union(refs, &refs_of(item))));
            }
        }
        _ if a != b => out.push(change(ChangeKind::Changed, path.to_string(), Some(a), Some(b), refs)),
        _ => {}
    }
}

fn change(kind: ChangeKind, path: String, before: Option<&Value>, after: Option<&Value>, refs: &[String]) -> Change {
    Change { kind, path, before: before.cloned(), after: after.cloned(), refs: refs.to_vec() }
}

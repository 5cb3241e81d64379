//! Where each value of a TOML document is: key paths to byte spans and back.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// One step of a key path: a table key or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// Formats a key path as `quotas[2].at_least.urban`.
pub(crate) fn format_path(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Reads a key path written by [`format_path`] back into segments.
pub(crate) fn parse_path(path: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indices) = part.split_once('[').map_or((part, ""), |(k, rest)| (k, rest));
        if !key.is_empty() {
            segments.push(Segment::Key(key.to_string()));
        }
        for index in indices.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                segments.push(Segment::Index(i));
            }
        }
    }
    segments
}

/// Every value of a document with its key path and spans.
pub(crate) struct SourceMap {
    nodes: Vec<Node>,
}

struct Node {
    path: Vec<Segment>,
    formatted: String,
    key: Option<Range<usize>>,
    value: Range<usize>,
}

impl SourceMap {
    pub(crate) fn new(root: &Spanned<DeTable<'_>>) -> Self {
        let mut map = Self { nodes: Vec::new() };
        map.table(&mut Vec::new(), root.get_ref());
        map
    }

    fn push(&mut self, path: &[Segment], key: Option<Range<usize>>, value: &Spanned<DeValue<'_>>) {
        self.nodes.push(Node { path: path.to_vec(), formatted: format_path(path), key, value: value.span() });
    }

    fn table(&mut self, path: &mut Vec<Segment>, table: &DeTable<'_>) {
        for (key, value) in table.iter() {
            path.push(Segment::Key(key.get_ref().to_string()));
            self.push(path, Some(key.span()), value);
            self.value(path, value.get_ref());
            path.pop();
        }
    }

    fn array(&mut self, path: &mut Vec<Segment>, array: &DeArray<'_>) {
        for (i, value) in array.iter().enumerate() {
            path.push(Segment::Index(i));
            self.push(path, None, value);
            self.value(path, value.get_ref());
            path.pop();
        }
    }

    fn value(&mut self, path: &mut Vec<Segment>, value: &DeValue<'_>) {
        match value {
            DeValue::Table(table) => self.table(path, table),
            DeValue::Array(array) => self.array(path, array),
            _ => {}
        }
    }

    /// The deepest value whose key or value contains byte `offset`; empty for the root.
    pub(crate) fn path_at(&self, span: &Range<usize>) -> Vec<Segment> {
        let contains = |r: &Range<usize>| r.start <= span.start && span.end <= r.end.max(r.start + 1);
        self.nodes
            .iter()
            .filter(|n| contains(&n.value) || n.key.as_ref().is_some_and(contains))
            .max_by_key(|n| n.path.len())
            .map(|n| n.path.clone())
            .unwrap_or_default()
    }

    /// Where the value (not its key) at exactly `path` starts.
    pub(crate) fn value_offset_of(&self, path: &str) -> Option<usize> {
        self.nodes.iter().find(|n| n.formatted == path).map(|n| n.value.start)
    }

    /// Where the value at `path` is, or its nearest existing ancestor; `None` if not even
    /// the first segment exists.
    pub(crate) fn offset_of(&self, path: &str) -> Option<usize> {
        let mut prefix = path;
        loop {
            if let Some(node) = self.nodes.iter().find(|n| n.formatted == prefix) {
                return Some(node.key.as_ref().map_or(node.value.start, |k| k.start));
            }
            let cut = prefix.rfind(['.', '['])?;
            prefix = &prefix[..cut];
        }
    }
}

/// Removes the value at `path` from `root`; returns whether it was there.
pub(crate) fn remove(root: &mut DeTable<'_>, path: &[Segment]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut current: &mut DeValue<'_> = match parents.first() {
        None => {
            return match last {
                Segment::Key(key) => root.remove(key.as_str()).is_some(),
                Segment::Index(_) => false,
            };
        }
        Some(Segment::Key(key)) => match root.get_mut(key.as_str()) {
            Some(value) => value.get_mut(),
            None => return false,
        },
        Some(Segment::Index(_)) => return false,
    };
    for segment in &parents[1..] {
        let next = match (segment, current) {
            (Segment::Key(key), DeValue::Table(table)) => table.get_mut(key.as_str()),
            (Segment::Index(i), DeValue::Array(array)) => array.get_mut(*i),
            _ => None,
        };
        match next {
            Some(value) => current = value.get_mut(),
            None => return false,
        }
    }
    match (last, current) {
        (Segment::Key(key), DeValue::Table(table)) => table.remove(key.as_str()).is_some(),
        (Segment::Index(i), DeValue::Array(array)) if *i < array.len() => {
            // DeArray has no `remove`: rebuild it without the element, keeping the others
            // in place (their indices no longer match the source, but paths were taken
            // from the source map before removal).
            let mut kept = DeArray::new();
            for (j, item) in array.iter().enumerate() {
                if j != *i {
                    kept.push(item.clone());
                }
            }
            *array = kept;
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "[a]\nx = 1\n\n[[b]]\ny = \"z\"\n\n[[b]]\ny = \"w\"\n";

    #[test]
    fn paths_and_offsets_match_both_ways() {
        let root = DeTable::parse(DOC).unwrap();
        let map = SourceMap::new(&root);
        let offset = map.offset_of("b[1].y").unwrap();
        assert_eq!(&DOC[offset..offset + 1], "y");
        assert_eq!(DOC[..offset].matches('\n').count() + 1, 8);
        let value = DOC.find("\"w\"").unwrap();
        assert_eq!(format_path(&map.path_at(&(value..value + 3))), "b[1].y");
        // A path below an existing value points at the deepest existing ancestor.
        assert_eq!(map.offset_of("a.x.nothing"), map.offset_of("a.x"));
        assert_eq!(map.offset_of("nothing"), None);
    }

    #[test]
    fn key_paths_read_back() {
        let path = "quotas[2].at_least.urban";
        assert_eq!(format_path(&parse_path(path)), path);
        assert_eq!(parse_path("a[1][2]"), [Segment::Key("a".into()), Segment::Index(1), Segment::Index(2)]);
    }

    #[test]
    fn removing_values_by_path() {
        let mut root = DeTable::parse(DOC).unwrap();
        let path = vec![Segment::Key("b".into()), Segment::Index(0)];
        assert!(remove(root.get_mut(), &path));
        let b = root.get_ref().get("b").unwrap().get_ref().as_array().unwrap();
        assert_eq!(b.len(), 1);
        assert!(!remove(root.get_mut(), &[Segment::Key("nothing".into())]));
        assert!(remove(root.get_mut(), &[Segment::Key("a".into()), Segment::Key("x".into())]));
    }
}

//! Overlays: a playbook that `extends` another, changing elements by id, removing them
//! (`remove = true`) and adding new ones. Problems are reported in the file that caused
//! them, even though they are found in the merged, effective playbook.

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;
use serde::de::IntoDeserializer;
use toml::de::DeTable;
use toml::{Table, Value};

use super::source::{Source, sorted, string_start};
use super::source_map::{Segment, SourceMap, format_path, parse_path};
use super::{Loaded, ScriptSource, check, from_text};
use crate::error::{LoadError, Position, Problem, Problems};

/// Where a loader reads playbook files from. The core does no I/O of its own: the
/// `fieldbook` facade reads the file system; tests and hosts may read from memory.
pub trait Sources {
    /// The text of the file at `path`.
    ///
    /// # Errors
    /// When the file cannot be read.
    fn read(&self, path: &Path) -> std::io::Result<String>;

    /// Whether the files a playbook names (`extends`, a check's `file`) must lie in the
    /// folder of the file that names them or below it: no absolute path and no `..`, as
    /// for a script's `import`. Default `true`; a host that keeps its playbooks elsewhere
    /// may lift it.
    fn confined(&self) -> bool {
        true
    }
}

/// Why `named` may not be read, when sources are confined and it leaves the folder of
/// the file that names it.
fn outside(sources: &dyn Sources, named: &str, what: &str) -> Option<String> {
    let inside = Path::new(named).components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    (sources.confined() && !inside).then(|| {
        format!("`{named}` is outside this playbook's folder: {what} names a file in it or below it (no absolute path, no `..`)")
    })
}

/// The key under which each table of a layer remembers where it came from.
const ORIGIN: &str = "__origin";
/// How many playbooks a chain of overlays may have.
const MAX_CHAIN: usize = 16;

/// One file of a chain.
struct Layer {
    path: PathBuf,
    text: String,
    map: SourceMap,
}

impl Layer {
    fn problem(&self, path: &str, message: impl Into<String>) -> Problem {
        let offset = self.map.offset_of(path);
        Problem {
            file: Some(self.path.clone()),
            position: offset.map(|o| Position::of_offset(&self.text, o)),
            path: path.to_string(),
            message: message.into(),
            text: None,
        }
    }
}

/// Loads the playbook in `path`, resolving `extends` through `sources`: the effective spec,
/// checked, and its scripts read.
///
/// # Errors
/// [`LoadError::Read`] when `path` itself cannot be read; otherwise every problem,
/// each placed in the file it comes from.
pub(crate) fn resolve(path: &Path, sources: &dyn Sources) -> Result<Loaded, LoadError> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut current = path.to_path_buf();
    loop {
        let text = match sources.read(&current) {
            Ok(text) => text,
            Err(source) if layers.is_empty() => return Err(LoadError::Read { path: current, source }),
            Err(error) => {
                let child = layers.last().unwrap_or_else(|| unreachable!("a child layer exists"));
                let problem = child.problem(
                    "playbook.extends",
                    format!("cannot read the base playbook {}: {error}", current.display()),
                );
                return Err(LoadError::Invalid(Problems(vec![problem])));
            }
        };
        let (root, syntax) = DeTable::parse_recoverable(&text);
        if !syntax.is_empty() || layers.is_empty() && base_of(&root).is_none() {
            // Not an overlay (or not even TOML): the single-file loader says it all.
            let loaded = from_text(&text, Some(&current)).map_err(LoadError::Invalid)?;
            let map = SourceMap::new(&root);
            let layer = Layer { path: current.clone(), text: text.clone(), map };
            return read_script_files(loaded, sources, |path| Some((&layer, path.to_string())));
        }
        let map = SourceMap::new(&root);
        let mut table = match Table::deserialize(root.clone().into_deserializer()) {
            Ok(table) => table,
            Err(error) => {
                // A value TOML reads but cannot hold (an integer past i64): placed in its file.
                let span = error.span().unwrap_or(0..0);
                let problem = Problem {
                    file: Some(current.clone()),
                    position: Some(Position::of_offset(&text, span.start)),
                    path: format_path(&map.path_at(&span)),
                    message: error.message().trim().to_string(),
                    text: None,
                };
                return Err(LoadError::Invalid(Problems(vec![problem])));
            }
        };
        let layer_index = layers.len();
        let reserved = reserved_keys(&table, "");
        if !reserved.is_empty() {
            let layer = Layer { path: current.clone(), text: text.clone(), map: SourceMap::new(&root) };
            let problems = reserved
                .iter()
                .map(|path| layer.problem(path, format!("keys starting with `{ORIGIN}` are reserved")))
                .collect();
            return Err(LoadError::Invalid(sorted(problems)));
        }
        mark(&mut table, layer_index, "");
        let base = base_of(&root);
        if let Some(message) = base.as_deref().and_then(|b| outside(sources, b, "`extends`")) {
            let layer = Layer { path: current.clone(), text, map };
            return Err(LoadError::Invalid(Problems(vec![layer.problem("playbook.extends", message)])));
        }
        let next = base.map(|base| current.parent().unwrap_or(Path::new("")).join(base));
        layers.push(Layer { path: current.clone(), text, map });
        tables.push(table);
        let Some(next) = next else { break };
        let layer = layers.last().unwrap_or_else(|| unreachable!("just pushed"));
        if layers.iter().any(|l| same_file(&l.path, &next)) {
            let chain: Vec<String> = layers.iter().map(|l| l.path.display().to_string()).collect();
            let problem = layer.problem(
                "playbook.extends",
                format!("overlays form a cycle: {} extends {} again", chain.join(" extends "), next.display()),
            );
            return Err(LoadError::Invalid(Problems(vec![problem])));
        }
        if layers.len() >= MAX_CHAIN {
            let problem =
                layer.problem("playbook.extends", format!("more than {MAX_CHAIN} playbooks in a chain of overlays"));
            return Err(LoadError::Invalid(Problems(vec![problem])));
        }
        current = next;
    }

    // Merge from the root base up to the file asked for.
    let mut merged = tables.pop().unwrap_or_default();
    let mut problems = Vec::new();
    while let Some(overlay) = tables.pop() {
        merge_table(&mut merged, overlay, "", &layers, &mut problems);
    }
    if let Some(Value::Table(meta)) = merged.get_mut("playbook") {
        meta.remove("extends");
    }
    if !problems.is_empty() {
        return Err(LoadError::Invalid(sorted(problems)));
    }
    let mut clean = merged.clone();
    strip(&mut clean);
    let effective =
        toml::to_string(&clean).map_err(|e| LoadError::Invalid(Problems(vec![Problem::at("", e.to_string())])))?;
    let place =
        |problem: Problem| match origin(&merged, &problem.path).and_then(|(l, path)| Some((layers.get(l)?, path))) {
            Some((layer, source_path)) => layer.problem(&source_path, problem.message),
            None => problem,
        };
    let mut source = Source::new(&effective, None);
    let spec = source.parse().map_err(|p| LoadError::Invalid(sorted(p.0.into_iter().map(place).collect())))?;
    let mut loaded = check(spec).map_err(|p| LoadError::Invalid(sorted(p.0.into_iter().map(place).collect())))?;
    let locate =
        |path: &str| origin(&merged, path).and_then(|(layer, source_path)| Some((layers.get(layer)?, source_path)));
    for (i, script) in loaded.scripts.iter_mut().enumerate() {
        let path = format!("checks[{i}].script");
        if let (Some(script), Some((layer, source_path))) = (script.as_mut(), locate(&path)) {
            (script.line, script.column) = string_start(&layer.text, &layer.map, &source_path).unwrap_or((1, 1));
            script.file = Some(layer.path.clone());
        }
    }
    read_script_files(loaded, sources, locate)
}

/// Reads the script files of checks, relative to the file that names them; `locate` tells
/// which layer a key path of the effective playbook comes from, and its path there.
fn read_script_files<'l>(
    mut loaded: Loaded,
    sources: &dyn Sources,
    locate: impl Fn(&str) -> Option<(&'l Layer, String)>,
) -> Result<Loaded, LoadError> {
    let mut problems = Vec::new();
    let files: Vec<(usize, String)> =
        loaded.spec.checks.iter().enumerate().filter_map(|(i, c)| c.file.clone().map(|f| (i, f))).collect();
    for (i, file) in files {
        let key = format!("checks[{i}].file");
        let Some((layer, source_path)) = locate(&key) else { continue };
        if let Some(message) = outside(sources, &file, "a check's `file`") {
            problems.push(layer.problem(&source_path, message));
            continue;
        }
        let path = layer.path.parent().unwrap_or(Path::new("")).join(&file);
        match sources.read(&path) {
            Ok(text) => {
                if let Some(slot) = loaded.scripts.get_mut(i) {
                    *slot = Some(ScriptSource { text, file: Some(path), line: 1, column: 1 });
                }
            }
            Err(error) => {
                problems.push(layer.problem(&source_path, format!("cannot read script {}: {error}", path.display())))
            }
        }
    }
    if problems.is_empty() { Ok(loaded) } else { Err(LoadError::Invalid(sorted(problems))) }
}

/// The `playbook.extends` of a document.
fn base_of(root: &toml::Spanned<DeTable<'_>>) -> Option<String> {
    let meta = root.get_ref().get("playbook")?.get_ref().as_table()?;
    meta.get("extends")?.get_ref().as_str().map(String::from)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => normalize(a) == normalize(b),
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Key paths of keys that would be taken for the loader's own markers.
fn reserved_keys(table: &Table, path: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (key, value) in table {
        let here = join(path, key);
        if key.starts_with(ORIGIN) {
            found.push(here.clone());
        }
        match value {
            Value::Table(inner) => found.extend(reserved_keys(inner, &here)),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Value::Table(inner) = item {
                        found.extend(reserved_keys(inner, &format!("{here}[{i}]")));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Marks every table of a layer with `__origin = "LAYER:PATH"`.
fn mark(table: &mut Table, layer: usize, path: &str) {
    for (key, value) in table.iter_mut() {
        mark_value(value, layer, &join(path, key));
    }
    table.insert(ORIGIN.to_string(), Value::String(format!("{layer}:{path}")));
}

fn mark_value(value: &mut Value, layer: usize, path: &str) {
    match value {
        Value::Table(table) => mark(table, layer, path),
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                mark_value(item, layer, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}

fn strip(table: &mut Table) {
    table.retain(|key, _| !key.starts_with(ORIGIN));
    for (_, value) in table.iter_mut() {
        strip_value(value);
    }
}

fn strip_value(value: &mut Value) {
    match value {
        Value::Table(table) => strip(table),
        Value::Array(items) => items.iter_mut().for_each(strip_value),
        _ => {}
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// The layer and source path a table came from.
fn origin_of(table: &Table) -> Option<(usize, String)> {
    table.get(ORIGIN).and_then(Value::as_str).and_then(split_origin)
}

fn split_origin(text: &str) -> Option<(usize, String)> {
    let (layer, path) = text.split_once(':')?;
    Some((layer.parse().ok()?, path.to_string()))
}

fn is_removal(table: &Table) -> bool {
    table.get("remove").and_then(Value::as_bool) == Some(true)
}

fn merge_table(base: &mut Table, overlay: Table, path: &str, layers: &[Layer], problems: &mut Vec<Problem>) {
    let overlay_origin = origin_of(&overlay);
    for (key, value) in overlay {
        if key.starts_with(ORIGIN) {
            continue;
        }
        let here = join(path, &key);
        match (base.get_mut(&key), value) {
            (Some(_), Value::Table(table)) if is_removal(&table) => {
                base.remove(&key);
            }
            (None, Value::Table(table)) if is_removal(&table) => {
                if let Some((layer, source)) = origin_of(&table).and_then(|(l, path)| Some((layers.get(l)?, path))) {
                    problems
                        .push(layer.problem(&source, format!("there is no `{here}` in the base playbook to remove")));
                }
            }
            (Some(Value::Table(existing)), Value::Table(table)) => {
                merge_table(existing, table, &here, layers, problems)
            }
            (Some(Value::Array(existing)), Value::Array(items)) if has_ids(existing) && has_ids(&items) => {
                merge_by_id(existing, items, &here, layers, problems);
            }
            (None, Value::Array(items)) if has_ids(&items) => {
                // A list the base lacks: its elements are additions, and a removal names
                // an id that is not there.
                let mut added = Vec::new();
                merge_by_id(&mut added, items, &here, layers, problems);
                base.insert(key, Value::Array(added));
            }
            (_, value) => {
                if !matches!(value, Value::Table(_))
                    && let Some((layer, source)) = &overlay_origin
                {
                    let remembered = format!("{layer}:{}", join(source, &key));
                    base.insert(format!("{ORIGIN}.{key}"), Value::String(remembered));
                }
                base.insert(key, value);
            }
        }
    }
}

/// Whether every element of a list is a table with an `id`.
fn has_ids(items: &[Value]) -> bool {
    !items.is_empty()
        && items.iter().all(|item| item.as_table().is_some_and(|t| t.get("id").is_some_and(Value::is_str)))
}

fn merge_by_id(base: &mut Vec<Value>, overlay: Vec<Value>, path: &str, layers: &[Layer], problems: &mut Vec<Problem>) {
    for item in overlay {
        let Value::Table(table) = item else { continue };
        let id = table.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
        let found = base.iter().position(|b| b.get("id").and_then(Value::as_str) == Some(id.as_str()));
        match (found, is_removal(&table)) {
            (Some(i), true) => {
                base.remove(i);
            }
            (None, true) => {
                if let Some((layer, source)) = origin_of(&table).and_then(|(l, path)| Some((layers.get(l)?, path))) {
                    let message = format!("there is no `{id}` in `{path}` of the base playbook to remove");
                    problems.push(layer.problem(&join(&source, "id"), message));
                }
            }
            (Some(i), false) => {
                if let Value::Table(existing) = &mut base[i] {
                    merge_table(existing, table, &format!("{path}[{i}]"), layers, problems);
                }
            }
            (None, false) => base.push(Value::Table(table)),
        }
    }
}

/// The layer and source path of the value at `path` of the merged document: the origin
/// of the deepest table on the way, or of a key an overlay replaced.
fn origin(merged: &Table, path: &str) -> Option<(usize, String)> {
    let segments = parse_path(path);
    let mut best = origin_of(merged).map(|(layer, source)| (layer, source, 0));
    let mut table = merged;
    let mut i = 0;
    while let Some(Segment::Key(key)) = segments.get(i) {
        if let Some((layer, source)) =
            table.get(&format!("{ORIGIN}.{key}")).and_then(Value::as_str).and_then(split_origin)
        {
            best = Some((layer, source, i + 1));
        }
        let Some(mut node) = table.get(key) else { break };
        i += 1;
        while let (Value::Array(items), Some(Segment::Index(n))) = (node, segments.get(i)) {
            let Some(item) = items.get(*n) else { break };
            node = item;
            i += 1;
        }
        let Value::Table(next) = node else { break };
        if let Some((layer, source)) = origin_of(next) {
            best = Some((layer, source, i));
        }
        table = next;
    }
    let (layer, source, used) = best?;
    let rest = format_path(&segments[used.min(segments.len())..]);
    let full = match (source.is_empty(), rest.is_empty()) {
        (true, _) => rest,
        (false, true) => source,
        (false, false) if rest.starts_with('[') => format!("{source}{rest}"),
        (false, false) => format!("{source}.{rest}"),
    };
    Some((layer, full))
}

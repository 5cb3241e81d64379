//! Translations: a playbook's titles and notes in another language, by id.
//!
//! A translation is a TOML file shaped like the playbook it translates: a
//! `[translation]` table (`playbook`, the id it translates, and `lang`), then the
//! elements it words anew, found by id in arrays (`[[steps]] id = "morning-meeting"`) and
//! by key in tables (`[absences.leave]`), giving only `title`, `note` and a step's `place`.
//! Anything else
//! (a time, a threshold, an id the playbook lacks, a note where there is none) is a
//! problem at its `file:line:col`: a translation cannot change a rule.

use std::path::Path;

use toml::{Table, Value};

use super::source::{Source, sorted};
use crate::error::{Problem, Problems};
use crate::spec::PlaybookSpec;

/// The keys a translation may give: texts for people to read (a step's `place` only where
/// the step does not `match` it).
const TRANSLATED: [&str; 3] = ["title", "note", "place"];

/// `spec` with the titles and notes of the translation `text` in place.
///
/// # Errors
/// Every problem of the translation, placed at its `file:line:col` and key path.
pub(crate) fn translate(spec: &PlaybookSpec, text: &str, file: Option<&Path>) -> Result<PlaybookSpec, Problems> {
    let mut source = Source::new(text, file);
    let table: Table = source.parse_as()?;
    let mut problems = Vec::new();
    header(&table, &spec.playbook.id, &mut problems);
    let mut target = Value::try_from(spec).map_err(|e| Problems(vec![Problem::at("", e.to_string())]))?;
    for (key, given) in table.iter().filter(|(key, _)| *key != "translation") {
        match target.get_mut(key) {
            Some(into) => walk(into, given, key, &mut problems),
            None => problems.push(Problem::at(key.clone(), not_in_playbook(key))),
        }
    }
    if !problems.is_empty() {
        return Err(sorted(problems.into_iter().map(|p| source.place(p)).collect()));
    }
    target.try_into().map_err(|e: toml::de::Error| Problems(vec![Problem::at("", e.message().to_string())]))
}

fn header(table: &Table, id: &str, problems: &mut Vec<Problem>) {
    let Some(Value::Table(header)) = table.get("translation") else {
        problems.push(Problem::at(
            "",
            "a translation starts with `[translation]`, giving `playbook` (the id it translates) and `lang`",
        ));
        return;
    };
    for key in header.keys().filter(|k| !matches!(k.as_str(), "playbook" | "lang")) {
        problems.push(Problem::at(format!("translation.{key}"), "unknown key: expected `playbook` or `lang`"));
    }
    match header.get("playbook") {
        Some(Value::String(of)) if of == id => {}
        Some(Value::String(of)) => problems.push(Problem::at(
            "translation.playbook",
            format!("this translation is of playbook `{of}`, not of `{id}`"),
        )),
        _ => problems.push(Problem::at("translation", "missing `playbook`: the id of the playbook it translates")),
    }
    if !matches!(header.get("lang"), Some(Value::String(lang)) if !lang.is_empty()) {
        problems.push(Problem::at("translation", "missing `lang`: the language tag, e.g. `zh-CN`"));
    }
}

fn not_in_playbook(path: &str) -> String {
    format!("`{path}` is not in the playbook: a translation words only what the playbook has")
}

/// Puts the titles and notes of `given` (at key path `path` of the translation) into
/// `into`, the same element of the playbook.
fn walk(into: &mut Value, given: &Value, path: &str, problems: &mut Vec<Problem>) {
    match (into, given) {
        (Value::Table(into), Value::Table(given)) => {
            for (key, value) in given {
                let at = format!("{path}.{key}");
                if key == "id" {
                    if into.get("id") != Some(value) {
                        problems.push(Problem::at(at, "an id is not translated: it names the element"));
                    }
                } else if TRANSLATED.contains(&key.as_str()) && !matches!(value, Value::Table(_) | Value::Array(_)) {
                    if is_matched(into, key) {
                        problems.push(Problem::at(
                            at,
                            format!(
                                "`{key}` is matched against the records (`match`): translating it would change the rule"
                            ),
                        ));
                        continue;
                    }
                    match (into.get_mut(key), value) {
                        (Some(Value::String(text)), Value::String(translated)) => text.clone_from(translated),
                        (Some(_), _) => problems.push(Problem::at(at, format!("`{key}` is a text"))),
                        (None, _) => problems.push(Problem::at(
                            at,
                            format!("the playbook has no `{key}` here to translate: a translation adds nothing"),
                        )),
                    }
                } else {
                    match into.get_mut(key) {
                        Some(inner) if matches!(value, Value::Table(_) | Value::Array(_)) => {
                            walk(inner, value, &at, problems);
                        }
                        Some(_) => problems.push(Problem::at(
                            at,
                            format!("only titles and notes are translated: `{key}` would change the rule"),
                        )),
                        None => problems.push(Problem::at(at.clone(), not_in_playbook(&at))),
                    }
                }
            }
        }
        (Value::Array(into), Value::Array(given)) => {
            for (index, element) in given.iter().enumerate() {
                let at = format!("{path}[{index}]");
                let id = element.get("id").and_then(Value::as_str);
                let Some(id) = id else {
                    problems.push(Problem::at(
                        at,
                        "an element of a list is found by its `id`: only titles and notes are translated",
                    ));
                    continue;
                };
                match into.iter_mut().find(|e| e.get("id").and_then(Value::as_str) == Some(id)) {
                    Some(target) => walk(target, element, &at, problems),
                    None => problems.push(Problem::at(format!("{at}.id"), format!("no element `{id}` in `{path}`"))),
                }
            }
        }
        (_, _) => problems.push(Problem::at(path, "only titles and notes are translated: this would change the rule")),
    }
}

/// Whether the element `table` matches its `key` against the records (`match = ["place"]`).
fn is_matched(table: &Table, key: &str) -> bool {
    table.get("match").and_then(Value::as_array).is_some_and(|keys| keys.iter().any(|k| k.as_str() == Some(key)))
}

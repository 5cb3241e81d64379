//! From TOML text to a [`PlaybookSpec`], with every structural problem placed at its line
//! and column.

use std::path::Path;

use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::de::DeTable;

use super::source_map::{self, Segment, SourceMap, format_path};
use crate::error::{Position, Problem, Problems};
use crate::spec::PlaybookSpec;

/// At most this many structural problems are collected from one document.
const MAX_PROBLEMS: usize = 100;

/// A TOML playbook text being read, with the means to place problems in it.
pub(crate) struct Source<'a> {
    text: &'a str,
    file: Option<&'a Path>,
    map: Option<SourceMap>,
}

impl<'a> Source<'a> {
    pub(crate) fn new(text: &'a str, file: Option<&'a Path>) -> Self {
        Self { text, file, map: None }
    }

    fn problem(&self, offset: Option<usize>, path: String, message: String) -> Problem {
        Problem {
            file: self.file.map(Path::to_path_buf),
            position: offset.map(|o| Position::of_offset(self.text, o)),
            path,
            message,
            text: None,
        }
    }

    /// The map of the parsed text, once [`Source::parse_as`] has read it.
    pub(crate) fn into_map(self) -> Option<SourceMap> {
        self.map
    }

    /// Places a problem found by validation (which knows only its key path).
    pub(crate) fn place(&self, problem: Problem) -> Problem {
        let offset = self.map.as_ref().and_then(|m| m.offset_of(&problem.path));
        Problem {
            position: offset.map(|o| Position::of_offset(self.text, o)),
            file: self.file.map(Path::to_path_buf),
            ..problem
        }
    }

    /// Where the text of the string at `path` starts (see [`string_start`]).
    pub(crate) fn script_start(&self, path: &str) -> (usize, usize) {
        self.map.as_ref().and_then(|map| string_start(self.text, map, path)).unwrap_or((1, 1))
    }

    /// Parses the text into a spec, or returns every structural problem.
    pub(crate) fn parse(&mut self) -> Result<PlaybookSpec, Problems> {
        self.parse_as()
    }

    /// Parses the text into any serde type, or returns every structural problem.
    pub(crate) fn parse_as<T: DeserializeOwned>(&mut self) -> Result<T, Problems> {
        let (mut root, syntax) = DeTable::parse_recoverable(self.text);
        if !syntax.is_empty() {
            let problems = syntax
                .iter()
                .map(|e| self.problem(e.span().map(|s| s.start), String::new(), e.message().trim().to_string()))
                .collect();
            return Err(sorted(problems));
        }
        let map = SourceMap::new(&root);
        let mut problems = Vec::new();
        let mut removed: Vec<Vec<Segment>> = Vec::new();
        let result = loop {
            let error = match T::deserialize(root.clone().into_deserializer()) {
                Ok(spec) => break Some(spec),
                Err(error) => error,
            };
            // Errors about the document as a whole (a missing section) have an empty span.
            let span = error.span().filter(|s| !s.is_empty()).unwrap_or(0..0);
            let path = if span.is_empty() { Vec::new() } else { map.path_at(&span) };
            // "missing field `x`" right after we removed `x` is a consequence of that
            // removal, not a problem of its own.
            let consequence = missing_field(error.message()).is_some_and(|field| {
                let mut removed_path = path.clone();
                removed_path.push(Segment::Key(field.to_string()));
                removed.contains(&removed_path)
            }) || {
                // Nor is a table left empty by removing its only key (a schedule's
                // `weekly` with a bad day).
                let emptied = removed.last().is_some_and(|r| r.len() == path.len() + 1 && r.starts_with(&path));
                emptied && error.message().contains("empty")
            };
            if !consequence {
                problems.push(self.problem(Some(span.start), format_path(&path), error.message().trim().to_string()));
            }
            // Remove the offending value and look for the next problem.
            if path.is_empty() || problems.len() >= MAX_PROBLEMS || !source_map::remove(root.get_mut(), &path) {
                break None;
            }
            removed.push(path);
        };
        self.map = Some(map);
        match result {
            Some(spec) if problems.is_empty() => Ok(spec),
            _ => Err(sorted(problems)),
        }
    }
}

/// Where the text of the string at `path` starts: line and column of its first
/// character (for a multi-line string opened by three quotes and a line break, the next line).
pub(crate) fn string_start(text: &str, map: &SourceMap, path: &str) -> Option<(usize, usize)> {
    let offset = map.value_offset_of(path)?;
    let rest = text.get(offset..)?;
    let quote = if rest.starts_with("\"\"\"") || rest.starts_with("'''") { 3 } else { 1 };
    let newline = match rest.get(quote..) {
        Some(after) if quote == 3 && after.starts_with("\r\n") => 2,
        Some(after) if quote == 3 && after.starts_with('\n') => 1,
        _ => 0,
    };
    let position = Position::of_offset(text, offset + quote + newline);
    Some((position.line, position.column))
}

/// The field named by serde's "missing field `x`" message.
fn missing_field(message: &str) -> Option<&str> {
    message.trim().strip_prefix("missing field `")?.strip_suffix('`')
}

/// Problems in the order of the source text (problems without a position last).
pub(crate) fn sorted(mut problems: Vec<Problem>) -> Problems {
    problems.sort_by_key(|p| p.position.map_or((usize::MAX, usize::MAX), |p| (p.line, p.column)));
    problems.dedup();
    Problems(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match Source::new(text, Some(Path::new("p.toml"))).parse() {
            Ok(_) => vec![],
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    const HEAD: &str = "[playbook]\nid = \"x\"\ntitle = \"X\"\n\n[calendar]\ntime_zone = \"UTC\"\n";

    #[test]
    fn a_sound_document_parses() {
        assert_eq!(problems(HEAD), Vec::<String>::new());
    }

    #[test]
    fn every_structural_problem_is_reported_with_its_place() {
        let text = format!(
            "{HEAD}colour = 1\n\n[[phases]]\nid = \"a\"\ntitle = \"A\"\ndays = \"1-end\"\nfocus = 3\n\n[[phases]]\nid = \"b\"\ntitle = \"B\"\ndays = \"0-4\"\n"
        );
        let found = problems(&text);
        assert_eq!(found.len(), 3, "{found:#?}");
        // `colour` follows the [calendar] header, so it is a key of the calendar.
        assert!(found[0].starts_with("p.toml:7:1: calendar.colour: unknown field `colour`"), "{found:#?}");
        assert!(found[1].starts_with("p.toml:13:9: phases[0].focus: invalid type"), "{found:#?}");
        assert!(found[2].starts_with("p.toml:18:8: phases[1].days: day 0 is not a day"), "{found:#?}");
    }

    #[test]
    fn a_missing_field_is_reported_beside_a_bad_one_in_the_same_table() {
        let text = format!("{HEAD}\n[[steps]]\nid = \"s\"\ntitle = \"S\"\nby = \"8\"\n");
        let found = problems(&text);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].contains("steps[0]: missing field `refs`"), "{found:#?}");
        assert!(found[1].contains("steps[0].by: `8` is not a time of day"), "{found:#?}");
    }

    #[test]
    fn a_missing_section_is_reported_beside_other_problems() {
        let found = problems("[playbook]\nid = \"x\"\ntitle = \"X\"\nowner = 1\n");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().any(|p| p.contains("missing field `calendar`")), "{found:#?}");
    }

    #[test]
    fn syntax_errors_are_placed() {
        let found = problems("[playbook\nid = 1\n");
        assert!(found[0].starts_with("p.toml:1:"), "{found:#?}");
    }

    #[test]
    fn missing_sections_are_reported() {
        let found = problems("[playbook]\nid = \"x\"\ntitle = \"X\"\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("missing field `calendar`"), "{found:#?}");
    }
}

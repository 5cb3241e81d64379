//! Any TOML document read as a playbook is: every structural problem at its line, column
//! and key path, and later problems placed by their key path. Files that live beside
//! playbooks (scenario files) are read with it.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::source::{Source, sorted};
use super::source_map::SourceMap;
use crate::error::{Position, Problem, Problems};

/// A TOML document that has been read into a serde type, kept so that problems found
/// later (by key path only) can be placed at their line and column.
///
/// ```
/// # use fieldbook_core as fieldbook;
/// use fieldbook::error::Problem;
/// use fieldbook::load::TomlDocument;
///
/// #[derive(serde::Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct Doc { name: String }
///
/// let (doc, place): (Doc, _) = TomlDocument::parse("\nname = \"x\"\n", Some("d.toml".as_ref()))?;
/// let problem = place.place(Problem::at("name", "is taken"));
/// assert_eq!(problem.to_string(), "d.toml:2:1: name: is taken");
///
/// let bad = TomlDocument::parse::<Doc>("name = \"x\"\nnmae = 1\n", Some("d.toml".as_ref()));
/// let problems = bad.err().expect("an unknown key is a problem");
/// assert!(problems.to_string().starts_with("d.toml:2:1: nmae: unknown field `nmae`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct TomlDocument {
    text: String,
    file: Option<PathBuf>,
    map: SourceMap,
}

impl TomlDocument {
    /// Reads `text` (from `file`, if given) into a `T`.
    ///
    /// # Errors
    /// Every structural problem (TOML syntax, unknown keys, wrong types, missing keys),
    /// in the order of the text, each at its place.
    pub fn parse<T: DeserializeOwned>(text: &str, file: Option<&Path>) -> Result<(T, Self), Problems> {
        let mut source = Source::new(text, file);
        let value = source.parse_as()?;
        let map = source.into_map().ok_or_else(|| Problems(Vec::new()))?;
        Ok((value, Self { text: text.to_string(), file: file.map(Path::to_path_buf), map }))
    }

    /// The problem, placed in this document: its file, and the line and column of its
    /// key path (or of the nearest key path above it that the document has).
    pub fn place(&self, problem: Problem) -> Problem {
        let offset = self.map.offset_of(&problem.path);
        Problem { file: self.file.clone(), position: offset.map(|o| Position::of_offset(&self.text, o)), ..problem }
    }

    /// The problems, placed in this document and in the order of its text.
    pub fn place_all(&self, problems: impl IntoIterator<Item = Problem>) -> Problems {
        sorted(problems.into_iter().map(|p| self.place(p)).collect())
    }
}

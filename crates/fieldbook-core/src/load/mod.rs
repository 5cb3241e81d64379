//! Loading a playbook: from TOML text (and the files it `extends`) to a checked
//! [`PlaybookSpec`] and the text of its check scripts.
//!
//! Problems come in two rounds, as in a compiler: first the document's structure (TOML
//! syntax; unknown keys, wrong types and malformed values, all collected), then, if the
//! structure is sound, its meaning (references, overlaps, ...), all collected too. Every
//! problem is placed at its `file:line:col` and key path; an overlay's problems in the
//! file that caused them.
//!
//! [`TomlDocument`] offers the same placing of problems to other TOML files.

mod document;
mod overlay;
mod source;
mod source_map;
mod translation;
mod validate;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use document::TomlDocument;
pub use overlay::Sources;
pub(crate) use overlay::resolve;
use source::Source;
pub(crate) use source::sorted;
pub(crate) use translation::translate;

use crate::error::{Problem, Problems};
use crate::spec::PlaybookSpec;

/// A checked spec and the text of each check's script (in `checks` order; `None` for a
/// script file not read, when the spec was not loaded from files).
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) spec: PlaybookSpec,
    pub(crate) scripts: Vec<Option<ScriptSource>>,
}

/// Checks a parsed spec: every problem, with its key path (a spec built in code has no
/// source text to place them in). Inline scripts start at line 1, column 1.
pub(crate) fn check(spec: PlaybookSpec) -> Result<Loaded, Problems> {
    let problems = validate::validate(&spec);
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    let scripts = spec
        .checks
        .iter()
        .map(|c| c.script.as_ref().map(|text| ScriptSource { text: text.clone(), file: None, line: 1, column: 1 }))
        .collect();
    Ok(Loaded { spec, scripts })
}

/// Parses and checks a playbook written in TOML; `file` names where the text came from.
/// Every problem is placed at its line, column and key path, and inline scripts know
/// where they start.
pub(crate) fn from_text(text: &str, file: Option<&Path>) -> Result<Loaded, Problems> {
    let mut source = Source::new(text, file);
    let spec = source.parse()?;
    let mut loaded = check(spec)
        .map_err(|problems| sorted(problems.0.into_iter().map(|p| source.place(p)).collect::<Vec<Problem>>()))?;
    for (i, script) in loaded.scripts.iter_mut().enumerate() {
        if let Some(script) = script {
            (script.line, script.column) = source.script_start(&format!("checks[{i}].script"));
            script.file = file.map(Path::to_path_buf);
        }
    }
    Ok(loaded)
}

/// The text of a check's script and where it starts in its file, for error positions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptSource {
    /// The script.
    pub text: String,
    /// The file it is written in (the playbook for inline scripts).
    pub file: Option<PathBuf>,
    /// Line of the file on which the script's first line is, from 1.
    pub line: usize,
    /// Column of the file at which the script's first line starts, from 1.
    pub column: usize,
}

impl ScriptSource {
    /// The file position of a position in the script (both 1-based).
    pub fn file_position(&self, line: usize, column: usize) -> (usize, usize) {
        if line <= 1 { (self.line, self.column + column.saturating_sub(1)) } else { (self.line + line - 1, column) }
    }
}

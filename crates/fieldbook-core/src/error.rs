//! Errors: problems found in a playbook or a roster, each with its place, the load error
//! that carries them all, and the engine's top-level error.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::message::Message;

/// One problem in a playbook or a roster: where it is and what is wrong.
///
/// Two problems are equal when all their fields but `text` are (`text` says what
/// `message` says; JSON does not keep it).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Problem {
    /// The file the playbook was read from, when it was read from a file.
    pub file: Option<PathBuf>,
    /// 1-based line and column in the source text, when the source text is known.
    pub position: Option<Position>,
    /// Key path of the offending value, e.g. `quotas[2].at_least.urban`; empty for the
    /// document as a whole.
    pub path: String,
    /// What is wrong and, where it helps, what to write instead.
    pub message: String,
    /// What `message` says, as a catalog key and values, for wording it in another
    /// language (`fieldbook-i18n`); `None` for the problems that have no message yet
    /// (they are worded in English only). Boxed: problems travel in errors. Not
    /// serialized.
    #[serde(skip)]
    pub text: Option<Box<Message>>,
}

/// A 1-based line and column (in characters) in a source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `source`.
    pub fn of_offset(source: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Self { line, column: before[line_start..].chars().count() + 1 }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl PartialEq for Problem {
    fn eq(&self, other: &Self) -> bool {
        let Self { file, position, path, message, text: _ } = self;
        (file, position, path, message) == (&other.file, &other.position, &other.path, &other.message)
    }
}

impl Eq for Problem {}

impl Problem {
    /// A problem at key path `path`, not yet placed in a file.
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { file: None, position: None, path: path.into(), message: message.into(), text: None }
    }

    /// A problem at key path `path`, in English and as a message.
    pub fn said(path: impl Into<String>, message: impl Into<String>, text: Message) -> Self {
        Self { text: Some(Box::new(text)), ..Self::at(path, message) }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.as_ref().map(|p| p.display().to_string());
        match (file, self.position) {
            (Some(file), Some(pos)) => write!(f, "{file}:{}:{}: ", pos.line, pos.column)?,
            (Some(file), None) => write!(f, "{file}: ")?,
            (None, Some(pos)) => write!(f, "{}:{}: ", pos.line, pos.column)?,
            (None, None) => {}
        }
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// Every problem found in one playbook, in the order of the source text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// The problems, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

/// Every problem of a roster, each at its key path (`people[2].roles[0]`); it derefs to
/// [`Problems`] (`iter`, `len`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{count} problem(s) with the people or customers given:\n{problems}", count = .0.len(), problems = .0)]
pub struct RosterError(pub Problems);

impl std::ops::Deref for RosterError {
    type Target = Problems;
    fn deref(&self) -> &Problems {
        &self.0
    }
}

impl<'a> IntoIterator for &'a RosterError {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Why a playbook could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read playbook {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The playbook was read but is not valid; every problem found is listed.
    #[error("the playbook has {count} problem(s):\n{0}", count = .0.len())]
    Invalid(Problems),
}

impl LoadError {
    /// The problems of an invalid playbook; empty for a read error.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Self::Invalid(problems) => &problems.0,
            Self::Read { .. } => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        let text = "a = 1\nb = \"é\"\nc";
        assert_eq!(Position::of_offset(text, 0), Position { line: 1, column: 1 });
        assert_eq!(Position::of_offset(text, 6), Position { line: 2, column: 1 });
        // The byte after the two-byte é is the third character after `b = "`.
        let after = text.find('é').unwrap() + 'é'.len_utf8();
        assert_eq!(Position::of_offset(text, after), Position { line: 2, column: 7 });
        assert_eq!(Position::of_offset(text, 999), Position { line: 3, column: 2 });
    }

    #[test]
    fn problems_print_as_file_line_column() {
        let problem = Problem {
            file: Some("t77.toml".into()),
            position: Some(Position { line: 4, column: 9 }),
            ..Problem::at("phases[1].days", "bad")
        };
        assert_eq!(problem.to_string(), "t77.toml:4:9: phases[1].days: bad");
    }
}

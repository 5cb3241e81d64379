//! Batch files: a folder of JSONL files, one batch each, taken in name order.
//!
//! A line is one of:
//! - an event, as `fieldbook::track::read_events` reads it (`{"id", "kind", "person", "at", ...}`);
//! - a retraction, `{"retract": "ID", "date": "YYYY-MM-DD"}` (the event's local day);
//! - the watermark, `{"close_through": "YYYY-MM-DD"}`: after the batch, close every day
//!   through it. At most one; a batch without one closes nothing.
//!
//! Blank lines are skipped. A line that is none of these makes the whole batch an error at
//! `FILE:LINE`: nothing of it is stored, and the host stops.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fieldbook::Event;
use serde::Deserialize;

/// The largest batch file read, against a file that is not a batch at all.
const MAX_BATCH_BYTES: u64 = 256 << 20;

/// One batch, parsed whole.
pub struct Batch {
    /// The file name, which identifies the batch in the database.
    pub name: String,
    /// The day to close through after the batch.
    pub close_through: Option<NaiveDate>,
    /// The events and retractions, in file order.
    pub records: Vec<Record>,
}

/// A line of a batch, with its number and text (stored as sent).
pub struct Record {
    /// The line number, from 1.
    pub line: i64,
    /// The line as sent.
    pub text: String,
    /// What it asks.
    pub what: What,
}

/// An event to ingest, or one to withdraw.
pub enum What {
    /// An event: new, late, a correction or a repeat.
    Event(Box<Event>),
    /// Withdraw the event `id` of `date`.
    Retract {
        /// The event's id.
        id: String,
        /// Its local day.
        date: NaiveDate,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Retraction {
    retract: String,
    date: NaiveDate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Watermark {
    close_through: NaiveDate,
}

/// The batch files of `dir` (`*.jsonl`), in name order.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().is_some_and(|ext| ext == "jsonl") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The batch's name: its file name.
pub fn name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Reads and parses a whole batch.
pub fn read(path: &Path) -> Result<Batch, String> {
    let at = |line: usize, e: &dyn std::fmt::Display| format!("{}:{line}: {e}", path.display());
    let size = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?.len();
    if size > MAX_BATCH_BYTES {
        return Err(format!("{}: {size} bytes, more than a batch may hold ({MAX_BATCH_BYTES})", path.display()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut batch = Batch { name: name(path), close_through: None, records: Vec::new() };
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| at(line_no, &e))?;
        let what = if value.get("close_through").is_some() {
            let watermark: Watermark = serde_json::from_value(value).map_err(|e| at(line_no, &e))?;
            if batch.close_through.replace(watermark.close_through).is_some() {
                return Err(at(line_no, &"a second watermark (`close_through`) in one batch"));
            }
            continue;
        } else if value.get("retract").is_some() {
            let Retraction { retract, date } = serde_json::from_value(value).map_err(|e| at(line_no, &e))?;
            What::Retract { id: retract, date }
        } else {
            What::Event(Box::new(serde_json::from_value(value).map_err(|e| at(line_no, &e))?))
        };
        batch.records.push(Record { line: line_no as i64, text: line.to_string(), what });
    }
    Ok(batch)
}

//! Evaluating a recorded event log (JSON Lines) over a span of days: the pipeline of the
//! `evaluate` example and of the simulator, so that evaluating a simulated `events.jsonl`
//! gives exactly the simulator's findings. The host opens the log; this reads it.
//!
//! The log is taken as complete: every day through the last day is closed, and windows
//! that end later (the week, the month, a duty's grace day) are reported as they stand
//! at the end of that day (23:59), as pending.

use std::io::BufRead;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Finding, Status, Tracker};
use crate::error::RosterError;
use crate::event::{Event, Rejected};
use crate::playbook::{Admission, Playbook};
use crate::roster::Roster;
use crate::time::TimeOfDay;

/// The most days [`evaluate_log`] closes at once: ten years.
pub const MAX_LOG_DAYS: i64 = 3_660;

/// A line of a log that was not evaluated, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RejectedLine {
    /// The line number, from 1.
    pub line: usize,
    /// The event's id, when the line has one.
    pub id: Option<String>,
    /// Why the line was turned away.
    pub reason: String,
}

/// The findings of a log, and the lines turned away.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Evaluation {
    /// The first day evaluated.
    pub from: NaiveDate,
    /// The last day evaluated (closed); later windows are pending as of its end.
    pub to: NaiveDate,
    /// Every finding, in the order the tracker gave them: days closed in order, then the
    /// pending findings of the windows still open.
    pub findings: Vec<Finding>,
    /// Malformed lines and events the tracker turned away, by line number.
    pub rejected: Vec<RejectedLine>,
}

/// Why a log could not be evaluated at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LogError {
    /// The log could not be read.
    #[error("cannot read the event log")]
    Read(#[source] std::io::Error),
    /// The log holds more events than the limit ([`LogLimits::max_events`]).
    #[error("line {line}: event `{id}` is past the {max} events read from one log")]
    TooManyEvents {
        /// The limit.
        max: usize,
        /// The line of the first event past it.
        line: usize,
        /// Its id.
        id: String,
    },
    /// The log has no events and no days were given.
    #[error("no events to evaluate, and no first and last day given")]
    Empty,
    /// The days to evaluate run longer than [`MAX_LOG_DAYS`] (a stray date in the log, or
    /// days given too far apart): closing them all would keep the host busy for hours.
    #[error(
        "the days to evaluate run from {from} to {to}, {days} days; at most {MAX_LOG_DAYS} are evaluated at once: \
         give the first and last day"
    )]
    TooLong {
        /// The first day.
        from: NaiveDate,
        /// The last day.
        to: NaiveDate,
        /// How many days that is.
        days: i64,
    },
    /// The roster does not fit the playbook.
    #[error(transparent)]
    Roster(#[from] RosterError),
}

/// A JSON Lines log as read: the events with their line numbers, and the lines that are
/// not events.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventLog {
    /// The events, each with its line number (from 1).
    pub events: Vec<(usize, Event)>,
    /// Malformed lines (bad JSON, unknown keys, wrong types).
    pub rejected: Vec<RejectedLine>,
}

/// The longest line [`read_events`] reads by default: 1 MiB.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The most events [`read_events`] reads by default: ten million (a month of 10,000
/// people at 30 visits a working day is some seven million).
pub const MAX_LOG_EVENTS: usize = 10_000_000;

/// How much of a log [`read_events_with`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogLimits {
    /// A longer line is rejected alone, and never held in memory whole.
    pub max_line_bytes: usize,
    /// A log with more events is refused ([`LogError::TooManyEvents`]).
    pub max_events: usize,
}

impl Default for LogLimits {
    fn default() -> Self {
        Self { max_line_bytes: MAX_LINE_BYTES, max_events: MAX_LOG_EVENTS }
    }
}

/// Reads a JSON Lines log within the default [`LogLimits`]: one event a line; blank lines
/// are skipped, a byte-order mark at the start is allowed, and a line that is not UTF-8,
/// not an event or too long is rejected alone.
///
/// # Errors
/// The reader fails, or the log holds more events than the limit.
pub fn read_events(reader: impl BufRead) -> Result<EventLog, LogError> {
    read_events_with(reader, LogLimits::default())
}

/// As [`read_events`], within `limits`.
///
/// # Errors
/// The reader fails, or the log holds more than `limits.max_events` events.
pub fn read_events_with(mut reader: impl BufRead, limits: LogLimits) -> Result<EventLog, LogError> {
    let mut log = EventLog::default();
    let mut bytes = Vec::new();
    for i in 0.. {
        let reject =
            |log: &mut EventLog, reason: String| log.rejected.push(RejectedLine { line: i + 1, id: None, reason });
        let Some(whole) = read_line(&mut reader, &mut bytes, limits.max_line_bytes).map_err(LogError::Read)? else {
            break;
        };
        if !whole {
            reject(&mut log, format!("the line is longer than {} bytes", limits.max_line_bytes));
            continue;
        }
        let line = if i == 0 { bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes) } else { &bytes };
        let line = match std::str::from_utf8(line) {
            Ok(line) => line,
            Err(error) => {
                reject(&mut log, format!("the line is not UTF-8: {error}"));
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Event>(line) {
            Ok(event) if log.events.len() == limits.max_events => {
                return Err(LogError::TooManyEvents { max: limits.max_events, line: i + 1, id: event.id.to_string() });
            }
            Ok(event) => log.events.push((i + 1, event)),
            Err(error) => {
                let id = serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .and_then(|v| v.get("id").and_then(|id| id.as_str()).map(String::from));
                log.rejected.push(RejectedLine { line: i + 1, id, reason: error.to_string() });
            }
        }
    }
    Ok(log)
}

/// Reads the next line into `line`, without its `\n`: `None` at the end, `Some(false)` when
/// it is longer than `max` bytes (the rest of it is skipped, not kept).
fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>, max: usize) -> std::io::Result<Option<bool>> {
    line.clear();
    let (mut read, mut whole) = (false, true);
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if buffer.is_empty() {
            return Ok(read.then_some(whole));
        }
        read = true;
        let (chunk, used, done) = match buffer.iter().position(|b| *b == b'\n') {
            Some(end) => (&buffer[..end], end + 1, true),
            None => (buffer, buffer.len(), false),
        };
        if whole && line.len() + chunk.len() <= max {
            line.extend_from_slice(chunk);
        } else {
            whole = false;
            line.clear();
        }
        reader.consume(used);
        if done {
            return Ok(Some(whole));
        }
    }
}

/// Evaluates a log of events, as [`read_events`] gives it, for `roster` against
/// `playbook`, from `from` (default: the day of the earliest event) through `to` (default:
/// the latest). Events after `to` are left out; the log's rejected lines and the events
/// the tracker turns away are returned, by line number.
///
/// # Errors
/// The log is empty and no days are given, the days run longer than [`MAX_LOG_DAYS`], or
/// the roster does not fit the playbook.
pub fn evaluate_log(
    playbook: &Playbook,
    roster: Roster,
    log: EventLog,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Evaluation, LogError> {
    let EventLog { events, mut rejected } = log;
    let zone = playbook.calendar().time_zone();
    let day = |e: &Event| e.at.with_timezone(&zone).date_naive();
    let from = from.or_else(|| events.iter().map(|(_, e)| day(e)).min());
    let to = to.or_else(|| events.iter().map(|(_, e)| day(e)).max());
    let (Some(from), Some(to)) = (from, to) else { return Err(LogError::Empty) };
    let days = (to - from).num_days() + 1;
    if days > MAX_LOG_DAYS {
        return Err(LogError::TooLong { from, to, days });
    }
    let mut evaluator = Evaluator::new(playbook.clone(), roster, from, to)?;
    for (line, event) in events {
        if let Err(turned_away) = evaluator.ingest(event) {
            rejected.push(RejectedLine {
                line,
                id: Some(turned_away.event.id.to_string()),
                reason: turned_away.reason.to_string(),
            });
        }
    }
    rejected.sort_by_key(|r| r.line);
    let findings = evaluator.finish();
    Ok(Evaluation { from, to, findings, rejected })
}

/// A tracker over the days `from..=to`, fed events in any batches and closed as the days
/// go by: [`evaluate_log`] feeds it a whole log, the simulator one day at a time. Both
/// give the same findings for the same events.
#[derive(Debug)]
pub struct Evaluator {
    tracker: Tracker,
    to: NaiveDate,
    /// How many findings the last closing made: room for the next day's at once.
    made: usize,
}

impl Evaluator {
    /// An evaluator for `roster` from `from` through `to`.
    ///
    /// # Errors
    /// Every problem of the roster against the playbook.
    pub fn new(playbook: Playbook, roster: Roster, from: NaiveDate, to: NaiveDate) -> Result<Self, RosterError> {
        Ok(Self { tracker: Tracker::new(playbook, roster, from)?, to, made: 0 })
    }

    /// The tracker.
    pub fn tracker(&self) -> &Tracker {
        &self.tracker
    }

    /// Whether the event falls after the last day, and is left out.
    pub fn is_after(&self, event: &Event) -> bool {
        let zone = self.tracker.playbook().calendar().time_zone();
        event.at.with_timezone(&zone).date_naive() > self.to
    }

    /// Feeds one event; events after the last day are left out (accepted, not counted).
    ///
    /// # Errors
    /// The event, with why the tracker turned it away.
    pub fn ingest(&mut self, event: Event) -> Result<Admission, Box<Rejected>> {
        if self.is_after(&event) {
            return Ok(Admission::New);
        }
        self.tracker.ingest(event)
    }

    /// Closes the days through `date` (at most the last day) and returns their findings.
    pub fn close_through(&mut self, date: NaiveDate) -> Vec<Finding> {
        let mut findings = Vec::with_capacity(self.made);
        self.tracker.close_days(date.min(self.to), |finding| findings.push(finding));
        self.made = findings.len();
        findings
    }

    /// Closes every day through the last and adds the pending findings of the windows
    /// still open at its end (23:59).
    ///
    /// Only findings that are pending are taken from the tracker's preview: once every
    /// day through the last is closed, every window that ended has been judged already,
    /// and the preview would repeat a week, month or quarter ending on the last day as a
    /// failure with nothing counted.
    pub fn finish(mut self) -> Vec<Finding> {
        let mut findings = self.tracker.close_days_through(self.to);
        let end = TimeOfDay::LAST_MINUTE;
        let end_of_to = self.tracker.playbook().calendar().local(self.to, end);
        findings.extend(self.tracker.pending(end_of_to).into_iter().filter(|f| f.status == Status::Pending));
        findings
    }
}

//! Findings: one verdict of evaluation, explained.

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::message::Message;
use crate::playbook::Refs;
use crate::roster::Absence;

/// The verdict of a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The rule was met.
    Pass,
    /// The rule was not met.
    Fail,
    /// The rule was met late, or could not be judged for a reason the message gives.
    Warning,
    /// The window is still open: the verdict may change.
    Pending,
    /// A check script failed to run (a sandbox limit, a runtime error); the message says
    /// where.
    Error,
    /// Not owed: the person was away (the finding's `excused` names the absence).
    Excused,
}

/// The status as in JSON (`pass`, `fail` …), padded to the width asked (`{:<7}`).
impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::Warning => "warning",
            Self::Pending => "pending",
            Self::Error => "error",
            Self::Excused => "excused",
        })
    }
}

/// The span of time a finding judges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Start, inclusive.
    pub start: DateTime<FixedOffset>,
    /// End (the deadline, or the end of the day or period).
    pub end: DateTime<FixedOffset>,
}

/// One result of evaluation: which rule, for whom, over which window, what was expected,
/// what was found, which events decided it, and a one-line explanation.
///
/// Ids and short texts are [`SmolStr`]s and the refs a shared slice: a month of a team
/// yields many findings, and cloning these copies at most 24 bytes or counts a reference,
/// so a finding costs its message and the list of events it cites.
///
/// ```
/// # use fieldbook_core as fieldbook;
/// use fieldbook::{Person, Playbook, Roster, Status, Tracker};
///
/// # let playbook = Playbook::from_toml(include_str!("../../../../examples/playbooks/t77.toml"), None)?;
/// let monday = fieldbook::chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
/// let roster = Roster::new([Person::new("li").with_attr("route", "urban")], []);
/// let mut tracker = Tracker::new(playbook, roster, monday)?;
/// // A Monday with no visit at all: T77-8 asks 30 of an urban customer manager.
/// let findings = tracker.close_through(monday)?;
/// let visits = findings.iter().find(|f| f.rule == "visits-per-day").unwrap();
/// assert_eq!((visits.status, visits.person.as_str()), (Status::Fail, "li"));
/// assert_eq!((visits.expected.as_str(), visits.actual.as_str()), ("at least 30", "0"));
/// assert_eq!(visits.refs[0], "T77-8");
/// assert_eq!(visits.window.start.to_rfc3339(), "2026-12-07T00:00:00+08:00");
/// println!("{}", visits.message); // one line for a person to read
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Two findings are equal when all their fields but `text` are: `text` says what
/// `message` says, and a finding read back from JSON (which does not keep `text`) equals
/// the one written.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// The rule's id.
    pub rule: SmolStr,
    /// The source facts the rule implements (shared by the rule's findings).
    pub refs: Refs,
    /// The person judged; empty for a customer nobody manages. For a team's finding, the
    /// team's chief (empty when it has none).
    pub person: SmolStr,
    /// The team judged, for quotas counted `per = "team"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<SmolStr>,
    /// The customer, for rules judged per customer or per event about a customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<SmolStr>,
    /// The window judged.
    pub window: Span,
    /// The verdict.
    pub status: Status,
    /// What the rule asks, e.g. `at least 30`, `by 09:30`.
    pub expected: SmolStr,
    /// What was found, e.g. `29`, `09:40`, `none`.
    pub actual: SmolStr,
    /// Ids of the events that decided it, earliest first (at most [`MAX_CITED_EVENTS`]).
    pub events: Vec<SmolStr>,
    /// One line for a person to read, in English.
    pub message: String,
    /// What `message` says, as a catalog key and values, for wording it in another
    /// language (`fieldbook-i18n`) or the host's own way. Not serialized: JSON keeps
    /// today's fields; after a round trip through JSON it is empty (key `""`).
    #[serde(skip)]
    pub text: Message,
    /// For an `excused` finding, the absence that excused it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excused: Option<Absence>,
}

impl Finding {
    /// The fields that make a finding what it is: all but `text`.
    #[allow(clippy::type_complexity)]
    fn identity(
        &self,
    ) -> (
        &SmolStr,
        &Refs,
        &SmolStr,
        &Option<SmolStr>,
        &Span,
        Status,
        &SmolStr,
        &SmolStr,
        &Vec<SmolStr>,
        &String,
        &Option<Absence>,
        &Option<SmolStr>,
    ) {
        let Self {
            rule,
            refs,
            person,
            customer,
            window,
            status,
            expected,
            actual,
            events,
            message,
            excused,
            team,
            text: _,
        } = self;
        (rule, refs, person, customer, window, *status, expected, actual, events, message, excused, team)
    }
}

impl PartialEq for Finding {
    fn eq(&self, other: &Self) -> bool {
        self.identity() == other.identity()
    }
}

impl Eq for Finding {}

impl std::hash::Hash for Finding {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.identity().hash(state);
    }
}

/// How many event ids a finding cites at most.
pub const MAX_CITED_EVENTS: usize = 10;

/// One line: `STATUS RULE [REFS] PERSON: MESSAGE`, e.g. `fail visits-per-day [T77-8] li:
/// Customer visits per day: 12 that day, at least 30`; a team's finding reads
/// `STATUS RULE [REFS] team TEAM (CHIEF): MESSAGE`.
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.team {
            Some(team) => write!(
                f,
                "{} {} [{}] team {team} ({}): {}",
                self.status,
                self.rule,
                self.refs.join(", "),
                if self.person.is_empty() { "no chief" } else { &self.person },
                self.message
            ),
            None => {
                write!(f, "{} {} [{}] {}: {}", self.status, self.rule, self.refs.join(", "), self.person, self.message)
            }
        }
    }
}

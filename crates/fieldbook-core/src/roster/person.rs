//! The person an agenda is for and whose events are judged.

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::calendar::Calendar;
use crate::spec::PlaybookSpec;

/// How far a day back from an absence is looked for.
const SEARCH_DAYS: usize = 400;

/// A person whose agenda is asked for: an id, a role and attributes such as
/// `route = "rural"`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Identifier in the host's system.
    pub id: SmolStr,
    /// The person's role; `None` means the playbook's first role.
    #[serde(default)]
    pub role: Option<String>,
    /// Attribute values by attribute name.
    #[serde(default)]
    pub attrs: IndexMap<String, String>,
    /// Times away (leave, sick days, training), of the playbook's `[absences]` kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absences: Vec<Absence>,
    /// The team the person belongs to, an id of the roster's `teams`: quotas counted
    /// `per = "team"` count their events with their teammates'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<SmolStr>,
    /// The person who stands in while this one is away: the follow-ups of an absence
    /// whose kind hands them over (`follow_ups = "deputy"`) are theirs. A person of the
    /// roster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deputy: Option<SmolStr>,
}

/// A time away: a kind of the playbook's `[absences]` and the days, inclusive.
///
/// ```
/// # use fieldbook_core as fieldbook;
/// use fieldbook::Person;
/// let day = |d| fieldbook::chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
/// let li = Person::new("li").with_absence("leave", day(8), day(9));
/// assert_eq!(li.absence_on(day(9)).map(|a| a.kind.as_str()), Some("leave"));
/// assert!(li.absence_on(day(10)).is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Absence {
    /// The kind, a key of the playbook's `[absences]`.
    pub kind: SmolStr,
    /// The first day away.
    pub from: NaiveDate,
    /// The last day away.
    pub to: NaiveDate,
}

impl std::fmt::Display for Absence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.from == self.to {
            write!(f, "{} on {}", self.kind, self.from)
        } else {
            write!(f, "{} {} to {}", self.kind, self.from, self.to)
        }
    }
}

impl Person {
    /// A person with the given id, no role and no attributes.
    pub fn new(id: impl Into<SmolStr>) -> Self {
        Self { id: id.into(), ..Self::default() }
    }

    /// The person with `role`.
    pub fn with_role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// Whether a rule limited to `roles` (empty: every role) applies to the person, whose
    /// role defaults to the playbook's first role.
    pub fn has_role_in(&self, playbook: impl AsRef<PlaybookSpec>, roles: &[String]) -> bool {
        let role = self.role_in(&playbook);
        roles.is_empty() || role.is_some_and(|r| roles.iter().any(|x| x == r))
    }

    /// The person's role in `playbook`: their own, else the playbook's first role.
    pub fn role_in<'a>(&'a self, playbook: &'a impl AsRef<PlaybookSpec>) -> Option<&'a str> {
        self.role.as_deref().or_else(|| playbook.as_ref().roles.first().map(|r| r.id.as_str()))
    }

    /// The person, a member of team `team`.
    #[must_use]
    pub fn in_team(mut self, team: impl Into<SmolStr>) -> Self {
        self.team = Some(team.into());
        self
    }

    /// The person with attribute `key` set to `value`.
    pub fn with_attr(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.attrs.insert(key.into(), value.into());
        self
    }

    /// The person with an absence of `kind` from `from` to `to`, inclusive.
    pub fn with_absence(mut self, kind: impl Into<SmolStr>, from: NaiveDate, to: NaiveDate) -> Self {
        self.absences.push(Absence { kind: kind.into(), from, to });
        self
    }

    /// The person, with `deputy` standing in while they are away.
    #[must_use]
    pub fn with_deputy(mut self, deputy: impl Into<SmolStr>) -> Self {
        self.deputy = Some(deputy.into());
        self
    }

    /// The absence that covers `date`, if any (the first listed, when two overlap).
    pub fn absence_on(&self, date: NaiveDate) -> Option<&Absence> {
        self.absences.iter().find(|a| a.from <= date && date <= a.to)
    }

    /// The first working day from `day` on which the person is not away: where what an
    /// absence moves is owed. `day` itself when no such day comes within 400 days.
    pub fn first_day_back(&self, calendar: &Calendar, day: NaiveDate) -> NaiveDate {
        day.iter_days()
            .take(SEARCH_DAYS)
            .find(|d| calendar.is_working_day(*d) && self.absence_on(*d).is_none())
            .unwrap_or(day)
    }
}

//! A scenario file as written: plain serde types, with the JSON Schema derived from them.

use std::path::PathBuf;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Event, Roster};

/// A scenario file (`t77.tests.toml`): the playbook under test, a roster, and scenarios.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "fieldbook scenario file")]
pub struct SuiteSpec {
    /// The playbook (or overlay) under test, a path relative to this file.
    pub playbook: PathBuf,
    /// The roster of every scenario that does not give its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<RosterSchema>")]
    pub roster: Option<Roster>,
    /// The roster as a JSON file (as `evaluate --roster` reads), relative to this file;
    /// instead of `roster`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster_file: Option<PathBuf>,
    /// The scenarios, run in order, each on a tracker of its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<ScenarioSpec>,
}

/// One scenario: events, the days closed, and what must come out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// What the scenario shows, one line (`an urban day of 29 visits fails`).
    pub name: String,
    /// The tracker's first day (default: the first day of `close`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "date::optional")]
    #[schemars(with = "Option<DateSchema>")]
    pub start: Option<NaiveDate>,
    /// The days to close through, in order; the findings of each closing are collected.
    /// Required unless the scenario only has `agenda` expectations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[serde(deserialize_with = "date::list")]
    #[schemars(with = "Vec<DateSchema>")]
    pub close: Vec<NaiveDate>,
    /// This scenario's roster, instead of the file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<RosterSchema>")]
    pub roster: Option<Roster>,
    /// This scenario's roster as a JSON file, instead of the file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster_file: Option<PathBuf>,
    /// Events, as in a JSON Lines log (`{ id, kind, person, at, end, customer, fields }`,
    /// times as RFC 3339 strings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<EventSchema>")]
    pub events: Vec<Event>,
    /// Events in a JSON Lines file, relative to this file; ingested before `events`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events_file: Option<PathBuf>,
    /// The findings that must come out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expect: Vec<ExpectSpec>,
    /// When true, a finding that fails (or errs) and no expectation names fails the
    /// scenario: "and nothing else fails". Default false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nothing_else_fails: bool,
    /// What the agenda must hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agenda: Vec<AgendaSpec>,
}

/// A finding that must come out (or, with `status = "absent"`, must not). Every key given
/// must hold; `rule` or `ref` is required.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectSpec {
    /// The rule's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// A source fact the rule cites (`T77-8`), instead of or beside `rule`.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub source_ref: Option<String>,
    /// The person judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// The customer judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// The team judged, for a quota counted `per = "team"` (the finding's `person` is
    /// then the team's chief).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// The day the finding's window starts on, in the playbook's time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "date::optional")]
    #[schemars(with = "Option<DateSchema>")]
    pub day: Option<NaiveDate>,
    /// The window judged, RFC 3339 times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowSpec>,
    /// The day of `close` whose closing gives the finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "date::optional")]
    #[schemars(with = "Option<DateSchema>")]
    pub closed: Option<NaiveDate>,
    /// The verdict.
    pub status: ExpectedStatus,
    /// The finding's `expected` text (`at least 30`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The finding's `actual` text (`29`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// The ids of the events the finding cites, in its order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<String>>,
    /// A text the finding's message contains.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A window of time, as findings give it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WindowSpec {
    /// When it starts (RFC 3339, `2026-12-07T00:00:00+08:00`).
    pub start: String,
    /// When it ends.
    pub end: String,
}

/// The verdict a scenario expects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExpectedStatus {
    /// The rule was met.
    #[default]
    Pass,
    /// The rule was not met.
    Fail,
    /// Met late, or a warning-severity check not met.
    Warning,
    /// The window is still open.
    Pending,
    /// A check script failed to run.
    Error,
    /// Not owed: the person was away.
    Excused,
    /// No such finding at all.
    Absent,
}

/// What the agenda of one person holds on one date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaSpec {
    /// The date.
    #[serde(deserialize_with = "date::one")]
    #[schemars(with = "DateSchema")]
    pub date: NaiveDate,
    /// The person (a roster id).
    pub person: String,
    /// Items that must be on it, in any order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<AgendaItemSpec>,
    /// Ids of items that must not be on it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
    /// When true, no item but those of `items` may be on it. Default false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exactly: bool,
}

/// An item of an agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItemSpec {
    /// The item's id (its rule's id, `focus:PHASE`, ...).
    pub id: String,
    /// When it is due, `HH:MM` in the playbook's time zone, or `YYYY-MM-DDTHH:MM` for an
    /// item due on another day (a reminder, a renewal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

/// Dates written as TOML dates (`2026-12-07`) or as strings (`"2026-12-07"`).
mod date {
    use std::fmt;

    use chrono::NaiveDate;
    use serde::Deserialize;
    use serde::de::{Deserializer, Error, MapAccess, SeqAccess, Visitor, value::MapAccessDeserializer};
    use toml::value::Datetime;

    pub(super) fn one<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        deserializer.deserialize_any(Date)
    }

    pub(super) fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
        one(deserializer).map(Some)
    }

    pub(super) fn list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<NaiveDate>, D::Error> {
        deserializer.deserialize_seq(Dates)
    }

    /// One date.
    struct Date;

    impl<'de> Visitor<'de> for Date {
        type Value = NaiveDate;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date YYYY-MM-DD, e.g. 2026-12-07")
        }

        fn visit_str<E: Error>(self, text: &str) -> Result<NaiveDate, E> {
            text.parse().map_err(|_| E::custom(format!("`{text}` is not a date YYYY-MM-DD, e.g. 2026-12-07")))
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<NaiveDate, A::Error> {
            let datetime = Datetime::deserialize(MapAccessDeserializer::new(map))?;
            let date = match (datetime.date, datetime.time, datetime.offset) {
                (Some(date), None, None) => {
                    NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
                }
                _ => None,
            };
            date.ok_or_else(|| A::Error::custom(format!("`{datetime}` is not a date YYYY-MM-DD, e.g. 2026-12-07")))
        }
    }

    /// A list of dates.
    struct Dates;

    impl<'de> Visitor<'de> for Dates {
        type Value = Vec<NaiveDate>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of dates YYYY-MM-DD, e.g. [2026-12-07, 2026-12-08]")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<NaiveDate>, A::Error> {
            let mut dates = Vec::new();
            while let Some(date) = seq.next_element_seed(Seed)? {
                dates.push(date);
            }
            Ok(dates)
        }
    }

    /// A date as an element of a list.
    struct Seed;

    impl<'de> serde::de::DeserializeSeed<'de> for Seed {
        type Value = NaiveDate;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<NaiveDate, D::Error> {
            one(deserializer)
        }
    }
}

/// A date in the schema: `YYYY-MM-DD`.
#[derive(JsonSchema)]
#[schemars(extend("format" = "date"))]
#[allow(dead_code, reason = "a schema stand-in, never built")]
struct DateSchema(String);

/// The roster in the schema (its own serde types carry no schema).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "a schema stand-in, never built")]
struct RosterSchema {
    /// The people: `{ id, role, attrs = { route = "urban" } }`.
    #[serde(default)]
    people: Vec<PersonSchema>,
    /// The customers: `{ id, tags, manager, fields = { name = "..." }, reviewed, visit_frequency, last_visit }`.
    #[serde(default)]
    customers: Vec<CustomerSchema>,
    /// The teams: `{ id = "ict", chief = "zhao" }`; members name theirs in `team`.
    #[serde(default)]
    teams: Vec<TeamSchema>,
}

/// A team.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "a schema stand-in, never built")]
struct TeamSchema {
    /// Identifier.
    id: String,
    /// The person the team's findings go to.
    #[serde(default)]
    chief: Option<String>,
}

/// A person.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "a schema stand-in, never built")]
struct PersonSchema {
    /// Identifier.
    id: String,
    /// A role of the playbook.
    #[serde(default)]
    role: Option<String>,
    /// Attribute values by name.
    #[serde(default)]
    attrs: std::collections::BTreeMap<String, String>,
    /// Times away: `{ kind = "leave", from = "2026-12-07", to = "2026-12-08" }`.
    #[serde(default)]
    absences: Vec<AbsenceSchema>,
    /// The id of the team the person belongs to.
    #[serde(default)]
    team: Option<String>,
}

/// A time away, of a kind of the playbook's `[absences]`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "a schema stand-in, never built")]
struct AbsenceSchema {
    /// The kind.
    kind: String,
    /// The first day away.
    from: DateSchema,
    /// The last day away.
    to: DateSchema,
}

/// A customer.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "a schema stand-in, never built")]
struct CustomerSchema {
    /// Identifier.
    id: String,
    /// Tags of the playbook.
    #[serde(default)]
    tags: Vec<String>,
    /// The person who looks after the customer.
    #[serde(default)]
    manager: Option<String>,
    /// Record fields by name.
    #[serde(default)]
    fields: serde_json::Map<String, serde_json::Value>,
    /// When each field was last reviewed, `YYYY-MM-DD` by field name.
    #[serde(default)]
    reviewed: std::collections::BTreeMap<String, DateSchema>,
    /// A visit frequency id that overrides the one the tags select.
    #[serde(default)]
    visit_frequency: Option<String>,
    /// The day of the last visit before the events given, `YYYY-MM-DD`.
    #[serde(default)]
    last_visit: Option<DateSchema>,
}

/// An event.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "a schema stand-in, never built")]
struct EventSchema {
    /// Unique id.
    id: String,
    /// An event kind of the playbook.
    kind: String,
    /// The person who did it.
    person: String,
    /// When it happened or started, RFC 3339 (`2026-12-07T09:30:00+08:00`).
    at: String,
    /// When it ended, RFC 3339.
    #[serde(default)]
    end: Option<String>,
    /// The customer concerned.
    #[serde(default)]
    customer: Option<String>,
    /// Field values by name.
    #[serde(default)]
    fields: serde_json::Map<String, serde_json::Value>,
}

//! The roster: the people a tracker follows and the customers they serve, checked against
//! a playbook's roles, attributes, tags and record fields.

mod person;

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize};
use smol_str::SmolStr;

pub use person::{Absence, Person};

use crate::error::{Problem, Problems, RosterError};
use crate::event::Value;
use crate::fast_map::FastSet;
use crate::spec::{CustomerFilter, FrequencySpec, PlaybookSpec, VisitPlanningSpec};

/// People (with role and attributes) and customers (with tags and record fields).
///
/// As JSON: `{"people": [{"id", "role", "attrs": {}}], "customers": [{"id", "tags": [],
/// "manager", "fields": {}, "reviewed": {}}]}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    /// The people, in the order findings list them.
    #[serde(default)]
    pub people: Vec<Person>,
    /// The customers.
    #[serde(default)]
    pub customers: Vec<Customer>,
    /// The teams people belong to (`Person::team`), in the order their findings come.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<Team>,
}

/// A team: the people whose `team` is its id are its members; quotas counted
/// `per = "team"` are judged once for it, and their findings go to its chief.
///
/// As JSON: `{"id": "ict", "chief": "zhao"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// Identifier in the host's system.
    pub id: SmolStr,
    /// The person who answers for the team's quotas (TEL-10: the industry account manager
    /// leads the working group); a person of the roster. Without one, the team's findings
    /// go to nobody (`person` is empty), like those of a customer nobody manages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chief: Option<SmolStr>,
}

impl Team {
    /// A team with this id and no chief.
    pub fn new(id: impl Into<SmolStr>) -> Self {
        Self { id: id.into(), chief: None }
    }

    /// The team, led by `person`.
    #[must_use]
    pub fn led_by(mut self, person: impl Into<SmolStr>) -> Self {
        self.chief = Some(person.into());
        self
    }
}

/// A customer: id, tags such as `key` or `volatile`, record fields, and when fields were
/// last reviewed.
///
/// As JSON: `{"id": "c01", "tags": ["on_account"], "manager": "chen",
/// "fields": {"name": "Wang Li", "health": "diabetic"}, "reviewed": {"health": "2026-05-01"}}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// Identifier in the host's system.
    pub id: SmolStr,
    /// Tags declared in the playbook's `[customers] tags`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The person who looks after the customer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<SmolStr>,
    /// Record fields declared in `[customers.fields]`.
    #[serde(default)]
    pub fields: IndexMap<String, Value>,
    /// When each field was last checked to be still true, `YYYY-MM-DD` by field name; a
    /// field with `valid_for` is due for review that long after (HOT-2 timeliness).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty", deserialize_with = "review_dates")]
    pub reviewed: IndexMap<String, NaiveDate>,
    /// The id of a `[[visit_planning.frequencies]]` entry that overrides the one the
    /// customer's tags select (a key customer visited monthly by agreement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_frequency: Option<String>,
    /// The day of the customer's last visit (a `[customers.activity]` visit, such as a
    /// meal) before the events a tracker is given, from the host's records: quotas limited
    /// by activity state reckon from it until a later visit is recorded. Without it, and
    /// without a recorded visit, the customer is a prospect.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "optional_date")]
    pub last_visit: Option<NaiveDate>,
}

impl Roster {
    /// A roster of these people and customers.
    ///
    /// ```
    /// # use fieldbook_core as fieldbook;
    /// use fieldbook::{Customer, Person, Roster};
    ///
    /// let roster = Roster::new(
    ///     [Person::new("li").with_role("customer_manager").with_attr("route", "urban")],
    ///     [Customer::new("c01").managed_by("li").with_tag("key").with_field("name", "Shop 1")],
    /// );
    /// assert_eq!(roster.customers[0].manager.as_deref(), Some("li"));
    /// ```
    pub fn new(people: impl IntoIterator<Item = Person>, customers: impl IntoIterator<Item = Customer>) -> Self {
        Self { people: people.into_iter().collect(), customers: customers.into_iter().collect(), teams: Vec::new() }
    }

    /// The roster, with `teams` added.
    #[must_use]
    pub fn with_teams(mut self, teams: impl IntoIterator<Item = Team>) -> Self {
        self.teams.extend(teams);
        self
    }
}

impl Customer {
    /// A customer with this id and nothing else.
    pub fn new(id: impl Into<SmolStr>) -> Self {
        Self { id: id.into(), ..Self::default() }
    }

    /// The visit frequency the customer follows under `planning`: its own
    /// `visit_frequency`, else the first entry whose `customers` admit its tags (see
    /// [`VisitPlanningSpec::frequency_for`]); `None` when it needs no visit.
    pub fn frequency<'p>(&self, planning: &'p VisitPlanningSpec) -> Option<&'p FrequencySpec> {
        planning.frequency_for(self.visit_frequency.as_deref(), &self.tags)
    }

    /// The customer, looked after by `person`.
    #[must_use]
    pub fn managed_by(mut self, person: impl Into<SmolStr>) -> Self {
        self.manager = Some(person.into());
        self
    }

    /// The customer, with tag `tag` added.
    #[must_use]
    pub fn with_tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// The customer, with record field `name` set to `value`.
    #[must_use]
    pub fn with_field(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.fields.insert(name.into(), value.into());
        self
    }

    /// Whether an optional filter admits the customer (no filter admits everyone).
    pub fn is_admitted_by(&self, filter: Option<&CustomerFilter>) -> bool {
        filter.is_none_or(|f| f.admits(&self.tags))
    }
}

/// An optional date, named in the error when it is not one.
fn optional_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    text.map(|text| {
        text.parse::<NaiveDate>()
            .map_err(|_| serde::de::Error::custom(format!("last_visit: {text:?} is not a date YYYY-MM-DD")))
    })
    .transpose()
}

/// Review dates, each named in the error when it is not a date.
fn review_dates<'de, D: Deserializer<'de>>(deserializer: D) -> Result<IndexMap<String, NaiveDate>, D::Error> {
    let texts = IndexMap::<String, String>::deserialize(deserializer)?;
    texts
        .into_iter()
        .map(|(field, text)| match text.parse::<NaiveDate>() {
            Ok(date) => Ok((field, date)),
            Err(_) => Err(serde::de::Error::custom(format!("reviewed.{field}: {text:?} is not a date YYYY-MM-DD"))),
        })
        .collect()
}

impl Roster {
    /// Checks the roster against a playbook: unique ids, known roles, attributes and
    /// their values, known tags, record fields of the declared types, required fields.
    ///
    /// # Errors
    /// Every problem found.
    pub fn check(&self, playbook: impl AsRef<PlaybookSpec>) -> Result<(), RosterError> {
        let spec = playbook.as_ref();
        let mut problems = Vec::new();
        let mut problem = |path: String, message: String| problems.push(Problem::at(path, message));
        let mut people = FastSet::default();
        for (i, person) in self.people.iter().enumerate() {
            if !people.insert(person.id.as_str()) {
                problem(format!("people[{i}].id"), format!("person id `{}` is used twice", person.id));
            }
            person_problems(spec, &format!("people[{i}]"), person, &mut problem);
        }
        self.team_problems(spec, &people, &mut problem);
        for (i, person) in self.people.iter().enumerate() {
            match &person.deputy {
                Some(deputy) if deputy == &person.id => {
                    problem(format!("people[{i}].deputy"), format!("`{deputy}` cannot stand in for themselves"));
                }
                Some(deputy) if !people.contains(deputy.as_str()) => {
                    problem(format!("people[{i}].deputy"), format!("unknown person `{deputy}`"));
                }
                _ => {}
            }
        }
        let mut seen = FastSet::default();
        for (i, customer) in self.customers.iter().enumerate() {
            if !seen.insert(customer.id.as_str()) {
                problem(format!("customers[{i}].id"), format!("customer id `{}` is used twice", customer.id));
            }
            for (j, tag) in customer.tags.iter().enumerate() {
                if !spec.customers.tags.contains(tag) {
                    problem(format!("customers[{i}].tags[{j}]"), format!("unknown customer tag `{tag}`"));
                }
            }
            if let Some(manager) = &customer.manager
                && !people.contains(manager.as_str())
            {
                problem(format!("customers[{i}].manager"), format!("unknown person `{manager}`"));
            }
            for (key, value) in &customer.fields {
                match spec.customers.fields.get(key) {
                    None => problem(format!("customers[{i}].fields.{key}"), format!("unknown customer field `{key}`")),
                    Some(field) => {
                        if let Err(reason) = value.check(field) {
                            problem(format!("customers[{i}].fields.{key}"), reason);
                        }
                    }
                }
            }
            for (key, field) in &spec.customers.fields {
                if field.required && !customer.fields.contains_key(key) {
                    problem(format!("customers[{i}].fields"), format!("required field `{key}` is missing"));
                }
            }
            if let Some(frequency) = &customer.visit_frequency {
                let known =
                    spec.visit_planning.as_ref().is_some_and(|p| p.frequencies.iter().any(|f| &f.id == frequency));
                if !known {
                    problem(
                        format!("customers[{i}].visit_frequency"),
                        format!("unknown visit frequency `{frequency}`"),
                    );
                }
            }
            for key in customer.reviewed.keys() {
                if !spec.customers.fields.contains_key(key) {
                    problem(format!("customers[{i}].reviewed.{key}"), format!("unknown customer field `{key}`"));
                }
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(RosterError(Problems(problems))) }
    }
}

impl Roster {
    /// The problems of the teams: unique ids, known chiefs, every team with a member,
    /// every member's team known, and everyone a quota counted per team applies to in a
    /// team (else their events would count for nobody).
    fn team_problems(&self, spec: &PlaybookSpec, people: &FastSet<&str>, problem: &mut impl FnMut(String, String)) {
        let mut teams = FastSet::default();
        for (i, team) in self.teams.iter().enumerate() {
            if !teams.insert(team.id.as_str()) {
                problem(format!("teams[{i}].id"), format!("team id `{}` is used twice", team.id));
            }
            if let Some(chief) = team.chief.as_ref().filter(|c| !people.contains(c.as_str())) {
                problem(format!("teams[{i}].chief"), format!("unknown person `{chief}`"));
            }
            if !self.people.iter().any(|p| p.team.as_ref() == Some(&team.id)) {
                problem(format!("teams[{i}]"), format!("team `{}` has no members: no person's `team` is it", team.id));
            }
        }
        let team_quotas: Vec<&crate::spec::QuotaSpec> =
            spec.quotas.iter().filter(|q| q.per == crate::spec::Per::Team).collect();
        for (i, person) in self.people.iter().enumerate() {
            match &person.team {
                Some(team) if !teams.contains(team.as_str()) => {
                    let known: Vec<&str> = self.teams.iter().map(|t| t.id.as_str()).collect();
                    let known =
                        if known.is_empty() { "the roster names no `teams`".to_string() } else { known.join(", ") };
                    problem(format!("people[{i}].team"), format!("unknown team `{team}` ({known})"));
                }
                Some(_) => {}
                None => {
                    if let Some(quota) = team_quotas.iter().find(|q| person.has_role_in(&*spec, &q.roles)) {
                        problem(
                            format!("people[{i}].team"),
                            format!(
                                "`{}` is in no team, and quota `{}` is counted per team: give them a `team` of the roster's `teams`",
                                person.id, quota.id
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// The problems of one person against a playbook, at key paths under `at`: an unknown
/// role, attributes unknown or of a value not declared, required attributes missing.
pub(crate) fn person_problems(
    spec: &PlaybookSpec,
    at: &str,
    person: &Person,
    problem: &mut impl FnMut(String, String),
) {
    if let Some(role) = &person.role
        && !spec.roles.iter().any(|r| &r.id == role)
    {
        problem(format!("{at}.role"), format!("unknown role `{role}`"));
    }
    for (key, value) in &person.attrs {
        match spec.people.attributes.get(key) {
            None => problem(format!("{at}.attrs.{key}"), format!("unknown attribute `{key}`")),
            Some(attr) => {
                if let Err(reason) = Value::Text(value.as_str().into()).check(attr) {
                    problem(format!("{at}.attrs.{key}"), reason);
                }
            }
        }
    }
    for (key, attr) in &spec.people.attributes {
        if attr.required && !person.attrs.contains_key(key) {
            problem(format!("{at}.attrs"), format!("required attribute `{key}` is missing"));
        }
    }
    for (i, absence) in person.absences.iter().enumerate() {
        if !spec.absences.contains_key(absence.kind.as_str()) {
            let known: Vec<&str> = spec.absences.keys().map(String::as_str).collect();
            let known = if known.is_empty() { "the playbook declares none".to_string() } else { known.join(", ") };
            problem(format!("{at}.absences[{i}].kind"), format!("unknown absence kind `{}` ({known})", absence.kind));
        }
        if absence.to < absence.from {
            problem(
                format!("{at}.absences[{i}]"),
                format!("ends on {} before it starts on {}", absence.to, absence.from),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_dates_read_from_json_and_name_the_field_when_impossible() {
        let good: Customer = serde_json::from_str(r#"{"id": "c", "reviewed": {"health": "2026-05-01"}}"#).unwrap();
        assert_eq!(good.reviewed.get("health"), Some(&NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()));
        assert_eq!(
            serde_json::to_string(&good).unwrap(),
            r#"{"id":"c","tags":[],"fields":{},"reviewed":{"health":"2026-05-01"}}"#
        );
        let bad = serde_json::from_str::<Customer>(r#"{"id": "c", "reviewed": {"health": "2026-02-30"}}"#).unwrap_err();
        assert!(bad.to_string().starts_with("reviewed.health: \"2026-02-30\" is not a date YYYY-MM-DD"), "{bad}");
        // A customer without review dates serializes as before.
        let plain: Customer = serde_json::from_str(r#"{"id": "c"}"#).unwrap();
        assert!(plain.reviewed.is_empty());
        assert!(!serde_json::to_string(&plain).unwrap().contains("reviewed"));
    }
}

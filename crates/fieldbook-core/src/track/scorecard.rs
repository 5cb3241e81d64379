//! Scorecards: findings tallied per rule and per person, with attainment.

use chrono::NaiveDate;

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::fast_map::FastMap;
use crate::track::{Finding, Refs, Status};

/// How many findings had each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Tally {
    /// Findings that passed.
    pub pass: usize,
    /// Findings that failed.
    pub fail: usize,
    /// Findings with a warning (done late, or not judged).
    pub warning: usize,
    /// Findings of windows still open.
    pub pending: usize,
    /// Checks whose script failed to run.
    #[serde(default)]
    pub error: usize,
    /// Findings excused by an absence: counted apart, and not in attainment.
    #[serde(default)]
    pub excused: usize,
}

impl Tally {
    fn add(&mut self, status: Status) {
        match status {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::Warning => self.warning += 1,
            Status::Pending => self.pending += 1,
            Status::Error => self.error += 1,
            Status::Excused => self.excused += 1,
        }
    }

    /// Passed findings as a share of the judged ones (pass, fail, warning), from 0 to 1;
    /// `None` when nothing was judged yet.
    pub fn attainment(&self) -> Option<f64> {
        let judged = self.pass + self.fail + self.warning;
        (judged > 0).then(|| self.pass as f64 / judged as f64)
    }
}

/// One rule's line of a scorecard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuleScore {
    /// The rule's id.
    pub rule: SmolStr,
    /// Its source facts.
    pub refs: Refs,
    /// Its findings by status.
    pub tally: Tally,
}

/// One person's line of a scorecard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PersonScore {
    /// The person (empty for customers nobody manages).
    pub person: SmolStr,
    /// Their findings by status.
    pub tally: Tally,
}

/// One team's line of a scorecard: the findings of quotas counted `per = "team"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TeamScore {
    /// The team.
    pub team: SmolStr,
    /// Its chief, to whom the findings went (empty when it has none).
    pub chief: SmolStr,
    /// Its findings by status.
    pub tally: Tally,
}

/// Findings tallied per rule (in order of first appearance), per person, per team, and in
/// total. A team's finding (of a quota counted `per = "team"`) is tallied on the team's
/// line, not on its chief's: a person's line is their own work.
///
/// ```
/// # use fieldbook_core as fieldbook;
/// use fieldbook::track::Scorecard;
/// use fieldbook::{Person, Playbook, Roster, Tracker};
///
/// # let playbook = Playbook::from_toml(include_str!("../../../../examples/playbooks/t77.toml"), None)?;
/// let monday = fieldbook::chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
/// let roster = Roster::new([Person::new("li").with_attr("route", "urban")], []);
/// let mut tracker = Tracker::new(playbook, roster, monday)?;
/// // Tallied as the findings are made, without keeping them.
/// let mut card = Scorecard::default();
/// tracker.close_through_each(monday, |finding| card.tally(&finding))?;
/// let li = &card.people[0];
/// assert_eq!((li.person.as_str(), li.tally.pass), ("li", 0));
/// assert_eq!(li.tally.attainment(), Some(0.0));
/// assert_eq!(card.total.fail, li.tally.fail);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Scorecard {
    /// Per rule.
    pub rules: Vec<RuleScore>,
    /// Per person.
    pub people: Vec<PersonScore>,
    /// Per team, in order of first appearance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<TeamScore>,
    /// All findings.
    pub total: Tally,
    /// Where each rule's and person's line is, to tally one finding at a time.
    #[serde(skip)]
    lines: Lines,
}

/// Positions of the lines of a scorecard: a cache, checked on every use (the lists are
/// public and may have been changed since).
#[derive(Clone, Debug, Default)]
struct Lines {
    rules: FastMap<SmolStr, usize>,
    people: FastMap<SmolStr, usize>,
    /// The line of the last finding's person: findings come in runs of one person.
    last_person: usize,
}

impl PartialEq for Scorecard {
    fn eq(&self, other: &Self) -> bool {
        (&self.rules, &self.people, &self.teams, self.total) == (&other.rules, &other.people, &other.teams, other.total)
    }
}

impl Scorecard {
    /// Tallies `findings`.
    pub fn new<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut card = Self::default();
        card.add(findings);
        card
    }

    /// Tallies more findings: a host that closes days one by one keeps a month's card
    /// without keeping the month's findings (the card equals that of all of them at once).
    pub fn add<'a>(&mut self, findings: impl IntoIterator<Item = &'a Finding>) {
        findings.into_iter().for_each(|finding| self.tally(finding));
    }

    /// Tallies one finding, e.g. each one [`crate::Tracker::close_through_each`] hands over.
    pub fn tally(&mut self, finding: &Finding) {
        let rule = match self.lines.rules.get(&finding.rule) {
            Some(&i) if self.rules.get(i).is_some_and(|r| r.rule == finding.rule) => i,
            _ => self.rule_line(finding),
        };
        self.rules[rule].tally.add(finding.status);
        self.total.add(finding.status);
        if let Some(team) = &finding.team {
            let line = match self.teams.iter().position(|t| t.team == *team) {
                Some(i) => i,
                None => {
                    let chief = finding.person.clone();
                    self.teams.push(TeamScore { team: team.clone(), chief, tally: Tally::default() });
                    self.teams.len() - 1
                }
            };
            self.teams[line].tally.add(finding.status);
            return;
        }
        let last = self.lines.last_person;
        let person = match self.people.get(last) {
            Some(line) if line.person == finding.person => last,
            _ => match self.lines.people.get(&finding.person) {
                Some(&i) if self.people.get(i).is_some_and(|p| p.person == finding.person) => i,
                _ => self.person_line(&finding.person),
            },
        };
        self.lines.last_person = person;
        self.people[person].tally.add(finding.status);
    }

    /// The line of `finding`'s rule when the positions do not have it: found in the list
    /// (the positions are then made again) or added.
    fn rule_line(&mut self, finding: &Finding) -> usize {
        if let Some(i) = self.rules.iter().position(|r| r.rule == finding.rule) {
            self.lines.rules = self.rules.iter().enumerate().map(|(i, r)| (r.rule.clone(), i)).collect();
            return i;
        }
        let (rule, refs) = (finding.rule.clone(), finding.refs.clone());
        self.rules.push(RuleScore { rule, refs, tally: Tally::default() });
        self.lines.rules.insert(finding.rule.clone(), self.rules.len() - 1);
        self.rules.len() - 1
    }

    /// The line of `person` when the positions do not have it: found in the list (the
    /// positions are then made again) or added.
    fn person_line(&mut self, person: &SmolStr) -> usize {
        if let Some(i) = self.people.iter().position(|p| p.person == *person) {
            self.lines.people = self.people.iter().enumerate().map(|(i, p)| (p.person.clone(), i)).collect();
            return i;
        }
        self.people.push(PersonScore { person: person.clone(), tally: Tally::default() });
        self.lines.people.insert(person.clone(), self.people.len() - 1);
        self.people.len() - 1
    }

    /// Tallies the findings of `person` (or everyone, teams included) whose window starts
    /// between `from` and `to` inclusive, in the window's own time zone: a day, week,
    /// month or quarter. A person's are their own, without those of the team they lead.
    pub fn of<'a>(
        findings: impl IntoIterator<Item = &'a Finding>,
        person: Option<&str>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Self {
        Self::new(findings.into_iter().filter(|f| {
            let day = f.window.start.date_naive();
            person.is_none_or(|p| f.team.is_none() && f.person == p) && day >= from && day <= to
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::Span;

    fn finding(rule: &str, person: &str, status: Status, day: &str) -> Finding {
        let at = chrono::DateTime::parse_from_rfc3339(&format!("{day}T09:00:00+08:00")).unwrap();
        Finding {
            excused: None,
            team: None,
            rule: rule.into(),
            refs: vec!["T77-8".into()].into(),
            person: person.into(),
            customer: None,
            window: Span { start: at, end: at },
            status,
            expected: SmolStr::default(),
            actual: SmolStr::default(),
            events: vec![],
            message: String::new(),
            text: crate::message::Message::default(),
        }
    }

    #[test]
    fn attainment_is_passes_over_judged_findings() {
        let findings = [
            finding("visits", "li", Status::Pass, "2026-12-07"),
            finding("visits", "li", Status::Fail, "2026-12-08"),
            finding("visits", "wang", Status::Pass, "2026-12-08"),
            finding("visits", "wang", Status::Pending, "2026-12-09"),
            finding("meeting", "li", Status::Warning, "2026-12-08"),
        ];
        let card = Scorecard::new(&findings);
        assert_eq!(card.rules[0].tally, Tally { pass: 2, fail: 1, warning: 0, pending: 1, error: 0, excused: 0 });
        assert_eq!(card.rules[0].tally.attainment(), Some(2.0 / 3.0));
        assert_eq!(card.people[0].person, "li");
        assert_eq!(card.people[0].tally.attainment(), Some(1.0 / 3.0));
        assert_eq!(card.total.pending, 1);
        let day = Scorecard::of(&findings, Some("li"), "2026-12-08".parse().unwrap(), "2026-12-08".parse().unwrap());
        assert_eq!(day.total, Tally { pass: 0, fail: 1, warning: 1, pending: 0, error: 0, excused: 0 });
        assert_eq!(Tally::default().attainment(), None);
    }

    #[test]
    fn a_teams_findings_are_tallied_on_the_teams_line_not_its_chiefs() {
        let mut seminars = finding("seminars", "zhao", Status::Fail, "2026-12-01");
        seminars.team = Some("ict".into());
        let mut revenue = finding("revenue", "zhao", Status::Pass, "2026-12-01");
        revenue.team = Some("ict".into());
        let own = finding("daily-log", "zhao", Status::Pass, "2026-12-01");
        let card = Scorecard::new([&seminars, &own, &revenue]);
        assert_eq!(card.teams.len(), 1);
        assert_eq!((card.teams[0].team.as_str(), card.teams[0].chief.as_str()), ("ict", "zhao"));
        assert_eq!(card.teams[0].tally, Tally { pass: 1, fail: 1, ..Tally::default() });
        // zhao's own line holds only the daily log.
        assert_eq!(card.people.len(), 1);
        assert_eq!(card.people[0].tally, Tally { pass: 1, ..Tally::default() });
        assert_eq!(card.total, Tally { pass: 2, fail: 1, ..Tally::default() });
        let day = "2026-12-01".parse().unwrap();
        assert_eq!(Scorecard::of([&seminars, &own, &revenue], Some("zhao"), day, day).total.pass, 1);
    }

    #[test]
    fn a_card_added_to_day_by_day_equals_the_card_of_all_findings() {
        let monday =
            [finding("visits", "li", Status::Pass, "2026-12-07"), finding("meeting", "li", Status::Fail, "2026-12-07")];
        let tuesday = [
            finding("visits", "wang", Status::Fail, "2026-12-08"),
            finding("report", "li", Status::Warning, "2026-12-08"),
            finding("visits", "li", Status::Fail, "2026-12-08"),
        ];
        let mut card = Scorecard::new(&monday);
        card.add(&tuesday);
        assert_eq!(card, Scorecard::new(monday.iter().chain(&tuesday)));
        let rules: Vec<&str> = card.rules.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(rules, ["visits", "meeting", "report"]);
        assert_eq!(card.rules[0].tally, Tally { pass: 1, fail: 2, warning: 0, pending: 0, error: 0, excused: 0 });
        assert_eq!(card.people[1].person, "wang");
        assert_eq!(card.total, Tally { pass: 1, fail: 3, warning: 1, pending: 0, error: 0, excused: 0 });
    }

    #[test]
    fn tallying_one_by_one_survives_lines_reordered_by_the_host() {
        let findings = [
            finding("visits", "li", Status::Pass, "2026-12-07"),
            finding("meeting", "wang", Status::Fail, "2026-12-07"),
            finding("visits", "wang", Status::Pass, "2026-12-07"),
        ];
        let mut card = Scorecard::new(&findings);
        // A host sorts the lines for display, then keeps tallying.
        card.rules.reverse();
        card.people.reverse();
        card.tally(&finding("visits", "li", Status::Fail, "2026-12-08"));
        card.tally(&finding("report", "zhao", Status::Pass, "2026-12-08"));
        let line = |rule: &str| card.rules.iter().find(|r| r.rule == rule).map(|r| r.tally).unwrap();
        assert_eq!(line("visits"), Tally { pass: 2, fail: 1, warning: 0, pending: 0, error: 0, excused: 0 });
        assert_eq!(line("report").pass, 1);
        let li = card.people.iter().find(|p| p.person == "li").unwrap();
        assert_eq!((li.tally.pass, li.tally.fail), (1, 1));
        assert_eq!((card.rules.len(), card.people.len(), card.total.pass + card.total.fail), (3, 3, 5));
        // And a card read back from JSON tallies on.
        let mut read: Scorecard = serde_json::from_str(&serde_json::to_string(&card).unwrap()).unwrap();
        read.tally(&finding("meeting", "wang", Status::Pass, "2026-12-09"));
        assert_eq!(read.rules.iter().find(|r| r.rule == "meeting").unwrap().tally.pass, 1);
        assert_eq!(read.people.len(), 3);
    }
}

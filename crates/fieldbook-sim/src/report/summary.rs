//! The month summary: findings tallied per rule (with refs, in the playbook's order), per
//! person, per phase, a person × day count of failures, and the daily values of the
//! main daily quota — built as the findings stream by, so a month of thousands of
//! people need not be held in memory.

use chrono::NaiveDate;
use fieldbook_core::spec::{Measure, Window};
use fieldbook_core::track::Tally;
use fieldbook_core::{Event, Finding, Person, Playbook, Status, Timespan};
use indexmap::IndexMap;

/// The summary's tallies by id, in the order first seen: a finding is tallied in several,
/// so they hash with foldhash rather than SipHash (the order does not depend on it).
type ById<V> = IndexMap<String, V, foldhash::fast::FixedState>;
use serde::Serialize;

use crate::simulate::{Simulation, Sink, Totals, threshold_number};

/// One rule's line: what it is, its source facts, its findings by status.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleLine {
    /// The rule's id.
    pub id: String,
    /// Its title in the playbook.
    pub title: String,
    /// Its source facts.
    pub refs: Vec<String>,
    /// What sort of rule: `step`, `duty`, `checklist`, `quota`, `follow-up` or `check`.
    pub sort: String,
    /// Its findings by status.
    pub tally: Tally,
    /// The message of its first failure, to show what failing means.
    pub example: Option<String>,
    /// What `example` says, as a message (key `""` when there is none).
    #[serde(skip)]
    pub example_text: fieldbook_core::message::Message,
}

/// One person's line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonLine {
    /// The person.
    pub id: String,
    /// Their role.
    pub role: Option<String>,
    /// Their attributes, `key=value` joined by spaces.
    pub attrs: String,
    /// Their findings by status.
    pub tally: Tally,
    /// The rule they failed most, with its failures.
    pub worst: Option<(String, usize)>,
}

/// One team's line: the findings of the quotas counted per team (they are on no
/// person's line).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamLine {
    /// The team.
    pub id: String,
    /// Its chief, to whom its findings go (empty until a finding names them).
    pub chief: String,
    /// How many people it has.
    pub members: usize,
    /// Its findings by status.
    pub tally: Tally,
    /// The rule it failed most, with its failures.
    pub worst: Option<(String, usize)>,
}

/// One phase's line: the findings of windows within a day that fall in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PhaseLine {
    /// The phase id (`weeks-and-months` for findings over longer windows).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its findings by status.
    pub tally: Tally,
    /// The rule failed most in it, with its failures.
    pub worst: Option<(String, usize)>,
}

/// The daily values of one person for the chart of the main daily quota.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    /// The person.
    pub person: String,
    /// The least value the quota asks of them.
    pub threshold: Option<f64>,
    /// The value of each day of the month (`None`: no finding that day).
    pub values: Vec<Option<f64>>,
}

/// The main daily quota (visits per day) per person and day.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DailyChart {
    /// The quota's id.
    pub rule: String,
    /// Its title.
    pub title: String,
    /// Its source facts.
    pub refs: Vec<String>,
    /// Whether values are minutes.
    pub minutes: bool,
    /// One series per person, in roster order.
    pub series: Vec<Series>,
}

/// A simulated month, summarised.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// The playbook's id.
    pub playbook: String,
    /// The playbook's title.
    pub title: String,
    /// The month, `YYYY-MM`.
    pub month: String,
    /// The days of the month.
    pub days: Vec<NaiveDate>,
    /// Which days are working days.
    pub working: Vec<bool>,
    /// The number of people.
    pub people: usize,
    /// The seed.
    pub seed: u64,
    /// Events and findings.
    pub totals: Totals,
    /// Events by kind, in the playbook's order of kinds.
    pub event_kinds: Vec<(String, usize)>,
    /// All findings by status.
    pub total: Tally,
    /// Per rule, in the playbook's order (steps, duties, checklists, quotas, follow-ups,
    /// then checks).
    pub rules: Vec<RuleLine>,
    /// Per person, in roster order.
    pub persons: Vec<PersonLine>,
    /// Per team, in roster order (empty when the playbook counts nothing per team).
    pub teams: Vec<TeamLine>,
    /// Per phase, then the longer windows.
    pub phases: Vec<PhaseLine>,
    /// Failures of findings within a day, per person (roster order) and day of the month.
    pub heat: Vec<Vec<u32>>,
    /// The main daily quota, when the playbook has one.
    pub daily: Option<DailyChart>,
}

impl Summary {
    /// The rules by failures, most first (ties in the playbook's order), at most `n`.
    pub fn top_failing(&self, n: usize) -> Vec<&RuleLine> {
        let mut rules: Vec<&RuleLine> = self.rules.iter().filter(|r| r.tally.fail > 0).collect();
        rules.sort_by_key(|r| std::cmp::Reverse(r.tally.fail));
        rules.truncate(n);
        rules
    }
}

/// Builds a [`Summary`] from the events and findings of a run; a [`Sink`].
pub struct SummaryBuilder {
    playbook: Playbook,
    people: Vec<Person>,
    month: String,
    seed: u64,
    days: Vec<NaiveDate>,
    index: ById<usize>,
    rules: ById<RuleLine>,
    persons: Vec<(Tally, ById<usize>)>,
    teams: ById<(TeamLine, ById<usize>)>,
    phases: ById<(PhaseLine, ById<usize>)>,
    heat: Vec<Vec<u32>>,
    daily: Option<DailyChart>,
    kinds: ById<usize>,
    total: Tally,
    totals: Totals,
}

impl SummaryBuilder {
    /// A builder for a run of `simulation` over `people` (the shard's, in roster order).
    pub fn new(simulation: &Simulation, people: &[Person]) -> Self {
        let playbook = simulation.playbook().clone();
        let spec = playbook.spec();
        let days: Vec<NaiveDate> =
            simulation.first_day().iter_days().take_while(|d| *d <= simulation.last_day()).collect();
        let mut rules = ById::default();
        let mut rule = |id: &str, title: &str, refs: &[String], sort: &str| {
            rules.insert(
                id.to_string(),
                RuleLine {
                    id: id.to_string(),
                    title: title.to_string(),
                    refs: refs.to_vec(),
                    sort: sort.to_string(),
                    tally: Tally::default(),
                    example: None,
                    example_text: fieldbook_core::message::Message::default(),
                },
            );
        };
        for s in spec.steps.iter().filter(|s| s.evidence.is_some()) {
            rule(&s.id, &s.title, &s.refs, "step");
        }
        for d in &spec.duties {
            rule(&d.id, &d.title, &d.refs, "duty");
        }
        for p in &spec.procedures {
            rule(&p.id, &p.title, &p.refs, "checklist");
        }
        for q in &spec.quotas {
            rule(&q.id, &q.title, &q.refs, "quota");
        }
        for t in &spec.triggers {
            rule(&t.id, &t.title, &t.refs, "follow-up");
        }
        let mut phases: ById<(PhaseLine, ById<usize>)> = ById::default();
        for p in &spec.phases {
            let line = PhaseLine { id: p.id.clone(), title: p.title.clone(), tally: Tally::default(), worst: None };
            phases.insert(p.id.clone(), (line, ById::default()));
        }
        let longer = PhaseLine {
            id: "weeks-and-months".into(),
            title: "Weeks, months and quarters".into(),
            tally: Tally::default(),
            worst: None,
        };
        phases.insert(longer.id.clone(), (longer, ById::default()));
        let daily = spec
            .quotas
            .iter()
            .filter(|q| q.window == Window::Day)
            .min_by_key(|q| match q.measure {
                Measure::Count | Measure::Distinct | Measure::First => 0,
                Measure::Duration => 1,
                Measure::Sum => 2,
            })
            .map(|q| DailyChart {
                rule: q.id.clone(),
                title: q.title.clone(),
                refs: q.refs.clone(),
                minutes: q.measure == Measure::Duration,
                series: people
                    .iter()
                    .map(|p| Series {
                        person: p.id.to_string(),
                        threshold: q.at_least.as_ref().and_then(|t| threshold_number(t, p)),
                        values: vec![None; days.len()],
                    })
                    .collect(),
            });
        let kinds = spec.event_kinds.keys().map(|k| (k.clone(), 0)).collect();
        let mut teams: ById<(TeamLine, ById<usize>)> = ById::default();
        for team in people.iter().filter_map(|p| p.team.as_deref()) {
            let (line, _) = teams.entry(team.to_string()).or_insert_with(|| {
                let line = TeamLine {
                    id: team.to_string(),
                    chief: String::new(),
                    members: 0,
                    tally: Tally::default(),
                    worst: None,
                };
                (line, ById::default())
            });
            line.members += 1;
        }
        Self {
            teams,
            month: simulation.month_name(),
            seed: simulation.seed_value(),
            index: people.iter().enumerate().map(|(i, p)| (p.id.to_string(), i)).collect(),
            persons: vec![(Tally::default(), ById::default()); people.len()],
            heat: vec![vec![0; days.len()]; people.len()],
            people: people.to_vec(),
            playbook,
            days,
            rules,
            phases,
            daily,
            kinds,
            total: Tally::default(),
            totals: Totals::default(),
        }
    }

    /// The summary of everything seen.
    pub fn finish(self) -> Summary {
        let calendar = self.playbook.calendar();
        let worst = |fails: &ById<usize>| {
            fails
                .iter()
                .filter(|(_, n)| **n > 0)
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(r, n)| (r.clone(), *n))
        };
        Summary {
            playbook: self.playbook.spec().playbook.id.clone(),
            title: self.playbook.spec().playbook.title.clone(),
            month: self.month,
            working: self.days.iter().map(|d| calendar.is_working_day(*d)).collect(),
            days: self.days,
            people: self.people.len(),
            seed: self.seed,
            totals: self.totals,
            event_kinds: self.kinds.into_iter().filter(|(_, n)| *n > 0).collect(),
            total: self.total,
            rules: self.rules.into_values().filter(|r| judged(&r.tally) > 0 || r.tally.pending > 0).collect(),
            persons: self
                .people
                .iter()
                .zip(&self.persons)
                .map(|(p, (tally, fails))| PersonLine {
                    id: p.id.to_string(),
                    role: p.role.clone(),
                    attrs: p.attrs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" "),
                    tally: *tally,
                    worst: worst(fails),
                })
                .collect(),
            teams: self.teams.into_values().map(|(line, fails)| TeamLine { worst: worst(&fails), ..line }).collect(),
            phases: self
                .phases
                .into_values()
                .filter(|(line, _)| judged(&line.tally) + line.tally.pending > 0)
                .map(|(line, fails)| PhaseLine { worst: worst(&fails), ..line })
                .collect(),
            heat: self.heat,
            daily: self.daily,
        }
    }

    fn day_index(&self, date: NaiveDate) -> Option<usize> {
        let first = *self.days.first()?;
        usize::try_from((date - first).num_days()).ok().filter(|i| *i < self.days.len())
    }
}

/// Counts a failure of `rule` (a finding that passed still lists the rule, with none).
fn count_failure(fails: &mut ById<usize>, rule: &str, failed: bool) {
    match fails.get_mut(rule) {
        Some(n) => *n += usize::from(failed),
        None => {
            fails.insert(rule.to_string(), usize::from(failed));
        }
    }
}

/// Findings judged: passed, failed or warned.
pub(crate) fn judged(tally: &Tally) -> usize {
    tally.pass + tally.fail + tally.warning
}

/// Counts a finding of `status` (statuses the summary does not show, such as a script
/// that failed to run, are left out of the tally; the finding is still in `findings.csv`).
pub(crate) fn add(tally: &mut Tally, status: Status) {
    if status == Status::Pass {
        tally.pass += 1;
    } else if status == Status::Fail {
        tally.fail += 1;
    } else if status == Status::Warning {
        tally.warning += 1;
    } else if status == Status::Pending {
        tally.pending += 1;
    } else if status == Status::Excused {
        tally.excused += 1;
    }
}

impl Sink for SummaryBuilder {
    fn event(&mut self, event: &Event) -> std::io::Result<()> {
        self.totals.events += 1;
        match self.kinds.get_mut(event.kind.as_str()) {
            Some(n) => *n += 1,
            None => {
                self.kinds.insert(event.kind.to_string(), 1);
            }
        }
        Ok(())
    }

    fn finding(&mut self, finding: &Finding) -> std::io::Result<()> {
        self.totals.findings += 1;
        add(&mut self.total, finding.status);
        let failed = finding.status == Status::Fail;
        // Keys are looked up by `&str` first: a finding is tallied in four maps, and
        // allocating their keys cost more than the rest of the tally.
        if !self.rules.contains_key(finding.rule.as_str()) {
            let line = RuleLine {
                id: finding.rule.to_string(),
                title: finding.rule.to_string(),
                refs: finding.refs.iter().map(ToString::to_string).collect(),
                sort: "check".into(),
                tally: Tally::default(),
                example: None,
                example_text: fieldbook_core::message::Message::default(),
            };
            self.rules.insert(finding.rule.to_string(), line);
        }
        if let Some(line) = self.rules.get_mut(finding.rule.as_str()) {
            add(&mut line.tally, finding.status);
            if failed && line.example.is_none() {
                line.example = Some(finding.message.clone());
                line.example_text = finding.text.clone();
            }
        }
        // A team's finding is on its team's line, not its chief's.
        let person = match &finding.team {
            Some(team) => {
                if let Some((line, fails)) = self.teams.get_mut(team.as_str()) {
                    add(&mut line.tally, finding.status);
                    count_failure(fails, &finding.rule, failed);
                    if line.chief.is_empty() {
                        line.chief = finding.person.to_string();
                    }
                }
                None
            }
            None => self.index.get(finding.person.as_str()).copied(),
        };
        if let Some(i) = person {
            let (tally, fails) = &mut self.persons[i];
            add(tally, finding.status);
            count_failure(fails, &finding.rule, failed);
        }
        let date = finding.window.start.date_naive();
        let within_a_day = finding.window.end - finding.window.start < chrono::TimeDelta::hours(36);
        let longer = "weeks-and-months";
        let phase = match within_a_day {
            true => self.playbook.phase_on(date).map_or(longer, |p| p.id.as_str()),
            false => longer,
        };
        if let Some((line, fails)) = self.phases.get_mut(phase) {
            add(&mut line.tally, finding.status);
            count_failure(fails, &finding.rule, failed);
        }
        if within_a_day && let (Some(i), Some(day)) = (person, self.day_index(date)) {
            self.heat[i][day] += u32::from(failed);
        }
        let day = self.day_index(date);
        if let (Some(chart), Some(i), Some(day)) = (self.daily.as_mut(), person, day)
            && chart.rule == finding.rule
            && finding.status != Status::Pending
        {
            let value = if chart.minutes {
                finding.actual.parse::<Timespan>().ok().map(|t| f64::from(t.minutes()))
            } else {
                finding.actual.parse::<f64>().ok()
            };
            chart.series[i].values[day] = value;
        }
        Ok(())
    }
}

//! The month report: the [`Summary`] tallied as the run streams by, shown as text for a
//! terminal (`text`), as an HTML page with SVG charts (`html`), and beside another
//! playbook's ([`Comparison`], `compare`).
//!
//! This file writes the output folder of a simulated month: `events.jsonl` and
//! `roster.json` (the formats [`fieldbook_core::track::evaluate_log`] and the `evaluate` example read),
//! `findings.csv`, `summary.csv`, `report.html`, and `compare.csv` for a comparison.

mod compare;
mod html;
mod summary;
mod text;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use fieldbook_core::{Event, Finding};

use crate::simulate::{Population, SimError, Simulation, Sink};

pub use compare::{ComparedRule, Comparison};
pub use summary::{DailyChart, PersonLine, PhaseLine, RuleLine, Series, Summary, SummaryBuilder};

/// The files of an output folder.
pub const FILES: [&str; 5] = ["events.jsonl", "roster.json", "findings.csv", "summary.csv", "report.html"];

/// Writes the events and findings of a run as they come, and tallies the summary.
struct FolderSink<P> {
    events: BufWriter<File>,
    findings: csv::Writer<BufWriter<File>>,
    summary: SummaryBuilder,
    progress: P,
}

impl<P: FnMut(usize, usize)> Sink for FolderSink<P> {
    fn event(&mut self, event: &Event) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.events, event)?;
        self.events.write_all(b"\n")?;
        self.summary.event(event)
    }

    fn finding(&mut self, finding: &Finding) -> std::io::Result<()> {
        self.findings.write_record([
            finding.rule.as_str(),
            &finding.refs.join(";"),
            &finding.person,
            finding.customer.as_deref().unwrap_or_default(),
            &finding.status.to_string(),
            &finding.window.start.to_rfc3339(),
            &finding.window.end.to_rfc3339(),
            &finding.expected,
            &finding.actual,
            &finding.events.join(" "),
            &finding.message,
        ])?;
        self.summary.finding(finding)
    }

    fn progress(&mut self, done: usize, total: usize) {
        (self.progress)(done, total);
    }
}

/// Progress that is not shown.
struct Quiet<P>(P);

impl<P: FnMut(usize, usize)> Sink for Quiet<(SummaryBuilder, P)> {
    fn event(&mut self, event: &Event) -> std::io::Result<()> {
        self.0.0.event(event)
    }

    fn finding(&mut self, finding: &Finding) -> std::io::Result<()> {
        self.0.0.finding(finding)
    }

    fn progress(&mut self, done: usize, total: usize) {
        (self.0.1)(done, total);
    }
}

/// Simulates the month and writes the output folder `dir` (created if needed):
/// `events.jsonl`, `roster.json`, `findings.csv`, `summary.csv` and `report.html`.
/// `progress` is told how many of how many person-days are done.
///
/// # Errors
/// The simulation fails (see [`Simulation::run`]) or a file cannot be written.
pub fn write_month(
    simulation: &Simulation,
    population: &Population,
    dir: &Path,
    progress: impl FnMut(usize, usize),
) -> Result<Summary, SimError> {
    std::fs::create_dir_all(dir)?;
    let stale = dir.join("compare.csv");
    if stale.exists() {
        std::fs::remove_file(stale)?;
    }
    let roster = population.roster();
    let mut roster_file = BufWriter::new(File::create(dir.join("roster.json"))?);
    serde_json::to_writer_pretty(&mut roster_file, roster).map_err(std::io::Error::from)?;
    roster_file.write_all(b"\n")?;
    roster_file.flush()?;

    let mut findings = csv::Writer::from_writer(BufWriter::new(File::create(dir.join("findings.csv"))?));
    findings.write_record([
        "rule",
        "refs",
        "person",
        "customer",
        "status",
        "window_start",
        "window_end",
        "expected",
        "actual",
        "events",
        "message",
    ])?;
    let mut sink = FolderSink {
        events: BufWriter::new(File::create(dir.join("events.jsonl"))?),
        findings,
        summary: SummaryBuilder::new(simulation, roster),
        progress,
    };
    simulation.run(population, &mut sink)?;
    sink.events.flush()?;
    sink.findings.flush()?;
    let summary = sink.summary.finish();
    write_summary_csv(dir, &summary)?;
    write_report(dir, &summary, None)?;
    Ok(summary)
}

/// Simulates the month and summarises it, writing nothing (for comparisons).
///
/// # Errors
/// The simulation fails (see [`Simulation::run`]).
pub fn summarize(
    simulation: &Simulation,
    population: &Population,
    progress: impl FnMut(usize, usize),
) -> Result<Summary, SimError> {
    let mut sink = Quiet((SummaryBuilder::new(simulation, population.roster()), progress));
    simulation.run(population, &mut sink)?;
    Ok(sink.0.0.finish())
}

/// Writes `report.html` into `dir`, with the comparison when given (and then
/// `compare.csv`: one row per rule, attainment under each playbook and the change).
///
/// # Errors
/// A file cannot be written.
pub fn write_report(dir: &Path, summary: &Summary, comparison: Option<&Comparison>) -> Result<(), SimError> {
    std::fs::write(dir.join("report.html"), html::render(summary, comparison))?;
    if let Some(comparison) = comparison {
        let mut out = csv::Writer::from_writer(BufWriter::new(File::create(dir.join("compare.csv"))?));
        let base = format!("attainment_{}", comparison.base);
        let other = format!("attainment_{}", comparison.other);
        out.write_record(["rule", "refs", base.as_str(), other.as_str(), "change_points"])?;
        for r in &comparison.rules {
            let a = r.base.and_then(|t| t.attainment()).map_or(String::new(), |a| format!("{a:.4}"));
            let b = r.other.and_then(|t| t.attainment()).map_or(String::new(), |a| format!("{a:.4}"));
            let d = r.delta().map_or(String::new(), |d| format!("{d:.2}"));
            out.write_record([r.id.as_str(), &r.refs.join(";"), &a, &b, &d])?;
        }
        out.flush()?;
    }
    Ok(())
}

fn write_summary_csv(dir: &Path, summary: &Summary) -> Result<(), SimError> {
    let mut out = csv::Writer::from_writer(BufWriter::new(File::create(dir.join("summary.csv"))?));
    out.write_record(["rule", "refs", "title", "sort", "pass", "fail", "warning", "pending", "attainment"])?;
    for r in &summary.rules {
        let t = r.tally;
        out.write_record([
            r.id.as_str(),
            &r.refs.join(";"),
            &r.title,
            &r.sort,
            &t.pass.to_string(),
            &t.fail.to_string(),
            &t.warning.to_string(),
            &t.pending.to_string(),
            &t.attainment().map_or(String::new(), |a| format!("{a:.4}")),
        ])?;
    }
    out.flush()?;
    Ok(())
}

impl From<csv::Error> for SimError {
    fn from(error: csv::Error) -> Self {
        Self::Io(error.into())
    }
}

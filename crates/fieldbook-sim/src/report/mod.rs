//! The month report: the [`Summary`] tallied as the run streams by, shown as text for a
//! terminal (`text`), as an HTML page with SVG charts (`html`), and beside another
//! playbook's ([`Comparison`], `compare`).
//!
//! The output folder the report goes into is written by `output`.

mod compare;
mod html;
mod summary;
mod text;

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use fieldbook_i18n::{Locale, Localizer};

use crate::simulate::{Population, Shard, SimError, Simulation, Sink};

pub use compare::{ComparedRule, Comparison};
pub use summary::{DailyChart, PersonLine, PhaseLine, RuleLine, Series, Summary, SummaryBuilder, TeamLine};

/// A summary, and progress that is not shown.
struct Quiet<P>(P);

impl<P: FnMut(usize, usize)> Sink for Quiet<(SummaryBuilder, P)> {
    fn event(&mut self, event: &fieldbook_core::Event) -> std::io::Result<()> {
        self.0.0.event(event)
    }

    fn finding(&mut self, finding: &fieldbook_core::Finding) -> std::io::Result<()> {
        self.0.0.finding(finding)
    }

    fn progress(&mut self, done: usize, total: usize) {
        (self.0.1)(done, total);
    }
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
    let people = &population.people()[simulation.shard_value().people(population.people().len())];
    let mut sink = Quiet((SummaryBuilder::new(simulation, people), progress));
    simulation.run(population, &mut sink)?;
    Ok(sink.0.0.finish())
}

/// Writes `report.html` (`report-K-of-N.html` for a shard) into `dir`, with the
/// comparison when given (and then `compare.csv`: one row per rule, attainment under each
/// playbook and the change).
///
/// # Errors
/// A file cannot be written.
pub fn write_report(
    dir: &Path,
    shard: Shard,
    summary: &Summary,
    comparison: Option<&Comparison>,
) -> Result<(), SimError> {
    write_report_in(dir, shard, summary, comparison, &Localizer::new(Locale::En))
}

/// [`write_report`] with `report.html` in the language of `l` (`compare.csv` has no
/// words to translate).
///
/// # Errors
/// A file cannot be written.
pub fn write_report_in(
    dir: &Path,
    shard: Shard,
    summary: &Summary,
    comparison: Option<&Comparison>,
    l: &Localizer,
) -> Result<(), SimError> {
    std::fs::write(dir.join(shard.file_name("report", "html")), html::render(summary, comparison, l))?;
    if let Some(comparison) = comparison {
        let path = dir.join(shard.file_name("compare", "csv"));
        let mut out = csv::Writer::from_writer(BufWriter::new(File::create(path)?));
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

/// Writes the summary's rules to `path`: one row per rule, its findings by status.
pub(crate) fn write_summary_csv(path: &Path, summary: &Summary) -> Result<(), SimError> {
    let mut out = csv::Writer::from_writer(BufWriter::new(File::create(path)?));
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

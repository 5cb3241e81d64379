//! The output folder of a simulated month, written as the run streams by: the events and
//! findings as Parquet (`parquet`, the default) and/or as text (`text`: `events.jsonl`,
//! the format [`fieldbook_core::track::evaluate_log`] and the `evaluate` example read, and
//! `findings.csv`), `roster.json`, and the report's `summary.csv` and `report.html`.
//!
//! A shard `K/N` ([`Shard`]) writes its Parquet parts beside the other shards' —
//! `events/part-K-of-N.parquet`, `findings/part-K-of-N.parquet`, one partitioned dataset —
//! and its other files with a `-K-of-N` suffix (`summary-K-of-N.csv`), so that every shard
//! can write to one shared folder. The whole team is shard `1/1`.

mod parquet;
mod text;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use fieldbook_core::{Event, Finding};

use fieldbook_i18n::{Locale, Localizer};

use crate::report::{Summary, SummaryBuilder, write_report_in, write_summary_csv};
use crate::simulate::{BLOCK, Population, Shard, SimError, Simulation, Sink, teams_of};
use parquet::{EventColumns, FindingColumns, Table};

/// Which files a run writes besides `roster.json`, `summary.csv` and `report.html`.
///
/// The default is Parquet alone: typed, compressed about tenfold against the text, and
/// written in a fraction of the time, which matters at thousands of people (text is
/// about 0.8 MB a person-month). Text is for the `evaluate` example and for reading by eye.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputOptions {
    parquet: bool,
    text: bool,
    locale: Locale,
}

impl Default for OutputOptions {
    fn default() -> Self {
        Self { parquet: true, text: false, locale: Locale::En }
    }
}

impl OutputOptions {
    /// Parquet, no text.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether to write `events/` and `findings/` as Parquet (default true).
    pub fn parquet(mut self, yes: bool) -> Self {
        self.parquet = yes;
        self
    }

    /// Whether to write `events.jsonl` and `findings.csv` (default false).
    pub fn text(mut self, yes: bool) -> Self {
        self.text = yes;
        self
    }

    /// The language of `report.html` (default English). The data files are the same in
    /// every language.
    pub fn locale(mut self, locale: Locale) -> Self {
        self.locale = locale;
        self
    }

    /// The files a run of `shard` writes, relative to the output folder.
    pub fn files(&self, shard: Shard) -> Vec<String> {
        let mut files = Vec::new();
        if self.parquet {
            files.push(part("events", shard));
            files.push(part("findings", shard));
        }
        if self.text {
            files.push(shard.file_name("events", "jsonl"));
            files.push(shard.file_name("findings", "csv"));
        }
        files.push("roster.json".to_string());
        files.push(shard.file_name("summary", "csv"));
        files.push(shard.file_name("report", "html"));
        files
    }
}

/// `dataset/part-K-of-N.parquet`.
fn part(dataset: &str, shard: Shard) -> String {
    format!("{dataset}/part-{:05}-of-{:05}.parquet", shard.index(), shard.count())
}

/// Writes the events and findings of a run as they come, and tallies the summary.
struct FolderSink<P> {
    parquet: Option<(Table<EventColumns>, Table<FindingColumns>)>,
    text: Option<text::TextFiles>,
    summary: SummaryBuilder,
    progress: P,
}

impl<P: FnMut(usize, usize)> Sink for FolderSink<P> {
    fn event(&mut self, event: &Event) -> std::io::Result<()> {
        if let Some((events, _)) = &mut self.parquet {
            events.push(event)?;
        }
        if let Some(text) = &mut self.text {
            text.event(event)?;
        }
        self.summary.event(event)
    }

    fn finding(&mut self, finding: &Finding) -> std::io::Result<()> {
        if let Some((_, findings)) = &mut self.parquet {
            findings.push(finding)?;
        }
        if let Some(text) = &mut self.text {
            text.finding(finding)?;
        }
        self.summary.finding(finding)
    }

    fn progress(&mut self, done: usize, total: usize) {
        (self.progress)(done, total);
    }
}

/// Simulates the month (the simulation's shard of it) and writes the output folder `dir`
/// (created if needed): the files of [`OutputOptions::files`]. `progress` is told how many
/// of how many person-days are done.
///
/// # Errors
/// The simulation fails (see [`Simulation::run`]) or a file cannot be written.
pub fn write_month(
    simulation: &Simulation,
    population: &Population,
    dir: &Path,
    options: &OutputOptions,
    progress: impl FnMut(usize, usize),
) -> Result<Summary, SimError> {
    let shard = simulation.shard_value();
    std::fs::create_dir_all(dir)?;
    let stale = dir.join(shard.file_name("compare", "csv"));
    if stale.exists() {
        std::fs::remove_file(stale)?;
    }
    write_roster(dir, simulation, population, shard)?;
    let zone = simulation.playbook().spec().calendar.time_zone.to_string();
    let parquet = match options.parquet {
        true => Some((
            Table::create(&dir.join(part("events", shard)), &zone)?,
            Table::create(&dir.join(part("findings", shard)), &zone)?,
        )),
        false => None,
    };
    let text = match options.text {
        true => Some(text::TextFiles::create(
            &dir.join(shard.file_name("events", "jsonl")),
            &dir.join(shard.file_name("findings", "csv")),
        )?),
        false => None,
    };
    let people = &population.people()[shard.people(population.people().len())];
    let mut sink = FolderSink { parquet, text, summary: SummaryBuilder::new(simulation, people), progress };
    simulation.run(population, &mut sink)?;
    if let Some((events, findings)) = sink.parquet {
        events.finish()?;
        findings.finish()?;
    }
    if let Some(text) = sink.text {
        text.finish()?;
    }
    let summary = sink.summary.finish();
    write_summary_csv(&dir.join(shard.file_name("summary", "csv")), &summary)?;
    write_report_in(dir, shard, &summary, None, &Localizer::new(options.locale))?;
    Ok(summary)
}

/// `roster.json`: the whole team, the same for every shard, as a [`fieldbook_core::Roster`]
/// (the customers drawn again block by block, not held); written to a file of the shard's
/// own and renamed, so shards writing to one folder never see half of it.
fn write_roster(dir: &Path, simulation: &Simulation, population: &Population, shard: Shard) -> Result<(), SimError> {
    let temporary: PathBuf = dir.join(format!(".roster-{}-of-{}.json", shard.index(), shard.count()));
    let mut out = BufWriter::new(File::create(&temporary)?);
    out.write_all(b"{\"people\":")?;
    serde_json::to_writer(&mut out, &simulation.team(population)).map_err(std::io::Error::from)?;
    out.write_all(b",\"customers\":[")?;
    let people = population.people().len();
    let mut first = true;
    for start in (0..people).step_by(BLOCK) {
        for customer in population.customers(start..(start + BLOCK).min(people)) {
            if !std::mem::take(&mut first) {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut out, &customer).map_err(std::io::Error::from)?;
        }
    }
    out.write_all(b"]")?;
    let teams = teams_of(population.people());
    if !teams.is_empty() {
        out.write_all(b",\"teams\":")?;
        serde_json::to_writer(&mut out, &teams).map_err(std::io::Error::from)?;
    }
    out.write_all(b"}\n")?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(&temporary, dir.join("roster.json"))?;
    Ok(())
}

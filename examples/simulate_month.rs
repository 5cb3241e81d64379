//! A simulated month of a team under a playbook, and its report:
//! `cargo run --release --example simulate_month -- [--playbook FILE] [--month YYYY-MM]
//!  [--people N] [--seed S] [--params FILE] [--out DIR] [--quiet] [--compare FILE]
//!  [--format parquet|text|both|none] [--threads N] [--shard K/N] [--lang en|zh-CN]`
//!
//! With no arguments: the T77 playbook, 20 people, December 2026, seed 1, on every core,
//! written to `target/simulate_month/`. Prints the summary (attainment per rule with its
//! source facts, the rules failed most, the phases, the people) and writes
//! `events/part-00001-of-00001.parquet`, `findings/part-00001-of-00001.parquet` (with
//! `--format text`: `events.jsonl` and `findings.csv` instead; `both`: all four; `none`:
//! neither, for a report alone),
//! `roster.json`, `summary.csv` and `report.html`. `--compare FILE` runs the same people
//! and seed under a second playbook and adds the differences per rule (terminal,
//! `compare.csv`, report). `--shard K/N` simulates the K-th of N slices of the team (see
//! docs/parquet.md). `--quiet` prints nothing but errors. `--lang zh-CN` writes the summary
//! and `report.html` in Simplified Chinese, with the playbook's titles from its
//! translation (`translations/STEM.zh-CN.toml` beside it); the data files are the same.

use std::io::{IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, ValueEnum};
use fieldbook_sim::{Comparison, OutputOptions, Params, Shard, Simulation, summarize, write_month, write_report_in};
use indicatif::{ProgressBar, ProgressStyle};

/// The month makes and drops millions of small blocks on every core (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "common/lang.rs"]
mod lang;
#[path = "common/output.rs"]
mod output;

/// Simulate a team working a month under a playbook.
#[derive(Parser)]
#[command(name = "simulate_month")]
struct Args {
    /// The playbook (TOML).
    #[arg(long, default_value = "examples/playbooks/t77.toml")]
    playbook: PathBuf,
    /// The month, YYYY-MM.
    #[arg(long, default_value = "2026-12", value_parser = month)]
    month: NaiveDate,
    /// How many people.
    #[arg(long, default_value_t = 20)]
    people: usize,
    /// The seed: the same seed and inputs give the same month, byte for byte.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Behaviour and population parameters (TOML, or JSON when the name ends in .json).
    #[arg(long)]
    params: Option<PathBuf>,
    /// The output folder.
    #[arg(long, default_value = "target/simulate_month")]
    out: PathBuf,
    /// Print nothing but errors (no progress bar, no summary).
    #[arg(long)]
    quiet: bool,
    /// A second playbook to run with the same people and seed, for a comparison per rule.
    #[arg(long)]
    compare: Option<PathBuf>,
    /// The format of the events and findings.
    #[arg(long, value_enum, default_value_t = Format::Parquet)]
    format: Format,
    /// How many threads (default: one a core); the output is the same whatever the number.
    #[arg(long)]
    threads: Option<NonZeroUsize>,
    /// The K-th of N slices of the team, K from 1 to N (default: the whole team, 1/1).
    #[arg(long, default_value_t = Shard::WHOLE)]
    shard: Shard,
    /// The language of the summary and `report.html`: `en` (default) or `zh-CN`.
    #[arg(long, default_value = "en", value_parser = lang::locale)]
    lang: fieldbook_i18n::Locale,
}

/// The format of events and findings.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// `events/*.parquet` and `findings/*.parquet`.
    Parquet,
    /// `events.jsonl` and `findings.csv`.
    Text,
    /// Both.
    Both,
    /// Neither: only the summary, the report and the roster (the month is still simulated
    /// and judged whole).
    None,
}

fn month(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").map_err(|_| format!("`{text}` is not a month YYYY-MM"))
}

fn main() -> ExitCode {
    output::exit(run(Args::parse()))
}

fn bar(quiet: bool, label: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template("{prefix} [{bar:40}] {percent:>3}% {elapsed}/{eta} left")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_prefix(label.to_string());
    bar
}

fn run(args: Args) -> Result<(), output::Stop> {
    let playbook = fieldbook::load(&args.playbook).map_err(|e| format!("{e}"))?;
    let (playbook, localizer) = lang::localized(&args.playbook, playbook, args.lang)?;
    let params = match &args.params {
        Some(path) => Params::load(path).map_err(|e| e.to_string())?,
        None => Params::default(),
    };
    let mut simulation = Simulation::new(playbook)
        .month(args.month)
        .people(args.people)
        .seed(args.seed)
        .params(params)
        .shard(args.shard);
    if let Some(threads) = args.threads {
        simulation = simulation.threads(threads);
    }
    let options = OutputOptions::new()
        .parquet(matches!(args.format, Format::Parquet | Format::Both))
        .text(matches!(args.format, Format::Text | Format::Both))
        .locale(args.lang);
    let population = simulation.population().map_err(|e| e.to_string())?;

    let progress = bar(args.quiet, simulation.playbook().spec().playbook.id.as_str());
    let tick = |done: usize, total: usize| {
        progress.set_length(total as u64);
        progress.set_position(done as u64);
    };
    let summary = write_month(&simulation, &population, &args.out, &options, tick).map_err(|e| error_chain(&e))?;
    progress.finish_and_clear();

    let comparison = match &args.compare {
        Some(path) => {
            let other = fieldbook::load(path).map_err(|e| format!("{e}"))?;
            let (other, _) = lang::localized(path, other, args.lang)?;
            let other = simulation.with_playbook(other);
            let progress = bar(args.quiet, other.playbook().spec().playbook.id.as_str());
            let tick = |done: usize, total: usize| {
                progress.set_length(total as u64);
                progress.set_position(done as u64);
            };
            let theirs = summarize(&other, &population, tick).map_err(|e| error_chain(&e))?;
            progress.finish_and_clear();
            let comparison = Comparison::new(&summary, &theirs);
            write_report_in(&args.out, args.shard, &summary, Some(&comparison), &localizer)
                .map_err(|e| error_chain(&e))?;
            Some(comparison)
        }
        None => None,
    };

    if !args.quiet {
        let mut out = std::io::stdout().lock();
        write!(out, "{}", summary.to_text_in(&localizer))?;
        if let Some(comparison) = &comparison {
            writeln!(out)?;
            write!(out, "{}", comparison.to_text())?;
        }
        writeln!(out, "\nWrote {}/: {}", args.out.display(), written(&options, args.shard, comparison.is_some()))?;
        out.flush()?;
    }
    Ok(())
}

fn written(options: &OutputOptions, shard: Shard, compared: bool) -> String {
    let mut files = options.files(shard);
    if compared {
        files.push(shard.file_name("compare", "csv"));
    }
    files.join(", ")
}

/// An error and its causes on one line.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(args: &[&str]) -> String {
        let args = std::iter::once("simulate_month").chain(args.iter().copied());
        Args::try_parse_from(args).err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[test]
    fn bad_threads_and_shards_are_errors_that_say_what_to_write() {
        assert!(error(&["--threads", "0"]).contains("'0' for '--threads <THREADS>'"), "{}", error(&["--threads", "0"]));
        assert!(error(&["--shard", "3/2"]).contains("slice 3 of 2 does not exist: K runs from 1 to N (2)"));
        assert!(error(&["--shard", "0/0"]).contains("N must be at least 1"));
        assert!(error(&["--shard", "half"]).contains("write K/N"));
        assert_eq!(error(&["--shard", "2/2", "--threads", "3"]), "");
    }

    /// `--format none` writes the summary, the report and the roster and no events or
    /// findings; the summary is the one of a run that writes them.
    #[test]
    fn a_month_without_its_data_files_has_the_same_summary() {
        let out = std::env::temp_dir().join(format!("fieldbook-format-none-{}", std::process::id()));
        let run_with = |format: &str| {
            let dir = out.join(format);
            let args = ["simulate_month", "--quiet", "--people", "3", "--threads", "1", "--format", format, "--out"];
            let args = Args::try_parse_from(args.iter().map(|a| a.to_string()).chain([dir.display().to_string()]));
            assert!(run(args.unwrap()).is_ok(), "--format {format}");
            dir
        };
        let (none, parquet) = (run_with("none"), run_with("parquet"));
        let mut files: Vec<String> =
            std::fs::read_dir(&none).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        files.sort();
        assert_eq!(files, ["report.html", "roster.json", "summary.csv"]);
        assert!(parquet.join("events").is_dir() && parquet.join("findings").is_dir());
        let summary = |dir: &std::path::Path| std::fs::read_to_string(dir.join("summary.csv")).unwrap();
        assert_eq!(summary(&none), summary(&parquet));
        std::fs::remove_dir_all(&out).unwrap();
    }
}

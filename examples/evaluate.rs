//! A scorecard from recorded events:
//! `cargo run --example evaluate -- --playbook FILE --roster ROSTER.json --events EVENTS.jsonl
//!  [--from YYYY-MM-DD --to YYYY-MM-DD] [--person ID] [--json] [--max-line-bytes N] [--max-events N]
//!  [--lang en|zh-CN]`
//!
//! The log is taken as complete: every day through `--to` is closed, and windows that end
//! later (the week, the month) are shown as pending, as they stand. A malformed line or
//! an event the tracker turns away is reported in `rejected` with its line number; the
//! rest is evaluated. `--lang zh-CN` prints the tables in Simplified Chinese, with the
//! playbook's titles from its translation (`translations/STEM.zh-CN.toml` beside it).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Parser;
use fieldbook::Finding;
use fieldbook::message::Arg;
use fieldbook::track::Scorecard;
use fieldbook::track::{Evaluation, LogError, LogLimits, RejectedLine, evaluate_log, read_events_with};
use fieldbook_i18n::pad;
use serde::Serialize;

#[path = "common/lang.rs"]
mod lang;
#[path = "common/output.rs"]
mod output;
#[path = "common/roster_file.rs"]
mod roster_file;

/// Evaluate recorded events against a playbook.
#[derive(Parser)]
#[command(name = "evaluate")]
struct Args {
    /// The playbook (TOML).
    #[arg(long)]
    playbook: PathBuf,
    /// The roster (JSON): {"people": [...], "customers": [...]}.
    #[arg(long)]
    roster: PathBuf,
    /// The events, one JSON object a line.
    #[arg(long)]
    events: PathBuf,
    /// First day evaluated (default: the day of the earliest event).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Last day evaluated (default: the day of the latest event).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// A longer line of the log is rejected alone.
    #[arg(long, default_value_t = fieldbook::track::MAX_LINE_BYTES)]
    max_line_bytes: usize,
    /// A log with more events is refused.
    #[arg(long, default_value_t = fieldbook::track::MAX_LOG_EVENTS)]
    max_events: usize,
    /// Only this person's findings.
    #[arg(long)]
    person: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// The language of the tables: `en` (default) or `zh-CN`.
    #[arg(long, default_value = "en", value_parser = lang::locale)]
    lang: fieldbook_i18n::Locale,
}

#[derive(Serialize)]
struct Output<'a> {
    findings: Vec<&'a Finding>,
    rejected: Vec<RejectedLine>,
}

fn main() -> ExitCode {
    output::exit(run(Args::parse()))
}

fn run(args: Args) -> Result<(), output::Stop> {
    let playbook = fieldbook::load(&args.playbook).map_err(|e| e.to_string())?;
    let (playbook, l) = lang::localized(&args.playbook, playbook, args.lang)?;
    let roster = roster_file::read(&args.roster)?;
    let events = |e: &dyn std::fmt::Display| format!("{}: {e}", args.events.display());
    let file = std::fs::File::open(&args.events).map_err(|e| events(&e))?;
    let limits = LogLimits { max_line_bytes: args.max_line_bytes, max_events: args.max_events };
    let log = read_events_with(std::io::BufReader::new(file), limits).map_err(|e| events(&e))?;
    let Evaluation { findings, rejected, .. } =
        evaluate_log(&playbook, roster, log, args.from, args.to).map_err(|e| match e {
            LogError::Roster(e) => format!("{}: {e}", args.roster.display()),
            e => events(&e),
        })?;
    let shown: Vec<&Finding> = findings.iter().filter(|f| args.person.as_ref().is_none_or(|p| f.person == p)).collect();

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        let json = serde_json::to_string_pretty(&Output { findings: shown, rejected }).map_err(|e| e.to_string())?;
        writeln!(out, "{json}")?;
        return Ok(out.flush()?);
    }
    let column = |key: &str, width: usize| pad(&l.text(key, &[]), width);
    writeln!(
        out,
        "{}  {}  {}  {}  {}  {}",
        column("evaluate-status", 7),
        column("evaluate-rule", 26),
        column("evaluate-refs", 16),
        column("evaluate-person", 10),
        column("evaluate-date", 10),
        l.text("evaluate-message", &[])
    )?;
    for f in &shown {
        writeln!(
            out,
            "{}  {:<26}  {:<16}  {:<10}  {:<10}  {}",
            pad(&l.status(f.status), 7),
            f.rule,
            f.refs.join(","),
            // A team's finding: the team, for its chief.
            f.team.as_ref().map_or_else(|| f.person.to_string(), |team| format!("team {team}")),
            f.window.start.date_naive(),
            l.finding(f)
        )?;
    }
    let card = Scorecard::new(shown.iter().copied());
    let right = |key: &str, width: usize| {
        let text = l.text(key, &[]);
        format!("{}{text}", " ".repeat(width.saturating_sub(fieldbook_i18n::width(&text))))
    };
    writeln!(
        out,
        "\n{}  {}  {}  {}  {}  {}",
        column("evaluate-rule", 26),
        column("evaluate-refs", 16),
        right("status-pass", 5),
        right("status-fail", 5),
        right("status-warning", 7),
        l.text("evaluate-attainment", &[])
    )?;
    for rule in &card.rules {
        let t = rule.tally;
        let attainment = t.attainment().map_or("-".to_string(), |a| format!("{:.0}%", a * 100.0));
        writeln!(
            out,
            "{:<26}  {:<16}  {:>5}  {:>5}  {:>7}  {attainment}",
            rule.rule,
            rule.refs.join(","),
            t.pass,
            t.fail,
            t.warning
        )?;
    }
    for team in &card.teams {
        let t = team.tally;
        let attainment = t.attainment().map_or("-".to_string(), |a| format!("{:.0}%", a * 100.0));
        let chief = if team.chief.is_empty() { "no chief" } else { team.chief.as_str() };
        writeln!(
            out,
            "team {} ({chief}): pass {}, fail {}, warning {}, attainment {attainment}",
            team.team, t.pass, t.fail, t.warning
        )?;
    }
    for r in &rejected {
        let id = r.id.as_ref().map_or(Arg::Key("evaluate-no-id"), |id| Arg::Text(id.as_str().into()));
        let line = l.text("evaluate-rejected", &[("line", Arg::Count(r.line as u64)), ("id", id)]);
        writeln!(out, "{line}: {}", r.reason)?;
    }
    Ok(out.flush()?)
}

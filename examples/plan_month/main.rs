//! Next month's visit plan (T77-7) for one person:
//! `cargo run --example plan_month -- --playbook FILE --roster ROSTER.json --person ID
//!  --month YYYY-MM [--json] [--ics FILE] [--lang en|zh-CN]`
//!
//! Prints a calendar table (weeks as rows, working days as columns, visits a day), each
//! day's visits in order with their reasons, what the plan cannot meet, and which of the
//! playbook's quotas the plan already breaks (the tracker run over the plan). `--json`
//! prints the plan and the evaluation instead; `--ics` also writes the visits as an
//! iCalendar file. `--lang zh-CN` prints the tables in Simplified Chinese (the planner's
//! reasons for a visit or a shortfall are English still), with the playbook's titles from
//! its translation (`translations/STEM.zh-CN.toml` beside it).

mod ics;
#[path = "../common/lang.rs"]
mod lang;
#[path = "../common/output.rs"]
mod output;
#[path = "../common/roster_file.rs"]
mod roster_file;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};
use clap::Parser;
use fieldbook::message::Arg;
use fieldbook::plan::PlanEvaluation;
use fieldbook::{Customer, MonthPlan, PlanOptions, Status, plan_month};
use fieldbook_i18n::Localizer;
use serde::Serialize;

/// Plan a month of customer visits.
#[derive(Parser)]
#[command(name = "plan_month")]
struct Args {
    /// The playbook (TOML), with a [visit_planning] table.
    #[arg(long)]
    playbook: PathBuf,
    /// The roster (JSON): {"people": [...], "customers": [...]}.
    #[arg(long)]
    roster: PathBuf,
    /// The person whose customers (those they manage) are planned.
    #[arg(long)]
    person: String,
    /// The month, YYYY-MM.
    #[arg(long)]
    month: String,
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
    /// Also write the plan as an iCalendar file.
    #[arg(long)]
    ics: Option<PathBuf>,
    /// The language of the tables: `en` (default) or `zh-CN`.
    #[arg(long, default_value = "en", value_parser = lang::locale)]
    lang: fieldbook_i18n::Locale,
}

#[derive(Serialize)]
struct Output<'a> {
    plan: &'a MonthPlan,
    evaluation: &'a PlanEvaluation,
}

fn main() -> ExitCode {
    output::exit(run(Args::parse()))
}

fn run(args: Args) -> Result<(), output::Stop> {
    let playbook = fieldbook::load(&args.playbook).map_err(|e| e.to_string())?;
    let (playbook, l) = lang::localized(&args.playbook, playbook, args.lang)?;
    let roster = roster_file::read(&args.roster)?;
    roster.check(&playbook).map_err(|e| format!("{}: {e}", args.roster.display()))?;
    let person = roster
        .people
        .iter()
        .find(|p| p.id == args.person)
        .ok_or_else(|| format!("{}: no person `{}`", args.roster.display(), args.person))?;
    let month = NaiveDate::parse_from_str(&format!("{}-01", args.month), "%Y-%m-%d")
        .map_err(|_| format!("`{}` is not a month: write YYYY-MM", args.month))?;
    let customers: Vec<Customer> =
        roster.customers.iter().filter(|c| c.manager.as_deref() == Some(person.id.as_str())).cloned().collect();
    let plan = plan_month(&playbook, person, &customers, month, &PlanOptions::new()).map_err(|e| e.to_string())?;
    let evaluation = plan.evaluate(&playbook, &roster).map_err(|e| e.to_string())?;
    if let Some(path) = &args.ics {
        let calendar = ics::calendar(&plan, &playbook);
        std::fs::write(path, calendar.to_string()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        let output = Output { plan: &plan, evaluation: &evaluation };
        writeln!(out, "{}", serde_json::to_string_pretty(&output).map_err(|e| e.to_string())?)?;
    } else {
        write!(out, "{}", table(&plan, &evaluation, &l))?;
    }
    Ok(out.flush()?)
}

/// The plan as text: a calendar of visits a day, the days in detail, shortfalls, findings.
fn table(plan: &MonthPlan, evaluation: &PlanEvaluation, l: &Localizer) -> String {
    use std::fmt::Write;
    let text = |s: String| Arg::Text(s.as_str().into());
    let mut out = String::new();
    let p = &plan.params;
    let heading = [
        ("person", text(plan.person.to_string())),
        ("month", text(plan.month.format("%Y-%m").to_string())),
        ("requirements", Arg::Count(plan.requirements.len() as u64)),
        ("visit", text(p.visit_minutes.to_string())),
        ("source", text(p.visit_length_source.to_string())),
        ("travel", text(p.travel_minutes.to_string())),
        ("start", text(p.start.to_string())),
        ("end", text(p.end.to_string())),
        ("quota", text(p.quota.to_string())),
        ("most", text(p.day_max.to_string())),
    ];
    let _ = writeln!(out, "{}", l.text("plan-heading", &heading));
    let _ = writeln!(out, "\n{}", l.text("plan-week-header", &[]));
    let mut week: Option<chrono::IsoWeek> = None;
    let mut row = [
        String::from("    "),
        "    ".into(),
        "    ".into(),
        "    ".into(),
        "    ".into(),
        "    ".into(),
        "    ".into(),
    ];
    let mut monday = plan.month;
    let flush = |out: &mut String, monday: NaiveDate, row: &[String; 7]| {
        let _ = writeln!(out, " {monday} | {}", row.join(" "));
    };
    for day in &plan.days {
        if week.is_some_and(|w| w != day.date.iso_week()) {
            flush(&mut out, monday, &row);
            row = Default::default();
            row.iter_mut().for_each(|c| *c = "    ".into());
        }
        if week != Some(day.date.iso_week()) {
            week = Some(day.date.iso_week());
            monday = day.date - chrono::TimeDelta::days(i64::from(day.date.weekday().num_days_from_monday()));
        }
        row[day.date.weekday().num_days_from_monday() as usize] = format!("{:>4}", day.visits.len());
    }
    if week.is_some() {
        flush(&mut out, monday, &row);
    }
    for day in &plan.days {
        let weekday = day.date.format("%a").to_string().to_lowercase();
        let ends = day.ends.map_or("-".into(), |t| t.to_string());
        let line = [
            ("date", text(day.date.to_string())),
            ("weekday", Arg::Text(weekday.into())),
            ("visits", Arg::Count(day.visits.len() as u64)),
            ("ends", text(ends)),
        ];
        let _ = writeln!(out, "\n{}", l.text("plan-day", &line));
        for v in &day.visits {
            let _ = writeln!(out, "  {}-{} {:<10} {}", v.arrive, v.leave, v.customer, v.reasons.join("; "));
        }
    }
    if plan.shortfalls.is_empty() {
        let _ = writeln!(out, "\n{}", l.text("plan-all-met", &[]));
    } else {
        let _ = writeln!(out, "\n{}", l.text("plan-not-met", &[]));
        for s in &plan.shortfalls {
            let _ = writeln!(
                out,
                "  {}{} [{}]: {} of {} planned, {} missing: {}",
                s.customer.as_ref().map_or(String::new(), |c| format!("{c}: ")),
                s.requirement,
                s.refs.join(", "),
                s.planned,
                s.needed,
                s.missing,
                s.reason
            );
        }
    }
    let failed: Vec<_> = evaluation.findings.iter().filter(|f| f.status != Status::Pass).collect();
    let counts = [
        ("findings", Arg::Count(evaluation.findings.len() as u64)),
        ("failed", Arg::Count(failed.len() as u64)),
        ("end", if failed.is_empty() { Arg::Key("plan-tracker-end-none") } else { Arg::Key("plan-tracker-end-list") }),
    ];
    let _ = writeln!(out, "\n{}", l.text("plan-tracker", &counts));
    for f in failed.iter().take(20) {
        let _ =
            writeln!(out, "  {} {} [{}] {}: {}", l.status(f.status), f.rule, f.refs.join(", "), f.person, l.finding(f));
    }
    if failed.len() > 20 {
        let _ = writeln!(out, "  {}", l.text("plan-more", &[("more", Arg::Count((failed.len() - 20) as u64))]));
    }
    out
}

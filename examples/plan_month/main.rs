//! Next month's visit plan (T77-7) for one person:
//! `cargo run --example plan_month -- --playbook FILE --roster ROSTER.json --person ID
//!  --month YYYY-MM [--json] [--ics FILE]`
//!
//! Prints a calendar table (weeks as rows, working days as columns, visits a day), each
//! day's visits in order with their reasons, what the plan cannot meet, and which of the
//! playbook's quotas the plan already breaks (the tracker run over the plan). `--json`
//! prints the plan and the evaluation instead; `--ics` also writes the visits as an
//! iCalendar file.

mod ics;
#[path = "../common/output.rs"]
mod output;
#[path = "../common/roster_file.rs"]
mod roster_file;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};
use clap::Parser;
use fieldbook::plan::PlanEvaluation;
use fieldbook::{Customer, MonthPlan, PlanOptions, Status, plan_month};
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
        write!(out, "{}", table(&plan, &evaluation))?;
    }
    Ok(out.flush()?)
}

/// The plan as text: a calendar of visits a day, the days in detail, shortfalls, findings.
fn table(plan: &MonthPlan, evaluation: &PlanEvaluation) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let p = &plan.params;
    let _ = writeln!(
        out,
        "Visit plan of {} for {}: {} customers' requirements, {}m a visit ({}), {}m between visits, {} to {}, {} to {} visits a day",
        plan.person,
        plan.month.format("%Y-%m"),
        plan.requirements.len(),
        p.visit_minutes,
        p.visit_length_source,
        p.travel_minutes,
        p.start,
        p.end,
        p.quota,
        p.day_max
    );
    let _ = writeln!(out, "\n week       |  Mon  Tue  Wed  Thu  Fri  Sat  Sun");
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
        let _ = writeln!(
            out,
            "\n{} {}: {} visits, ending {}",
            day.date,
            day.date.weekday(),
            day.visits.len(),
            day.ends.map_or("-".into(), |t| t.to_string())
        );
        for v in &day.visits {
            let _ = writeln!(out, "  {}-{} {:<10} {}", v.arrive, v.leave, v.customer, v.reasons.join("; "));
        }
    }
    if plan.shortfalls.is_empty() {
        let _ = writeln!(out, "\nEvery requirement and the daily quota are met.");
    } else {
        let _ = writeln!(out, "\nNot met:");
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
    let _ = writeln!(
        out,
        "\nThe tracker over the plan: {} findings, {} not passed{}",
        evaluation.findings.len(),
        failed.len(),
        if failed.is_empty() { "." } else { ":" }
    );
    for f in failed.iter().take(20) {
        let _ = writeln!(out, "  {f}");
    }
    if failed.len() > 20 {
        let _ = writeln!(out, "  ... and {} more (--json lists all)", failed.len() - 20);
    }
    out
}

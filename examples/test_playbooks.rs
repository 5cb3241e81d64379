//! Runs playbook scenario files:
//! `cargo run --example test_playbooks -- PATH... [--coverage] [--json]`
//!
//! Each PATH is a scenario file (`*.tests.toml`) or a folder searched for them. One line
//! per scenario (`ok` or `FAIL`), each failure followed by what it expected and what it
//! found; `--coverage` adds, per playbook, the rules no scenario made pass and fail;
//! `--json` prints all of it as one JSON document. Exit status 1 when a scenario fails or
//! a file cannot be run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use fieldbook::scenario::{Coverage, Suite, SuiteReport};
use serde::Serialize;

#[path = "common/output.rs"]
mod output;

/// Run playbook scenario files.
#[derive(Parser)]
#[command(name = "test_playbooks")]
struct Args {
    /// Scenario files (`*.tests.toml`), or folders to search for them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Print rule coverage: per playbook, how many scenarios made each rule pass and fail.
    #[arg(long)]
    coverage: bool,
    /// Print JSON (reports, problems and coverage) instead of text.
    #[arg(long)]
    json: bool,
}

/// Everything a run found, as `--json` prints it.
#[derive(Serialize)]
struct Output {
    passed: bool,
    reports: Vec<SuiteReport>,
    /// Files that could not be run, with their problems.
    errors: Vec<FileError>,
    coverage: Coverage,
}

#[derive(Serialize)]
struct FileError {
    file: PathBuf,
    problems: Vec<String>,
}

fn main() -> ExitCode {
    output::exit(run(Args::parse()))
}

fn run(args: Args) -> Result<ExitCode, output::Stop> {
    let mut files = Vec::new();
    for path in &args.paths {
        scenario_files(path, &mut files).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if files.is_empty() {
        return Err(format!("no scenario files (*.tests.toml) in {:?}", args.paths).into());
    }
    let (mut reports, mut errors) = (Vec::new(), Vec::new());
    for file in files {
        match Suite::load(&file) {
            Ok(suite) => reports.push(suite.run()),
            Err(error) => {
                let problems = match &error {
                    fieldbook::scenario::SuiteError::Invalid(problems) => {
                        problems.iter().map(ToString::to_string).collect()
                    }
                    other => vec![format!(
                        "{other}: {}",
                        std::error::Error::source(other).map(ToString::to_string).unwrap_or_default()
                    )],
                };
                errors.push(FileError { file, problems });
            }
        }
    }
    let coverage = Coverage::of(&reports);
    let passed = errors.is_empty() && reports.iter().all(SuiteReport::passed);
    let mut out = std::io::stdout().lock();
    if args.json {
        let output = Output { passed, reports, errors, coverage };
        let text = serde_json::to_string_pretty(&output).map_err(|e| format!("cannot print JSON: {e}"))?;
        writeln!(out, "{text}")?;
    } else {
        for report in &reports {
            write!(out, "{report}")?;
        }
        for error in &errors {
            writeln!(out, "ERROR {}", error.file.display())?;
            for problem in &error.problems {
                writeln!(out, "       {problem}")?;
            }
        }
        let scenarios: Vec<_> = reports.iter().flat_map(|r| &r.scenarios).collect();
        let failed = scenarios.iter().filter(|s| !s.passed).count();
        writeln!(
            out,
            "{} scenarios, {} passed, {failed} failed; {} file(s) not run",
            scenarios.len(),
            scenarios.len() - failed,
            errors.len()
        )?;
        if args.coverage {
            write!(out, "\n{coverage}")?;
            let untested = coverage.untested().count();
            writeln!(out, "{untested} rule(s) without both a passing and a failing scenario")?;
        }
    }
    out.flush()?;
    Ok(if passed { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// `path` if it is a file, else the `*.tests.toml` files below it, sorted.
fn scenario_files(path: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            scenario_files(&entry, files)?;
        } else if entry.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".tests.toml")) {
            files.push(entry);
        }
    }
    Ok(())
}

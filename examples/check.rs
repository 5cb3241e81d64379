//! Validates playbooks: `cargo run --example check -- FILE...`
//!
//! Prints a one-line summary per valid file and exits 0; otherwise prints one line per
//! problem, `FILE:LINE:COL: key.path: message`, and exits 1. `--effective` prints each
//! playbook with its overlays applied; `--diff` lists what an overlay changes in its base.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

#[path = "common/output.rs"]
mod output;

/// Validate fieldbook playbooks.
#[derive(Parser)]
#[command(name = "check")]
struct Args {
    /// Playbook files (TOML).
    #[arg(required = true)]
    files: Vec<std::path::PathBuf>,
    /// Print the effective playbook (overlays applied) of each valid file.
    #[arg(long)]
    effective: bool,
    /// Print the changes an overlay makes to the playbook it extends.
    #[arg(long)]
    diff: bool,
}

/// The playbook `file` extends, if it is an overlay.
fn base_of(file: &std::path::Path) -> Option<std::path::PathBuf> {
    let text = fieldbook::playbook::Sources::read(&fieldbook::FileSystem, file).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    let base = table.get("playbook")?.get("extends")?.as_str()?;
    Some(file.parent().unwrap_or(std::path::Path::new("")).join(base))
}

fn main() -> ExitCode {
    output::exit(run(&Args::parse()))
}

fn run(args: &Args) -> std::io::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    let mut ok = true;
    for file in &args.files {
        match fieldbook::load(file) {
            Ok(playbook) => {
                let spec = playbook.spec();
                writeln!(
                    out,
                    "{}: ok: `{}` ({}): {} phases, {} steps, {} duties, {} procedures, {} quotas, {} triggers, {} checks, {} event kinds",
                    file.display(),
                    spec.playbook.id,
                    spec.playbook.title,
                    spec.phases.len(),
                    spec.steps.len(),
                    spec.duties.len(),
                    spec.procedures.len(),
                    spec.quotas.len(),
                    spec.triggers.len(),
                    spec.checks.len(),
                    spec.event_kinds.len(),
                )?;
                if args.effective {
                    write!(out, "{}", playbook.to_toml())?;
                }
                if args.diff {
                    match base_of(file).map(fieldbook::load) {
                        None => writeln!(out, "{}: not an overlay: it extends no playbook", file.display())?,
                        Some(Err(error)) => {
                            ok = false;
                            writeln!(out, "{}: its base does not load: {error}", file.display())?;
                        }
                        Some(Ok(base)) => {
                            for change in fieldbook::spec::diff(base.spec(), playbook.spec()) {
                                writeln!(out, "  {change}")?;
                            }
                        }
                    }
                }
            }
            Err(fieldbook::LoadError::Invalid(problems)) => {
                ok = false;
                for problem in &problems {
                    writeln!(out, "{problem}")?;
                }
            }
            Err(error) => {
                ok = false;
                let cause = std::error::Error::source(&error).map(|e| format!(": {e}")).unwrap_or_default();
                writeln!(out, "{}: {error}{cause}", file.display())?;
            }
        }
    }
    out.flush()?;
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

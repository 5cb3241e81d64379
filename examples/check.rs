//! Validates playbooks: `cargo run --example check -- FILE...`
//!
//! Prints a one-line summary per valid file and exits 0; otherwise prints one line per
//! problem, `FILE:LINE:COL: key.path: message`, and exits 1.

use std::process::ExitCode;

use clap::Parser;

/// Validate fieldbook playbooks.
#[derive(Parser)]
#[command(name = "check")]
struct Args {
    /// Playbook files (TOML).
    #[arg(required = true)]
    files: Vec<std::path::PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut ok = true;
    for file in &args.files {
        match fieldbook::load(file) {
            Ok(playbook) => {
                let spec = playbook.spec();
                println!(
                    "{}: ok: `{}` ({}): {} phases, {} steps, {} duties, {} procedures, {} quotas, {} triggers, {} event kinds",
                    file.display(),
                    spec.playbook.id,
                    spec.playbook.title,
                    spec.phases.len(),
                    spec.steps.len(),
                    spec.duties.len(),
                    spec.procedures.len(),
                    spec.quotas.len(),
                    spec.triggers.len(),
                    spec.event_kinds.len(),
                );
            }
            Err(fieldbook::LoadError::Invalid(problems)) => {
                ok = false;
                for problem in &problems {
                    println!("{problem}");
                }
            }
            Err(error) => {
                ok = false;
                let cause = std::error::Error::source(&error).map(|e| format!(": {e}")).unwrap_or_default();
                println!("{}: {error}{cause}", file.display());
            }
        }
    }
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

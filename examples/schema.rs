//! Prints the JSON Schema of the playbook format: `cargo run --example schema`.
//!
//! The output is what `docs/playbook.schema.json` holds; regenerate it with
//! `cargo run -q --example schema > docs/playbook.schema.json`.

use std::io::Write;
use std::process::ExitCode;

#[path = "common/output.rs"]
mod output;

fn main() -> ExitCode {
    output::exit(run())
}

fn run() -> Result<(), output::Stop> {
    let schema = fieldbook::spec::json_schema();
    let text =
        serde_json::to_string_pretty(&schema).map_err(|e| format!("cannot print the playbook schema as JSON: {e}"))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    Ok(out.flush()?)
}

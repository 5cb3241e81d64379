//! Prints a JSON Schema: `cargo run --example schema [-- playbook|overlay|scenario]`.
//!
//! The outputs are what `docs/` holds; regenerate them with
//! `cargo run -q --example schema > docs/playbook.schema.json`,
//! `cargo run -q --example schema -- overlay > docs/overlay.schema.json` and
//! `cargo run -q --example schema -- scenario > docs/scenario.schema.json`.

use std::io::Write;
use std::process::ExitCode;

#[path = "common/output.rs"]
mod output;

fn main() -> ExitCode {
    output::exit(run(std::env::args().nth(1).as_deref().unwrap_or("playbook")))
}

fn run(which: &str) -> Result<(), output::Stop> {
    let schema = match which {
        "playbook" => fieldbook::spec::json_schema(),
        "overlay" => fieldbook::spec::overlay_json_schema(),
        "scenario" => fieldbook::scenario::json_schema(),
        other => return Err(format!("no schema `{other}`: give playbook, overlay or scenario").into()),
    };
    let text =
        serde_json::to_string_pretty(&schema).map_err(|e| format!("cannot print the {which} schema as JSON: {e}"))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    Ok(out.flush()?)
}

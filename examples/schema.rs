//! Prints the JSON Schema of the playbook format: `cargo run --example schema`.
//!
//! The output is what `docs/playbook.schema.json` holds; regenerate it with
//! `cargo run -q --example schema > docs/playbook.schema.json`.

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let schema = fieldbook::spec::json_schema();
    let text =
        serde_json::to_string_pretty(&schema).map_err(|e| format!("cannot print the playbook schema as JSON: {e}"))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").map_err(|e| format!("cannot write the schema to stdout: {e}"))?;
    Ok(())
}

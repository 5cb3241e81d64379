//! What is due for a person on a date:
//! `cargo run --example agenda -- --playbook FILE --date YYYY-MM-DD [--attr KEY=VALUE]... [--role ROLE] [--json]`

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Parser;
use fieldbook::{Agenda, Person, Playbook};

/// Print the agenda of one person on one date.
#[derive(Parser)]
#[command(name = "agenda")]
struct Args {
    /// The playbook (TOML).
    #[arg(long)]
    playbook: std::path::PathBuf,
    /// The date, YYYY-MM-DD.
    #[arg(long)]
    date: NaiveDate,
    /// A person attribute, e.g. `route=rural`; may be repeated.
    #[arg(long = "attr", value_parser = parse_attr)]
    attrs: Vec<(String, String)>,
    /// The person's role (default: the playbook's first role).
    #[arg(long)]
    role: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

fn parse_attr(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .ok_or_else(|| format!("`{text}` is not KEY=VALUE"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let playbook = match fieldbook::load(&args.playbook) {
        Ok(playbook) => playbook,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let person = match person(&playbook, &args) {
        Ok(person) => person,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let agenda = playbook.agenda(&person, args.date);
    if args.json {
        match serde_json::to_string_pretty(&agenda) {
            Ok(json) => println!("{json}"),
            Err(error) => {
                eprintln!("cannot write JSON: {error}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_table(&playbook, &agenda);
    }
    ExitCode::SUCCESS
}

/// The person described by the arguments, checked against the playbook's roles and
/// attributes so that a typo is an error rather than a silently different agenda.
fn person(playbook: &Playbook, args: &Args) -> Result<Person, String> {
    let spec = playbook.spec();
    let mut person = Person::new("cli");
    if let Some(role) = &args.role {
        if !spec.roles.iter().any(|r| &r.id == role) {
            let roles: Vec<&str> = spec.roles.iter().map(|r| r.id.as_str()).collect();
            return Err(format!("unknown role `{role}`; the playbook has: {}", roles.join(", ")));
        }
        person = person.with_role(role);
    }
    for (key, value) in &args.attrs {
        let Some(attribute) = spec.people.attributes.get(key) else {
            let known: Vec<&str> = spec.people.attributes.keys().map(String::as_str).collect();
            return Err(format!("unknown attribute `{key}`; the playbook has: {}", known.join(", ")));
        };
        if !attribute.values.is_empty() && !attribute.values.contains(value) {
            return Err(format!("`{value}` is not a value of `{key}` (one of {})", attribute.values.join(", ")));
        }
        person = person.with_attr(key, value);
    }
    Ok(person)
}

fn print_table(playbook: &Playbook, agenda: &Agenda) {
    let weekday = agenda.date.format("%A");
    let phase = match playbook.phase_on(agenda.date) {
        Some(phase) => format!("phase {} ({})", phase.id, phase.title),
        None => "no phase".to_string(),
    };
    let day = if agenda.working_day { "working day" } else { "not a working day" };
    println!("{} {weekday}: {day}, {phase}", agenda.date);
    if agenda.items.is_empty() {
        println!("  nothing due");
        return;
    }
    println!("  {:<5}  {:<7}  {:<58}  refs", "due", "kind", "what");
    for item in &agenda.items {
        let due = if item.due.date_naive() == agenda.date {
            item.due.format("%H:%M").to_string()
        } else {
            item.due.format("%m-%d").to_string()
        };
        let kind = serde_json::to_value(item.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        println!("  {due:<5}  {kind:<7}  {:<58}  {}", item.title, item.refs.join(", "));
        if let Some(detail) = &item.detail {
            println!("  {:<5}  {:<7}    {detail}", "", "");
        }
    }
}

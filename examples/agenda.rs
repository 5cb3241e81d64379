//! What is due for a person on a date:
//! `cargo run --example agenda -- --playbook FILE --date YYYY-MM-DD [--attr KEY=VALUE]... [--role ROLE]
//!  [--roster ROSTER.json --person ID [--events EVENTS.jsonl]] [--json] [--ics FILE] [--lang en|zh-CN]`
//!
//! With a roster and a person, the agenda also has the customer side: the person's date
//! reminders, agreement renewals, call list, records due for review and customers to
//! visit, drawn from the roster's customers and the events recorded so far. `--ics` also
//! writes the items as an iCalendar file, each an event at its due time; a duty on a
//! recurring schedule recurs (`RRULE`) for a year, with the days the calendar moves.
//! `--lang zh-CN` prints the table in Simplified Chinese, with the playbook's titles from
//! its translation (`translations/STEM.zh-CN.toml` beside it), columns aligned by width.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Parser;
use fieldbook::track::read_events;
use fieldbook::{Agenda, CustomerBook, Person, Playbook, Roster};
use fieldbook_i18n::{Localizer, pad};

#[path = "common/agenda_ics.rs"]
mod agenda_ics;
#[path = "common/lang.rs"]
mod lang;
#[path = "common/output.rs"]
mod output;
#[path = "common/roster_file.rs"]
mod roster_file;

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
    /// The person's role (default: the playbook's first role, or the person's role in the
    /// roster).
    #[arg(long)]
    role: Option<String>,
    /// The roster (JSON): {"people": [...], "customers": [...]}; adds the customer side.
    #[arg(long)]
    roster: Option<PathBuf>,
    /// The person of the roster whose agenda it is (with their role and attributes).
    #[arg(long, requires = "roster")]
    person: Option<String>,
    /// Events recorded so far, one JSON object a line (meals, calls, agreements ...): they
    /// give visit frequency, last contacts and renewals.
    #[arg(long, requires = "roster")]
    events: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Also write the agenda as an iCalendar file (RFC 5545).
    #[arg(long)]
    ics: Option<PathBuf>,
    /// The language of the table: `en` (default) or `zh-CN`.
    #[arg(long, default_value = "en", value_parser = lang::locale)]
    lang: fieldbook_i18n::Locale,
}

fn parse_attr(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .ok_or_else(|| format!("`{text}` is not KEY=VALUE"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let loaded = fieldbook::load(&args.playbook)
        .map_err(|error| error.to_string())
        .and_then(|playbook| lang::localized(&args.playbook, playbook, args.lang));
    let (playbook, localizer) = match loaded {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let book = match args.roster.as_deref().map(|path| customer_book(&playbook, path, args.events.as_deref())) {
        None => None,
        Some(Ok(book)) => Some(book),
        Some(Err(message)) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let person = match person(&playbook, book.as_ref().map(|(_, roster)| roster), &args) {
        Ok(person) => person,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let agenda = match &book {
        Some((book, _)) => playbook.agenda_for(&person, args.date, book),
        None => playbook.agenda(&person, args.date),
    };
    let agenda = match agenda {
        Ok(agenda) => agenda,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    if let Some(path) = &args.ics
        && let Err(error) = std::fs::write(path, agenda_ics::calendar(&playbook, &person, &agenda).to_string())
    {
        eprintln!("{}: {error}", path.display());
        return ExitCode::FAILURE;
    }
    let mut out = std::io::stdout().lock();
    let printed = if args.json {
        match serde_json::to_string_pretty(&agenda) {
            Ok(json) => writeln!(out, "{json}"),
            Err(error) => {
                eprintln!("cannot write JSON: {error}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_table(&mut out, &playbook, &agenda, &localizer)
    };
    output::exit(printed.and_then(|()| out.flush()))
}

/// The roster's customers and the recorded events. A line that is not an event, or an
/// event the book turns away, is reported on standard error and left out.
fn customer_book(playbook: &Playbook, path: &Path, events: Option<&Path>) -> Result<(CustomerBook, Roster), String> {
    let roster = roster_file::read(path)?;
    let mut book = CustomerBook::new(playbook, &roster).map_err(|e| format!("{}: {e}", path.display()))?;
    let Some(events) = events else { return Ok((book, roster)) };
    let file = std::fs::File::open(events).map_err(|e| format!("{}: {e}", events.display()))?;
    // Lines and the log bounded as `evaluate` reads them: a bad line is left out alone.
    let log = read_events(std::io::BufReader::new(file)).map_err(|e| format!("{}: {e}", events.display()))?;
    for line in log.rejected {
        eprintln!("{}:{}: left out: {}", events.display(), line.line, line.reason);
    }
    for (line, event) in log.events {
        for rejected in book.record([event]).rejected {
            eprintln!("{}:{line}: left out: {rejected}", events.display());
        }
    }
    Ok((book, roster))
}

/// The person described by the arguments, checked against the playbook's roles and
/// attributes so that a typo is an error rather than a silently different agenda.
fn person(playbook: &Playbook, roster: Option<&Roster>, args: &Args) -> Result<Person, String> {
    let spec = playbook.spec();
    let mut person = match (&args.person, roster) {
        (Some(id), Some(roster)) => roster.people.iter().find(|p| p.id == id).cloned().ok_or_else(|| {
            let known: Vec<&str> = roster.people.iter().map(|p| p.id.as_str()).collect();
            format!("unknown person `{id}`; the roster has: {}", known.join(", "))
        })?,
        _ => Person::new("cli"),
    };
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

fn print_table(out: &mut impl Write, playbook: &Playbook, agenda: &Agenda, l: &Localizer) -> std::io::Result<()> {
    use fieldbook::message::{Arg, Message};
    let weekday = agenda.date.format("%a").to_string().to_lowercase();
    let phase = match playbook.phase_on(agenda.date) {
        Some(phase) => {
            Message::new("agenda-phase", [("id", phase.id.as_str().into()), ("title", phase.title.as_str().into())])
                .into()
        }
        None => Arg::Key("agenda-no-phase"),
    };
    let day = if agenda.working_day { Arg::Key("agenda-working-day") } else { Arg::Key("agenda-day-off") };
    let heading =
        [("date", Arg::Date(agenda.date)), ("weekday", Arg::Text(weekday.into())), ("day", day), ("phase", phase)];
    writeln!(out, "{}", l.text("agenda-heading", &heading))?;
    if let Some(away) = &agenda.away {
        let kind = playbook.spec().absences.get(away.kind.as_str()).map_or(away.kind.as_str(), |k| k.title.as_str());
        let said = [("kind", Arg::Text(kind.into())), ("from", Arg::Date(away.from)), ("to", Arg::Date(away.to))];
        writeln!(out, "  {}", l.text("agenda-away", &said))?;
    }
    if agenda.items.is_empty() {
        return writeln!(out, "  {}", l.text("agenda-nothing-due", &[]));
    }
    let column = |key: &str, width: usize| pad(&l.text(key, &[]), width);
    writeln!(
        out,
        "  {}  {}  {}  {}",
        column("agenda-column-due", 5),
        column("agenda-column-kind", 9),
        column("agenda-column-what", 58),
        l.text("agenda-column-refs", &[])
    )?;
    for item in &agenda.items {
        let due = if item.due.date_naive() == agenda.date {
            item.due.format("%H:%M").to_string()
        } else {
            item.due.format("%m-%d").to_string()
        };
        let (kind, title) = (l.item_kind(item.kind), l.item_title(item));
        writeln!(out, "  {due:<5}  {}  {}  {}", pad(&kind, 9), pad(&title, 58), item.refs.join(", "))?;
        if let Some(detail) = l.item_detail(item) {
            writeln!(out, "  {:<5}  {:<9}    {detail}", "", "")?;
        }
    }
    Ok(())
}

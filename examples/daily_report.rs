//! The T77-17 daily report of one person's day:
//! `cargo run --example daily_report -- --roster ROSTER.json --events EVENTS.jsonl --person ID --date YYYY-MM-DD [--playbook FILE] [--json]`
//! (malformed lines of the log are skipped, each named on stderr)
//!
//! Ten items, the countable ones computed from the day's events, the free-text ones
//! carried from the report event. It reads the conventions of the T77 seed playbook (so
//! it lives here, not in the engine): a `schedule` event whose `planned` list names the
//! customers planned for the day, `visit` events with `stock`, `weekly_sales` and
//! `key_brands` fields, customers tagged `key`, and a `daily_report` event carrying the
//! free-text items. Missing pieces are reported as not recorded. An event's day is its
//! day in the playbook calendar's time zone, as the tracker has it.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Parser;
use fieldbook::chrono_tz::Tz;
use fieldbook::track::read_events;
use fieldbook::{Event, Roster, SmolStr, Value};
use serde::{Deserialize, Serialize};

#[path = "common/output.rs"]
mod output;
#[path = "common/roster_file.rs"]
mod roster_file;

/// Print a person's T77 daily report from recorded events.
#[derive(Parser)]
#[command(name = "daily_report")]
struct Args {
    /// The roster (JSON): {"people": [...], "customers": [...]}.
    #[arg(long)]
    roster: PathBuf,
    /// The events, one JSON object a line.
    #[arg(long)]
    events: PathBuf,
    /// The person reporting.
    #[arg(long)]
    person: String,
    /// The day reported on.
    #[arg(long)]
    date: NaiveDate,
    /// The playbook whose calendar's time zone decides an event's day.
    #[arg(long, default_value = "examples/playbooks/t77.toml")]
    playbook: PathBuf,
    /// Print JSON instead of a list.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    output::exit(run(&args))
}

fn run(args: &Args) -> Result<(), output::Stop> {
    let report = report(args).map_err(|error| format!("daily_report: {error}"))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(&report).map_err(|error| format!("daily_report: {error}"))?;
        writeln!(out, "{json}")?;
    } else {
        writeln!(out, "Daily report of {} for {}", report.person, report.date)?;
        for item in &report.items {
            writeln!(out, "{:>2}. {}: {} ({:?})", item.number, item.title, item.value, item.source)?;
        }
    }
    Ok(out.flush()?)
}

/// The report the arguments ask for, from the roster and the log.
fn report(args: &Args) -> Result<DailyReport, Box<dyn std::error::Error>> {
    let roster = roster_file::read(&args.roster)?;
    let log = read_events(std::io::BufReader::new(std::fs::File::open(&args.events)?))?;
    for line in &log.rejected {
        eprintln!("{}:{}: skipped: {}", args.events.display(), line.line, line.reason);
    }
    let events: Vec<Event> = log.events.into_iter().map(|(_, event)| event).collect();
    let zone = fieldbook::load(&args.playbook)?.calendar().time_zone();
    Ok(DailyReport::build(&roster, &args.person, args.date, &events, zone))
}

/// Stock is reasonable when it covers at most this many weeks of sales (T77-22).
const REASONABLE_STOCK_WEEKS: f64 = 1.5;

/// Where a report item's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Source {
    /// Computed from the day's events.
    Computed,
    /// Carried from the report event.
    Reported,
    /// Neither computed nor reported.
    Missing,
}

/// One of the ten items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct ReportItem {
    /// 1 to 10, as T77-17 numbers them.
    number: u8,
    /// What the item is.
    title: String,
    /// Its value for the day.
    value: String,
    /// Where the value comes from.
    source: Source,
}

/// A person's daily report for one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct DailyReport {
    /// The person.
    person: String,
    /// The day.
    date: NaiveDate,
    /// The ten items, in order.
    items: Vec<ReportItem>,
}

impl DailyReport {
    /// The report of `person` for `date` from `events` (any events; those of other people
    /// and days are ignored). An event's day is its day in `zone`, the calendar's.
    fn build(roster: &Roster, person: &str, date: NaiveDate, events: &[Event], zone: Tz) -> Self {
        let day = |e: &Event| e.at.with_timezone(&zone).date_naive();
        let mine: Vec<&Event> = events.iter().filter(|e| e.person == person && day(e) == date).collect();
        let of_kind = |kind: &'static str| mine.iter().copied().filter(move |e| e.kind == kind);
        let report = of_kind("daily_report").next_back();
        let text = |field: &str| match report.and_then(|r| r.fields.get(field)) {
            Some(Value::Text(t)) => (t.to_string(), Source::Reported),
            Some(other) => (other.to_string(), Source::Reported),
            None => ("not recorded".to_string(), Source::Missing),
        };
        let number = |e: &Event, field: &str| e.fields.get(field).and_then(Value::as_number);

        let visits: Vec<&Event> = of_kind("visit").collect();
        let visited: BTreeSet<&str> = visits.iter().filter_map(|v| v.customer.as_deref()).collect();
        let planned: Option<Vec<&str>> = of_kind("schedule").next_back().and_then(|s| match s.fields.get("planned") {
            Some(Value::List(list)) => Some(list.iter().map(SmolStr::as_str).collect()),
            _ => None,
        });

        let mut items = Vec::new();
        let mut push = |number: u8, title: &str, (value, source): (String, Source)| {
            items.push(ReportItem { number, title: title.to_string(), value, source });
        };
        push(
            1,
            "Planned visits",
            match &planned {
                Some(list) => (list.len().to_string(), Source::Computed),
                None => text("planned_visits"),
            },
        );
        push(2, "Actual visits", (visited.len().to_string(), Source::Computed));
        let missed: Vec<&str> = planned.iter().flatten().copied().filter(|c| !visited.contains(c)).collect();
        let (reasons, reasons_source) = text("missed_reasons");
        push(
            3,
            "Reasons for each missed visit",
            match (missed.is_empty(), planned.is_some()) {
                (true, true) => ("no planned customer was missed".to_string(), Source::Computed),
                (false, _) => (format!("missed {}: {reasons}", missed.join(", ")), Source::Computed),
                (true, false) => (reasons, reasons_source),
            },
        );
        let stocks: Vec<(f64, Option<f64>)> =
            visits.iter().filter_map(|v| number(v, "stock").map(|s| (s, number(v, "weekly_sales")))).collect();
        push(
            4,
            "Overall stock on the route",
            if stocks.is_empty() {
                ("no stock recorded".to_string(), Source::Missing)
            } else {
                let average = stocks.iter().map(|(s, _)| s).sum::<f64>() / stocks.len() as f64;
                let high = stocks.iter().filter(|(s, w)| w.is_some_and(|w| *s > w * REASONABLE_STOCK_WEEKS)).count();
                (
                    format!(
                        "average {average:.1} over {} visits; {high} above {REASONABLE_STOCK_WEEKS} weeks of sales",
                        stocks.len()
                    ),
                    Source::Computed,
                )
            },
        );
        let key: Vec<String> = visits
            .iter()
            .filter(|v| {
                v.customer
                    .as_ref()
                    .is_some_and(|c| roster.customers.iter().any(|x| &x.id == c && x.tags.iter().any(|t| t == "key")))
            })
            .filter_map(|v| Some(format!("{}: {}", v.customer.as_deref()?, number(v, "stock")?)))
            .collect();
        push(
            5,
            "Key customers' stock",
            if key.is_empty() {
                ("no key customer's stock recorded".to_string(), Source::Missing)
            } else {
                (key.join(", "), Source::Computed)
            },
        );
        push(6, "Sell-through speed and trade-area changes", text("sell_through"));
        let stocking = visits
            .iter()
            .filter(|v| matches!(v.fields.get("key_brands"), Some(Value::List(l)) if !l.is_empty()))
            .count();
        push(
            7,
            "Key brands: should stock vs do stock",
            (
                format!("{} visited customers should stock the key brands; {stocking} do", visited.len()),
                Source::Computed,
            ),
        );
        push(8, "Problems most customers raised", text("common_problems"));
        push(9, "Complaints and notable suggestions", text("complaints"));
        push(10, "Main lessons of the day", text("lessons"));
        Self { person: person.to_string(), date, items }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fieldbook::Customer;

    /// T77's calendar zone.
    const SHANGHAI: Tz = Tz::Asia__Shanghai;

    fn at(time: &str) -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339(&format!("2026-12-07T{time}:00+08:00")).unwrap()
    }

    #[test]
    fn an_events_day_is_its_day_in_the_calendars_zone() {
        let utc = |text: &str| chrono::DateTime::parse_from_rfc3339(text).unwrap();
        // 23:30 UTC on the 6th is 07:30 on the 7th in Shanghai; 17:00 UTC on the 7th is
        // already the 8th there.
        let events = [
            Event::new("s", "schedule", "li", utc("2026-12-06T23:30:00Z")).with("planned", vec!["a", "b"]),
            Event::new("late", "schedule", "li", utc("2026-12-07T17:00:00Z")).with("planned", vec!["c"]),
        ];
        let roster = Roster::default();
        let report = DailyReport::build(&roster, "li", "2026-12-07".parse().unwrap(), &events, SHANGHAI);
        assert_eq!(report.items[0].value, "2", "the schedule sent in UTC on the 6th is the 7th's");
        let next = DailyReport::build(&roster, "li", "2026-12-08".parse().unwrap(), &events, SHANGHAI);
        assert_eq!(next.items[0].value, "1");
    }

    #[test]
    fn countable_items_come_from_the_days_events() {
        let roster = Roster {
            people: vec![],
            customers: vec![
                Customer { id: "a".into(), tags: vec!["key".into()], ..Customer::default() },
                Customer { id: "b".into(), ..Customer::default() },
            ],
            teams: Vec::new(),
        };
        let visit = |id: &str, customer: &str, stock: f64, sales: f64, brands: &[&str]| {
            Event::new(id, "visit", "li", at("10:00"))
                .ending(at("10:10"))
                .for_customer(customer)
                .with("stock", Value::Number(stock))
                .with("weekly_sales", Value::Number(sales))
                .with("key_brands", Value::List(brands.iter().map(SmolStr::new).collect()))
        };
        let events = [
            Event::new("s", "schedule", "li", at("08:20"))
                .with("planned", Value::List(vec!["a".into(), "b".into(), "c".into()])),
            // a: 10 in stock, 10 sold a week: reasonable. b: 20 in stock, 10 a week: too much.
            visit("v1", "a", 10.0, 10.0, &["X"]),
            visit("v2", "b", 20.0, 10.0, &[]),
            Event::new("r", "daily_report", "li", at("16:00"))
                .with("missed_reasons", Value::Text("shop c was closed".into()))
                .with("lessons", Value::Text("start earlier".into())),
        ];
        let report = DailyReport::build(&roster, "li", "2026-12-07".parse().unwrap(), &events, SHANGHAI);
        let value = |n: usize| report.items[n - 1].value.as_str();
        assert_eq!(value(1), "3");
        assert_eq!(value(2), "2");
        assert_eq!(value(3), "missed c: shop c was closed");
        assert_eq!(value(4), "average 15.0 over 2 visits; 1 above 1.5 weeks of sales");
        assert_eq!(value(5), "a: 10");
        assert_eq!(value(7), "2 visited customers should stock the key brands; 1 do");
        assert_eq!(value(10), "start earlier");
        assert_eq!(report.items[5].source, Source::Missing);
    }
}

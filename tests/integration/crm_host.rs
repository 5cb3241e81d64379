//! The reference host, `examples/crm_host`, on SQLite: killed at random moments while it
//! ingests a month with late, corrected, repeated and retracted records, and run again
//! until it is done, it stores exactly the findings of an uninterrupted in-memory run, and
//! every line of every batch once. Bad input stops it with an error and stores nothing of
//! the batch.
//!
//! The host is the example binary that `cargo test` builds beside this test's executable;
//! `cargo build --example crm_host` first when running this test alone.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use chrono::{NaiveDate, TimeDelta};
use fieldbook::track::{Admission, FindingKey, Revision};
use fieldbook::{Event, Finding, Tracker};

use crate::support::month::{self, Rng};
use crate::support::{date, seed, seed_path};

const PEOPLE: usize = 3;
const LATENESS: u32 = 2;
const KILLS: usize = 12;

/// One sync: the lines of a batch file, and the day to close through after it.
struct Batch {
    name: String,
    close_through: NaiveDate,
    lines: Vec<Line>,
}

enum Line {
    Event(Event),
    Retract(String, NaiveDate),
}

/// December 2026 of a T77 team in daily batches: the batch of day D (a morning's sync)
/// closes through D-1 and carries most events of D-1; some come one or two days later
/// (late, within the lateness), a few three days later (past it: rejected); some visits
/// are corrected (a new end) and some events retracted or sent again, two or three days
/// later. Also returns the final events: what a run with every event on time would see.
fn december(seed: u64) -> (Vec<Batch>, Vec<Event>) {
    let (first, last) = (date("2026-12-01"), date("2026-12-31"));
    let mut rng = Rng::new(seed);
    let mut batches: Vec<Batch> = first
        .iter_days()
        .skip(1)
        .take_while(|d| *d <= last + TimeDelta::days(4))
        .map(|d| Batch { name: format!("{d}.jsonl"), close_through: d.pred_opt().unwrap(), lines: Vec::new() })
        .collect();
    let mut finals = Vec::new();
    for event in month::events(PEOPLE, first, last, seed) {
        let day = event.at.date_naive();
        let batch = |delay: i64| ((day - first).num_days() + delay) as usize;
        let roll = rng.range(0, 100);
        if roll < 8 {
            // Late by one or two days: accepted, its day reopened.
            batches[batch(rng.range(1, 3))].lines.push(Line::Event(event.clone()));
            finals.push(event);
            continue;
        }
        if roll < 9 {
            // Past the lateness: handed back, and stored as rejected.
            batches[batch(3)].lines.push(Line::Event(event));
            continue;
        }
        batches[batch(0)].lines.push(Line::Event(event.clone()));
        let later = &mut batches[batch(rng.range(1, 3))].lines;
        match roll {
            9..13 if event.kind == "visit" => {
                let mut corrected = event.clone();
                corrected.end = Some(event.at + TimeDelta::minutes(rng.range(3, 16)));
                later.push(Line::Event(corrected.clone()));
                finals.push(corrected);
            }
            13..15 => later.push(Line::Retract(event.id.to_string(), day)),
            15..17 => {
                later.push(Line::Event(event.clone()));
                finals.push(event);
            }
            _ => finals.push(event),
        }
    }
    (batches, finals)
}

/// Writes the batches as files, the watermark first.
fn write(batches: &[Batch], dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for batch in batches {
        let mut text = format!("{{\"close_through\": \"{}\"}}\n", batch.close_through);
        for line in &batch.lines {
            let json = match line {
                Line::Event(event) => serde_json::to_string(event).unwrap(),
                Line::Retract(id, date) => serde_json::json!({"retract": id, "date": date}).to_string(),
            };
            text.push_str(&json);
            text.push('\n');
        }
        std::fs::write(dir.join(&batch.name), text).unwrap();
    }
}

/// What an uninterrupted in-memory run over the batches stores: the findings by key, and
/// how many lines had each outcome.
fn in_memory(batches: &[Batch]) -> (BTreeMap<FindingKey, Finding>, BTreeMap<String, i64>) {
    let mut tracker =
        Tracker::new(seed("t77"), month::roster(PEOPLE), date("2026-12-01")).unwrap().with_lateness(LATENESS);
    let mut store = BTreeMap::new();
    let mut outcomes = BTreeMap::new();
    for batch in batches {
        for line in &batch.lines {
            let outcome = match line {
                Line::Event(event) => match tracker.ingest(event.clone()) {
                    Ok(Admission::New) => "new",
                    Ok(Admission::Late) => "late",
                    Ok(Admission::Corrected) => "corrected",
                    Ok(Admission::Repeat) => "repeat",
                    Err(_) => "rejected",
                },
                Line::Retract(id, date) => tracker.retract(id, *date).map_or("rejected", |_| "retracted"),
            };
            *outcomes.entry(outcome.to_string()).or_insert(0) += 1;
        }
        for revision in tracker.revise() {
            match revision {
                Revision::Upsert(finding) => store.insert(finding.key(), finding),
                Revision::Withdraw(key) => store.remove(&key),
            };
        }
        store.extend(tracker.close_through(batch.close_through).unwrap().into_iter().map(|f| (f.key(), f)));
    }
    (store, outcomes)
}

/// The example binary, built by `cargo test` beside the test executable.
fn host() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let debug = exe.parent().and_then(Path::parent).unwrap();
    let host = debug.join("examples").join(format!("crm_host{}", std::env::consts::EXE_SUFFIX));
    assert!(host.exists(), "{} is not built: run `cargo build --example crm_host`", host.display());
    host
}

/// A fresh folder under the system's temporary one.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fieldbook-crm-host-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The host's command line over `dir` (`batches/`, `roster.json`, `crm.sqlite`), without
/// `--start`.
fn command(dir: &Path, playbook: &str) -> Command {
    let mut command = Command::new(host());
    command
        .arg("--db")
        .arg(dir.join("crm.sqlite"))
        .arg("--playbook")
        .arg(seed_path(playbook))
        .arg("--roster")
        .arg(dir.join("roster.json"))
        .arg("--batches")
        .arg(dir.join("batches"))
        .args(["--lateness", &LATENESS.to_string()])
        .stdin(Stdio::null());
    command
}

/// The host's command line with `--start 2026-12-01`: creates the database if missing.
fn starting(dir: &Path, playbook: &str) -> Command {
    let mut command = command(dir, playbook);
    command.args(["--start", "2026-12-01"]);
    command
}

fn run(dir: &Path, playbook: &str) -> Output {
    starting(dir, playbook).output().unwrap()
}

/// The first `n` batches of a month, written under a fresh folder.
fn first_batches(name: &str, n: usize) -> (Vec<Batch>, PathBuf) {
    let (mut batches, _) = december(3);
    batches.truncate(n);
    let dir = setup(name, &batches);
    (batches, dir)
}

/// Asserts that the host ran to the end.
fn succeeded(output: &Output) {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// Asserts that the host failed with status 1, and returns what it said.
fn failed(output: Output) -> String {
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn setup(name: &str, batches: &[Batch]) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("roster.json"), serde_json::to_string(&month::roster(PEOPLE)).unwrap()).unwrap();
    write(batches, &dir.join("batches"));
    dir
}

fn db(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join("crm.sqlite")).unwrap()
}

fn stored_findings(dir: &Path) -> BTreeMap<FindingKey, Finding> {
    let conn = db(dir);
    let mut select = conn.prepare("SELECT key, finding FROM findings").unwrap();
    let rows = select.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))).unwrap();
    rows.map(|row| {
        let (key, finding) = row.unwrap();
        let finding: Finding = serde_json::from_str(&finding).unwrap();
        assert_eq!(serde_json::from_str::<FindingKey>(&key).unwrap(), finding.key(), "stored under its own key");
        (finding.key(), finding)
    })
    .collect()
}

fn outcomes(dir: &Path) -> BTreeMap<String, i64> {
    let conn = db(dir);
    let mut select = conn.prepare("SELECT outcome, count(*) FROM records GROUP BY outcome").unwrap();
    select.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn a_host_killed_at_random_moments_stores_what_an_uninterrupted_run_does() {
    let (batches, finals) = december(16);
    let (expected, expected_outcomes) = in_memory(&batches);
    // The batches do what they are meant to: every kind of line occurs.
    for outcome in ["new", "late", "corrected", "repeat", "retracted", "rejected"] {
        assert!(expected_outcomes.get(outcome).is_some_and(|n| *n > 0), "no {outcome} line: {expected_outcomes:?}");
    }
    // And the in-memory run is the truth: the final events on time give its findings.
    let mut on_time = Tracker::new(seed("t77"), month::roster(PEOPLE), date("2026-12-01")).unwrap();
    assert!(on_time.ingest_all(finals).rejected.is_empty());
    let last = batches.last().unwrap().close_through;
    let truth: BTreeMap<_, _> = on_time.close_through(last).unwrap().into_iter().map(|f| (f.key(), f)).collect();
    assert!(truth == expected, "the batches revised give other findings than the final events on time");

    let dir = setup("crash", &batches);
    let mut rng = Rng::new(16);
    let mut interrupted = 0;
    for _ in 0..KILLS {
        let mut child = starting(&dir, "t77").stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        // Kill it after 0 to 2 batches and up to 150 ms more (a batch takes 50-150 ms in a
        // debug build): anywhere in a batch, or in
        // starting up. Whatever the moment, the assertions below hold.
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        for _ in 0..rng.range(0, 3) {
            if stdout.read_line(&mut String::new()).unwrap() == 0 {
                break;
            }
        }
        std::thread::sleep(Duration::from_micros(rng.range(0, 150_000) as u64));
        interrupted += usize::from(child.try_wait().unwrap().is_none());
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(status.code().is_none_or(|code| code == 0), "the host failed by itself: {status}");
    }
    succeeded(&run(&dir, "t77"));
    eprintln!("crm_host: {interrupted} of {KILLS} runs killed while running");

    let stored = stored_findings(&dir);
    assert_eq!(stored.len(), expected.len(), "as many findings stored as the in-memory run has");
    assert!(stored == expected, "the stored findings differ from an uninterrupted run");
    // Every line of every batch is stored once, with the outcome the in-memory run gave it.
    assert_eq!(outcomes(&dir), expected_outcomes);
    let conn = db(&dir);
    let batches_done: i64 = conn.query_row("SELECT count(DISTINCT name) FROM batches", [], |r| r.get(0)).unwrap();
    assert_eq!(batches_done, batches.len() as i64);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_batch_that_does_not_parse_stops_the_host_and_stores_nothing_of_it() {
    let (batches, dir) = first_batches("corrupt", 2);
    let second = dir.join("batches").join(&batches[1].name);
    let text = std::fs::read_to_string(&second).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(2, "{\"id\": \"x\", \"kind\": \"visit\"");
    std::fs::write(&second, lines.join("\n")).unwrap();

    let stderr = failed(run(&dir, "t77"));
    assert!(stderr.contains(&format!("{}:3: ", second.display())), "{stderr}");
    let first_lines = batches[0].lines.len() as i64;
    assert_eq!(outcomes(&dir).values().sum::<i64>(), first_lines, "only the first batch is stored");

    // Mended, the batch is taken on the next run.
    std::fs::write(&second, text).unwrap();
    succeeded(&run(&dir, "t77"));
    let all = batches.iter().map(|b| b.lines.len() as i64).sum::<i64>();
    assert_eq!(outcomes(&dir).values().sum::<i64>(), all);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_or_foreign_database_and_another_playbook_are_errors() {
    let (_, dir) = first_batches("bad-db", 1);
    // No database and no --start.
    assert!(failed(command(&dir, "t77").output().unwrap()).contains("no such database"));
    // Not a database at all.
    std::fs::write(dir.join("crm.sqlite"), "not a database, just text that is long enough to be read as a header")
        .unwrap();
    assert!(failed(run(&dir, "t77")).contains("crm.sqlite: file is not a database"));
    // Somebody else's database.
    std::fs::remove_file(dir.join("crm.sqlite")).unwrap();
    db(&dir).execute_batch("CREATE TABLE customers (id TEXT)").unwrap();
    assert!(failed(run(&dir, "t77")).contains("not a crm_host database"));
    // A snapshot of T77 restored under TPK.
    std::fs::remove_file(dir.join("crm.sqlite")).unwrap();
    succeeded(&run(&dir, "t77"));
    let other = failed(run(&dir, "tpk"));
    assert!(other.contains("the stored snapshot does not restore") && other.contains("playbook"), "{other}");
    let _ = std::fs::remove_dir_all(&dir);
}

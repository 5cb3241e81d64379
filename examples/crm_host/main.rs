//! A reference host on a real database: event batches into a tracker, findings and
//! snapshots into SQLite, one transaction per batch, and a restart from the database.
//!
//! ```sh
//! cargo run --example crm_host -- --db crm.sqlite --start 2026-12-01 \
//!     --playbook examples/playbooks/t77.toml --roster examples/data/t77-roster.json \
//!     --batches DIR [--lateness 2]
//! ```
//!
//! `DIR` holds the batches, `*.jsonl`, taken in name order (see `batch.rs` for the lines:
//! events, retractions and the watermark). For each batch not done yet, in one transaction:
//! its lines are stored with what became of them (accepted as new, late, corrected or a
//! repeat; retracted; or rejected, with the reason), the revisions of reopened days are
//! applied to the findings (upserted or deleted by `Finding::key()`), the days through the
//! watermark are closed and their findings upserted, and the tracker's snapshot and the
//! batch's number are stored. Killed at any moment, the host run again restores the
//! tracker from the last snapshot committed and goes on with the first batch not done:
//! the findings stored are those of an uninterrupted run. `--start` creates the database
//! (a tracker following days from that date); without it the database must exist. A batch
//! that does not parse, or a database that is not the host's, stops the host with an error
//! (exit 1) and nothing of that batch stored. One line is printed per batch done.
//! `docs/hosts.md` (section 6a) describes the schema, which `store.rs` creates.

mod batch;
#[path = "../common/output.rs"]
mod output;
#[path = "../common/roster_file.rs"]
mod roster_file;
mod store;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use batch::{Batch, Record, What};
use chrono::NaiveDate;
use clap::Parser;
use fieldbook::Tracker;
use fieldbook::track::{Admission, Revision};
use store::{Counts, Store};

/// Feed event batches to a tracker, storing findings and snapshots in SQLite.
#[derive(Parser)]
#[command(name = "crm_host")]
struct Args {
    /// The SQLite database.
    #[arg(long)]
    db: PathBuf,
    /// The playbook (TOML).
    #[arg(long)]
    playbook: PathBuf,
    /// The roster (JSON): {"people": [...], "customers": [...]}.
    #[arg(long)]
    roster: PathBuf,
    /// The folder of batches (`*.jsonl`), taken in name order.
    #[arg(long)]
    batches: PathBuf,
    /// The first day tracked: creates the database if it does not exist (and must be the
    /// database's own if it does).
    #[arg(long)]
    start: Option<NaiveDate>,
    /// How many closed days late, corrected and retracted records may reopen.
    #[arg(long, default_value_t = 2)]
    lateness: u32,
}

fn main() -> ExitCode {
    output::exit(run(Args::parse()))
}

fn run(args: Args) -> Result<(), output::Stop> {
    let playbook = fieldbook::load(&args.playbook).map_err(|e| e.to_string())?;
    let roster = roster_file::read(&args.roster)?;
    let new = match args.start {
        Some(start) => {
            let tracker = Tracker::new(playbook.clone(), roster.clone(), start).map_err(|e| e.to_string())?;
            Some((start, tracker.snapshot()))
        }
        None => None,
    };
    let db = args.db.display();
    let (mut store, saved) = Store::open(&args.db, new.as_ref().map(|(start, state)| (*start, state)))?;
    if let Some(start) = args.start.filter(|start| *start != saved.start) {
        return Err(format!("{db}: the database follows days from {}, not --start {start}", saved.start).into());
    }
    let mut tracker = Tracker::restore(playbook, roster, saved.snapshot)
        .map_err(|e| format!("{db}: the stored snapshot does not restore: {e}"))?
        .with_lateness(args.lateness);

    let mut out = std::io::stdout().lock();
    for path in batch::list(&args.batches)? {
        let name = batch::name(&path);
        if store.done(&name).map_err(|e| format!("{db}: {e}"))? {
            continue;
        }
        let batch = batch::read(&path)?;
        let counts = apply(&mut tracker, &mut store, batch).map_err(|e| format!("{db}: batch {name}: {e}"))?;
        let closed = tracker.closed_through().map_or_else(|| "nothing".to_string(), |d| d.to_string());
        let Counts { new, late, corrected, repeated, retracted, rejected, upserted, withdrawn } = counts;
        writeln!(
            out,
            "{name}: {new} new, {late} late, {corrected} corrected, {repeated} repeated, {retracted} retracted, \
             {rejected} rejected; closed through {closed}; {upserted} findings stored, {withdrawn} withdrawn"
        )?;
    }
    Ok(out.flush()?)
}

/// Feeds one batch to the tracker and stores everything it changes in one transaction.
fn apply(tracker: &mut Tracker, store: &mut Store, batch: Batch) -> Result<Counts, String> {
    let tx = store.begin(&batch.name, batch.close_through)?;
    let mut counts = Counts::default();
    for Record { line, text, what } in batch.records {
        match what {
            What::Event(event) => {
                let id = event.id.clone();
                match tracker.ingest(*event) {
                    Ok(admission) => {
                        let (count, outcome) = match admission {
                            Admission::New => (&mut counts.new, "new"),
                            Admission::Late => (&mut counts.late, "late"),
                            Admission::Corrected => (&mut counts.corrected, "corrected"),
                            Admission::Repeat => (&mut counts.repeated, "repeat"),
                        };
                        *count += 1;
                        tx.record(line, &id, outcome, None, &text)?;
                    }
                    Err(rejected) => {
                        counts.rejected += 1;
                        tx.record(line, &id, "rejected", Some(&rejected.reason.to_string()), &text)?;
                    }
                }
            }
            What::Retract { id, date } => match tracker.retract(&id, date) {
                Ok(_) => {
                    counts.retracted += 1;
                    tx.record(line, &id, "retracted", None, &text)?;
                }
                Err(why) => {
                    counts.rejected += 1;
                    tx.record(line, &id, "rejected", Some(&why.to_string()), &text)?;
                }
            },
        }
    }
    for revision in tracker.revise() {
        match revision {
            Revision::Upsert(finding) => {
                counts.upserted += 1;
                tx.upsert(&finding)?;
            }
            Revision::Withdraw(key) => {
                counts.withdrawn += 1;
                tx.withdraw(&key)?;
            }
        }
    }
    if let Some(date) = batch.close_through {
        let mut stored = Ok(());
        tracker
            .close_through_each(date, |finding| {
                if stored.is_ok() {
                    counts.upserted += 1;
                    stored = tx.upsert(&finding);
                }
            })
            .map_err(|e| e.to_string())?;
        stored?;
    }
    tx.commit(&counts, &tracker.snapshot())?;
    Ok(counts)
}

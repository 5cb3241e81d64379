//! The SQLite database: its schema, the tracker's snapshot, and the writes of one batch,
//! all in one transaction.

use std::path::Path;

use chrono::NaiveDate;
use fieldbook::Finding;
use fieldbook::track::{FindingKey, TrackerState};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// The schema's version, in `PRAGMA user_version`.
const VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE tracker (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    start TEXT NOT NULL,           -- the tracker's first day
    snapshot TEXT NOT NULL,        -- Tracker::snapshot() as JSON
    last_batch INTEGER NOT NULL    -- batches.seq of the last batch done, 0 before any
);
CREATE TABLE batches (
    seq INTEGER PRIMARY KEY,       -- 1, 2, ... in the order batches are done
    name TEXT NOT NULL UNIQUE,     -- the file name
    close_through TEXT,            -- the watermark, if the batch had one
    new INTEGER, late INTEGER, corrected INTEGER, repeated INTEGER, -- lines by outcome
    retracted INTEGER, rejected INTEGER,
    upserted INTEGER, withdrawn INTEGER -- findings stored and withdrawn
);
CREATE TABLE records (             -- every line of every batch but the watermark, as sent
    batch INTEGER NOT NULL REFERENCES batches(seq),
    line INTEGER NOT NULL,
    id TEXT NOT NULL,              -- the event's id, or the id retracted
    outcome TEXT NOT NULL,         -- new, repeat, late, corrected, retracted or rejected
    reason TEXT,                   -- why it was rejected
    record TEXT NOT NULL,
    PRIMARY KEY (batch, line)
);
CREATE TABLE findings (            -- the findings that stand, by Finding::key()
    key TEXT PRIMARY KEY,          -- the key as JSON
    rule TEXT NOT NULL, person TEXT NOT NULL, customer TEXT,
    window_start TEXT NOT NULL, window_end TEXT NOT NULL, status TEXT NOT NULL,
    finding TEXT NOT NULL,         -- the finding as JSON
    batch INTEGER NOT NULL         -- the batch that stored it last
);
";

/// An open database.
pub struct Store {
    conn: Connection,
}

/// What the database holds of the tracker.
pub struct Saved {
    /// The tracker's first day.
    pub start: NaiveDate,
    /// The snapshot.
    pub snapshot: TrackerState,
}

/// The writes of one batch, in one transaction: none of them is stored unless
/// [`BatchTx::commit`] is reached.
pub struct BatchTx<'a> {
    tx: Transaction<'a>,
    seq: i64,
}

/// What became of a batch's lines, and how many findings it stored and withdrew.
#[derive(Default)]
pub struct Counts {
    pub new: i64,
    pub late: i64,
    pub corrected: i64,
    pub repeated: i64,
    pub retracted: i64,
    pub rejected: i64,
    pub upserted: i64,
    pub withdrawn: i64,
}

fn sql(path: &Path) -> impl Fn(rusqlite::Error) -> String + '_ {
    move |e| format!("{}: {e}", path.display())
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}

impl Store {
    /// Opens the database at `path`. A missing or empty one is created when `new` is
    /// given: the first day and a new tracker's snapshot. A database of another schema is
    /// an error.
    pub fn open(path: &Path, new: Option<(NaiveDate, &TrackerState)>) -> Result<(Self, Saved), String> {
        let err = sql(path);
        if !path.exists() && new.is_none() {
            return Err(format!("{}: no such database (give --start to create one)", path.display()));
        }
        let mut conn = Connection::open(path).map_err(&err)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(&err)?;
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0)).map_err(&err)?;
        if version == 0 && tables == 0 {
            let Some((start, snapshot)) = new else {
                return Err(format!("{}: an empty database (give --start to create one)", path.display()));
            };
            let tx = conn.transaction().map_err(&err)?;
            tx.execute_batch(SCHEMA).map_err(&err)?;
            tx.execute(
                "INSERT INTO tracker (id, start, snapshot, last_batch) VALUES (1, ?1, ?2, 0)",
                params![start.to_string(), json(snapshot)?],
            )
            .map_err(&err)?;
            tx.pragma_update(None, "user_version", VERSION).map_err(&err)?;
            tx.commit().map_err(&err)?;
        } else if version != VERSION {
            return Err(format!("{}: not a crm_host database of schema version {VERSION}", path.display()));
        }
        let (start, snapshot): (String, String) = conn
            .query_row("SELECT start, snapshot FROM tracker WHERE id = 1", [], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(&err)?;
        let start = start.parse().map_err(|e| format!("{}: the stored start `{start}`: {e}", path.display()))?;
        let snapshot = serde_json::from_str(&snapshot)
            .map_err(|e| format!("{}: the stored snapshot does not read: {e}", path.display()))?;
        Ok((Self { conn }, Saved { start, snapshot }))
    }

    /// Whether the batch `name` is done.
    pub fn done(&self, name: &str) -> Result<bool, String> {
        let seq: Option<i64> = self
            .conn
            .query_row("SELECT seq FROM batches WHERE name = ?1", [name], |row| row.get(0))
            .optional()
            .map_err(|e| e.to_string())?;
        Ok(seq.is_some())
    }

    /// Starts the transaction of the batch `name`, numbered after the last one done.
    pub fn begin(&mut self, name: &str, close_through: Option<NaiveDate>) -> Result<BatchTx<'_>, String> {
        let err = |e: rusqlite::Error| e.to_string();
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "INSERT INTO batches (name, close_through) VALUES (?1, ?2)",
            params![name, close_through.map(|d| d.to_string())],
        )
        .map_err(err)?;
        let seq = tx.last_insert_rowid();
        Ok(BatchTx { tx, seq })
    }
}

impl BatchTx<'_> {
    /// Stores a line of the batch, as sent, with what became of it (`reason`: why it
    /// was rejected).
    pub fn record(&self, line: i64, id: &str, outcome: &str, reason: Option<&str>, record: &str) -> Result<(), String> {
        self.tx
            .prepare_cached(
                "INSERT INTO records (batch, line, id, outcome, reason, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut insert| insert.execute(params![self.seq, line, id, outcome, reason, record]))
            .map(drop)
            .map_err(|e| e.to_string())
    }

    /// Stores a finding under its key, replacing what is there.
    pub fn upsert(&self, finding: &Finding) -> Result<(), String> {
        let (key, body, window) = (json(&finding.key())?, json(finding)?, &finding.window);
        self.tx
            .prepare_cached(
                "INSERT INTO findings (key, rule, person, customer, window_start, window_end, status, finding, batch)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (key) DO UPDATE SET status = excluded.status, finding = excluded.finding,
                                                 batch = excluded.batch",
            )
            .and_then(|mut upsert| {
                upsert.execute(params![
                    key,
                    finding.rule.as_str(),
                    finding.person.as_str(),
                    finding.customer.as_deref(),
                    window.start.to_rfc3339(),
                    window.end.to_rfc3339(),
                    finding.status.to_string(),
                    body,
                    self.seq,
                ])
            })
            .map(drop)
            .map_err(|e| e.to_string())
    }

    /// Removes the finding stored under `key`.
    pub fn withdraw(&self, key: &FindingKey) -> Result<(), String> {
        let key = json(key)?;
        self.tx
            .prepare_cached("DELETE FROM findings WHERE key = ?1")
            .and_then(|mut delete| delete.execute([key]))
            .map(drop)
            .map_err(|e| e.to_string())
    }

    /// Stores the batch's counts, the snapshot and the batch's number as the last done, and
    /// commits everything.
    pub fn commit(self, counts: &Counts, snapshot: &TrackerState) -> Result<(), String> {
        let err = |e: rusqlite::Error| e.to_string();
        let c = counts;
        self.tx
            .execute(
                "UPDATE batches SET new = ?2, late = ?3, corrected = ?4, repeated = ?5, retracted = ?6, rejected = ?7,
                                    upserted = ?8, withdrawn = ?9
                 WHERE seq = ?1",
                params![
                    self.seq,
                    c.new,
                    c.late,
                    c.corrected,
                    c.repeated,
                    c.retracted,
                    c.rejected,
                    c.upserted,
                    c.withdrawn
                ],
            )
            .map_err(err)?;
        self.tx
            .execute(
                "UPDATE tracker SET snapshot = ?1, last_batch = ?2 WHERE id = 1",
                params![json(snapshot)?, self.seq],
            )
            .map_err(err)?;
        self.tx.commit().map_err(err)
    }
}

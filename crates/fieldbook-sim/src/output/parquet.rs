//! Events and findings as Apache Parquet: typed columns (timestamps in UTC with the
//! playbook's zone in the file's metadata, lists of refs and cited events), Snappy
//! compressed, a row group every [`ROW_GROUP`] rows — what DuckDB, Polars, pandas and Spark
//! load directly. The columns are listed in `docs/parquet.md`.

use std::borrow::Cow;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;

use bytes::Bytes;

use chrono::{DateTime, FixedOffset};
use fieldbook_core::event::EventFields;
use fieldbook_core::{Event, Finding, Status, Value};
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::{SerializedFileWriter, SerializedRowGroupWriter};
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::ColumnPath;

/// Rows buffered before they are written as one row group.
pub(crate) const ROW_GROUP: usize = 1 << 16;

/// The schema of `events/*.parquet`.
pub(crate) const EVENT_SCHEMA: &str = "message event {
  required binary id (STRING);
  required binary kind (STRING);
  required binary person (STRING);
  optional binary customer (STRING);
  required int64 at (TIMESTAMP(MILLIS,true));
  optional int64 end (TIMESTAMP(MILLIS,true));
  optional binary fields (JSON);
}";

/// The schema of `findings/*.parquet`.
pub(crate) const FINDING_SCHEMA: &str = "message finding {
  required binary rule (STRING);
  required group refs (LIST) { repeated group list { required binary element (STRING); } }
  required binary person (STRING);
  optional binary customer (STRING);
  optional binary team (STRING);
  required binary status (STRING);
  required int64 window_start (TIMESTAMP(MILLIS,true));
  required int64 window_end (TIMESTAMP(MILLIS,true));
  required binary expected (STRING);
  required binary actual (STRING);
  required group events (LIST) { repeated group list { required binary element (STRING); } }
  required binary message (STRING);
}";

/// A Parquet file being written: rows are buffered by column on the caller's thread, and
/// each full row group is encoded and written on a thread of the file's own, so that
/// encoding does not hold up the run (at most two row groups wait).
pub(crate) struct Table<C: Columns> {
    columns: C,
    groups: Option<SyncSender<C>>,
    writer: Option<JoinHandle<Result<(), ParquetError>>>,
}

/// The buffered columns of one kind of row.
pub(crate) trait Columns: Default + Send + 'static {
    /// The row type.
    type Row;
    /// The schema, in Parquet's message syntax.
    const SCHEMA: &'static str;
    /// The columns whose values seldom repeat, as dotted paths.
    const UNIQUE: &'static [&'static str];
    /// The columns that repeat but that no one filters a file by (texts, lists of
    /// refs): a dictionary, but no statistics.
    const UNFILTERED: &'static [&'static str];
    /// Buffers a row.
    fn push(&mut self, row: &Self::Row);
    /// Rows buffered.
    fn rows(&self) -> usize;
    /// Writes the buffered columns, in schema order.
    fn write(self, group: &mut Group<'_>) -> Result<(), ParquetError>;
}

/// A row group being written.
pub(crate) type Group<'a> = SerializedRowGroupWriter<'a, BufWriter<File>>;

impl<C: Columns> Table<C> {
    /// A new file at `path`, with `time_zone` (the playbook's) in its metadata.
    pub(crate) fn create(path: &Path, time_zone: &str) -> std::io::Result<Self> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let schema = Arc::new(parse_message_type(C::SCHEMA).map_err(io)?);
        let mut properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_statistics_enabled(EnabledStatistics::Chunk)
            .set_created_by(concat!("fieldbook-sim ", env!("CARGO_PKG_VERSION")).to_string())
            .set_key_value_metadata(Some(vec![KeyValue::new("fieldbook.time_zone".into(), time_zone.to_string())]));
        // Columns of values that seldom repeat: no dictionary, no statistics (both cost
        // more to build than they save).
        for column in C::UNIQUE {
            let path = ColumnPath::from(column.split('.').map(str::to_string).collect::<Vec<_>>());
            properties = properties
                .set_column_dictionary_enabled(path.clone(), false)
                .set_column_statistics_enabled(path, EnabledStatistics::None);
        }
        for column in C::UNFILTERED {
            let path = ColumnPath::from(column.split('.').map(str::to_string).collect::<Vec<_>>());
            properties = properties.set_column_statistics_enabled(path, EnabledStatistics::None);
        }
        let file = BufWriter::new(File::create(path)?);
        let mut writer = SerializedFileWriter::new(file, schema, Arc::new(properties.build())).map_err(io)?;
        let (groups, received) = sync_channel::<C>(1);
        let writer = std::thread::spawn(move || {
            for columns in received {
                let mut group = writer.next_row_group()?;
                columns.write(&mut group)?;
                group.close()?;
            }
            writer.close().map(|_| ())
        });
        Ok(Self { columns: C::default(), groups: Some(groups), writer: Some(writer) })
    }

    /// Adds a row; a full row group goes to the writing thread.
    pub(crate) fn push(&mut self, row: &C::Row) -> std::io::Result<()> {
        self.columns.push(row);
        if self.columns.rows() >= ROW_GROUP { self.send() } else { Ok(()) }
    }

    fn send(&mut self) -> std::io::Result<()> {
        if self.columns.rows() == 0 {
            return Ok(());
        }
        let columns = std::mem::take(&mut self.columns);
        let sent = self.groups.as_ref().is_some_and(|groups| groups.send(columns).is_ok());
        // The writing thread stopped: its error says why.
        if sent { Ok(()) } else { self.join() }
    }

    /// Waits for the writing thread, and gives its error.
    fn join(&mut self) -> std::io::Result<()> {
        self.groups = None;
        match self.writer.take().map(JoinHandle::join) {
            Some(Ok(result)) => result.map_err(io),
            Some(Err(_)) => Err(std::io::Error::other("the Parquet writer stopped")),
            None => Err(std::io::Error::other("the Parquet file is already closed")),
        }
    }

    /// Writes the rows left and the file's footer.
    pub(crate) fn finish(mut self) -> std::io::Result<()> {
        self.send()?;
        self.join()
    }
}

fn io(error: ParquetError) -> std::io::Error {
    std::io::Error::other(error)
}

fn millis(time: &DateTime<FixedOffset>) -> i64 {
    time.timestamp_millis()
}

/// A status as the engine writes it (`pass`), without formatting for the usual ones.
fn status(status: Status) -> Cow<'static, str> {
    match status {
        Status::Pass => "pass".into(),
        Status::Fail => "fail".into(),
        Status::Warning => "warning".into(),
        Status::Pending => "pending".into(),
        other => other.to_string().into(),
    }
}

/// A column of strings, stored end to end (one allocation, not one a value).
#[derive(Default)]
struct Strings {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Strings {
    fn push(&mut self, text: &str) {
        self.bytes.extend_from_slice(text.as_bytes());
        self.ends.push(self.bytes.len());
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The values, as slices of one buffer.
    fn arrays(self) -> Vec<ByteArray> {
        let all = Bytes::from(self.bytes);
        let mut start = 0;
        self.ends
            .into_iter()
            .map(|end| {
                let value = ByteArray::from(all.slice(start..end));
                start = end;
                value
            })
            .collect()
    }
}

/// An optional column: the values of the rows that have one, and each row's definition
/// level.
#[derive(Default)]
struct Optional<T> {
    values: T,
    defined: Vec<i16>,
}

impl Optional<Strings> {
    fn push(&mut self, value: Option<&str>) {
        self.defined.push(i16::from(value.is_some()));
        if let Some(value) = value {
            self.values.push(value);
        }
    }
}

impl Optional<Vec<i64>> {
    fn push(&mut self, value: Option<i64>) {
        self.defined.push(i16::from(value.is_some()));
        self.values.extend(value);
    }
}

/// A list of strings per row, as Parquet's three-level `LIST`.
#[derive(Default)]
struct Lists {
    values: Strings,
    defined: Vec<i16>,
    repeated: Vec<i16>,
}

impl Lists {
    fn push<'s>(&mut self, items: impl IntoIterator<Item = &'s str>) {
        let before = self.values.len();
        for (i, item) in items.into_iter().enumerate() {
            self.values.push(item);
            self.defined.push(1);
            self.repeated.push(i16::from(i > 0));
        }
        if self.values.len() == before {
            // An empty list.
            self.defined.push(0);
            self.repeated.push(0);
        }
    }
}

/// Writes the next column of `group`.
fn strings(
    group: &mut Group<'_>,
    values: Strings,
    defined: Option<&[i16]>,
    repeated: Option<&[i16]>,
) -> Result<(), ParquetError> {
    let mut column = group.next_column()?.ok_or_else(|| ParquetError::General("a column too many".into()))?;
    column.typed::<ByteArrayType>().write_batch(&values.arrays(), defined, repeated)?;
    column.close()
}

fn times(group: &mut Group<'_>, values: &[i64], defined: Option<&[i16]>) -> Result<(), ParquetError> {
    let mut column = group.next_column()?.ok_or_else(|| ParquetError::General("a column too many".into()))?;
    column.typed::<Int64Type>().write_batch(values, defined, None)?;
    column.close()
}

/// The columns of events.
#[derive(Default)]
pub(crate) struct EventColumns {
    id: Strings,
    kind: Strings,
    person: Strings,
    customer: Optional<Strings>,
    at: Vec<i64>,
    end: Optional<Vec<i64>>,
    fields: Optional<Strings>,
    json: Vec<u8>,
}

impl Columns for EventColumns {
    type Row = Event;
    const SCHEMA: &'static str = EVENT_SCHEMA;
    const UNIQUE: &'static [&'static str] = &["id", "fields"];
    const UNFILTERED: &'static [&'static str] = &[];

    fn push(&mut self, event: &Event) {
        self.id.push(&event.id);
        self.kind.push(&event.kind);
        self.person.push(&event.person);
        self.customer.push(event.customer.as_deref());
        self.at.push(millis(&event.at));
        self.end.push(event.end.as_ref().map(millis));
        self.json.clear();
        let fields = !event.fields.is_empty() && json_fields(&mut self.json, &event.fields).is_ok();
        self.fields.push(fields.then(|| std::str::from_utf8(&self.json).unwrap_or_default()));
    }

    fn rows(&self) -> usize {
        self.at.len()
    }

    fn write(self, group: &mut Group<'_>) -> Result<(), ParquetError> {
        strings(group, self.id, None, None)?;
        strings(group, self.kind, None, None)?;
        strings(group, self.person, None, None)?;
        strings(group, self.customer.values, Some(&self.customer.defined), None)?;
        times(group, &self.at, None)?;
        times(group, &self.end.values, Some(&self.end.defined))?;
        strings(group, self.fields.values, Some(&self.fields.defined), None)
    }
}

/// Writes `fields` as a JSON object, exactly as `serde_json::to_writer` does: plain text
/// (most of a month's: checklist names, ids) is copied between quotes without serde's
/// machinery, and everything else goes through serde_json.
fn json_fields(out: &mut Vec<u8>, fields: &EventFields) -> serde_json::Result<()> {
    fn text(out: &mut Vec<u8>, text: &str) -> serde_json::Result<()> {
        if !needs_escape(text.as_bytes()) {
            out.push(b'"');
            out.extend_from_slice(text.as_bytes());
            out.push(b'"');
            Ok(())
        } else {
            serde_json::to_writer(&mut *out, text)
        }
    }
    out.push(b'{');
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        text(out, name)?;
        out.push(b':');
        match value {
            Value::Text(t) => text(out, t)?,
            Value::List(items) => {
                out.push(b'[');
                for (j, item) in items.iter().enumerate() {
                    if j > 0 {
                        out.push(b',');
                    }
                    text(out, item)?;
                }
                out.push(b']');
            }
            other => serde_json::to_writer(&mut *out, other)?,
        }
    }
    out.push(b'}');
    Ok(())
}

/// Whether JSON escapes some byte of `text` (a control character, `"` or `\\`): eight
/// bytes at a time, with the zero-byte tests of "Bit Twiddling Hacks" (exact for whether
/// a byte of the word matches; bytes of UTF-8 sequences, 0x80 and above, never do).
fn needs_escape(text: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let below = |v: u64, n: u8| v.wrapping_sub(ONES * u64::from(n)) & !v & HIGH != 0;
    let chunks = text.chunks_exact(8);
    let rest = chunks.remainder();
    for chunk in chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_ne_bytes(word);
        if below(v, 0x20) || below(v ^ (ONES * u64::from(b'"')), 1) || below(v ^ (ONES * u64::from(b'\\')), 1) {
            return true;
        }
    }
    rest.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// The columns of findings.
#[derive(Default)]
pub(crate) struct FindingColumns {
    rule: Strings,
    refs: Lists,
    person: Strings,
    customer: Optional<Strings>,
    team: Optional<Strings>,
    status: Strings,
    window_start: Vec<i64>,
    window_end: Vec<i64>,
    expected: Strings,
    actual: Strings,
    events: Lists,
    message: Strings,
}

impl Columns for FindingColumns {
    type Row = Finding;
    const SCHEMA: &'static str = FINDING_SCHEMA;
    const UNIQUE: &'static [&'static str] = &["events.list.element", "message"];
    const UNFILTERED: &'static [&'static str] = &["refs.list.element", "expected", "actual"];

    fn push(&mut self, finding: &Finding) {
        self.rule.push(&finding.rule);
        self.refs.push(finding.refs.iter().map(|r| r.as_str()));
        self.person.push(&finding.person);
        self.customer.push(finding.customer.as_deref());
        self.team.push(finding.team.as_deref());
        self.status.push(&status(finding.status));
        self.window_start.push(millis(&finding.window.start));
        self.window_end.push(millis(&finding.window.end));
        self.expected.push(&finding.expected);
        self.actual.push(&finding.actual);
        self.events.push(finding.events.iter().map(|e| e.as_str()));
        self.message.push(&finding.message);
    }

    fn rows(&self) -> usize {
        self.window_start.len()
    }

    fn write(self, group: &mut Group<'_>) -> Result<(), ParquetError> {
        strings(group, self.rule, None, None)?;
        strings(group, self.refs.values, Some(&self.refs.defined), Some(&self.refs.repeated))?;
        strings(group, self.person, None, None)?;
        strings(group, self.customer.values, Some(&self.customer.defined), None)?;
        strings(group, self.team.values, Some(&self.team.defined), None)?;
        strings(group, self.status, None, None)?;
        times(group, &self.window_start, None)?;
        times(group, &self.window_end, None)?;
        strings(group, self.expected, None, None)?;
        strings(group, self.actual, None, None)?;
        strings(group, self.events.values, Some(&self.events.defined), Some(&self.events.repeated))?;
        strings(group, self.message, None, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_written_as_serde_json_writes_them() {
        let mut fields = EventFields::default();
        fields.insert("plain", Value::Text("stock checked".into()));
        fields.insert("quoted \"name\"", Value::Text("a \\ b\n\tc \u{1} \u{7f} 价格".into()));
        fields.insert("checklist", Value::List(vec!["greet".into(), "say \"hi\"".into(), "".into()]));
        fields.insert("empty", Value::List(vec![]));
        fields.insert("count", Value::Integer(-42));
        fields.insert("minutes", Value::Number(8.0));
        fields.insert("share", Value::Number(0.1 + 0.2));
        fields.insert("infinite", Value::Number(f64::INFINITY));
        fields.insert("done", Value::Bool(true));
        let mut ours = Vec::new();
        json_fields(&mut ours, &fields).unwrap();
        let serde = serde_json::to_vec(&fields).unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(serde).unwrap());
    }

    #[test]
    fn every_byte_that_json_escapes_is_found_at_every_place_of_a_word() {
        // Each ASCII byte at each place of texts of 1 to 19 bytes, among plain letters and
        // among bytes of a UTF-8 character (which must not hide it or be taken for it).
        for fill in ["a", "é"] {
            for len in 1..20 {
                for at in 0..len {
                    for b in 0u8..0x80 {
                        let mut text: Vec<u8> = fill.bytes().cycle().take(len * fill.len()).collect();
                        text[at * fill.len()] = b;
                        if fill.len() > 1 {
                            text.remove(at * fill.len() + 1);
                        }
                        let escapes = b < 0x20 || b == b'"' || b == b'\\';
                        assert_eq!(needs_escape(&text), escapes, "{text:?}");
                    }
                }
            }
        }
    }
}

//! Events and findings as Apache Parquet: typed columns (timestamps in UTC with the
//! playbook's zone in the file's metadata, lists of refs and cited events), Snappy
//! compressed, a row group every [`ROW_GROUP`] rows — what DuckDB, Polars, pandas and Spark
//! load directly. The columns are listed in `docs/parquet.md`.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use fieldbook_core::{Event, Finding};
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
  required binary status (STRING);
  required int64 window_start (TIMESTAMP(MILLIS,true));
  required int64 window_end (TIMESTAMP(MILLIS,true));
  required binary expected (STRING);
  required binary actual (STRING);
  required group events (LIST) { repeated group list { required binary element (STRING); } }
  required binary message (STRING);
}";

/// A Parquet file being written, rows buffered by column.
pub(crate) struct Table<C: Columns> {
    writer: SerializedFileWriter<BufWriter<File>>,
    columns: C,
}

/// The buffered columns of one kind of row.
pub(crate) trait Columns: Default {
    /// The row type.
    type Row;
    /// The schema, in Parquet's message syntax.
    const SCHEMA: &'static str;
    /// The columns whose values seldom repeat, as dotted paths.
    const UNIQUE: &'static [&'static str];
    /// Buffers a row.
    fn push(&mut self, row: &Self::Row);
    /// Rows buffered.
    fn rows(&self) -> usize;
    /// Writes the buffered columns, in schema order.
    fn write(&self, group: &mut Group<'_>) -> Result<(), ParquetError>;
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
        let file = BufWriter::new(File::create(path)?);
        let writer = SerializedFileWriter::new(file, schema, Arc::new(properties.build())).map_err(io)?;
        Ok(Self { writer, columns: C::default() })
    }

    /// Adds a row; a full row group is written out.
    pub(crate) fn push(&mut self, row: &C::Row) -> std::io::Result<()> {
        self.columns.push(row);
        if self.columns.rows() >= ROW_GROUP { self.flush() } else { Ok(()) }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.columns.rows() == 0 {
            return Ok(());
        }
        let mut group = self.writer.next_row_group().map_err(io)?;
        self.columns.write(&mut group).map_err(io)?;
        group.close().map_err(io)?;
        self.columns = C::default();
        Ok(())
    }

    /// Writes the rows left and the file's footer.
    pub(crate) fn finish(mut self) -> std::io::Result<()> {
        self.flush()?;
        self.writer.close().map_err(io)?;
        Ok(())
    }
}

fn io(error: ParquetError) -> std::io::Error {
    std::io::Error::other(error)
}

fn millis(time: &DateTime<FixedOffset>) -> i64 {
    time.timestamp_millis()
}

/// An optional column: values of the rows that have one, and each row's definition level.
#[derive(Default)]
struct Optional<T> {
    values: Vec<T>,
    defined: Vec<i16>,
}

impl<T> Optional<T> {
    fn push(&mut self, value: Option<T>) {
        self.defined.push(i16::from(value.is_some()));
        self.values.extend(value);
    }
}

/// A list of strings per row, as Parquet's three-level `LIST`.
#[derive(Default)]
struct Lists {
    values: Vec<ByteArray>,
    defined: Vec<i16>,
    repeated: Vec<i16>,
}

impl Lists {
    fn push<'s>(&mut self, items: impl IntoIterator<Item = &'s str>) {
        let before = self.values.len();
        for (i, item) in items.into_iter().enumerate() {
            self.values.push(ByteArray::from(item));
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
    values: &[ByteArray],
    defined: Option<&[i16]>,
    repeated: Option<&[i16]>,
) -> Result<(), ParquetError> {
    let mut column = group.next_column()?.ok_or_else(|| ParquetError::General("a column too many".into()))?;
    column.typed::<ByteArrayType>().write_batch(values, defined, repeated)?;
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
    id: Vec<ByteArray>,
    kind: Vec<ByteArray>,
    person: Vec<ByteArray>,
    customer: Optional<ByteArray>,
    at: Vec<i64>,
    end: Optional<i64>,
    fields: Optional<ByteArray>,
}

impl Columns for EventColumns {
    type Row = Event;
    const SCHEMA: &'static str = EVENT_SCHEMA;
    const UNIQUE: &'static [&'static str] = &["id", "fields"];

    fn push(&mut self, event: &Event) {
        self.id.push(ByteArray::from(event.id.as_str()));
        self.kind.push(ByteArray::from(event.kind.as_str()));
        self.person.push(ByteArray::from(event.person.as_str()));
        self.customer.push(event.customer.as_deref().map(ByteArray::from));
        self.at.push(millis(&event.at));
        self.end.push(event.end.as_ref().map(millis));
        let fields = (!event.fields.is_empty()).then(|| serde_json::to_vec(&event.fields).unwrap_or_default());
        self.fields.push(fields.map(ByteArray::from));
    }

    fn rows(&self) -> usize {
        self.id.len()
    }

    fn write(&self, group: &mut Group<'_>) -> Result<(), ParquetError> {
        strings(group, &self.id, None, None)?;
        strings(group, &self.kind, None, None)?;
        strings(group, &self.person, None, None)?;
        strings(group, &self.customer.values, Some(&self.customer.defined), None)?;
        times(group, &self.at, None)?;
        times(group, &self.end.values, Some(&self.end.defined))?;
        strings(group, &self.fields.values, Some(&self.fields.defined), None)
    }
}

/// The columns of findings.
#[derive(Default)]
pub(crate) struct FindingColumns {
    rule: Vec<ByteArray>,
    refs: Lists,
    person: Vec<ByteArray>,
    customer: Optional<ByteArray>,
    status: Vec<ByteArray>,
    window_start: Vec<i64>,
    window_end: Vec<i64>,
    expected: Vec<ByteArray>,
    actual: Vec<ByteArray>,
    events: Lists,
    message: Vec<ByteArray>,
}

impl Columns for FindingColumns {
    type Row = Finding;
    const SCHEMA: &'static str = FINDING_SCHEMA;
    const UNIQUE: &'static [&'static str] = &["events.list.element", "message"];

    fn push(&mut self, finding: &Finding) {
        self.rule.push(ByteArray::from(finding.rule.as_str()));
        self.refs.push(finding.refs.iter().map(|r| r.as_str()));
        self.person.push(ByteArray::from(finding.person.as_str()));
        self.customer.push(finding.customer.as_deref().map(ByteArray::from));
        self.status.push(ByteArray::from(finding.status.to_string().as_str()));
        self.window_start.push(millis(&finding.window.start));
        self.window_end.push(millis(&finding.window.end));
        self.expected.push(ByteArray::from(finding.expected.as_str()));
        self.actual.push(ByteArray::from(finding.actual.as_str()));
        self.events.push(finding.events.iter().map(|e| e.as_str()));
        self.message.push(ByteArray::from(finding.message.as_str()));
    }

    fn rows(&self) -> usize {
        self.rule.len()
    }

    fn write(&self, group: &mut Group<'_>) -> Result<(), ParquetError> {
        strings(group, &self.rule, None, None)?;
        strings(group, &self.refs.values, Some(&self.refs.defined), Some(&self.refs.repeated))?;
        strings(group, &self.person, None, None)?;
        strings(group, &self.customer.values, Some(&self.customer.defined), None)?;
        strings(group, &self.status, None, None)?;
        times(group, &self.window_start, None)?;
        times(group, &self.window_end, None)?;
        strings(group, &self.expected, None, None)?;
        strings(group, &self.actual, None, None)?;
        strings(group, &self.events.values, Some(&self.events.defined), Some(&self.events.repeated))?;
        strings(group, &self.message, None, None)
    }
}

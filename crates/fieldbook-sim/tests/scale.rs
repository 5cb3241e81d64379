//! A team larger than a block: the output does not depend on the number of threads, the
//! shards of a team add up to the whole run, and the Parquet files read back with the
//! rows and column types written.

use std::collections::BTreeSet;
use std::fs::File;
use std::num::NonZeroUsize;
use std::path::Path;

use fieldbook_core::Playbook;
use fieldbook_sim::{BLOCK, OutputOptions, Recording, Shard, Simulation, write_month};
use parquet::basic::{LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

fn t77() -> Playbook {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/playbooks/t77.toml");
    let text = std::fs::read_to_string(&path).expect("the T77 seed playbook is readable");
    Playbook::from_toml(&text, Some(&path)).expect("the T77 seed playbook is valid")
}

/// Two full blocks and one of a single person.
const PEOPLE: usize = 2 * BLOCK + 1;

fn simulation() -> Simulation {
    let december = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    Simulation::new(t77()).month(december).people(PEOPLE).seed(17)
}

fn threads(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).expect("not zero")
}

/// Every file of a folder, by name, with its bytes.
fn folder(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in walk(dir) {
        let name = entry.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
        files.push((name, std::fs::read(&entry).unwrap()));
    }
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { paths.extend(walk(&path)) } else { paths.push(path) }
    }
    paths
}

#[test]
fn one_thread_and_every_core_write_byte_identical_folders() {
    let options = OutputOptions::new().text(true);
    let sim = simulation();
    let population = sim.population().unwrap();
    let mut folders = Vec::new();
    // The default (one thread a core), one thread, and more threads than blocks.
    for sim in [sim.clone(), sim.clone().threads(threads(1)), sim.clone().threads(threads(5))] {
        let dir = tempfile::tempdir().unwrap();
        write_month(&sim, &population, dir.path(), &options, |_, _| {}).unwrap();
        folders.push(folder(dir.path()));
    }
    let names: Vec<&str> = folders[0].iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names.len(), options.files(Shard::WHOLE).len(), "{names:?}");
    assert!(folders[0].iter().all(|(_, bytes)| !bytes.is_empty()));
    assert!(folders[0] == folders[1], "one thread and the default differ");
    assert!(folders[0] == folders[2], "five threads and the default differ");
}

#[test]
fn the_shards_of_a_team_in_order_are_the_whole_run() {
    let sim = simulation();
    let population = sim.population().unwrap();
    let mut whole = Recording::default();
    let totals = sim.run(&population, &mut whole).unwrap();
    assert_eq!(totals.findings, whole.findings.len());
    for count in [2, 3] {
        let mut merged = Recording::default();
        let mut people = Vec::new();
        for index in 1..=count {
            let shard = Shard::new(index, count).unwrap();
            let mut part = Recording::default();
            sim.clone().shard(shard).run(&population, &mut part).unwrap();
            let seen: BTreeSet<&str> = part.findings.iter().map(|f| f.person.as_str()).collect();
            people.push(seen.len());
            merged.events.extend(part.events);
            merged.findings.extend(part.findings);
        }
        // Disjoint slices of whole blocks: 33 people are blocks of 16, 16 and 1.
        let expected: &[usize] = if count == 2 { &[16, 17] } else { &[16, 16, 1] };
        assert_eq!(people, expected, "people with findings in each of {count} shards");
        assert!(merged.findings == whole.findings, "the findings of {count} shards differ from the whole run's");
        assert!(merged.events == whole.events, "the events of {count} shards differ from the whole run's");
    }
}

/// The rows of a dataset's parts, and the schema of its first.
fn read(dir: &Path, dataset: &str) -> (Vec<parquet::record::Row>, parquet::schema::types::SchemaDescPtr) {
    let mut parts: Vec<_> = walk(&dir.join(dataset));
    parts.sort();
    let mut rows = Vec::new();
    let mut schema = None;
    for part in parts {
        let reader = SerializedFileReader::new(File::open(&part).unwrap()).unwrap();
        let count = reader.metadata().file_metadata().num_rows();
        let before = rows.len();
        rows.extend(reader.get_row_iter(None).unwrap().map(|r| r.unwrap()));
        assert_eq!((rows.len() - before) as i64, count, "{}", part.display());
        schema.get_or_insert_with(|| reader.metadata().file_metadata().schema_descr_ptr());
    }
    (rows, schema.expect("a part"))
}

/// A column's physical type, logical type and whether it may be missing, by name.
fn column(schema: &parquet::schema::types::SchemaDescPtr, path: &str) -> (Physical, Option<LogicalType>, bool) {
    let column = schema.columns().iter().find(|c| c.path().string() == path).unwrap_or_else(|| panic!("no {path}"));
    let optional = column.self_type().get_basic_info().repetition() == Repetition::OPTIONAL;
    (column.physical_type(), column.logical_type_ref().cloned(), optional)
}

#[test]
fn the_parquet_files_of_shards_read_back_as_the_events_and_findings_of_the_run() {
    let sim = simulation();
    let population = sim.population().unwrap();
    let mut whole = Recording::default();
    sim.run(&population, &mut whole).unwrap();
    // Three shards into one folder: one dataset.
    let dir = tempfile::tempdir().unwrap();
    for index in 1..=3 {
        let shard = Shard::new(index, 3).unwrap();
        write_month(&sim.clone().shard(shard), &population, dir.path(), &OutputOptions::new(), |_, _| {}).unwrap();
    }

    let (events, schema) = read(dir.path(), "events");
    assert_eq!(events.len(), whole.events.len());
    let utc = Some(LogicalType::timestamp(true, TimeUnit::MILLIS));
    let string = Some(LogicalType::String);
    assert_eq!(column(&schema, "id"), (Physical::BYTE_ARRAY, string.clone(), false));
    assert_eq!(column(&schema, "person"), (Physical::BYTE_ARRAY, string.clone(), false));
    assert_eq!(column(&schema, "customer"), (Physical::BYTE_ARRAY, string.clone(), true));
    assert_eq!(column(&schema, "at"), (Physical::INT64, utc.clone(), false));
    assert_eq!(column(&schema, "end"), (Physical::INT64, utc.clone(), true));
    assert_eq!(column(&schema, "fields"), (Physical::BYTE_ARRAY, Some(LogicalType::Json), true));
    for (row, event) in events.iter().zip(&whole.events) {
        let values: Vec<&Field> = row.get_column_iter().map(|(_, f)| f).collect();
        assert_eq!(values[0], &Field::Str(event.id.to_string()));
        assert_eq!(values[2], &Field::Str(event.person.to_string()));
        assert_eq!(values[4], &Field::TimestampMillis(event.at.timestamp_millis()), "{}", event.id);
    }

    let (findings, schema) = read(dir.path(), "findings");
    assert_eq!(findings.len(), whole.findings.len());
    assert_eq!(column(&schema, "rule"), (Physical::BYTE_ARRAY, string.clone(), false));
    assert_eq!(column(&schema, "refs.list.element"), (Physical::BYTE_ARRAY, string.clone(), false));
    assert_eq!(column(&schema, "team"), (Physical::BYTE_ARRAY, string.clone(), true));
    assert_eq!(column(&schema, "status"), (Physical::BYTE_ARRAY, string.clone(), false));
    assert_eq!(column(&schema, "window_start"), (Physical::INT64, utc, false));
    assert_eq!(column(&schema, "expected"), (Physical::BYTE_ARRAY, string.clone(), false));
    assert_eq!(column(&schema, "actual"), (Physical::BYTE_ARRAY, string, false));
    for (row, finding) in findings.iter().zip(&whole.findings) {
        let values: Vec<&Field> = row.get_column_iter().map(|(_, f)| f).collect();
        assert_eq!(values[0], &Field::Str(finding.rule.to_string()));
        let Field::ListInternal(refs) = values[1] else { panic!("refs is a list: {:?}", values[1]) };
        let refs: Vec<String> = refs.elements().iter().map(|f| f.to_string().trim_matches('"').to_string()).collect();
        assert_eq!(refs, finding.refs.iter().map(|r| r.to_string()).collect::<Vec<_>>());
        // T77 counts nothing per team: the team column is empty.
        assert_eq!(values[4], &Field::Null);
        assert_eq!(values[5], &Field::Str(finding.status.to_string()));
        let Field::ListInternal(cited) = values[10] else { panic!("events is a list: {:?}", values[10]) };
        assert_eq!(cited.len(), finding.events.len());
    }
    // The other files of each shard are its own.
    for name in ["summary-2-of-3.csv", "report-3-of-3.html", "roster.json"] {
        assert!(dir.path().join(name).is_file(), "{name}");
    }
}

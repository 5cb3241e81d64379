//! The JSON Schemas in `docs/`: each is the one the model gives, and a JSON Schema
//! validator finds no error in any seed playbook, overlay or scenario file, and one error
//! in a file with a misspelt key.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::root;

/// `docs/NAME.schema.json`.
fn committed(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("docs").join(format!("{name}.schema.json"))).unwrap())
        .unwrap()
}

/// A TOML document as JSON, its dates and times as strings (as editors check them).
fn as_json(toml: toml::Value) -> Value {
    match toml {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(as_json).collect()),
        toml::Value::Table(table) => Value::Object(table.into_iter().map(|(k, v)| (k, as_json(v))).collect()),
    }
}

/// The errors the validator finds in `text` against `schema`, as `path: message`.
fn errors(schema: &Value, text: &str) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("a valid schema");
    let instance = as_json(toml::from_str(text).expect("TOML"));
    validator.iter_errors(&instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// The seed files of `examples/playbooks` whose names end with `suffix`, sorted.
fn seed_files(suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples/playbooks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

/// Whether a playbook file is an overlay (it `extends` another).
fn is_overlay(path: &Path) -> bool {
    let doc: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc.get("playbook").and_then(|p| p.get("extends")).is_some()
}

#[test]
fn the_committed_overlay_and_scenario_schemas_are_the_ones_the_model_gives() {
    assert_eq!(
        committed("overlay"),
        fieldbook::spec::overlay_json_schema(),
        "regenerate: cargo run -q --example schema -- overlay > docs/overlay.schema.json"
    );
    assert_eq!(
        committed("scenario"),
        fieldbook::scenario::json_schema(),
        "regenerate: cargo run -q --example schema -- scenario > docs/scenario.schema.json"
    );
}

#[test]
fn every_seed_playbook_and_overlay_validates_against_its_schema() {
    let (playbook, overlay) = (committed("playbook"), committed("overlay"));
    let files: Vec<PathBuf> =
        seed_files(".toml").into_iter().filter(|p| !p.to_string_lossy().ends_with(".tests.toml")).collect();
    let overlays: Vec<&PathBuf> = files.iter().filter(|p| is_overlay(p)).collect();
    assert_eq!(overlays.len(), 2, "t77-branch and tpk: {overlays:?}");
    assert_eq!(files.len(), 6, "{files:?}");
    for file in &files {
        let schema = if is_overlay(file) { &overlay } else { &playbook };
        let found = errors(schema, &std::fs::read_to_string(file).unwrap());
        assert!(found.is_empty(), "{}: {found:#?}", file.display());
    }
}

#[test]
fn the_playbook_schema_alone_gives_false_errors_on_an_overlay() {
    // Why overlays have a schema of their own: tpk.toml writes only what it changes.
    let found =
        errors(&committed("playbook"), &std::fs::read_to_string(root().join("examples/playbooks/tpk.toml")).unwrap());
    assert!(found.iter().any(|e| e.contains("\"title\" is a required property")), "{found:#?}");
}

#[test]
fn every_seed_scenario_file_validates_against_the_scenario_schema() {
    let schema = committed("scenario");
    let files = seed_files(".tests.toml");
    assert_eq!(files.len(), 6, "{files:?}");
    for file in files {
        let found = errors(&schema, &std::fs::read_to_string(&file).unwrap());
        assert!(found.is_empty(), "{}: {found:#?}", file.display());
    }
}

#[test]
fn a_misspelt_key_is_one_error_in_a_playbook_an_overlay_and_a_scenario_file() {
    let read = |name: &str| std::fs::read_to_string(root().join("examples/playbooks").join(name)).unwrap();
    let cases = [
        ("playbook", read("t77.toml").replacen("end_of_day = ", "end_of_dya = ", 1), "end_of_dya"),
        ("overlay", read("tpk.toml").replacen("chair = ", "chiar = ", 1), "chiar"),
        ("scenario", read("t77.tests.toml").replacen("\nactual = ", "\nactaul = ", 1), "actaul"),
    ];
    for (schema, text, key) in cases {
        let found = errors(&committed(schema), &text);
        assert_eq!(found.len(), 1, "{schema}: {found:#?}");
        assert!(found[0].contains(key), "{schema}: {found:#?}");
    }
}

/// Every form of time, window and absence a playbook may write: working hours, windows
/// that open, duties that open ahead, recurrences, rolling windows and spacing, quotas by
/// customer tag and of first events, follow-ups owed by the manager, absences.
const EVERY_FORM: &str = r#"
[playbook]
id = "forms"
title = "Every form"

[calendar]
time_zone = "Europe/Berlin"
refs = ["T77-1"]
hours = [{ weekdays = ["fri"], end_of_day = "12:30" }, { dates = ["2026-12-24..2026-12-31"], end_of_day = "13:00" }]

[absences.leave]
title = "Annual leave"
duties = "moved"
follow_ups = "moved"
prorate = true

[absences.trip]
title = "Business trip"
follow_ups = "deputy"

[customers]
tags = ["key"]

[event_kinds.visit]
title = "Visit"
customer = true
fields = { samples = "integer" }

[event_kinds.call]
title = "Call"
customer = true

[event_kinds.report]
title = "Report"

[[steps]]
id = "afternoon-report"
title = "Afternoon report"
refs = ["T77-1"]
at = "13:00"
by = "17:30"
evidence = { kind = "report" }

[[duties]]
id = "first-monday"
title = "First Monday"
refs = ["T77-1"]
schedule = { weekday_of_month = "first mon" }
done_by = { kind = "report" }

[[duties]]
id = "fortnightly"
title = "Fortnightly"
refs = ["T77-1"]
schedule = { every_weeks = { n = 2, on = "wed", from = "2027-01-06" } }
opens = "3d"
done_by = { kind = "report" }

[[duties]]
id = "third-working-day"
title = "Third working day"
refs = ["T77-1"]
schedule = { working_day = { n = 3 } }
done_by = { kind = "report" }

[[quotas]]
id = "spacing"
title = "Spacing"
refs = ["T77-7"]
measure = "count"
of = { kind = "visit" }
per = "customer"
window = { working_days = 5 }
at_most = 1

[[quotas]]
id = "key-visits"
title = "Key visits"
refs = ["T77-10"]
measure = "count"
of = { kind = "visit", where = { samples = { gt = 0 } } }
customers = { tags_any = ["key"] }
window = { days = 7 }
at_least = 1

[[quotas]]
id = "new-customers"
title = "New customers"
refs = ["TEL-8"]
measure = "first"
of = { kind = "visit" }
window = "month"
at_least = 2

[[triggers]]
id = "call-back"
title = "Call back"
refs = ["FNB-7"]
on = { kind = "visit" }
follow_up = { kind = "call" }
within = "next_working_day"
owner = "manager"

[[call_lists]]
id = "calls"
title = "Calls"
refs = ["HOT-8"]
size = 5
contact = { kind = "call" }
at = "13:00"
by = "17:00"
"#;

#[test]
fn the_playbook_schema_accepts_every_form_of_time_window_and_absence() {
    fieldbook::Playbook::from_toml(EVERY_FORM, None).expect("the forms load");
    assert_eq!(errors(&committed("playbook"), EVERY_FORM), Vec::<String>::new());
    // And a misspelt one is caught.
    let misspelt = EVERY_FORM.replace("window = { working_days = 5 }", "window = { workdays = 5 }");
    assert_eq!(errors(&committed("playbook"), &misspelt).len(), 1);
}

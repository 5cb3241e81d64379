//! Broken playbooks: every problem is reported at its file, line, column and key path,
//! all at once, never a panic. The files are in `tests/data/bad/`.

use fieldbook::LoadError;

use crate::support::data;

/// The problems of `tests/data/bad/NAME` as `check` prints them, minus the directory.
fn problems(name: &str) -> Vec<String> {
    match data(&format!("bad/{name}")) {
        Ok(_) => panic!("{name} loaded but is broken"),
        Err(LoadError::Invalid(problems)) => problems
            .iter()
            .map(|p| {
                let text = p.to_string();
                text.rsplit_once("bad/").map_or(text.clone(), |(_, rest)| rest.to_string())
            })
            .collect(),
        Err(other) => panic!("{name}: {other}"),
    }
}

fn single(name: &str) -> String {
    let mut found = problems(name);
    assert_eq!(found.len(), 1, "{found:#?}");
    found.remove(0)
}

#[test]
fn syntax_error_names_the_line_of_the_unclosed_string() {
    let problem = single("syntax.toml");
    assert!(problem.starts_with("syntax.toml:3:"), "{problem}");
}

#[test]
fn unknown_key_names_the_key_and_the_keys_allowed() {
    assert!(single("unknown_key.toml").starts_with("unknown_key.toml:14:1: steps[0].chiar: unknown field `chiar`"));
}

#[test]
fn wrong_type_names_the_value() {
    let problem = single("wrong_type.toml");
    assert!(problem.starts_with("wrong_type.toml:7:13: calendar.work_week: invalid type: string"), "{problem}");
}

#[test]
fn overlapping_phases_name_both_phases_and_the_day() {
    let problem = single("overlapping_phases.toml");
    assert_eq!(
        problem,
        "overlapping_phases.toml:16:1: phases[1].days: phases `forecast` (1-5) and `adjustment` (5-10) both cover day 5: phases must not overlap"
    );
}

#[test]
fn uncovered_days_are_each_reported() {
    // Days 1-5 and 7-30 leave day 6 and day 31 uncovered.
    let found = problems("uncovered_day.toml");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].starts_with("uncovered_day.toml:8:") && found[0].ends_with("no phase covers day 6 of the month"));
    assert!(found[1].ends_with("no phase covers day 31 of the month"));
}

#[test]
fn unknown_event_kind_is_reported_where_it_is_named() {
    assert_eq!(
        single("unknown_event_kind.toml"),
        "unknown_event_kind.toml:18:14: steps[0].evidence.kind: unknown event kind `meeting` (declared: `visit` in [event_kinds])"
    );
}

#[test]
fn bad_time_zone_is_reported_at_its_value() {
    let problem = single("bad_time_zone.toml");
    assert!(
        problem.starts_with("bad_time_zone.toml:6:13: calendar.time_zone: unknown time zone `Asia/Beijing`"),
        "{problem}"
    );
}

#[test]
fn every_bad_time_of_day_is_reported() {
    let found = problems("bad_time.toml");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].starts_with("bad_time.toml:12:6: steps[0].by: `08:60` is not a time of day"), "{found:#?}");
    assert!(found[1].starts_with("bad_time.toml:18:6: steps[1].by: `25:00` is not a time of day"), "{found:#?}");
}

#[test]
fn all_structural_problems_at_once() {
    let found = problems("many_structural.toml");
    let places: Vec<&str> = found.iter().map(|p| p.split(": ").next().unwrap_or_default()).collect();
    assert_eq!(places, ["many_structural.toml:4:1", "many_structural.toml:8:14", "many_structural.toml:19:11"]);
    assert!(found[0].contains("playbook.owner: unknown field `owner`"));
    assert!(found[1].contains("calendar.end_of_day: `5pm` is not a time of day"));
    assert!(found[2].contains("quotas[0].measure: unknown variant `tally`"));
}

#[test]
fn all_problems_of_meaning_at_once() {
    let found = problems("many_semantic.toml");
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found[0].starts_with("many_semantic.toml:26:1: steps[1].by: steps run in order"), "{found:#?}");
    assert!(
        found[1].starts_with("many_semantic.toml:27:1: steps[1].chair: unknown role `section_chief`"),
        "{found:#?}"
    );
    assert!(
        found[2].starts_with("many_semantic.toml:36:1: quotas[0].at_least: no threshold for route = `rural`"),
        "{found:#?}"
    );
    assert!(
        found[3].starts_with("many_semantic.toml:36:40: quotas[0].at_least.suburban: `suburban` is not a value"),
        "{found:#?}"
    );
}

#[test]
fn a_missing_file_is_a_read_error() {
    match data("bad/no_such_file.toml") {
        Err(LoadError::Read { path, .. }) => assert!(path.ends_with("no_such_file.toml")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_schedule_form_is_one_problem_listing_the_forms_valid_in_its_place() {
    let t77 = std::fs::read_to_string(crate::support::seed_path("t77")).unwrap();
    let weekly = "schedule = { weekly = \"mon\" }";
    let last = "schedule = \"last_working_day\"";
    assert!(t77.contains(weekly) && t77.contains(last));
    let cases = [
        (
            t77.replacen(weekly, "schedule = { first_monday = true }", 1),
            "duties[1].schedule: unknown schedule `first_monday`: as a table, one of `weekly`, `monthly`, `per_week`, `per_month`, `per_quarter`",
        ),
        (
            t77.replacen(last, "schedule = \"first_working_day\"", 1),
            "duties[3].schedule: unknown schedule `first_working_day`: as a string, one of `daily`, `last_working_day`",
        ),
        (
            t77.replacen(weekly, "schedule = { weekly = \"monday\" }", 1),
            "duties[1].schedule.weekly: unknown variant `monday`, expected one of `mon`",
        ),
        (
            t77.replacen(weekly, "schedule = { weekly = \"mon\", monthly = 3 }", 1),
            "duties[1].schedule: a schedule has one form, not `weekly` and `monthly`",
        ),
    ];
    for (text, expected) in cases {
        let problems = fieldbook::Playbook::from_toml(&text, None).unwrap_err();
        let found: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains(expected), "{found:#?}");
    }
}

/// The seed playbooks by file name, for examples that extend one.
struct Seeds;

impl fieldbook::playbook::Sources for Seeds {
    fn read(&self, path: &std::path::Path) -> std::io::Result<String> {
        std::fs::read_to_string(crate::support::root().join("examples/playbooks").join(path))
    }
}

/// Every example of the format reference: a whole playbook loads; an overlay loads over
/// its seed; the `[playbook]` table or a section (`[calendar]`, `[[quotas]]` …) loads as an
/// overlay of the seed whose facts it cites (T77 when none; each rule of a list over its
/// own), so that
/// its keys, types and references are checked as in a playbook; a block of keys from
/// inside a rule, or of alternatives (`# any one of these`), is TOML line by line; the
/// schema header and the editor's settings are not playbooks.
#[test]
fn every_toml_example_of_the_format_reference_loads() {
    let reference = std::fs::read_to_string(crate::support::root().join("docs/playbook-format.md")).unwrap();
    let blocks: Vec<&str> =
        reference.split("```toml\n").skip(1).map(|rest| rest.split("```").next().unwrap_or_default()).collect();
    assert!(blocks.len() >= 30, "{} blocks", blocks.len());
    let schema = fieldbook::spec::json_schema();
    let sections: std::collections::BTreeSet<&String> = schema["properties"].as_object().unwrap().keys().collect();
    let (mut whole, mut overlays, mut fragments, mut failed) = (0, 0, 0, Vec::new());
    for block in &blocks {
        let Ok(table) = toml::from_str::<toml::Table>(block) else {
            for line in block.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')) {
                toml::from_str::<toml::Table>(line).unwrap_or_else(|e| panic!("{line}\n{e}"));
            }
            continue;
        };
        let mut load = |text: &str| {
            if let Err(problems) =
                fieldbook::load_from(std::path::Path::new("example.toml"), &Extending(text.to_string()))
            {
                failed.push(format!("{block}\n{problems}"));
            }
        };
        let seed = seed_cited(block);
        let playbook = table.get("playbook").and_then(toml::Value::as_table);
        match playbook {
            Some(header) if header.contains_key("extends") => {
                load(block);
                overlays += 1;
            }
            Some(header) if header.contains_key("title") && table.contains_key("calendar") => {
                fieldbook::Playbook::from_toml(block, None).unwrap_or_else(|p| panic!("{block}\n{p}"));
                whole += 1;
            }
            // The `[playbook]` table alone: over its seed's sections.
            Some(header) if header.contains_key("title") => {
                load(&block.replacen("[playbook]\n", &format!("[playbook]\nextends = \"{seed}.toml\"\n"), 1));
                overlays += 1;
            }
            // `#:schema` over the first lines of a playbook, and the editor's settings.
            Some(_) => {}
            None if table.keys().all(|k| sections.contains(&k)) && table.values().all(|v| !v.is_str()) => {
                // A list of rules may cite several seeds: each rule over its own.
                let parts: Vec<String> = match table.values().all(toml::Value::is_array) {
                    true => table
                        .iter()
                        .flat_map(|(key, list)| list.as_array().into_iter().flatten().map(move |rule| (key, rule)))
                        .map(|(key, rule)| {
                            toml::to_string(&toml::Table::from_iter([(key.clone(), vec![rule.clone()].into())]))
                                .unwrap()
                        })
                        .collect(),
                    false => vec![block.to_string()],
                };
                for part in parts {
                    let seed = seed_cited(&part);
                    load(&format!(
                        "[playbook]\nid = \"example\"\ntitle = \"Example\"\nextends = \"{seed}.toml\"\n\n{part}"
                    ));
                }
                overlays += 1;
            }
            None => fragments += 1,
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
    assert!(
        whole >= 1 && overlays >= 20 && fragments >= 1,
        "{whole} whole, {overlays} overlays, {fragments} fragments"
    );
}

/// The seed whose facts `example` cites first, T77 when it cites none of the others.
fn seed_cited(example: &str) -> String {
    ["HOT", "FNB", "TEL", "TPK"]
        .into_iter()
        .find(|id| example.contains(&format!("\"{id}-")))
        .map_or("t77".to_string(), str::to_lowercase)
}

/// An example (`example.toml`) over the seed playbooks it extends.
struct Extending(String);

impl fieldbook::playbook::Sources for Extending {
    fn read(&self, path: &std::path::Path) -> std::io::Result<String> {
        if path == std::path::Path::new("example.toml") { Ok(self.0.clone()) } else { Seeds.read(path) }
    }
}

#[test]
fn a_trigger_owed_by_the_manager_needs_events_that_name_a_customer() {
    let text = std::fs::read_to_string(crate::support::seed_path("t77")).unwrap()
        + "\n[[triggers]]\nid = \"report-owner\"\ntitle = \"Owner\"\nrefs = [\"T77-18\"]\non = { kind = \"daily_report\" }\nfollow_up = { kind = \"preparation\", same_customer = false }\nwithin = \"same_day\"\nowner = \"manager\"\n";
    let problems = fieldbook::Playbook::from_toml(&text, None).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(problems.contains("owner: the starting events name no customer"), "{problems}");
}

#[test]
fn contents_asked_of_evidence_lists_and_phases_that_cannot_hold_them_are_each_reported() {
    let found = problems("contents.toml");
    let expected = [
        "contents.toml:35:32: steps[0].evidence.among: events of kind `meeting` name no customer to look for in a list",
        "contents.toml:35:61: steps[0].evidence.among.list: field `planned` of `schedule` is of type text, not list",
        "contents.toml:44:9: steps[1].evidence.figures.visits: field `visits` is of type text: a figure needs an integer or number field",
        "contents.toml:44:9: steps[1].evidence.figures.visits: give `distinct` or `list`, not both",
        "contents.toml:45:39: steps[1].evidence.figures.planned.distinct: events of kind `meeting` name no customer",
        "contents.toml:46:15: steps[1].evidence.shortfall.field: event kind `report` has no field `reasons` (declared: `visits`, `planned`)",
        "contents.toml:46:55: steps[1].evidence.shortfall.actual: `done` is not one of the evidence's figures (declared: `visits`, `planned`)",
        "contents.toml:57:1: procedures[0].items[0].min: `min = 3` sub-items, and item `greet` has 2: give 1 to 2",
        "contents.toml:58:20: procedures[0].items[0].when.where.mood: event kind `visit` has no field `mood` (declared: `checklist`)",
        "contents.toml:61:1: quotas[0].phase: `window = \"phase\"` names its `phase` (declared: `all`)",
        "contents.toml:77:1: quotas[1].phase: `phase` is only for `window = \"phase\"`",
    ];
    for line in expected {
        assert!(found.iter().any(|f| f == line), "missing: {line}\nfound: {found:#?}");
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");
}

#[test]
fn matched_values_need_the_rule_to_set_them_and_the_event_to_record_them() {
    assert_eq!(
        problems("match.toml"),
        [
            "match.toml:24:10: steps[0].match[0]: field `chair` of `meeting` is of type integer: matching needs text or enum",
            "match.toml:24:19: steps[0].match[1]: `place` is matched but not set on the rule",
            "match.toml:24:28: steps[0].match[2]: `room` cannot be matched: give `chair` or `place`",
            "match.toml:33:10: duties[0].match[0]: event kind `report` has no field `to` to record it (none are declared)",
        ]
    );
}

#[test]
fn a_checklist_owned_by_the_customers_manager_needs_events_that_name_a_customer() {
    assert_eq!(
        single("owner.toml"),
        "owner.toml:17:1: procedures[0].owner: events of kind `kit_check` name no customer, so no customer's manager answers for them"
    );
}

#[test]
fn a_quota_over_visit_frequencies_needs_frequencies_a_count_per_customer_and_a_list_field() {
    assert_eq!(
        problems("visit_frequency.toml"),
        [
            "visit_frequency.toml:12:1: quotas[0].per: a visit frequency is each customer's own: `window = \"visit_frequency\"` needs `per = \"customer\"`",
            "visit_frequency.toml:19:1: quotas[0].window: `window = \"visit_frequency\"` judges the periods of the customers' visit frequencies, and the playbook declares none: add `[[visit_planning.frequencies]]`",
            "visit_frequency.toml:28:1: quotas[1].listed_in: field `note` of event kind `schedule` is of type text, not a list of customers",
            "visit_frequency.toml:29:1: quotas[1].window: `window = \"visit_frequency\"` judges the periods of the customers' visit frequencies, and the playbook declares none: add `[[visit_planning.frequencies]]`",
            "visit_frequency.toml:39:1: quotas[2].listed_in: event kind `schedule` has no field `nope` (declared: `planned`, `note`)",
            "visit_frequency.toml:39:1: quotas[2].listed_in: `listed_in` is only for `window = \"visit_frequency\"` (with `per = \"customer\"`)",
        ]
    );
}

#[test]
fn a_quota_over_visit_frequencies_counts_events() {
    let text = std::fs::read_to_string(crate::support::seed_path("t77")).unwrap().replace(
        "of = { kind = \"schedule\" }\nlisted_in = \"planned\"\nwindow = \"visit_frequency\"",
        "of = { kind = \"visit\" }\nwindow = \"visit_frequency\"",
    );
    let text = text.replacen(
        "measure = \"count\"\nof = { kind = \"visit\" }\nwindow = \"visit_frequency\"",
        "measure = \"distinct\"\nof = { kind = \"visit\" }\nwindow = \"visit_frequency\"",
        1,
    );
    let problems = fieldbook::Playbook::from_toml(&text, None).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        problems.contains(
            "quotas[2].measure: `window = \"visit_frequency\"` counts events: use `measure = \"count\"`, not `distinct`"
        ),
        "{problems}"
    );
}

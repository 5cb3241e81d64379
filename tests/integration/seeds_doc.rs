//! `docs/seeds.md`, the table of the seed facts: every fact id of SEEDS.md has one row,
//! every rule and test a row names exists, and the summary counts the rows.
//!
//! SEEDS.md lives outside the repository, in `../shared/domain/`. Where it is there (a
//! developer's machine, CI) its ids are read from it and must be the ids below; where it is
//! not (a clone on its own), the ids below stand for it.

use std::collections::BTreeMap;

use fieldbook::spec::PlaybookSpec;

use crate::support::{root, seed};

/// The sections of SEEDS.md, their playbooks and how many facts each has.
const SECTIONS: [(&str, &str, u32); 5] =
    [("TEL", "tel", 10), ("HOT", "hot", 9), ("FNB", "fnb", 11), ("T77", "t77", 27), ("TPK", "tpk", 5)];

/// The statuses a row may have, in the summary's column order.
const STATUSES: [&str; 5] = ["EXACT", "APPROX", "AGENDA", "NOTE", "N/A"];

/// Playbooks a rule may name with a `NAME:` prefix, besides the fact's own.
const OTHER_PLAYBOOKS: [&str; 1] = ["t77-branch"];

/// One row of the table.
struct Row {
    fact: String,
    rules: Vec<String>,
    tests: Vec<String>,
    status: String,
}

fn fact_ids() -> Vec<String> {
    SECTIONS.iter().flat_map(|&(prefix, _, n)| (1..=n).map(move |i| format!("{prefix}-{i}"))).collect()
}

fn section(fact: &str) -> Option<(&'static str, &'static str)> {
    let (prefix, number) = fact.split_once('-')?;
    let &(prefix, playbook, n) = SECTIONS.iter().find(|(p, _, _)| *p == prefix)?;
    let number: u32 = number.parse().ok()?;
    (1..=n).contains(&number).then_some((prefix, playbook))
}

/// `ABC-12`: three letters or digits, a dash, a number.
fn looks_like_id(text: &str) -> bool {
    text.split_once('-').is_some_and(|(prefix, number)| {
        prefix.len() == 3 && prefix.chars().all(|c| c.is_ascii_alphanumeric()) && number.parse::<u32>().is_ok()
    })
}

fn page() -> String {
    std::fs::read_to_string(root().join("docs/seeds.md")).expect("docs/seeds.md")
}

fn cells(line: &str) -> Vec<&str> {
    line.trim().trim_start_matches('|').trim_end_matches('|').split('|').map(str::trim).collect()
}

/// The `code` spans of a cell.
fn code(cell: &str) -> Vec<String> {
    cell.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// The rows of the fact table: table lines whose first cell looks like a fact id, known
/// or not.
fn rows(page: &str) -> Vec<Row> {
    page.lines()
        .filter(|l| l.starts_with('|'))
        .map(cells)
        .filter(|c| looks_like_id(c[0]))
        .map(|c| Row {
            fact: c[0].to_string(),
            rules: c.get(2).map(|c| code(c)).unwrap_or_default(),
            tests: c.get(3).map(|c| code(c)).unwrap_or_default(),
            status: c.get(4).copied().unwrap_or_default().to_string(),
        })
        .collect()
}

/// What is wrong with the page's rows as a list of facts: ids missing, repeated or
/// unknown, statuses that are not one of [`STATUSES`].
fn fact_problems(rows: &[Row], ids: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for row in rows {
        *seen.entry(&row.fact).or_default() += 1;
        if !ids.contains(&row.fact) {
            problems.push(format!("{}: not a fact of SEEDS.md", row.fact));
        }
        if !STATUSES.contains(&row.status.as_str()) {
            problems.push(format!("{}: status {:?}", row.fact, row.status));
        }
    }
    for id in ids {
        match seen.get(id.as_str()) {
            None => problems.push(format!("{id}: no row")),
            Some(&n) if n > 1 => problems.push(format!("{id}: {n} rows")),
            _ => {}
        }
    }
    problems
}

/// Whether `path` (`steps.ID`, `procedures.ID.ITEM.SUB`, `customers.fields.NAME` …) names
/// something in `spec`.
fn names_something(spec: &PlaybookSpec, path: &str) -> bool {
    let Some((table, id)) = path.split_once('.') else { return false };
    match table {
        "steps" => spec.steps.iter().any(|r| r.id == id),
        "duties" => spec.duties.iter().any(|r| r.id == id),
        "quotas" => spec.quotas.iter().any(|r| r.id == id),
        "triggers" => spec.triggers.iter().any(|r| r.id == id),
        "agreements" => spec.agreements.iter().any(|r| r.id == id),
        "call_lists" => spec.call_lists.iter().any(|r| r.id == id),
        "checks" => spec.checks.iter().any(|r| r.id == id),
        "phases" => spec.phases.iter().any(|r| r.id == id),
        "roles" => spec.roles.iter().any(|r| r.id == id),
        "event_kinds" => spec.event_kinds.contains_key(id),
        "occasions" => spec.occasions.contains_key(id),
        "procedures" => {
            let mut parts = id.split('.');
            let name = parts.next();
            let Some(procedure) = spec.procedures.iter().find(|p| name == Some(p.id.as_str())) else {
                return false;
            };
            match (parts.next(), parts.next(), parts.next()) {
                (None, ..) => true,
                (Some(item), sub, None) => procedure
                    .items
                    .iter()
                    .find(|i| i.id == item)
                    .is_some_and(|i| sub.is_none_or(|sub| i.sub.iter().any(|s| s.id == sub))),
                _ => false,
            }
        }
        "customers" => match id.split_once('.') {
            Some(("fields", field)) => spec.customers.fields.contains_key(field),
            None => id == "activity" && spec.customers.activity.is_some(),
            _ => false,
        },
        "visit_planning" => id
            .strip_prefix("frequencies.")
            .is_some_and(|f| spec.visit_planning.as_ref().is_some_and(|v| v.frequencies.iter().any(|q| q.id == f))),
        _ => false,
    }
}

/// The rules rows name that their playbook lacks.
fn rule_problems(rows: &[Row], specs: &BTreeMap<&str, PlaybookSpec>) -> Vec<String> {
    let mut problems = Vec::new();
    for row in rows {
        let Some((_, own)) = section(&row.fact) else { continue };
        if row.rules.is_empty() {
            problems.push(format!("{}: names no rule", row.fact));
        }
        for rule in &row.rules {
            let (playbook, path) = match rule.split_once(':') {
                Some((p, path)) if OTHER_PLAYBOOKS.contains(&p) => (p, path),
                Some(_) => {
                    problems.push(format!("{}: {rule}: not a seed playbook", row.fact));
                    continue;
                }
                None => (own, rule.as_str()),
            };
            if !names_something(&specs[playbook], path) {
                problems.push(format!("{}: {playbook}.toml has no {path}", row.fact));
            }
        }
    }
    problems
}

/// The tests rows name that are not in `tests/integration` nor among the seed scenarios.
fn test_problems(rows: &[Row]) -> Vec<String> {
    let mut problems = Vec::new();
    for row in rows {
        for test in &row.tests {
            // A Rust test (`module::name`) or a scenario (`FILE.tests.toml: name`).
            let found = match test.split_once(".tests.toml: ") {
                Some((file, name)) => {
                    let path = root().join("examples/playbooks").join(format!("{file}.tests.toml"));
                    std::fs::read_to_string(path).is_ok_and(|source| source.contains(&format!("name = \"{name}\"")))
                }
                None => test.split_once("::").is_some_and(|(file, name)| {
                    let path = root().join("tests/integration").join(format!("{file}.rs"));
                    std::fs::read_to_string(path).is_ok_and(|source| source.contains(&format!("fn {name}(")))
                }),
            };
            if !found {
                problems.push(format!("{}: no test {test}", row.fact));
            }
        }
    }
    problems
}

/// Where the summary table disagrees with the rows.
fn summary_problems(page: &str, rows: &[Row]) -> Vec<String> {
    let mut counted: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for row in rows {
        let prefix = section(&row.fact).map_or("?", |(p, _)| p);
        *counted.entry((prefix, row.status.as_str())).or_default() += 1;
        *counted.entry(("All", row.status.as_str())).or_default() += 1;
    }
    let mut problems = Vec::new();
    let mut lines = page.lines().skip_while(|l| !l.starts_with("| Playbook |"));
    let header = lines.next().map(cells).unwrap_or_default();
    let expected_header = [&["Playbook"][..], &STATUSES, &["Facts"]].concat();
    if header != expected_header {
        return vec![format!("summary header {header:?}, expected {expected_header:?}")];
    }
    let summary: Vec<Vec<&str>> = lines.skip(1).take_while(|l| l.starts_with('|')).map(cells).collect();
    let names: Vec<&str> = summary.iter().map(|c| c[0]).collect();
    let expected_names: Vec<&str> = SECTIONS.iter().map(|s| s.0).chain(["All"]).collect();
    if names != expected_names {
        problems.push(format!("summary rows {names:?}, expected {expected_names:?}"));
    }
    for line in &summary {
        let mut total = 0;
        for (status, cell) in STATUSES.iter().zip(&line[1..]) {
            let n = counted.get(&(line[0], *status)).copied().unwrap_or(0);
            total += n;
            if cell.parse() != Ok(n) {
                problems.push(format!("summary {} {status}: {cell}, the table has {n}", line[0]));
            }
        }
        if line.last().map(|c| c.parse()) != Some(Ok(total)) {
            problems.push(format!("summary {} facts: {:?}, the table has {total}", line[0], line.last()));
        }
    }
    problems
}

/// The fact ids of SEEDS.md, from the file where it is beside the repository.
fn seeds_md_ids() -> Option<Vec<String>> {
    let text = std::fs::read_to_string(root().join("../shared/domain/SEEDS.md")).ok()?;
    let ids = text
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|id| looks_like_id(id))
        .map(str::to_string)
        .collect();
    Some(ids)
}

fn specs() -> BTreeMap<&'static str, PlaybookSpec> {
    SECTIONS.iter().map(|s| s.1).chain(OTHER_PLAYBOOKS).map(|name| (name, seed(name).spec().clone())).collect()
}

#[test]
fn the_fact_ids_are_those_of_seeds_md() {
    if let Some(ids) = seeds_md_ids() {
        assert_eq!(ids, fact_ids());
    }
}

#[test]
fn every_fact_of_seeds_md_has_exactly_one_row() {
    let problems = fact_problems(&rows(&page()), &fact_ids());
    assert!(problems.is_empty(), "docs/seeds.md:\n{}", problems.join("\n"));
}

#[test]
fn every_rule_the_page_names_is_in_the_facts_playbook() {
    let problems = rule_problems(&rows(&page()), &specs());
    assert!(problems.is_empty(), "docs/seeds.md:\n{}", problems.join("\n"));
}

#[test]
fn every_test_the_page_names_exists() {
    let problems = test_problems(&rows(&page()));
    assert!(problems.is_empty(), "docs/seeds.md:\n{}", problems.join("\n"));
}

#[test]
fn the_summary_counts_the_rows() {
    let page = page();
    let problems = summary_problems(&page, &rows(&page));
    assert!(problems.is_empty(), "docs/seeds.md:\n{}", problems.join("\n"));
}

#[test]
fn a_broken_page_is_caught() {
    // A repeated row, a row for an unknown fact, a rule and a test that do not exist, a
    // status that is not one, and TPK-5's row gone.
    let page = page()
        .replace("| TEL-2 |", "| TEL-1 |")
        .replace("`quotas.visits-per-day`", "`quotas.visits-a-day`")
        .replace("`t77.tests.toml: a visit of 7 minutes", "`t77.tests.toml: a visit of 6 minutes")
        .replace("| EXACT | the review is recorded from 12:00", "| MAYBE | the review is recorded from 12:00")
        .replace("| TPK-5 |", "| TPK-6 |");
    let rows = rows(&page);
    let mut problems = fact_problems(&rows, &fact_ids());
    problems.extend(rule_problems(&rows, &specs()));
    problems.extend(test_problems(&rows));
    for expected in [
        "TEL-1: 2 rows",
        "TEL-2: no row",
        "TPK-6: not a fact of SEEDS.md",
        "TPK-5: no row",
        "T77-15: status \"MAYBE\"",
        "T77-8: t77.toml has no quotas.visits-a-day",
        "T77-6: t77.toml has no quotas.visits-a-day",
        "T77-9: no test t77.tests.toml: a visit of 6 minutes fails the service time and one of 8 minutes passes",
    ] {
        assert!(problems.iter().any(|p| p == expected), "{expected:?} not among {problems:#?}");
    }
    assert!(!summary_problems(&page, &rows).is_empty());
}

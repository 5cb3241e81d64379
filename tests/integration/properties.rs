//! Properties over the seed playbooks and over arbitrary input.

use chrono::{Datelike, NaiveDate};
use fieldbook::spec::{DayRange, PlaybookSpec};
use fieldbook::time::last_day_of_month;
use fieldbook::{Person, Playbook, TimeOfDay, Timespan};
use proptest::prelude::*;

use crate::support::{SEEDS, days, seed, seed_path};

/// The phases of `spec` that contain `date`, worked out from the day ranges alone.
fn phases_containing(spec: &PlaybookSpec, date: NaiveDate) -> Vec<&str> {
    let month_len = last_day_of_month(date).day();
    spec.phases
        .iter()
        .filter(|p| {
            let last = p.days.last.map_or(month_len, u32::from);
            date.day() >= u32::from(p.days.first) && date.day() <= last
        })
        .map(|p| p.id.as_str())
        .collect()
}

#[test]
fn prop_every_day_of_2024_to_2030_has_exactly_one_phase() {
    for name in SEEDS {
        let playbook = seed(name);
        for day in days("2024-01-01", "2030-12-31") {
            let containing = phases_containing(playbook.spec(), day);
            assert_eq!(containing.len(), 1, "{name} {day}: {containing:?}");
            assert_eq!(playbook.phase_on(day).map(|p| p.id.as_str()), Some(containing[0]), "{name} {day}");
        }
    }
}

#[test]
fn prop_the_model_round_trips_through_toml_and_json() {
    for name in SEEDS {
        let spec = seed(name).spec().clone();
        let toml_text = toml::to_string(&spec).unwrap_or_else(|e| panic!("{name} to TOML: {e}"));
        let from_toml = Playbook::from_toml(&toml_text, None).unwrap_or_else(|e| panic!("{name} from TOML: {e}"));
        assert_eq!(from_toml.spec(), &spec, "{name} through TOML");
        let json = serde_json::to_string(&seed(name)).unwrap();
        let from_json: Playbook = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name} from JSON: {e}"));
        assert_eq!(from_json.spec(), &spec, "{name} through JSON");
    }
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..(7 * 366)).prop_map(|n| NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::TimeDelta::days(n))
}

/// Pieces of TOML that are likely to break something when spliced into a playbook.
const FRAGMENTS: &[&str] = &[
    "\"",
    "[",
    "]]",
    "[[steps]]\n",
    "=",
    "\n",
    "{",
    "}",
    "\"25:00\"",
    "\"1-40\"",
    "-1",
    "1e999",
    "\"Mars/Base\"",
    "days = \"31-1\"\n",
    "refs = []\n",
    "\u{feff}",
    "é",
    "id = \"x\"\n",
    "at_least = { by = \"route\" }\n",
    "schedule = { monthly = 0 }\n",
    "[[phases]]\nid=\"p\"\ntitle=\"p\"\ndays=\"1-end\"\n",
];

#[derive(Clone, Debug)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, fragment: usize },
    DuplicateLine { line: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..FRAGMENTS.len()).prop_map(|(at, fragment)| Mutation::Insert { at, fragment }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let boundary = |at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match mutation {
        Mutation::Delete { at, len } => {
            let start = boundary(*at);
            let end = boundary((start + len).min(text.len()));
            format!("{}{}", &text[..start], &text[end.max(start)..])
        }
        Mutation::Insert { at, fragment } => {
            let at = boundary(*at);
            format!("{}{}{}", &text[..at], FRAGMENTS[*fragment], &text[at..])
        }
        Mutation::DuplicateLine { line } => {
            let lines: Vec<&str> = text.lines().collect();
            let line = line % lines.len().max(1);
            let mut out: Vec<&str> = lines.clone();
            if let Some(l) = lines.get(line) {
                out.insert(line, l);
            }
            out.join("\n")
        }
    }
}

/// Loading `text` gives a playbook or problems; with a playbook, an agenda can be asked.
fn load_and_use(text: &str, date: NaiveDate) {
    match Playbook::from_toml(text, Some(std::path::Path::new("fuzz.toml"))) {
        Ok(playbook) => {
            // A rural person: an agenda, or (where the playbook has no such attribute) an
            // error that says why, never a panic.
            let person = Person::new("p").with_attr("route", "rural");
            if let Err(error) = playbook.agenda(&person, date) {
                assert!(!error.is_empty(), "an error with no problem in it");
            }
        }
        Err(problems) => assert!(!problems.is_empty(), "an error with no problem in it"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn prop_loading_never_panics_on_arbitrary_text(text in "\\PC{0,300}", date in any_date()) {
        load_and_use(&text, date);
    }

    #[test]
    fn prop_loading_never_panics_on_mutated_seed_playbooks(
        which in 0..SEEDS.len(),
        mutations in proptest::collection::vec(mutation(), 1..6),
        date in any_date(),
    ) {
        let mut text = std::fs::read_to_string(seed_path(SEEDS[which])).unwrap();
        for m in &mutations {
            text = apply(&text, m);
        }
        load_and_use(&text, date);
    }

    #[test]
    fn prop_the_agenda_is_a_pure_function_of_playbook_person_and_date(
        which in 0..SEEDS.len(),
        date in any_date(),
        rural in any::<bool>(),
    ) {
        let name = SEEDS[which];
        let person = Person::new("p");
        // T77's routes; the other seeds have no attributes.
        let person = if name == "t77" { person.with_attr("route", if rural { "rural" } else { "urban" }) } else { person };
        let first = seed(name).agenda(&person, date).unwrap();
        let again = seed(name).agenda(&person, date).unwrap();
        prop_assert_eq!(serde_json::to_string(&first).unwrap(), serde_json::to_string(&again).unwrap());
        prop_assert_eq!(first.date, date);
        prop_assert!(first.items.windows(2).all(|w| w[0].due <= w[1].due));
    }

    #[test]
    fn prop_value_types_round_trip_through_their_text(
        hour in 0u32..24, minute in 0u32..60, minutes in 0u32..100_000, first in 1u8..=31, len in 0u8..31, to_end in any::<bool>(),
    ) {
        let time = TimeOfDay::new(hour, minute).unwrap();
        prop_assert_eq!(time.to_string().parse::<TimeOfDay>().unwrap(), time);
        let span = Timespan::from_minutes(minutes);
        prop_assert_eq!(span.to_string().parse::<Timespan>().unwrap(), span);
        let range = DayRange { first, last: if to_end { None } else { Some(first.saturating_add(len).min(31)) } };
        prop_assert_eq!(range.to_string().parse::<DayRange>().unwrap(), range);
    }
}

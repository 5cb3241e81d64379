//! Helpers shared by the integration tests.

use std::path::PathBuf;

use chrono::NaiveDate;
use fieldbook::{Agenda, LoadError, Person, Playbook};

/// The root of the repository.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The names of the five seed playbooks.
pub const SEEDS: [&str; 5] = ["tel", "hot", "fnb", "t77", "tpk"];

/// Path of a seed playbook, `examples/playbooks/NAME.toml`.
pub fn seed_path(name: &str) -> PathBuf {
    root().join("examples/playbooks").join(format!("{name}.toml"))
}

/// A seed playbook, which must load.
pub fn seed(name: &str) -> Playbook {
    fieldbook::load(seed_path(name)).unwrap_or_else(|e| panic!("seed playbook {name} does not load: {e}"))
}

/// Loads `tests/data/NAME`.
pub fn data(name: &str) -> Result<Playbook, LoadError> {
    fieldbook::load(root().join("tests/data").join(name))
}

/// `YYYY-MM-DD` as a date.
pub fn date(text: &str) -> NaiveDate {
    text.parse().unwrap_or_else(|_| panic!("bad test date {text}"))
}

/// Every date from `first` to `last` inclusive.
pub fn days(first: &str, last: &str) -> impl Iterator<Item = NaiveDate> {
    let last = date(last);
    date(first).iter_days().take_while(move |d| *d <= last)
}

/// The source ids cited by the items of an agenda.
pub fn cited(agenda: &Agenda) -> Vec<&str> {
    agenda.items.iter().flat_map(|i| i.refs.iter().map(String::as_str)).collect()
}

/// An urban customer manager.
pub fn urban() -> Person {
    Person::new("li").with_attr("route", "urban")
}

pub mod month;
pub mod native_t77;

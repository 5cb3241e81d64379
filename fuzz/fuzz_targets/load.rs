//! The playbook loader on any text: problems or a playbook, never a panic; a playbook
//! that loads answers agendas on dates across the supported range and prints itself.
#![no_main]

use chrono::NaiveDate;
use fieldbook_core::time::{FIRST_DAY, LAST_DAY};
use fieldbook_core::{Person, Playbook};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(playbook) = Playbook::from_toml(text, None) else { return };
    let person = Person::new("p");
    let days = [
        FIRST_DAY,
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        NaiveDate::from_ymd_opt(2028, 2, 29).unwrap(),
        LAST_DAY,
    ];
    for day in days {
        let _ = playbook.agenda(&person, day);
    }
    let _ = playbook.to_toml();
});

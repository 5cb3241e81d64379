//! Integration tests: one module per concern, helpers in `tests/support`, scenario data
//! under `tests/data`.

#[path = "../support/mod.rs"]
mod support;

mod absences;
mod agenda_t77;
mod agenda_tel;
mod bad_playbooks;
mod calendar;
mod checklists;
mod checks;
mod crm_host;
mod customer_book;
mod deadlines;
mod ergonomics;
mod errors;
mod hostile;
mod i18n;
mod late_records;
mod native;
mod overlays;
mod plan;
mod properties;
mod recurrences;
mod restore;
mod scenarios;
mod schemas;
mod seeds;
mod seeds_doc;
mod sim;
mod team_quotas;
mod time_windows;
mod track_bad_events;
mod track_properties;
mod track_seeds;
mod where_filters;

//! Types a host builds and prints without ceremony.

use fieldbook::agenda::ItemKind;
use fieldbook::{Event, Status, Value};

#[test]
fn values_come_from_plain_rust_values() {
    assert_eq!(Value::from(true), Value::Bool(true));
    assert_eq!(Value::from(12), Value::Integer(12));
    assert_eq!(Value::from(12_i64), Value::Integer(12));
    assert_eq!(Value::from(2.5), Value::Number(2.5));
    assert_eq!(Value::from("executed"), Value::Text("executed".into()));
    assert_eq!(Value::from(String::from("x")), Value::Text("x".into()));
    assert_eq!(Value::from(vec!["inspect", "promote"]), Value::List(vec!["inspect".into(), "promote".into()]));
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-07T09:30:00+08:00").unwrap();
    let visit = Event::new("v", "visit", "li", at).with("stock", 12.0).with("status", "executed");
    assert_eq!(visit.fields.get("stock"), Some(&Value::Number(12.0)));
    assert_eq!(visit.fields.get("status"), Some(&Value::Text("executed".into())));
}

#[test]
fn statuses_and_item_kinds_print_as_in_json_and_honour_width() {
    assert_eq!(format!("[{:<7}]", Status::Pass), "[pass   ]");
    assert_eq!(format!("[{:>7}]", Status::Fail), "[   fail]");
    assert_eq!(format!("[{:<9}]", ItemKind::Meeting), "[meeting  ]");
    for kind in [
        ItemKind::Step,
        ItemKind::Meeting,
        ItemKind::Report,
        ItemKind::Task,
        ItemKind::Target,
        ItemKind::Focus,
        ItemKind::Reminder,
        ItemKind::Renewal,
        ItemKind::Call,
        ItemKind::Review,
        ItemKind::Candidate,
    ] {
        assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{kind}\""));
    }
    for status in [Status::Pass, Status::Fail, Status::Warning, Status::Pending, Status::Error] {
        assert_eq!(serde_json::to_string(&status).unwrap(), format!("\"{status}\""));
    }
}

#[test]
fn the_types_a_host_shares_between_threads_are_send_and_sync() {
    fn shared<T: Send + Sync>() {}
    shared::<fieldbook::Playbook>();
    shared::<fieldbook::Tracker>();
    shared::<fieldbook::CustomerBook>();
    shared::<fieldbook::track::TrackerState>();
    shared::<fieldbook::Finding>();
    shared::<fieldbook::Event>();
    shared::<fieldbook::Roster>();
    shared::<fieldbook::Error>();
}

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

#[test]
fn a_month_is_planned_from_a_persons_customers_borrowed_from_the_roster() {
    use fieldbook::{PlanOptions, Roster, plan_month};
    let roster: Roster = serde_json::from_str(
        &std::fs::read_to_string(crate::support::root().join("examples/data/t77-roster.json")).unwrap(),
    )
    .unwrap();
    let li = roster.people.iter().find(|p| p.id == "li").unwrap();
    let theirs = || roster.customers.iter().filter(|c| c.manager.as_deref() == Some("li"));
    let cloned: Vec<fieldbook::Customer> = theirs().cloned().collect();
    assert!(!cloned.is_empty() && cloned.len() < roster.customers.len());
    let june = crate::support::date("2026-06-01");
    let t77 = crate::support::seed("t77");
    let borrowed = plan_month(&t77, li, theirs(), june, &PlanOptions::new()).unwrap();
    let from_slice = plan_month(&t77, li, &cloned, june, &PlanOptions::new()).unwrap();
    assert_eq!(borrowed, from_slice);
    let planned: std::collections::BTreeSet<&str> =
        borrowed.days.iter().flat_map(|d| d.visits.iter().map(|v| v.customer.as_str())).collect();
    assert!(planned.iter().all(|id| cloned.iter().any(|c| c.id == *id)), "only li's customers: {planned:?}");
}

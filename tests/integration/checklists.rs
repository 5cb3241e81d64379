//! A checklist item judged through its sub-items on its own terms: optional sub-items
//! (`required = false`) and the least number named (`min`), on T77's visit items with
//! the inspection's first three sub-items made optional and `min = 3`.

use fieldbook::{Customer, Event, Person, Playbook, Roster, Status, Tracker, Value};

use crate::support::{date, seed_path};

const MON: &str = "2026-12-14";

/// T77 with `inspect` done through its two required sub-items (labels, illegal
/// cigarettes) and at least three sub-items in all, the other three being optional.
fn t77_with_optional_inspections() -> Playbook {
    let path = seed_path("t77");
    let text = std::fs::read_to_string(&path).unwrap();
    let old = r#"sub = [
  { id = "stock", title = "Stock is reasonable" },
  { id = "display", title = "Display is tidy" },
  { id = "price_tags", title = "Price tags are complete" },
  { id = "labels", title = "Labels match" },
  { id = "illegal_cigarettes", title = "No illegal cigarettes" },
]
"#;
    let new = r#"sub = [
  { id = "stock", title = "Stock is reasonable", required = false },
  { id = "display", title = "Display is tidy", required = false },
  { id = "price_tags", title = "Price tags are complete", required = false },
  { id = "labels", title = "Labels match" },
  { id = "illegal_cigarettes", title = "No illegal cigarettes" },
]
min = 3
"#;
    assert!(text.contains(old));
    Playbook::from_toml(&text.replace(old, new), Some(&path)).unwrap()
}

/// The `visit-items` finding of one visit whose checklist names every other item whole
/// and `inspect` as `inspection` says.
fn judged(inspection: &[&str]) -> (Status, String) {
    let li = Person::new("li").with_role("customer_manager").with_attr("route", "urban");
    let c01 = Customer::new("c01").with_field("name", Value::Text("Customer c01".into()));
    let mut tracker = Tracker::new(t77_with_optional_inspections(), Roster::new([li], [c01]), date(MON)).unwrap();
    let mut names = vec!["greet", "introduce", "tidy", "collect", "record"];
    names.extend_from_slice(inspection);
    let at = |time: &str| chrono::DateTime::parse_from_rfc3339(&format!("{MON}T{time}:00+08:00")).unwrap();
    let visit = Event::new("v1", "visit", "li", at("09:40"))
        .ending(at("09:55"))
        .for_customer("c01")
        .with("checklist", Value::List(names.iter().map(|n| (*n).into()).collect()));
    assert!(tracker.ingest(visit).is_ok());
    let findings = tracker.close_through(date(MON)).unwrap();
    let finding = findings.iter().find(|f| f.rule == "visit-items").expect("the visit's checklist is judged");
    (finding.status, finding.message.clone())
}

#[test]
fn the_required_sub_items_and_as_many_as_min_do_an_item() {
    // Both required and one optional: three named, `min` met.
    let (status, message) = judged(&["inspect.labels", "inspect.illegal_cigarettes", "inspect.stock"]);
    assert_eq!(status, Status::Pass, "{message}");
    // Both required and all three optional.
    let all =
        ["inspect.stock", "inspect.display", "inspect.price_tags", "inspect.labels", "inspect.illegal_cigarettes"];
    assert_eq!(judged(&all).0, Status::Pass);
    // The item named whole still claims all of it.
    assert_eq!(judged(&["inspect"]).0, Status::Pass);
}

#[test]
fn fewer_than_min_sub_items_leave_an_item_undone_even_with_every_required_one() {
    let (status, message) = judged(&["inspect.labels", "inspect.illegal_cigarettes"]);
    assert_eq!(status, Status::Fail);
    assert!(message.contains("Inspect (at least 3 of its sub-items)"), "{message}");
}

#[test]
fn optional_sub_items_do_not_stand_in_for_a_required_one() {
    // Three named, as `min` asks, but neither required one.
    let (status, message) = judged(&["inspect.stock", "inspect.display", "inspect.price_tags"]);
    assert_eq!(status, Status::Fail);
    assert!(message.contains("Inspect (Labels match, No illegal cigarettes)"), "{message}");
    // One required one left out.
    let (status, message) = judged(&["inspect.stock", "inspect.display", "inspect.labels"]);
    assert_eq!(status, Status::Fail);
    assert!(message.contains("Inspect (No illegal cigarettes)"), "{message}");
    assert!(!message.contains("Labels match"), "{message}");
}

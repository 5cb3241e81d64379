//! `where` filters that compare: `gt`, `ge`, `lt`, `le`, `ne`, `in` and `exists`, judged
//! by the tracker and checked, with their types, when the playbook loads.

use chrono::DateTime;
use fieldbook::{Event, Person, Playbook, Roster, Status, Tracker};

use crate::support::date;

/// A playbook whose trigger is `where`: visits carry how many samples were left, how long
/// the talk took, and an optional note.
fn playbook(condition: &str) -> Result<Playbook, fieldbook::Problems> {
    Playbook::from_toml(
        &format!(
            r#"
[playbook]
id = "samples"
title = "Samples"

[calendar]
time_zone = "Asia/Shanghai"

[event_kinds.visit]
title = "Visit"
customer = true
fields = {{ samples = "integer", talk = "duration", note = "text", paid = "bool" }}

[event_kinds.call]
title = "Call"
customer = true

[[triggers]]
id = "sample-follow-up"
title = "Call back a customer who took samples"
refs = ["TEL-6"]
on = {{ kind = "visit", where = {condition} }}
follow_up = {{ kind = "call" }}
within = "next_working_day"
"#
        ),
        None,
    )
}

/// The customers whose visit (with these fields) started a follow-up, judged on Tuesday.
fn followed_up(condition: &str, visits: &[(&str, &[(&str, fieldbook::Value)])]) -> Vec<String> {
    let roster = Roster::new(
        [Person::new("li")],
        visits.iter().map(|(customer, _)| fieldbook::Customer::new(*customer).managed_by("li")),
    );
    let mut tracker = Tracker::new(playbook(condition).unwrap(), roster, date("2026-12-07")).unwrap();
    for (i, (customer, fields)) in visits.iter().enumerate() {
        let at = DateTime::parse_from_rfc3339("2026-12-07T10:00:00+08:00").unwrap();
        let mut visit = Event::new(format!("v{i}"), "visit", "li", at).for_customer(*customer);
        for (name, value) in fields.iter() {
            visit = visit.with(*name, value.clone());
        }
        tracker.ingest(visit).unwrap();
    }
    let findings = tracker.close_through(date("2026-12-08")).unwrap();
    let mut customers: Vec<String> = findings
        .iter()
        .filter(|f| f.rule == "sample-follow-up")
        .inspect(|f| assert_eq!(f.status, Status::Fail, "no call was made: {}", f.message))
        .filter_map(|f| f.customer.as_ref().map(ToString::to_string))
        .collect();
    customers.sort();
    customers
}

#[test]
fn a_follow_up_starts_for_two_samples_and_not_for_none() {
    use fieldbook::Value::Integer;
    let visits: &[(&str, &[(&str, fieldbook::Value)])] =
        &[("two", &[("samples", Integer(2))]), ("none", &[("samples", Integer(0))]), ("unknown", &[])];
    assert_eq!(followed_up("{ samples = { gt = 0 } }", visits), ["two"]);
    assert_eq!(followed_up("{ samples = { ge = 0 } }", visits), ["none", "two"]);
    assert_eq!(followed_up("{ samples = { lt = 1 } }", visits), ["none"]);
    assert_eq!(followed_up("{ samples = { ne = 2 } }", visits), ["none"]);
    assert_eq!(followed_up("{ samples = { in = [1, 2, 3] } }", visits), ["two"]);
    assert_eq!(followed_up("{ samples = { exists = false } }", visits), ["unknown"]);
    assert_eq!(followed_up("{ samples = { ge = 1, le = 1 } }", visits), Vec::<String>::new());
}

#[test]
fn lengths_of_time_compare_by_their_minutes_and_text_by_its_letters() {
    use fieldbook::Value::Text;
    let visits: &[(&str, &[(&str, fieldbook::Value)])] =
        &[("long", &[("talk", Text("1h30m".into()))]), ("short", &[("talk", Text("45m".into()))])];
    // As text, "1h30m" < "45m"; as lengths of time, 90 minutes > 45.
    assert_eq!(followed_up("{ talk = { gt = \"1h\" } }", visits), ["long"]);
    let notes: &[(&str, &[(&str, fieldbook::Value)])] =
        &[("a", &[("note", Text("apples".into()))]), ("p", &[("note", Text("pears".into()))])];
    assert_eq!(followed_up("{ note = { lt = \"b\" } }", notes), ["a"]);
    assert_eq!(followed_up("{ note = { exists = true } }", notes), ["a", "p"]);
}

#[test]
fn a_comparison_that_cannot_apply_to_its_field_is_a_located_problem() {
    for (condition, field, expected) in [
        ("{ samples = { gt = \"many\" } }", "samples", "\"many\" is not a value of a field of type integer"),
        ("{ paid = { gt = true } }", "paid", "`gt` orders values, and a field of type bool has no order"),
        ("{ samples = {} }", "samples", "an empty comparison: give gt, ge, lt, le, ne, in or exists"),
        ("{ talk = { lt = \"soon\" } }", "talk", "\"soon\" is not a value of a field of type duration"),
    ] {
        let problems = playbook(condition).unwrap_err();
        let found: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 1, "{condition}: {found:#?}");
        // The trigger's `on` is on line 22 of the text (which starts with a line break).
        assert!(found[0].starts_with("22:"), "{condition}: {found:#?}");
        let wanted = format!("triggers[0].on.where.{field}: field `{field}`: {expected}");
        assert!(found[0].contains(&wanted), "{condition}: {found:#?}");
    }
    let problems = playbook("{ samples = { gte = 1 } }").unwrap_err();
    let found: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("unknown field `gte`, expected one of `gt`, `ge`, `lt`, `le`, `ne`, `in`, `exists`"),
        "{found:#?}"
    );
}

#[test]
fn the_committed_json_schema_is_the_one_the_model_gives_and_knows_comparisons() {
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::root().join("docs/playbook.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        committed,
        fieldbook::spec::json_schema(),
        "regenerate: cargo run -q --example schema > docs/playbook.schema.json"
    );
    let comparison = &committed["$defs"]["Comparison"]["properties"];
    for op in ["gt", "ge", "lt", "le", "ne", "in", "exists"] {
        assert!(comparison.get(op).is_some(), "{op} missing from the schema");
    }
}

#[test]
fn the_diff_of_two_playbooks_shows_a_changed_comparison() {
    let before = playbook("{ samples = { gt = 0 } }").unwrap();
    let after = playbook("{ samples = { gt = 2 } }").unwrap();
    let changes = fieldbook::spec::diff(before.spec(), after.spec());
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].path, "triggers[sample-follow-up].on.where.samples.gt");
    assert_eq!((changes[0].before.clone(), changes[0].after.clone()), (Some(0.into()), Some(2.into())));
}

/// A weekly quota over visits to key customers only (T77-10's kind of rule: key customers
/// weekly), and a playbook whose quota filters a kind that names no customer.
const KEY_VISITS: &str = r#"
[playbook]
id = "key-visits"
title = "Key visits"

[calendar]
time_zone = "Asia/Shanghai"

[customers]
tags = ["key"]

[event_kinds.visit]
title = "Visit"
customer = true

[event_kinds.report]
title = "Report"

[[quotas]]
id = "key-visits-per-week"
title = "Visits to key customers a week"
refs = ["T77-10"]
measure = "count"
of = { kind = "visit" }
customers = { tags_any = ["key"] }
window = "week"
at_least = 1
"#;

#[test]
fn a_quota_limited_to_key_customers_counts_only_their_events() {
    let playbook = Playbook::from_toml(KEY_VISITS, None).unwrap();
    let customers = vec![fieldbook::Customer::new("k1").with_tag("key"), fieldbook::Customer::new("n1")];
    let week = |visited: &str| {
        let roster = Roster::new([Person::new("li")], customers.clone());
        let mut tracker = Tracker::new(playbook.clone(), roster, date("2026-12-07")).unwrap();
        let at = DateTime::parse_from_rfc3339("2026-12-07T10:00:00+08:00").unwrap();
        tracker.ingest(Event::new("v1", "visit", "li", at).for_customer(visited)).unwrap();
        let findings = tracker.close_through(date("2026-12-13")).unwrap();
        let quota = findings.into_iter().find(|f| f.rule == "key-visits-per-week").unwrap();
        (quota.status, quota.actual.to_string())
    };
    assert_eq!(week("n1"), (Status::Fail, "0".to_string()));
    assert_eq!(week("k1"), (Status::Pass, "1".to_string()));
    // The agenda says whose visits count.
    let agenda = playbook.agenda(&Person::new("li"), date("2026-12-07")).unwrap();
    let target = agenda.items.iter().find(|i| i.id == "key-visits-per-week").unwrap();
    assert_eq!(target.detail.as_deref(), Some("at least 1 this week (customers tagged key)"));

    let bad = KEY_VISITS
        .replace("of = { kind = \"visit\" }", "of = { kind = \"report\" }")
        .replace("tags_any = [\"key\"]", "tags_any = [\"vip\"]");
    let problems = Playbook::from_toml(&bad, None).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(problems.contains("quotas[0].customers: events of kind `report` name no customer"), "{problems}");
    assert!(problems.contains("quotas[0].customers.tags_any[0]"), "{problems}");
}

/// A per-customer quota of one role judges the customers that role manages: the chief's
/// own customer is not held to the customer managers' weekly visit (T77-10's kind of rule).
#[test]
fn a_per_customer_quota_with_roles_judges_only_the_customers_of_those_roles() {
    let text = KEY_VISITS
        .replace(
            "[event_kinds.visit]",
            "[[roles]]\nid = \"customer_manager\"\ntitle = \"Customer manager\"\n\n[[roles]]\nid = \"chief\"\ntitle = \"Chief\"\n\n[event_kinds.visit]",
        )
        .replace("customers = { tags_any = [\"key\"] }", "per = \"customer\"\nroles = [\"customer_manager\"]");
    let playbook = Playbook::from_toml(&text, None).unwrap();
    let people = [Person::new("li").with_role("customer_manager"), Person::new("wang").with_role("chief")];
    let customers = [
        fieldbook::Customer::new("c1").managed_by("li"),
        fieldbook::Customer::new("c2").managed_by("wang"),
        fieldbook::Customer::new("c3"),
    ];
    let mut tracker = Tracker::new(playbook, Roster::new(people, customers), date("2026-12-07")).unwrap();
    let findings = tracker.close_through(date("2026-12-13")).unwrap();
    let judged: Vec<(String, Option<String>, Status)> = findings
        .iter()
        .filter(|f| f.rule == "key-visits-per-week")
        .map(|f| (f.person.to_string(), f.customer.as_ref().map(ToString::to_string), f.status))
        .collect();
    assert_eq!(judged, [("li".to_string(), Some("c1".to_string()), Status::Fail)]);
}

/// TEL-8: new group customers a month, a group counting once, when its first ICT
/// contract is signed.
const NEW_GROUPS: &str = r#"
[playbook]
id = "new-groups"
title = "New groups"

[calendar]
time_zone = "Asia/Shanghai"

[event_kinds.contract]
title = "ICT contract signed"
customer = true

[[quotas]]
id = "new-groups-per-month"
title = "New group customers per month"
refs = ["TEL-8"]
measure = "first"
of = { kind = "contract" }
window = "month"
at_least = 2
"#;

#[test]
fn a_first_measure_counts_each_customer_once_when_its_first_event_falls_in_the_window() {
    let playbook = Playbook::from_toml(NEW_GROUPS, None).unwrap();
    let customers: Vec<fieldbook::Customer> = ["g1", "g2", "g3", "g4"].map(fieldbook::Customer::new).to_vec();
    let roster = Roster::new([Person::new("li"), Person::new("wang")], customers);
    let mut tracker = Tracker::new(playbook, roster, date("2026-12-01")).unwrap();
    let contract = |id: &str, who: &str, customer: &str, when: &str| {
        Event::new(id, "contract", who, DateTime::parse_from_rfc3339(when).unwrap()).for_customer(customer)
    };
    let intake = tracker.ingest_all([
        // December: g1 twice and g2 are two new groups for li, not three.
        contract("k1", "li", "g1", "2026-12-03T10:00:00+08:00"),
        contract("k2", "li", "g1", "2026-12-10T10:00:00+08:00"),
        contract("k3", "li", "g2", "2026-12-15T10:00:00+08:00"),
        // g4 signed by both on one day: the earlier contract is the new group's.
        contract("k4", "wang", "g4", "2026-12-16T11:00:00+08:00"),
        contract("k5", "li", "g4", "2026-12-16T09:00:00+08:00"),
        // January: g1 again is not new; g3 is.
        contract("k6", "li", "g1", "2027-01-05T10:00:00+08:00"),
        contract("k7", "li", "g3", "2027-01-06T10:00:00+08:00"),
    ]);
    assert!(intake.rejected.is_empty(), "{:?}", intake.rejected);
    let findings = tracker.close_through(date("2027-01-31")).unwrap();
    let month = |person: &str, start: &str| {
        let f = findings
            .iter()
            .find(|f| {
                f.rule == "new-groups-per-month" && f.person == person && f.window.start.date_naive() == date(start)
            })
            .unwrap();
        (f.status, f.actual.to_string(), f.events.iter().map(ToString::to_string).collect::<Vec<_>>())
    };
    assert_eq!(month("li", "2026-12-01"), (Status::Pass, "3".to_string(), vec!["k1".into(), "k3".into(), "k5".into()]));
    assert_eq!(month("wang", "2026-12-01"), (Status::Fail, "0".to_string(), vec![]));
    assert_eq!(month("li", "2027-01-01"), (Status::Fail, "1".to_string(), vec!["k7".into()]));
    let bad = NEW_GROUPS.replace("customer = true\n", "");
    let problems = Playbook::from_toml(&bad, None).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        problems.contains("quotas[0].measure: events of kind `contract` name no customer, so no customer can be new"),
        "{problems}"
    );
}

//! Checks compiled to native code answer exactly as Rhai does: every script is compiled
//! twice, natively (the default) and with `native_checks(false)`, and both are run on the
//! same inputs; the answers (or errors) must be equal. The scripts are the common shapes
//! written by hand and expressions drawn at random from a grammar of them.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use fieldbook_core::check::{CheckInput, CheckRunner};
use fieldbook_core::{Customer, Event, Person, Playbook, Value};
use fieldbook_rhai::{RhaiChecks, SandboxOptions};
use proptest::prelude::*;

/// A playbook with one visit check running `script`.
fn playbook(script: &str) -> Playbook {
    let text = format!(
        r#"
[playbook]
id = "demo"
title = "Demo"
[calendar]
time_zone = "Asia/Shanghai"
[customers]
tags = ["key", "volatile"]
fields = {{ name = "text" }}
[event_kinds.visit]
title = "Visit"
customer = true
lasts = true
fields = {{ stock = "number", weekly_sales = "number", count = "integer", status = "text", flag = "bool", items = "list" }}
[[checks]]
id = "c"
title = "C"
refs = ["X-1"]
scope = "event"
kind = "visit"
script = '''{script}'''
"#
    );
    Playbook::from_toml(&text, None).expect("the playbook loads")
}

/// Both forms of the check of `script`.
fn both(script: &str, options: SandboxOptions) -> Option<(RhaiChecks, RhaiChecks)> {
    let playbook = playbook(script);
    let native = RhaiChecks::compile(&playbook, &options).ok()?;
    let rhai = RhaiChecks::compile(&playbook, &options.native_checks(false)).expect("compiles as above");
    Some((native, rhai))
}

/// A visit's inputs: the event (fields present or not), its customer (or none), the person.
#[derive(Clone, Debug)]
struct Visit {
    minutes: i64,
    at_minute: i64,
    stock: Option<f64>,
    weekly_sales: Option<f64>,
    count: Option<i64>,
    status: Option<&'static str>,
    flag: Option<bool>,
    items: bool,
    customer: Option<(bool, bool)>,
    role: Option<&'static str>,
    route: Option<&'static str>,
}

fn visit() -> impl Strategy<Value = Visit> {
    let number = prop_oneof![Just(0.0), Just(1.5), Just(-2.0), Just(15.0), -50.0..50.0f64, Just(1e300)];
    let integer = prop_oneof![Just(0i64), Just(1), Just(-1), Just(i64::MAX), Just(i64::MIN), -40..40i64];
    (
        (0..30i64, 0..(24 * 60i64), proptest::option::of(number.clone()), proptest::option::of(number)),
        (
            proptest::option::of(integer),
            proptest::option::of(prop_oneof![Just("failed"), Just("executed"), Just("")]),
            proptest::option::of(any::<bool>()),
            any::<bool>(),
        ),
        (
            proptest::option::of((any::<bool>(), any::<bool>())),
            proptest::option::of(prop_oneof![Just("customer_manager"), Just("lead")]),
            proptest::option::of(prop_oneof![Just("rural"), Just("urban")]),
        ),
    )
        .prop_map(
            |((minutes, at_minute, stock, weekly_sales), (count, status, flag, items), (customer, role, route))| {
                Visit { minutes, at_minute, stock, weekly_sales, count, status, flag, items, customer, role, route }
            },
        )
}

fn at(minute: i64) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-12-08T00:00:00+08:00").expect("a time") + TimeDelta::minutes(minute)
}

/// Runs both forms on `visit` and asserts they answer alike; true when the answer was a
/// verdict (not an error).
fn agree(script: &str, native: &RhaiChecks, rhai: &RhaiChecks, visit: &Visit) -> bool {
    let start = at(visit.at_minute);
    let mut event = Event::new("v1", "visit", "li", start).ending(start + TimeDelta::minutes(visit.minutes));
    if let Some(stock) = visit.stock {
        event = event.with("stock", Value::Number(stock));
    }
    if let Some(sales) = visit.weekly_sales {
        event = event.with("weekly_sales", Value::Number(sales));
    }
    if let Some(count) = visit.count {
        event = event.with("count", Value::Integer(count));
    }
    if let Some(status) = visit.status {
        event = event.with("status", Value::Text(status.into()));
    }
    if let Some(flag) = visit.flag {
        event = event.with("flag", Value::Bool(flag));
    }
    if visit.items {
        event = event.with("items", Value::List(vec!["greet".into()]));
    }
    let customer = visit.customer.map(|(key, volatile)| {
        let mut tags = Vec::new();
        if key {
            tags.push("key".to_string());
        }
        if volatile {
            tags.push("volatile".to_string());
        }
        let fields = [("name".to_string(), Value::Text("Shop".into()))].into();
        Arc::new(Customer { id: "c1".into(), tags, fields, ..Customer::default() })
    });
    if customer.is_some() {
        event = event.for_customer("c1");
    }
    let mut person = Person::new("li");
    if let Some(role) = visit.role {
        person = person.with_role(role);
    }
    if let Some(route) = visit.route {
        person = person.with_attr("route", route);
    }
    let (event, person) = (Arc::new(event), Arc::new(person));
    let date = NaiveDate::from_ymd_opt(2026, 12, 8).expect("a date");
    let input = CheckInput::Event { event: &event, customer: customer.as_ref(), person: &person, date };
    let (fast, slow) = (native.run(0, input), rhai.run(0, input));
    assert_eq!(fast, slow, "native and Rhai differ on `{script}` for {visit:?}");
    fast.is_ok()
}

/// The shapes checks are written in, by hand.
const SHAPES: &[&str] = &[
    "event.minutes >= 8.0",
    r#"event["stock"] <= 1.5 * event["weekly_sales"] && (customer == () || !customer.has_tag("key") || event["stock"] >= 1)"#,
    "let stock = event[\"stock\"];\nevent.minutes >= 8.0 && stock <= 1.5 * event[\"weekly_sales\"]\n    && (customer == () || !customer.has_tag(\"key\") || stock >= 1)",
    r#"event["status"] != "failed" || event.has("count")"#,
    r#"event.hour < 12 && event.clock >= 9 * 60 + 30"#,
    r#"event["count"] + 1 > 0"#,
    r#"event["count"] * 2 == event["count"] + event["count"]"#,
    r#"event["count"] / 2 >= 0"#,
    r#"event["flag"] == true || event["flag"] == ()"#,
    r#"person["route"] == "rural" || person.role != ()"#,
    r#"customer != () && customer["name"] == "Shop""#,
    r#"event.customer == () || event.customer == "c1""#,
    r#"date >= "2026-12-01" && event.kind == "visit""#,
    r#"-event["stock"] < 0.5"#,
    r#"event["items"] == ()"#,
    r#"event["stock"]"#,
    "event.minutes >= 8.0;",
    "let ok = event.minutes > 5; ok",
    "let ok = event.minutes > 5;",
    r#"event.id == "v1" && event.person == person.id && event.at != """#,
];

#[test]
fn the_common_shapes_answer_as_rhai_does_and_run_natively() {
    let visits = [
        Visit {
            minutes: 9,
            at_minute: 600,
            stock: Some(12.0),
            weekly_sales: Some(10.0),
            count: Some(3),
            status: Some("failed"),
            flag: Some(true),
            items: true,
            customer: Some((true, false)),
            role: Some("lead"),
            route: Some("rural"),
        },
        Visit {
            minutes: 7,
            at_minute: 555,
            stock: None,
            weekly_sales: Some(0.0),
            count: Some(i64::MAX),
            status: None,
            flag: None,
            items: false,
            customer: None,
            role: None,
            route: None,
        },
    ];
    for script in SHAPES {
        let (native, rhai) = both(script, SandboxOptions::new()).expect("the shape compiles");
        for visit in &visits {
            agree(script, &native, &rhai, visit);
        }
    }
    // The two month checks and the reference rule are among those compiled natively.
    for script in &SHAPES[..3] {
        let (native, rhai) = both(script, SandboxOptions::new()).expect("compiles");
        assert!(native.is_native(0), "{script} runs natively");
        assert!(!rhai.is_native(0), "native_checks(false) keeps {script} in Rhai");
    }
}

#[test]
fn scripts_beyond_the_common_shapes_stay_in_rhai() {
    for script in [
        "fn f(x) { x > 1 } f(event.minutes)",
        "if event.minutes > 8.0 { true } else { false }",
        r#"is_working_day(date)"#,
        r#"#{ ok: event.minutes > 8.0 }"#,
        r#"event.tags == ()"#,
        r#"event["stock"] % 2 == 0"#,
    ] {
        let (native, _) = both(script, SandboxOptions::new()).expect("compiles");
        assert!(!native.is_native(0), "{script} is not a common shape");
    }
}

#[test]
fn a_budget_too_small_for_the_script_keeps_it_in_rhai() {
    let script = SHAPES[1];
    let (native, rhai) = both(script, SandboxOptions::new().max_operations(3)).expect("compiles");
    assert!(!native.is_native(0));
    let visit = Visit {
        minutes: 9,
        at_minute: 600,
        stock: Some(1.0),
        weekly_sales: Some(1.0),
        count: None,
        status: None,
        flag: None,
        items: false,
        customer: None,
        role: None,
        route: None,
    };
    // Rhai stops the run at its budget; so does the native form, by being Rhai.
    assert!(!agree(script, &native, &rhai, &visit));
}

/// Terms of the grammar of generated checks.
fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("event.minutes".to_string()),
        Just("event.hour".to_string()),
        Just("event.clock".to_string()),
        Just(r#"event["stock"]"#.to_string()),
        Just(r#"event["weekly_sales"]"#.to_string()),
        Just(r#"event["count"]"#.to_string()),
        Just(r#"event["status"]"#.to_string()),
        Just(r#"event["flag"]"#.to_string()),
        Just(r#"event["items"]"#.to_string()),
        Just(r#"event["nothing"]"#.to_string()),
        Just("event.kind".to_string()),
        Just("event.customer".to_string()),
        Just("customer".to_string()),
        Just("person.role".to_string()),
        Just(r#"person["route"]"#.to_string()),
        Just("date".to_string()),
        Just("()".to_string()),
        Just("true".to_string()),
        Just(r#""failed""#.to_string()),
        Just(r#""rural""#.to_string()),
        (-20..40i64).prop_map(|i| i.to_string()),
        (-400..400i64).prop_map(|i| format!("{:.1}", i as f64 / 10.0)),
        Just(i64::MAX.to_string()),
        // The local of a script that starts with `let x = …;` (unknown elsewhere: an error).
        Just("x".to_string()),
    ]
}

/// A script: an expression, or a `let` and an expression.
fn script() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => expression(),
        1 => (expression(), expression()).prop_map(|(a, b)| format!("let x = {a};\n{b}")),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    let leaf = atom();
    leaf.prop_recursive(4, 24, 2, |inner| {
        let arith = prop_oneof![Just("+"), Just("-"), Just("*"), Just("/")];
        let compare = prop_oneof![Just("=="), Just("!="), Just("<"), Just("<="), Just(">"), Just(">=")];
        let logic = prop_oneof![Just("&&"), Just("||")];
        prop_oneof![
            (inner.clone(), arith, inner.clone()).prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (inner.clone(), compare, inner.clone()).prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (inner.clone(), logic, inner.clone()).prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            inner.clone().prop_map(|a| format!("!({a})")),
            inner.clone().prop_map(|a| format!("-({a})")),
            Just(r#"customer.has_tag("key")"#.to_string()),
            Just(r#"event.has("stock")"#.to_string()),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn generated_checks_answer_as_rhai_does(
        script in script(),
        visits in proptest::collection::vec(visit(), 4),
        // Mostly the default budget; sometimes one so small that Rhai may stop the run.
        budget in prop_oneof![3 => Just(100_000u64), 1 => 1..120u64],
    ) {
        if let Some((native, rhai)) = both(&script, SandboxOptions::new().max_operations(budget)) {
            for visit in &visits {
                agree(&script, &native, &rhai, visit);
            }
        }
    }
}

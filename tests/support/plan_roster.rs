//! A T77 urban route for visit planning: one customer manager and `n` customers in a
//! 3 km square, every 15th key, every 20th volatile and every 25th an enterprise; the
//! data of the planning tests and of the `plan/month/t77/600` bench.

use fieldbook::{Customer, Person, Roster, Value};

/// The person the route belongs to.
pub fn person() -> Person {
    Person::new("li").with_role("customer_manager").with_attr("route", "urban")
}

/// The roster of the route.
pub fn roster(n: usize) -> Roster {
    let customers = (0..n)
        .map(|i| {
            let mut tags = Vec::new();
            if i % 15 == 0 {
                tags.push("key".to_string());
            }
            if i % 20 == 7 {
                tags.push("volatile".to_string());
            }
            if i % 25 == 11 {
                tags.push("enterprise".to_string());
            }
            // A 25 x 24 grid of shops about 125 m apart, shuffled by a fixed stride.
            let cell = (i * 37) % 600;
            let (row, col) = ((cell / 25) as f64, (cell % 25) as f64);
            Customer {
                id: format!("c{i:03}").into(),
                tags,
                manager: Some("li".into()),
                fields: [
                    ("name".to_string(), Value::Text(format!("Shop {i}").into())),
                    ("lat".to_string(), Value::Number(30.25 + row * 0.001125)),
                    ("lon".to_string(), Value::Number(120.15 + col * 0.0013)),
                ]
                .into_iter()
                .collect(),
                ..Customer::default()
            }
        })
        .collect();
    Roster { people: vec![person()], customers, teams: Vec::new() }
}

//! A T77 month of a team, generated deterministically: the data of the tracker benchmarks
//! and of the test that the engine agrees with a hand-written evaluation.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, Weekday};
use fieldbook::{Customer, Event, Person, Roster, Value};

/// A small, fixed pseudo-random generator (xorshift64*), so that the month is the same
/// on every machine without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `low..high`.
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low) as u64) as i64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() % 10_000) as f64 / 10_000.0 < p
    }
}

/// Two checks a branch would run on every visit (T77-9 and T77-22), for the Rhai month
/// benchmark and its profile.
#[allow(dead_code)] // used by benches/month.rs and examples/profile_month.rs, not the tests
pub const RHAI_CHECKS: &str = r#"
[[checks]]
id = "long-enough"
title = "At least 8 minutes"
refs = ["T77-9"]
scope = "event"
kind = "visit"
script = 'event.minutes >= 8.0'

[[checks]]
id = "stock-reasonable"
title = "Stock within 1.5 weeks of sales"
refs = ["T77-22"]
scope = "event"
kind = "visit"
script = 'event["stock"] <= 1.5 * event["weekly_sales"] && (customer == () || !customer.has_tag("key") || event["stock"] >= 1)'
"#;

pub const CUSTOMERS_PER_PERSON: usize = 60;
const VISIT_ITEMS: [&str; 7] = ["greet", "inspect", "introduce", "tidy", "collect", "answer", "record"];
const KIT_ITEMS: [&str; 4] = ["materials", "aids", "transport", "returns"];
/// The daily report's required items after the two figures (T77-17).
const REPORT_ITEMS: [&str; 7] =
    ["route_stock", "key_customer_stock", "sell_through", "key_brands", "common_problems", "complaints", "lessons"];

fn at(day: NaiveDate, minutes: i64) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(8 * 3600).expect("+08:00");
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight").and_local_timezone(offset).single().expect("fixed");
    midnight + TimeDelta::minutes(minutes)
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|&i| i.into()).collect())
}

/// The roster: `people` customer managers (every third on a rural route), each with
/// [`CUSTOMERS_PER_PERSON`] customers, some of them key, volatile or enterprise.
pub fn roster(people: usize) -> Roster {
    let mut rng = Rng::new(7);
    let people_list: Vec<Person> = (0..people)
        .map(|i| {
            Person::new(format!("p{i:04}"))
                .with_role("customer_manager")
                .with_attr("route", if i % 3 == 2 { "rural" } else { "urban" })
        })
        .collect();
    let customers = (0..people * CUSTOMERS_PER_PERSON)
        .map(|c| {
            let mut tags = Vec::new();
            if rng.chance(0.1) {
                tags.push("key".to_string());
            }
            if rng.chance(0.05) {
                tags.push("volatile".to_string());
            }
            if rng.chance(0.05) {
                tags.push("enterprise".to_string());
            }
            Customer {
                id: format!("c{c:06}").into(),
                tags,
                manager: Some(format!("p{:04}", c / CUSTOMERS_PER_PERSON).into()),
                fields: [("name".to_string(), Value::Text(format!("Shop {c}").into()))].into(),
                ..Customer::default()
            }
        })
        .collect();
    Roster { people: people_list, customers, teams: Vec::new() }
}

/// The events of the team for every day from `first` to `last`, with the diligence and
/// lapses of real people: late mornings, short visits, skipped checklist items, failed
/// orders not always phoned, forgotten reports, sick days.
pub fn events(people: usize, first: NaiveDate, last: NaiveDate, seed: u64) -> Vec<Event> {
    days(people, first, last, seed).flat_map(|(_, events)| events).collect()
}

/// The same events as [`events`], one day at a time (every day from `first` to `last`,
/// weekends empty): for a month too large to hold at once.
pub fn days(
    people: usize,
    first: NaiveDate,
    last: NaiveDate,
    seed: u64,
) -> impl Iterator<Item = (NaiveDate, Vec<Event>)> {
    let mut rng = Rng::new(seed);
    first.iter_days().take_while(move |d| *d <= last).map(move |day| (day, day_events(0..people, day, &mut rng)))
}

/// The same events as [`days`], in batches of the events of `size` people's day, each
/// with whether it is the last of its day (a day without events is one empty batch).
#[allow(dead_code)] // used by benches/month.rs
pub fn batches(
    people: usize,
    first: NaiveDate,
    last: NaiveDate,
    seed: u64,
    size: usize,
) -> impl Iterator<Item = (NaiveDate, Vec<Event>, bool)> {
    let mut rng = Rng::new(seed);
    let size = size.max(1);
    first
        .iter_days()
        .take_while(move |d| *d <= last)
        .flat_map(move |day| {
            let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
            let starts: Vec<usize> = if weekend { vec![0] } else { (0..people.max(1)).step_by(size).collect() };
            let count = starts.len();
            starts.into_iter().enumerate().map(move |(i, start)| (day, start, i + 1 == count))
        })
        .map(move |(day, start, last)| (day, day_events(start..(start + size).min(people), day, &mut rng), last))
}

fn day_events(people: std::ops::Range<usize>, day: NaiveDate, rng: &mut Rng) -> Vec<Event> {
    let mut out = Vec::new();
    {
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            return out;
        }
        let first_working_of_month = first_weekday_of_month(day) == day;
        for p in people {
            let person = format!("p{p:04}");
            if rng.chance(0.02) {
                continue; // sick
            }
            let mut n = 0;
            let mut id = |kind: &str| {
                n += 1;
                format!("{person}-{}-{kind}-{n}", day.format("%m%d"))
            };
            // The section chief chairs (T77-11), but now and then the market manager does.
            let chair = if rng.chance(0.02) { "market_manager" } else { "section_chief" };
            out.push(
                Event::new(id("m"), "meeting", &person, at(day, 7 * 60 + 45 + rng.range(0, 20)))
                    .with("chair", Value::Text(chair.into())),
            );
            let quota = if p % 3 == 2 { 25 } else { 30 };
            let visits = quota + rng.range(-2, 4);
            // A tenth of the shops are often left out of the day (so that a key shop is
            // now and then on no schedule of a week's run, T77-12).
            let visited: Vec<String> = (0..visits)
                .filter_map(|v| {
                    let index = (day.day() as i64 * 7 + v) as usize % CUSTOMERS_PER_PERSON;
                    (index % 10 != p % 10 || rng.chance(0.4))
                        .then(|| format!("c{:06}", p * CUSTOMERS_PER_PERSON + index))
                })
                .collect();
            // The schedule lists the day's customers; sometimes one more that is then
            // missed, sometimes one fewer that is visited anyway (off the list).
            let mut planned = visited.clone();
            if rng.chance(0.1) {
                let index = (day.day() as i64 * 7 + visits) as usize % CUSTOMERS_PER_PERSON;
                planned.push(format!("c{:06}", p * CUSTOMERS_PER_PERSON + index));
            }
            if rng.chance(0.03) {
                planned.remove(0);
            }
            out.push(
                Event::new(id("s"), "schedule", &person, at(day, 8 * 60 + 10 + rng.range(0, 25)))
                    .with("planned", Value::List(planned.iter().map(|c| c.as_str().into()).collect())),
            );
            let kit: Vec<&str> = KIT_ITEMS.iter().copied().filter(|_| rng.chance(0.97)).collect();
            out.push(
                Event::new(id("k"), "kit_check", &person, at(day, 8 * 60 + 40 + rng.range(0, 40)))
                    .with("checklist", list(&kit)),
            );
            let mut clock = 9 * 60 + rng.range(0, 40);
            for customer in &visited {
                let length = rng.range(6, 14);
                let mut items: Vec<&str> = VISIT_ITEMS.iter().copied().filter(|_| rng.chance(0.96)).collect();
                // Days 1-5 also gather information for the total forecast (T77-4).
                if day.day() <= 5 && rng.chance(0.96) {
                    items.push("forecast");
                }
                let start = at(day, clock);
                out.push(
                    Event::new(id("v"), "visit", &person, start)
                        .ending(start + TimeDelta::minutes(length))
                        .for_customer(customer)
                        .with("checklist", list(&items))
                        .with("stock", Value::Integer(rng.range(0, 30)))
                        .with("weekly_sales", Value::Integer(rng.range(5, 20))),
                );
                if rng.chance(0.2) {
                    let failed = rng.chance(0.15);
                    let order_at = start + TimeDelta::minutes(length + 1);
                    let status = if failed { "failed" } else { "executed" };
                    out.push(
                        Event::new(id("o"), "order", &person, order_at)
                            .for_customer(customer)
                            .with("status", Value::Text(status.into())),
                    );
                    if failed && rng.chance(0.85) {
                        let call_at = order_at + TimeDelta::minutes(rng.range(10, 200));
                        out.push(Event::new(id("c"), "call", &person, call_at).for_customer(customer));
                    }
                }
                clock += length + rng.range(2, 6);
            }
            // The morning reviewed over lunch, 12:00 to 13:00 (T77-15), now and then late.
            out.push(
                Event::new(id("l"), "review", &person, at(day, 12 * 60 + rng.range(0, 65)))
                    .with("notes", Value::Text("two shops short of a new brand".into())),
            );
            // Back at the office by 16:00 (T77-16, T77-17), now and then late.
            out.push(
                Event::new(id("a"), "arrival", &person, at(day, 15 * 60 + 25 + rng.range(0, 40)))
                    .with("place", Value::Text("marketing department".into())),
            );
            if rng.chance(0.95) {
                let report = at(day, 16 * 60 + rng.range(0, 100));
                // The day's figures, now and then miscounted, and a reason for a shortfall
                // mostly given.
                let (planned, actual) = (planned.len() as i64, visited.len() as i64);
                let reported = if rng.chance(0.03) { actual + 1 } else { actual };
                let mut event = Event::new(id("r"), "daily_report", &person, report)
                    .with("planned_visits", Value::Integer(planned))
                    .with("actual_visits", Value::Integer(reported));
                for field in REPORT_ITEMS {
                    event = event.with(field, Value::Text("as seen on the route".into()));
                }
                if actual < planned && rng.chance(0.8) {
                    event = event.with("missed_reasons", Value::Text("shop closed".into()));
                }
                out.push(event);
            }
            if rng.chance(0.9) {
                let mut event = Event::new(id("t"), "preparation", &person, at(day, 16 * 60 + 20 + rng.range(0, 40)));
                for field in ["business_data", "performance", "agreed_volumes"] {
                    event = event.with(field, Value::Text("checked".into()));
                }
                out.push(event);
            }
            if day.day() <= 10 && rng.chance(0.9) {
                out.push(Event::new(id("f"), "form", &person, at(day, 16 * 60 + 40)));
            }
            let report = |kind: &str, minutes: i64, id: String| {
                Event::new(id, "report", &person, at(day, minutes))
                    .with("type", Value::Text(kind.into()))
                    .with("to", Value::Text("market_manager".into()))
            };
            if first_working_of_month && rng.chance(0.9) {
                out.push(report("monthly_summary", 13 * 60 + rng.range(0, 300), id("ms")));
            }
            if day.weekday() == Weekday::Mon && rng.chance(0.9) {
                out.push(report("weekly_summary", 13 * 60 + rng.range(0, 300), id("ws")));
            }
            if day.weekday() == Weekday::Wed && rng.chance(0.9) {
                out.push(Event::new(id("d"), "data_collection", &person, at(day, 14 * 60)));
            }
        }
    }
    out
}

fn first_weekday_of_month(day: NaiveDate) -> NaiveDate {
    let mut first = day.with_day(1).expect("day 1");
    while matches!(first.weekday(), Weekday::Sat | Weekday::Sun) {
        first = first.succ_opt().expect("a next day");
    }
    first
}

//! The customer book against the seed facts (HOT, FNB): record views, reviews, date
//! reminders and the 29 February policy, value and activity metrics, visit candidates,
//! agreements, call lists, reminders on the agenda, bad roster input. What the tracker
//! judges on the customer side (birthdays, greetings, meals, agreements, holiday visits,
//! partner upkeep) is in the scenario files `examples/playbooks/{hot,fnb}.tests.toml`.
//! Every expected value is worked out by hand from SEEDS.md and the playbook's rules
//! (Asia/Shanghai, +08:00; weekdays noted where they matter).

use chrono::{DateTime, FixedOffset, NaiveDate};
use fieldbook::agenda::ItemKind;
use fieldbook::playbook::RecordAccessError;
use fieldbook::{
    AgendaItem, Customer, CustomerBook, Event, Finding, Person, Playbook, Problem, Roster, Status, Tracker, Value,
};
use proptest::prelude::*;

use crate::support::{date, seed, seed_path};

// ---------------------------------------------------------------- helpers

fn at(day: &str, time: &str) -> DateTime<FixedOffset> {
    let text = format!("{day}T{time}:00+08:00");
    DateTime::parse_from_rfc3339(&text).unwrap_or_else(|e| panic!("bad test time {text}: {e}"))
}

fn text(value: &str) -> Value {
    Value::Text(value.to_string().into())
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|&i| i.into()).collect())
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A customer looked after by `manager`, with a name and the given record fields.
fn customer(id: &str, manager: &str, fields: &[(&str, Value)]) -> Customer {
    let mut all: Vec<(String, Value)> = vec![("name".into(), text(&format!("Guest {id}")))];
    all.extend(fields.iter().map(|(k, v)| (k.to_string(), v.clone())));
    Customer { id: id.into(), manager: Some(manager.into()), fields: all.into_iter().collect(), ..Customer::default() }
}

fn tagged(customer: Customer, tags: &[&str]) -> Customer {
    Customer { tags: strings(tags), ..customer }
}

/// A leader: HOT-1's archive (and its celebrations) is of leaders and office directors.
fn leader(customer: Customer) -> Customer {
    tagged(customer, &["leader"])
}

/// HOT's customer manager chen.
fn chen() -> Person {
    Person::new("chen").with_role("customer_manager")
}

/// FNB's relationship manager ma.
fn ma() -> Person {
    Person::new("ma").with_role("relationship_manager")
}

fn roster(people: Vec<Person>, customers: Vec<Customer>) -> Roster {
    Roster { people, customers }
}

fn book(playbook: &Playbook, roster: &Roster, events: Vec<Event>) -> CustomerBook {
    let mut book = CustomerBook::new(playbook, roster).unwrap_or_else(|e| panic!("the test roster is wrong: {e}"));
    let intake = book.record(events);
    assert!(intake.rejected.is_empty(), "rejected: {:#?}", intake.rejected);
    book
}

fn tracker(playbook: Playbook, roster: Roster, start: &str) -> Tracker {
    Tracker::new(playbook, roster, date(start)).unwrap_or_else(|e| panic!("the test roster is wrong: {e}"))
}

fn feed(tracker: &mut Tracker, events: Vec<Event>) {
    let intake = tracker.ingest_all(events);
    assert!(intake.rejected.is_empty(), "rejected: {:#?}", intake.rejected);
}

fn of<'a>(findings: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.rule == rule).collect()
}

fn only<'a>(findings: &'a [Finding], rule: &str) -> &'a Finding {
    let found = of(findings, rule);
    assert_eq!(found.len(), 1, "expected one `{rule}` finding, got {found:#?}");
    found[0]
}

/// The agenda items of `kind`.
fn items(agenda: &fieldbook::Agenda, kind: ItemKind) -> Vec<&AgendaItem> {
    agenda.items.iter().filter(|i| i.kind == kind).collect()
}

fn meal(id: &str, who: &str, customer: &str, day: &str, spend: i64) -> Event {
    Event::new(id, "meal", who, at(day, "12:30")).for_customer(customer).with("spend", Value::Integer(spend))
}

/// HOT with its text changed by `edit` (e.g. another 29 February policy).
fn hot_with(edit: impl Fn(String) -> String) -> Playbook {
    let text = std::fs::read_to_string(seed_path("hot")).unwrap();
    let changed = edit(text.clone());
    assert_ne!(changed, text, "the edit changed nothing");
    Playbook::from_toml(&changed, None).unwrap_or_else(|e| panic!("{e}"))
}

// ---------------------------------------------------------------- HOT-1: 29 February

/// The HOT birthday reminders of chen's customer born on 29 February, on `day`.
fn leap_birthday_reminders(playbook: &Playbook, day: &str) -> Vec<AgendaItem> {
    let r = roster(vec![chen()], vec![leader(customer("leap", "chen", &[("birthday", text("1988-02-29"))]))]);
    let book = book(playbook, &r, vec![]);
    let agenda = playbook.agenda_for(&chen(), date(day), &book).unwrap();
    items(&agenda, ItemKind::Reminder).into_iter().filter(|i| i.id == "birthday-preparation").cloned().collect()
}

#[test]
fn a_29_february_birthday_is_prepared_for_on_28_february_in_common_years_by_hot_policy() {
    // HOT: feb29 = "feb28", 7 days ahead, within 7d. In 2029 the birthday is Wednesday
    // 28 February; 7 days before is Wednesday 21 February, a working day.
    let hot = seed("hot");
    let found = leap_birthday_reminders(&hot, "2029-02-21");
    assert_eq!(found.len(), 1, "{found:#?}");
    let r = &found[0];
    assert_eq!(r.customer.as_deref(), Some("leap"));
    assert_eq!(r.occurs, Some(date("2029-02-28")));
    assert_eq!(r.title, "Prepare the customer's birthday: Guest leap");
    assert_eq!(*r.refs, ["HOT-1"]);
    // Due 7 days after the start of 21 February: the start of the birthday.
    assert_eq!(r.due.to_rfc3339(), "2029-02-28T00:00:00+08:00");
    assert_eq!(r.detail.as_deref(), Some("in 7 days: birthday on 2029-02-28 (29 February in leap years)"));
    assert!(leap_birthday_reminders(&hot, "2029-02-22").is_empty());
    // In leap 2028 it is 29 February itself (a Tuesday), reminded on Tuesday 22 February.
    let leap_year = leap_birthday_reminders(&hot, "2028-02-22");
    assert_eq!(leap_year.iter().map(|r| r.occurs).collect::<Vec<_>>(), [Some(date("2028-02-29"))]);
}

#[test]
fn a_29_february_birthday_falls_on_1_march_under_the_mar1_policy() {
    let mar1 = hot_with(|t| t.replace("feb29 = \"feb28\"", "feb29 = \"mar1\""));
    // 1 March 2029 is a Thursday; 7 days before is Thursday 22 February.
    assert!(leap_birthday_reminders(&mar1, "2029-02-21").is_empty());
    let found = leap_birthday_reminders(&mar1, "2029-02-22");
    assert_eq!(found.iter().map(|r| r.occurs).collect::<Vec<_>>(), [Some(date("2029-03-01"))]);
    assert_eq!(found[0].due.to_rfc3339(), "2029-03-01T00:00:00+08:00");
}

#[test]
fn the_29_february_policy_defaults_to_28_february() {
    let default = hot_with(|t| t.replace("feb29 = \"feb28\"\n", ""));
    let found = leap_birthday_reminders(&default, "2029-02-21");
    assert_eq!(found.iter().map(|r| r.occurs).collect::<Vec<_>>(), [Some(date("2029-02-28"))]);
}

#[test]
fn a_reminder_starting_on_a_sunday_is_on_the_friday_agenda() {
    // 2027: 28 February is a Sunday; 7 days before is Sunday 21 February, so the reminder
    // is on Friday 19 February's agenda, still due at the start of the 28th.
    let hot = seed("hot");
    let found = leap_birthday_reminders(&hot, "2027-02-19");
    assert_eq!(found.iter().map(|r| r.occurs).collect::<Vec<_>>(), [Some(date("2027-02-28"))]);
    assert_eq!(found[0].due.to_rfc3339(), "2027-02-28T00:00:00+08:00");
    assert!(leap_birthday_reminders(&hot, "2027-02-21").is_empty());
}

#[test]
fn an_open_reminder_survives_a_snapshot_and_restore() {
    let r = || roster(vec![chen()], vec![leader(customer("leap", "chen", &[("birthday", text("1988-02-29"))]))]);
    // The reminder opens on Wednesday 21 February 2029 and is still open after the 23rd.
    let mut t = tracker(seed("hot"), r(), "2029-02-19");
    assert!(of(&t.close_through(date("2029-02-23")).unwrap(), "birthday-preparation").is_empty());
    let json = serde_json::to_string(&t.snapshot()).unwrap();
    let state = serde_json::from_str(&json).unwrap();
    let mut restored = Tracker::restore(seed("hot"), r(), state).unwrap();
    let celebration = || {
        Event::new("cel", "celebration", "chen", at("2029-02-26", "10:00"))
            .for_customer("leap")
            .with("occasion", text("birthday"))
    };
    feed(&mut t, vec![celebration()]);
    feed(&mut restored, vec![celebration()]);
    let (a, b) = (t.close_through(date("2029-02-28")).unwrap(), restored.close_through(date("2029-02-28")).unwrap());
    assert_eq!(a, b);
    assert_eq!(only(&b, "birthday-preparation").status, Status::Pass);
}

#[test]
fn a_preview_lists_an_open_birthday_reminder_as_pending() {
    // The same leap-day birthday: after the 23rd its preparation is open, due later, so a
    // preview on the 23rd lists it as pending for the manager, with the customer.
    let r = roster(vec![chen()], vec![leader(customer("leap", "chen", &[("birthday", text("1988-02-29"))]))]);
    let mut t = tracker(seed("hot"), r, "2029-02-19");
    t.close_through(date("2029-02-23")).unwrap();
    let preview = t.pending(at("2029-02-23", "23:59"));
    let open = only(&preview, "birthday-preparation");
    assert_eq!((open.status, open.person.as_str(), open.customer.as_deref()), (Status::Pending, "chen", Some("leap")));
}

// ---------------------------------------------------------------- the 4-year property

fn working_day_reference(day: NaiveDate, holidays: &[NaiveDate]) -> bool {
    use chrono::Datelike;
    day.weekday().num_days_from_monday() < 5 && !holidays.contains(&day)
}

/// The date a yearly (month, day) falls on in `year`, worked out on its own.
fn expected_occurrence(year: i32, month: u32, day: u32, mar1: bool) -> NaiveDate {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match (month, day, leap, mar1) {
        (2, 29, false, false) => NaiveDate::from_ymd_opt(year, 2, 28),
        (2, 29, false, true) => NaiveDate::from_ymd_opt(year, 3, 1),
        _ => NaiveDate::from_ymd_opt(year, month, day),
    }
    .unwrap()
}

fn small_playbook(days_before: u32, mar1: bool) -> Playbook {
    let text = format!(
        r#"
        [playbook]
        id = "p"
        title = "P"
        [calendar]
        time_zone = "Asia/Shanghai"
        holidays = ["2027-02-10..2027-02-17", "2028-01-26..2028-02-01", "2029-02-12..2029-02-18", "2030-10-01..2030-10-07"]
        [[roles]]
        id = "cm"
        title = "CM"
        [customers]
        feb29 = "{}"
        [customers.fields]
        name = "text"
        birthday = "recurring_date"
        [event_kinds.message]
        title = "Message"
        customer = true
        [[triggers]]
        id = "greet"
        title = "Greet"
        refs = ["HOT-9"]
        on = {{ date = "birthday", days_before = {days_before} }}
        follow_up = {{ kind = "message" }}
        within = "same_day"
        "#,
        if mar1 { "mar1" } else { "feb28" }
    );
    Playbook::from_toml(&text, None).unwrap_or_else(|e| panic!("{e}"))
}

fn holidays() -> Vec<NaiveDate> {
    [("2027-02-10", 8), ("2028-01-26", 7), ("2029-02-12", 7), ("2030-10-01", 7)]
        .iter()
        .flat_map(|(first, n)| date(first).iter_days().take(*n))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// For a birthday on any date of 2027-2030 (a span with the leap day 2028-02-29),
    /// any lead time and either policy, scanning every agenda from November 2026 to the end
    /// of 2030 shows the reminder exactly once for each year, for the date the policy
    /// gives, on the last working day on or before `days_before` days ahead.
    #[test]
    fn prop_date_reminders_appear_exactly_once_each_year(
        // 424 days after 2027-01-01 is 2028-02-29, drawn often on purpose.
        offset in prop_oneof![3 => 0i64..1461, 1 => Just(424i64)],
        days_before in 0u32..=40,
        mar1 in any::<bool>(),
        as_month_day in any::<bool>(),
    ) {
        use chrono::Datelike;
        let birthday = date("2027-01-01") + chrono::TimeDelta::days(offset);
        let value = if as_month_day { birthday.format("%m-%d").to_string() } else { birthday.format("%Y-%m-%d").to_string() };
        let playbook = small_playbook(days_before, mar1);
        let person = Person::new("li");
        let r = roster(vec![person.clone()], vec![customer("c", "li", &[("birthday", text(&value))])]);
        let book = book(&playbook, &r, vec![]);
        let mut seen: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        for day in date("2026-11-01").iter_days().take_while(|d| *d <= date("2030-12-31")) {
            for item in playbook.agenda_for(&person, day, &book).unwrap().items.into_iter().filter(|i| i.id == "greet") {
                seen.push((day, item.occurs.unwrap()));
            }
        }
        let holidays = holidays();
        for year in 2027..=2030 {
            let shown: Vec<&(NaiveDate, NaiveDate)> = seen.iter().filter(|(_, occurs)| occurs.year() == year).collect();
            prop_assert_eq!(shown.len(), 1, "year {}: {:?}", year, shown);
            let (day, occurs) = *shown[0];
            prop_assert_eq!(occurs, expected_occurrence(year, birthday.month(), birthday.day(), mar1));
            let mut expected_day = occurs - chrono::TimeDelta::days(i64::from(days_before));
            while !working_day_reference(expected_day, &holidays) {
                expected_day = expected_day.pred_opt().unwrap();
            }
            prop_assert_eq!(day, expected_day);
        }
    }
}

// ---------------------------------------------------------------- HOT-4 agreements

/// HOT credit customers: acme signed on 2025-12-01 (365 days: through 2026-11-30),
/// bolt on 2026-06-01 (through 2027-05-31); cash has no agreement and is no credit
/// customer.
fn credit_roster() -> Roster {
    let signed = |day: &str, signers: &[&str]| vec![("agreement_signed", text(day)), ("signers", list(signers))];
    roster(
        vec![chen()],
        vec![
            tagged(customer("acme", "chen", &signed("2025-12-01", &["Director Wang"])), &["on_account"]),
            tagged(customer("bolt", "chen", &signed("2026-06-01", &["Ms Zhao"])), &["on_account"]),
            customer("cash", "chen", &[]),
        ],
    )
}

#[test]
fn the_renewal_is_on_the_agenda_from_30_days_before_expiry() {
    let hot = seed("hot");
    let book = book(&hot, &credit_roster(), vec![]);
    let renewals = |day: &str| -> Vec<AgendaItem> {
        items(&hot.agenda_for(&chen(), date(day), &book).unwrap(), ItemKind::Renewal).into_iter().cloned().collect()
    };
    // acme runs through 30 November: 30 days before the expiry on 1 December is Saturday
    // 31 October, so Friday 30 October has none and Monday 2 November has it. bolt is not
    // due; cash is no credit customer.
    assert!(renewals("2026-10-30").is_empty());
    let found = renewals("2026-11-02");
    assert_eq!(found.len(), 1, "{found:#?}");
    let r = &found[0];
    assert_eq!((r.id.as_str(), r.customer.as_deref()), ("consumption-agreement", Some("acme")));
    assert_eq!(r.title, "Consumption agreement: Guest acme");
    assert_eq!(r.detail.as_deref(), Some("valid through 2026-11-30: renew it"));
    assert_eq!(r.due.to_rfc3339(), "2026-11-30T18:00:00+08:00");
    assert_eq!(r.occurs, Some(date("2026-11-30")));
    assert_eq!(*r.refs, ["HOT-4"]);
    // After the expiry it stays until renewed.
    assert_eq!(renewals("2026-12-07")[0].detail.as_deref(), Some("expired after 2026-11-30: renew it"));
}

// ---------------------------------------------------------------- HOT-3, HOT-7

/// chen's customers and their meals, the first on 1 June 2026.
fn hot_meals() -> (Roster, Vec<Event>) {
    let r = roster(
        vec![chen()],
        vec![
            customer("busy", "chen", &[]),
            customer("quiet", "chen", &[]),
            customer("gone", "chen", &[]),
            customer("never", "chen", &[]),
            customer("other", "chen", &[]),
        ],
    );
    let events = vec![
        meal("g1", "chen", "gone", "2026-06-01", 500),
        meal("q1", "chen", "quiet", "2026-10-01", 800),
        meal("b1", "chen", "busy", "2026-12-01", 400),
        meal("o1", "chen", "other", "2026-12-03", 1500),
        meal("b2", "chen", "busy", "2026-12-10", 600),
    ];
    (r, events)
}

#[test]
fn value_metrics_per_customer_from_the_meals() {
    let hot = seed("hot");
    let (r, events) = hot_meals();
    let book = book(&hot, &r, events);
    let m = book.metrics("busy", date("2026-12-15")).unwrap();
    // 2 meals, 1000 yuan: 500 a meal. The events cover 1 June to 15 December, 198 days:
    // 2 * 30 / 198 visits a month. December so far: busy 1000 of 2500 (busy and other).
    assert_eq!((m.visits, m.spend, m.spend_per_visit), (2, 1000.0, Some(500.0)));
    assert!((m.visits_per_month - 60.0 / 198.0).abs() < 1e-12, "{}", m.visits_per_month);
    assert_eq!((m.month_visits, m.month_spend, m.month_share), (2, 1000.0, Some(0.4)));
    assert_eq!((m.last_visit, m.days_since_last_visit), (Some(date("2026-12-10")), Some(5)));
    assert_eq!(m.since, Some(date("2026-06-01")));
    assert_eq!(m.activity, fieldbook::customers::ActivityStatus::Active);
    assert_eq!(
        book.metrics("quiet", date("2026-12-15")).unwrap().activity,
        fieldbook::customers::ActivityStatus::Dormant
    );
    assert!(book.metrics("nobody", date("2026-12-15")).is_none());
}

#[test]
fn a_customer_unseen_past_the_threshold_is_a_visit_candidate_with_its_reason() {
    let hot = seed("hot");
    let (r, events) = hot_meals();
    let book = book(&hot, &r, events);
    let agenda = hot.agenda_for(&chen(), date("2026-12-15"), &book).unwrap();
    let candidates: Vec<(&str, &str)> = items(&agenda, ItemKind::Candidate)
        .iter()
        .map(|i| (i.customer.as_deref().unwrap(), i.detail.as_deref().unwrap()))
        .collect();
    // 1 October to 15 December is 75 days (30 + 31 + 14); 1 June to 15 December 197.
    // `never` has had no meal in the 198 days the events cover. Lost ones first, the
    // longest unseen first.
    assert_eq!(
        candidates,
        [
            ("never", "no visit in the 198 days since 2026-06-01; lost after 180 days"),
            ("gone", "last visit 197 days ago (2026-06-01); lost after 180 days"),
            ("quiet", "last visit 75 days ago (2026-10-01); dormant after 60 days"),
        ]
    );
    let quiet = items(&agenda, ItemKind::Candidate)[2];
    assert_eq!(quiet.id, "candidate:quiet");
    assert_eq!(quiet.title, "Outside visit candidate: Guest quiet");
    assert_eq!(*quiet.refs, ["HOT-3", "HOT-7"]);
    assert_eq!(quiet.due.to_rfc3339(), "2026-12-15T18:00:00+08:00");
    // The schedule's items are still there: the 15:00 follow-up calls step.
    assert!(agenda.items.iter().any(|i| i.id == "follow-up-calls" && i.kind == ItemKind::Step));
    // On Friday 27 November, 57 days after 1 October, quiet was not dormant yet; on
    // Monday 30 November, 60 days after, it is.
    let on_30th = hot.agenda_for(&chen(), date("2026-11-30"), &book).unwrap();
    assert!(items(&on_30th, ItemKind::Candidate).iter().any(|i| i.id == "candidate:quiet"));
    let on_27th = hot.agenda_for(&chen(), date("2026-11-27"), &book).unwrap();
    assert!(!items(&on_27th, ItemKind::Candidate).iter().any(|i| i.id == "candidate:quiet"));
}

// ---------------------------------------------------------------- HOT-2

fn archive() -> (Playbook, CustomerBook) {
    let hot = seed("hot");
    let r = roster(
        vec![chen()],
        vec![customer(
            "vip",
            "chen",
            &[
                ("phone", text("138 0000 0000")),
                ("home_address", text("12 Garden Road")),
                ("health", text("diabetic: no sugar")),
                ("taboos", text("no alcohol")),
                ("hobbies", text("go")),
            ],
        )],
    );
    let book = book(&hot, &r, vec![]);
    (hot, book)
}

#[test]
fn a_role_that_may_not_see_health_gets_a_view_without_it() {
    let (_, book) = archive();
    let staff = book.view("vip", "staff").unwrap();
    assert_eq!(staff.fields().keys().map(String::as_str).collect::<Vec<_>>(), ["name", "phone", "hobbies"]);
    assert_eq!(staff.get("health"), None);
    assert_eq!(staff.role(), "staff");
    let manager = book.view("vip", "customer_manager").unwrap();
    assert_eq!(manager.get("health"), Some(&text("diabetic: no sugar")));
    assert_eq!(manager.fields().len(), 6);
}

#[test]
fn the_full_record_requires_a_permitted_role() {
    let (_, book) = archive();
    assert_eq!(
        book.full_record("vip", "staff"),
        Err(RecordAccessError::Restricted {
            role: "staff".into(),
            fields: strings(&["home_address", "health", "taboos"])
        })
    );
    let full = book.full_record("vip", "manager").unwrap();
    assert_eq!(full.fields.get("health"), Some(&text("diabetic: no sugar")));
    assert!(book.full_record("vip", "customer_manager").is_ok());
    assert_eq!(
        book.full_record("nobody", "manager"),
        Err(RecordAccessError::UnknownCustomer { customer: "nobody".into() })
    );
}

#[test]
fn records_with_fields_past_their_validity_are_due_for_review() {
    let hot = seed("hot");
    let mut vip = customer("vip", "chen", &[("phone", text("138 0000 0000")), ("health", text("fine"))]);
    // Health holds 90 days: reviewed 2026-09-01, due again 2026-11-30. The phone was never
    // reviewed. Name has no `valid_for`.
    vip.reviewed = [("health".to_string(), date("2026-09-01"))].into();
    let clerk = Person::new("wu").with_role("staff");
    let mut seen = vip.clone();
    seen.id = "seen".into();
    seen.manager = Some("wu".into());
    seen.reviewed.insert("phone".into(), date("2026-11-01"));
    let r = roster(vec![chen(), clerk.clone()], vec![vip, seen]);
    let book = book(&hot, &r, vec![]);
    let reviews = |person: &Person, day: &str| -> Vec<(String, String)> {
        items(&hot.agenda_for(person, date(day), &book).unwrap(), ItemKind::Review)
            .iter()
            .map(|i| (i.id.to_string(), i.detail.clone().unwrap()))
            .collect()
    };
    assert_eq!(reviews(&chen(), "2026-11-27"), [("review:vip".to_string(), "phone: never reviewed".to_string())]);
    assert_eq!(
        reviews(&chen(), "2026-11-30"),
        [(
            "review:vip".to_string(),
            "phone: never reviewed; health: last reviewed 2026-09-01, valid for 90 days".to_string()
        )]
    );
    // wu (staff) looks after `seen`, whose health is due too, but staff may not see health.
    assert_eq!(reviews(&clerk, "2026-11-30"), Vec::<(String, String)>::new());
}

// ---------------------------------------------------------------- HOT-8 call list

fn call(id: &str, customer: &str, day: &str, minute: u32) -> Event {
    Event::new(id, "call", "chen", at(day, &format!("15:{minute:02}")))
        .for_customer(customer)
        .with("notes", text("follow-up"))
}

#[test]
fn the_daily_call_list_is_drawn_from_the_customers_most_due() {
    let hot = seed("hot");
    let ids: Vec<String> = (1..=12).map(|i| format!("c{i:02}")).collect();
    let r = || roster(vec![chen()], ids.iter().map(|id| customer(id, "chen", &[])).collect());
    // Monday 2026-12-07: nobody was called before, so the list is c01..c10 in roster
    // order; chen calls c01..c09 and c11 instead of c10.
    let monday: Vec<Event> = ["c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c11"]
        .iter()
        .enumerate()
        .map(|(i, c)| call(&format!("mon-{c}"), c, "2026-12-07", i as u32))
        .collect();
    let mut t = tracker(hot.clone(), r(), "2026-12-07");
    feed(&mut t, monday.clone());
    let findings = t.close_through(date("2026-12-07")).unwrap();
    let f = only(&findings, "follow-up-call-list");
    assert_eq!(f.status, Status::Fail);
    assert_eq!(*f.refs, ["HOT-8"]);
    assert_eq!((f.expected.as_str(), f.actual.as_str()), ("all 10 listed", "9 of 10"));
    assert_eq!(f.message, "Follow-up call: 9 of the 10 customers most due were contacted; not contacted: c10");
    assert_eq!(f.events.len(), 9);

    // Tuesday: c10 and c12 were never called, the rest on Monday; roster order breaks
    // the tie: c10, c12, c01 .. c08.
    let expected = ["c10", "c12", "c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08"];
    let book = book(&hot, &r(), monday);
    let agenda = hot.agenda_for(&chen(), date("2026-12-08"), &book).unwrap();
    let calls = items(&agenda, ItemKind::Call);
    assert_eq!(calls.iter().map(|i| i.customer.as_deref().unwrap()).collect::<Vec<_>>(), expected);
    // Called at HOT's fixed time, 15:00 to 17:00: due by its end, open from its start.
    assert_eq!(calls[0].due.to_rfc3339(), "2026-12-08T17:00:00+08:00");
    assert_eq!(calls[0].opens.map(|o| o.to_rfc3339()).as_deref(), Some("2026-12-08T15:00:00+08:00"));
    assert_eq!(calls[0].detail.as_deref(), Some("no call recorded"));
    assert_eq!(calls[2].detail.as_deref(), Some("last call 2026-12-07 (yesterday)"));
    assert_eq!(calls[0].title, "Follow-up call: Guest c10");

    // The tracker draws the same list: calling exactly those passes.
    let tuesday: Vec<Event> =
        expected.iter().enumerate().map(|(i, c)| call(&format!("tue-{c}"), c, "2026-12-08", i as u32)).collect();
    feed(&mut t, tuesday);
    let findings = t.close_through(date("2026-12-08")).unwrap();
    let f = only(&findings, "follow-up-call-list");
    assert_eq!((f.status, f.actual.as_str()), (Status::Pass, "10 of 10"));
}

// ---------------------------------------------------------------- FNB-2, FNB-9

#[test]
fn a_family_birthday_is_on_the_agenda_3_days_ahead() {
    let fnb = seed("fnb");
    // The father's birthday, 10 December 2026, is a Thursday; 3 days before is Monday 7th.
    let r = || roster(vec![ma()], vec![customer("f1", "ma", &[("father_birthday", text("1950-12-10"))])]);
    let book = book(&fnb, &r(), vec![]);
    let agenda = fnb.agenda_for(&ma(), date("2026-12-07"), &book).unwrap();
    let reminders = items(&agenda, ItemKind::Reminder);
    assert_eq!(reminders.len(), 1, "{reminders:#?}");
    assert_eq!(reminders[0].id, "father-birthday-message");
    assert_eq!(*reminders[0].refs, ["FNB-2", "FNB-8"]);
    assert_eq!(reminders[0].detail.as_deref(), Some("in 3 days: Father's birthday on 2026-12-10"));
    // Due 4 days after the start of the 7th: the end of the birthday.
    assert_eq!(reminders[0].due.to_rfc3339(), "2026-12-11T00:00:00+08:00");
    // The message is judged in fnb.tests.toml.
}

#[test]
fn holiday_visits_are_reminded_a_week_ahead() {
    let fnb = seed("fnb");
    let r = || roster(vec![ma()], vec![customer("f1", "ma", &[])]);
    let book = book(&fnb, &r(), vec![]);
    // Christmas 2026 is a Friday: a week before is Friday 18 December. Spring Festival
    // 2027 is Saturday 6 February: a week before is Saturday 30 January, so Friday 29th.
    let reminder = |day: &str| -> Vec<AgendaItem> {
        items(&fnb.agenda_for(&ma(), date(day), &book).unwrap(), ItemKind::Reminder).into_iter().cloned().collect()
    };
    let christmas = reminder("2026-12-18");
    assert_eq!(christmas.len(), 1, "{christmas:#?}");
    assert_eq!((christmas[0].id.as_str(), christmas[0].customer.as_deref()), ("christmas-visits", None));
    assert_eq!(christmas[0].occurs, Some(date("2026-12-25")));
    assert_eq!(*christmas[0].refs, ["FNB-9"]);
    assert_eq!(christmas[0].due.to_rfc3339(), "2026-12-26T00:00:00+08:00");
    let spring = reminder("2027-01-29");
    assert_eq!(
        spring.iter().map(|r| (r.id.as_str(), r.occurs)).collect::<Vec<_>>(),
        [("spring-festival-visits", Some(date("2027-02-06")))]
    );
    assert_eq!(spring[0].due.to_rfc3339(), "2027-02-07T00:00:00+08:00");

    // The visits are judged in fnb.tests.toml.
}

// ---------------------------------------------------------------- bad roster input

#[test]
fn bad_records_are_rejected_with_the_field_and_the_reason() {
    let hot = seed("hot");
    let mut no_name = customer("c3", "chen", &[]);
    no_name.fields.shift_remove("name");
    let mut unknown_review = customer("c4", "chen", &[]);
    unknown_review.reviewed.insert("mood".into(), date("2026-05-01"));
    let r = roster(
        vec![chen()],
        vec![
            customer("c1", "chen", &[("birthday", Value::Integer(19880229))]),
            customer("c2", "chen", &[("agreement_signed", text("2026-02-30"))]),
            no_name,
            unknown_review,
        ],
    );
    let problems = CustomerBook::new(&hot, &r).unwrap_err().0.0;
    let problem = |path: &str, message: &str| Problem::at(path, message);
    assert_eq!(
        problems,
        [
            problem("customers[0].fields.birthday", "19880229 is not a value of type recurring_date"),
            problem("customers[1].fields.agreement_signed", "\"2026-02-30\" is not a date YYYY-MM-DD"),
            problem("customers[2].fields", "required field `name` is missing"),
            problem("customers[3].reviewed.mood", "unknown customer field `mood`"),
        ]
    );
}

#[test]
fn an_impossible_review_date_in_roster_json_is_named() {
    let json = r#"{"people": [{"id": "chen"}], "customers": [
        {"id": "c1", "fields": {"name": "Wang"}, "reviewed": {"health": "2026-02-30"}}]}"#;
    let error = serde_json::from_str::<Roster>(json).unwrap_err().to_string();
    assert!(error.starts_with("reviewed.health: \"2026-02-30\" is not a date YYYY-MM-DD"), "{error}");
}

#[test]
fn a_meal_recorded_by_staff_owes_the_customers_manager_the_satisfaction_check() {
    // FNB-7: a follow-up after every meal. fnb.toml's trigger has `owner = "manager"`: a
    // meal the waiter records is the relationship manager's to follow up, not the waiter's.
    let playbook = crate::support::seed("fnb");
    let manager = fieldbook::Person::new("chen").with_role("relationship_manager");
    let waiter = fieldbook::Person::new("wu").with_role("staff");
    let customer = fieldbook::Customer::new("c1").managed_by("chen").with_field("name", "Mr Li");
    let roster = fieldbook::Roster::new([manager, waiter], [customer]);
    let at = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
    let run = |events: Vec<fieldbook::Event>| {
        let mut tracker = fieldbook::Tracker::new(playbook.clone(), roster.clone(), date("2026-12-07")).unwrap();
        let intake = tracker.ingest_all(events);
        assert!(intake.rejected.is_empty(), "{:?}", intake.rejected);
        let findings = tracker.close_through(date("2026-12-09")).unwrap();
        findings.into_iter().filter(|f| f.rule == "meal-satisfaction-check").collect::<Vec<_>>()
    };
    let meal = fieldbook::Event::new("m1", "meal", "wu", at("2026-12-07T12:30:00+08:00")).for_customer("c1");
    let unchecked = run(vec![meal.clone()]);
    assert_eq!(unchecked.len(), 1);
    assert_eq!((unchecked[0].person.as_str(), unchecked[0].status), ("chen", fieldbook::Status::Fail));
    // The manager's check that evening, even recorded before the meal's record in the batch.
    let check = fieldbook::Event::new("k1", "satisfaction_check", "chen", at("2026-12-07T20:00:00+08:00"))
        .for_customer("c1")
        .with("result", "satisfied")
        .with("method", "call");
    let checked = run(vec![check, meal]);
    assert_eq!(checked.len(), 1);
    assert_eq!((checked[0].person.as_str(), checked[0].status), ("chen", fieldbook::Status::Pass));
}

#[test]
fn a_call_before_the_fixed_time_does_not_count_for_the_call_list() {
    // HOT-8 "every day at a fixed time": 15:00 to 17:00. c10 is called at 14:50, before
    // the window opens: 9 of the 10 listed customers were called in it.
    let hot = seed("hot");
    let ids: Vec<String> = (1..=10).map(|i| format!("c{i:02}")).collect();
    let r = roster(vec![chen()], ids.iter().map(|id| customer(id, "chen", &[])).collect());
    let mut calls: Vec<Event> =
        ids[..9].iter().enumerate().map(|(i, c)| call(&format!("mon-{c}"), c, "2026-12-07", i as u32)).collect();
    calls.push(
        Event::new("early", "call", "chen", at("2026-12-07", "14:50"))
            .for_customer("c10")
            .with("notes", text("follow-up")),
    );
    let mut t = tracker(hot, r, "2026-12-07");
    feed(&mut t, calls);
    let findings = t.close_through(date("2026-12-07")).unwrap();
    let f = only(&findings, "follow-up-call-list");
    assert_eq!((f.status, f.actual.as_str()), (Status::Fail, "9 of 10"));
    assert!(f.message.ends_with("not contacted: c10 (c10 only outside 15:00-17:00)"), "{}", f.message);
}

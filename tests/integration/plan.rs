//! Visit planning (issue 8): month plans from frequencies and phase focus, shortfalls,
//! reasons, day schedules with carry-over, plans judged by the tracker, and properties
//! checked against a brute-force optimum on small months.

use chrono::{Datelike, NaiveDate};
use fieldbook::{Customer, Person, PlanOptions, Playbook, Roster, Status, plan_month};
use proptest::prelude::*;

use crate::support::{date, seed};

#[path = "../support/plan_roster.rs"]
mod plan_roster;

fn june() -> NaiveDate {
    date("2026-06-01")
}

#[test]
fn t77_urban_route_of_600_plans_every_working_day_at_30_or_more_and_passes_t77_8() {
    let playbook = seed("t77");
    let roster = plan_roster::roster(600);
    let plan = plan_month(&playbook, &plan_roster::person(), &roster.customers, june(), &PlanOptions::new()).unwrap();
    assert!(plan.is_feasible(), "{:#?}", plan.shortfalls);
    // June 2026: 1st is a Monday, 30 days, 22 weekdays.
    assert_eq!(plan.days.len(), 22);
    // Window 09:30-15:00 is 330 minutes: n visits of 8m and n-1 trips of 2m fit while
    // 10n - 2 <= 330, so 33.
    assert_eq!(plan.params.day_max, 33);
    assert_eq!(plan.params.quota, 30);
    // 40 key customers (every 15th) 4 times, 560 others once: 720 visits over 22 days,
    // 32.7 a day: the busiest day holds 33 and, balanced, no day fewer than 32.
    let total: usize = plan.days.iter().map(|d| d.visits.len()).sum();
    assert_eq!(total, 720);
    for day in &plan.days {
        assert!((32..=33).contains(&day.visits.len()), "{} has {}", day.date, day.visits.len());
    }
    let visits_of = |id: &str| plan.days.iter().filter(|d| d.visits.iter().any(|v| v.customer == id)).count();
    assert_eq!(visits_of("c000"), 4);
    assert_eq!(visits_of("c001"), 1);
    // Volatile (i % 20 == 7) and enterprise (i % 25 == 11) customers: a visit on June 8-10,
    // the working days of days 6-10.
    for c in roster.customers.iter().filter(|c| c.tags.iter().any(|t| t == "volatile" || t == "enterprise")) {
        let focused = plan
            .days
            .iter()
            .filter(|d| (8..=10).contains(&d.date.day()))
            .any(|d| d.visits.iter().any(|v| v.customer == c.id));
        assert!(focused, "{} has no visit in the adjustment phase", c.id);
    }
    let evaluation = plan.evaluate(&playbook, &roster).unwrap();
    assert!(evaluation.rejected.is_empty(), "{:?}", evaluation.rejected);
    let per_day: Vec<_> = evaluation.findings.iter().filter(|f| f.rule == "visits-per-day").collect();
    assert_eq!(per_day.len(), 22);
    assert!(per_day.iter().all(|f| f.status == Status::Pass), "{per_day:#?}");
    let per_visit: Vec<_> = evaluation.findings.iter().filter(|f| f.rule == "service-time-per-visit").collect();
    assert_eq!(per_visit.len(), 720);
    assert!(per_visit.iter().all(|f| f.status == Status::Pass));
    // T77-12: the day lists of the plan name every customer in each period of its
    // frequency: 40 key customers in each of June's four weekly runs, 560 others once.
    let listed: Vec<_> = evaluation.findings.iter().filter(|f| f.rule == "schedule-follows-frequency").collect();
    assert_eq!(listed.len(), 40 * 4 + 560);
    assert!(listed.iter().all(|f| f.status == Status::Pass), "{:#?}", listed.iter().find(|f| f.status != Status::Pass));
    // Grouped by area and ordered, each day starts at 09:30 and ends by 15:00 (T77-14, T77-16).
    for rule in ["first-visit", "field-work-ends"] {
        let found: Vec<_> = evaluation.findings.iter().filter(|f| f.rule == rule).collect();
        assert_eq!(found.len(), 22, "{rule}");
        assert!(found.iter().all(|f| f.status == Status::Pass), "{found:#?}");
    }
}

#[test]
fn planned_visits_say_why_they_are_there() {
    let playbook = seed("t77");
    let roster = plan_roster::roster(600);
    let history = [("c007".to_string(), date("2026-05-29"))].into_iter().collect();
    let options = PlanOptions::new().last_visits(history);
    let plan = plan_month(&playbook, &plan_roster::person(), &roster.customers, june(), &options).unwrap();
    // c007 is volatile and monthly: its one visit falls in June 8-10 for the focus.
    let (day, visit) =
        plan.days.iter().find_map(|d| d.visits.iter().find(|v| v.customer == "c007").map(|v| (d.date, v))).unwrap();
    assert!((8..=10).contains(&day.day()), "{day}");
    assert_eq!(visit.reasons[0], "customer, monthly (monthly): 1 visit in 2026-06-01 to 2026-06-30");
    assert_eq!(visit.reasons[1], "adjustment-phase focus: volatile");
    assert_eq!(visit.reasons[2], format!("last visit {} days ago", (day - date("2026-05-29")).num_days()));
    assert!(visit.refs.contains(&"T77-5".to_string()), "{:?}", visit.refs);
    // c000, key and weekly: its first run is June 1-8 (22 working days in runs of 6, 6, 5, 5).
    let first = plan.days.iter().find(|d| d.visits.iter().any(|v| v.customer == "c000")).unwrap();
    let v = first.visits.iter().find(|v| v.customer == "c000").unwrap();
    assert_eq!(v.reasons[0], "key customer, weekly (key-weekly): 1 visit in 2026-06-01 to 2026-06-08");
    assert_eq!(v.reasons[1], "no earlier visit on record");
}

#[test]
fn the_same_input_gives_the_same_plan() {
    let playbook = seed("t77");
    let roster = plan_roster::roster(300);
    let a = plan_month(&playbook, &plan_roster::person(), &roster.customers, june(), &PlanOptions::new()).unwrap();
    let b = plan_month(&playbook, &plan_roster::person(), &roster.customers, june(), &PlanOptions::new()).unwrap();
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
}

#[test]
fn tpk_cannot_fit_thirty_visits_of_ten_minutes_and_says_so() {
    let playbook = seed("tpk");
    let roster = plan_roster::roster(600);
    let plan = plan_month(&playbook, &plan_roster::person(), &roster.customers, june(), &PlanOptions::new()).unwrap();
    // TPK-2: 5 h of visiting over T77-8's 30 visits is 10 minutes a visit; with 2 minutes
    // between visits n fit while 12n - 2 <= 330, so 27.
    assert_eq!(plan.params.visit_minutes, 10);
    assert_eq!(plan.params.day_max, 27);
    assert!(!plan.is_feasible());
    let quota = plan.shortfalls.iter().find(|s| s.customer.is_none()).unwrap();
    assert_eq!(quota.requirement, "visits-per-day: at least 30 visits a day");
    assert_eq!((quota.days.len(), quota.needed, quota.planned, quota.missing), (22, 660, 594, 66));
    assert!(quota.reason.starts_with("at most 27 visits fit in a day"), "{}", quota.reason);
    // 720 required visits, 22 days of at most 27: 594 fit, 126 do not.
    let missing: u32 = plan.shortfalls.iter().filter(|s| s.customer.is_some()).map(|s| s.missing).sum();
    assert_eq!(missing, 126);
}

/// A playbook whose only working day is Monday, one visit a day, key customers weekly,
/// others every two weeks, and a focus on `volatile` customers in days 8-14 (which always
/// hold exactly one Monday).
fn mondays(day_max: u32) -> Playbook {
    let end = format!("{:02}:{:02}", 9 + (day_max * 30) / 60, (day_max * 30) % 60);
    let text = format!(
        r#"
        [playbook]
        id = "mondays"
        title = "Mondays"
        [calendar]
        time_zone = "Asia/Shanghai"
        work_week = ["mon"]
        [customers]
        tags = ["key", "volatile", "quiet"]
        [event_kinds.visit]
        title = "Visit"
        customer = true
        lasts = true
        [[phases]]
        id = "early"
        title = "Early"
        days = "1-7"
        [[phases]]
        id = "focus"
        title = "Focus"
        days = "8-14"
        focus = ["volatile"]
        [[phases]]
        id = "late"
        title = "Late"
        days = "15-end"
        [visit_planning]
        visit_length = "30m"
        travel = "0m"
        start = "09:00"
        end = "{end}"
        [[visit_planning.frequencies]]
        id = "key-weekly"
        title = "key customer"
        customers = {{ tags_any = ["key"] }}
        every = "week"
        [[visit_planning.frequencies]]
        id = "fortnightly"
        title = "customer"
        customers = {{ tags_any = ["quiet"] }}
        every = "two_weeks"
        "#
    );
    Playbook::from_toml(&text, None).unwrap()
}

fn customer(id: &str, tags: &[&str]) -> Customer {
    Customer { id: id.into(), tags: tags.iter().map(|t| t.to_string()).collect(), ..Customer::default() }
}

#[test]
fn an_overfull_month_reports_the_exact_shortfall() {
    // June 2026 has five Mondays (1, 8, 15, 22, 29), one visit each. Three key customers
    // want a visit in each of four runs (Mondays 1-8, 15, 22, 29): 12 visits, 5 fit.
    let playbook = mondays(1);
    let customers = [customer("a", &["key"]), customer("b", &["key"]), customer("c", &["key"])];
    let plan = plan_month(&playbook, &Person::new("li"), &customers, june(), &PlanOptions::new()).unwrap();
    assert_eq!(plan.params.day_max, 1);
    assert!(plan.days.iter().all(|d| d.visits.len() == 1));
    let missing: u32 = plan.shortfalls.iter().map(|s| s.missing).sum();
    assert_eq!(missing, 7);
    assert!(plan.shortfalls.iter().all(|s| s.reason.contains("full at the most that fit, 1 visits a day")));
}

#[test]
fn a_roster_customer_can_follow_another_frequency() {
    let playbook = mondays(3);
    let mut monthly = customer("a", &["key"]);
    monthly.visit_frequency = Some("fortnightly".into());
    let plan = plan_month(&playbook, &Person::new("li"), &[monthly], june(), &PlanOptions::new()).unwrap();
    // Two runs of Mondays (1, 8, 15 and 22, 29): one visit each.
    assert_eq!(plan.days.iter().map(|d| d.visits.len()).sum::<usize>(), 2);
    let roster = Roster {
        people: vec![Person::new("li")],
        customers: vec![Customer { visit_frequency: Some("daily".into()), ..customer("b", &[]) }],
        teams: Vec::new(),
    };
    let error = roster.check(&playbook).unwrap_err();
    assert_eq!(error.0.0[0].path, "customers[0].visit_frequency");
    assert_eq!(error.0.0[0].message, "unknown visit frequency `daily`");
}

#[test]
fn bad_visit_planning_is_reported_with_key_paths() {
    let text = r#"
        [playbook]
        id = "bad"
        title = "Bad"
        [calendar]
        time_zone = "Asia/Shanghai"
        [customers]
        tags = ["key"]
        fields = { name = "text" }
        [event_kinds.call]
        title = "Call"
        [visit_planning]
        kind = "call"
        start = "15:00"
        end = "09:30"
        coordinates = ["name", "lon"]
        [[visit_planning.frequencies]]
        id = "f"
        title = "F"
        every = "week"
        times = 0
        customers = { tags_any = ["vip"] }
        [[visit_planning.frequencies]]
        id = "f"
        title = "G"
        every = "fortnight"
    "#;
    let problems = Playbook::from_toml(text, None).unwrap_err();
    let text = problems.to_string();
    assert!(text.contains("unknown variant `fortnight`"), "{text}");
    let text = r#"
        [playbook]
        id = "bad"
        title = "Bad"
        [calendar]
        time_zone = "Asia/Shanghai"
        [customers]
        tags = ["key"]
        fields = { name = "text" }
        [event_kinds.call]
        title = "Call"
        [visit_planning]
        kind = "call"
        start = "15:00"
        end = "09:30"
        coordinates = ["name", "lon"]
        focus_visits = 32
        [[visit_planning.frequencies]]
        id = "f"
        title = "F"
        every = "week"
        times = 0
        customers = { tags_any = ["vip"] }
        [[visit_planning.frequencies]]
        id = "f"
        title = "G"
        every = "month"
        times = 4000000000
    "#;
    let problems = Playbook::from_toml(text, None).unwrap_err();
    // In document order, as a loaded playbook reports them.
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "visit_planning.kind",
            "visit_planning.end",
            "visit_planning.coordinates[0]",
            "visit_planning.coordinates[1]",
            "visit_planning.focus_visits",
            "visit_planning.frequencies[0].times",
            "visit_planning.frequencies[0].customers.tags_any[0]",
            "visit_planning.frequencies[1].id",
            "visit_planning.frequencies[1].times",
        ]
    );
}

#[test]
fn the_day_schedule_puts_carried_over_customers_first_and_defers_what_no_longer_fits() {
    let playbook = seed("t77");
    let roster = plan_roster::roster(600);
    let plan = plan_month(&playbook, &plan_roster::person(), &roster.customers, june(), &PlanOptions::new()).unwrap();
    let monday = &plan.days[0];
    let missed: Vec<String> = monday.visits.iter().take(5).map(|v| v.customer.to_string()).collect();
    let tuesday = plan.days[1].date;
    let planned = plan.days[1].visits.len();
    let schedule = plan.day_schedule(&playbook, &roster.customers, tuesday, &missed);
    // The day holds at most 33; the five carried over all come, the rest give way.
    assert_eq!(schedule.visits.len(), 33);
    assert_eq!(schedule.deferred.len(), planned + 5 - 33);
    for id in &missed {
        let v = schedule.visits.iter().find(|v| v.customer == id).unwrap();
        assert_eq!(v.reasons[0], "carried over: planned for 2026-06-01 and not visited");
    }
    // In visiting order, with 8 minutes a visit from 09:30.
    assert_eq!(schedule.visits[0].arrive.to_string(), "09:30");
    assert_eq!(schedule.visits[0].leave.to_string(), "09:38");
    for w in schedule.visits.windows(2) {
        assert!(w[1].arrive >= w[0].leave);
    }
    // Without carry-over, the day is the plan's day.
    let same = plan.day_schedule(&playbook, &roster.customers, tuesday, &[]);
    assert_eq!(same.visits, plan.days[1].visits);
    assert!(same.deferred.is_empty());
}

// ---------------------------------------------------------------- properties

/// The four runs of `n` working days for `week`, two for `two_weeks`: equal consecutive
/// runs, the earlier ones a day longer (the format reference's definition).
fn runs(n: usize, k: usize) -> Vec<std::ops::Range<usize>> {
    let k = k.min(n).max(1);
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..k {
        let len = n / k + usize::from(i < n % k);
        out.push(start..start + len);
        start += len;
    }
    out
}

/// Each customer's requirements as (days, visits), read from its tags.
fn requirements(tags: &[&str], days: &[NaiveDate]) -> Vec<(Vec<usize>, u32)> {
    let mut out = Vec::new();
    let every = if tags.contains(&"key") {
        Some(4)
    } else if tags.contains(&"quiet") {
        Some(2)
    } else {
        None
    };
    if let Some(k) = every {
        for run in runs(days.len(), k) {
            out.push((run.collect(), 1));
        }
    }
    if tags.contains(&"volatile") {
        let focus: Vec<usize> = (0..days.len()).filter(|&i| (8..=14).contains(&days[i].day())).collect();
        out.push((focus, 1));
    }
    out
}

/// The fewest visits to add to `visited` days so that every requirement holds.
fn missing(reqs: &[(Vec<usize>, u32)], visited: &[bool]) -> u32 {
    let free: Vec<usize> = (0..visited.len()).filter(|&d| !visited[d]).collect();
    let met = |v: &[bool]| reqs.iter().all(|(days, n)| days.iter().filter(|&&d| v[d]).count() as u32 >= *n);
    for extra in 0..=free.len() {
        for mask in 0u32..(1 << free.len()) {
            if mask.count_ones() as usize != extra {
                continue;
            }
            let mut v = visited.to_vec();
            for (i, &d) in free.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    v[d] = true;
                }
            }
            if met(&v) {
                return extra as u32;
            }
        }
    }
    u32::MAX
}

/// The least total missing visits over every plan with at most `cap` visits a day.
fn brute_force(reqs: &[Vec<(Vec<usize>, u32)>], days: usize, cap: usize) -> u32 {
    let customers = reqs.len();
    let cells = customers * days;
    let mut best = u32::MAX;
    for mask in 0u64..(1 << cells) {
        let load_ok = (0..days).all(|d| (0..customers).filter(|&c| mask & (1 << (c * days + d)) != 0).count() <= cap);
        if !load_ok {
            continue;
        }
        let total: u32 = (0..customers)
            .map(|c| {
                let visited: Vec<bool> = (0..days).map(|d| mask & (1 << (c * days + d)) != 0).collect();
                missing(&reqs[c], &visited)
            })
            .sum();
        best = best.min(total);
    }
    best
}

fn any_month() -> impl Strategy<Value = NaiveDate> {
    (2025i32..2029, 1u32..=12).prop_map(|(y, m)| NaiveDate::from_ymd_opt(y, m, 1).unwrap())
}

fn any_tags() -> impl Strategy<Value = Vec<&'static str>> {
    prop::sample::subsequence(vec!["key", "volatile", "quiet"], 0..=2)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn prop_plans_meet_what_fits_and_report_exactly_what_does_not(
        month in any_month(),
        cap in 1u32..=2,
        tags in prop::collection::vec(any_tags(), 1..=3),
    ) {
        let playbook = mondays(cap);
        let customers: Vec<Customer> =
            tags.iter().enumerate().map(|(i, t)| customer(&format!("c{i}"), t)).collect();
        let plan = plan_month(&playbook, &Person::new("li"), &customers, month, &PlanOptions::new()).unwrap();
        let days: Vec<NaiveDate> = plan.days.iter().map(|d| d.date).collect();
        prop_assert!(days.iter().all(|d| d.weekday() == chrono::Weekday::Mon));
        prop_assert!(plan.days.iter().all(|d| d.visits.len() <= cap as usize));
        let reqs: Vec<_> = tags.iter().map(|t| requirements(t, &days)).collect();
        // What the plan leaves missing, customer by customer, is what it reports.
        let left: u32 = customers.iter().enumerate().map(|(c, cust)| {
            let visited: Vec<bool> = plan.days.iter().map(|d| d.visits.iter().any(|v| v.customer == cust.id)).collect();
            missing(&reqs[c], &visited)
        }).sum();
        let reported: u32 = plan.shortfalls.iter().map(|s| s.missing).sum();
        prop_assert_eq!(left, reported);
        // And no plan could leave fewer.
        prop_assert_eq!(reported, brute_force(&reqs, days.len(), cap as usize));
        prop_assert_eq!(plan.is_feasible(), reported == 0);
    }
}

#[path = "../../examples/plan_month/ics.rs"]
mod ics;

#[test]
fn the_ics_file_parses_back_with_every_visit() {
    use icalendar::{CalendarComponent, Component};
    let playbook = seed("t77");
    let roster = plan_roster::roster(120);
    let plan = plan_month(&playbook, &plan_roster::person(), &roster.customers, june(), &PlanOptions::new()).unwrap();
    let text = ics::calendar(&plan, &playbook).to_string();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{text}");
    let parsed: icalendar::Calendar = text.parse().unwrap();
    let events: Vec<&icalendar::Event> = parsed
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    let planned: Vec<_> = plan.days.iter().flat_map(|d| d.visits.iter().map(move |v| (d.date, v))).collect();
    assert_eq!(events.len(), planned.len());
    for (event, (date, visit)) in events.iter().zip(&planned) {
        assert_eq!(event.get_summary(), Some(format!("Visit {}", visit.customer).as_str()));
        assert!(event.get_uid().is_some_and(|u| u.starts_with(&format!("li-{date}-"))));
        assert_eq!(event.get_description(), Some(visit.reasons.join("\n").as_str()));
        // Asia/Shanghai is UTC+8: 09:30 local is 01:30Z.
        let start = playbook.calendar().local(*date, visit.arrive).to_utc();
        assert_eq!(
            event.get_start(),
            Some(icalendar::DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(start)))
        );
    }
    // The same plan writes the same bytes.
    assert_eq!(ics::calendar(&plan, &playbook).to_string(), text);
}

#[test]
fn a_month_without_working_days_says_so_instead_of_planning_nothing() {
    // Every day of February 2026 a holiday: no day to plan, and the two customers with a
    // frequency are the shortfall.
    let text = std::fs::read_to_string(crate::support::seed_path("t77"))
        .unwrap()
        .replace("end_of_day = \"17:30\"", "end_of_day = \"17:30\"\nholidays = [\"2026-02-01..2026-02-28\"]");
    let playbook = Playbook::from_toml(&text, None).unwrap();
    let customers = [customer("a", &["key"]), customer("b", &[])];
    let plan =
        plan_month(&playbook, &plan_roster::person(), &customers, date("2026-02-10"), &PlanOptions::new()).unwrap();
    assert!(plan.days.is_empty());
    assert_eq!(plan.shortfalls.len(), 1);
    assert_eq!((plan.shortfalls[0].needed, plan.shortfalls[0].missing), (2, 2));
    assert!(plan.shortfalls[0].reason.starts_with("the month has no working day"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn prop_t77_plans_meet_every_frequency_and_focus_and_fill_days_to_the_quota(
        month in any_month(),
        tags in prop::collection::vec(prop::sample::subsequence(vec!["key", "volatile", "enterprise"], 0..=2), 0..=60),
    ) {
        let playbook = seed("t77");
        let customers: Vec<Customer> =
            tags.iter().enumerate().map(|(i, t)| customer(&format!("c{i}"), t)).collect();
        let plan = plan_month(&playbook, &plan_roster::person(), &customers, month, &PlanOptions::new()).unwrap();
        let days: Vec<NaiveDate> = plan.days.iter().map(|d| d.date).collect();
        let n = customers.len();
        for day in &plan.days {
            // At most 33 fit (8m visits, 2m between, 09:30-15:00); at least the quota of 30,
            // or every customer when there are fewer.
            prop_assert!(day.visits.len() <= 33);
            prop_assert!(day.visits.len() >= n.min(30), "{}: {} of {}", day.date, day.visits.len(), n);
            let mut ids: Vec<&str> = day.visits.iter().map(|v| v.customer.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(ids.len(), day.visits.len(), "a customer twice on {}", day.date);
        }
        // Up to 60 customers need at most 240 visits, far fewer than fit: only a route of
        // fewer than 30 customers falls short, by 30 - n on every working day.
        if n < 30 {
            prop_assert_eq!(plan.shortfalls.len(), 1);
            prop_assert_eq!(plan.shortfalls[0].missing as usize, (30 - n) * days.len());
        } else {
            prop_assert!(plan.is_feasible(), "{:?}", plan.shortfalls);
        }
        let visited = |id: &str, range: std::ops::Range<usize>| {
            range.into_iter().any(|d| plan.days[d].visits.iter().any(|v| v.customer == id))
        };
        let focus: Vec<usize> = (0..days.len()).filter(|&i| (6..=10).contains(&days[i].day())).collect();
        for (c, t) in customers.iter().zip(&tags) {
            if t.contains(&"key") {
                for run in runs(days.len(), 4) {
                    prop_assert!(visited(&c.id, run.clone()), "{} not visited in run {:?}", c.id, run);
                }
            } else {
                prop_assert!(visited(&c.id, 0..days.len()), "{} not visited", c.id);
            }
            if (t.contains(&"volatile") || t.contains(&"enterprise")) && !focus.is_empty() {
                prop_assert!(focus.iter().any(|&d| visited(&c.id, d..d + 1)), "{} not visited in days 6-10", c.id);
            }
        }
    }
}

#[test]
fn days_are_filled_to_the_quota_with_the_customers_farthest_from_their_other_visits() {
    // Mondays only, one visit a day, a quota of one. `a` is volatile, so its one required
    // visit is Monday 8 June (the only Monday of days 8-14); `b` needs none. Each other
    // Monday takes whichever customer is farther from its last or next visit:
    // 1 June: a's next is 7 days off, b has none -> b. 15 June: a 7 days since, b 14 -> b.
    // 22 June: a 14, b 7 -> a. 29 June: a 7, b 14 -> b.
    let text = r#"
        [playbook]
        id = "fill"
        title = "Fill"
        [calendar]
        time_zone = "Asia/Shanghai"
        work_week = ["mon"]
        [customers]
        tags = ["volatile"]
        [event_kinds.visit]
        title = "Visit"
        customer = true
        lasts = true
        [[phases]]
        id = "early"
        title = "Early"
        days = "1-7"
        [[phases]]
        id = "focus"
        title = "Focus"
        days = "8-14"
        focus = ["volatile"]
        [[phases]]
        id = "late"
        title = "Late"
        days = "15-end"
        [[quotas]]
        id = "one-a-day"
        title = "One visit a day"
        refs = ["X-1"]
        measure = "count"
        of = { kind = "visit" }
        window = "day"
        at_least = 1
        [visit_planning]
        visit_length = "30m"
        travel = "0m"
        start = "09:00"
        end = "09:30"
    "#;
    let playbook = Playbook::from_toml(text, None).unwrap();
    let customers = [customer("a", &["volatile"]), customer("b", &[])];
    let plan = plan_month(&playbook, &Person::new("li"), &customers, june(), &PlanOptions::new()).unwrap();
    assert!(plan.is_feasible(), "{:?}", plan.shortfalls);
    let visited: Vec<&str> = plan.days.iter().map(|d| d.visits[0].customer.as_str()).collect();
    assert_eq!(visited, ["b", "a", "b", "a", "b"]);
    assert_eq!(plan.days[0].visits[0].reasons, ["fills the day to the quota of 1", "no earlier visit on record"]);
    assert!(plan.days[1].visits[0].required);
}

#[test]
fn a_per_customer_daily_limit_does_not_cap_the_persons_day() {
    // "At most one visit a customer a day", counted per customer: the day still holds the
    // 33 visits that fit in T77's field-work window, and the quota of 30 still applies.
    let t77 = std::fs::read_to_string(crate::support::seed_path("t77")).unwrap();
    let text = format!(
        "{t77}\n[[quotas]]\nid = \"once-a-day\"\ntitle = \"One visit a customer a day\"\nrefs = [\"T77-14\"]\n\
         of = {{ kind = \"visit\" }}\nmeasure = \"count\"\nwindow = \"day\"\nper = \"customer\"\nat_most = 1\n"
    );
    let playbook = Playbook::from_toml(&text, None).unwrap();
    let roster = plan_roster::roster(600);
    let plan = plan_month(&playbook, &plan_roster::person(), &roster.customers, june(), &PlanOptions::new()).unwrap();
    assert_eq!((plan.params.day_max, plan.params.quota), (33, 30));
    assert!(plan.is_feasible(), "{:#?}", plan.shortfalls);
    for day in &plan.days {
        let mut ids: Vec<&str> = day.visits.iter().map(|v| v.customer.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), day.visits.len(), "{}: a customer twice", day.date);
    }
}

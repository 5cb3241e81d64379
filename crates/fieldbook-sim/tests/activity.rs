//! Quotas limited by customer activity state in the simulator (HOT-7): customers are drawn
//! with a last visit before the month (some never came), and the outside visits a quota
//! limited to dormant, lost and prospective customers plans go to such customers.

use std::collections::HashMap;
use std::path::Path;

use fieldbook_core::spec::ActivityState;
use fieldbook_core::{Playbook, Status};
use fieldbook_sim::{Recording, Simulation};

fn hot() -> Playbook {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/playbooks/hot.toml");
    let text = std::fs::read_to_string(&path).expect("the HOT seed playbook is readable");
    Playbook::from_toml(&text, Some(&path)).expect("the HOT seed playbook is valid")
}

#[test]
fn outside_visits_go_to_dormant_lost_and_prospective_customers() {
    let playbook = hot();
    let december = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    let sim = Simulation::new(playbook.clone()).month(december).people(6).seed(7);
    let population = sim.population().unwrap();
    let activity = playbook.spec().customers.activity.clone().expect("hot.toml reckons activity");
    let customers: HashMap<&str, _> = population.roster().customers.iter().map(|c| (c.id.as_str(), c)).collect();
    // Every state is drawn among the customers as the month starts.
    let mut states: HashMap<ActivityState, usize> = HashMap::new();
    for c in customers.values() {
        *states.entry(activity.state(c.last_visit, december)).or_default() += 1;
    }
    for state in [ActivityState::Active, ActivityState::Dormant, ActivityState::Lost, ActivityState::Prospect] {
        assert!(states.get(&state).copied().unwrap_or(0) > 0, "no {state:?} customer: {states:?}");
    }
    let mut recording = Recording::default();
    sim.run(&population, &mut recording).unwrap();
    let tz = playbook.calendar().time_zone();
    let visits: Vec<_> = recording.events.iter().filter(|e| e.kind == "visit").collect();
    assert!(!visits.is_empty());
    for visit in visits {
        let customer = customers[visit.customer.as_deref().expect("a visit names its customer")];
        let day = visit.at.with_timezone(&tz).date_naive();
        let state = activity.state(customer.last_visit.filter(|d| *d < day), day);
        assert_ne!(state, ActivityState::Active, "{} to {} on {day}", visit.id, customer.id);
    }
    let trips = recording.findings.iter().filter(|f| f.rule == "visit-trips-per-week" && f.status != Status::Pending);
    assert!(trips.clone().filter(|f| f.status == Status::Pass).count() * 2 > trips.count());
}

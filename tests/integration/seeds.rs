//! The five seed playbooks load, and every rule cites facts of its own playbook.

use crate::support::{SEEDS, seed};

#[test]
fn all_five_seed_playbooks_load() {
    for name in SEEDS {
        assert_eq!(seed(name).spec().playbook.id, name);
    }
}

#[test]
fn every_rule_cites_a_fact_of_its_own_section() {
    for name in SEEDS {
        let playbook = seed(name);
        let spec = playbook.spec();
        let prefix = name.to_uppercase();
        let refs = spec
            .steps
            .iter()
            .flat_map(|s| &s.refs)
            .chain(spec.duties.iter().flat_map(|s| &s.refs))
            .chain(spec.procedures.iter().flat_map(|s| &s.refs))
            .chain(spec.quotas.iter().flat_map(|s| &s.refs))
            .chain(spec.triggers.iter().flat_map(|s| &s.refs));
        for r in refs {
            // TPK is T77 with changes, so it cites both.
            let own = r.starts_with(&format!("{prefix}-")) || (name == "tpk" && r.starts_with("T77-"));
            assert!(own, "{name} cites {r}");
        }
    }
}

#[test]
fn t77_cites_every_one_of_its_facts() {
    let text = std::fs::read_to_string(crate::support::seed_path("t77")).unwrap();
    for n in 1..=27 {
        let fact = format!("\"T77-{n}\"");
        assert!(text.contains(&fact), "t77.toml does not cite {fact}");
    }
}

//! Scripted checks: their scope, kind, phases and script.

use super::Validator;
use crate::spec::CheckScope;

impl Validator<'_> {
    pub(super) fn checks(&mut self) {
        let spec = self.spec;
        for (i, check) in spec.checks.iter().enumerate() {
            let path = format!("checks[{i}]");
            self.roles(&check.roles, &path);
            match (check.scope, &check.kind) {
                (CheckScope::Event, Some(kind)) => {
                    self.kind(kind, &format!("{path}.kind"));
                }
                (CheckScope::Event, None) => self.problem(&path, "an `event` check names the event `kind` it judges"),
                (CheckScope::Phase, _) if spec.phases.is_empty() => {
                    self.problem(format!("{path}.scope"), "a `phase` check needs the playbook to declare [[phases]]");
                }
                (_, Some(_)) => self.problem(format!("{path}.kind"), "only `event` checks name a `kind`"),
                (_, None) => {}
            }
            for (j, phase) in check.phases.iter().enumerate() {
                self.phase_ref(phase, &format!("{path}.phases[{j}]"));
            }
            if !check.phases.is_empty() && matches!(check.scope, CheckScope::Week | CheckScope::Month) {
                self.problem(
                    format!("{path}.phases"),
                    "`phases` limits event, day and phase checks, not weeks or months",
                );
            }
            match (&check.script, &check.file) {
                (Some(_), None) | (None, Some(_)) => {}
                (Some(_), Some(_)) => {
                    self.problem(&path, "give the check's script either inline (`script`) or in a `file`, not both")
                }
                (None, None) => self.problem(&path, "give the check's script, inline (`script`) or in a `file`"),
            }
        }
    }
}

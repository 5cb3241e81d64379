//! Compiling a playbook's check scripts once, and running them.

use std::path::PathBuf;
use std::sync::Arc;

use fieldbook_core::check::{CheckError, CheckInput, CheckOutcome, CheckRunner};
use fieldbook_core::error::Position as FilePosition;
use fieldbook_core::playbook::ScriptSource;
use fieldbook_core::{Playbook, Problem, Problems};
use rhai::{AST, Dynamic, Engine, EvalAltResult, Map, Scope};

use crate::api::{CustomerView, EventView, PeriodView, PersonView, register};
use crate::native::Native;
use crate::sandbox::SandboxOptions;

/// A playbook's checks compiled into Rhai ASTs, run in one sandboxed engine.
pub struct RhaiChecks {
    engine: Engine,
    scripts: Vec<Compiled>,
}

struct Compiled {
    ast: AST,
    file: Option<PathBuf>,
    /// Where the script's first line and column are in its file.
    origin: (usize, usize),
    /// Which of the given variables the script names: the others are not built for it.
    uses: Uses,
    /// The script compiled to native code, when it has one of the common shapes (see
    /// `native`): run natively, with Rhai's answer wherever the native run gives up.
    native: Option<Native>,
}

/// The variables a script names (a script cannot reach a variable it does not name: eval
/// is off, and functions do not see their caller's variables).
#[derive(Clone, Copy, Debug)]
struct Uses {
    customer: bool,
    person: bool,
    date: bool,
}

impl Uses {
    fn of(script: &str) -> Self {
        let names = |name: &str| names_word(script, name);
        Self { customer: names("customer"), person: names("person"), date: names("date") }
    }
}

/// Whether `word` occurs in `text` as a whole identifier (comments and strings included,
/// which only costs a variable built for nothing).
fn names_word(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

impl std::fmt::Debug for RhaiChecks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RhaiChecks").field("scripts", &self.scripts.len()).finish()
    }
}

impl RhaiChecks {
    /// Compiles every check script of `playbook`, once.
    ///
    /// # Errors
    /// Every script that does not compile, each at its file, line and column (for inline
    /// scripts, in the playbook's TOML file), with Rhai's message.
    pub fn compile(playbook: &Playbook, options: &SandboxOptions) -> Result<Self, Problems> {
        let sources = || playbook.scripts().iter().flatten();
        // Modules come from the folder of the playbook's script files, for scripts that
        // import any (a module is imported only by a script or a module).
        let imports = sources().any(|s| names_word(&s.text, "import"));
        let folder = sources().find_map(|s| s.file.as_ref().and_then(|f| f.parent().map(PathBuf::from)));
        let folder = folder.filter(|_| imports);
        let mut engine = options.engine(folder.as_deref());
        register(&mut engine, playbook.calendar().clone(), playbook.spec().phases.clone());
        let mut scripts = Vec::new();
        let mut problems = Vec::new();
        for (i, (check, source)) in playbook.spec().checks.iter().zip(playbook.scripts()).enumerate() {
            let path = format!("checks[{i}].{}", if check.file.is_some() { "file" } else { "script" });
            let Some(source) = source else {
                problems
                    .push(Problem::at(path, "the script file was not read: load the playbook with `fieldbook::load`"));
                continue;
            };
            match engine.compile(&source.text) {
                Ok(ast) => {
                    if let Some(problem) = missing_module(&engine, source, &path, &check.id) {
                        problems.push(problem);
                        continue;
                    }
                    let origin = (source.line, source.column);
                    let native = (options.native() && !names_word(&source.text, "import")).then(|| {
                        Native::compile(&ast, playbook.calendar(), options.operations(), options.string_size())
                    });
                    let (file, uses) = (source.file.clone(), Uses::of(&source.text));
                    scripts.push(Compiled { ast, file, origin, uses, native: native.flatten() })
                }
                Err(error) => {
                    let (line, column) = (error.1.line().unwrap_or(1), error.1.position().unwrap_or(1));
                    let (line, column) = source.file_position(line, column);
                    problems.push(Problem {
                        file: source.file.clone(),
                        position: Some(FilePosition { line, column }),
                        path,
                        message: format!("check `{}` does not compile: {}", check.id, error.0),
                        text: None,
                    });
                }
            }
        }
        if problems.is_empty() { Ok(Self { engine, scripts }) } else { Err(Problems(problems)) }
    }

    fn error(&self, compiled: &Compiled, error: &EvalAltResult) -> CheckError {
        let position = error.position();
        let text = budget_spent(error).unwrap_or_else(|| error.to_string());
        let message = match text.rfind(" (line ") {
            Some(cut) if !position.is_none() => text[..cut].to_string(),
            _ => text,
        };
        let position = position.line().map(|line| {
            let column = position.position().unwrap_or(1);
            let (origin_line, origin_column) = compiled.origin;
            if line <= 1 { (origin_line, origin_column + column - 1) } else { (origin_line + line - 1, column) }
        });
        CheckError { message, position, file: compiled.file.clone() }
    }
}

impl CheckRunner for RhaiChecks {
    fn run(&self, check: usize, input: CheckInput<'_>) -> Result<CheckOutcome, CheckError> {
        let compiled = self.compiled(check)?;
        if let Some(ok) = compiled.native.as_ref().and_then(|native| native.run(input)) {
            return Ok(CheckOutcome { ok, ..CheckOutcome::default() });
        }
        let mut scope = Scope::new();
        push_input(&mut scope, input, compiled.uses);
        self.eval(compiled, &mut scope)
    }
}

impl RhaiChecks {
    /// Whether check `check` (in `spec().checks` order) has one of the common shapes and
    /// runs as native code (see [`SandboxOptions::native_checks`]).
    pub fn is_native(&self, check: usize) -> bool {
        self.scripts.get(check).is_some_and(|c| c.native.is_some())
    }

    fn compiled(&self, check: usize) -> Result<&Compiled, CheckError> {
        self.scripts.get(check).ok_or_else(|| CheckError {
            message: format!("no compiled script for check {check}"),
            position: None,
            file: None,
        })
    }

    fn eval(&self, compiled: &Compiled, scope: &mut Scope) -> Result<CheckOutcome, CheckError> {
        crate::sandbox::begin_run();
        let result =
            self.engine.eval_ast_with_scope::<Dynamic>(scope, &compiled.ast).map_err(|e| self.error(compiled, &e))?;
        outcome(result).map_err(|message| CheckError { message, position: None, file: compiled.file.clone() })
    }
}

/// The problem of a script whose imports cannot be loaded (a module missing, outside the
/// folder, in a cycle, past the limits), at the import, found when the playbook loads
/// rather than when the check first runs: Rhai resolves every import of a script it
/// compiles into a self-contained whole, with the sandbox's resolver and budget.
fn missing_module(engine: &Engine, source: &ScriptSource, path: &str, check: &str) -> Option<Problem> {
    if !names_word(&source.text, "import") {
        return None;
    }
    let resolve = |script: &str| {
        crate::sandbox::begin_run();
        engine.compile_into_self_contained(&Scope::new(), script).err()
    };
    let error = resolve(&source.text)?;
    // Rhai resolves imports without their position: the first import that fails alone is
    // the one to point at (else the script's start, when only all of them together fail).
    let at = imports(&source.text)
        .find(|(_, name)| resolve(&format!("import \"{name}\" as m;")).is_some())
        .map_or((1, 1), |(at, _)| line_column(&source.text, at));
    let (line, column) = source.file_position(at.0, at.1);
    let text = budget_spent(&error).unwrap_or_else(|| error.to_string());
    // Rhai's text ends in the position (given apart) and names the module on a line of
    // its own: `… (line 2, position 7)\nin module 'b'`.
    let message = match text.split_once(" (line ") {
        Some((message, rest)) => {
            format!("{message}{}", rest.split_once('\n').map_or(String::new(), |(_, m)| format!(", {m}")))
        }
        None => text.replace('\n', ", "),
    };
    Some(Problem {
        file: source.file.clone(),
        position: Some(FilePosition { line, column }),
        path: path.to_string(),
        message: format!("check `{check}` imports a module that cannot be loaded: {message}"),
        text: None,
    })
}

/// The modules `script` names in `import "NAME"` statements, each with the byte offset of
/// its quoted name. A name in a comment or a string is found too; it only costs a module
/// resolved for nothing when a script does not load.
fn imports(script: &str) -> impl Iterator<Item = (usize, &str)> {
    script.match_indices("import").filter_map(move |(at, word)| {
        let before = script[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return None;
        }
        let rest = &script[at + word.len()..];
        let quoted = rest.trim_start();
        let name = quoted.strip_prefix('"')?.split('"').next()?;
        Some((at + word.len() + (rest.len() - quoted.len()), name))
    })
}

/// The line and column (from 1, in characters) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Why the sandbox stopped a run that spent its shared budget (see `sandbox::begin_run`),
/// wherever in its imports or calls that happened: Rhai's own text says only "terminated".
fn budget_spent(error: &EvalAltResult) -> Option<String> {
    match error {
        EvalAltResult::ErrorTerminated(reason, _) => Some(reason.to_string()),
        EvalAltResult::ErrorInModule(_, inner, _) | EvalAltResult::ErrorInFunctionCall(_, _, inner, _) => {
            budget_spent(inner)
        }
        _ => None,
    }
}

/// Pushes the variables a script is given, those it `uses`. Plain variables, not
/// constants: Rhai calls a method on a constant with a copy of it (to keep it constant),
/// which would copy the record for every field read; a script that assigns to one
/// changes only its own scope.
fn push_input(scope: &mut Scope, input: CheckInput<'_>, uses: Uses) {
    match input {
        CheckInput::Event { event, customer, person, date } => {
            scope.push("event", EventView(Arc::clone(event)));
            if uses.customer {
                match customer {
                    Some(c) => scope.push("customer", CustomerView(Arc::clone(c))),
                    None => scope.push("customer", Dynamic::UNIT),
                };
            }
            if uses.person {
                scope.push("person", PersonView(Arc::clone(person)));
            }
            if uses.date {
                scope.push("date", date.to_string());
            }
        }
        CheckInput::Period { person, start, end, totals, events, customers } => {
            let events = events.iter().map(|e| Dynamic::from(EventView(Arc::new((*e).clone())))).collect();
            let customers = customers.iter().map(|c| Dynamic::from(CustomerView(Arc::clone(c)))).collect();
            scope.push("period", PeriodView { start, end, totals: totals.clone(), events, customers });
            if uses.person {
                scope.push("person", PersonView(Arc::clone(person)));
            }
            if uses.date {
                scope.push("date", start.to_string());
            }
        }
    }
}

/// `true`/`false`, or a map `#{ ok, message, actual, expected }`.
fn outcome(result: Dynamic) -> Result<CheckOutcome, String> {
    if let Some(ok) = result.clone().try_cast::<bool>() {
        return Ok(CheckOutcome { ok, ..CheckOutcome::default() });
    }
    let Some(map) = result.clone().try_cast::<Map>() else {
        return Err(format!(
            "a check returns true or false, or a map #{{ ok: ..., message: ... }}; this one returned {}",
            result.type_name()
        ));
    };
    let ok = map
        .get("ok")
        .and_then(|v| v.clone().try_cast::<bool>())
        .ok_or("the map a check returns needs `ok: true` or `ok: false`")?;
    let field = |key: &str| map.get(key).filter(|v| !v.is_unit()).map(ToString::to_string);
    Ok(CheckOutcome { ok, message: field("message"), actual: field("actual"), expected: field("expected") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_names_a_variable_only_as_a_whole_identifier() {
        let uses = Uses::of(r#"customer == () || !customer.has_tag("key")"#);
        assert!(uses.customer && !uses.person && !uses.date);
        let uses = Uses::of("event.customers_seen > 0 && my_person == 1 && update");
        assert!(!uses.customer && !uses.person && !uses.date);
        assert!(Uses::of("person[\"route\"] == \"rural\"").person);
        assert!(Uses::of("is_working_day(date)").date);
    }
}

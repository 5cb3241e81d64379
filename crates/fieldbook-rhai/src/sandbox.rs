//! The sandbox: limits every script runs within, and the engine built with them.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::thread::ThreadId;

use rhai::module_resolvers::FileModuleResolver;
use rhai::{Engine, EvalAltResult, ModuleResolver, Position, Shared};

/// Limits for check scripts. `SandboxOptions::new()` gives the defaults below; each
/// setter documents its default. A limit of 0 allows the least there is (one operation,
/// one character, one level): it never lifts the limit, as 0 does in Rhai itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxOptions {
    max_operations: u64,
    max_call_levels: usize,
    max_expr_depth: usize,
    max_function_expr_depth: usize,
    max_string_size: usize,
    max_array_size: usize,
    max_map_size: usize,
    native: bool,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        Self {
            max_operations: 100_000,
            max_call_levels: 16,
            max_expr_depth: 64,
            max_function_expr_depth: 32,
            max_string_size: 10_000,
            max_array_size: 1_000,
            max_map_size: 1_000,
            native: true,
        }
    }
}

impl SandboxOptions {
    /// The default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// Operations one run may perform (loops end here). Default 100,000.
    pub fn max_operations(mut self, n: u64) -> Self {
        self.max_operations = n;
        self
    }

    /// Depth of nested function calls (recursion ends here). Default 16.
    pub fn max_call_levels(mut self, n: usize) -> Self {
        self.max_call_levels = n;
        self
    }

    /// Depth of nested expressions, at top level and in functions. Default 64 and 32.
    pub fn max_expr_depths(mut self, top: usize, functions: usize) -> Self {
        self.max_expr_depth = top;
        self.max_function_expr_depth = functions;
        self
    }

    /// Length of a string, in bytes. Default 10,000.
    pub fn max_string_size(mut self, n: usize) -> Self {
        self.max_string_size = n;
        self
    }

    /// Items of an array. Default 1,000.
    pub fn max_array_size(mut self, n: usize) -> Self {
        self.max_array_size = n;
        self
    }

    /// Entries of a map. Default 1,000.
    pub fn max_map_size(mut self, n: usize) -> Self {
        self.max_map_size = n;
        self
    }

    /// Whether checks of the common shapes (comparisons of fields with constants, `&&`,
    /// `||`, `!`, arithmetic, `has`, `has_tag`, `let`) run as native code, with Rhai's
    /// semantics, falling back to Rhai wherever the two could differ. Default `true`; off,
    /// every check runs in Rhai.
    pub fn native_checks(mut self, on: bool) -> Self {
        self.native = on;
        self
    }

    pub(crate) fn native(&self) -> bool {
        self.native
    }

    /// The operation budget of a run, as the engine applies it.
    pub(crate) fn operations(&self) -> u64 {
        self.max_operations.max(1)
    }

    /// The largest string, as the engine applies it.
    pub(crate) fn string_size(&self) -> usize {
        self.max_string_size.max(1)
    }

    /// An engine with these limits, no `eval`, no output, no sleeping and no clock, and
    /// modules only from `folder` (none if `None`).
    pub(crate) fn engine(&self, folder: Option<&Path>) -> Engine {
        let mut engine = Engine::new();
        engine
            .set_max_operations(self.max_operations.max(1))
            .set_max_call_levels(self.max_call_levels)
            .set_max_expr_depths(self.max_expr_depth.max(1), self.max_function_expr_depth.max(1))
            .set_max_string_size(self.max_string_size.max(1))
            .set_max_array_size(self.max_array_size.max(1))
            .set_max_map_size(self.max_map_size.max(1))
            .set_max_modules(MAX_MODULES)
            .disable_symbol("eval");
        engine.on_print(|_| {});
        engine.on_debug(|_, _, _| {});
        // A check must not block the host nor depend on when it runs: Rhai's `sleep` and
        // `timestamp` are shadowed by functions that fail (functions registered with the
        // engine come before the standard packages').
        engine.register_fn("sleep", |_: rhai::FLOAT| unavailable::<()>("sleep"));
        engine.register_fn("sleep", |_: rhai::INT| unavailable::<()>("sleep"));
        engine.register_fn("timestamp", || unavailable::<()>("timestamp"));
        // Rhai counts the operations of each imported module from zero: the run's budget
        // is shared by the script and everything it imports. (Only where modules may be
        // imported: the callback costs some 4% of a run.)
        let max_operations = self.max_operations.max(1);
        if folder.is_some() {
            engine.on_progress(move |operations| {
                RUN.with(|run| {
                    run.current.set(operations);
                    (run.spent.get() + operations > max_operations).then(|| {
                        format!("the check and the modules it imports ran past {max_operations} operations").into()
                    })
                })
            });
        }
        engine
            .set_module_resolver(FolderResolver { folder: folder.map(Path::to_path_buf), importing: Mutex::default() });
        engine
    }
}

/// The error of a standard function a check may not call.
fn unavailable<T>(name: &str) -> Result<T, Box<EvalAltResult>> {
    Err(format!("`{name}` is not available to checks: a check's answer depends on its input alone").into())
}

/// Loads modules from the playbook's folder and nowhere else.
struct FolderResolver {
    folder: Option<PathBuf>,
    /// The modules being imported, outermost first, by the thread importing them: an
    /// import of one of them again is a cycle, which would otherwise recurse until the
    /// stack overflows.
    importing: Mutex<HashMap<ThreadId, Vec<String>>>,
}

/// How deep imports may nest.
const MAX_IMPORT_DEPTH: usize = 8;
/// The largest module file a script may import, as for playbook files: 1 MiB.
const MAX_MODULE_BYTES: u64 = 1 << 20;

/// How many modules one check run may import, counting those its modules import.
const MAX_MODULES: usize = 8;

/// What the check run under way on this thread has spent: the budget its script and the
/// modules it imports share. Rhai reports each module's operations from zero, and a
/// module resolver is not told which run it serves, hence a thread's own record.
struct Run {
    /// Operations of the scripts and modules that wait for the module now running.
    spent: Cell<u64>,
    /// Operations of the script or module now running.
    current: Cell<u64>,
    /// Modules imported so far.
    modules: Cell<usize>,
}

thread_local! {
    static RUN: Run = const { Run { spent: Cell::new(0), current: Cell::new(0), modules: Cell::new(0) } };
}

/// Starts a check run's budget on this thread.
pub(crate) fn begin_run() {
    RUN.with(|run| {
        run.spent.set(0);
        run.current.set(0);
        run.modules.set(0);
    });
}

/// Runs `import`, a module's evaluation, on the run's budget: it starts from what its
/// importer has spent, and what it spends stays spent when the importer resumes.
fn on_budget<T>(import: impl FnOnce() -> T) -> T {
    let resumed = RUN.with(|run| {
        let resumed = run.current.replace(0);
        run.spent.set(run.spent.get() + resumed);
        resumed
    });
    let result = import();
    RUN.with(|run| {
        // The module's operations move from `current` to `spent`; the importer resumes at
        // its own count.
        run.spent.set(run.spent.get() - resumed + run.current.get());
        run.current.set(resumed);
    });
    result
}

impl ModuleResolver for FolderResolver {
    fn resolve(
        &self,
        engine: &Engine,
        source: Option<&str>,
        path: &str,
        pos: Position,
    ) -> Result<Shared<rhai::Module>, Box<EvalAltResult>> {
        let inside = Path::new(path).components().all(|c| matches!(c, Component::Normal(_)));
        let denied = || {
            Box::new(EvalAltResult::ErrorModuleNotFound(
                format!("{path} (scripts may import modules only from the playbook's folder)"),
                pos,
            ))
        };
        let Some(folder) = self.folder.as_ref().filter(|_| inside) else { return Err(denied()) };
        // A link inside the folder may point out of it: the file itself must be inside.
        let file = folder.join(path).with_extension("rhai");
        if let (Ok(file), Ok(folder)) = (file.canonicalize(), folder.canonicalize())
            && !file.starts_with(&folder)
        {
            return Err(denied());
        }
        if std::fs::metadata(&file).is_ok_and(|m| m.len() > MAX_MODULE_BYTES) {
            let message = format!("`{path}`: a module is at most {} MiB", MAX_MODULE_BYTES >> 20);
            return Err(Box::new(EvalAltResult::ErrorRuntime(message.into(), pos)));
        }
        let thread = std::thread::current().id();
        {
            let mut importing = self.importing.lock().unwrap_or_else(PoisonError::into_inner);
            let chain = importing.entry(thread).or_default();
            let modules = RUN.with(|run| run.modules.replace(run.modules.get() + 1)) + 1;
            let refused = if chain.iter().any(|p| p == path) {
                Some(format!("`{path}` is imported again while it is being imported: {} -> {path}", chain.join(" -> ")))
            } else if chain.len() >= MAX_IMPORT_DEPTH {
                Some(format!("`{path}`: imports nest deeper than {MAX_IMPORT_DEPTH}"))
            } else if modules > MAX_MODULES {
                Some(format!("`{path}`: a check may import at most {MAX_MODULES} modules, counting theirs"))
            } else {
                None
            };
            if let Some(message) = refused {
                if chain.is_empty() {
                    importing.remove(&thread);
                }
                // Not `ErrorModuleNotFound`: Rhai replaces its text with the bare path.
                return Err(Box::new(EvalAltResult::ErrorRuntime(message.into(), pos)));
            }
            chain.push(path.to_string());
        }
        let module = on_budget(|| FileModuleResolver::new_with_path(folder).resolve(engine, source, path, pos));
        let mut importing = self.importing.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(chain) = importing.get_mut(&thread) {
            chain.pop();
            if chain.is_empty() {
                importing.remove(&thread);
            }
        }
        module
    }
}

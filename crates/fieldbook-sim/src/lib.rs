//! A seeded month simulator for fieldbook playbooks, and the month report.
//!
//! Given a [`Playbook`](fieldbook_core::Playbook), a month, a number of people and a
//! seed, [`Simulation`] draws a [`Population`] (people with roles and attributes,
//! customers with tags and record fields) and generates the events the team would
//! record — following each person's agenda: meetings, routine steps, visits along a
//! route of their customers, calls, reports, seminars, contracts, follow-ups — with
//! behaviour models that make the month realistic rather than perfect ([`Params`]:
//! diligence, lateness, visit durations, travel, sick days, forgotten reports, failed
//! orders). The events go through the engine's public `Tracker`, day by day; the findings
//! are tallied into a [`Summary`] and written out ([`write_month`]) as Parquet or text, a
//! CSV summary and an HTML report with SVG charts.
//!
//! People are simulated in blocks of [`BLOCK`], each block with its own tracker, on a
//! thread pool ([`Simulation::threads`]); a [`Shard`] is a run of whole blocks, for
//! spreading one team over machines.
//!
//! Everything is seeded with a fixed-algorithm generator (ChaCha8), one stream per
//! purpose, person and day: the same inputs and seed give byte-identical output on every
//! machine, whatever the number of threads.
//!
//! The simulator's findings come from the engine's own log evaluation
//! ([`fieldbook_core::track::Evaluator`]), so that evaluating a simulated `events.jsonl`
//! with [`fieldbook_core::track::evaluate_log`] gives the same findings (in day order for
//! the whole team, where the simulator gives them block by block).
#![deny(missing_docs)]

mod output;
mod report;
mod simulate;

pub use output::{OutputOptions, write_month};
pub use report::{ComparedRule, Comparison};
pub use report::{DailyChart, PersonLine, PhaseLine, RuleLine, Series, Summary, SummaryBuilder, TeamLine};
pub use report::{summarize, write_report, write_report_in};
pub use simulate::{Amount, MAX_PARAMS_BYTES, Params, ParamsError, Rate};
pub use simulate::{BLOCK, Shard, ShardError, TEAM_SIZE};
pub use simulate::{Population, Recording, SimError, Simulation, Sink, Totals};

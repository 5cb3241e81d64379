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
//! are tallied into a [`Summary`] and written out as tables, CSV files and an HTML report
//! with SVG charts ([`write_month`]).
//!
//! Everything is seeded with a fixed-algorithm generator (ChaCha8): the same inputs and
//! seed give byte-identical output on every machine.
//!
//! The crate also holds the evaluation of recorded event logs ([`evaluate_log`]), shared
//! with the simulator so that evaluating a simulated `events.jsonl` gives exactly the
//! simulator's findings.
#![deny(missing_docs)]

mod behaviour;
mod compare;
mod day;
mod evaluate;
mod html;
mod output;
mod params;
mod period;
mod plan;
mod population;
mod random;
mod record;
mod report;
mod simulate;
mod summary;
mod values;

pub use compare::{ComparedRule, Comparison};
pub use evaluate::{Evaluation, Evaluator, EventLog, LogError, RejectedLine, evaluate_log, read_events};
pub use output::{FILES, summarize, write_month, write_report};
pub use params::{Amount, Params, ParamsError, Rate};
pub use population::Population;
pub use simulate::{Recording, SimError, Simulation, Sink, Totals};
pub use summary::{DailyChart, PersonLine, PhaseLine, RuleLine, Series, Summary, SummaryBuilder};

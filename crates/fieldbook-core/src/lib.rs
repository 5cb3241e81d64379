//! The fieldbook engine: account-manager playbooks as data.
//!
//! A playbook (TOML) says when things happen (a business [`Calendar`], monthly phases,
//! duties on a [`Schedule`], the daily routine of timed steps), what a visit consists of
//! (procedures), how much is enough (quotas) and what follows what (triggers). This crate
//! parses it into plain serde types ([`PlaybookSpec`]), validates it into a [`Playbook`]
//! (every problem at once, each with `file:line:col` and its key path), and answers "what
//! is due for this person on this date" with an [`Agenda`].
//!
//! The customer side — record views by role, reviews, date reminders, value and activity
//! metrics, agreements and call lists — is read through a [`CustomerBook`] (a roster's
//! customers and the events about them) with [`Playbook::agenda_for`]; the [`Tracker`]
//! judges the same rules when days close.
//!
//! The crate is pure: no I/O, no clock, no environment, no global state. Callers pass the
//! text, the date and the person.
//!
//! ```
//! use fieldbook_core::{Person, Playbook};
//!
//! let text = r#"
//!     [playbook]
//!     id = "mini"
//!     title = "A morning meeting"
//!     [calendar]
//!     time_zone = "Asia/Shanghai"
//!     [[steps]]
//!     id = "morning-meeting"
//!     title = "Morning meeting"
//!     kind = "meeting"
//!     by = "08:00"
//!     refs = ["T77-11"]
//! "#;
//! let playbook = Playbook::from_toml(text, None)?;
//! let monday = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
//! let agenda = playbook.agenda(&Person::new("li"), monday);
//! assert_eq!(agenda.items[0].due.to_rfc3339(), "2026-12-07T08:00:00+08:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod agenda;
mod aggregate;
mod agreement;
mod calendar;
mod call_list;
mod check;
mod close;
mod close_checks;
mod close_customers;
mod close_obligations;
mod close_periods;
mod customer_agenda;
mod customer_book;
mod customer_metrics;
mod daily_report;
mod diff;
mod duty;
mod error;
mod event;
mod event_kind;
mod fast_map;
mod field;
mod finding;
mod finding_text;
mod intake;
mod load;
mod occasion;
mod overlay;
mod people;
mod person_day;
mod phase;
mod plan;
mod plan_area;
mod plan_evaluate;
mod plan_flow;
mod plan_params;
mod plan_requirements;
mod plan_route;
mod plan_schedule;
mod playbook;
mod procedure;
mod quota;
mod record_view;
mod reminder;
mod review;
mod roster;
mod routine;
mod rule_ref;
mod schedule;
mod schema;
mod scorecard;
mod shared_roster;
mod source_map;
mod spec;
mod time;
mod tracker;
mod trigger;
mod validate;
mod value;
mod visit_planning;

pub use agenda::{Agenda, AgendaItem, ItemKind};
pub use agreement::AgreementSpec;
pub use calendar::{Calendar, CalendarSpec, first_day_of_month, last_day_of_month};
pub use call_list::CallListSpec;
pub use check::{
    CheckError, CheckInput, CheckOutcome, CheckRunner, CheckScope, CheckSpec, ScriptSource, Severity, Totals,
};
pub use customer_book::CustomerBook;
pub use customer_metrics::{ActivitySpec, ActivityStatus, CustomerMetrics};
pub use daily_report::{DailyReport, REASONABLE_STOCK_WEEKS, ReportItem, Source};
pub use diff::{Change, ChangeKind, diff};
pub use duty::DutySpec;
pub use error::{Error, LoadError, Position, Problem, Problems};
pub use event::{Event, EventFields, RejectReason, Rejected};
pub use event_kind::{EventKindSpec, EventMatch};
pub use field::{FieldSpec, FieldType, Fields, Scalar};
pub use finding::{Finding, MAX_CITED_EVENTS, Refs, Span, Status};
pub use occasion::{OccasionDate, OccasionSpec};
pub use overlay::{Sources, load_from};
pub use people::{CustomerFilter, CustomersSpec, PeopleSpec, Person, RoleSpec};
pub use phase::{DayRange, PhaseSpec};
pub use plan::{MonthPlan, PlanOptions, PlannedDay, PlannedVisit, Shortfall, plan_month};
pub use plan_evaluate::PlanEvaluation;
pub use plan_params::{PlanError, PlanParams};
pub use plan_requirements::Requirement;
pub use plan_schedule::{DaySchedule, Deferred};
pub use playbook::Playbook;
pub use procedure::{Condition, ItemSpec, ProcedureSpec, SubItemSpec};
pub use quota::{Amount, Measure, Per, QuotaSpec, Threshold, Window};
pub use record_view::{RecordAccessError, RecordView};
pub use reminder::Feb29;
pub use review::DueReview;
pub use roster::{Customer, Roster, RosterError, RosterProblem};
pub use routine::{Activity, Edge, Evidence, Pick, StepSpec};
pub use schedule::{NonWorkingDayPolicy, Period, Schedule};
pub use schema::json_schema;
pub use scorecard::{PersonScore, RuleScore, Scorecard, Tally};
pub use smol_str::SmolStr;
pub use spec::{Meta, PlaybookSpec};
pub use time::{DateSpan, TimeOfDay, Timespan, Weekday};
pub use tracker::{Intake, Tracker, TrackerState};
pub use trigger::{FollowUp, TriggerOn, TriggerSpec, Within};
pub use value::{Value, recurring_date};
pub use visit_planning::{Every, FrequencySpec, VisitPlanningSpec};

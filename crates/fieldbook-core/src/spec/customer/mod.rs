//! The customer side of a playbook: named occasions, agreements, call lists, and value and
//! activity metrics.

mod activity;
mod agreement;
mod call_list;
mod occasion;

pub use activity::ActivitySpec;
pub use agreement::AgreementSpec;
pub use call_list::CallListSpec;
pub use occasion::{Feb29, OccasionDate, OccasionSpec};

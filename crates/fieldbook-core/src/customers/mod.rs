//! The customer side: the customer book (a roster's customers and the events about them),
//! value and activity metrics, records due for review, date reminders, where agreements
//! stand and how call lists are drawn — read by the agenda and judged by the tracker.

mod agreement;
mod book;
mod call_list;
mod metrics;
mod reminder;
mod review;

pub(crate) use agreement::{Agreement, Standing, Terms};
pub use book::CustomerBook;
pub(crate) use call_list::CallList;
pub use metrics::{ActivityStatus, CustomerMetrics};
pub(crate) use reminder::reminders_shown_on;
pub use review::DueReview;
pub(crate) use review::due_reviews;

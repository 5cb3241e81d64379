//! The `[calendar]` section: time zone, work week, holidays, make-up days, working hours.

use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::time::{DateSpan, TimeOfDay, Weekday};

/// The `[calendar]` section of a playbook.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    /// IANA time zone in which every time of the playbook is read, e.g. `"Asia/Shanghai"`.
    #[schemars(with = "String")]
    #[serde(deserialize_with = "time_zone")]
    pub time_zone: Tz,
    /// Days of an ordinary working week. Default Monday to Friday.
    #[serde(default = "default_work_week")]
    pub work_week: Vec<Weekday>,
    /// Days off: dates or inclusive ranges (`"2026-10-01..2026-10-07"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<DateSpan>,
    /// Make-up days: dates outside the work week that are worked all the same.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_working_days: Vec<DateSpan>,
    /// When the working day ends; the deadline of anything due "before the end of work".
    /// Default `"18:00"`.
    #[serde(default = "default_end_of_day")]
    pub end_of_day: TimeOfDay,
    /// Days whose working day ends at another time: a weekday every week (a Friday half
    /// day), or given dates (the eve of a holiday). A date's entry beats its weekday's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hours: Vec<HoursSpec>,
    /// The source facts the calendar follows (a branch's holiday notice), shown beside
    /// its changes in an overlay's `--diff`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
}

/// One `[[calendar.hours]]` entry: when the working day ends on some days.
///
/// On such a day everything timed after its end (a 16:00 report on a Friday ending at
/// 12:30), and everything untimed, is due at its end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HoursSpec {
    /// Weekdays it applies to, every week (`["fri"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekdays: Vec<Weekday>,
    /// Dates or inclusive ranges it applies to (`["2027-02-05"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateSpan>,
    /// When the working day ends on those days.
    pub end_of_day: TimeOfDay,
}

fn time_zone<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Tz, D::Error> {
    let name = String::deserialize(deserializer)?;
    name.parse().map_err(|_| {
        serde::de::Error::custom(format!(
            "unknown time zone `{name}`: write an IANA zone name such as \"Asia/Shanghai\" or \"Europe/Berlin\""
        ))
    })
}

fn default_work_week() -> Vec<Weekday> {
    use Weekday::*;
    vec![Mon, Tue, Wed, Thu, Fri]
}

fn default_end_of_day() -> TimeOfDay {
    TimeOfDay::new(18, 0).unwrap_or_else(|| unreachable!("18:00 is a time of day"))
}

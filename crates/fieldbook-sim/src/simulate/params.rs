//! The simulator's parameters: how people behave and what the population looks like,
//! with sensible defaults, read from a TOML or JSON file.
//!
//! Every behaviour rate is "for a person of average diligence": a more diligent person
//! forgets, is late and skips less, a less diligent one more (see [`Params::diligence`]).

use std::fmt;
use std::path::Path;

use fieldbook_core::Problem;
use fieldbook_core::error::Position;
use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize};

/// A probability, from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Rate(pub(crate) f64);

impl Rate {
    /// The probability.
    pub fn get(self) -> f64 {
        self.0
    }

    fn check(value: f64) -> Result<f64, String> {
        if value.is_finite() && (0.0..=1.0).contains(&value) {
            Ok(value)
        } else {
            Err(format!("{value} is not a rate: write a probability from 0 to 1"))
        }
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Self::check(value).map(Rate).map_err(serde::de::Error::custom)
    }
}

/// A number of minutes, a weight or a spread: zero or more.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Amount(pub(crate) f64);

impl Amount {
    /// The number.
    pub fn get(self) -> f64 {
        self.0
    }

    fn check(value: f64) -> Result<f64, String> {
        if value.is_finite() && value >= 0.0 {
            Ok(value)
        } else {
            Err(format!("{value} is negative: write a number of 0 or more"))
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Self::check(value).map(Amount).map_err(serde::de::Error::custom)
    }
}

/// Parameters of a simulation. Start from [`Params::default`] (or [`Params::new`]) and
/// change what you need with the setters, or read a file with [`Params::from_toml`],
/// [`Params::from_json`] or [`Params::load`]; keys left out keep their defaults.
///
/// ```
/// use fieldbook_sim::Params;
/// let params = Params::from_toml("sick_rate = 0.05\n[tags]\nkey = 0.2\n", None)?;
/// assert_eq!(params.sick_rate_value(), 0.05);
/// assert!(Params::from_toml("sick_rate = -1\n", None).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    pub(crate) diligence: Rate,
    pub(crate) diligence_spread: Amount,
    pub(crate) sick_rate: Rate,
    pub(crate) forget_rate: Rate,
    pub(crate) late_rate: Rate,
    pub(crate) lateness_minutes: Amount,
    pub(crate) visit_minutes: Amount,
    pub(crate) visit_minutes_spread: Amount,
    pub(crate) rush_rate: Rate,
    pub(crate) travel_minutes: Amount,
    pub(crate) travel_minutes_by: IndexMap<String, Amount>,
    pub(crate) quota_margin: Amount,
    pub(crate) effort_spread: Amount,
    pub(crate) skip_item_rate: Rate,
    pub(crate) skip_sub_item_rate: Rate,
    pub(crate) trigger_rate: Rate,
    pub(crate) miss_follow_up_rate: Rate,
    pub(crate) trigger_events_per_day: Amount,
    pub(crate) background_rate: Rate,
    pub(crate) optional_field_rate: Rate,
    pub(crate) customers_per_person: u32,
    pub(crate) attributes: IndexMap<String, IndexMap<String, Amount>>,
    pub(crate) tags: IndexMap<String, Rate>,
    pub(crate) roles: IndexMap<String, Rate>,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            diligence: Rate(0.85),
            diligence_spread: Amount(0.08),
            sick_rate: Rate(0.02),
            forget_rate: Rate(0.04),
            late_rate: Rate(0.04),
            lateness_minutes: Amount(12.0),
            visit_minutes: Amount(8.5),
            visit_minutes_spread: Amount(1.2),
            rush_rate: Rate(0.03),
            travel_minutes: Amount(2.0),
            travel_minutes_by: [("rural".to_string(), Amount(3.5))].into_iter().collect(),
            quota_margin: Amount(0.04),
            effort_spread: Amount(0.05),
            skip_item_rate: Rate(0.01),
            skip_sub_item_rate: Rate(0.003),
            trigger_rate: Rate(0.06),
            miss_follow_up_rate: Rate(0.1),
            trigger_events_per_day: Amount(3.0),
            background_rate: Rate(0.15),
            optional_field_rate: Rate(0.6),
            customers_per_person: 0,
            attributes: IndexMap::new(),
            tags: IndexMap::new(),
            roles: IndexMap::new(),
        }
    }
}

macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident / $value:ident: $wrap:ident;)*) => {
        impl Params {
            $(
                $(#[$doc])*
                pub fn $name(mut self, value: f64) -> Self {
                    self.$name = $wrap(value);
                    self
                }

                #[doc = concat!("The value set by [`Params::", stringify!($name), "`].")]
                pub fn $value(&self) -> f64 {
                    self.$name.0
                }
            )*
        }
    };
}

setters! {
    /// Mean diligence of the people, from 0 to 1 (default 0.85). Each person's diligence
    /// is drawn around it; behaviour rates apply to a person of this diligence and
    /// shrink or grow for people above or below it.
    diligence / diligence_value: Rate;
    /// Spread (standard deviation) of people's diligence (default 0.08).
    diligence_spread / diligence_spread_value: Amount;
    /// Probability that a working day is a sick day, with no activity at all (default
    /// 0.02); a sick day is followed by another with probability 0.5.
    sick_rate / sick_rate_value: Rate;
    /// Probability that a report, form or duty is forgotten (default 0.04; a third of it
    /// for meetings and other steps).
    forget_rate / forget_rate_value: Rate;
    /// Probability of being late for a timed step or duty (default 0.04).
    late_rate / late_rate_value: Rate;
    /// Mean minutes late when late (default 12).
    lateness_minutes / lateness_minutes_value: Amount;
    /// Mean minutes a visit lasts, for kinds that last (default 8.5; at least the
    /// playbook's per-visit minimum plus half a minute).
    visit_minutes / visit_minutes_value: Amount;
    /// Spread (standard deviation) of visit minutes (default 1.2).
    visit_minutes_spread / visit_minutes_spread_value: Amount;
    /// Probability that a visit is cut short of the playbook's per-visit minimum (default 0.03).
    rush_rate / rush_rate_value: Rate;
    /// Mean minutes of travel between two customers (default 2); see also
    /// [`Params::travel_minutes_for`].
    travel_minutes / travel_minutes_value: Amount;
    /// How far above a quota people aim, as a share of it (default 0.04: 31.2 visits for 30).
    quota_margin / quota_margin_value: Amount;
    /// Day-to-day spread of effort around that aim, as a share of the quota (default 0.05).
    effort_spread / effort_spread_value: Amount;
    /// Probability that a checklist item is skipped (default 0.01).
    skip_item_rate / skip_item_rate_value: Rate;
    /// Probability that a sub-item of a checklist item is skipped when the item is named through its sub-items (default 0.003).
    skip_sub_item_rate / skip_sub_item_rate_value: Rate;
    /// Probability that an event a trigger watches starts a follow-up, e.g. that an
    /// order fails (default 0.06).
    trigger_rate / trigger_rate_value: Rate;
    /// Probability that a follow-up is missed or late (default 0.1).
    miss_follow_up_rate / miss_follow_up_rate_value: Rate;
    /// Mean number of events a day of the kinds only triggers watch or only steps ask
    /// for, e.g. orders checked, settlements, meals (default 3).
    trigger_events_per_day / trigger_events_per_day_value: Amount;
    /// Daily probability of recording each kind no rule asks for, e.g. an industry
    /// analysis (default 0.15).
    background_rate / background_rate_value: Rate;
    /// Probability that an optional field of an event or customer record is filled
    /// (default 0.6; required fields always are).
    optional_field_rate / optional_field_rate_value: Rate;
}

impl Params {
    /// The default parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Customers per person; 0 (the default) chooses five days' worth of the playbook's
    /// daily visit quota, at least 40.
    pub fn customers_per_person(mut self, count: u32) -> Self {
        self.customers_per_person = count;
        self
    }

    /// Mean travel minutes for people with an attribute of this value (default: `rural`
    /// 3.5).
    pub fn travel_minutes_for(mut self, attribute_value: impl Into<String>, minutes: f64) -> Self {
        self.travel_minutes_by.insert(attribute_value.into(), Amount(minutes));
        self
    }

    /// The weight of a value of a person attribute (default: every value weighs the
    /// same): `attribute_weight("route", "urban", 0.6)`.
    pub fn attribute_weight(mut self, attribute: impl Into<String>, value: impl Into<String>, weight: f64) -> Self {
        self.attributes.entry(attribute.into()).or_default().insert(value.into(), Amount(weight));
        self
    }

    /// The share of customers with a tag (default 0.15 for every tag).
    pub fn tag_rate(mut self, tag: impl Into<String>, rate: f64) -> Self {
        self.tags.insert(tag.into(), Rate(rate));
        self
    }

    /// The share of people with a role other than the playbook's first (default: none;
    /// everyone has the first role).
    pub fn role_share(mut self, role: impl Into<String>, share: f64) -> Self {
        self.roles.insert(role.into(), Rate(share));
        self
    }

    /// Parses TOML; `file` names where it came from, for the error's place.
    ///
    /// # Errors
    /// The first problem, at its line and column: syntax, an unknown key, a negative
    /// number, a rate above 1.
    pub fn from_toml(text: &str, file: Option<&Path>) -> Result<Self, ParamsError> {
        let params: Self = toml::from_str(text).map_err(|error| {
            ParamsError::Invalid(Problem {
                file: file.map(Path::to_path_buf),
                position: error.span().map(|span| Position::of_offset(text, span.start)),
                path: String::new(),
                message: error.message().trim().to_string(),
                text: None,
            })
        })?;
        params.check().map_err(|e| e.in_file(file))?;
        Ok(params)
    }

    /// Parses JSON; `file` names where it came from, for the error's place.
    ///
    /// # Errors
    /// The first problem, at its line and column.
    pub fn from_json(text: &str, file: Option<&Path>) -> Result<Self, ParamsError> {
        let params: Self = serde_json::from_str(text).map_err(|error| {
            let message = error.to_string();
            // serde_json appends " at line L column C"; the position is given apart.
            let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_string();
            ParamsError::Invalid(Problem {
                file: file.map(Path::to_path_buf),
                position: (error.line() > 0).then(|| Position { line: error.line(), column: error.column().max(1) }),
                path: String::new(),
                message,
                text: None,
            })
        })?;
        params.check().map_err(|e| e.in_file(file))?;
        Ok(params)
    }

    /// Reads a file of at most [`MAX_PARAMS_BYTES`]: JSON when its name ends in `.json`,
    /// TOML otherwise.
    ///
    /// # Errors
    /// The file cannot be read or is larger, or its first problem, at `file:line:col`.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ParamsError> {
        use std::io::Read;
        let path = path.as_ref();
        let read = |source| ParamsError::Read { path: path.to_path_buf(), source };
        let mut text = String::new();
        std::fs::File::open(path).and_then(|f| f.take(MAX_PARAMS_BYTES + 1).read_to_string(&mut text)).map_err(read)?;
        if text.len() as u64 > MAX_PARAMS_BYTES {
            let message = format!("the file is larger than {} MiB", MAX_PARAMS_BYTES >> 20);
            return Err(read(std::io::Error::new(std::io::ErrorKind::InvalidData, message)));
        }
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            Self::from_json(&text, Some(path))
        } else {
            Self::from_toml(&text, Some(path))
        }
    }

    /// Checks every value set in code: rates from 0 to 1, amounts of 0 or more and at most
    /// a bound each (a day of minutes, ten times the quota, 1,000 events a day, a weight of
    /// a million), at most 10,000 customers a person.
    ///
    /// # Errors
    /// The first value out of range, with its key.
    pub fn check(&self) -> Result<(), ParamsError> {
        let rates = [
            ("diligence", self.diligence),
            ("sick_rate", self.sick_rate),
            ("forget_rate", self.forget_rate),
            ("late_rate", self.late_rate),
            ("rush_rate", self.rush_rate),
            ("skip_item_rate", self.skip_item_rate),
            ("skip_sub_item_rate", self.skip_sub_item_rate),
            ("trigger_rate", self.trigger_rate),
            ("miss_follow_up_rate", self.miss_follow_up_rate),
            ("background_rate", self.background_rate),
            ("optional_field_rate", self.optional_field_rate),
        ];
        let maps = self.tags.iter().map(|(k, v)| (format!("tags.{k}"), *v));
        let maps = maps.chain(self.roles.iter().map(|(k, v)| (format!("roles.{k}"), *v)));
        for (key, rate) in rates.into_iter().map(|(k, v)| (k.to_string(), v)).chain(maps) {
            Rate::check(rate.0).map_err(|message| ParamsError::Invalid(Problem::at(key, message)))?;
        }
        // Each amount with the most it may be: a day of minutes, ten times the quota, a
        // thousand events a day, a weight of a million (more is a mistake, and would
        // overflow a duration or take all memory).
        const MINUTES: f64 = 24.0 * 60.0;
        let amounts = [
            ("diligence_spread", self.diligence_spread, 1.0),
            ("lateness_minutes", self.lateness_minutes, MINUTES),
            ("visit_minutes", self.visit_minutes, MINUTES),
            ("visit_minutes_spread", self.visit_minutes_spread, MINUTES),
            ("travel_minutes", self.travel_minutes, MINUTES),
            ("quota_margin", self.quota_margin, 10.0),
            ("effort_spread", self.effort_spread, 10.0),
            ("trigger_events_per_day", self.trigger_events_per_day, 1_000.0),
        ];
        let maps = self.travel_minutes_by.iter().map(|(k, v)| (format!("travel_minutes_by.{k}"), *v, MINUTES));
        let maps = maps.chain(
            self.attributes
                .iter()
                .flat_map(|(a, values)| values.iter().map(move |(k, v)| (format!("attributes.{a}.{k}"), *v, 1e6))),
        );
        for (key, amount, most) in amounts.into_iter().map(|(k, v, m)| (k.to_string(), v, m)).chain(maps) {
            Amount::check(amount.0)
                .and_then(|n| {
                    // Huge numbers in scientific notation, not their 300 digits.
                    let shown = if n >= 1e15 { format!("{n:e}") } else { n.to_string() };
                    if n <= most { Ok(n) } else { Err(format!("{shown} is more than {most}, the most it may be")) }
                })
                .map_err(|message| ParamsError::Invalid(Problem::at(key, message)))?;
        }
        if self.customers_per_person > MAX_CUSTOMERS_PER_PERSON {
            return Err(ParamsError::Invalid(Problem::at(
                "customers_per_person",
                format!("{} is more than {MAX_CUSTOMERS_PER_PERSON}, the most it may be", self.customers_per_person),
            )));
        }
        let shares: f64 = self.roles.values().map(|r| r.0).sum();
        if shares > 1.0 + 1e-9 {
            return Err(ParamsError::Invalid(Problem::at(
                "roles",
                format!("the role shares add up to {shares}, more than 1"),
            )));
        }
        Ok(())
    }
}

/// The most customers a person may look after in a simulation.
const MAX_CUSTOMERS_PER_PERSON: u32 = 10_000;

/// The largest parameter file [`Params::load`] reads: 1 MiB, as for playbooks (a file of
/// every parameter is about 2 KiB).
pub const MAX_PARAMS_BYTES: u64 = 1 << 20;

/// Why parameters could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParamsError {
    /// The file could not be read.
    #[error("cannot read parameters {}", path.display())]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A value is wrong; the problem says where (`file:line:col`, or the key).
    #[error("{0}")]
    Invalid(Problem),
}

impl ParamsError {
    /// The problem of an invalid file, with its place.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Self::Invalid(problem) => Some(problem),
            Self::Read { .. } => None,
        }
    }

    fn in_file(self, file: Option<&Path>) -> Self {
        match self {
            Self::Invalid(problem) => Self::Invalid(Problem { file: file.map(Path::to_path_buf), ..problem }),
            other => other,
        }
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(error: &ParamsError) -> String {
        error.to_string()
    }

    #[test]
    fn defaults_round_trip_through_toml_and_json() {
        let params = Params::default();
        let toml_text = toml::to_string(&params).unwrap();
        assert_eq!(Params::from_toml(&toml_text, None).unwrap(), params);
        let json = serde_json::to_string_pretty(&params).unwrap();
        assert_eq!(Params::from_json(&json, None).unwrap(), params);
    }

    #[test]
    fn unknown_keys_are_placed() {
        let error = Params::from_toml("sick_rate = 0.1\nsick_days = 3\n", Some(Path::new("p.toml"))).unwrap_err();
        assert!(place(&error).starts_with("p.toml:2:1: unknown field `sick_days`"), "{error}");
        let error =
            Params::from_json("{\n  \"sick_rate\": 0.1,\n  \"sickness\": 1\n}", Some(Path::new("p.json"))).unwrap_err();
        assert!(place(&error).starts_with("p.json:3:"), "{error}");
        assert!(place(&error).contains("unknown field `sickness`"), "{error}");
    }

    #[test]
    fn rates_out_of_range_and_negative_amounts_are_placed() {
        let error = Params::from_toml("late_rate = 1.5\n", Some(Path::new("p.toml"))).unwrap_err();
        assert_eq!(place(&error), "p.toml:1:13: 1.5 is not a rate: write a probability from 0 to 1");
        let error = Params::from_toml("\n[tags]\nkey = -0.2\n", Some(Path::new("p.toml"))).unwrap_err();
        assert!(place(&error).starts_with("p.toml:3:7: -0.2 is not a rate"), "{error}");
        let error = Params::from_toml("visit_minutes = -3\n", None).unwrap_err();
        assert!(place(&error).starts_with("1:17: -3 is negative"), "{error}");
        let error = Params::from_json("{\"sick_rate\": -0.5}", None).unwrap_err();
        assert!(place(&error).contains("-0.5 is not a rate"), "{error}");
    }

    #[test]
    fn setters_are_checked_before_use() {
        let error = Params::new().sick_rate(2.0).check().unwrap_err();
        assert_eq!(place(&error), "sick_rate: 2 is not a rate: write a probability from 0 to 1");
        let error = Params::new().role_share("a", 0.7).role_share("b", 0.6).check().unwrap_err();
        assert!(place(&error).starts_with("roles: the role shares add up to"), "{error}");
        assert!(Params::new().travel_minutes_for("rural", -1.0).check().is_err());
    }
}

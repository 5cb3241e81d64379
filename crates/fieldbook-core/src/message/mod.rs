//! Messages as data: a catalog key and the values to word it with.
//!
//! Findings and agenda items carry, beside their English text, the [`Message`] it was
//! worded from, so that a host can word it in another language (the `fieldbook-i18n`
//! crate does, from Fluent catalogs) or its own way. The core words English itself, as
//! cheaply as before; it keeps no catalog and has no localisation dependency.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use smol_str::SmolStr;

/// A message: the key of a catalog entry (`step-late`) and its named values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Message {
    /// The catalog key; empty for a text the engine has no message for.
    pub key: &'static str,
    /// The values, by the names the catalog entry uses.
    pub args: Vec<(&'static str, Arg)>,
}

/// One value of a message.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Arg {
    /// A text used as it is: a title from the playbook, an id, a time of day, an amount
    /// as the playbook writes it (`30`, `4h50m`).
    Text(SmolStr),
    /// A whole number, worded with the language's plural rules.
    Count(u64),
    /// A date, worded in the language's way.
    Date(NaiveDate),
    /// A date and time to the minute, on the playbook's clock.
    Minute(DateTime<FixedOffset>),
    /// Texts worded as a list (`a, b` in English, `a、b` in Chinese).
    List(Vec<SmolStr>),
    /// Texts worded as the parts of one thing (`a; b`).
    Parts(Vec<SmolStr>),
    /// Texts any of which will do (`a or b`).
    Any(Vec<SmolStr>),
    /// Texts all of which are meant (`a and b`).
    All(Vec<SmolStr>),
    /// A message without values, by its key (`when-day`).
    Key(&'static str),
    /// A message inside this one, worded first.
    Message(Arc<Message>),
    /// Messages worded as a list (`a, b`).
    Messages(Vec<Message>),
}

impl Message {
    /// The message `key` with `args`.
    pub fn new<const N: usize>(key: &'static str, args: [(&'static str, Arg); N]) -> Self {
        Self { key, args: Vec::from(args) }
    }

    /// The value named `name`.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }

    /// Every key this message and those inside it use, this one first.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut keys = vec![self.key];
        for (_, arg) in &self.args {
            match arg {
                Arg::Key(key) => keys.push(key),
                Arg::Message(inner) => keys.extend(inner.keys()),
                Arg::Messages(inner) => keys.extend(inner.iter().flat_map(Message::keys)),
                _ => {}
            }
        }
        keys
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Self::Text(SmolStr::new(text))
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Self {
        Self::Text(SmolStr::new(text))
    }
}

impl From<SmolStr> for Arg {
    fn from(text: SmolStr) -> Self {
        Self::Text(text)
    }
}

impl From<&SmolStr> for Arg {
    fn from(text: &SmolStr) -> Self {
        Self::Text(text.clone())
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Self::Count(n)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Self::Count(n as u64)
    }
}

impl From<NaiveDate> for Arg {
    fn from(date: NaiveDate) -> Self {
        Self::Date(date)
    }
}

impl From<DateTime<FixedOffset>> for Arg {
    fn from(at: DateTime<FixedOffset>) -> Self {
        Self::Minute(at)
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Self {
        Self::Message(Arc::new(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_listed_with_those_inside() {
        let inner = Message::new("when-period", [("period", "week".into())]);
        let message = Message::new(
            "quota-judged",
            [("when", inner.into()), ("bounds", Arg::Key("bounds-least")), ("title", "Visits".into())],
        );
        assert_eq!(message.keys(), ["quota-judged", "when-period", "bounds-least"]);
        assert_eq!(message.arg("title"), Some(&Arg::Text("Visits".into())));
        assert_eq!(message.arg("nothing"), None);
    }
}

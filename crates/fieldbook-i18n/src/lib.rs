//! fieldbook's texts in the users' language.
//!
//! The engine keeps what it says as data: a finding's [`Finding::text`], an agenda
//! item's [`AgendaItem::title_text`] and [`AgendaItem::detail_text`] are
//! [`Message`]s, a catalog key and its values. A [`Localizer`] words them from the
//! Fluent catalogs of its [`Locale`] (`catalogs/en.ftl`, `catalogs/zh-CN.ftl`, compiled
//! in), with the plural rules of the language (Unicode CLDR, by the `fluent-bundle`
//! crate) and dates and lists written the language's way.
//!
//! English stays the default: the core words English itself, cheaply, and the English
//! catalog says the same word for word (a test checks a month of every seed playbook).
//! The host picks a locale per call, by the localizer it uses.
//!
//! ```
//! use fieldbook_i18n::{Locale, Localizer};
//! use fieldbook_core::message::{Arg, Message};
//!
//! let zh = Localizer::new(Locale::ZhCn);
//! let window = Message::new("window-working-days", [("n", Arg::Count(5))]);
//! assert_eq!(zh.message(&window).as_deref(), Some("5 个工作日内"));
//! let en = Localizer::new(Locale::En);
//! assert_eq!(en.message(&window).as_deref(), Some("within 5 working days"));
//! let one = Message::new("window-working-days", [("n", Arg::Count(1))]);
//! assert_eq!(en.message(&one).as_deref(), Some("within 1 working day"));
//! ```
#![deny(missing_docs)]

mod locale;
mod width;

use std::borrow::Cow;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use fieldbook_core::agenda::{AgendaItem, ItemKind};
use fieldbook_core::message::{Arg, Message};
use fieldbook_core::{Finding, Problem, Status};

pub use locale::{Locale, UnknownLocale};
pub use width::{pad, pad_start, width};

/// The catalogs, by locale, as compiled in.
const CATALOGS: [(Locale, &str); 2] =
    [(Locale::En, include_str!("../catalogs/en.ftl")), (Locale::ZhCn, include_str!("../catalogs/zh-CN.ftl"))];

/// Words messages in one language, from its catalog.
pub struct Localizer {
    locale: Locale,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer").field("locale", &self.locale).finish_non_exhaustive()
    }
}

impl Localizer {
    /// The localizer of `locale`.
    ///
    /// # Panics
    /// Never for the compiled-in catalogs: a test parses both.
    pub fn new(locale: Locale) -> Self {
        let text = catalog(locale);
        let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(resource, _)| resource);
        let mut bundle = FluentBundle::new_concurrent(vec![locale.language()]);
        // Plain text for terminals and files: no Unicode isolation marks around values.
        bundle.set_use_isolating(false);
        // Catalog entries are unique (a test checks), so adding cannot fail.
        let _ = bundle.add_resource(resource);
        Self { locale, bundle }
    }

    /// The locale.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// `message` worded, or `None` when its key is empty or the catalog lacks it or one of
    /// its values.
    pub fn message(&self, message: &Message) -> Option<String> {
        self.word(message.key, &message.args)
    }

    /// A catalog entry worded with `args` (the frontends' own texts).
    pub fn text(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        self.word(key, args).unwrap_or_else(|| key.to_string())
    }

    /// The one line of `finding`: its message worded, or its English `message` when it
    /// has none (a finding read back from JSON, a check script's own words).
    pub fn finding(&self, finding: &Finding) -> String {
        if self.locale == Locale::En {
            return finding.message.clone();
        }
        self.message(&finding.text).unwrap_or_else(|| finding.message.clone())
    }

    /// The title of an agenda item, worded (its `title` when it has no message).
    pub fn item_title(&self, item: &AgendaItem) -> String {
        if self.locale == Locale::En {
            return item.title.clone();
        }
        self.message(&item.title_text).unwrap_or_else(|| item.title.clone())
    }

    /// The detail of an agenda item, worded part by part and joined (its `detail` when
    /// it has no parts as messages).
    pub fn item_detail(&self, item: &AgendaItem) -> Option<String> {
        if self.locale == Locale::En || item.detail_text.is_empty() {
            return item.detail.clone();
        }
        let parts: Option<Vec<String>> = item.detail_text.iter().map(|m| self.message(m)).collect();
        let Some(parts) = parts else { return item.detail.clone() };
        Some(parts.join(&self.text("detail-separator", &[])))
    }

    /// A problem in a playbook or roster, as its `Display` writes it (`file:line:col:
    /// path: message`), with the message worded (in English when it has no message yet).
    pub fn problem(&self, problem: &Problem) -> String {
        let english = problem.to_string();
        let worded = problem.text.as_deref().and_then(|m| self.message(m));
        match worded.filter(|_| self.locale != Locale::En) {
            Some(worded) => format!("{}{worded}", &english[..english.len() - problem.message.len()]),
            None => english,
        }
    }

    /// A verdict in words (`pass`, `通过`).
    pub fn status(&self, status: Status) -> String {
        self.text(status_key(status), &[])
    }

    /// A sort of agenda item in words (`meeting`, `会议`).
    pub fn item_kind(&self, kind: ItemKind) -> String {
        self.text(kind_key(kind), &[])
    }

    /// A date the language's way (`2026-12-07`, `2026年12月7日`).
    pub fn date(&self, date: chrono::NaiveDate) -> String {
        date.format(&self.text("date-format", &[])).to_string()
    }

    /// A date and time to the minute the language's way.
    pub fn minute(&self, at: chrono::DateTime<chrono::FixedOffset>) -> String {
        at.format(&self.text("minute-format", &[])).to_string()
    }

    fn word(&self, key: &str, args: &[(&'static str, Arg)]) -> Option<String> {
        if key.is_empty() {
            return None;
        }
        let pattern = self.bundle.get_message(key)?.value()?;
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, arg) in args {
            let value: FluentValue<'_> = match arg {
                Arg::Text(text) => FluentValue::from(text.as_str()),
                Arg::Count(n) => FluentValue::from(*n),
                Arg::Date(date) => FluentValue::from(self.date(*date)),
                Arg::Minute(at) => FluentValue::from(self.minute(*at)),
                Arg::List(items) => FluentValue::from(self.list(items, "list-comma")),
                Arg::Parts(items) => FluentValue::from(self.list(items, "detail-separator")),
                Arg::Any(items) => FluentValue::from(self.list(items, "list-or")),
                Arg::All(items) => FluentValue::from(self.list(items, "list-and")),
                // A message without values of its own is worded with this one's plain
                // values (not its other keys: `first-start` says `first { $kind }`).
                Arg::Key(inner) => {
                    let plain: Vec<(&'static str, Arg)> =
                        args.iter().filter(|(_, a)| !matches!(a, Arg::Key(_))).cloned().collect();
                    FluentValue::from(self.word(inner, &plain)?)
                }
                Arg::Message(inner) => FluentValue::from(self.message(inner)?),
                Arg::Messages(inner) => {
                    let worded: Option<Vec<String>> = inner.iter().map(|m| self.message(m)).collect();
                    FluentValue::from(worded?.join(&self.text("list-comma", &[])))
                }
            };
            fluent.set(*name, value);
        }
        let mut errors = Vec::new();
        let text: Cow<'_, str> = self.bundle.format_pattern(pattern, Some(&fluent), &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }

    fn list(&self, items: &[fieldbook_core::SmolStr], separator: &str) -> String {
        let separator = self.text(separator, &[]);
        let items: Vec<&str> = items.iter().map(|i| i.as_str()).collect();
        items.join(&separator)
    }
}

/// The text of the catalog of `locale`.
pub fn catalog(locale: Locale) -> &'static str {
    CATALOGS.iter().find(|(l, _)| *l == locale).map_or("", |(_, text)| text)
}

fn status_key(status: Status) -> &'static str {
    match status {
        Status::Pass => "status-pass",
        Status::Fail => "status-fail",
        Status::Warning => "status-warning",
        Status::Pending => "status-pending",
        Status::Error => "status-error",
        Status::Excused => "status-excused",
    }
}

fn kind_key(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Step => "kind-step",
        ItemKind::Meeting => "kind-meeting",
        ItemKind::Report => "kind-report",
        ItemKind::Task => "kind-task",
        ItemKind::Target => "kind-target",
        ItemKind::Focus => "kind-focus",
        ItemKind::Reminder => "kind-reminder",
        ItemKind::Renewal => "kind-renewal",
        ItemKind::Call => "kind-call",
        ItemKind::Review => "kind-review",
        ItemKind::Candidate => "kind-candidate",
    }
}

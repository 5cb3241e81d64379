//! The locales fieldbook has catalogs for.

use std::fmt;
use std::str::FromStr;

use unic_langid::LanguageIdentifier;

/// A language fieldbook's texts are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English, the default: the texts the core writes itself.
    #[default]
    En,
    /// Simplified Chinese (`zh-CN`).
    ZhCn,
}

impl Locale {
    /// Every locale with a catalog.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::ZhCn];

    /// The language tag: `en`, `zh-CN`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::ZhCn => "zh-CN",
        }
    }

    /// The language tag as Fluent takes it.
    pub(crate) fn language(self) -> LanguageIdentifier {
        // Both tags are well formed (a test parses them).
        self.tag().parse().unwrap_or_default()
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A language tag fieldbook has no catalog for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no catalog for locale `{0}`: use `en` or `zh-CN`")]
pub struct UnknownLocale(pub String);

/// `en` (also `en-US`, `en-GB` …) or `zh-CN` (also `zh`, `zh-Hans`, `zh_CN`), in any case.
impl FromStr for Locale {
    type Err = UnknownLocale;

    fn from_str(tag: &str) -> Result<Self, Self::Err> {
        let id: LanguageIdentifier = tag.replace('_', "-").parse().map_err(|_| UnknownLocale(tag.to_string()))?;
        match (id.language.as_str(), id.script.as_ref().map(|s| s.as_str()), id.region.as_ref().map(|r| r.as_str())) {
            ("en", _, _) => Ok(Self::En),
            ("zh", None | Some("Hans"), None | Some("CN")) => Ok(Self::ZhCn),
            _ => Err(UnknownLocale(tag.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_in_their_usual_spellings() {
        for tag in ["en", "EN", "en-US", "en_GB"] {
            assert_eq!(tag.parse::<Locale>(), Ok(Locale::En), "{tag}");
        }
        for tag in ["zh-CN", "zh_CN", "zh", "zh-Hans", "zh-Hans-CN", "ZH-cn"] {
            assert_eq!(tag.parse::<Locale>(), Ok(Locale::ZhCn), "{tag}");
        }
        for tag in ["zh-TW", "zh-Hant", "fr", "", "not a tag"] {
            assert!(tag.parse::<Locale>().is_err(), "{tag}");
        }
        assert_eq!(Locale::ZhCn.to_string(), "zh-CN");
    }
}

//! `--lang`: the language of an example's texts, and the playbook's titles in it.
//!
//! The engine's phrases come from the catalogs of `fieldbook-i18n`; the playbook's own
//! titles and notes from its translation, `translations/STEM.LANG.toml` beside the
//! playbook (e.g. `examples/playbooks/translations/t77.zh-CN.toml`), when there is one.

use std::path::{Path, PathBuf};

use fieldbook::Playbook;
use fieldbook_i18n::{Locale, Localizer};

/// The locale of a `--lang` argument (`en`, `zh-CN`).
pub fn locale(tag: &str) -> Result<Locale, String> {
    tag.parse::<Locale>().map_err(|e| e.to_string())
}

/// The translation of the playbook at `path` into `locale`, if one lies beside it.
pub fn translation_of(path: &Path, locale: Locale) -> Option<PathBuf> {
    let stem = path.file_stem()?.to_str()?;
    let file = path.parent()?.join("translations").join(format!("{stem}.{}.toml", locale.tag()));
    file.exists().then_some(file)
}

/// `playbook` (read from `path`) with its titles in `locale`, and the localizer of it.
/// English, or a playbook without a translation, keeps the titles as written.
pub fn localized(path: &Path, playbook: Playbook, locale: Locale) -> Result<(Playbook, Localizer), String> {
    let localizer = Localizer::new(locale);
    if locale == Locale::En {
        return Ok((playbook, localizer));
    }
    let Some(file) = translation_of(path, locale) else {
        eprintln!("no translation of {} into {locale}: its titles stay as written", path.display());
        return Ok((playbook, localizer));
    };
    // Bounded as a playbook is (`fieldbook::MAX_FILE_BYTES`).
    let text = fieldbook::playbook::Sources::read(&fieldbook::FileSystem, &file)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let translated = playbook.translated(&text, Some(&file)).map_err(|e| e.to_string())?;
    Ok((translated, localizer))
}

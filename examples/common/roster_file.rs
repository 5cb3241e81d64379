//! The roster file of the example frontends.

use std::path::Path;

use fieldbook::Roster;

/// Reads a roster, JSON `{"people": [...], "customers": [...]}`; an error names the file.
pub fn read(path: &Path) -> Result<Roster, String> {
    let at = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| at(&e))?;
    serde_json::from_str(&text).map_err(|e| at(&e))
}

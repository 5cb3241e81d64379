//! The roster file of the example frontends.

use std::io::Read;
use std::path::Path;

use fieldbook::Roster;

/// The largest roster file read: 1 GiB (a province of 10,000 people with 150 customers
/// each is about 300 MB of JSON).
const MAX_ROSTER_BYTES: u64 = 1 << 30;

/// Reads a roster, JSON `{"people": [...], "customers": [...]}`, of at most 1 GiB; an
/// error names the file.
pub fn read(path: &Path) -> Result<Roster, String> {
    let at = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_ROSTER_BYTES + 1).read_to_string(&mut text))
        .map_err(|e| at(&e))?;
    if text.len() as u64 > MAX_ROSTER_BYTES {
        return Err(at(&format!("the file is larger than {} MiB", MAX_ROSTER_BYTES >> 20)));
    }
    serde_json::from_str(&text).map_err(|e| at(&e))
}

//! A playbook's identity: its id and a digest of its content, which a tracker's snapshot
//! carries so that it is never restored under another playbook.

use serde::{Deserialize, Serialize};

use crate::load::ScriptSource;
use crate::spec::PlaybookSpec;

/// Which playbook, exactly: its id and a digest of the effective playbook and its check
/// scripts. Two loads of the same files give the same identity; any change to a rule, a
/// title or a script gives another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaybookIdentity {
    /// `[playbook] id`.
    pub id: String,
    /// 64-bit FNV-1a of the effective playbook as JSON and the scripts' text, in hex.
    pub digest: String,
}

impl PlaybookIdentity {
    pub(crate) fn of(spec: &PlaybookSpec, scripts: &[Option<ScriptSource>]) -> Self {
        // FNV-1a: a few lines, stable across versions and platforms (unlike the hashers
        // of maps), and no dependency. It tells versions apart; it is no signature.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |bytes: &[u8]| {
            for byte in bytes {
                hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        // The spec holds no map whose order varies, so its JSON is the same every time.
        feed(serde_json::to_string(spec).unwrap_or_default().as_bytes());
        for script in scripts {
            feed(&[0xff]);
            feed(script.as_ref().map_or("", |s| s.text.as_str()).as_bytes());
        }
        Self { id: spec.playbook.id.clone(), digest: format!("{hash:016x}") }
    }
}

impl std::fmt::Display for PlaybookIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` (content {})", self.id, self.digest)
    }
}

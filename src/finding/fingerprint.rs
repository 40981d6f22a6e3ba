//! The content-anchored fingerprint: one identity per (rule, secret), wherever and however often
//! the secret appears. Recipe (documented in the README):
//! `hex(SHA-256("nhiscan-fingerprint-v1" || 0x00 || rule_id || 0x00 || secret))[..32]`.
//! No path, line, offset or commit goes in, so it survives moves and edits around the secret.
use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Fingerprint(String);

impl Fingerprint {
    pub fn of(rule_id: &str, secret: &[u8]) -> Fingerprint {
        let mut h = Sha256::new();
        h.update(b"nhiscan-fingerprint-v1\0");
        h.update(rule_id.as_bytes());
        h.update([0]);
        h.update(secret);
        Fingerprint(crate::rules::hex(&h.finalize()[..16]))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipe_is_stable() {
        // Pinned: changing this value breaks every user's baseline.
        let expected = {
            let mut h = Sha256::new();
            h.update(b"nhiscan-fingerprint-v1\0rule\0secret");
            crate::rules::hex(&h.finalize()[..16])
        };
        assert_eq!(Fingerprint::of("rule", b"secret").as_str(), expected);
        assert_eq!(Fingerprint::of("rule", b"secret").as_str().len(), 32);
        assert_ne!(
            Fingerprint::of("rule", b"secret"),
            Fingerprint::of("rul", b"esecret")
        );
    }
}

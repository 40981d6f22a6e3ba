//! Tokens that carry their own checksum: GitHub's prefixed tokens (`ghp_`, `gho_`, `ghu_`,
//! `ghs_`, `ghr_`) and npm's (`npm_`) are a prefix, 30 random base62 characters and 6
//! characters of checksum, the CRC32 of the random part in base62. A token whose checksum
//! fails was never issued: a typo, a test value or a made-up example. This module also names
//! GitHub's token types, fine-grained PATs (`github_pat_`) included, though their own check
//! is not public and so not verified here. It cannot tell whether a token is still active.
use super::{Evidence, Lifetime};

const RANDOM_LEN: usize = 30;
const CHECKSUM_LEN: usize = 6;
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Prefixes of checksummed tokens, with what GitHub or npm calls the token and, when the
/// token type fixes it, its lifetime.
const CHECKSUMMED: [(&str, &str, Option<Lifetime>); 6] = [
    ("ghp_", "classic personal access token", None),
    ("gho_", "OAuth access token", None),
    // GitHub documents 8 hours for user-to-server tokens and 1 hour for installation tokens.
    (
        "ghu_",
        "GitHub App user-to-server token",
        Some(Lifetime::Short),
    ),
    (
        "ghs_",
        "GitHub App installation token",
        Some(Lifetime::Short),
    ),
    ("ghr_", "GitHub App refresh token", None),
    ("npm_", "npm access token", None),
];

/// Whether a checksummed token's checksum holds; None when `secret` is not a token of a
/// checksummed format. A known prefix with another length is None, not false: it may be a
/// newer format of the same provider, and calling it fake would be a guess.
pub fn verify(secret: &[u8]) -> Option<bool> {
    let (prefix, _, _) = CHECKSUMMED
        .iter()
        .find(|(p, _, _)| secret.starts_with(p.as_bytes()))?;
    let body = &secret[prefix.len()..];
    if body.len() != RANDOM_LEN + CHECKSUM_LEN || !body.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    let (random, checksum) = body.split_at(RANDOM_LEN);
    Some(base62_crc32(random) == checksum)
}

/// Token type, checksum and lifetime of a GitHub or npm token; None for other secrets.
pub(super) fn evidence(secret: &[u8]) -> Option<Evidence> {
    let mut e = Evidence::default();
    if secret.starts_with(b"github_pat_") {
        // Fine-grained PATs get an expiry chosen at creation: the rule's lifetime stands.
        e.fact("token_type", "fine-grained personal access token");
        return Some(e);
    }
    let (_, token_type, lifetime) = CHECKSUMMED
        .iter()
        .find(|(p, _, _)| secret.starts_with(p.as_bytes()))?;
    let valid = verify(secret)?;
    e.fact("token_type", token_type);
    e.fact("checksum", if valid { "valid" } else { "invalid" });
    e.likely_fake = !valid;
    e.lifetime = *lifetime;
    Some(e)
}

/// The CRC32 of `data` in base62, left-padded with `0` to 6 characters (62^6 > 2^32, so it
/// always fits).
fn base62_crc32(data: &[u8]) -> [u8; CHECKSUM_LEN] {
    let mut n = crc32fast::hash(data);
    let mut out = [b'0'; CHECKSUM_LEN];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RANDOM: &str = "k3T9qZx1LmN0pQr7sUv2wXy5aBcDeF";

    fn token(prefix: &str) -> String {
        let sum = base62_crc32(RANDOM.as_bytes());
        format!("{prefix}{RANDOM}{}", std::str::from_utf8(&sum).unwrap())
    }

    #[test]
    fn base62_matches_a_hand_computed_value() {
        // crc32("") = 0 pads to all zeros; crc32("a") = 0xe8b7be43 = 3904355907, and
        // 3904355907 in base 62 is 4, 16, 14, 17, 20, 23 -> "4GEHKN".
        assert_eq!(&base62_crc32(b""), b"000000");
        assert_eq!(&base62_crc32(b"a"), b"4GEHKN");
    }

    #[test]
    fn a_correct_checksum_is_valid() {
        for (prefix, _, _) in CHECKSUMMED {
            assert_eq!(verify(token(prefix).as_bytes()), Some(true), "{prefix}");
        }
        let e = evidence(token("ghp_").as_bytes()).unwrap();
        assert_eq!(e.facts["checksum"], "valid");
        assert_eq!(e.facts["token_type"], "classic personal access token");
        assert!(!e.likely_fake);
        assert_eq!(e.lifetime, None);
    }

    #[test]
    fn a_flipped_character_is_invalid_and_likely_fake() {
        let mut t = token("npm_").into_bytes();
        t[10] = if t[10] == b'A' { b'B' } else { b'A' };
        assert_eq!(verify(&t), Some(false));
        let e = evidence(&t).unwrap();
        assert_eq!(e.facts["checksum"], "invalid");
        assert!(e.likely_fake);
    }

    #[test]
    fn app_tokens_are_short_lived() {
        for prefix in ["ghu_", "ghs_"] {
            let e = evidence(token(prefix).as_bytes()).unwrap();
            assert_eq!(e.lifetime, Some(Lifetime::Short), "{prefix}");
        }
    }

    #[test]
    fn other_shapes_are_not_checksummed() {
        assert_eq!(verify(b""), None);
        assert_eq!(verify(b"ghp_"), None);
        assert_eq!(verify(b"ghp_tooshort"), None);
        assert_eq!(verify(format!("{}x", token("ghp_")).as_bytes()), None);
        assert_eq!(verify("ghp_é€".as_bytes()), None);
        assert_eq!(verify(token("xyz_").as_bytes()), None);
        assert_eq!(evidence(b"ghp_tooshort"), None);
    }

    #[test]
    fn fine_grained_pats_are_named_but_not_checked() {
        let e = evidence(b"github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz").unwrap();
        assert_eq!(e.facts["token_type"], "fine-grained personal access token");
        assert!(!e.facts.contains_key("checksum"));
        assert_eq!(e.lifetime, None);
    }
}

//! Evidence is what a secret tells about its credential without asking anyone: a checksum that
//! holds or fails, the claims of a JWT, the algorithm and size of a private key, the account an
//! AWS key id belongs to, the project of a service-account key. Everything here is pure: no
//! I/O, no network, no clock (the caller passes `now`), and no panic on any bytes, since the
//! bytes come from scanned files. It does not verify signatures, decrypt keys, or decide
//! severity; it reports facts, and flags that the report stage weighs.
pub mod checksum;

mod aws;
mod der;
mod gcp;
mod jwt;
mod key;
mod pem;
mod pgp;
mod ssh;

use std::collections::BTreeMap;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use serde::Serialize;

use crate::rules::EvidenceFormat;

/// Longest fact value kept, in characters: claims and JSON fields are attacker-chosen text.
const FACT_MAX_CHARS: usize = 200;

/// Encoders disagree on padding and on the unused low bits of the last character; evidence
/// only needs the bytes, so decoding accepts every variant.
const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const BASE64: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const BASE64_URL: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// What the secret itself tells about the credential.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Facts, in key order: ("checksum", "valid"), ("aws_account_id", "123456789012"), ...
    pub facts: BTreeMap<String, String>,
    /// Lifetime learned from the secret, overriding the rule's (None: keep the rule's).
    pub lifetime: Option<Lifetime>,
    /// The secret fails its own format check (bad checksum): likely fake, lower confidence.
    pub likely_fake: bool,
    /// The secret should have parsed (a JWT, a PEM block, a key file) but did not.
    pub unparsed: bool,
    /// A property that lowers the risk (encrypted private key, test-mode key).
    pub lowers_severity: bool,
}

/// How long the credential stays valid, as far as the secret says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lifetime {
    Long,
    Short,
    Expired,
    Unknown,
}

impl Evidence {
    /// The evidence of a secret that has the shape of a format but does not parse as it.
    fn unparsed() -> Self {
        let mut e = Evidence {
            unparsed: true,
            lifetime: Some(Lifetime::Unknown),
            ..Evidence::default()
        };
        e.fact("evidence", "unparsed");
        e
    }

    /// Records a fact, cut to a bounded length with control characters replaced, so that a
    /// crafted claim cannot flood or corrupt a report.
    fn fact(&mut self, key: &str, value: impl AsRef<str>) {
        let clean: String = value
            .as_ref()
            .chars()
            .take(FACT_MAX_CHARS)
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect();
        self.facts.insert(key.to_string(), clean);
    }
}

/// Evidence for a secret at time `now` (seconds since the Unix epoch), read as `format` when
/// the rule names one, else as whatever the secret's shape shows. A `ServiceAccount` secret is
/// the text around the match, since the key file's other fields say whose key it is.
pub fn gather(format: Option<EvidenceFormat>, secret: &[u8], now: i64) -> Evidence {
    let token = trim_token(secret);
    match format {
        Some(EvidenceFormat::Checksum) => checksum::evidence(token).unwrap_or_default(),
        Some(EvidenceFormat::AwsKeyId) => aws::evidence(token).unwrap_or_default(),
        Some(EvidenceFormat::Jwt) => jwt::evidence(token, now),
        Some(EvidenceFormat::PrivateKey) => pem::evidence(secret).unwrap_or_default(),
        Some(EvidenceFormat::ServiceAccount) => gcp::evidence(secret),
        None => by_shape(secret, token, now),
    }
}

/// Evidence for a secret of a rule that names no format: each reader whose format the secret
/// unmistakably has, in order.
fn by_shape(secret: &[u8], token: &[u8], now: i64) -> Evidence {
    if let Some(e) = checksum::evidence(token) {
        return e;
    }
    if let Some(e) = aws::evidence(token) {
        return e;
    }
    // Before PEM: a service-account key file carries a PEM private key inside it, and the
    // file says more (project, account) than the key does.
    if gcp::is_service_account(secret) {
        return gcp::evidence(secret);
    }
    if let Some(e) = pem::evidence(secret) {
        return e;
    }
    // `{"` encodes to `eyJ`: a JWT that a generic rule found.
    if token.starts_with(b"eyJ") && token.contains(&b'.') {
        return jwt::evidence(token, now);
    }
    Evidence::default()
}

/// A token as a rule may have captured it: with surrounding whitespace or quotes.
fn trim_token(secret: &[u8]) -> &[u8] {
    let s = secret.trim_ascii();
    let s = s.strip_prefix(b"\"").unwrap_or(s);
    s.strip_suffix(b"\"").unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_secrets_get_no_evidence() {
        use EvidenceFormat::*;
        for (format, secret) in [
            (None, &b"sk_live_0123456789abcdef"[..]),
            (
                Some(PrivateKey),
                b"AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ",
            ),
            (None, b""),
            (Some(AwsKeyId), b"AIDAJQABLZS4A3QDU576Q"),
            (Some(Checksum), b"glpat-0123456789abcdefghij"),
        ] {
            assert_eq!(gather(format, secret, 0), Evidence::default(), "{format:?}");
        }
    }

    #[test]
    fn facts_are_bounded_and_free_of_control_characters() {
        let mut e = Evidence::default();
        e.fact("sub", format!("a\u{1b}[31m{}", "x".repeat(1000)));
        let v = &e.facts["sub"];
        assert_eq!(v.chars().count(), FACT_MAX_CHARS);
        assert!(!v.chars().any(char::is_control));
    }

    #[test]
    fn unparsed_evidence_says_so() {
        let e = Evidence::unparsed();
        assert!(e.unparsed);
        assert_eq!(e.lifetime, Some(Lifetime::Unknown));
        assert_eq!(e.facts["evidence"], "unparsed");
    }

    #[test]
    fn a_jwt_named_by_the_rule_is_parsed_whatever_its_shape() {
        assert!(gather(Some(EvidenceFormat::Jwt), b"not.a.jwt", 0).unparsed);
        assert!(gather(Some(EvidenceFormat::Jwt), b"garbage", 0).unparsed);
        assert_eq!(gather(None, b"not.a.jwt", 0), Evidence::default());
        assert!(gather(None, b"eyJhbGciOi.x", 0).unparsed);
    }

    #[test]
    fn a_named_format_is_the_only_reader() {
        let ghp = b"ghp_k3T9qZx1LmN0pQr7sUv2wXy5aBcDeF1a2b3c";
        assert!(gather(None, ghp, 0).facts.contains_key("token_type"));
        assert!(gather(Some(EvidenceFormat::Checksum), ghp, 0)
            .facts
            .contains_key("token_type"));
        assert_eq!(
            gather(Some(EvidenceFormat::Jwt), ghp, 0),
            Evidence::unparsed()
        );
        assert_eq!(
            gather(Some(EvidenceFormat::AwsKeyId), ghp, 0),
            Evidence::default()
        );
    }

    #[test]
    fn quotes_and_whitespace_around_a_token_are_ignored() {
        let e = gather(None, b" \"ASIAY34FZKBOKMUTVV7A\"\n", 0);
        assert_eq!(e.facts["aws_account_id"], "609629065308");
    }

    /// Cuts and corrupts well-formed secrets of every format: whatever comes out, gathering
    /// returns, and unparsed evidence always has the unknown lifetime.
    #[test]
    fn damaged_secrets_never_panic() {
        use base64::Engine;
        use der::build::{big_integer, oid, seq, small_integer, tlv};

        let rsa = seq(&[small_integer(0), big_integer(256), small_integer(3)]);
        let ec8 = seq(&[
            small_integer(0),
            seq(&[oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7")]),
            tlv(
                der::OCTET_STRING,
                &seq(&[small_integer(1), tlv(der::OCTET_STRING, &[5; 32])]),
            ),
        ]);
        let ssh = [
            &b"openssh-key-v1\0\0\0\0\x04none\0\0\0\x04none\0\0\0\0\0\0\0\x01\0\0\0\x33"[..],
            b"\0\0\0\x0bssh-ed25519\0\0\0\x20",
            &[7; 32],
            b"\0\0\0\x08",
            &[9; 8],
        ]
        .concat();
        let jwt = format!(
            "{}.{}.c2ln",
            BASE64_URL.encode(r#"{"alg":"RS256","typ":"JWT"}"#),
            BASE64_URL.encode(r#"{"sub":"a","aud":["b","c"],"iat":1,"exp":2}"#)
        );
        use EvidenceFormat::*;
        let samples = [
            (
                PrivateKey,
                key::tests::pem("RSA PRIVATE KEY", &[], &rsa).replace('\n', "\\n"),
            ),
            (PrivateKey, key::tests::pem("PRIVATE KEY", &[], &ec8)),
            (
                PrivateKey,
                key::tests::pem("OPENSSH PRIVATE KEY", &[], &ssh),
            ),
            (Jwt, jwt),
            (
                ServiceAccount,
                r#"{"type": "service_account", "project_id": "p", "client_email": "e"}"#.into(),
            ),
            (AwsKeyId, "ASIAY34FZKBOKMUTVV7A".into()),
            (Checksum, "ghp_k3T9qZx1LmN0pQr7sUv2wXy5aBcDeF1a2b3c".into()),
        ];
        let check = |format: EvidenceFormat, bytes: &[u8]| {
            for format in [Some(format), None] {
                let e = gather(format, bytes, 1);
                assert!(!e.unparsed || e.lifetime == Some(Lifetime::Unknown));
            }
        };
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for (format, sample) in samples {
            let bytes = sample.as_bytes();
            assert_ne!(
                gather(Some(format), bytes, 1),
                Evidence::default(),
                "{sample}"
            );
            assert!(!gather(Some(format), bytes, 1).unparsed, "{sample}");
            assert_eq!(gather(None, bytes, 1), gather(Some(format), bytes, 1));
            for cut in (0..bytes.len()).step_by(3) {
                check(format, &bytes[..cut]);
                check(format, &bytes[cut..]);
            }
            for _ in 0..300 {
                // xorshift64: a fixed, reproducible stream of positions and bytes.
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let mut damaged = bytes.to_vec();
                let at = (state % bytes.len() as u64) as usize;
                damaged[at] = (state >> 32) as u8;
                check(format, &damaged);
            }
        }
    }

    #[test]
    fn lifetime_serialises_lowercase() {
        let json = serde_json::to_string(&Lifetime::Expired).unwrap();
        assert_eq!(json, "\"expired\"");
    }
}

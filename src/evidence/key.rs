//! What every private key format tells, whatever its container: algorithm, size or curve,
//! and whether it is encrypted. `pem` reads PEM blocks and PuTTY files, `ssh` OpenSSH and PuTTY
//! keys, `pgp` OpenPGP keys; each fills a `KeyFacts`, which becomes the evidence here, so the
//! three readers share this file instead of importing each other.
use super::{Evidence, BASE64};
use base64::Engine;

/// What a key file tells, before it becomes facts.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct KeyFacts {
    pub algorithm: Option<String>,
    pub bits: Option<usize>,
    pub curve: Option<String>,
    pub encrypted: Option<bool>,
    /// Format-specific facts, e.g. an OpenSSH key's cipher.
    pub extra: Vec<(&'static str, String)>,
}

impl KeyFacts {
    pub fn algorithm(name: &str) -> Self {
        KeyFacts {
            algorithm: Some(name.to_string()),
            ..KeyFacts::default()
        }
    }

    /// Sets the curve from its OID (the OID itself when the curve is not a known one), and the
    /// key size when the curve fixes it as a number people compare.
    pub fn set_curve(&mut self, oid: &str) {
        let (name, bits) = match oid {
            "1.2.840.10045.3.1.7" => ("P-256", Some(256)),
            "1.3.132.0.34" => ("P-384", Some(384)),
            "1.3.132.0.35" => ("P-521", Some(521)),
            "1.3.132.0.10" => ("secp256k1", Some(256)),
            // OpenPGP's names for the curves of Ed25519 and X25519 keys.
            "1.3.6.1.4.1.11591.15.1" => ("Ed25519", None),
            "1.3.6.1.4.1.3029.1.5.1" => ("Curve25519", None),
            other => (other, None),
        };
        self.curve = Some(name.to_string());
        self.bits = bits;
    }

    pub(super) fn into_evidence(self) -> Evidence {
        let mut e = Evidence::default();
        if let Some(algorithm) = self.algorithm {
            e.fact("algorithm", algorithm);
        }
        if let Some(bits) = self.bits {
            e.fact("key_bits", bits.to_string());
        }
        if let Some(curve) = self.curve {
            e.fact("curve", curve);
        }
        if let Some(encrypted) = self.encrypted {
            e.fact("encrypted", encrypted.to_string());
            e.lowers_severity = encrypted;
        }
        for (key, value) in self.extra {
            e.fact(key, value);
        }
        e
    }
}

/// Base64 of the lines of `text` (whitespace removed), or None when it is not base64.
pub(super) fn decode_lines<'a>(lines: impl Iterator<Item = &'a [u8]>) -> Option<Vec<u8>> {
    let joined: Vec<u8> = lines
        .flatten()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    BASE64.decode(joined).ok()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// `der` as a PEM block with 64-character lines, after `headers` lines.
    pub fn pem(label: &str, headers: &[&str], der: &[u8]) -> String {
        let b64 = BASE64.encode(der);
        let mut out = format!("-----BEGIN {label}-----\n");
        for h in headers {
            out.push_str(h);
            out.push('\n');
        }
        if !headers.is_empty() {
            out.push('\n');
        }
        for chunk in b64.as_bytes().chunks(64) {
            out.push_str(std::str::from_utf8(chunk).unwrap());
            out.push('\n');
        }
        out.push_str(&format!("-----END {label}-----\n"));
        out
    }
}

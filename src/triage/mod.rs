//! The triage stage decides, hit by hit, whether a regex match is a credential worth
//! reporting: it drops placeholders and documentation values, assignments of code rather than
//! literals, digests and embedded data, secrets below the rule's entropy floor and secrets on
//! the rule's own allowlist, and says why (`Drop`) so the scan can count it. It sees one hit
//! and its bytes; what a team chose to allow is the later `suppress` stage's.
mod assignment;
mod entropy;
mod noise;
mod placeholder;

pub use assignment::is_literal_value;
pub use entropy::shannon_entropy;
pub use placeholder::is_placeholder;

use regex_automata::Input;
use serde::Serialize;

use crate::matcher::Hit;
use crate::rules::{RuleError, RuleSet};

/// Why a hit was not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Drop {
    /// A documentation value, template reference or obvious filler.
    Placeholder,
    /// Below the rule's minimum entropy.
    LowEntropy,
    /// Matched one of the rule's allowlist patterns.
    Allowlisted,
    /// An assignment whose value is code, an identifier or a reference, not a literal.
    NotLiteral,
    /// An integrity hash, a digest, a UUID or a short hex id, not a credential.
    Digest,
    /// Part of a data URI or an embedded image.
    EmbeddedData,
    /// A made-up value (`abcd1234`, `Pass@Word1`) or a type name, in a generic rule's match.
    FakeValue,
    /// Ciphertext that only its owner can open: a SealedSecret's `encryptedData` value.
    Encrypted,
}

impl Drop {
    pub const ALL: [Drop; 8] = [
        Drop::Placeholder,
        Drop::LowEntropy,
        Drop::Allowlisted,
        Drop::NotLiteral,
        Drop::Digest,
        Drop::EmbeddedData,
        Drop::FakeValue,
        Drop::Encrypted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Drop::Placeholder => "placeholder",
            Drop::LowEntropy => "low_entropy",
            Drop::Allowlisted => "allowlisted",
            Drop::NotLiteral => "not_literal",
            Drop::Digest => "digest",
            Drop::EmbeddedData => "embedded_data",
            Drop::FakeValue => "fake_value",
            Drop::Encrypted => "encrypted",
        }
    }
}

/// Keeps or drops one hit in the blob `path`. On keep, returns the secret's entropy (bits per
/// byte).
pub fn keep(
    rules: &RuleSet,
    path: &str,
    haystack: &[u8],
    hit: &Hit,
) -> Result<Result<f64, Drop>, RuleError> {
    let rule = rules.get(hit.rule);
    let secret = &haystack[hit.secret.clone()];
    if is_placeholder(secret) {
        return Ok(Err(Drop::Placeholder));
    }
    if rule.assignment && !is_literal_value(haystack, hit.secret.clone()) {
        return Ok(Err(Drop::NotLiteral));
    }
    let judged = if rule.is_generic() {
        noise::Judged::Generic
    } else if rule.kind == "password" {
        noise::Judged::Password
    } else {
        noise::Judged::Token
    };
    if let Some(why) = noise::noise(path, haystack, &hit.span, &hit.secret, judged) {
        return Ok(Err(why));
    }
    let entropy = shannon_entropy(secret);
    if rule.entropy.is_some_and(|min| entropy < min) {
        return Ok(Err(Drop::LowEntropy));
    }
    if !rule.allowlist.is_empty() {
        let compiled = rule.compiled()?;
        if compiled
            .allowlist
            .iter()
            .any(|re| re.is_match(Input::new(secret)))
        {
            return Ok(Err(Drop::Allowlisted));
        }
    }
    Ok(Ok(entropy))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleIndex, RuleSource};

    fn set() -> RuleSet {
        RuleSet::load(&[RuleSource {
            name: "t.toml".into(),
            text: r#"
[[rules]]
id = "acme"
description = "Acme"
provider = "acme"
kind = "api-key"
lifetime = "long"
severity = "high"
keywords = ["acme_"]
regex = '''acme_(?P<secret>\w+)'''
entropy = 3.0
allowlist = ['''^acme_?test''', '''^0123''']
"#
            .into(),
            eager: true,
        }])
        .unwrap()
    }

    fn verdict(hay: &[u8]) -> Result<f64, Drop> {
        let set = set();
        let hit = Hit {
            rule: RuleIndex(0),
            span: 0..hay.len(),
            secret: 5..hay.len(),
        };
        keep(&set, "f", hay, &hit).unwrap()
    }

    #[test]
    fn keeps_random_secrets() {
        assert!(verdict(b"acme_q8Zr2LxW9vT4").is_ok());
    }

    #[test]
    fn drops_with_reason() {
        assert_eq!(verdict(b"acme_EXAMPLEKEY123"), Err(Drop::Placeholder));
        assert_eq!(verdict(b"acme_aaaabbbbaaaa"), Err(Drop::LowEntropy));
        assert_eq!(verdict(b"acme_0123q8Zr2LxW"), Err(Drop::Allowlisted));
    }
}

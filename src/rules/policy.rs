//! The words of the gate policy (`--fail-on`, `--min-severity`, `--min-confidence` and the
//! config's `[policy]`), as types. Each scale has one table of its words, which both the flags
//! and the config parse with, so that an unknown word is an error naming the allowed ones and
//! can never fall through to a weaker setting. What the gate does with a policy is `gate`'s.
use super::Severity;
use serde::Serialize;

/// A scale whose values are written as words.
pub trait Word: Copy + Sized + 'static {
    /// Every value and its word, in the order help text lists them.
    const WORDS: &'static [(&'static str, Self)];

    fn parse(word: &str) -> Option<Self> {
        Self::WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, v)| *v)
    }

    /// `a, b, c`: for error messages.
    fn allowed() -> String {
        let words: Vec<&str> = Self::WORDS.iter().map(|(w, _)| *w).collect();
        words.join(", ")
    }
}

/// Which findings fail the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Any,
    /// Only credentials that stay valid until revoked (lifetime long or unknown).
    LongLived,
    /// Report only.
    None,
}

impl Word for FailOn {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("any", FailOn::Any),
        ("long-lived", FailOn::LongLived),
        ("none", FailOn::None),
    ];
}

impl Word for Severity {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("critical", Severity::Critical),
        ("high", Severity::High),
        ("medium", Severity::Medium),
        ("low", Severity::Low),
        ("info", Severity::Info),
    ];
}

/// How sure nhiscan is that a match is a real credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// A provider's documented token format.
    High,
    /// A generic rule: an assignment to a credential-like name.
    Medium,
    /// The secret fails its own format check (a bad checksum): likely fake.
    Low,
}

impl Word for Confidence {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("high", Confidence::High),
        ("medium", Confidence::Medium),
        ("low", Confidence::Low),
    ];
}

/// Which findings fail the gate, in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub fail_on: FailOn,
    /// Findings less severe than this do not fail the gate.
    pub min_severity: Severity,
    /// Findings less certain than this (generic rules are `medium`) do not fail the gate.
    pub min_confidence: Confidence,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            fail_on: FailOn::Any,
            min_severity: Severity::Info,
            min_confidence: Confidence::Low,
        }
    }
}

/// Part of a policy, as one source (the flags, or `[policy]`) gives it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PolicyConfig {
    pub fail_on: Option<FailOn>,
    pub min_severity: Option<Severity>,
    pub min_confidence: Option<Confidence>,
}

impl PolicyConfig {
    /// This, with what it leaves unset taken from `under`, then from the defaults.
    pub fn over(self, under: PolicyConfig) -> Policy {
        let default = Policy::default();
        Policy {
            fail_on: self.fail_on.or(under.fail_on).unwrap_or(default.fail_on),
            min_severity: self
                .min_severity
                .or(under.min_severity)
                .unwrap_or(default.min_severity),
            min_confidence: self
                .min_confidence
                .or(under.min_confidence)
                .unwrap_or(default.min_confidence),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_parses_to_its_value_and_nothing_else_does() {
        for (word, value) in FailOn::WORDS {
            assert_eq!(FailOn::parse(word), Some(*value));
        }
        for (word, value) in Severity::WORDS {
            assert_eq!(Severity::parse(word), Some(*value));
            assert_eq!(value.as_str(), *word);
        }
        assert_eq!(Confidence::parse("medium"), Some(Confidence::Medium));
        for bad in ["", "Any", "long_lived", "sometimes", "none "] {
            assert_eq!(FailOn::parse(bad), None, "{bad:?}");
        }
        assert_eq!(FailOn::allowed(), "any, long-lived, none");
    }

    #[test]
    fn flags_over_config_over_defaults() {
        let flags = PolicyConfig {
            fail_on: Some(FailOn::LongLived),
            ..PolicyConfig::default()
        };
        let config = PolicyConfig {
            fail_on: Some(FailOn::None),
            min_severity: Some(Severity::High),
            min_confidence: None,
        };
        let p = flags.over(config);
        assert_eq!(p.fail_on, FailOn::LongLived);
        assert_eq!(p.min_severity, Severity::High);
        assert_eq!(p.min_confidence, Confidence::Low);
        assert_eq!(
            PolicyConfig::default().over(PolicyConfig::default()),
            Policy::default()
        );
    }
}

//! Why a finding is suppressed: kept out of the gate, counted, and listed with
//! `--show-allowed`, so that every ignore can be audited. The `suppress` stage decides; this is
//! the decision, as data the reports show.
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suppression {
    /// A marker on the finding's line (`nhiscan:allow`, `gitleaks:allow`, ...).
    Inline { marker: &'static str },
    /// `nhiscan:allow=<fingerprint>` on the line, naming this secret.
    InlineFingerprint,
    /// A config allowlist, by its description.
    Allowlist { description: String },
    /// An entry of the ignore file (`.nhiscanignore`).
    IgnoreFile { file: String, line: usize },
    /// An entry of `--baseline`.
    Baseline {
        owner: Option<String>,
        reason: Option<String>,
    },
}

impl Suppression {
    /// Said in the scanned file itself, rather than in a config, ignore file or baseline (SARIF's
    /// `inSource` against `external`).
    pub fn in_source(&self) -> bool {
        matches!(
            self,
            Suppression::Inline { .. } | Suppression::InlineFingerprint
        )
    }
}

impl fmt::Display for Suppression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Suppression::Inline { marker } => write!(f, "inline `{marker}`"),
            Suppression::InlineFingerprint => {
                f.write_str("inline `nhiscan:allow=` with its fingerprint")
            }
            Suppression::Allowlist { description } => write!(f, "allowlist: {description}"),
            Suppression::IgnoreFile { file, line } => write!(f, "{file} line {line}"),
            Suppression::Baseline { owner, reason } => {
                f.write_str("baseline")?;
                if let Some(owner) = owner {
                    write!(f, ", owner {owner}")?;
                }
                if let Some(reason) = reason {
                    write!(f, ": {reason}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_before_and_only_markers_are_in_source() {
        let cases = [
            (
                Suppression::Inline {
                    marker: "gitleaks:allow",
                },
                "inline `gitleaks:allow`",
                true,
            ),
            (
                Suppression::IgnoreFile {
                    file: ".nhiscanignore".into(),
                    line: 3,
                },
                ".nhiscanignore line 3",
                false,
            ),
            (
                Suppression::Baseline {
                    owner: Some("ops".into()),
                    reason: Some("rotated".into()),
                },
                "baseline, owner ops: rotated",
                false,
            ),
            (
                Suppression::Allowlist {
                    description: "tests".into(),
                },
                "allowlist: tests",
                false,
            ),
        ];
        for (s, text, in_source) in cases {
            assert_eq!(s.to_string(), text);
            assert_eq!(s.in_source(), in_source, "{text}");
        }
    }
}

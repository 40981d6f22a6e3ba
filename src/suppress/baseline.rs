//! The baseline: findings a team has accepted, by fingerprint only (no secret bytes, no line
//! numbers, no timestamps), one JSON object per line, sorted by fingerprint, so that two
//! branches that each add an entry touch different lines and merge cleanly. An entry may carry
//! `reason`, `owner` and `expires` (YYYY-MM-DD); once expired it stops suppressing.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date;

/// The format version this build writes and reads.
pub const BASELINE_VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Baseline {
    /// By fingerprint.
    pub entries: BTreeMap<String, BaselineEntry>,
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{file}:{line}: {message}")]
    Malformed {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: written by a newer nhiscan (baseline format {found}, this one reads {BASELINE_VERSION}): upgrade nhiscan")]
    Newer { file: String, found: u64 },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    nhiscan_baseline: u64,
}

impl Baseline {
    /// Parses a baseline file's text.
    pub fn parse(file: &str, text: &str) -> Result<Baseline, BaselineError> {
        let bad = |line: usize, message: String| BaselineError::Malformed {
            file: file.to_string(),
            line,
            message,
        };
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((_, first)) = lines.next() else {
            return Ok(Baseline::default());
        };
        let header: Header = serde_json::from_str(first).map_err(|e| {
            bad(
                1,
                format!("expected the header {{\"nhiscan_baseline\": {BASELINE_VERSION}}}: {e}"),
            )
        })?;
        if header.nhiscan_baseline > BASELINE_VERSION {
            return Err(BaselineError::Newer {
                file: file.to_string(),
                found: header.nhiscan_baseline,
            });
        }
        let mut entries = BTreeMap::new();
        for (i, line) in lines {
            let entry: BaselineEntry = serde_json::from_str(line)
                .map_err(|e| bad(i + 1, format!("not a baseline entry: {e}")))?;
            if entry.fingerprint.len() != 32
                || !entry.fingerprint.bytes().all(|b| b.is_ascii_hexdigit())
            {
                return Err(bad(
                    i + 1,
                    format!(
                        "`{}` is not a fingerprint (32 hex digits)",
                        entry.fingerprint
                    ),
                ));
            }
            if let Some(date) = &entry.expires {
                if date::parse_day(date).is_none() {
                    return Err(bad(
                        i + 1,
                        format!("expires `{date}` is not a date YYYY-MM-DD"),
                    ));
                }
            }
            entries.insert(entry.fingerprint.clone(), entry);
        }
        Ok(Baseline { entries })
    }

    /// The file's text: header, then entries sorted by fingerprint, one per line.
    pub fn render(&self) -> String {
        let mut out = format!("{{\"nhiscan_baseline\":{BASELINE_VERSION}}}\n");
        for entry in self.entries.values() {
            out.push_str(&serde_json::to_string(entry).expect("entries serialize"));
            out.push('\n');
        }
        out
    }
}

impl BaselineEntry {
    /// Whether the entry has expired on `today` (days since the Unix epoch).
    pub fn expired(&self, today: i64) -> bool {
        self.expires
            .as_deref()
            .and_then(date::parse_day)
            .is_some_and(|d| d < today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FP: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn round_trips_sorted_without_positions() {
        let text = format!(
            "{{\"nhiscan_baseline\":1}}\n{{\"fingerprint\":\"{}\",\"rule\":\"b\"}}\n{{\"fingerprint\":\"{FP}\",\"rule\":\"a\",\"owner\":\"sec\",\"expires\":\"2030-01-31\"}}\n",
            "f".repeat(32)
        );
        let b = Baseline::parse("b.jsonl", &text).unwrap();
        let out = b.render();
        assert!(out
            .lines()
            .nth(1)
            .unwrap()
            .starts_with(&format!("{{\"fingerprint\":\"{FP}\"")));
        assert_eq!(Baseline::parse("b.jsonl", &out).unwrap().entries, b.entries);
    }

    #[test]
    fn malformed_and_newer_files_are_refused_with_the_line() {
        let err = Baseline::parse(
            "b",
            "{\"nhiscan_baseline\":1}\n{\"fingerprint\":\"xyz\",\"rule\":\"a\"}\n",
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("b:2: `xyz` is not a fingerprint"),
            "{err}"
        );
        let err = Baseline::parse("b", "{\"nhiscan_baseline\":2}\n").unwrap_err();
        assert!(err.to_string().contains("newer nhiscan"), "{err}");
        let err = Baseline::parse("b", &format!("{{\"nhiscan_baseline\":1}}\n{{\"fingerprint\":\"{FP}\",\"rule\":\"a\",\"expires\":\"soon\"}}\n")).unwrap_err();
        assert!(err.to_string().contains("b:2: expires `soon`"), "{err}");
    }

    #[test]
    fn expiry_is_after_the_day() {
        let e = BaselineEntry {
            fingerprint: FP.into(),
            rule: "a".into(),
            reason: None,
            owner: None,
            expires: Some("1970-01-02".into()),
        };
        assert!(!e.expired(1));
        assert!(e.expired(2));
    }
}

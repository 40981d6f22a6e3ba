//! The suppression stage: findings a team has decided about, one finding at a time, after
//! evidence and before the gate. Inline markers on the line (`nhiscan:allow`,
//! or `nhiscan:allow=<fingerprint>` to allow that one secret only, so that a new secret put on
//! the line is still reported; for migration `gitleaks:allow` and `pragma: allowlist secret`), the
//! config's allowlists (paths, regexes on the secret, match or line, stopwords; globally or per
//! rule), `.nhiscanignore` fingerprints and the baseline. An allowed finding is not dropped: it
//! is counted, kept out of the gate, and listed with `--show-allowed`, so every ignore can be
//! audited. The same judgement applies to files, history, ranges and staged changes.
use regex_automata::Input;

mod baseline;
mod ignore_file;

pub use baseline::{Baseline, BaselineEntry, BaselineError};
pub use ignore_file::{IgnoreFile, IgnoreFileError};

use crate::finding::{Finding, Suppression};
use crate::rules::{Allowlist, PathPattern, RuleSet, Target};

/// Markers that allow the finding on their line.
const INLINE_MARKERS: [&str; 3] = [
    "nhiscan:allow",
    "gitleaks:allow",
    "pragma: allowlist secret",
];
/// `nhiscan:allow=` and a fingerprint (or a prefix of at least 8 of its digits).
const FINGERPRINT_MARKER: &[u8] = b"nhiscan:allow=";
/// How far from a secret its line is searched for a marker, either way.
const LINE_REACH: usize = 4096;

/// Everything that can suppress a finding.
#[derive(Debug, Clone, Default)]
pub struct Suppressors {
    pub allowlists: Vec<Allowlist>,
    pub ignore: IgnoreFile,
    pub baseline: Option<Baseline>,
    /// Days since the Unix epoch, for baseline expiry.
    pub today: i64,
}

/// What the suppressors decided about a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    Report,
    Suppressed(Suppression),
    /// Its baseline entry has expired: reported, and the gate fails on it.
    Expired(String),
}

impl Suppressors {
    /// Records on `finding` (found in `haystack`) whether it is suppressed and why, or that the
    /// baseline entry that suppressed it has expired.
    pub fn judge(&self, rules: &RuleSet, haystack: &[u8], finding: &mut Finding) {
        match self.verdict(rules, haystack, finding) {
            Verdict::Report => {}
            Verdict::Suppressed(why) => finding.suppressed = Some(why),
            Verdict::Expired(why) => finding.expired_baseline = Some(why),
        }
    }

    fn verdict(&self, rules: &RuleSet, haystack: &[u8], finding: &Finding) -> Verdict {
        let line = line_around(haystack, finding.span.start);
        if let Some(verdict) = inline(line, finding.fingerprint.as_str()) {
            return verdict;
        }
        let rule_id = rules.get(finding.rule).id.as_str();
        for a in &self.allowlists {
            if (a.rules.is_empty() || a.rules.iter().any(|r| r == rule_id))
                && allowlist_matches(a, finding, haystack, line)
            {
                return Verdict::Suppressed(Suppression::Allowlist {
                    description: a.description.clone(),
                });
            }
        }
        let fingerprint = finding.fingerprint.as_str();
        if let Some(entry) = self.ignore.find(fingerprint, finding.path()) {
            return Verdict::Suppressed(Suppression::IgnoreFile {
                file: self.ignore.name.clone(),
                line: entry.line,
            });
        }
        if let Some(entry) = self
            .baseline
            .as_ref()
            .and_then(|b| b.entries.get(fingerprint))
        {
            if entry.expired(self.today) {
                let who = entry
                    .owner
                    .as_deref()
                    .map(|o| format!(", owner {o}"))
                    .unwrap_or_default();
                return Verdict::Expired(format!(
                    "baseline entry {fingerprint} ({}{who}) expired on {}",
                    entry.rule,
                    entry.expires.as_deref().unwrap_or("?")
                ));
            }
            return Verdict::Suppressed(Suppression::Baseline {
                owner: entry.owner.clone(),
                reason: entry.reason.clone(),
            });
        }
        Verdict::Report
    }
}

/// The verdict of the inline markers on `line`, if it has any.
fn inline(line: &[u8], fingerprint: &str) -> Option<Verdict> {
    let scoped: Vec<&[u8]> = memchr::memmem::find_iter(line, FINGERPRINT_MARKER)
        .map(|at| {
            let rest = &line[at + FINGERPRINT_MARKER.len()..];
            let end = rest
                .iter()
                .position(|b| !b.is_ascii_hexdigit())
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect();
    if !scoped.is_empty() {
        // Scoped markers allow only the secrets they name, whatever else the line says.
        return scoped
            .iter()
            .any(|p| p.len() >= 8 && fingerprint.as_bytes().starts_with(&p.to_ascii_lowercase()))
            .then_some(Verdict::Suppressed(Suppression::InlineFingerprint));
    }
    INLINE_MARKERS
        .iter()
        .find(|m| memchr::memmem::find(line, m.as_bytes()).is_some())
        .map(|marker| Verdict::Suppressed(Suppression::Inline { marker }))
}

fn allowlist_matches(a: &Allowlist, f: &Finding, haystack: &[u8], line: &[u8]) -> bool {
    let mut checks: Vec<bool> = Vec::with_capacity(3);
    if !a.paths.is_empty() {
        checks.push(a.paths.iter().any(|p| match p {
            PathPattern::Glob(g) => g.is_match(f.path().as_str()),
            PathPattern::Regex(r) => r.is_match(Input::new(f.path().as_bytes())),
        }));
    }
    if !a.regexes.is_empty() {
        let target: &[u8] = match a.target {
            Target::Secret => &f.secret,
            Target::Match => haystack.get(f.span.clone()).unwrap_or(&f.secret),
            Target::Line => line,
        };
        checks.push(a.regexes.iter().any(|r| r.is_match(Input::new(target))));
    }
    if !a.stopwords.is_empty() {
        let secret = f.secret.to_ascii_lowercase();
        checks.push(
            a.stopwords.iter().any(|w| {
                memchr::memmem::find(&secret, w.to_ascii_lowercase().as_bytes()).is_some()
            }),
        );
    }
    if a.all {
        !checks.is_empty() && checks.iter().all(|c| *c)
    } else {
        checks.iter().any(|c| *c)
    }
}

/// The line holding `offset`, within `LINE_REACH` bytes either side.
fn line_around(haystack: &[u8], offset: usize) -> &[u8] {
    let offset = offset.min(haystack.len());
    let from = offset.saturating_sub(LINE_REACH);
    let start = memchr::memrchr(b'\n', &haystack[from..offset]).map_or(from, |i| from + i + 1);
    let to = haystack.len().min(offset + LINE_REACH);
    let end = memchr::memchr(b'\n', &haystack[offset..to]).map_or(to, |i| offset + i);
    &haystack[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markers_plain_and_scoped() {
        let fp = "0123456789abcdef0123456789abcdef";
        assert!(inline(b"k = x # nhiscan:allow", fp).is_some());
        assert!(inline(b"k = x // gitleaks:allow", fp).is_some());
        assert!(inline(b"k = x  # pragma: allowlist secret", fp).is_some());
        assert!(inline(b"k = x # nhiscan:allow=0123456789ab", fp).is_some());
        assert_eq!(
            inline(b"k = y # nhiscan:allow=fedcba9876543210 gitleaks:allow", fp),
            None
        );
        assert_eq!(inline(b"k = x # nhiscan:allow=0123", fp), None);
        assert_eq!(inline(b"k = x", fp), None);
    }

    #[test]
    fn the_line_around_an_offset() {
        let hay = b"one\ntwo secret # nhiscan:allow\nthree";
        assert_eq!(line_around(hay, 8), b"two secret # nhiscan:allow");
        assert_eq!(line_around(hay, 0), b"one");
        assert_eq!(line_around(hay, hay.len()), b"three");
    }
}

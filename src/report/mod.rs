//! Reports write findings and scan statistics for people (`text`) and machines (`json`,
//! `jsonl`, `sarif`). Redaction is decided here, in one place (`SecretView`), and every piece of
//! scanned text is sanitised (`sanitize`) before it is written. Wire formats are separate
//! structs from the domain types, so the domain can change without changing the output.
#[cfg(test)]
mod fixture;
mod json;
mod sanitize;
mod sarif;
mod text;

use std::io::{self, Write};

pub use sanitize::sanitize;
pub use text::human_bytes;

use crate::finding::{Finding, Snippet};
use crate::rules::Policy;
use crate::rules::RuleSet;
use crate::stats::ScanStats;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Sarif,
}

/// How much of a secret a report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretView {
    /// All of it (JSON and JSONL by default).
    Full,
    /// A short prefix and suffix (text by default).
    Masked,
    /// None at all (`--redact`).
    Redacted,
}

/// Everything a report needs.
pub struct Report<'a> {
    pub rules: &'a RuleSet,
    pub findings: &'a [Finding],
    /// Findings that inline markers, allowlists, the ignore file or the baseline allowed.
    pub allowed: &'a [Finding],
    /// List the allowed findings too (`--show-allowed`), not only count them.
    pub show_allowed: bool,
    pub stats: &'a ScanStats,
    /// `--redact`: no secret bytes in the output.
    pub redact: bool,
    /// Which findings fail the gate; reports say so per finding and in the summary.
    pub policy: Policy,
    /// Where the findings' paths are, for URIs.
    pub places: Places,
    /// Every secret found, to keep out of free text under `--redact` (and always in SARIF).
    pub secrets: Secrets,
}

/// The secrets of a report, to find wherever else they appear: a commit summary, an author
/// name, a path, an evidence value, an error message. A secret committed with `git commit -m
/// "token ghp_..."` must not reach a CI log through the commit's metadata.
#[derive(Clone)]
pub struct Secrets {
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl Secrets {
    pub fn new<'f>(findings: impl Iterator<Item = &'f Finding>) -> Secrets {
        let mut secrets: Vec<&[u8]> = findings
            .map(|f| f.secret.as_slice())
            .filter(|s| !s.is_empty())
            .collect();
        secrets.sort();
        secrets.dedup();
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&secrets)
            .ok()
            .filter(|_| !secrets.is_empty());
        Secrets { automaton }
    }

    /// `text` with every known secret replaced by `[REDACTED]`.
    pub fn scrub<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        match &self.automaton {
            Some(ac) if ac.is_match(text) => {
                let mut out = String::with_capacity(text.len());
                ac.replace_all_with(text, &mut out, |_, _, out| {
                    out.push_str(REDACTED);
                    true
                });
                out.into()
            }
            _ => text.into(),
        }
    }
}

/// Where a report's paths are: finding paths are relative to `base` (the working directory of
/// a file scan, the repository root of a git scan), and URIs are relative to `root` (the scan
/// root: the first path scanned, or the repository root). Both absolute.
#[derive(Debug, Clone)]
pub struct Places {
    pub root: std::path::PathBuf,
    pub base: std::path::PathBuf,
}

impl Places {
    /// `path` (absolute, or relative to `base`) as an absolute path, `.` and `..` resolved
    /// lexically.
    pub fn absolute(&self, path: &str) -> std::path::PathBuf {
        use std::path::Component;
        let mut out = std::path::PathBuf::new();
        for c in self.base.join(path).components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                other => out.push(other.as_os_str()),
            }
        }
        out
    }
}

impl Report<'_> {
    /// Free text from the scanned material (a path, commit metadata, a message), with the
    /// secrets redacted under `--redact`. Not sanitised: terminals need `sanitize` on top.
    pub fn text<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if self.redact {
            self.secrets.scrub(text)
        } else {
            text.into()
        }
    }

    pub fn gates(&self, f: &Finding) -> bool {
        crate::gate::fails(&self.policy, self.rules, f)
    }

    /// The findings to list: the reported ones, then the allowed ones with `--show-allowed`.
    pub fn listed(&self) -> impl Iterator<Item = &Finding> {
        let allowed: &[Finding] = if self.show_allowed { self.allowed } else { &[] };
        self.findings.iter().chain(allowed)
    }
}

/// Writes `report` in `format`.
pub fn write(out: &mut dyn Write, format: Format, report: &Report<'_>) -> io::Result<()> {
    match format {
        Format::Text => text::write(out, report),
        Format::Json => json::write(out, report),
        Format::Jsonl => json::write_lines(out, report),
        Format::Sarif => sarif::write(out, report),
    }
}

pub(crate) const REDACTED: &str = "[REDACTED]";

/// A secret as `view` allows it to be shown, sanitised.
pub(crate) fn show_secret(secret: &[u8], view: SecretView) -> String {
    match view {
        SecretView::Full => sanitize(secret),
        SecretView::Redacted => REDACTED.to_string(),
        SecretView::Masked => mask(secret),
    }
}

/// Keeps at most a quarter of the secret visible: up to 4 leading bytes (often a documented
/// prefix such as `ghp_`), 2 trailing ones for long secrets, and stars in between.
fn mask(secret: &[u8]) -> String {
    let text = String::from_utf8_lossy(secret);
    let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    let n = chars.len();
    let head = (n / 4).min(4);
    let tail = if n >= 24 { 2 } else { 0 };
    let stars = (n - head - tail).clamp(1, 16);
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(stars));
    out.extend(&chars[n - tail..]);
    sanitize(out.as_bytes())
}

/// The snippet with every secret in it shown as `view` allows, sanitised, with `…` where the
/// line was cut.
pub(crate) fn show_snippet(snippet: &Snippet, view: SecretView) -> String {
    let mut out = String::new();
    if snippet.cut_before {
        out.push('…');
    }
    let mut pos = 0;
    for span in &snippet.secrets {
        if span.start < pos {
            continue;
        }
        out.push_str(&sanitize(&snippet.text[pos..span.start]));
        out.push_str(&show_secret(&snippet.text[span.clone()], view));
        pos = span.end;
    }
    out.push_str(&sanitize(&snippet.text[pos..]));
    if snippet.cut_after {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_hides_most_of_the_secret() {
        assert_eq!(
            mask(b"ghp_abcdefghijklmnopqrstuvwxyz0123456789"),
            "ghp_****************89"
        );
        assert_eq!(mask(b"short"), "s****");
        assert_eq!(mask(b"ab"), "**");
    }

    #[test]
    fn snippet_shows_every_secret_per_view() {
        let s = Snippet {
            text: b"a=SECRET1 b=SECRET2\x1b[31m".to_vec(),
            secrets: vec![2..9, 12..19],
            cut_before: true,
            cut_after: false,
        };
        assert_eq!(
            show_snippet(&s, SecretView::Redacted),
            "…a=[REDACTED] b=[REDACTED]\\u{1b}[31m"
        );
        assert_eq!(
            show_snippet(&s, SecretView::Full),
            "…a=SECRET1 b=SECRET2\\u{1b}[31m"
        );
    }
}

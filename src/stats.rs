//! Counters and lists a scan keeps about itself: what was scanned, skipped (and why), filtered,
//! and what went wrong. A scan with any error is incomplete and must not look clean. `scan`
//! fills them and `report` shows them, so they live apart from both.
use std::collections::BTreeMap;
use std::time::Duration;

use crate::source::{Name, Skip};
use crate::triage::Drop;

#[derive(Debug, Default, Clone)]
pub struct ScanStats {
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub skipped: Vec<Skipped>,
    pub errors: Vec<ScanIssue>,
    /// What the user should know but does not make the scan incomplete (a file that changed
    /// while read, a range that changes the config it would be judged by).
    pub warnings: Vec<ScanIssue>,
    /// Hits dropped by the filters, by reason.
    pub dropped: BTreeMap<Drop, u64>,
    pub duration: Duration,
    /// Set by git scans.
    pub git: Option<GitStats>,
}

/// What a git scan covered, so that a scan of nothing is never mistaken for a clean one.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GitStats {
    /// `history`, `range` or `staged`.
    pub mode: &'static str,
    pub refs: usize,
    pub commits: usize,
    /// Distinct blobs read and scanned (equal to `files_scanned`).
    pub blobs: usize,
    /// History scans: commits no ref reaches, blobs in no commit, and commit and tag messages,
    /// all scanned.
    pub unreachable_commits: usize,
    pub unreachable_blobs: usize,
    pub messages: usize,
    /// The commit whose tree `at_head` refers to, if any.
    pub head: Option<String>,
    /// The `origin` remote as a public URI (scheme, host, path), if there is one.
    pub repository: Option<String>,
}

/// A file that was not scanned, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: Name,
    pub skip: Skip,
}

/// Something that could not be scanned; the scan goes on but is incomplete.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ScanIssue {
    pub path: Option<Name>,
    pub message: String,
}

impl ScanStats {
    pub fn complete(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn skipped_count(&self, reason: &str) -> u64 {
        self.skipped
            .iter()
            .filter(|s| s.skip.reason() == reason)
            .count() as u64
    }

    pub(crate) fn skip(&mut self, path: Name, skip: Skip) {
        self.skipped.push(Skipped { path, skip });
    }

    pub(crate) fn error(&mut self, path: Option<Name>, message: String) {
        self.errors.push(ScanIssue { path, message });
    }

    pub fn warn(&mut self, path: Option<Name>, message: String) {
        self.warnings.push(ScanIssue { path, message });
    }

    pub(crate) fn merge(&mut self, other: ScanStats) {
        self.files_scanned += other.files_scanned;
        self.bytes_scanned += other.bytes_scanned;
        self.skipped.extend(other.skipped);
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
        for (k, v) in other.dropped {
            *self.dropped.entry(k).or_default() += v;
        }
    }

    pub(crate) fn sort(&mut self) {
        self.skipped.sort_by(|a, b| a.path.cmp(&b.path));
        self.errors.sort();
        self.warnings.sort();
    }
}

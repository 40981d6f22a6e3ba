//! Orchestration: enumerate (the `source` walker, on its own threads) -> bounded channel ->
//! one scanning loop per rayon worker (read, match, filter, build findings, with per-thread
//! scratch) -> collector. Per-item failures never abort the scan: they are recorded in
//! `ScanStats`, and a scan with any is `incomplete`. Memory grows with findings, not files.
mod examples;
mod git;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

pub use crate::stats::{GitStats, ScanIssue, ScanStats, Skipped};
pub use examples::{check_examples, ExampleFailure};
pub use git::{scan_git, GitMode};

use crate::filter::{self, Drop, Filters, Verdict};
use crate::finding::{self, Finding, Kept};
use crate::matcher::{Hit, Matcher, Scratch};
use crate::rules::RuleError;
use crate::source::{self, Entry, Name, Target, WalkOptions};

/// How to scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub threads: usize,
    pub max_file_size: u64,
    pub honour_ignore: bool,
    /// What allows findings: inline markers, allowlists, ignore file, baseline.
    pub filters: Filters,
}

/// Told about progress from the worker threads; the CLI draws a progress bar with it.
pub trait Progress: Sync {
    fn blob_scanned(&self, bytes: u64);
}

/// For callers that do not show progress.
pub struct NoProgress;

impl Progress for NoProgress {
    fn blob_scanned(&self, _bytes: u64) {}
}

/// What a scan produced: findings sorted by path, line, column and rule (reused secrets
/// joined), the findings that were allowed (for auditing), and its statistics.
#[derive(Debug)]
pub struct ScanOutcome {
    pub findings: Vec<Finding>,
    pub allowed: Vec<Finding>,
    pub stats: ScanStats,
}

impl ScanOutcome {
    /// The outcome of a scan that could not be done: nothing found, and why.
    pub fn failed(message: String) -> Self {
        let mut stats = ScanStats::default();
        stats.error(None, message);
        ScanOutcome {
            findings: Vec::new(),
            allowed: Vec::new(),
            stats,
        }
    }

    /// Splits allowed findings from the rest, joins reused secrets (the first of each in the
    /// order given is the one reported), and sorts both.
    fn settle(rules: &crate::rules::RuleSet, findings: Vec<Finding>, mut stats: ScanStats) -> Self {
        let (mut allowed, active): (Vec<Finding>, Vec<Finding>) =
            findings.into_iter().partition(|f| f.allowed.is_some());
        let mut active = finding::join_reuse(active);
        sort_findings(rules, &mut active);
        sort_findings(rules, &mut allowed);
        stats.sort();
        ScanOutcome {
            findings: active,
            allowed,
            stats,
        }
    }
}

/// Why a scan could not start.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("cannot start {threads} worker threads: {source}")]
    Threads {
        threads: usize,
        source: rayon::ThreadPoolBuildError,
    },
    #[error(transparent)]
    Git(#[from] crate::source::git::GitError),
}

/// Scans `targets` with `matcher`'s rules.
pub fn scan(
    targets: &[Target],
    matcher: &Matcher<'_>,
    options: &ScanOptions,
    progress: &dyn Progress,
) -> Result<ScanOutcome, ScanError> {
    let started = Instant::now();
    let walk_options = WalkOptions {
        honour_ignore: options.honour_ignore,
        threads: options.threads.max(1),
    };
    let parts = parallel(
        options.threads,
        |tx| source::walk(targets, &walk_options, &|entry| tx.send(entry).is_ok()),
        |rx| {
            let mut worker = Worker::new(matcher, &options.filters, options.max_file_size);
            for entry in rx.iter() {
                worker.take(entry, progress);
            }
            worker.finish()
        },
    )?;
    let mut findings = Vec::new();
    let mut stats = ScanStats::default();
    for part in parts {
        findings.extend(part.findings);
        stats.merge(part.stats);
    }
    stats.duration = started.elapsed();
    sort_findings(matcher.rules(), &mut findings);
    Ok(ScanOutcome::settle(matcher.rules(), findings, stats))
}

/// Runs `produce` on its own thread, feeding a bounded channel, and `consume` once on each of
/// `threads` rayon workers, draining it; returns what each consumer returned.
fn parallel<T: Send, P: Send>(
    threads: usize,
    produce: impl FnOnce(crossbeam_channel::Sender<T>) + Send,
    consume: impl Fn(crossbeam_channel::Receiver<T>) -> P + Sync,
) -> Result<Vec<P>, ScanError> {
    let threads = threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("nhiscan-scan-{i}"))
        .build()
        .map_err(|source| ScanError::Threads { threads, source })?;
    let (tx, rx) = crossbeam_channel::bounded::<T>(1024);
    Ok(std::thread::scope(|s| {
        s.spawn(move || produce(tx));
        pool.broadcast(|_| consume(rx.clone()))
    }))
}

/// Sorts findings deterministically: path, position, rule, then fingerprint.
fn sort_findings(rules: &crate::rules::RuleSet, findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.path, a.location, &rules.get(a.rule).id, &a.fingerprint).cmp(&(
            &b.path,
            b.location,
            &rules.get(b.rule).id,
            &b.fingerprint,
        ))
    });
}

/// Scans bytes held in memory as if they were the file `path` (used for rule examples).
pub fn scan_bytes(
    matcher: &Matcher<'_>,
    path: &str,
    bytes: &[u8],
) -> Result<Vec<Finding>, RuleError> {
    BlobScanner::new(matcher, &Filters::default()).scan(&Name::from(path), bytes)
}

/// The per-blob pipeline (match, filter, build findings) with its scratch buffers, reusable
/// from blob to blob on one thread.
pub struct BlobScanner<'m, 'r> {
    matcher: &'m Matcher<'r>,
    filters: &'m Filters,
    /// Unix seconds at the start of the scan, to tell expired tokens.
    now: i64,
    scratch: Scratch,
    hits: Vec<Hit>,
    /// Hits dropped by the filters so far, by reason.
    pub dropped: BTreeMap<Drop, u64>,
}

impl<'m, 'r> BlobScanner<'m, 'r> {
    pub fn new(matcher: &'m Matcher<'r>, filters: &'m Filters) -> Self {
        BlobScanner {
            matcher,
            filters,
            now: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
            scratch: matcher.scratch(),
            hits: Vec::new(),
            dropped: BTreeMap::new(),
        }
    }

    /// Findings in `bytes`, shown as coming from `path`, ordered by position.
    pub fn scan(&mut self, path: &Name, bytes: &[u8]) -> Result<Vec<Finding>, RuleError> {
        self.matcher
            .find(bytes, &mut self.scratch, &mut self.hits)?;
        if self.hits.is_empty() {
            return Ok(Vec::new());
        }
        let rules = self.matcher.rules();
        let mut kept = Vec::new();
        for hit in self.hits.drain(..) {
            match filter::keep(rules, path, bytes, &hit)? {
                Ok(entropy) => kept.push(Kept { hit, entropy }),
                Err(why) => *self.dropped.entry(why).or_default() += 1,
            }
        }
        let mut found = finding::build(rules, path, bytes, kept, self.now);
        for f in &mut found {
            match self.filters.judge(rules, bytes, f) {
                Verdict::Report => {}
                Verdict::Allowed(why) => f.allowed = Some(why),
                Verdict::Expired(why) => f.expired_baseline = Some(why),
            }
        }
        Ok(found)
    }
}

#[derive(Default)]
struct Partial {
    findings: Vec<Finding>,
    stats: ScanStats,
}

/// One thread's scanning state: the blob scanner and a read buffer, reused across files.
struct Worker<'m, 'r> {
    blobs: BlobScanner<'m, 'r>,
    max_file_size: u64,
    buf: Vec<u8>,
    part: Partial,
}

impl<'m, 'r> Worker<'m, 'r> {
    fn new(matcher: &'m Matcher<'r>, filters: &'m Filters, max_file_size: u64) -> Self {
        Worker {
            blobs: BlobScanner::new(matcher, filters),
            max_file_size,
            buf: Vec::new(),
            part: Partial::default(),
        }
    }

    fn take(&mut self, entry: Entry, progress: &dyn Progress) {
        match entry {
            Entry::File(path) => self.file(&path, false, progress),
            Entry::Named(path) => self.file(&path, true, progress),
            Entry::Stdin => {
                let mut buf = std::mem::take(&mut self.buf);
                match source::read_stdin(self.max_file_size, &mut buf) {
                    Ok(Ok(())) => self.blob(&Name::from("-"), &buf, progress),
                    Ok(Err(skip)) => self.part.stats.skip("-".into(), skip),
                    Err(e) => self
                        .part
                        .stats
                        .error(Some("-".into()), format!("cannot read standard input: {e}")),
                }
                self.buf = buf;
            }
            Entry::Skipped(path, skip) => self.part.stats.skip(Name::from_path(&path), skip),
            Entry::Error(path, message) => self
                .part
                .stats
                .error(path.as_deref().map(Name::from_path), message),
        }
    }

    fn file(&mut self, path: &Path, named: bool, progress: &dyn Progress) {
        let shown = Name::from_path(path);
        let mut buf = std::mem::take(&mut self.buf);
        match source::read_file(path, self.max_file_size, named, &mut buf) {
            Ok(Ok(loaded)) => {
                if loaded.changed {
                    self.part.stats.warn(
                        Some(shown.clone()),
                        "changed while it was read; scan it again when it is stable".into(),
                    );
                }
                self.blob(&shown, &buf, progress)
            }
            Ok(Err(skip)) => self.part.stats.skip(shown, skip),
            Err(e) => self
                .part
                .stats
                .error(Some(shown), format!("cannot read: {e}")),
        }
        self.buf = buf;
    }

    fn blob(&mut self, shown: &Name, bytes: &[u8], progress: &dyn Progress) {
        match self.blobs.scan(shown, bytes) {
            Ok(found) => {
                self.part.findings.extend(found);
                self.part.stats.files_scanned += 1;
                self.part.stats.bytes_scanned += bytes.len() as u64;
            }
            Err(e) => self.part.stats.error(Some(shown.clone()), e.to_string()),
        }
        progress.blob_scanned(bytes.len() as u64);
    }

    fn finish(mut self) -> Partial {
        self.part.stats.dropped = std::mem::take(&mut self.blobs.dropped);
        self.part
    }
}

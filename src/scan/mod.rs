//! Orchestration: enumerate (the `source` walker or a git index, on its own thread) ->
//! bounded channel of `Entry` batches -> one scanning loop per rayon worker (load a blob with
//! its provenance, then match -> triage -> finding -> suppress, with per-thread scratch) ->
//! collector. Files, standard input and git objects go through the same loop. Per-item
//! failures never abort the scan: they are recorded in `ScanStats`, and a scan with any is
//! `incomplete`. Memory grows with findings, not files.
mod examples;
mod git;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Instant;

pub use crate::stats::{GitStats, ScanIssue, ScanStats, Skipped};
pub use examples::{check_examples, ExampleFailure};
pub use git::{scan_git, GitMode};

use crate::decode;
use crate::finding::{self, Finding, Fingerprint, Kept};
use crate::matcher::{Hit, Matcher, Scratch};
use crate::rules::{RuleError, RuleIndex};
use crate::source::archive::{self, ArchiveLimits, Budget};
use crate::source::{self, Entry, Name, Provenance, Skip, Target, WalkOptions};
use crate::suppress::Suppressors;
use crate::triage::{self, Drop};

/// How to scan.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub threads: usize,
    pub max_file_size: u64,
    pub honour_ignore: bool,
    /// What suppresses findings: inline markers, allowlists, ignore file, baseline.
    pub suppressors: Suppressors,
    /// Unix seconds at the start of the run, to tell expired tokens.
    pub now: i64,
    /// How many encodings deep a secret is looked for (0: only as written).
    pub decode_depth: usize,
    /// How far into archives and compressed streams a scan goes.
    pub archives: ArchiveLimits,
}

/// Told about progress from the worker threads; the CLI draws a progress bar with it.
pub trait Progress: Sync {
    fn blob_scanned(&self, bytes: u64);
    /// What the scan is doing before it reads blobs (`indexing history`).
    fn phase(&self, _what: &'static str) {}
    /// How many blobs the scan will read, once that is known (after a git index).
    fn planned(&self, _blobs: u64) {}
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
            findings.into_iter().partition(|f| f.suppressed.is_some());
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
    let (mut findings, mut stats) = run_workers(matcher, options, None, progress, |tx| {
        source::walk(targets, &walk_options, &|entry| {
            tx.send(vec![entry]).is_ok()
        })
    })?;
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

/// Runs `enumerate` on its own thread and the scanning loop on each worker; returns every
/// finding (unsorted) and the merged statistics. `git_dir` opens the repository that `Git`
/// entries are read from, once per worker.
fn run_workers(
    matcher: &Matcher<'_>,
    options: &ScanOptions,
    git_dir: Option<&Path>,
    progress: &dyn Progress,
    enumerate: impl FnOnce(crossbeam_channel::Sender<Vec<Entry>>) + Send,
) -> Result<(Vec<Finding>, ScanStats), ScanError> {
    let parts = parallel(options.threads, enumerate, |rx| {
        let mut worker = Worker::new(matcher, options, git_dir);
        for entry in rx.iter().flatten() {
            worker.take(entry, progress);
        }
        worker.finish()
    })?;
    let mut findings = Vec::new();
    let mut stats = ScanStats::default();
    for part in parts {
        findings.extend(part.findings);
        stats.merge(part.stats);
    }
    Ok((findings, stats))
}

/// Sorts findings deterministically: path, position, rule, then fingerprint.
fn sort_findings(rules: &crate::rules::RuleSet, findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.path(), a.location, &rules.get(a.rule).id, &a.fingerprint).cmp(&(
            b.path(),
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
    BlobScanner::new(matcher, &Suppressors::default(), 0)
        .scan(&Provenance::file(Name::from(path)), bytes)
}

/// The per-blob pipeline (match, triage, build findings, suppress) with its scratch buffers,
/// reusable from blob to blob on one thread.
pub struct BlobScanner<'m, 'r> {
    matcher: &'m Matcher<'r>,
    suppressors: &'m Suppressors,
    /// Unix seconds at the start of the run, to tell expired tokens.
    now: i64,
    scratch: Scratch,
    hits: Vec<Hit>,
    /// Hits dropped by triage so far, by reason.
    pub dropped: BTreeMap<Drop, u64>,
    /// How many encodings deep to look (0: only as written).
    decode_depth: usize,
}

impl<'m, 'r> BlobScanner<'m, 'r> {
    pub fn new(matcher: &'m Matcher<'r>, suppressors: &'m Suppressors, now: i64) -> Self {
        BlobScanner {
            matcher,
            suppressors,
            now,
            scratch: matcher.scratch(),
            hits: Vec::new(),
            dropped: BTreeMap::new(),
            decode_depth: 0,
        }
    }

    /// Also looks for secrets inside encoded text, to `depth` encodings deep.
    pub fn decoding(self, depth: usize) -> Self {
        BlobScanner {
            decode_depth: depth,
            ..self
        }
    }

    /// Findings in `bytes`, which came from `provenance`, ordered by position: as written,
    /// then inside the encoded text the blob holds.
    pub fn scan(
        &mut self,
        provenance: &Provenance,
        bytes: &[u8],
    ) -> Result<Vec<Finding>, RuleError> {
        let mut found = self.layer(provenance, bytes, self.decode_depth)?;
        for f in &mut found {
            self.suppressors.judge(self.matcher.rules(), bytes, f);
        }
        Ok(found)
    }

    /// Findings in `bytes`, the text of a blob that was stored in `encoding` (a UTF-16 file):
    /// lines and columns are the text's, and each finding says the encoding.
    pub fn scan_transcoded(
        &mut self,
        provenance: &Provenance,
        bytes: &[u8],
        encoding: decode::Encoding,
    ) -> Result<Vec<Finding>, RuleError> {
        let mut found = self.scan(provenance, bytes)?;
        for f in &mut found {
            f.decoded.insert(0, encoding.to_string());
        }
        Ok(found)
    }

    /// Findings in one layer of encoding and, `depth` layers deep, in the encoded text it
    /// holds; a finding inside an encoding is placed at the encoded span, and says which
    /// encodings it was found under.
    fn layer(
        &mut self,
        provenance: &Provenance,
        bytes: &[u8],
        depth: usize,
    ) -> Result<Vec<Finding>, RuleError> {
        let mut found = self.plain(provenance, bytes)?;
        if depth == 0 {
            return Ok(found);
        }
        self.refine(&mut found);
        let plain = found.len();
        for decoded in decode::decode_all(bytes) {
            let inner = self.layer(provenance, &decoded.text, depth - 1)?;
            if inner.is_empty() {
                continue;
            }
            let location = finding::locate(bytes, decoded.span.clone());
            let layer = format!(
                "{} at {}:{}",
                decoded.encoding, location.line, location.column
            );
            for mut f in inner {
                // A secret the decoding left as it was (a plain token in a percent-encoded
                // URL) and that the plain scan found is not a second place; nor is one that a
                // rule it yields to found as written across the encoded text (a key whose line
                // breaks a JSON string escapes, in a service-account file).
                let encoded = &bytes[decoded.span.clone()];
                let span = &decoded.span;
                if found[..plain].iter().any(|p| {
                    (p.fingerprint == f.fingerprint
                        && memchr::memmem::find(encoded, &f.secret).is_some())
                        || (p.span.start < span.end
                            && span.start < p.span.end
                            && finding::yields_to(self.matcher.rules(), f.rule, p.rule))
                }) {
                    continue;
                }
                f.location = location;
                f.span = decoded.span.clone();
                f.decoded.insert(0, layer.clone());
                found.push(f);
            }
        }
        Ok(found)
    }

    /// A secret that is base64 of text (a Kubernetes Secret's `data:` value, a Docker `auth`,
    /// an HTTP Basic credential) is reported as the text it stands for, so that it is one
    /// credential with the same secret written plainly elsewhere.
    fn refine(&self, found: &mut [Finding]) {
        for f in found {
            let Some(text) = decode::base64_secret(&f.secret) else {
                continue;
            };
            f.fingerprint = Fingerprint::of(&self.matcher.rules().get(f.rule).id, &text);
            f.secret = text;
            let at = format!("base64 at {}:{}", f.location.line, f.location.column);
            f.decoded.insert(0, at);
        }
    }

    /// Findings in `bytes` as written.
    fn plain(&mut self, provenance: &Provenance, bytes: &[u8]) -> Result<Vec<Finding>, RuleError> {
        self.matcher
            .find(&provenance.name, bytes, &mut self.scratch, &mut self.hits)?;
        if self.hits.is_empty() {
            return Ok(Vec::new());
        }
        let rules = self.matcher.rules();
        let mut kept = Vec::new();
        for hit in self.hits.drain(..) {
            match triage::keep(rules, &provenance.name, bytes, &hit)? {
                Ok(entropy) => kept.push(Kept { hit, entropy }),
                Err(why) => *self.dropped.entry(why).or_default() += 1,
            }
        }
        Ok(finding::build(rules, provenance, bytes, kept, self.now))
    }
}

/// What a loaded blob is to be read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Text,
    /// UTF-16 text, scanned as its UTF-8 transcoding.
    Utf16,
    /// An archive or compressed stream, whose members are scanned.
    Container(archive::Kind),
    /// A Jupyter notebook, whose cells and text outputs are scanned.
    Notebook,
}

/// How a blob that `source` loaded as text is read.
fn text_form(name: &Name) -> Form {
    if name.ends_with(".ipynb") {
        Form::Notebook
    } else {
        Form::Text
    }
}

#[derive(Default)]
struct Partial {
    findings: Vec<Finding>,
    stats: ScanStats,
}

/// One thread's scanning state: the blob scanner, a read buffer reused across blobs, and the
/// repository that git objects are read from.
struct Worker<'m, 'r> {
    blobs: BlobScanner<'m, 'r>,
    max_file_size: u64,
    buf: Vec<u8>,
    repo: Option<Result<git2::Repository, String>>,
    part: Partial,
    /// Whether to read UTF-16 files (as their text) rather than skip them.
    decode: bool,
    archives: ArchiveLimits,
}

impl<'m, 'r> Worker<'m, 'r> {
    fn new(matcher: &'m Matcher<'r>, options: &'m ScanOptions, git_dir: Option<&Path>) -> Self {
        Worker {
            blobs: BlobScanner::new(matcher, &options.suppressors, options.now)
                .decoding(options.decode_depth),
            max_file_size: options.max_file_size,
            buf: Vec::new(),
            repo: git_dir.map(|dir| {
                git2::Repository::open(dir)
                    .map_err(|e| format!("cannot open {}: {}", dir.display(), e.message()))
            }),
            part: Partial::default(),
            decode: options.decode_depth > 0,
            archives: options.archives,
        }
    }

    /// Loads one entry's blob into the read buffer and scans it, or records why it could not.
    fn take(&mut self, entry: Entry, progress: &dyn Progress) {
        let mut buf = std::mem::take(&mut self.buf);
        let loaded = match entry {
            Entry::File(path) => self.file(&path, false, &mut buf),
            Entry::Named(path) => self.file(&path, true, &mut buf),
            Entry::Stdin => self.stdin(&mut buf),
            Entry::Git { id, name } => self.git(id, name, &mut buf),
            Entry::Skipped(path, skip) => {
                self.part.stats.skip(Name::from_path(&path), skip);
                None
            }
            Entry::Error(path, message) => {
                self.part
                    .stats
                    .error(path.as_deref().map(Name::from_path), message);
                None
            }
        };
        if let Some((provenance, form)) = loaded {
            let budget = Budget::new(&self.archives);
            self.blob(&provenance, form, &mut buf, self.archives.depth, &budget);
            progress.blob_scanned(buf.len() as u64);
        }
        self.buf = buf;
    }

    /// How a blob that `source` would not load as text is read instead, if it is, with
    /// `depth` containers still to open.
    fn form(&self, skip: Skip, bytes: &[u8], depth: usize) -> Result<Form, Skip> {
        match (skip, archive::Kind::sniff(bytes)) {
            (Skip::Utf16, _) if self.decode => Ok(Form::Utf16),
            (Skip::Archive, Some(kind)) if depth > 0 => Ok(Form::Container(kind)),
            (skip, _) => Err(skip),
        }
    }

    fn file(&mut self, path: &Path, named: bool, buf: &mut Vec<u8>) -> Option<(Provenance, Form)> {
        let shown = Name::from_path(path);
        match source::read_file(path, self.max_file_size, named, buf) {
            Ok(Ok(loaded)) => {
                if loaded.changed {
                    self.part.stats.warn(
                        Some(shown.clone()),
                        "changed while it was read; scan it again when it is stable".into(),
                    );
                }
                let form = text_form(&shown);
                Some((Provenance::file(shown), form))
            }
            Ok(Err(skip)) => match self.form(skip, buf, self.archives.depth) {
                Ok(form) => Some((Provenance::file(shown), form)),
                Err(skip) => {
                    self.part.stats.skip(shown, skip);
                    None
                }
            },
            Err(e) => {
                self.part
                    .stats
                    .error(Some(shown), format!("cannot read: {e}"));
                None
            }
        }
    }

    fn stdin(&mut self, buf: &mut Vec<u8>) -> Option<(Provenance, Form)> {
        let provenance = Provenance::stdin();
        match source::read_stdin(self.max_file_size, buf) {
            Ok(Ok(())) => return Some((provenance, Form::Text)),
            Ok(Err(skip)) => self.part.stats.skip(provenance.name, skip),
            Err(e) => self.part.stats.error(
                Some(provenance.name),
                format!("cannot read standard input: {e}"),
            ),
        }
        None
    }

    fn git(&mut self, id: git2::Oid, name: Name, buf: &mut Vec<u8>) -> Option<(Provenance, Form)> {
        let repo = match &self.repo {
            Some(Ok(repo)) => repo,
            Some(Err(e)) => {
                let e = e.clone();
                self.part.stats.error(Some(name), e);
                return None;
            }
            None => {
                self.part.stats.error(
                    Some(name),
                    format!("no repository to read object {id} from"),
                );
                return None;
            }
        };
        match source::git::read_object(repo, id, self.max_file_size, buf) {
            Ok(Ok(())) => {
                let form = text_form(&name);
                Some((Provenance::git(id, name), form))
            }
            Ok(Err(skip)) => match self.form(skip, buf, self.archives.depth) {
                Ok(form) => Some((Provenance::git(id, name), form)),
                Err(skip) => {
                    self.part.stats.skip(name, skip);
                    None
                }
            },
            Err(e) => {
                self.part.stats.error(Some(name), e.to_string());
                None
            }
        }
    }

    /// Scans a loaded blob as `form`; `depth` containers may still be opened inside it, out
    /// of the outer file's `budget`.
    fn blob(
        &mut self,
        provenance: &Provenance,
        form: Form,
        bytes: &mut Vec<u8>,
        depth: usize,
        budget: &Budget,
    ) {
        let scanned = match form {
            Form::Text => self.blobs.scan(provenance, bytes),
            Form::Notebook => return self.notebook(provenance, bytes, depth, budget),
            Form::Utf16 => {
                let (text, encoding) = decode::utf16(bytes);
                *bytes = text;
                self.blobs.scan_transcoded(provenance, bytes, encoding)
            }
            Form::Container(kind) => {
                let (limits, max_member) = (self.archives, self.max_file_size);
                let mut members = Members {
                    worker: self,
                    outer: provenance,
                    depth: depth - 1,
                };
                let name = provenance.name.as_bytes();
                archive::read(kind, name, bytes, &limits, max_member, budget, &mut members);
                return;
            }
        };
        match scanned {
            Ok(found) => {
                self.part.findings.extend(found);
                self.part.stats.files_scanned += 1;
                self.part.stats.bytes_scanned += bytes.len() as u64;
            }
            Err(e) => self
                .part
                .stats
                .error(Some(provenance.name.clone()), e.to_string()),
        }
    }

    /// Scans a notebook's cells and outputs as its members, then the notebook as written for
    /// what lies outside them (metadata), without a second place for what a cell holds.
    fn notebook(
        &mut self,
        provenance: &Provenance,
        bytes: &mut Vec<u8>,
        depth: usize,
        budget: &Budget,
    ) {
        let Some(members) = source::notebook::cells(bytes) else {
            return self.blob(provenance, Form::Text, bytes, depth, budget);
        };
        let before = self.part.findings.len();
        for (name, text) in members {
            let mut text = text.into_bytes();
            let member = provenance.member(name.as_bytes());
            self.blob(&member, Form::Text, &mut text, depth, budget);
        }
        let inside: HashSet<(RuleIndex, Fingerprint)> = self.part.findings[before..]
            .iter()
            .map(|f| (f.rule, f.fingerprint.clone()))
            .collect();
        let len = self.part.findings.len();
        self.blob(provenance, Form::Text, bytes, depth, budget);
        let raw = self.part.findings.split_off(len);
        self.part.findings.extend(
            raw.into_iter()
                .filter(|f| !inside.contains(&(f.rule, f.fingerprint.clone()))),
        );
    }

    fn finish(mut self) -> Partial {
        self.part.stats.dropped = std::mem::take(&mut self.blobs.dropped);
        self.part
    }
}

/// Scans the members of one container as they are read, opening nested containers while
/// `depth` allows.
struct Members<'w, 'm, 'r> {
    worker: &'w mut Worker<'m, 'r>,
    outer: &'w Provenance,
    depth: usize,
}

impl archive::Visit for Members<'_, '_, '_> {
    fn member(&mut self, name: &[u8], bytes: &mut Vec<u8>, budget: &Budget) {
        let provenance = self.outer.member(name);
        let form = match source::sniff(bytes) {
            None => text_form(&provenance.name),
            Some(skip) => match self.worker.form(skip, bytes, self.depth) {
                Ok(form) => form,
                Err(skip) => return self.worker.part.stats.skip(provenance.name, skip),
            },
        };
        self.worker
            .blob(&provenance, form, bytes, self.depth, budget);
    }

    fn skipped(&mut self, name: &[u8], skip: Skip) {
        let shown = if name.is_empty() {
            self.outer.name.clone()
        } else {
            self.outer.member(name).name
        };
        self.worker.part.stats.skip(shown, skip);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use crate::source::Origin;

    fn token() -> String {
        ["ghp_", "R8mQ2vXk9LzT4wYp1NcB7sHd3FjG6aE0uKiO"].concat()
    }

    fn options() -> ScanOptions {
        ScanOptions {
            threads: 2,
            max_file_size: 1 << 20,
            honour_ignore: true,
            suppressors: Suppressors::default(),
            now: 0,
            decode_depth: 2,
            archives: ArchiveLimits::default(),
        }
    }

    #[test]
    fn files_go_through_the_loop_with_their_provenance_and_skips_are_counted() {
        let rules = RuleSet::builtin().unwrap();
        let matcher = Matcher::new(&rules).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.env"), format!("TOKEN={}\n", token())).unwrap();
        std::fs::write(dir.path().join("b.bin"), b"\0\0\0binary").unwrap();
        std::fs::write(dir.path().join("c.txt"), "nothing here\n").unwrap();
        let outcome = scan(
            &[Target::Path(dir.path().to_path_buf())],
            &matcher,
            &options(),
            &NoProgress,
        )
        .unwrap();
        assert_eq!(outcome.findings.len(), 1);
        let f = &outcome.findings[0];
        assert_eq!(f.provenance.origin, Origin::File);
        assert!(f.path().ends_with("a.env"), "{}", f.path());
        assert_eq!(f.secret, token().as_bytes());
        assert_eq!(outcome.stats.files_scanned, 2);
        assert_eq!(outcome.stats.skipped_count("binary"), 1);
        assert!(outcome.stats.complete());
    }

    #[test]
    fn a_git_object_without_a_repository_is_an_error_not_a_pass() {
        let rules = RuleSet::builtin().unwrap();
        let matcher = Matcher::new(&rules).unwrap();
        let options = options();
        let mut worker = Worker::new(&matcher, &options, None);
        worker.take(
            Entry::Git {
                id: git2::Oid::ZERO_SHA1,
                name: Name::from("x"),
            },
            &NoProgress,
        );
        let part = worker.finish();
        assert_eq!(part.stats.errors.len(), 1);
        assert_eq!(part.stats.files_scanned, 0);
    }

    #[test]
    fn suppressed_findings_are_kept_apart_and_reused_secrets_joined() {
        let rules = RuleSet::builtin().unwrap();
        let matcher = Matcher::new(&rules).unwrap();
        let t = token();
        let mut found = scan_bytes(&matcher, "b.env", format!("T={t}\n").as_bytes()).unwrap();
        found.extend(scan_bytes(&matcher, "a.env", format!("T={t}\n").as_bytes()).unwrap());
        let allowed = scan_bytes(
            &matcher,
            "c.env",
            format!("T={t} # nhiscan:allow\n").as_bytes(),
        )
        .unwrap();
        assert_eq!(
            allowed[0].suppressed,
            Some(crate::finding::Suppression::Inline {
                marker: "nhiscan:allow"
            })
        );
        found.extend(allowed);
        let outcome = ScanOutcome::settle(&rules, found, ScanStats::default());
        assert_eq!(outcome.findings.len(), 1);
        assert_eq!(outcome.findings[0].path(), "b.env");
        assert_eq!(outcome.findings[0].elsewhere[0].path, "a.env");
        assert_eq!(outcome.allowed.len(), 1);
    }
}

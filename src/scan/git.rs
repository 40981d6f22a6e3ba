//! Git scans through the same scanning loop as files: the git source indexes what to read, and
//! this sends it as `Entry::Git` batches in pack order to workers that each hold their own
//! repository handle. History: every blob reachable from the refs is read once, and each
//! secret is attributed to the earliest commit (oldest first) that introduced it at a path.
//! Ranges and staged changes: each changed blob is scanned once, and only findings on lines the
//! change adds are kept. A failure to read any object makes the scan incomplete.
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use git2::{Oid, Repository};

use super::{run_workers, GitStats, Progress, ScanError, ScanOptions, ScanOutcome, ScanStats};
use crate::date::rfc3339;
use crate::finding::{Finding, Fingerprint, GitOrigin};
use crate::matcher::Matcher;
use crate::rules::RuleIndex;
use crate::source::git::{self, Commit, GitError, OidMap, OidSet, PackPosition, Refs};
use crate::source::{Entry, Name, Skip};

/// What part of a repository to scan.
#[derive(Debug, Clone)]
pub enum GitMode {
    /// The whole history of the refs.
    History(Refs),
    /// Lines added by the commits of a range `BASE..HEAD`; with `merge_base`, from the merge base.
    Range { spec: String, merge_base: bool },
    /// Lines added by the staged changes (index against HEAD).
    Staged,
}

/// Blobs handed to a worker at a time.
const BATCH: usize = 32;

/// How much of a pack libgit2 maps at a time; two windows may be mapped at once.
const PACK_WINDOW: usize = 32 << 20;

/// A blob to read and scan, shown as `path`.
struct BlobJob {
    blob: Oid,
    path: Name,
}

/// Scans the repository at `path`.
pub fn scan_git(
    path: &Path,
    mode: &GitMode,
    matcher: &Matcher<'_>,
    options: &ScanOptions,
    progress: &dyn Progress,
) -> Result<ScanOutcome, ScanError> {
    let started = Instant::now();
    // Re-hashing every object on read (with SHA-1 collision detection) took a third of a
    // history scan's CPU; `git cat-file` does not re-hash either. Damaged objects still fail
    // to inflate, and those failures make the scan incomplete.
    git2::opts::strict_hash_verification(false);
    // Memory, measured on git/git's history (2026-12-04): libgit2's object cache kept the
    // trees that indexing read (830 -> 537 MB peak RSS without it, no slower: blobs are read
    // once, and delta bases come from the pack's own cache), and its pack windows map up to
    // 8 GB of pack into resident memory (537 -> 277 MB with two windows of 32 MB).
    static LIMITS: std::sync::Once = std::sync::Once::new();
    LIMITS.call_once(|| {
        git2::opts::enable_caching(false);
        // SAFETY: libgit2's global options are plain variables, not synchronised. They are
        // set once, by the first git scan, before it opens a repository or starts a worker;
        // any other first scan waits on the `Once`.
        unsafe {
            let _ = git2::opts::set_mwindow_size(PACK_WINDOW);
            let _ = git2::opts::set_mwindow_mapped_limit(2 * PACK_WINDOW);
        }
    });
    let repo = git::open(path)?;
    let mut outcome = match mode {
        GitMode::History(refs) => history(&repo, refs, matcher, options, progress)?,
        GitMode::Range { spec, merge_base } => {
            let (base, head) = git::resolve_range(&repo, spec, *merge_base)?;
            let changes = git::range_changes(&repo, base, head)?;
            let head_blobs = tree_blobs(&repo, Some(head))?;
            changed(
                &repo,
                "range",
                changes,
                Some((head, head_blobs)),
                matcher,
                options,
                progress,
            )?
        }
        GitMode::Staged => {
            let changes = git::staged_changes(&repo)?;
            changed(&repo, "staged", changes, None, matcher, options, progress)?
        }
    };
    if let Some(g) = outcome.stats.git.as_mut() {
        g.repository = repository_uri(&repo);
    }
    outcome.stats.duration = started.elapsed();
    Ok(outcome)
}

/// The `origin` remote as a public URI: scheme, host and path only. Remote URLs can embed a
/// token (as user info, in a query or a fragment), and a local path says nothing to a dashboard;
/// an scp-style remote (`git@host:owner/repo.git`) becomes `https://host/owner/repo`. None when
/// there is no such remote.
fn repository_uri(repo: &Repository) -> Option<String> {
    let url = repo.find_remote("origin").ok()?.url().ok()?.to_string();
    public_uri(&url)
}

fn public_uri(url: &str) -> Option<String> {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => {
            // scp-style: [user@]host:path, where host has no slash before the colon.
            let (authority, path) = url.split_once(':')?;
            if authority.contains('/') || path.starts_with("//") {
                return None;
            }
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            return Some(format!("https://{host}/{}", clean_path(path)));
        }
    };
    if !matches!(scheme.as_str(), "https" | "http" | "ssh" | "git") {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.is_empty() {
        return None;
    }
    let scheme = if scheme == "ssh" || scheme == "git" {
        "https"
    } else {
        scheme.as_str()
    };
    let host = if scheme == "https" {
        host.split(':').next().unwrap_or(host)
    } else {
        host
    };
    Some(format!("{scheme}://{host}/{}", clean_path(path)))
}

fn clean_path(path: &str) -> &str {
    let path = path.trim_start_matches('/');
    path.strip_suffix(".git").unwrap_or(path)
}

fn history(
    repo: &Repository,
    refs: &Refs,
    matcher: &Matcher<'_>,
    options: &ScanOptions,
    progress: &dyn Progress,
) -> Result<ScanOutcome, ScanError> {
    progress.phase("indexing history");
    let index = git::index_history(repo, refs)?;
    let jobs: Vec<BlobJob> = index
        .blobs
        .iter()
        .map(|site| BlobJob {
            blob: site.blob,
            path: index.paths[site.path as usize].clone(),
        })
        .collect();
    let (scanned, mut stats) = scan_blobs(repo, &jobs, matcher, options, progress)?;
    drop(jobs);
    for path in &index.submodules {
        stats.skip(path.clone(), Skip::Submodule);
    }
    let head_fingerprints = fingerprints_in(&scanned, &index.head_blobs);
    // Each blob was indexed once, at the first commit that has it.
    let with_findings: OidSet = scanned
        .iter()
        .filter_map(|f| f.provenance.git_object())
        .collect();
    let commit_of: OidMap<u32> = index
        .blobs
        .iter()
        .filter(|site| with_findings.contains(&site.blob))
        .map(|site| (site.blob, site.commit))
        .collect();
    let found = scanned
        .into_iter()
        .map(|f| {
            let commit = f
                .provenance
                .git_object()
                .and_then(|id| commit_of.get(&id).copied())
                .unwrap_or(u32::MAX);
            (commit, f)
        })
        .collect();
    let findings = attribute(found, &index.commits, &head_fingerprints);
    stats.git = Some(GitStats {
        mode: "history",
        refs: index.refs,
        commits: index.commits.len(),
        blobs: stats.files_scanned as usize,
        unreachable_commits: index.unreachable_commits,
        unreachable_blobs: index.unreachable_blobs,
        messages: index.messages,
        head: repo
            .head()
            .ok()
            .and_then(|h| h.target())
            .map(|o| o.to_string()),
        repository: None,
    });
    Ok(ScanOutcome::settle(matcher.rules(), findings, stats))
}

fn changed(
    repo: &Repository,
    mode: &'static str,
    changes: git::RangeChanges,
    head: Option<(Oid, OidSet)>,
    matcher: &Matcher<'_>,
    options: &ScanOptions,
    progress: &dyn Progress,
) -> Result<ScanOutcome, ScanError> {
    // One job per blob and path: path-scoped allowlists must see each path.
    let mut seen: HashSet<(Oid, &Name)> = HashSet::new();
    let mut jobs = Vec::new();
    for c in &changes.changes {
        if seen.insert((c.blob, &c.path)) {
            jobs.push(BlobJob {
                blob: c.blob,
                path: c.path.clone(),
            });
        }
    }
    let (scanned, mut stats) = scan_blobs(repo, &jobs, matcher, options, progress)?;
    let mut by_blob: HashMap<(Oid, &Name), Vec<&Finding>> = HashMap::new();
    for f in &scanned {
        if let Some(id) = f.provenance.git_object() {
            by_blob
                .entry((id, f.provenance.outer()))
                .or_default()
                .push(f);
        }
    }
    let head_fingerprints = match &head {
        Some((_, blobs)) => fingerprints_in(&scanned, blobs),
        None => HashSet::new(),
    };
    let mut found = Vec::new();
    for change in &changes.changes {
        let Some(findings) = by_blob.get(&(change.blob, &change.path)) else {
            continue;
        };
        for f in findings {
            let mut lines = f.location.line..=f.location.end_line;
            if change.whole || lines.any(|l| change.added.contains(&l)) {
                found.push((change.commit.unwrap_or(u32::MAX), (*f).clone()));
            }
        }
    }
    let findings = if head.is_some() {
        attribute(found, &changes.commits, &head_fingerprints)
    } else {
        found.into_iter().map(|(_, f)| f).collect()
    };
    stats.git = Some(GitStats {
        mode,
        refs: 0,
        commits: changes.commits.len(),
        blobs: stats.files_scanned as usize,
        unreachable_commits: 0,
        unreachable_blobs: 0,
        messages: 0,
        head: head.map(|(h, _)| h.to_string()),
        repository: None,
    });
    Ok(ScanOutcome::settle(matcher.rules(), findings, stats))
}

/// Attributes each secret at each path to the earliest commit that has it there. The earliest
/// comes first, so that joining reuse later reports a secret's first introduction and lists its
/// other paths with it. A secret that is edited around stays one finding.
fn attribute(
    found: Vec<(u32, Finding)>,
    commits: &[Commit],
    head_fingerprints: &HashSet<(RuleIndex, Fingerprint)>,
) -> Vec<Finding> {
    let mut first: BTreeMap<(RuleIndex, Fingerprint, Name), (u32, Finding)> = BTreeMap::new();
    for (commit, f) in found {
        let key = (f.rule, f.fingerprint.clone(), f.path().clone());
        match first.get(&key) {
            Some((c, old)) if (*c, old.location) <= (commit, f.location) => {}
            _ => {
                first.insert(key, (commit, f));
            }
        }
    }
    let mut earliest: Vec<(u32, Finding)> = first
        .into_values()
        .map(|(commit, mut f)| {
            if let Some(c) = commits.get(commit as usize) {
                f.git = Some(GitOrigin {
                    commit: c.id.to_string(),
                    author_name: c.author_name.clone(),
                    author_email: c.author_email.clone(),
                    date: rfc3339(c.time, c.offset_minutes),
                    summary: c.summary.clone(),
                    at_head: head_fingerprints.contains(&(f.rule, f.fingerprint.clone())),
                });
            }
            (commit, f)
        })
        .collect();
    earliest
        .sort_by(|(a, fa), (b, fb)| (a, fa.path(), fa.location).cmp(&(b, fb.path(), fb.location)));
    earliest.into_iter().map(|(_, f)| f).collect()
}

/// (rule, fingerprint) of every finding in a blob of `blobs`.
fn fingerprints_in(scanned: &[Finding], blobs: &OidSet) -> HashSet<(RuleIndex, Fingerprint)> {
    scanned
        .iter()
        .filter(|f| {
            f.provenance
                .git_object()
                .is_some_and(|id| blobs.contains(&id))
        })
        .map(|f| (f.rule, f.fingerprint.clone()))
        .collect()
}

/// Every blob in the tree of `commit`.
fn tree_blobs(repo: &Repository, commit: Option<Oid>) -> Result<OidSet, GitError> {
    let mut out = OidSet::default();
    let Some(commit) = commit else { return Ok(out) };
    let tree = repo.find_commit(commit)?.tree()?;
    tree.walk(git2::TreeWalkMode::PreOrder, |_, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob) {
            out.insert(entry.id());
        }
        git2::TreeWalkResult::Ok
    })?;
    Ok(out)
}

/// Reads and scans `jobs` in pack order, through the scanning loop every source shares;
/// returns the findings (unsorted) and the scan statistics.
fn scan_blobs(
    repo: &Repository,
    jobs: &[BlobJob],
    matcher: &Matcher<'_>,
    options: &ScanOptions,
    progress: &dyn Progress,
) -> Result<(Vec<Finding>, ScanStats), ScanError> {
    let positions = git::pack_positions(&repo.commondir().join("objects"));
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    let loose: PackPosition = (u32::MAX, 0);
    order.sort_by_key(|&i| {
        let job = &jobs[i];
        (*positions.get(&job.blob).unwrap_or(&loose), job.blob)
    });
    drop(positions);
    progress.planned(jobs.len() as u64);
    run_workers(matcher, options, Some(repo.path()), progress, |tx| {
        // Batches keep workers on neighbouring pack entries and spare a wake-up per blob.
        for batch in order.chunks(BATCH) {
            let entries = batch
                .iter()
                .map(|&i| Entry::Git {
                    id: jobs[i].blob,
                    name: jobs[i].path.clone(),
                })
                .collect();
            if tx.send(entries).is_err() {
                break;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use crate::source::Provenance;

    fn commit(n: u8) -> Commit {
        Commit {
            id: Oid::from_bytes(&[n; 20]).unwrap(),
            author_name: format!("dev {n}"),
            author_email: "dev@example.com".into(),
            time: i64::from(n) * 86_400,
            offset_minutes: 60,
            summary: format!("commit {n}"),
        }
    }

    #[test]
    fn a_secret_is_attributed_to_the_earliest_commit_at_each_path() {
        let rules = RuleSet::builtin().unwrap();
        let matcher = Matcher::new(&rules).unwrap();
        let token = ["ghp_", "R8mQ2vXk9LzT4wYp1NcB7sHd3FjG6aE0uKiO"].concat();
        let suppressors = crate::suppress::Suppressors::default();
        let mut scanner = super::super::BlobScanner::new(&matcher, &suppressors, 0);
        let mut at = |blob: u8, path: &str, text: String| {
            let provenance = Provenance::git(Oid::from_bytes(&[blob; 20]).unwrap(), path.into());
            scanner
                .scan(&provenance, text.as_bytes())
                .unwrap()
                .remove(0)
        };
        let found = vec![
            (2, at(7, "a.env", format!("T={token}\n"))),
            (0, at(8, "a.env", format!("\n\nT={token}\n"))),
            (1, at(9, "b.env", format!("T={token}\n"))),
        ];
        let commits = [commit(1), commit(2), commit(3)];
        let at_head: HashSet<_> = [(found[0].1.rule, found[0].1.fingerprint.clone())].into();
        let out = attribute(found, &commits, &at_head);
        assert_eq!(out.len(), 2, "one per path");
        let origin = out[0].git.as_ref().unwrap();
        assert_eq!(out[0].path(), "a.env");
        assert_eq!(out[0].location.line, 3, "the earliest commit's place");
        assert_eq!(origin.commit, commits[0].id.to_string());
        assert_eq!(origin.date, "1970-01-02T01:00:00+01:00");
        assert!(origin.at_head);
        assert_eq!(out[1].path(), "b.env");
        assert_eq!(out[1].git.as_ref().unwrap().summary, "commit 2");
    }

    #[test]
    fn repository_uris_keep_no_credentials_queries_or_local_paths() {
        for (url, want) in [
            (
                concat!("https://x-token:", "s3cr3t", "@github.com/acme/repo.git"),
                Some("https://github.com/acme/repo"),
            ),
            (
                "https://github.com/acme/repo?access_token=abc#frag",
                Some("https://github.com/acme/repo"),
            ),
            (
                "git@github.com:acme/repo.git",
                Some("https://github.com/acme/repo"),
            ),
            (
                "ssh://git@gitlab.example:2222/team/app.git",
                Some("https://gitlab.example/team/app"),
            ),
            ("/srv/git/repo.git", None),
            ("file:///srv/git/repo.git", None),
            ("../other", None),
        ] {
            assert_eq!(public_uri(url).as_deref(), want, "{url}");
        }
    }
}

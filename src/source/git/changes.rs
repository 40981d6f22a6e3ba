//! Changes: the lines that commits of a range (`BASE..HEAD`), or the index against HEAD (staged
//! changes), add. Only these lines can carry a newly leaked secret; a secret on a deleted or
//! untouched line is not the range's doing. A merge commit adds the lines that are new against
//! each of its parents (what `git log --cc` shows): its own resolution, not the merged commits'
//! changes, which the range contains.
use std::collections::{BTreeMap, BTreeSet, HashSet};

use git2::{Diff, DiffFindOptions, DiffOptions, Oid, Repository};

use super::{Commit, GitError};
use crate::source::Name;

/// A blob some change adds lines to.
#[derive(Debug, Clone)]
pub struct Change {
    pub blob: Oid,
    pub path: Name,
    /// 1-based line numbers, in the new blob, of the added lines.
    pub added: BTreeSet<usize>,
    /// Index into the commits of the range; `None` for staged changes.
    pub commit: Option<u32>,
    /// A change git calls binary (an archive, UTF-16 text, an image), which has no lines:
    /// whatever the scan finds in the new blob is the change's.
    pub whole: bool,
}

/// The commits of a range and what each adds, oldest commit first.
#[derive(Debug, Default)]
pub struct RangeChanges {
    pub commits: Vec<Commit>,
    pub changes: Vec<Change>,
}

/// Resolves `spec` (`BASE..HEAD`, any revisions git accepts) to (base, head); with
/// `merge_base`, the base becomes the merge base of the two.
pub fn resolve_range(
    repo: &Repository,
    spec: &str,
    merge_base: bool,
) -> Result<(Oid, Oid), GitError> {
    let bad = |message: String| GitError::BadRevision {
        spec: spec.to_string(),
        message,
    };
    let revspec = repo
        .revparse(spec)
        .map_err(|e| bad(e.message().to_string()))?;
    let (Some(from), Some(to)) = (revspec.from(), revspec.to()) else {
        return Err(bad("expected a range BASE..HEAD".into()));
    };
    let base = from
        .peel_to_commit()
        .map_err(|e| bad(e.message().to_string()))?
        .id();
    let head = to
        .peel_to_commit()
        .map_err(|e| bad(e.message().to_string()))?
        .id();
    if merge_base || revspec.mode().contains(git2::RevparseMode::MERGE_BASE) {
        let mb = repo
            .merge_base(base, head)
            .map_err(|e| bad(format!("no merge base: {}", e.message())))?;
        return Ok((mb, head));
    }
    Ok((base, head))
}

/// What the commits in `base..head` add.
pub fn range_changes(repo: &Repository, base: Oid, head: Oid) -> Result<RangeChanges, GitError> {
    let mut out = RangeChanges::default();
    let mut changes = Vec::new();
    out.commits = super::walk_commits(repo, &[head], &[base], |index, commit| {
        let tree = commit
            .tree()
            .map_err(|e| GitError::object(commit.id(), "tree", e))?;
        let mut added: Option<Added> = None;
        // A merge adds the lines that are new against every parent: what its resolution wrote
        // (an "evil merge"), not what the merged commits brought, which the range holds.
        // A root commit is diffed against nothing.
        let parents: Vec<Option<git2::Tree<'_>>> = if commit.parent_count() == 0 {
            vec![None]
        } else {
            commit
                .parents()
                .map(|p| {
                    p.tree()
                        .map(Some)
                        .map_err(|e| GitError::object(p.id(), "tree", e))
                })
                .collect::<Result<_, _>>()?
        };
        for parent_tree in &parents {
            let mut diff =
                repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut options()))?;
            let this = added_lines(&mut diff)?;
            added = Some(match added {
                None => this,
                Some(before) => before.intersect(this),
            });
        }
        let added = added.unwrap_or_default();
        added.into_changes(Some(index), &mut changes);
        Ok(())
    })?;
    out.changes = changes;
    Ok(out)
}

/// What the index adds against HEAD (or against nothing, before the first commit).
pub fn staged_changes(repo: &Repository) -> Result<RangeChanges, GitError> {
    if repo.is_bare() {
        return Err(GitError::Bare);
    }
    let head_tree = match repo.head() {
        Ok(head) => Some(head.peel_to_tree()?),
        Err(e)
            if e.code() == git2::ErrorCode::UnbornBranch
                || e.code() == git2::ErrorCode::NotFound =>
        {
            None
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(out) = staged_by_cache_tree(repo, head_tree.as_ref())? {
        return Ok(out);
    }
    let index_file = super::index_path(repo);
    let index = if index_file.exists() {
        git2::Index::open(&index_file).map_err(|e| GitError::Index {
            path: index_file.display().to_string(),
            message: e.message().to_string(),
        })?
    } else {
        // Nothing staged yet in a new repository.
        git2::Index::new()?
    };
    let mut diff =
        repo.diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut options()))?;
    let mut out = RangeChanges::default();
    added_lines(&mut diff)?.into_changes(None, &mut out.changes);
    Ok(out)
}

/// The staged changes found through the index's cache tree (see `index`): only directories
/// whose tree differs from HEAD's are read. `None` when the index is of a kind left to libgit2.
fn staged_by_cache_tree(
    repo: &Repository,
    head: Option<&git2::Tree<'_>>,
) -> Result<Option<RangeChanges>, GitError> {
    let Some(index) = read_index(repo)? else {
        return Ok(None);
    };
    let mut walk = StagedWalk {
        repo,
        index: &index,
        added: Vec::new(),
        removed: Vec::new(),
    };
    walk.dir(
        b"",
        0..index.entries.len(),
        index.tree.as_ref(),
        head.map(|t| t.id()),
    )?;
    let mut out = RangeChanges::default();
    let file_name = |p: &[u8]| p.rsplit(|b| *b == b'/').next().map(<[u8]>::to_vec);
    for (path, old, new) in walk.added {
        // A file moved as it was adds no line; one moved and edited is diffed against the file
        // of the same name that left (git's rename detection, by name rather than similarity).
        if old.is_none() && walk.removed.iter().any(|(_, oid)| *oid == new) {
            continue;
        }
        let old = old.or_else(|| {
            let name = file_name(&path);
            walk.removed
                .iter()
                .find(|(p, _)| file_name(p) == name)
                .map(|(_, oid)| *oid)
        });
        let name = Name::from_bytes(&path);
        match staged_lines(repo, &name, old, new)? {
            None => out.changes.push(Change {
                blob: new,
                path: name,
                added: BTreeSet::new(),
                commit: None,
                whole: true,
            }),
            Some(added) if added.is_empty() => {}
            Some(added) => out.changes.push(Change {
                blob: new,
                path: name,
                added,
                commit: None,
                whole: false,
            }),
        }
    }
    Ok(Some(out))
}

/// The index file parsed, or `None` when there is none or it is of a kind left to libgit2.
fn read_index(repo: &Repository) -> Result<Option<super::index::Index>, GitError> {
    let index_file = super::index_path(repo);
    match std::fs::read(&index_file) {
        Ok(bytes) => Ok(super::index::parse(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(GitError::Index {
            path: index_file.display().to_string(),
            message: e.to_string(),
        }),
    }
}

/// The line numbers a staged blob adds over its old version (none: a new file); `None` for a
/// binary file.
fn staged_lines(
    repo: &Repository,
    name: &Name,
    old: Option<Oid>,
    new: Oid,
) -> Result<Option<BTreeSet<usize>>, GitError> {
    let new_blob = repo
        .find_blob(new)
        .map_err(|e| GitError::object(new, "blob", e))?;
    let old_blob = match old {
        Some(o) => Some(
            repo.find_blob(o)
                .map_err(|e| GitError::object(o, "blob", e))?,
        ),
        None => None,
    };
    let file = std::path::Path::new(name.as_str());
    let old_bytes: &[u8] = old_blob.as_ref().map_or(&[], |b| b.content());
    let patch = git2::Patch::from_buffers(
        old_bytes,
        Some(file),
        new_blob.content(),
        Some(file),
        Some(&mut options()),
    )?;
    if patch.delta().flags().is_binary() || new_blob.is_binary() {
        return Ok(None);
    }
    let mut added = BTreeSet::new();
    for hunk in 0..patch.num_hunks() {
        for line in 0..patch.num_lines_in_hunk(hunk)? {
            let line = patch.line_in_hunk(hunk, line)?;
            if line.origin() == '+' {
                if let Some(n) = line.new_lineno() {
                    added.insert(n as usize);
                }
            }
        }
    }
    Ok(Some(added))
}

/// Walks the index and HEAD side by side, descending only where the cache tree says a
/// directory changed.
struct StagedWalk<'a, 'r> {
    repo: &'r Repository,
    index: &'a super::index::Index,
    /// (path, blob in HEAD if any, blob staged) of every added or modified file.
    added: Vec<(Vec<u8>, Option<Oid>, Oid)>,
    /// (path, blob) of HEAD files no longer staged at their path, to recognise moves.
    removed: Vec<(Vec<u8>, Oid)>,
}

impl StagedWalk<'_, '_> {
    fn dir(
        &mut self,
        prefix: &[u8],
        range: std::ops::Range<usize>,
        cache: Option<&super::index::CacheTree>,
        head: Option<Oid>,
    ) -> Result<(), GitError> {
        if let (Some(c), Some(h)) = (cache, head) {
            if c.oid == Some(h) {
                return Ok(());
            }
        }
        let head_entries = self.tree_entries(head)?;
        let mut seen: HashSet<Vec<u8>> = HashSet::new();
        let entries = &self.index.entries;
        let mut i = range.start;
        while i < range.end {
            let rel = &self.index.path(&entries[i])[prefix.len()..];
            match memchr::memchr(b'/', rel) {
                Some(slash) => {
                    let name = rel[..slash].to_vec();
                    let mut child = prefix.to_vec();
                    child.extend_from_slice(&name);
                    child.push(b'/');
                    let mut j = i + 1;
                    while j < range.end && self.index.path(&entries[j]).starts_with(&child) {
                        j += 1;
                    }
                    let child_cache =
                        cache.and_then(|c| c.children.iter().find(|t| t.name == name));
                    let child_head = head_entries
                        .iter()
                        .find(|(n, _, is_tree)| *is_tree && *n == name)
                        .map(|(_, oid, _)| *oid);
                    self.dir(&child, i..j, child_cache, child_head)?;
                    seen.insert(name);
                    i = j;
                }
                None => {
                    let entry = &entries[i];
                    // Submodules (gitlinks) are other repositories.
                    if entry.mode & 0o170000 != 0o160000 {
                        let old = head_entries
                            .iter()
                            .find(|(n, _, is_tree)| !*is_tree && n == rel)
                            .map(|(_, oid, _)| *oid);
                        if old != Some(entry.oid) {
                            self.added
                                .push((self.index.path(entry).to_vec(), old, entry.oid));
                        }
                    }
                    seen.insert(rel.to_vec());
                    i += 1;
                }
            }
        }
        self.record_removed(prefix, head_entries, &seen)
    }

    /// (name, id, is a tree) of each entry of a HEAD tree; none without one.
    fn tree_entries(&self, tree: Option<Oid>) -> Result<Vec<(Vec<u8>, Oid, bool)>, GitError> {
        let Some(h) = tree else {
            return Ok(Vec::new());
        };
        let tree = self
            .repo
            .find_tree(h)
            .map_err(|e| GitError::object(h, "tree", e))?;
        Ok(tree
            .iter()
            .map(|e| {
                let is_tree = e.kind() == Some(git2::ObjectType::Tree);
                (e.name_bytes().to_vec(), e.id(), is_tree)
            })
            .collect())
    }

    /// Records the HEAD entries of a directory that the index no longer has at their path.
    fn record_removed(
        &mut self,
        prefix: &[u8],
        head_entries: Vec<(Vec<u8>, Oid, bool)>,
        seen: &HashSet<Vec<u8>>,
    ) -> Result<(), GitError> {
        for (name, oid, is_tree) in head_entries {
            if seen.contains(&name) {
                continue;
            }
            let mut path = prefix.to_vec();
            path.extend_from_slice(&name);
            if !is_tree {
                self.removed.push((path, oid));
                continue;
            }
            // A directory gone from the index: its files may have moved elsewhere.
            let tree = self
                .repo
                .find_tree(oid)
                .map_err(|e| GitError::object(oid, "tree", e))?;
            path.push(b'/');
            tree.walk(git2::TreeWalkMode::PreOrder, |dir, e| {
                if e.kind() == Some(git2::ObjectType::Blob) {
                    let mut file = path.clone();
                    file.extend_from_slice(dir.as_bytes());
                    file.extend_from_slice(e.name_bytes());
                    self.removed.push((file, e.id()));
                }
                git2::TreeWalkResult::Ok
            })?;
        }
        Ok(())
    }
}

fn options() -> DiffOptions {
    let mut o = DiffOptions::new();
    o.context_lines(0)
        .ignore_submodules(true)
        .include_typechange(true);
    o
}

/// What one diff adds: the added line numbers of each new blob at its path, and the new blobs
/// (at their paths) whose change is binary.
#[derive(Debug, Default)]
struct Added {
    lines: BTreeMap<(Name, Oid), BTreeSet<usize>>,
    binary: BTreeSet<(Name, Oid)>,
}

impl Added {
    /// What both diffs add (the same blob at the same path, the same lines).
    fn intersect(mut self, other: Added) -> Added {
        self.lines.retain(|key, lines| match other.lines.get(key) {
            Some(theirs) => {
                lines.retain(|l| theirs.contains(l));
                !lines.is_empty()
            }
            None => false,
        });
        self.binary.retain(|p| other.binary.contains(p));
        self
    }

    fn into_changes(self, commit: Option<u32>, changes: &mut Vec<Change>) {
        for ((path, blob), added) in self.lines {
            changes.push(Change {
                blob,
                path,
                added,
                commit,
                whole: false,
            });
        }
        for (path, blob) in self.binary {
            changes.push(Change {
                blob,
                path,
                added: BTreeSet::new(),
                commit,
                whole: true,
            });
        }
    }
}

fn added_lines(diff: &mut Diff<'_>) -> Result<Added, GitError> {
    // A renamed file adds no lines unless its content changed too.
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
    let mut found: BTreeMap<(Name, Oid), BTreeSet<usize>> = BTreeMap::new();
    let mut binaries: BTreeSet<(Name, Oid)> = BTreeSet::new();
    let path_of = |d: &git2::DiffDelta<'_>| {
        d.new_file()
            .path_bytes()
            .map(Name::from_bytes)
            .unwrap_or_default()
    };
    diff.foreach(
        &mut |_, _| true,
        Some(&mut |delta, _| {
            // A deleted file adds nothing.
            if !delta.new_file().id().is_zero() {
                binaries.insert((path_of(&delta), delta.new_file().id()));
            }
            true
        }),
        None,
        Some(&mut |delta, _, line| {
            if line.origin() == '+' {
                if let Some(n) = line.new_lineno() {
                    found
                        .entry((path_of(&delta), delta.new_file().id()))
                        .or_default()
                        .insert(n as usize);
                }
            }
            true
        }),
    )?;
    Ok(Added {
        lines: found,
        binary: binaries,
    })
}

//! Changes: the lines that commits of a range (`BASE..HEAD`), or the index against HEAD (staged
//! changes), add. Only these lines can carry a newly leaked secret; a secret on a deleted or
//! untouched line is not the range's doing. Merge commits are not diffed: their changes are
//! those of the commits merged, which the range contains.
use std::collections::{BTreeMap, BTreeSet, HashSet};

use git2::{Diff, DiffFindOptions, DiffOptions, Oid, Repository, Sort};

use super::{Commit, GitError};

/// A blob some change adds lines to.
#[derive(Debug, Clone)]
pub struct Change {
    pub blob: Oid,
    pub path: String,
    /// 1-based line numbers, in the new blob, of the added lines.
    pub added: BTreeSet<usize>,
    /// Index into the commits of the range; `None` for staged changes.
    pub commit: Option<u32>,
}

/// The commits of a range and what each adds, oldest commit first.
#[derive(Debug, Default)]
pub struct RangeChanges {
    pub commits: Vec<Commit>,
    pub changes: Vec<Change>,
    /// Paths whose change was binary and not looked at.
    pub binary: Vec<String>,
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
    let shallow = super::shallow_commits(repo);
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)?;
    walk.push(head)?;
    walk.hide(base)?;
    let mut out = RangeChanges::default();
    for id in walk {
        let id = id?;
        if shallow.contains(&id) {
            return Err(GitError::Shallow { commit: id });
        }
        let commit = repo
            .find_commit(id)
            .map_err(|e| GitError::object(id, "commit", e))?;
        let index = out.commits.len() as u32;
        out.commits.push(Commit::from_git(&commit));
        if commit.parent_count() > 1 {
            continue;
        }
        let parent_tree = match commit.parent(0) {
            Ok(p) => Some(p.tree().map_err(|e| GitError::object(p.id(), "tree", e))?),
            Err(_) => None,
        };
        let tree = commit.tree().map_err(|e| GitError::object(id, "tree", e))?;
        let mut diff =
            repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut options()))?;
        added_lines(&mut diff, Some(index), &mut out.changes, &mut out.binary)?;
    }
    Ok(out)
}

/// What the index adds against HEAD (or against nothing, before the first commit).
pub fn staged_changes(repo: &Repository) -> Result<RangeChanges, GitError> {
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
    let index = repo.index()?;
    let mut diff =
        repo.diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut options()))?;
    let mut out = RangeChanges::default();
    added_lines(&mut diff, None, &mut out.changes, &mut out.binary)?;
    Ok(out)
}

fn options() -> DiffOptions {
    let mut o = DiffOptions::new();
    o.context_lines(0)
        .ignore_submodules(true)
        .include_typechange(true);
    o
}

fn added_lines(
    diff: &mut Diff<'_>,
    commit: Option<u32>,
    changes: &mut Vec<Change>,
    binary: &mut Vec<String>,
) -> Result<(), GitError> {
    // A renamed file adds no lines unless its content changed too.
    diff.find_similar(Some(DiffFindOptions::new().renames(true)))?;
    let mut found: BTreeMap<(String, Oid), BTreeSet<usize>> = BTreeMap::new();
    let mut binaries: HashSet<String> = HashSet::new();
    let path_of = |d: &git2::DiffDelta<'_>| {
        d.new_file()
            .path_bytes()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .unwrap_or_default()
    };
    diff.foreach(
        &mut |_, _| true,
        Some(&mut |delta, _| {
            binaries.insert(path_of(&delta));
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
    for ((path, blob), added) in found {
        changes.push(Change {
            blob,
            path,
            added,
            commit,
        });
    }
    let mut binaries: Vec<String> = binaries.into_iter().collect();
    binaries.sort();
    binary.extend(binaries);
    Ok(())
}

//! The history index: which refs to scan, their commits oldest first, and for every blob
//! reachable from them the commit and path that first introduced it. Each tree is read once
//! (a subtree seen before holds only blobs already attributed), so the cost follows the number
//! of distinct trees, not commits times files. Blob contents are not read here.
use std::collections::{HashMap, HashSet};

use git2::{ObjectType, Oid, Repository};

use super::{Commit, GitError};

/// Which refs a history scan covers.
#[derive(Debug, Clone)]
pub enum Refs {
    /// Every branch (local and remote-tracking), every tag, and HEAD.
    All,
    /// One branch, local or remote-tracking, or any revision git resolves.
    Branch(String),
}

/// Where a blob was first seen.
#[derive(Debug, Clone, Copy)]
pub struct BlobSite {
    pub blob: Oid,
    /// Index into `History::commits`.
    pub commit: u32,
    /// Index into `History::paths`.
    pub path: u32,
}

#[derive(Debug, Default)]
pub struct History {
    pub refs: usize,
    /// Oldest first (topological, then commit time): the first commit to show a blob is the
    /// one that introduced it.
    pub commits: Vec<Commit>,
    pub paths: Vec<String>,
    /// Every reachable blob once, in discovery order.
    pub blobs: Vec<BlobSite>,
    /// Blobs in HEAD's tree, to tell whether a secret is still present.
    pub head_blobs: HashSet<Oid>,
    /// Submodule entries (gitlinks), which point into other repositories and are not scanned.
    pub submodules: Vec<String>,
}

/// Builds the history index of `refs`.
pub fn index_history(repo: &Repository, refs: &Refs) -> Result<History, GitError> {
    let tips = ref_tips(repo, refs)?;
    if tips.is_empty() {
        return Err(GitError::NoCommits);
    }
    let mut history = History {
        refs: tips.len(),
        ..History::default()
    };
    let mut indexer = TreeIndexer::default();
    history.commits = super::walk_commits(repo, &tips, None, |index, commit| {
        indexer.walk(repo, commit.tree_id(), "", index, &mut history)
    })?;
    if let Ok(head) = repo.head().and_then(|h| h.peel_to_tree()) {
        collect_blobs(repo, head.id(), &mut history.head_blobs)?;
    }
    Ok(history)
}

/// The commits the refs point to, deduplicated and sorted for determinism.
fn ref_tips(repo: &Repository, refs: &Refs) -> Result<Vec<Oid>, GitError> {
    let mut tips = Vec::new();
    match refs {
        Refs::Branch(name) => {
            let candidates = [
                format!("refs/heads/{name}"),
                format!("refs/remotes/{name}"),
                name.clone(),
            ];
            let found = candidates
                .iter()
                .find_map(|c| repo.revparse_single(c).ok())
                .ok_or_else(|| GitError::BadRevision {
                    spec: name.clone(),
                    message: "no branch or revision of that name".into(),
                })?;
            let commit = found
                .peel_to_commit()
                .map_err(|e| GitError::object(found.id(), "commit", e))?;
            tips.push(commit.id());
        }
        Refs::All => {
            for reference in repo.references()? {
                let reference = reference?;
                let Ok(name) = reference.name() else { continue };
                if !(name.starts_with("refs/heads/")
                    || name.starts_with("refs/remotes/")
                    || name.starts_with("refs/tags/"))
                {
                    continue;
                }
                // Tags may point at trees or blobs; only commits have history. An object that
                // cannot be read is damage, not an empty repository.
                match reference.peel_to_commit() {
                    Ok(commit) => tips.push(commit.id()),
                    Err(e) => match reference.peel(ObjectType::Any) {
                        Ok(_) => {}
                        Err(_) => {
                            let id = reference.target().unwrap_or(Oid::ZERO_SHA1);
                            return Err(GitError::object(id, "commit", e));
                        }
                    },
                }
            }
            if let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) {
                tips.push(head.id());
            }
        }
    }
    tips.sort();
    tips.dedup();
    Ok(tips)
}

#[derive(Default)]
struct TreeIndexer {
    seen_trees: HashSet<Oid>,
    seen_blobs: HashSet<Oid>,
    path_ids: HashMap<String, u32>,
    seen_submodules: HashSet<String>,
}

impl TreeIndexer {
    fn walk(
        &mut self,
        repo: &Repository,
        tree: Oid,
        prefix: &str,
        commit: u32,
        history: &mut History,
    ) -> Result<(), GitError> {
        if !self.seen_trees.insert(tree) {
            return Ok(());
        }
        let tree = repo
            .find_tree(tree)
            .map_err(|e| GitError::object(tree, "tree", e))?;
        for entry in tree.iter() {
            let name = String::from_utf8_lossy(entry.name_bytes());
            let path = if prefix.is_empty() {
                name.into_owned()
            } else {
                format!("{prefix}/{name}")
            };
            match entry.kind() {
                Some(ObjectType::Tree) => self.walk(repo, entry.id(), &path, commit, history)?,
                Some(ObjectType::Blob) if self.seen_blobs.insert(entry.id()) => {
                    let next = self.path_ids.len() as u32;
                    let path_id = *self.path_ids.entry(path.clone()).or_insert_with(|| {
                        history.paths.push(path);
                        next
                    });
                    history.blobs.push(BlobSite {
                        blob: entry.id(),
                        commit,
                        path: path_id,
                    });
                }
                Some(ObjectType::Commit) if self.seen_submodules.insert(path.clone()) => {
                    history.submodules.push(path);
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Every blob id under `tree`.
fn collect_blobs(repo: &Repository, tree: Oid, out: &mut HashSet<Oid>) -> Result<(), GitError> {
    let mut stack = vec![tree];
    let mut seen = HashSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let tree = repo
            .find_tree(id)
            .map_err(|e| GitError::object(id, "tree", e))?;
        for entry in tree.iter() {
            match entry.kind() {
                Some(ObjectType::Tree) => stack.push(entry.id()),
                Some(ObjectType::Blob) => {
                    out.insert(entry.id());
                }
                _ => {}
            }
        }
    }
    Ok(())
}

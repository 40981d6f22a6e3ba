//! The history index: which refs to scan, their commits oldest first, and for every blob
//! reachable from them the commit and path that first introduced it. Each tree is read once
//! (a subtree seen before holds only blobs already attributed), so the cost follows the number
//! of distinct trees, not commits times files. Blob contents are not read here.
use std::collections::{HashMap, HashSet};

use git2::{ObjectType, Oid, Repository};

use super::{Commit, GitError, OidMap, OidSet};
use crate::source::Name;

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
    pub paths: Vec<Name>,
    /// Every reachable blob once, in discovery order.
    pub blobs: Vec<BlobSite>,
    /// Blobs in HEAD's tree, to tell whether a secret is still present.
    pub head_blobs: OidSet,
    /// Submodule entries (gitlinks), which point into other repositories and are not scanned.
    pub submodules: Vec<Name>,
    /// Commits no ref reaches that the object database still holds, scanned too.
    pub unreachable_commits: usize,
    /// Blobs in no commit's tree, scanned too.
    pub unreachable_blobs: usize,
    /// Commit and annotated-tag messages scanned.
    pub messages: usize,
}

/// What the refs point to, peeled.
#[derive(Debug, Default)]
struct Tips {
    commits: Vec<Oid>,
    /// Refs (tags, mostly) that point at a tree or a blob rather than a commit.
    trees: Vec<(String, Oid)>,
    blobs: Vec<(String, Oid)>,
    /// Annotated tag objects, whose messages are scanned.
    tags: Vec<(String, Oid)>,
}

/// Builds the history index of `refs`. For every ref (`Refs::All`) it covers what `git log
/// --all` sees (every ref under `refs/`, stashes, notes, pull-request refs, `refs/original`),
/// every stash entry, and every object the repository holds that no ref reaches (commits left
/// by a reset or an amend, blobs added and never committed); and the messages of commits and
/// annotated tags, each as its own blob (`commit:<id>`, `tag:<name>`).
pub fn index_history(repo: &Repository, refs: &Refs) -> Result<History, GitError> {
    let tips = ref_tips(repo, refs)?;
    if tips.commits.is_empty() && tips.trees.is_empty() && tips.blobs.is_empty() {
        return Err(GitError::NoCommits);
    }
    let mut history = History {
        refs: tips.commits.len() + tips.trees.len() + tips.blobs.len(),
        ..History::default()
    };
    let mut indexer = TreeIndexer::default();
    history.commits = super::walk_commits(repo, &tips.commits, &[], |index, commit| {
        indexer.walk(
            repo,
            commit.tree_id(),
            &Name::default(),
            index,
            &mut history,
        )
    })?;
    for (name, tree) in &tips.trees {
        indexer.walk(
            repo,
            *tree,
            &Name::from(name.as_str()),
            NO_COMMIT,
            &mut history,
        )?;
    }
    for (name, blob) in &tips.blobs {
        indexer.blob(*blob, Name::from(name.as_str()), NO_COMMIT, &mut history);
    }
    if matches!(refs, Refs::All) {
        unreachable(repo, &tips, &mut indexer, &mut history)?;
    }
    for i in 0..history.commits.len() {
        let id = history.commits[i].id;
        indexer.blob(id, format!("commit:{id}").into(), i as u32, &mut history);
    }
    let commit_index: OidMap<u32> = history
        .commits
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i as u32))
        .collect();
    for (name, tag) in &tips.tags {
        let target = repo
            .find_tag(*tag)
            .ok()
            .and_then(|t| t.target().ok())
            .and_then(|o| o.peel_to_commit().ok())
            .and_then(|c| commit_index.get(&c.id()).copied())
            .unwrap_or(NO_COMMIT);
        indexer.blob(*tag, format!("tag:{name}").into(), target, &mut history);
    }
    history.messages = history.commits.len() + tips.tags.len();
    if let Ok(head) = repo.head().and_then(|h| h.peel_to_tree()) {
        collect_blobs(repo, head.id(), &mut history.head_blobs)?;
    }
    Ok(history)
}

/// The commit index of blobs no commit introduced (a ref to a tree or blob, a dangling blob).
const NO_COMMIT: u32 = u32::MAX;

/// Indexes what the object database holds that the refs do not reach: dangling commits (and
/// their history) and trees, and blobs never committed.
fn unreachable(
    repo: &Repository,
    tips: &Tips,
    indexer: &mut TreeIndexer,
    history: &mut History,
) -> Result<(), GitError> {
    let odb = repo.odb()?;
    let mut known: OidSet = history.commits.iter().map(|c| c.id).collect();
    known.extend(tips.tags.iter().map(|(_, t)| *t));
    let mut unknown = Vec::new();
    odb.foreach(|id| {
        if !known.contains(id)
            && !indexer.seen_trees.contains(id)
            && !indexer.seen_blobs.contains(id)
        {
            unknown.push(*id);
        }
        true
    })?;
    unknown.sort();
    unknown.dedup();
    let (mut commits, mut trees, mut blobs) = (Vec::new(), Vec::new(), Vec::new());
    for id in unknown {
        let (_, kind) = odb
            .read_header(id)
            .map_err(|e| GitError::object(id, "object", e))?;
        match kind {
            ObjectType::Commit => commits.push(id),
            ObjectType::Tree => trees.push(id),
            ObjectType::Blob => blobs.push(id),
            _ => {}
        }
    }
    let offset = history.commits.len() as u32;
    let hide = tips.commits.clone();
    let more = super::walk_commits(repo, &commits, &hide, |index, commit| {
        indexer.walk(
            repo,
            commit.tree_id(),
            &Name::default(),
            offset + index,
            history,
        )
    })?;
    history.unreachable_commits = more.len();
    history.commits.extend(more);
    for tree in trees {
        indexer.walk(
            repo,
            tree,
            &Name::from("(unreachable tree)"),
            NO_COMMIT,
            history,
        )?;
    }
    for blob in blobs {
        if indexer.blob(blob, "(unreachable blob)".into(), NO_COMMIT, history) {
            history.unreachable_blobs += 1;
        }
    }
    Ok(())
}

/// The objects the refs point to, deduplicated and sorted for determinism.
fn ref_tips(repo: &Repository, refs: &Refs) -> Result<Tips, GitError> {
    let mut tips = Tips::default();
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
            tips.commits.push(commit.id());
        }
        Refs::All => {
            for reference in repo.references()? {
                let reference = reference?;
                let name = String::from_utf8_lossy(reference.name_bytes()).into_owned();
                let target = reference.peel(ObjectType::Any).map_err(|e| {
                    GitError::object(reference.target().unwrap_or(Oid::ZERO_SHA1), "object", e)
                })?;
                if let Some(direct) = reference.target() {
                    if repo.find_tag(direct).is_ok() {
                        tips.tags.push((name.clone(), direct));
                    }
                }
                match target.kind() {
                    Some(ObjectType::Commit) => tips.commits.push(target.id()),
                    Some(ObjectType::Tree) => tips.trees.push((name, target.id())),
                    Some(ObjectType::Blob) => tips.blobs.push((name, target.id())),
                    _ => {}
                }
            }
            // Older stash entries live only in the stash's reflog.
            if let Ok(log) = repo.reflog("refs/stash") {
                tips.commits.extend(log.iter().map(|e| e.id_new()));
            }
            if let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) {
                tips.commits.push(head.id());
            }
        }
    }
    tips.commits.sort();
    tips.commits.dedup();
    tips.tags.sort();
    tips.tags.dedup();
    Ok(tips)
}

#[derive(Default)]
struct TreeIndexer {
    seen_trees: OidSet,
    seen_blobs: OidSet,
    path_ids: HashMap<Name, u32>,
    seen_submodules: HashSet<Name>,
}

impl TreeIndexer {
    /// Records `blob` at `path` if it is new; says whether it was.
    fn blob(&mut self, blob: Oid, path: Name, commit: u32, history: &mut History) -> bool {
        if !self.seen_blobs.insert(blob) {
            return false;
        }
        let next = self.path_ids.len() as u32;
        let path_id = *self.path_ids.entry(path.clone()).or_insert_with(|| {
            history.paths.push(path);
            next
        });
        history.blobs.push(BlobSite {
            blob,
            commit,
            path: path_id,
        });
        true
    }

    fn walk(
        &mut self,
        repo: &Repository,
        tree: Oid,
        prefix: &Name,
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
            // Most entries of a changed tree are unchanged: their ids were seen with an
            // earlier commit, and their paths are never built.
            match entry.kind() {
                Some(ObjectType::Tree) if !self.seen_trees.contains(&entry.id()) => {
                    let path = prefix.join(entry.name_bytes());
                    self.walk(repo, entry.id(), &path, commit, history)?;
                }
                Some(ObjectType::Blob) if !self.seen_blobs.contains(&entry.id()) => {
                    let path = prefix.join(entry.name_bytes());
                    self.blob(entry.id(), path, commit, history);
                }
                Some(ObjectType::Commit) => {
                    let path = prefix.join(entry.name_bytes());
                    if self.seen_submodules.insert(path.clone()) {
                        history.submodules.push(path);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Every blob id under `tree`.
fn collect_blobs(repo: &Repository, tree: Oid, out: &mut OidSet) -> Result<(), GitError> {
    let mut stack = vec![tree];
    let mut seen = OidSet::default();
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

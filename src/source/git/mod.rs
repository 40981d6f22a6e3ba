//! Git as a source: the history index (every reachable blob once, with the commit and path
//! that introduced it), the lines a range of commits or the staged index adds, and the pack
//! order to read blobs in. Blob contents are read by the scan's workers, each with its own
//! repository handle. Errors fail closed: a revision that does not resolve, a missing object
//! or a shallow history stops the scan with a message that says what to do.
mod changes;
mod history;
pub mod index;
mod oid;
mod pack;

use std::collections::HashSet;
use std::path::Path;

use git2::{Oid, Repository};

use crate::source::Skip;

pub use changes::{range_changes, resolve_range, staged_changes, Change, RangeChanges};
pub use history::{index_history, BlobSite, History, Refs};
pub use oid::{OidMap, OidSet};
pub use pack::{pack_positions, PackPosition};

/// What a finding needs to know about a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: Oid,
    pub author_name: String,
    pub author_email: String,
    /// Seconds since the Unix epoch, and the author's UTC offset in minutes.
    pub time: i64,
    pub offset_minutes: i32,
    pub summary: String,
}

impl Commit {
    fn from_git(c: &git2::Commit<'_>) -> Commit {
        let author = c.author();
        Commit {
            id: c.id(),
            author_name: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            author_email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
            time: author.when().seconds(),
            offset_minutes: author.when().offset_minutes(),
            summary: c
                .summary_bytes()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .unwrap_or_default(),
        }
    }
}

/// Why a git scan could not be done. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error(
        "{path}: not a git repository ({message}); give the path of a repository or run inside one"
    )]
    NotARepository { path: String, message: String },
    #[error("revision `{spec}` does not resolve: {message}. Check the name; in a shallow clone, fetch enough history first (git fetch --deepen=N or --unshallow)")]
    BadRevision { spec: String, message: String },
    #[error("the history is shallow: commit {commit} has parents that were not fetched, so the scan would miss commits. Fetch the whole history (git fetch --unshallow, or actions/checkout with fetch-depth: 0) and scan again")]
    Shallow { commit: Oid },
    #[error("cannot read {kind} {id}: {message}. The repository may be corrupt: run git fsck")]
    Object {
        id: Oid,
        kind: &'static str,
        message: String,
    },
    #[error("the repository has no commits on the refs to scan")]
    NoCommits,
    #[error("a bare repository has no index, so there are no staged changes to scan: run --staged in a work tree, or scan a range (--range BASE..HEAD)")]
    Bare,
    #[error("cannot read the index {path}: {message}")]
    Index { path: String, message: String },
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

impl GitError {
    fn object(id: Oid, kind: &'static str, e: git2::Error) -> GitError {
        GitError::Object {
            id,
            kind,
            message: e.message().to_string(),
        }
    }
}

/// Opens the repository at or above `path`. Inside a git hook (or wherever `GIT_DIR` is set)
/// and for the default path `.`, the repository git names in its environment is opened
/// instead, with `GIT_WORK_TREE` and `GIT_COMMON_DIR` as git means them.
pub fn open(path: &Path) -> Result<Repository, GitError> {
    let from_env = path == Path::new(".") && std::env::var_os("GIT_DIR").is_some();
    let repo = if from_env {
        Repository::open_from_env()
    } else {
        Repository::discover(path)
    };
    repo.map_err(|e| GitError::NotARepository {
        path: path.display().to_string(),
        message: e.message().to_string(),
    })
}

/// The index file git itself would use: `GIT_INDEX_FILE` (relative to the current directory, as
/// git reads it), else the repository's `index`. `git commit -a` and `git commit PATH` run the
/// pre-commit hook with `GIT_INDEX_FILE` naming a temporary index that holds what will be
/// committed; `.git/index` does not.
pub fn index_path(repo: &Repository) -> std::path::PathBuf {
    match std::env::var_os("GIT_INDEX_FILE").filter(|v| !v.is_empty()) {
        Some(p) => {
            let p = std::path::PathBuf::from(p);
            if p.is_absolute() {
                p
            } else {
                std::env::current_dir().map_or(p.clone(), |cwd| cwd.join(&p))
            }
        }
        None => repo.path().join("index"),
    }
}

/// The content of `path` (relative to the repository root, `/`-separated) in the tree of
/// `commit`; None when the commit has no such file.
pub fn read_at(repo: &Repository, commit: Oid, path: &str) -> Result<Option<Vec<u8>>, GitError> {
    let tree = repo
        .find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(|e| GitError::object(commit, "commit", e))?;
    let entry = match tree.get_path(Path::new(path)) {
        Ok(e) => e,
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if entry.kind() != Some(git2::ObjectType::Blob) {
        return Ok(None);
    }
    let blob = repo
        .find_blob(entry.id())
        .map_err(|e| GitError::object(entry.id(), "blob", e))?;
    Ok(Some(blob.content().to_vec()))
}

/// The blob at `path` in the tree of `commit` (None: no commit, or no file there).
fn blob_at(repo: &Repository, commit: Option<Oid>, path: &str) -> Result<Option<Oid>, GitError> {
    let Some(commit) = commit else {
        return Ok(None);
    };
    let tree = repo
        .find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(|e| GitError::object(commit, "commit", e))?;
    match tree.get_path(Path::new(path)) {
        Ok(e) => Ok(Some(e.id())),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Which of `paths` differ between the tree of `base` and the tree of `head`, or, with `head`
/// None, the index git would commit (`index_path`).
pub fn changed_paths(
    repo: &Repository,
    base: Option<Oid>,
    head: Option<Oid>,
    paths: &[String],
) -> Result<Vec<String>, GitError> {
    let index = match head {
        Some(_) => None,
        None => Some(git2::Index::open(&index_path(repo))?),
    };
    let mut changed = Vec::new();
    for path in paths {
        let before = blob_at(repo, base, path)?;
        let after = match &index {
            Some(index) => index.get_path(Path::new(path), 0).map(|e| e.id),
            None => blob_at(repo, head, path)?,
        };
        if before != after {
            changed.push(path.clone());
        }
    }
    Ok(changed)
}

/// Commits whose parents a shallow clone did not fetch (listed in `.git/shallow`).
fn shallow_commits(repo: &Repository) -> HashSet<Oid> {
    if !repo.is_shallow() {
        return HashSet::new();
    }
    std::fs::read_to_string(repo.path().join("shallow"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| Oid::from_str(l.trim()).ok())
        .collect()
}

/// Walks the commits reachable from `tips` but not from `hide`, oldest first (topological, then
/// by time), failing on a shallow boundary; calls `visit` with each commit's index in the
/// returned list.
fn walk_commits(
    repo: &Repository,
    tips: &[Oid],
    hide: &[Oid],
    mut visit: impl FnMut(u32, &git2::Commit<'_>) -> Result<(), GitError>,
) -> Result<Vec<Commit>, GitError> {
    let shallow = shallow_commits(repo);
    let mut walk = repo.revwalk()?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME | git2::Sort::REVERSE)?;
    for tip in tips {
        walk.push(*tip)?;
    }
    for h in hide {
        walk.hide(*h)?;
    }
    let mut commits = Vec::new();
    for id in walk {
        let id = id?;
        if shallow.contains(&id) {
            return Err(GitError::Shallow { commit: id });
        }
        let commit = repo
            .find_commit(id)
            .map_err(|e| GitError::object(id, "commit", e))?;
        let index = commits.len() as u32;
        commits.push(Commit::from_git(&commit));
        visit(index, &commit)?;
    }
    Ok(commits)
}

/// Reads object `id` (a blob, or a commit or tag whose message is scanned) into `buf`, or says
/// why it is not scanned: over `max` bytes (told by the header, before inflating), a Git LFS
/// pointer, binary, or UTF-16 or a container (which are left in `buf`, to be read as such).
pub fn read_object(
    repo: &Repository,
    id: Oid,
    max: u64,
    buf: &mut Vec<u8>,
) -> Result<Result<(), Skip>, GitError> {
    let odb = repo.odb()?;
    let (size, _) = odb
        .read_header(id)
        .map_err(|e| GitError::object(id, "object", e))?;
    if size as u64 > max {
        return Ok(Err(Skip::TooLarge {
            size: size as u64,
            limit: max,
        }));
    }
    let object = odb
        .read(id)
        .map_err(|e| GitError::object(id, "object", e))?;
    let bytes = object.data();
    if is_lfs_pointer(bytes) {
        return Ok(Err(Skip::LfsPointer));
    }
    let skip = crate::source::sniff(bytes);
    // UTF-16 text and containers can still be read, from the buffer; binaries cannot.
    if skip != Some(Skip::Binary) {
        buf.clear();
        buf.extend_from_slice(bytes);
    }
    Ok(skip.map_or(Ok(()), Err))
}

/// Git LFS pointer files hold a pointer, not content; the content lives elsewhere.
pub fn is_lfs_pointer(bytes: &[u8]) -> bool {
    bytes.len() < 1024 && bytes.starts_with(b"version https://git-lfs.github.com/spec/")
}

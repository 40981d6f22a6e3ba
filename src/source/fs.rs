//! Walks files and directories in parallel with the `ignore` crate. Hidden files (`.env`,
//! `.npmrc`) are walked; `.git` directories are not; symbolic links are reported as skipped and
//! never followed, so a link loop cannot hang the walk. Paths named explicitly are scanned even
//! when an ignore file would exclude them, and a named file is read whatever its type (a FIFO
//! from `<(cmd)`, a link): only the walk skips special files.
use std::path::PathBuf;

use ignore::{WalkBuilder, WalkState};

use super::{Entry, Skip, Target};

/// How to walk.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Honour `.gitignore`, `.ignore` and git's exclude files.
    pub honour_ignore: bool,
    pub threads: usize,
}

/// Sends every entry under `targets` to `sink`, from several threads; stops early when `sink`
/// returns false.
pub fn walk(targets: &[Target], options: &WalkOptions, sink: &(dyn Fn(Entry) -> bool + Sync)) {
    let mut paths: Vec<PathBuf> = Vec::new();
    for target in targets {
        match target {
            Target::Stdin => {
                if !sink(Entry::Stdin) {
                    return;
                }
            }
            // A named directory (or a link to one) is walked; anything else named is read as
            // it is, whatever its type, since the user asked for it.
            Target::Path(p) => match std::fs::metadata(p) {
                Ok(m) if m.is_dir() => paths.push(p.clone()),
                Ok(_) => {
                    if !sink(Entry::Named(p.clone())) {
                        return;
                    }
                }
                Err(e) => {
                    if !sink(Entry::Error(Some(p.clone()), e.to_string())) {
                        return;
                    }
                }
            },
        }
    }
    let Some((first, rest)) = paths.split_first() else {
        return;
    };
    let mut builder = WalkBuilder::new(first);
    for p in rest {
        builder.add(p);
    }
    let honour = options.honour_ignore;
    builder
        .hidden(false)
        .parents(honour)
        .ignore(honour)
        .git_ignore(honour)
        .git_global(honour)
        .git_exclude(honour)
        .require_git(false)
        .follow_links(false)
        .threads(options.threads.max(1))
        .filter_entry(|e| e.file_name() != ".git");
    builder.build_parallel().run(|| {
        Box::new(move |result| {
            let entry = match result {
                Err(err) => {
                    let path = error_path(&err);
                    Entry::Error(path, error_message(&err))
                }
                Ok(e) => match e.file_type() {
                    Some(t) if t.is_dir() => return WalkState::Continue,
                    Some(t) if t.is_file() => Entry::File(e.into_path()),
                    Some(t) if t.is_symlink() => Entry::Skipped(e.into_path(), Skip::Symlink),
                    None => Entry::File(e.into_path()),
                    Some(_) => Entry::Skipped(e.into_path(), Skip::Special),
                },
            };
            if sink(entry) {
                WalkState::Continue
            } else {
                WalkState::Quit
            }
        })
    });
}

fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

fn error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            error_message(err)
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn collect(root: &std::path::Path, honour_ignore: bool) -> Vec<String> {
        let out = Mutex::new(Vec::new());
        walk(
            &[Target::Path(root.to_path_buf())],
            &WalkOptions {
                honour_ignore,
                threads: 2,
            },
            &|e| {
                let s = match e {
                    Entry::File(p) => format!("file {}", p.strip_prefix(root).unwrap().display()),
                    Entry::Skipped(p, s) => format!(
                        "skip {} {}",
                        p.strip_prefix(root).unwrap().display(),
                        s.reason()
                    ),
                    other => format!("{other:?}"),
                };
                out.lock().unwrap().push(s);
                true
            },
        );
        let mut v = out.into_inner().unwrap();
        v.sort();
        v
    }

    #[test]
    fn walks_hidden_files_skips_git_and_honours_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git/objects")).unwrap();
        std::fs::write(root.join(".git/config"), "x").unwrap();
        std::fs::write(root.join(".env"), "x").unwrap();
        std::fs::write(root.join(".gitignore"), "build/\n").unwrap();
        std::fs::create_dir(root.join("build")).unwrap();
        std::fs::write(root.join("build/out.txt"), "x").unwrap();
        assert_eq!(collect(root, true), vec!["file .env", "file .gitignore"]);
        assert_eq!(
            collect(root, false),
            vec!["file .env", "file .gitignore", "file build/out.txt"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_skipped_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("a")).unwrap();
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        std::fs::write(root.join("a/f"), "x").unwrap();
        assert_eq!(collect(root, true), vec!["file a/f", "skip a/loop symlink"]);
    }
}

//! `nhiscan git [REPO]`: the whole history, a range of commits (`--range`, `--since-commit`),
//! or the staged changes (`--staged`). History is judged by the config on disk; a range by its
//! base and staged changes by HEAD, the side the change does not control.
use std::path::Path;

use anyhow::Result;
use nhiscan::matcher::Input;
use nhiscan::scan::{self, GitMode};
use nhiscan::source::git::{self, Refs};

use super::args::GitArgs;
use super::run::{scan_and_report, Plan};
use super::settings::Settings;
use super::setup::{Judge, Trust};
use super::{repo_root, Exit};

pub fn run(args: GitArgs) -> Result<Exit> {
    let mode = mode(&args)?;
    let repo = args.repo.clone();
    let root = repo_root(&repo);
    let plan = Plan {
        root: &root,
        base: Some(&root),
        input: if args.staged {
            Input::Small
        } else {
            Input::Large
        },
        inputs: &[],
    };
    scan_and_report(
        &Settings::from(&args.common),
        plan,
        || judge(&repo, &root, &mode),
        |matcher, options, progress| Ok(scan::scan_git(&repo, &mode, matcher, &options, progress)?),
    )
}

fn mode(args: &GitArgs) -> Result<GitMode> {
    Ok(if args.staged {
        GitMode::Staged
    } else if let Some(spec) = &args.range {
        GitMode::Range {
            spec: spec.clone(),
            merge_base: args.merge_base,
        }
    } else if let Some(sha) = &args.since_commit {
        GitMode::Range {
            spec: format!("{sha}..HEAD"),
            merge_base: args.merge_base,
        }
    } else {
        if args.merge_base {
            anyhow::bail!("--merge-base goes with --range or --since-commit");
        }
        GitMode::History(match &args.branch {
            Some(b) => Refs::Branch(b.clone()),
            None => Refs::All,
        })
    })
}

/// Where a git scan's config comes from: the tree as it is for history, the side of the change
/// the change does not control for ranges (the base) and staged changes (HEAD).
fn judge(repo: &Path, root: &Path, mode: &GitMode) -> Result<Trust> {
    let (base, head) = match mode {
        GitMode::History(_) => return Ok(Trust::Disk),
        GitMode::Range { spec, merge_base } => {
            let r = git::open(repo)?;
            let (base, head) = git::resolve_range(&r, spec, *merge_base)?;
            (Some(base), Some(head))
        }
        GitMode::Staged => {
            let r = git::open(repo)?;
            let head = r.head().ok().and_then(|h| h.peel_to_commit().ok());
            (head.map(|c| c.id()), None)
        }
    };
    Ok(Trust::Commit(Judge {
        repo: git::open(repo)?,
        workdir: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        base,
        head,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn mode_of(args: &[&str]) -> Result<GitMode> {
        let cli = super::super::args::Cli::try_parse_from(args).expect("arguments parse");
        match cli.command {
            super::super::args::Command::Git(g) => mode(&g),
            other => panic!("not git: {other:?}"),
        }
    }

    #[test]
    fn flags_choose_the_mode() {
        assert!(matches!(
            mode_of(&["nhiscan", "git"]).unwrap(),
            GitMode::History(Refs::All)
        ));
        assert!(matches!(
            mode_of(&["nhiscan", "git", "--staged"]).unwrap(),
            GitMode::Staged
        ));
        match mode_of(&["nhiscan", "git", "--since-commit", "abc", "--merge-base"]).unwrap() {
            GitMode::Range { spec, merge_base } => {
                assert_eq!(spec, "abc..HEAD");
                assert!(merge_base);
            }
            other => panic!("{other:?}"),
        }
        assert!(mode_of(&["nhiscan", "git", "--merge-base"]).is_err());
    }
}

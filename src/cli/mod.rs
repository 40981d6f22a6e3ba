//! The binary's edge: parse arguments (`args`, clap) into clap-free `Settings`, resolve the
//! setup (config, rules, suppressors, policy), run one command (a file each: `scan`, `git`,
//! `rules`, `baseline`, `hook`), write the report and decide the exit status. Private to the
//! binary; with `report`, the only code that writes, and all of standard error goes through
//! `diagnostics`.
mod args;
mod baseline;
mod diagnostics;
mod git;
mod hook;
mod output;
mod progress;
mod rules;
mod run;
mod scan;
mod settings;
mod setup;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

use args::{BaselineCommand, Cli, Command, RulesCommand};
pub use diagnostics::fatal;
use nhiscan::rules::RuleSource;
use nhiscan::source::Target;

/// Exit statuses, as documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Nothing found that fails the gate.
    Clean = 0,
    /// Findings fail the gate.
    Findings = 1,
    /// The scan could not be done or is incomplete; wins over the other two.
    Error = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// Runs the command line; errors are printed by `main` and give exit 2.
pub fn run() -> Result<Exit> {
    let cli = Cli::parse();
    match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Git(args) => git::run(args),
        Command::InstallHook(args) => hook::install(&args.repo, args.force),
        Command::Rules(RulesCommand::List { rule_files }) => rules::list(&rule_files),
        Command::Rules(RulesCommand::Check { files }) => rules::check(&files),
        Command::Baseline(BaselineCommand::Prune {
            file,
            paths,
            git,
            config,
        }) => baseline::prune_command(&file, &paths, git, config),
    }
}

fn read_rule_file(path: &Path) -> Result<RuleSource> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read rule file {}: check the path and that it is UTF-8 TOML",
            path.display()
        )
    })?;
    Ok(RuleSource {
        name: path.display().to_string(),
        text,
        eager: true,
    })
}

/// Where `.nhiscan.toml` and `.nhiscanignore` are looked for in a file scan: the first path
/// named (or its directory), else the current directory.
fn scan_root(paths: &[PathBuf]) -> PathBuf {
    match paths.iter().find(|p| p.as_os_str() != "-") {
        Some(p) if p.is_dir() => p.clone(),
        Some(p) => p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        None => PathBuf::from("."),
    }
}

/// A repository's root, for its `.nhiscan.toml` and `.nhiscanignore`.
fn repo_root(repo: &Path) -> PathBuf {
    git2::Repository::discover(repo)
        .ok()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
        .unwrap_or_else(|| repo.to_path_buf())
}

/// What the paths on the command line name: `-` is standard input (once), anything else must
/// exist; none is the current directory.
fn targets(paths: &[PathBuf]) -> Result<Vec<Target>> {
    if paths.is_empty() {
        return Ok(vec![Target::Path(PathBuf::from("."))]);
    }
    let mut out = Vec::new();
    let mut stdin = false;
    for p in paths {
        if p.as_os_str() == "-" {
            if !stdin {
                out.push(Target::Stdin);
                stdin = true;
            }
            continue;
        }
        if std::fs::symlink_metadata(p).is_err() {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
        out.push(Target::Path(p.clone()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_root_is_the_first_path_or_its_directory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.txt");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(scan_root(&[dir.path().to_path_buf()]), dir.path());
        assert_eq!(scan_root(std::slice::from_ref(&file)), dir.path());
        assert_eq!(scan_root(&[PathBuf::from("-")]), PathBuf::from("."));
        assert_eq!(scan_root(&[PathBuf::from("f.txt")]), PathBuf::from("."));
    }

    #[test]
    fn targets_read_stdin_once_and_refuse_missing_paths() {
        let t = targets(&[PathBuf::from("-"), PathBuf::from("-")]).unwrap();
        assert_eq!(t, [Target::Stdin]);
        assert_eq!(targets(&[]).unwrap(), [Target::Path(PathBuf::from("."))]);
        let err = targets(&[PathBuf::from("/no/such/path")]).unwrap_err();
        assert!(err.to_string().contains("no such file"), "{err}");
    }
}

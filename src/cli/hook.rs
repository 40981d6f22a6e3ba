//! `nhiscan install-hook`: a plain git pre-commit hook that runs `nhiscan git --staged`, for
//! teams that do not use the pre-commit framework. It goes where git runs hooks from
//! (`core.hooksPath` when set, as husky and lefthook set it; else the common `hooks` directory),
//! an existing hook is never replaced without `--force`, and a hook that cannot find nhiscan
//! refuses the commit rather than letting it through.
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use super::diagnostics::Diagnostics;
use super::Exit;

fn hook_text(fallback: Option<&Path>) -> String {
    let fallback = fallback
        .map(|p| format!("'{}'", p.display().to_string().replace('\'', "'\\''")))
        .unwrap_or_else(|| "''".into());
    format!(
        "#!/bin/sh\n\
# Installed by `nhiscan install-hook`: refuse commits that add secrets.\n\
# To commit anyway (think twice): git commit --no-verify\n\
if command -v nhiscan >/dev/null 2>&1; then\n\
  exec nhiscan git --staged --quiet\n\
fi\n\
fallback={fallback}\n\
if [ -n \"$fallback\" ] && [ -x \"$fallback\" ]; then\n\
  exec \"$fallback\" git --staged --quiet\n\
fi\n\
echo 'nhiscan: not on PATH, so the staged changes were not scanned: install nhiscan, or commit with --no-verify to skip the check' >&2\n\
exit 1\n"
    )
}

/// Where git runs hooks from for `repo`.
fn hooks_dir(repo: &git2::Repository) -> Result<PathBuf> {
    let configured = repo
        .config()
        .and_then(|c| c.get_path("core.hooksPath"))
        .ok();
    Ok(match configured {
        // A relative hooksPath is relative to the work tree root (the repository for bare ones).
        Some(p) if p.is_relative() => repo.workdir().unwrap_or_else(|| repo.path()).join(p),
        Some(p) => p,
        None => repo.commondir().join("hooks"),
    })
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            let candidate = dir.join(name);
            candidate.is_file() && is_executable(&candidate)
        })
    })
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &Path) -> bool {
    true
}

pub fn install(repo: &Path, force: bool) -> Result<Exit> {
    let repo = git2::Repository::discover(repo).with_context(|| {
        format!(
            "{}: not a git repository; run inside one or give its path",
            repo.display()
        )
    })?;
    let hooks = hooks_dir(&repo)?;
    std::fs::create_dir_all(&hooks)
        .with_context(|| format!("cannot create {}", hooks.display()))?;
    let hook = hooks.join("pre-commit");
    if hook.exists() && !force {
        bail!(
            "{} already exists (a hook manager such as husky, lefthook or pre-commit may own it): add `nhiscan git --staged` to it, or to the manager's pre-commit list, or replace it with --force",
            hook.display()
        );
    }
    let this = std::env::current_exe().ok();
    if !on_path("nhiscan") {
        Diagnostics::default().warn(&format!(
            "nhiscan is not on PATH; the hook will run {} instead, and refuse commits if that is gone",
            this.as_deref()
                .map_or_else(|| "nothing".into(), |p| p.display().to_string())
        ));
    }
    std::fs::write(&hook, hook_text(this.as_deref()))
        .with_context(|| format!("cannot write {}", hook.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("cannot make {} executable", hook.display()))?;
    }
    println!("installed {}", hook.display());
    Ok(Exit::Clean)
}

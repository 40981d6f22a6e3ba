//! `nhiscan install-hook`: a plain git pre-commit hook that runs `nhiscan git --staged`, for
//! teams that do not use the pre-commit framework. An existing hook is never replaced without
//! `--force`.
use std::path::Path;

use anyhow::{bail, Context, Result};

use super::Exit;

const HOOK: &str = "#!/bin/sh\n\
# Installed by `nhiscan install-hook`: refuse commits that add secrets.\n\
# To commit anyway (think twice): git commit --no-verify\n\
exec nhiscan git --staged --quiet\n";

pub fn install(repo: &Path, force: bool) -> Result<Exit> {
    let repo = git2::Repository::discover(repo).with_context(|| {
        format!(
            "{}: not a git repository; run inside one or give its path",
            repo.display()
        )
    })?;
    let hooks = repo.commondir().join("hooks");
    std::fs::create_dir_all(&hooks)
        .with_context(|| format!("cannot create {}", hooks.display()))?;
    let hook = hooks.join("pre-commit");
    if hook.exists() && !force {
        bail!(
            "{} already exists; add `nhiscan git --staged` to it by hand, or replace it with --force",
            hook.display()
        );
    }
    std::fs::write(&hook, HOOK).with_context(|| format!("cannot write {}", hook.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("cannot make {} executable", hook.display()))?;
    }
    println!("installed {}", hook.display());
    Ok(Exit::Clean)
}

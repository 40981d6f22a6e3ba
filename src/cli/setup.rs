//! Resolves what a scan runs with, before it starts: the config file (`--config`, else
//! `.nhiscan.toml` at the scan root), the rule set (built-in, config `[[rules]]`, `--rules`
//! files, minus disabled ones; custom rules' examples checked), the suppressors (allowlists,
//! `.nhiscanignore`, `--baseline`), the gate policy (flags over `[policy]` over defaults) and
//! the clock, read once for the run. Any mistake stops here, with the file and line, before
//! scanning.
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use nhiscan::rules::{Allowlist, Config, PathPattern, Policy, RuleSet, RuleSetBuilder, Target};
use nhiscan::suppress::{Baseline, IgnoreFile, Suppressors};

use super::settings::Settings;

/// Everything resolved for one run.
pub struct Setup {
    pub rules: RuleSet,
    pub suppressors: Suppressors,
    pub policy: Policy,
    /// Unix seconds at the start of the run: whether a token or a baseline entry has expired is
    /// decided against one instant, whatever the thread or the length of the scan.
    pub now: i64,
    /// Warnings to print once (unsupported imported settings, unknown disabled rules).
    pub warnings: Vec<String>,
}

/// Where the files that judge a scan (the config, `.nhiscanignore`, the baseline) are read.
pub enum Trust {
    /// From disk: directory scans and full-history sweeps, whose judge is the tree as it is.
    Disk,
    /// A range or staged scan: a file inside the repository is read from the side of the change
    /// the change does not control (the range's base, or HEAD for staged changes), never from
    /// the head a pull request wrote; a file outside the repository is read from disk.
    Commit(Judge),
}

/// The commit a range or staged scan takes its config from.
pub struct Judge {
    pub repo: git2::Repository,
    /// The repository's work tree, canonical.
    pub workdir: PathBuf,
    /// The base of the range, or HEAD (None before the first commit).
    pub base: Option<git2::Oid>,
    /// The range's head; None for staged changes (the index git would commit).
    pub head: Option<git2::Oid>,
}

impl Trust {
    /// The repository-relative path of `path` when a commit judges it.
    fn in_repo(&self, path: &Path) -> Option<(&Judge, String)> {
        let Trust::Commit(judge) = self else {
            return None;
        };
        let rel = absolute(path)
            .strip_prefix(&judge.workdir)
            .ok()?
            .to_path_buf();
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some((judge, rel.join("/")))
    }

    /// The text of `path`, None when there is no such file (on disk, or in the judging commit).
    fn read(&self, path: &Path) -> Result<Option<String>> {
        let bytes = match self.in_repo(path) {
            Some((judge, rel)) => match judge.base {
                Some(base) => nhiscan::source::git::read_at(&judge.repo, base, &rel)?,
                None => None,
            },
            None if path.is_file() => Some(
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?,
            ),
            None => None,
        };
        bytes
            .map(|b| {
                String::from_utf8(b)
                    .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", path.display()))
            })
            .transpose()
    }

    /// Warnings for the judging files that the change itself edits.
    fn edited(&self, paths: &[&Path]) -> Result<Vec<String>> {
        let mut rels = Vec::new();
        let mut judge = None;
        for p in paths {
            if let Some((j, rel)) = self.in_repo(p) {
                judge = Some(j);
                rels.push(rel);
            }
        }
        let Some(judge) = judge else {
            return Ok(Vec::new());
        };
        let changed =
            nhiscan::source::git::changed_paths(&judge.repo, judge.base, judge.head, &rels)?;
        let side = match judge.head {
            Some(_) => "the range",
            None => "the staged changes",
        };
        Ok(changed
            .into_iter()
            .map(|p| {
                format!(
                    "{side} change {p}, which decides what this scan reports: it was read as it is before the change, so the change cannot allow its own secrets; review the change to {p} by hand"
                )
            })
            .collect())
    }
}

/// `path` made absolute without requiring it to exist (a range may delete it).
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |d| d.join(path))
    };
    match (
        joined.parent().and_then(|d| d.canonicalize().ok()),
        joined.file_name(),
    ) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => joined,
    }
}

impl Setup {
    /// What a run whose setup failed reports with: no rules, no filters, the default policy.
    pub fn failed() -> Result<Setup> {
        Ok(Setup {
            rules: RuleSet::load(&[])?,
            suppressors: Suppressors::default(),
            policy: Policy::default(),
            now: now(),
            warnings: Vec::new(),
        })
    }
}

pub fn resolve(settings: &Settings, root: &Path, trust: &Trust) -> Result<Setup> {
    let mut warnings = Vec::new();
    let now = now();
    let mut config = load_config(settings, root, trust, &mut warnings)?;
    let rules = rules(settings, config.as_mut().map(|(_, c)| c), &mut warnings)?;
    let today = now.div_euclid(86_400);
    let suppressors = suppressors(settings, root, trust, config.as_ref(), today, &mut warnings)?;
    let policy = settings
        .policy
        .over(config.as_ref().map(|(_, c)| c.policy).unwrap_or_default());
    Ok(Setup {
        rules,
        suppressors,
        policy,
        now,
        warnings,
    })
}

/// The config file (`--config`, else `.nhiscan.toml` at the root) and its path, if there is one.
fn load_config(
    settings: &Settings,
    root: &Path,
    trust: &Trust,
    warnings: &mut Vec<String>,
) -> Result<Option<(PathBuf, Config)>> {
    let path = settings
        .config
        .clone()
        .unwrap_or_else(|| root.join(".nhiscan.toml"));
    let Some(text) = trust.read(&path)? else {
        if settings.config.is_some() {
            match trust {
                Trust::Disk => bail!("cannot read config {}: no such file", path.display()),
                Trust::Commit(_) => warnings.push(format!(
                    "--config {} does not exist before the change; scanning with the built-in rules",
                    path.display()
                )),
            }
        }
        return Ok(None);
    };
    let config = Config::parse(&path.display().to_string(), &text).context("invalid config")?;
    Ok(Some((path, config)))
}

/// The active rules: built-in (unless the config turns them off), the config's, `--rules`
/// files, minus the disabled ones. None at all is an error: such a scan could never fail.
fn rules(
    settings: &Settings,
    mut config: Option<&mut Config>,
    warnings: &mut Vec<String>,
) -> Result<RuleSet> {
    let mut builder = RuleSetBuilder::default();
    if config.as_ref().is_none_or(|c| c.use_builtin) {
        builder.add_builtin()?;
    }
    if let Some(c) = config.as_deref_mut() {
        builder
            .add_config_rules(c)
            .context("invalid rule in config")?;
        let unknown = builder.disable(&c.disabled_rules);
        if !unknown.is_empty() {
            warnings.push(format!(
                "{}: disabled rules that do not exist: {}",
                c.name,
                unknown.join(", ")
            ));
        }
        if !c.unsupported.is_empty() {
            warnings.push(format!(
                "{}: these gitleaks settings are not supported and were not applied: {}",
                c.name,
                c.unsupported.join(", ")
            ));
        }
    }
    for path in &settings.rule_files {
        builder.add_source(&super::read_rule_file(path)?)?;
    }
    let rules = builder.finish().context("invalid rules")?;
    let config = config.as_deref();
    if rules.is_empty() {
        bail!(
            "no rules are active{}: a scan without rules finds nothing, so it cannot pass. Keep the built-in rules (use_builtin = true) or add rules",
            config
                .map(|c| format!(" ({} turns the built-in rules off and adds none that remain)", c.name))
                .unwrap_or_default()
        );
    }
    if let Some(c) = config.filter(|c| !c.relaxed) {
        let failures: Vec<String> = nhiscan::scan::check_examples(&rules)
            .into_iter()
            .filter(|f| f.origin.file == c.name)
            .map(|f| f.to_string())
            .collect();
        if !failures.is_empty() {
            bail!(
                "the config's rules fail their examples:\n{}",
                failures.join("\n")
            );
        }
    }
    Ok(rules)
}

/// The config's allowlists (and one for the config file's own rule examples), the ignore file
/// and the baseline (expiring by `today`, days since the epoch); warns when the change being
/// scanned edits one of them.
fn suppressors(
    settings: &Settings,
    root: &Path,
    trust: &Trust,
    config: Option<&(PathBuf, Config)>,
    today: i64,
    warnings: &mut Vec<String>,
) -> Result<Suppressors> {
    let ignore_path = root.join(".nhiscanignore");
    let ignore = match trust.read(&ignore_path)? {
        Some(text) => IgnoreFile::parse(&ignore_path.display().to_string(), &text)?,
        None => IgnoreFile::default(),
    };
    let baseline = match &settings.baseline {
        Some(path) => match trust.read(path)? {
            Some(text) => Some(Baseline::parse(&path.display().to_string(), &text)?),
            None if matches!(trust, Trust::Commit(_)) => {
                warnings.push(format!(
                    "--baseline {} does not exist before the change: nothing is taken from it",
                    path.display()
                ));
                None
            }
            None => Some(read_baseline(path)?),
        },
        None => None,
    };
    let default_config = root.join(".nhiscan.toml");
    let mut judging: Vec<&Path> = vec![
        settings.config.as_deref().unwrap_or(&default_config),
        &ignore_path,
    ];
    judging.extend(settings.baseline.as_deref());
    warnings.extend(trust.edited(&judging)?);
    let mut allowlists = config
        .map(|(_, c)| c.allowlists.clone())
        .unwrap_or_default();
    if let Some((path, _)) = config {
        // The config's own rule examples are not leaks.
        let shown = nhiscan::source::Name::from_path(path);
        if let Ok(glob) = globset::Glob::new(&globset::escape(&shown)) {
            allowlists.push(Allowlist {
                description: format!("the config file {shown} (its rule examples)"),
                rules: Vec::new(),
                paths: vec![PathPattern::Glob(glob.compile_matcher())],
                regexes: Vec::new(),
                target: Target::Secret,
                stopwords: Vec::new(),
                all: false,
            });
        }
    }
    Ok(Suppressors {
        allowlists,
        ignore,
        baseline,
        today,
    })
}

pub fn read_baseline(path: &Path) -> Result<Baseline> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read baseline {}: create one with --write-baseline {}",
            path.display(),
            path.display()
        )
    })?;
    Ok(Baseline::parse(&path.display().to_string(), &text)?)
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nhiscan::rules::{FailOn, PolicyConfig, Severity};

    /// A fresh directory holding `.nhiscan.toml` with `config`, removed when dropped.
    struct Root(PathBuf);

    impl Root {
        fn with_config(name: &str, config: &str) -> Root {
            let dir =
                std::env::temp_dir().join(format!("nhiscan-setup-{}-{name}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("temp dir");
            std::fs::write(dir.join(".nhiscan.toml"), config).expect("config written");
            Root(dir)
        }
    }

    impl Drop for Root {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn flags_override_the_config_policy_word_by_word() {
        let root = Root::with_config(
            "policy",
            "[policy]\nfail_on = \"any\"\nmin_severity = \"high\"\n",
        );
        let settings = Settings {
            policy: PolicyConfig {
                fail_on: Some(FailOn::LongLived),
                ..PolicyConfig::default()
            },
            ..Settings::default()
        };
        let setup = resolve(&settings, &root.0, &Trust::Disk).expect("setup resolves");
        assert_eq!(setup.policy.fail_on, FailOn::LongLived);
        assert_eq!(setup.policy.min_severity, Severity::High);
        assert_eq!(
            setup.policy.min_confidence,
            Policy::default().min_confidence
        );
    }

    #[test]
    fn disabled_rules_leave_the_set_and_unknown_ones_are_warned_about() {
        let root = Root::with_config(
            "disable",
            "[extend]\ndisabled_rules = [\"jwt\", \"no-such-rule\"]\n",
        );
        let setup = resolve(&Settings::default(), &root.0, &Trust::Disk).expect("setup resolves");
        assert!(setup.rules.iter().all(|(_, r)| r.id != "jwt"));
        assert!(setup
            .rules
            .iter()
            .any(|(_, r)| r.id == "github-classic-pat"));
        assert!(
            setup
                .warnings
                .iter()
                .any(|w| w.contains("no-such-rule") && !w.contains("jwt")),
            "{:?}",
            setup.warnings
        );
    }

    #[test]
    fn a_config_that_leaves_no_rules_is_refused() {
        let root = Root::with_config("norules", "[extend]\nuse_builtin = false\n");
        let err = resolve(&Settings::default(), &root.0, &Trust::Disk)
            .err()
            .expect("no rules is an error");
        assert!(
            format!("{err:#}").contains("no rules are active"),
            "{err:#}"
        );
    }

    #[test]
    fn a_named_config_that_does_not_exist_is_an_error() {
        let root = Root::with_config("missing", "");
        let settings = Settings {
            config: Some(root.0.join("absent.toml")),
            ..Settings::default()
        };
        let err = resolve(&settings, &root.0, &Trust::Disk)
            .err()
            .expect("a missing --config is an error");
        assert!(format!("{err:#}").contains("no such file"), "{err:#}");
    }

    #[test]
    fn a_path_that_does_not_exist_is_made_absolute_under_its_canonical_parent() {
        let root = Root::with_config("absolute", "");
        let gone = root.0.join("deleted-by-the-range.toml");
        let abs = absolute(&gone);
        assert!(abs.is_absolute());
        assert_eq!(abs.parent(), root.0.canonicalize().ok().as_deref());
        assert_eq!(abs.file_name(), gone.file_name());
    }
}

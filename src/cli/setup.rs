//! Resolves what a scan runs with, before it starts: the config file (`--config`, else
//! `.nhiscan.toml` at the scan root), the rule set (built-in, config `[[rules]]`, `--rules`
//! files, minus disabled ones; custom rules' examples checked), the filters (allowlists,
//! `.nhiscanignore`, `--baseline`) and the gate policy (flags over `[policy]` over defaults).
//! Any mistake stops here, with the file and line, before scanning.
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use super::args::{CommonArgs, FailOnArg, SeverityArg};
use crate::filter::{Baseline, Filters, IgnoreFile};
use crate::finding::{Confidence, FailOn, Policy};
use crate::rules::{Allowlist, Config, PathPattern, RuleSet, RuleSetBuilder, Severity, Target};

/// Everything resolved for one run.
pub struct Setup {
    pub rules: RuleSet,
    pub filters: Filters,
    pub policy: Policy,
    /// Warnings to print once (unsupported imported settings, unknown disabled rules).
    pub warnings: Vec<String>,
}

/// The config file to use: `--config`, else `.nhiscan.toml` in `root` if there is one.
fn config_path(common: &CommonArgs, root: &Path) -> Option<PathBuf> {
    common.config.clone().or_else(|| {
        let p = root.join(".nhiscan.toml");
        p.is_file().then_some(p)
    })
}

pub fn resolve(common: &CommonArgs, root: &Path) -> Result<Setup> {
    let mut warnings = Vec::new();
    let config_file = config_path(common, root);
    let mut config = match &config_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read config {}", path.display()))?;
            Some(Config::parse(&path.display().to_string(), &text).context("invalid config")?)
        }
        None => None,
    };
    let mut builder = RuleSetBuilder::default();
    if config.as_ref().is_none_or(|c| c.use_builtin) {
        builder.add_builtin()?;
    }
    if let Some(c) = config.as_mut() {
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
    for path in &common.rule_files {
        builder.add_source(&super::read_rule_file(path)?)?;
    }
    let rules = builder.finish().context("invalid rules")?;
    if let Some(c) = config.as_ref().filter(|c| !c.relaxed) {
        let failures: Vec<String> = crate::scan::check_examples(&rules)
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

    let ignore_path = root.join(".nhiscanignore");
    let ignore = if ignore_path.is_file() {
        let text = std::fs::read_to_string(&ignore_path)
            .with_context(|| format!("cannot read {}", ignore_path.display()))?;
        IgnoreFile::parse(&ignore_path.display().to_string(), &text)?
    } else {
        IgnoreFile::default()
    };
    let baseline = match &common.baseline {
        Some(path) => Some(read_baseline(path)?),
        None => None,
    };
    let mut allowlists = config
        .as_ref()
        .map(|c| c.allowlists.clone())
        .unwrap_or_default();
    if let Some(path) = &config_file {
        // The config's own rule examples are not leaks.
        let shown = crate::source::display_path(path);
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
    let filters = Filters {
        allowlists,
        ignore,
        baseline,
        today: today(),
    };
    let policy = policy(common, config.as_ref())?;
    Ok(Setup {
        rules,
        filters,
        policy,
        warnings,
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

fn today() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64 / 86_400)
}

fn policy(common: &CommonArgs, config: Option<&Config>) -> Result<Policy> {
    let from_config = config.map(|c| &c.policy);
    let fail_on = match (
        common.fail_on,
        from_config.and_then(|p| p.fail_on.as_deref()),
    ) {
        (Some(FailOnArg::Any), _) | (None, Some("any")) | (None, None) => FailOn::Any,
        (Some(FailOnArg::LongLived), _) | (None, Some("long-lived")) => FailOn::LongLived,
        (Some(FailOnArg::None), _) | (None, Some(_)) => FailOn::None,
    };
    let severity = |s: SeverityArg| match s {
        SeverityArg::Critical => Severity::Critical,
        SeverityArg::High => Severity::High,
        SeverityArg::Medium => Severity::Medium,
        SeverityArg::Low => Severity::Low,
        SeverityArg::Info => Severity::Info,
    };
    let min_severity = match (
        common.min_severity,
        from_config.and_then(|p| p.min_severity.as_deref()),
    ) {
        (Some(s), _) => severity(s),
        (None, Some(word)) => Severity::parse(word).context("policy.min_severity")?,
        (None, None) => Severity::Info,
    };
    let confidence = |word: &str| match word {
        "high" => Confidence::High,
        "medium" => Confidence::Medium,
        _ => Confidence::Low,
    };
    let min_confidence = match (
        &common.min_confidence,
        from_config.and_then(|p| p.min_confidence.as_deref()),
    ) {
        (Some(word), _) => confidence(word),
        (None, Some(word)) => confidence(word),
        (None, None) => Confidence::Low,
    };
    Ok(Policy {
        fail_on,
        min_severity,
        min_confidence,
    })
}

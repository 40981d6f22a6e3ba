//! Writing and pruning baseline files. `--write-baseline` records every current finding (its
//! fingerprint and rule, nothing else), keeping the reason, owner and expiry of entries that
//! were already in the file; `nhiscan baseline prune` drops the entries that no longer match
//! any finding and never adds one.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Result;
use nhiscan::matcher::Matcher;
use nhiscan::scan::{self, GitMode, ScanOptions, ScanOutcome};
use nhiscan::source::git::Refs;
use nhiscan::source::Target;
use nhiscan::suppress::{Baseline, BaselineEntry};

use super::diagnostics::Diagnostics;
use super::settings::Settings;
use super::setup::{self, read_baseline, Setup, Trust};
use super::{output, repo_root, scan_root, targets, Exit};

/// Writes the baseline of `outcome` to `path`; returns how many entries it holds.
pub fn write(path: &Path, setup: &Setup, outcome: &ScanOutcome) -> Result<usize> {
    let previous = if path.is_file() {
        read_baseline(path)?
    } else {
        Baseline::default()
    };
    let in_use = setup.suppressors.baseline.as_ref();
    let mut baseline = Baseline::default();
    let accepted = outcome.findings.iter().chain(
        outcome
            .allowed
            .iter()
            .filter(|f| in_use.is_some_and(|b| b.entries.contains_key(f.fingerprint.as_str()))),
    );
    for f in accepted {
        let fingerprint = f.fingerprint.as_str().to_string();
        let entry = previous
            .entries
            .get(&fingerprint)
            .or_else(|| in_use.and_then(|b| b.entries.get(&fingerprint)))
            .cloned()
            .unwrap_or_else(|| BaselineEntry {
                fingerprint: fingerprint.clone(),
                rule: setup.rules.get(f.rule).id.clone(),
                reason: None,
                owner: None,
                expires: None,
            });
        baseline.entries.insert(fingerprint, entry);
    }
    let text = baseline.render();
    output::write_file(path, &[], |w| w.write_all(text.as_bytes()))?;
    Ok(baseline.entries.len())
}

/// Drops the entries of the baseline at `path` whose fingerprints are not in `found`; returns
/// (kept, dropped).
pub fn prune(path: &Path, found: &BTreeSet<String>) -> Result<(usize, usize)> {
    let mut baseline = read_baseline(path)?;
    let before = baseline.entries.len();
    baseline
        .entries
        .retain(|fingerprint, _| found.contains(fingerprint));
    let kept = baseline.entries.len();
    let text = baseline.render();
    output::write_file(path, &[], |w| w.write_all(text.as_bytes()))?;
    Ok((kept, before - kept))
}

/// `nhiscan baseline prune FILE [PATH...]`: scans (without applying the baseline) and drops the
/// entries nothing matched. An incomplete scan prunes nothing: what it could not read may hold
/// the secrets of the entries it would drop.
pub fn prune_command(
    file: &Path,
    paths: &[PathBuf],
    git: bool,
    config: Option<PathBuf>,
) -> Result<Exit> {
    let settings = Settings {
        redact: true,
        quiet: true,
        config,
        ..Settings::default()
    };
    read_baseline(file)?;
    let (root, targets) = if git {
        let repo = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
        (repo_root(&repo), vec![Target::Path(repo)])
    } else {
        (scan_root(paths), targets(paths)?)
    };
    let setup = setup::resolve(&settings, &root, &Trust::Disk)?;
    let matcher = Matcher::new(&setup.rules)?;
    let options = ScanOptions {
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        max_file_size: settings.max_file_size,
        decode_depth: settings.decode_depth,
        archives: settings.archives,
        honour_ignore: true,
        suppressors: setup.suppressors.clone(),
        now: setup.now,
    };
    let outcome = match (&targets[..], git) {
        ([Target::Path(repo)], true) => scan::scan_git(
            repo,
            &GitMode::History(Refs::All),
            &matcher,
            &options,
            &scan::NoProgress,
        )?,
        _ => scan::scan(&targets, &matcher, &options, &scan::NoProgress)?,
    };
    if !outcome.stats.complete() {
        Diagnostics::new(true).problems(&outcome);
        anyhow::bail!("the scan was incomplete, so no entry can be called unused: nothing pruned");
    }
    let found: BTreeSet<String> = outcome
        .findings
        .iter()
        .chain(&outcome.allowed)
        .map(|f| f.fingerprint.as_str().to_string())
        .collect();
    let (kept, dropped) = prune(file, &found)?;
    println!(
        "pruned {dropped} entr{} from {} ({kept} kept)",
        if dropped == 1 { "y" } else { "ies" },
        file.display()
    );
    Ok(Exit::Clean)
}

//! Writing and pruning baseline files. `--write-baseline` records every current finding (its
//! fingerprint and rule, nothing else), keeping the reason, owner and expiry of entries that
//! were already in the file; `nhiscan baseline prune` drops the entries that no longer match
//! any finding and never adds one.
use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Result;

use super::output;
use super::setup::{read_baseline, Setup};
use crate::filter::{Baseline, BaselineEntry};
use crate::scan::ScanOutcome;

/// Writes the baseline of `outcome` to `path`; returns how many entries it holds.
pub fn write(path: &Path, setup: &Setup, outcome: &ScanOutcome) -> Result<usize> {
    let previous = if path.is_file() {
        read_baseline(path)?
    } else {
        Baseline::default()
    };
    let in_use = setup.filters.baseline.as_ref();
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

//! What every scanning command does around its scan: check the output paths, resolve the setup,
//! run the scan, write the report (and the baseline) and decide the exit status. A setup or
//! scan that fails still writes a report, `incomplete` with the error in it, so that a CI step
//! uploading it (`if: always()`) finds one.
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use nhiscan::matcher::{Input, Matcher};
use nhiscan::report::{self, Format, Report};
use nhiscan::scan::{self, ScanOptions, ScanOutcome};

use super::diagnostics::Diagnostics;
use super::settings::Settings;
use super::setup::{self, Setup, Trust};
use super::{baseline, output, progress, Exit};

/// Where a scan runs and what it reads, besides its settings.
pub struct Plan<'a> {
    /// Where the config and ignore file are looked for; SARIF URIs are relative to it.
    pub root: &'a Path,
    /// The directory finding paths are relative to (the repository root for git scans).
    pub base: Option<&'a Path>,
    pub input: Input,
    /// Files the scan reads, which `-o` must never overwrite.
    pub inputs: &'a [PathBuf],
}

pub fn scan_and_report(
    settings: &Settings,
    plan: Plan<'_>,
    trust: impl FnOnce() -> Result<Trust>,
    scan: impl FnOnce(&Matcher<'_>, ScanOptions, &dyn scan::Progress) -> Result<ScanOutcome>,
) -> Result<Exit> {
    let mut diagnostics = Diagnostics::new(settings.quiet);
    let read = protected(settings, &plan)?;
    let threads = threads(settings.threads, &diagnostics)?;
    let bar = progress::Bar::new(settings.quiet);
    let attempt = (|| -> Result<(Setup, ScanOutcome)> {
        let setup = setup::resolve(settings, plan.root, &trust()?)?;
        let matcher = Matcher::for_input(&setup.rules, plan.input)?;
        let options = ScanOptions {
            threads,
            max_file_size: settings.max_file_size,
            decode_depth: settings.decode_depth,
            archives: settings.archives,
            honour_ignore: true,
            suppressors: setup.suppressors.clone(),
            now: setup.now,
        };
        let mut outcome = scan(&matcher, options, &bar)?;
        for w in &setup.warnings {
            outcome.stats.warn(None, w.clone());
        }
        Ok((setup, outcome))
    })();
    bar.finish();
    let (setup, outcome) = match attempt {
        Ok(done) => done,
        // On a terminal or in a log, the error says it all; an empty text summary would not.
        Err(e) if settings.output.is_none() && settings.format == Format::Text => return Err(e),
        Err(e) => (Setup::failed()?, ScanOutcome::failed(format!("{e:#}"))),
    };
    let secrets = report::Secrets::new(outcome.findings.iter().chain(&outcome.allowed));
    if settings.redact {
        diagnostics.redact(secrets.clone());
    }
    diagnostics.problems(&outcome);
    let report = Report {
        rules: &setup.rules,
        findings: &outcome.findings,
        allowed: &outcome.allowed,
        show_allowed: settings.show_allowed,
        stats: &outcome.stats,
        redact: settings.redact,
        policy: setup.policy,
        places: places(plan.root, plan.base),
        secrets,
    };
    let render = |w: &mut dyn Write| report::write(w, settings.format, &report);
    match &settings.output {
        Some(path) => output::write_file(path, &read, render)?,
        None => output::write_stdout(render)?,
    }
    let gates = outcome.findings.iter().any(|f| report.gates(f));
    let exit = conclude(settings, &setup, &outcome, gates, &diagnostics);
    drop(report);
    // The process ends next: freeing a thousand rules one by one costs a one-file scan a
    // millisecond that the operating system saves.
    std::mem::forget((setup, outcome));
    exit
}

/// The files a scan reads, checked against the files it writes: `-o` and `--write-baseline`
/// must never overwrite an input, a config, a rule file or (for `-o`) the baseline.
fn protected(settings: &Settings, plan: &Plan<'_>) -> Result<Vec<PathBuf>> {
    let mut read: Vec<PathBuf> = plan.inputs.to_vec();
    read.extend(settings.config.iter().cloned());
    read.extend(settings.rule_files.iter().cloned());
    if let Some(path) = &settings.write_baseline {
        output::check(path, &read)?;
    }
    read.extend(settings.baseline.iter().cloned());
    read.extend(settings.write_baseline.iter().cloned());
    if let Some(path) = &settings.output {
        output::check(path, &read)?;
    }
    Ok(read)
}

/// The exit code, after the baseline is written if asked: an incomplete scan is an error
/// and writes no baseline, since it would drop the entries of what it could not read.
fn conclude(
    settings: &Settings,
    setup: &Setup,
    outcome: &ScanOutcome,
    gates: bool,
    diagnostics: &Diagnostics,
) -> Result<Exit> {
    if !outcome.stats.complete() {
        if let Some(path) = &settings.write_baseline {
            diagnostics.error(&format!(
                "the baseline {} was not written: an incomplete scan would drop the entries of what it could not read",
                path.display()
            ));
        }
        return Ok(Exit::Error);
    }
    if let Some(path) = &settings.write_baseline {
        let written = baseline::write(path, setup, outcome)?;
        diagnostics.note(&format!(
            "wrote {written} entries to the baseline {}",
            path.display()
        ));
        return Ok(Exit::Clean);
    }
    Ok(if gates { Exit::Findings } else { Exit::Clean })
}

/// The scan root and the directory finding paths are relative to (`base`, else the working
/// directory), both absolute.
fn places(root: &Path, base: Option<&Path>) -> report::Places {
    let cwd = std::env::current_dir().unwrap_or_default();
    let absolute = |p: &Path| p.canonicalize().unwrap_or_else(|_| cwd.join(p));
    report::Places {
        root: absolute(root),
        base: base.map_or_else(|| absolute(&cwd), absolute),
    }
}

/// More workers than this many per CPU only add memory and start-up time: a scan is bound by
/// CPU and reads, and every worker holds its own automaton caches and buffers.
const THREADS_PER_CPU: usize = 4;

/// `--threads`, or the number of CPUs; capped at `THREADS_PER_CPU` per CPU with a warning.
pub fn threads(asked: Option<usize>, diagnostics: &Diagnostics) -> Result<usize> {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    Ok(match asked {
        None => cpus,
        Some(0) => anyhow::bail!("--threads must be at least 1"),
        Some(n) if n > cpus * THREADS_PER_CPU => {
            let cap = cpus * THREADS_PER_CPU;
            diagnostics.warn(&format!(
                "--threads {n} is more than {THREADS_PER_CPU} per CPU ({cpus} CPUs): using {cap}"
            ));
            cap
        }
        Some(n) => n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_default_to_the_cpus_and_are_capped() {
        let d = Diagnostics::new(true);
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(threads(None, &d).unwrap(), cpus);
        assert_eq!(threads(Some(1), &d).unwrap(), 1);
        assert_eq!(threads(Some(100_000), &d).unwrap(), cpus * THREADS_PER_CPU);
        assert!(threads(Some(0), &d).is_err());
    }
}

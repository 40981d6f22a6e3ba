//! The binary's edge: parse arguments into options, load rules, run a scan or a rules command,
//! write the report, and decide the exit status. The only module (with `report`) that writes.
mod args;
mod baseline;
mod hook;
mod output;
mod progress;
mod setup;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

pub use args::{
    parse_size, BaselineCommand, Cli, Command, CommonArgs, FailOnArg, FormatArg, GitArgs,
    InstallHookArgs, RulesCommand, ScanArgs, SeverityArg,
};

use crate::matcher::{Input, Matcher};
use crate::report::{self, Format, Report};
use crate::rules::{RuleSet, RuleSetBuilder, RuleSource};
use crate::scan::{self, GitMode, ScanOptions};
use crate::source::git::Refs;
use crate::source::Target;

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
        Command::Scan(args) => run_scan(args),
        Command::Git(args) => run_git(args),
        Command::InstallHook(args) => hook::install(&args.repo, args.force),
        Command::Rules(RulesCommand::List { rule_files }) => list_rules(&rule_files),
        Command::Rules(RulesCommand::Check { files }) => check_rules(&files),
        Command::Baseline(BaselineCommand::Prune {
            file,
            paths,
            git,
            config,
        }) => prune_baseline(&file, &paths, git, config),
    }
}

fn read_rule_file(path: &PathBuf) -> Result<RuleSource> {
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

fn load_rules(extra: &[PathBuf]) -> Result<RuleSet> {
    let mut builder = RuleSetBuilder::default();
    builder.add_builtin()?;
    for p in extra {
        builder.add_source(&read_rule_file(p)?)?;
    }
    builder.finish().context("invalid rules")
}

fn run_scan(args: ScanArgs) -> Result<Exit> {
    let targets = targets(&args.paths)?;
    let honour_ignore = !args.no_ignore;
    let inputs: Vec<PathBuf> = targets
        .iter()
        .filter_map(|t| match t {
            Target::Path(p) => Some(p.clone()),
            Target::Stdin => None,
        })
        .collect();
    run_common(
        &args.common,
        &scan_root(&args.paths),
        None,
        input_size(&targets),
        &inputs,
        || Ok(setup::Trust::Disk),
        |matcher, options, progress| {
            let options = ScanOptions {
                honour_ignore,
                ..options
            };
            Ok(scan::scan(&targets, matcher, &options, progress)?)
        },
    )
}

fn run_git(args: GitArgs) -> Result<Exit> {
    let mode = if args.staged {
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
    };
    let repo = args.repo.clone();
    let input = if args.staged {
        Input::Small
    } else {
        Input::Large
    };
    let root = repo_root(&repo);
    run_common(
        &args.common,
        &root,
        Some(&root),
        input,
        &[],
        || judge(&repo, &root, &mode),
        |matcher, options, progress| Ok(scan::scan_git(&repo, &mode, matcher, &options, progress)?),
    )
}

/// Where a git scan's config comes from: the tree as it is for history, the side of the change
/// the change does not control for ranges (the base) and staged changes (HEAD).
fn judge(repo: &Path, root: &Path, mode: &GitMode) -> Result<setup::Trust> {
    use crate::source::git;
    let (base, head) = match mode {
        GitMode::History(_) => return Ok(setup::Trust::Disk),
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
    Ok(setup::Trust::Commit(setup::Judge {
        repo: git::open(repo)?,
        workdir: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        base,
        head,
    }))
}

/// Resolves the setup, runs `scan`, writes the report (and baseline) and decides the exit. A
/// setup or scan that fails still writes a report, `incomplete` with the error in it, so that a
/// CI step uploading it (`if: always()`) finds one.
fn run_common(
    common: &CommonArgs,
    root: &Path,
    base: Option<&Path>,
    input: Input,
    inputs: &[PathBuf],
    trust: impl FnOnce() -> Result<setup::Trust>,
    scan: impl FnOnce(&Matcher<'_>, ScanOptions, &dyn scan::Progress) -> Result<scan::ScanOutcome>,
) -> Result<Exit> {
    let mut read: Vec<PathBuf> = inputs.to_vec();
    read.extend(common.config.iter().cloned());
    read.extend(common.rule_files.iter().cloned());
    if let Some(path) = &common.write_baseline {
        output::check(path, &read)?;
    }
    read.extend(common.baseline.iter().cloned());
    read.extend(common.write_baseline.iter().cloned());
    if let Some(path) = &common.output {
        output::check(path, &read)?;
    }
    let threads = threads(common.threads)?;
    let bar = progress::Bar::new(common.quiet);
    let attempt = (|| -> Result<(setup::Setup, scan::ScanOutcome)> {
        let setup = setup::resolve(common, root, &trust()?)?;
        let matcher = Matcher::for_input(&setup.rules, input)?;
        let options = ScanOptions {
            threads,
            max_file_size: common.max_file_size,
            honour_ignore: true,
            filters: setup.filters.clone(),
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
        Err(e) if common.output.is_none() && common.format == FormatArg::Text => return Err(e),
        Err(e) => (
            setup::Setup::failed()?,
            scan::ScanOutcome::failed(format!("{e:#}")),
        ),
    };

    report_problems(&outcome, common.quiet);
    let format = match common.format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Sarif => Format::Sarif,
    };
    let report = Report {
        rules: &setup.rules,
        findings: &outcome.findings,
        allowed: &outcome.allowed,
        show_allowed: common.show_allowed,
        stats: &outcome.stats,
        redact: common.redact,
        policy: setup.policy,
        places: places(root, base),
        secrets: report::Secrets::new(outcome.findings.iter().chain(&outcome.allowed)),
    };
    let render = |w: &mut dyn Write| report::write(w, format, &report);
    match &common.output {
        Some(path) => output::write_file(path, &read, render)?,
        None => output::write_stdout(render)?,
    }
    if !outcome.stats.complete() {
        if let Some(path) = &common.write_baseline {
            eprintln!(
                "nhiscan: error: the baseline {} was not written: an incomplete scan would drop the entries of what it could not read",
                path.display()
            );
        }
        return Ok(Exit::Error);
    }
    if let Some(path) = &common.write_baseline {
        let written = baseline::write(path, &setup, &outcome)?;
        // Only people read this; CI logs keep standard error for warnings and errors.
        if !common.quiet && std::io::stderr().is_terminal() {
            eprintln!(
                "nhiscan: wrote {written} entries to the baseline {}",
                path.display()
            );
        }
        return Ok(Exit::Clean);
    }
    Ok(if outcome.findings.iter().any(|f| report.gates(f)) {
        Exit::Findings
    } else {
        Exit::Clean
    })
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
fn threads(asked: Option<usize>) -> Result<usize> {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    match asked {
        None => Ok(cpus),
        Some(0) => anyhow::bail!("--threads must be at least 1"),
        Some(n) if n > cpus * THREADS_PER_CPU => {
            let cap = cpus * THREADS_PER_CPU;
            eprintln!(
                "nhiscan: warning: --threads {n} is more than {THREADS_PER_CPU} per CPU ({cpus} CPUs): using {cap}"
            );
            Ok(cap)
        }
        Some(n) => Ok(n),
    }
}

/// Scans (without applying the baseline) and drops the baseline entries nothing matched.
fn prune_baseline(
    file: &Path,
    paths: &[PathBuf],
    git: bool,
    config: Option<PathBuf>,
) -> Result<Exit> {
    let common = CommonArgs {
        format: FormatArg::Json,
        output: None,
        redact: true,
        threads: None,
        max_file_size: parse_size("100M").map_err(anyhow::Error::msg)?,
        quiet: true,
        rule_files: Vec::new(),
        fail_on: None,
        min_severity: None,
        min_confidence: None,
        config,
        baseline: None,
        write_baseline: None,
        show_allowed: false,
    };
    setup::read_baseline(file)?;
    let (root, targets) = if git {
        let repo = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
        (repo_root(&repo), vec![Target::Path(repo)])
    } else {
        (scan_root(paths), targets(paths)?)
    };
    let setup = setup::resolve(&common, &root, &setup::Trust::Disk)?;
    let matcher = Matcher::new(&setup.rules)?;
    let options = ScanOptions {
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        max_file_size: common.max_file_size,
        honour_ignore: true,
        filters: setup.filters.clone(),
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
        report_problems(&outcome, true);
        anyhow::bail!("the scan was incomplete, so no entry can be called unused: nothing pruned");
    }
    let found: std::collections::BTreeSet<String> = outcome
        .findings
        .iter()
        .chain(&outcome.allowed)
        .map(|f| f.fingerprint.as_str().to_string())
        .collect();
    let (kept, dropped) = baseline::prune(file, &found)?;
    println!(
        "pruned {dropped} entr{} from {} ({kept} kept)",
        if dropped == 1 { "y" } else { "ies" },
        file.display()
    );
    Ok(Exit::Clean)
}

/// Small: only regular files, together under 1 MiB (a hook passing a few files).
fn input_size(targets: &[Target]) -> Input {
    let mut total = 0u64;
    for t in targets {
        match t {
            Target::Path(p) => match std::fs::metadata(p) {
                Ok(m) if m.is_file() => total += m.len(),
                _ => return Input::Large,
            },
            Target::Stdin => return Input::Large,
        }
    }
    if total < 1 << 20 {
        Input::Small
    } else {
        Input::Large
    }
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

/// Errors always go to standard error; skipped files only without `--quiet`, and binaries
/// and links (expected in any tree) only as counts in the report.
fn report_problems(outcome: &scan::ScanOutcome, quiet: bool) {
    let stats = &outcome.stats;
    let mut err = std::io::stderr().lock();
    for f in &outcome.findings {
        if let Some(why) = &f.expired_baseline {
            let _ = writeln!(
                err,
                "nhiscan: warning: {why}: it no longer suppresses {}:{}, which fails the gate",
                report::sanitize(f.path.as_bytes()),
                f.location.line
            );
        }
    }
    for e in &stats.errors {
        let _ = match &e.path {
            Some(p) => writeln!(
                err,
                "nhiscan: error: {}: {}",
                report::sanitize(p.as_bytes()),
                e.message
            ),
            None => writeln!(err, "nhiscan: error: {}", e.message),
        };
    }
    for w in &stats.warnings {
        let _ = match &w.path {
            Some(p) => writeln!(
                err,
                "nhiscan: warning: {}: {}",
                report::sanitize(p.as_bytes()),
                w.message
            ),
            None => writeln!(err, "nhiscan: warning: {}", w.message),
        };
    }
    if !quiet {
        for s in &stats.skipped {
            if let crate::source::Skip::TooLarge { size, limit } = s.skip {
                let _ = writeln!(
                    err,
                    "nhiscan: warning: skipped {} ({size} bytes is over --max-file-size {limit})",
                    report::sanitize(s.path.as_bytes())
                );
            }
        }
    }
    if !stats.complete() {
        let _ = writeln!(
            err,
            "nhiscan: error: the scan is incomplete ({} error{}): fix the causes above and scan again",
            stats.errors.len(),
            if stats.errors.len() == 1 { "" } else { "s" }
        );
    }
}

fn list_rules(extra: &[PathBuf]) -> Result<Exit> {
    let rules = load_rules(extra)?;
    let width =
        |f: fn(&crate::rules::Rule) -> usize| rules.iter().map(|(_, r)| f(r)).max().unwrap_or(0);
    let (wi, wp, wk) = (
        width(|r| r.id.len()),
        width(|r| r.provider.len()),
        width(|r| r.kind.len()),
    );
    output::write_stdout(|w| {
        for (_, r) in rules.iter() {
            writeln!(
                w,
                "{:wi$}  {:wp$}  {:wk$}  {:6}  {}",
                r.id,
                r.provider,
                r.kind,
                r.lifetime.as_str(),
                r.severity.as_str()
            )?;
        }
        Ok(())
    })?;
    Ok(Exit::Clean)
}

/// Rule files named by `paths`: files as given, directories as their `*.toml`, sorted.
fn rule_files_in(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot list rule directory {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "toml"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

fn check_rules(paths: &[PathBuf]) -> Result<Exit> {
    let sources = if paths.is_empty() {
        RuleSource::builtin()
    } else {
        rule_files_in(paths)?
            .iter()
            .map(read_rule_file)
            .collect::<Result<_>>()?
    };
    let rules = RuleSet::load(&sources).context("invalid rules")?;
    let failures = scan::check_examples(&rules);
    let mut err = std::io::stderr().lock();
    for f in &failures {
        writeln!(err, "nhiscan: error: {f}")?;
    }
    let examples: usize = rules
        .iter()
        .map(|(_, r)| r.examples.len() + r.negative_examples.len())
        .sum();
    if failures.is_empty() {
        println!(
            "{} rules OK ({} examples checked) in {}",
            rules.len(),
            examples,
            if paths.is_empty() {
                "the built-in rules".to_string()
            } else {
                format!("{} file(s)", sources.len())
            }
        );
        Ok(Exit::Clean)
    } else {
        writeln!(
            err,
            "nhiscan: {} problem(s) in {} rules",
            failures.len(),
            rules.len()
        )?;
        Ok(Exit::Error)
    }
}

//! Command-line arguments (clap). Doc comments here are the `--help` text.
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use nhiscan::rules::{Confidence, FailOn, Severity, Word};
use nhiscan::source::archive;

/// Find leaked credentials of non-human identities (API keys, tokens, private keys, CI
/// secrets) in files and directories, and tell what they are and how to revoke them.
#[derive(Debug, Parser)]
#[command(name = "nhiscan", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories (`-` for standard input) with the built-in rules.
    ///
    /// Exit status: 0 nothing found, 1 findings, 2 the scan could not be done or is incomplete.
    Scan(ScanArgs),
    /// Scan a git repository: the whole history, a range of commits, or the staged changes.
    ///
    /// Exit status: 0 nothing found, 1 findings, 2 the scan could not be done or is incomplete
    /// (not a repository, a revision that does not resolve, a shallow history, a missing object).
    Git(GitArgs),
    /// Write .git/hooks/pre-commit to run `nhiscan git --staged` before every commit.
    InstallHook(InstallHookArgs),
    /// List or check detection rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Maintain baseline files.
    #[command(subcommand)]
    Baseline(BaselineCommand),
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Files and directories to scan; `-` reads standard input. Default: the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Do not honour .gitignore, .ignore and git exclude files.
    #[arg(long)]
    pub no_ignore: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, clap::Args)]
pub struct GitArgs {
    /// The repository (or a directory inside it). Default: the current directory.
    #[arg(value_name = "REPO", default_value = ".")]
    pub repo: PathBuf,

    /// Scan the history of this branch only (default: every branch and tag).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["range", "since_commit", "staged"])]
    pub branch: Option<String>,

    /// Report secrets on lines added by the commits of BASE..HEAD (pull-request gating).
    #[arg(long, value_name = "BASE..HEAD", conflicts_with_all = ["since_commit", "staged"])]
    pub range: Option<String>,

    /// Report secrets on lines added by the commits after SHA, up to HEAD (same as SHA..HEAD).
    #[arg(long, value_name = "SHA", conflicts_with = "staged")]
    pub since_commit: Option<String>,

    /// With --range or --since-commit: start at the merge base of BASE and HEAD.
    #[arg(long)]
    pub merge_base: bool,

    /// Report secrets on lines added by the staged changes (for a pre-commit hook).
    #[arg(long)]
    pub staged: bool,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options every scanning command shares.
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Report format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,

    /// Write the report to FILE (atomically, mode 0600) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Keep every secret byte out of the report (for CI logs and shared reports).
    #[arg(long)]
    pub redact: bool,

    /// Worker threads. Default: the number of CPUs.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// Skip files larger than SIZE (bytes, or with a unit: 512K, 10M, 1G).
    #[arg(long, value_name = "SIZE", default_value = "100M", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Look for secrets inside encoded text (base64, hex, percent-encoding, string escapes,
    /// HTML references; UTF-16 files), N encodings deep (0: only as written).
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub decode_depth: usize,

    /// Read the members of archives and compressed streams (zip, jar, tar, gz, bz2, xz, zst),
    /// N containers deep (0: containers are skipped).
    #[arg(long, value_name = "N", default_value_t = archive::DEFAULT_DEPTH)]
    pub archive_depth: usize,

    /// Stop decompressing one file's archives after SIZE in all (zip bombs).
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    pub archive_max_bytes: u64,

    /// Skip an archive member that expands to more than N times its compressed size (past
    /// its first MiB).
    #[arg(long, value_name = "N", default_value_t = archive::DEFAULT_MAX_RATIO)]
    pub archive_max_ratio: u64,

    /// Print no progress bar and no warnings about skipped files; errors are still printed.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Load additional rules from a rule file (same format as the built-in rules/*.toml).
    #[arg(long = "rules", value_name = "FILE")]
    pub rule_files: Vec<PathBuf>,

    /// Which findings fail the gate (exit 1): any (default), long-lived (only credentials whose
    /// lifetime is long or unknown), or none (report only). Overrides the config's [policy].
    #[arg(long, value_name = "WHICH", value_parser = word::<FailOn>)]
    pub fail_on: Option<FailOn>,

    /// Findings less severe than this (critical, high, medium, low, info) are reported but do
    /// not fail the gate (default: info).
    #[arg(long, value_name = "SEVERITY", value_parser = word::<Severity>)]
    pub min_severity: Option<Severity>,

    /// Findings less certain than this (high, medium, low; generic rules are medium) are
    /// reported but do not fail the gate (default: low).
    #[arg(long, value_name = "CONFIDENCE", value_parser = word::<Confidence>)]
    pub min_confidence: Option<Confidence>,

    /// Config file (nhiscan's format or a gitleaks config). Default: .nhiscan.toml at the scan
    /// root, if there is one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Report and gate only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings in this baseline file (fingerprints only) and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Also list the findings that inline markers, allowlists, .nhiscanignore or the baseline
    /// allowed, with the reason.
    #[arg(long)]
    pub show_allowed: bool,
}

/// A policy flag's value, from the same table of words as the config's `[policy]`.
fn word<T: Word + Send + Sync>(s: &str) -> Result<T, String> {
    T::parse(s).ok_or_else(|| format!("`{s}` is not one of {}", T::allowed()))
}

#[derive(Debug, clap::Args)]
pub struct InstallHookArgs {
    /// The repository to install the hook in. Default: the current directory.
    #[arg(value_name = "REPO", default_value = ".")]
    pub repo: PathBuf,

    /// Replace an existing pre-commit hook.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Jsonl,
    Sarif,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// One line per rule: id, provider, kind, lifetime, severity.
    List {
        /// Also list the rules of this rule file.
        #[arg(long = "rules", value_name = "FILE")]
        rule_files: Vec<PathBuf>,
    },
    /// Load rule files (default: the built-in rules), compile them and run their examples.
    ///
    /// Negative examples must be found by no rule of all the files loaded together.
    /// Exit status: 0 all good, 2 with file, line, rule id and reason for each problem.
    Check {
        /// Rule files, or directories whose *.toml files are loaded.
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Drop the entries that no longer match any finding, and say how many; never add any.
    Prune {
        /// The baseline file.
        file: PathBuf,
        /// What to scan: paths (default: the current directory), or with --git a repository.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Match entries against the whole git history of the repository at PATH (or `.`).
        #[arg(long)]
        git: bool,
        /// Config file (default: .nhiscan.toml at the scan root).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

/// Parses `123`, `512K`, `10M`, `1G` (binary units; `KB`, `MiB` and friends also accepted).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num.parse().map_err(|_| {
        format!("`{s}` is not a size: use a number with an optional unit, e.g. 10M")
    })?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => return Err(format!("unknown size unit `{other}`: use K, M or G")),
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("`{s}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5X").is_err());
    }

    #[test]
    fn clap_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}

//! What a scanning command runs with, apart from clap: the flags every scanning command shares,
//! resolved once from the parsed arguments. Setup and the run take this, never clap's types, so
//! a command that is not typed on a command line (`baseline prune`) builds one directly.
use std::path::PathBuf;

use nhiscan::report::Format;
use nhiscan::rules::PolicyConfig;
use nhiscan::source::archive::ArchiveLimits;

use super::args::{CommonArgs, FormatArg};

/// Files larger than this are skipped unless `--max-file-size` says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 100 << 20;
/// Encodings deep a secret is looked for: a Kubernetes Secret value inside a base64 config.
pub const DEFAULT_DECODE_DEPTH: usize = 2;

#[derive(Debug, Clone)]
pub struct Settings {
    pub format: Format,
    /// `-o FILE`; None or `-` is standard output.
    pub output: Option<PathBuf>,
    pub redact: bool,
    pub threads: Option<usize>,
    pub max_file_size: u64,
    pub decode_depth: usize,
    pub archives: ArchiveLimits,
    pub quiet: bool,
    pub rule_files: Vec<PathBuf>,
    /// The policy the flags give; `[policy]` and the defaults fill the rest.
    pub policy: PolicyConfig,
    pub config: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
    pub write_baseline: Option<PathBuf>,
    pub show_allowed: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            format: Format::Text,
            output: None,
            redact: false,
            threads: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            decode_depth: DEFAULT_DECODE_DEPTH,
            archives: ArchiveLimits::default(),
            quiet: false,
            rule_files: Vec::new(),
            policy: PolicyConfig::default(),
            config: None,
            baseline: None,
            write_baseline: None,
            show_allowed: false,
        }
    }
}

impl From<&CommonArgs> for Settings {
    fn from(a: &CommonArgs) -> Self {
        Settings {
            format: match a.format {
                FormatArg::Text => Format::Text,
                FormatArg::Json => Format::Json,
                FormatArg::Jsonl => Format::Jsonl,
                FormatArg::Sarif => Format::Sarif,
            },
            output: a.output.clone(),
            redact: a.redact,
            threads: a.threads,
            max_file_size: a.max_file_size,
            decode_depth: a.decode_depth,
            archives: ArchiveLimits {
                depth: a.archive_depth,
                max_bytes: a.archive_max_bytes,
                max_ratio: a.archive_max_ratio,
            },
            quiet: a.quiet,
            rule_files: a.rule_files.clone(),
            policy: PolicyConfig {
                fail_on: a.fail_on,
                min_severity: a.min_severity,
                min_confidence: a.min_confidence,
            },
            config: a.config.clone(),
            baseline: a.baseline.clone(),
            write_baseline: a.write_baseline.clone(),
            show_allowed: a.show_allowed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use nhiscan::rules::{Confidence, FailOn, Severity};

    fn settings(args: &[&str]) -> Settings {
        let cli = super::super::args::Cli::try_parse_from(args).expect("arguments parse");
        match cli.command {
            super::super::args::Command::Scan(s) => Settings::from(&s.common),
            other => panic!("not a scan: {other:?}"),
        }
    }

    #[test]
    fn flags_resolve_to_typed_settings() {
        let s = settings(&[
            "nhiscan",
            "scan",
            "--fail-on",
            "long-lived",
            "--min-severity",
            "high",
            "--min-confidence",
            "medium",
            "-f",
            "sarif",
            "--max-file-size",
            "1M",
        ]);
        assert_eq!(s.policy.fail_on, Some(FailOn::LongLived));
        assert_eq!(s.policy.min_severity, Some(Severity::High));
        assert_eq!(s.policy.min_confidence, Some(Confidence::Medium));
        assert_eq!(s.format, Format::Sarif);
        assert_eq!(s.max_file_size, 1 << 20);
        assert_eq!(s.output, None);
    }

    #[test]
    fn defaults_leave_the_policy_to_the_config() {
        let s = settings(&["nhiscan", "scan"]);
        assert_eq!(s.policy, PolicyConfig::default());
        assert_eq!(s.max_file_size, DEFAULT_MAX_FILE_SIZE);
    }

    #[test]
    fn an_unknown_policy_word_is_refused_with_the_allowed_ones() {
        let err = super::super::args::Cli::try_parse_from(["nhiscan", "scan", "--fail-on", "some"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("any, long-lived, none"), "{err}");
    }
}

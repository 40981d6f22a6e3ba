//! The one funnel for what nhiscan says on standard error: `nhiscan: error: ...`,
//! `nhiscan: warning: ...` and notes for people. Every line is sanitised for terminals (control
//! and bidi characters escaped, since paths and messages come from scanned material) and, under
//! `--redact`, scrubbed of every secret the scan found, so that CI logs never hold one.
use std::io::{IsTerminal, Write};

use nhiscan::report::{sanitize, Secrets};
use nhiscan::scan::ScanOutcome;
use nhiscan::source::Skip;

#[derive(Default)]
pub struct Diagnostics {
    quiet: bool,
    /// Scrubbed from every line (set under `--redact` once the findings are known).
    secrets: Option<Secrets>,
}

impl Diagnostics {
    pub fn new(quiet: bool) -> Self {
        Diagnostics {
            quiet,
            secrets: None,
        }
    }

    /// From now on, keeps these secrets out of every line.
    pub fn redact(&mut self, secrets: Secrets) {
        self.secrets = Some(secrets);
    }

    pub fn error(&self, message: &str) {
        self.line("error", message);
    }

    pub fn warn(&self, message: &str) {
        self.line("warning", message);
    }

    /// For people only: not with `--quiet`, and not in CI logs (standard error not a terminal).
    pub fn note(&self, message: &str) {
        if !self.quiet && std::io::stderr().is_terminal() {
            self.line("note", message);
        }
    }

    fn line(&self, level: &str, message: &str) {
        let message = match &self.secrets {
            Some(s) => s.scrub(message),
            None => message.into(),
        };
        // Multi-line messages (a list of failing rule examples) stay multi-line.
        let lines: Vec<String> = message
            .split('\n')
            .map(|l| sanitize(l.as_bytes()))
            .collect();
        let _ = writeln!(
            std::io::stderr().lock(),
            "nhiscan: {level}: {}",
            lines.join("\n")
        );
    }

    /// Errors always; warnings always; skipped files only without `--quiet`, and binaries and
    /// links (expected in any tree) only as counts in the report.
    pub fn problems(&self, outcome: &ScanOutcome) {
        let stats = &outcome.stats;
        for f in &outcome.findings {
            if let Some(why) = &f.expired_baseline {
                self.warn(&format!(
                    "{why}: it no longer suppresses {}:{}, which fails the gate",
                    f.path(),
                    f.location.line
                ));
            }
        }
        let place = |path: &Option<nhiscan::source::Name>, message: &str| match path {
            Some(p) => format!("{p}: {message}"),
            None => message.to_string(),
        };
        for e in &stats.errors {
            self.error(&place(&e.path, &e.message));
        }
        for w in &stats.warnings {
            self.warn(&place(&w.path, &w.message));
        }
        if !self.quiet {
            for s in &stats.skipped {
                let why = match &s.skip {
                    Skip::TooLarge { size, limit } => {
                        format!("{size} bytes is over --max-file-size {limit}")
                    }
                    Skip::ArchiveCorrupt { detail } => {
                        format!("the archive cannot be read: {detail}")
                    }
                    Skip::ArchiveEncrypted => "the member is encrypted".to_string(),
                    Skip::DecompressionLimit { limit, by } => {
                        format!("it would decompress past --{by} {limit}; raise it to read it")
                    }
                    _ => continue,
                };
                self.warn(&format!("skipped {} ({why})", s.path));
            }
        }
        if !stats.complete() {
            self.error(&format!(
                "the scan is incomplete ({} error{}): fix the causes above and scan again",
                stats.errors.len(),
                if stats.errors.len() == 1 { "" } else { "s" }
            ));
        }
    }
}

/// The error that ends a run, from `main`.
pub fn fatal(error: &anyhow::Error) {
    Diagnostics::default().error(&format!("{error:#}"));
}

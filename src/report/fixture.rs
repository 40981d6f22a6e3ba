//! A report built by hand for the tests of each format: the built-in rules, the findings of
//! one small fabricated file, and scan statistics that a test can change.
use super::{write, Format, Places, Report, Secrets};
use crate::finding::Finding;
use crate::matcher::Matcher;
use crate::rules::{Policy, RuleSet};
use crate::stats::ScanStats;

/// A fabricated GitHub token, assembled so that no source file holds it whole.
pub(super) fn token() -> String {
    ["ghp_", "R8mQ2vXk9LzT4wYp1NcB7sHd3FjG6aE0uKiO"].concat()
}

pub(super) struct Fixture {
    pub rules: RuleSet,
    pub findings: Vec<Finding>,
    pub allowed: Vec<Finding>,
    pub stats: ScanStats,
}

/// `config/app.env`, one file of 55 bytes with `token()` on line 2 at column 9, scanned with
/// the built-in rules.
pub(super) fn fixture() -> Fixture {
    let rules = RuleSet::builtin().unwrap();
    let content = format!("# app\ntoken = {}\n", token());
    let findings = crate::scan::scan_bytes(
        &Matcher::new(&rules).unwrap(),
        "config/app.env",
        content.as_bytes(),
    )
    .unwrap();
    let stats = ScanStats {
        files_scanned: 1,
        bytes_scanned: content.len() as u64,
        ..ScanStats::default()
    };
    Fixture {
        rules,
        findings,
        allowed: Vec::new(),
        stats,
    }
}

impl Fixture {
    /// The report in `format`, under the default policy.
    pub fn render(&self, format: Format, redact: bool) -> String {
        let report = Report {
            rules: &self.rules,
            findings: &self.findings,
            allowed: &self.allowed,
            show_allowed: false,
            stats: &self.stats,
            redact,
            policy: Policy::default(),
            places: Places {
                root: "/r".into(),
                base: "/r".into(),
            },
            secrets: Secrets::new(self.findings.iter().chain(&self.allowed)),
        };
        let mut out = Vec::new();
        write(&mut out, format, &report).unwrap();
        String::from_utf8(out).unwrap()
    }
}

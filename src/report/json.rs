//! JSON and JSON Lines. The wire structs here are the documented, stable format (README,
//! "JSON report"); fields are only ever added. Version 1.
use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{show_snippet, Report, SecretView};
use crate::evidence::Lifetime;
use crate::finding::{Finding, GitOrigin, Location};
use crate::rules::{Confidence, Severity};
use crate::source::Name;
use base64::Engine as _;

pub(super) const VERSION: u32 = 1;

#[derive(Serialize)]
struct WireReport<'a> {
    version: u32,
    findings: Vec<WireFinding<'a>>,
    scan: WireScan<'a>,
}

#[derive(Serialize)]
pub(super) struct WireFinding<'a> {
    rule_id: &'a str,
    description: &'a str,
    provider: &'a str,
    kind: &'a str,
    lifetime: Lifetime,
    severity: Severity,
    confidence: Confidence,
    gates: bool,
    #[serde(flatten)]
    path: WireName,
    #[serde(skip_serializing_if = "Option::is_none")]
    container: Option<String>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
    snippet: String,
    entropy: f64,
    fingerprint: &'a str,
    evidence: BTreeMap<&'a str, String>,
    remediation: &'a str,
    references: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    git: Option<WireGit<'a>>,
    reuse_count: usize,
    locations: Vec<WirePlace<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expired_baseline: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    decoded: &'a [String],
}

#[derive(Serialize)]
struct WirePlace<'a> {
    #[serde(flatten)]
    path: WireName,
    #[serde(skip_serializing_if = "Option::is_none")]
    container: Option<String>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    git: Option<WireGit<'a>>,
}

#[derive(Serialize)]
struct WireGit<'a> {
    commit: &'a str,
    author_name: String,
    author_email: String,
    date: &'a str,
    summary: String,
    at_head: bool,
}

#[derive(Serialize)]
struct WireScan<'a> {
    state: &'static str,
    /// Findings that fail the gate under the policy in force.
    gating: usize,
    /// Findings allowed by inline markers, allowlists, the ignore file or the baseline.
    allowed: usize,
    files_scanned: u64,
    bytes_scanned: u64,
    skipped: BTreeMap<&'static str, u64>,
    skipped_files: Vec<WireSkipped<'a>>,
    errors: Vec<WireIssue>,
    warnings: Vec<WireIssue>,
    filtered: BTreeMap<&'static str, u64>,
    rules_count: usize,
    rules_digest: &'a str,
    duration_ms: u64,
    nhiscan_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    git: Option<WireGitScan<'a>>,
}

#[derive(Serialize)]
struct WireGitScan<'a> {
    mode: &'a str,
    refs: usize,
    commits: usize,
    blobs_scanned: usize,
    unreachable_commits: usize,
    unreachable_blobs: usize,
    messages: usize,
    head: Option<&'a str>,
}

#[derive(Serialize)]
struct WireSkipped<'a> {
    #[serde(flatten)]
    path: WireName,
    #[serde(flatten)]
    skip: &'a crate::source::Skip,
}

#[derive(Serialize)]
struct WireIssue {
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_base64: Option<String>,
    message: String,
}

/// A name as JSON: `path` is its text, exact unless the name is not valid UTF-8; then
/// `path_base64` holds the exact bytes (standard base64, padded). Under `--redact`, a name
/// that holds a known secret has it scrubbed from `path`, and no `path_base64`.
#[derive(Serialize)]
struct WireName {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path_base64: Option<String>,
}

fn wire_name(report: &Report<'_>, name: &Name) -> WireName {
    let path = report.text(name).into_owned();
    let path_base64 = name
        .inexact_bytes()
        .filter(|_| path == name.as_str())
        .map(|bytes| base64::engine::general_purpose::STANDARD.encode(bytes));
    WireName { path, path_base64 }
}

pub(super) fn wire_finding<'a>(report: &Report<'a>, f: &'a Finding) -> WireFinding<'a> {
    let rule = report.rules.get(f.rule);
    let container = |c: &Option<Name>| c.as_ref().map(|c| report.text(c).into_owned());
    let place =
        |path: &Name, c: &Option<Name>, l: &Location, git: &'a Option<GitOrigin>| WirePlace {
            path: wire_name(report, path),
            container: container(c),
            line: l.line,
            column: l.column,
            end_line: l.end_line,
            end_column: l.end_column,
            git: git.as_ref().map(|g| wire_git(report, g)),
        };
    let mut locations = vec![place(
        f.path(),
        &f.provenance.container,
        &f.location,
        &f.git,
    )];
    locations.extend(
        f.elsewhere
            .iter()
            .map(|p| place(&p.path, &p.container, &p.location, &p.git)),
    );
    let view = if report.redact {
        SecretView::Redacted
    } else {
        SecretView::Full
    };
    WireFinding {
        rule_id: &rule.id,
        description: &rule.description,
        provider: &rule.provider,
        kind: &rule.kind,
        lifetime: f.lifetime,
        severity: f.severity,
        confidence: f.confidence,
        gates: report.gates(f),
        path: wire_name(report, f.path()),
        container: container(&f.provenance.container),
        line: f.location.line,
        column: f.location.column,
        end_line: f.location.end_line,
        end_column: f.location.end_column,
        secret: (!report.redact).then(|| String::from_utf8_lossy(&f.secret).into_owned()),
        snippet: show_snippet(&f.snippet, view),
        entropy: (f.entropy * 1000.0).round() / 1000.0,
        fingerprint: f.fingerprint.as_str(),
        evidence: f
            .evidence
            .facts
            .iter()
            .map(|(k, v)| (k.as_str(), report.text(v).into_owned()))
            .collect(),
        remediation: &rule.remediation,
        references: &rule.references,
        git: f.git.as_ref().map(|g| wire_git(report, g)),
        reuse_count: f.reuse_count(),
        locations,
        allowed: f
            .suppressed
            .as_ref()
            .map(|s| report.text(&s.to_string()).into_owned()),
        expired_baseline: f.expired_baseline.as_deref(),
        decoded: &f.decoded,
    }
}

fn wire_git<'a>(report: &Report<'_>, g: &'a GitOrigin) -> WireGit<'a> {
    WireGit {
        commit: &g.commit,
        author_name: report.text(&g.author_name).into_owned(),
        author_email: report.text(&g.author_email).into_owned(),
        date: &g.date,
        summary: report.text(&g.summary).into_owned(),
        at_head: g.at_head,
    }
}

fn wire_issue(report: &Report<'_>, e: &crate::stats::ScanIssue) -> WireIssue {
    let name = e.path.as_ref().map(|p| wire_name(report, p));
    WireIssue {
        path_base64: name.as_ref().and_then(|n| n.path_base64.clone()),
        path: name.map(|n| n.path),
        message: report.text(&e.message).into_owned(),
    }
}

fn wire_scan<'a>(report: &Report<'a>) -> WireScan<'a> {
    let s = report.stats;
    let mut skipped = BTreeMap::new();
    for reason in [
        "binary",
        "too_large",
        "symlink",
        "special",
        "lfs_pointer",
        "submodule",
        "utf16",
        "archive",
        "archive_corrupt",
        "archive_encrypted",
        "decompression_limit",
    ] {
        skipped.insert(reason, s.skipped_count(reason));
    }
    skipped.insert(
        "unreadable",
        s.errors.iter().filter(|e| e.path.is_some()).count() as u64,
    );
    let filtered = crate::triage::Drop::ALL
        .iter()
        .map(|d| (d.as_str(), s.dropped.get(d).copied().unwrap_or(0)))
        .collect();
    WireScan {
        state: if s.complete() {
            "complete"
        } else {
            "incomplete"
        },
        gating: report.findings.iter().filter(|f| report.gates(f)).count(),
        allowed: report.allowed.len(),
        files_scanned: s.files_scanned,
        bytes_scanned: s.bytes_scanned,
        skipped,
        skipped_files: s
            .skipped
            .iter()
            .map(|k| WireSkipped {
                path: wire_name(report, &k.path),
                skip: &k.skip,
            })
            .collect(),
        errors: s.errors.iter().map(|e| wire_issue(report, e)).collect(),
        warnings: s.warnings.iter().map(|e| wire_issue(report, e)).collect(),
        filtered,
        rules_count: report.rules.len(),
        rules_digest: report.rules.digest(),
        duration_ms: s.duration.as_millis() as u64,
        nhiscan_version: env!("CARGO_PKG_VERSION"),
        git: s.git.as_ref().map(|g| WireGitScan {
            mode: g.mode,
            refs: g.refs,
            commits: g.commits,
            blobs_scanned: g.blobs,
            unreachable_commits: g.unreachable_commits,
            unreachable_blobs: g.unreachable_blobs,
            messages: g.messages,
            head: g.head.as_deref(),
        }),
    }
}

pub(super) fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let wire = WireReport {
        version: VERSION,
        findings: report.listed().map(|f| wire_finding(report, f)).collect(),
        scan: wire_scan(report),
    };
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}

/// One finding per line, then one line `{"scan": {...}}`.
pub(super) fn write_lines(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    for f in report.listed() {
        serde_json::to_writer(&mut *out, &wire_finding(report, f))?;
        writeln!(out)?;
    }
    #[derive(Serialize)]
    struct Last<'a> {
        version: u32,
        scan: WireScan<'a>,
    }
    serde_json::to_writer(
        &mut *out,
        &Last {
            version: VERSION,
            scan: wire_scan(report),
        },
    )?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use crate::finding::Fingerprint;
    use crate::report::fixture::{fixture, token, Fixture};
    use crate::report::Format;
    use crate::source::Name;

    fn json(fixture: &Fixture, redact: bool) -> Value {
        serde_json::from_str(&fixture.render(Format::Json, redact)).unwrap()
    }

    #[test]
    fn a_finding_has_its_rule_place_fingerprint_and_secret() {
        let report = json(&fixture(), false);
        assert_eq!(report["version"], 1);
        assert_eq!(report["findings"].as_array().unwrap().len(), 1);
        let f = &report["findings"][0];
        assert_eq!(f["rule_id"], "github-classic-pat");
        assert_eq!(f["path"], "config/app.env");
        assert!(f.get("path_base64").is_none(), "{f:#}");
        let place: Vec<u64> = ["line", "column", "end_line", "end_column"]
            .iter()
            .map(|k| f[k].as_u64().unwrap())
            .collect();
        assert_eq!(place, [2, 9, 2, 49]);
        let fingerprint = Fingerprint::of("github-classic-pat", token().as_bytes());
        assert_eq!(f["fingerprint"], fingerprint.as_str());
        assert_eq!(f["secret"], token());
        assert_eq!(f["snippet"], format!("token = {}", token()));
    }

    #[test]
    fn redact_leaves_out_the_secret_and_keeps_the_fingerprint() {
        let fixture = fixture();
        let out = fixture.render(Format::Json, true);
        assert!(!out.contains(&token()[4..]), "{out}");
        let report: Value = serde_json::from_str(&out).unwrap();
        let f = &report["findings"][0];
        assert!(f.get("secret").is_none(), "{f:#}");
        assert_eq!(f["snippet"], "token = [REDACTED]");
        assert_eq!(
            f["fingerprint"],
            json(&fixture, false)["findings"][0]["fingerprint"]
        );
    }

    #[test]
    fn a_name_that_is_not_utf8_keeps_its_bytes_in_path_base64() {
        let mut fixture = fixture();
        fixture.findings[0].provenance.name = Name::from_bytes(b"config/caf\xe9.env");
        let f = &json(&fixture, false)["findings"][0];
        assert_eq!(f["path"], "config/caf\u{fffd}.env");
        assert_eq!(f["path_base64"], "Y29uZmlnL2NhZukuZW52");
        assert_eq!(f["locations"][0]["path_base64"], "Y29uZmlnL2NhZukuZW52");
    }

    #[test]
    fn the_scan_counts_what_it_saw_and_an_error_makes_it_incomplete() {
        let mut fixture = fixture();
        let scan = &json(&fixture, false)["scan"];
        assert_eq!(scan["state"], "complete");
        assert_eq!(scan["files_scanned"], 1);
        assert_eq!(scan["bytes_scanned"], 55);
        assert_eq!(scan["gating"], 1);
        assert_eq!(scan["allowed"], 0);
        assert_eq!(scan["rules_count"], fixture.rules.len());

        fixture.allowed = std::mem::take(&mut fixture.findings);
        fixture
            .stats
            .error(Some(Name::from("locked.env")), "permission denied".into());
        let report = json(&fixture, false);
        let scan = &report["scan"];
        assert_eq!(scan["state"], "incomplete");
        assert_eq!(report["findings"].as_array().unwrap().len(), 0);
        assert_eq!(scan["gating"], 0);
        assert_eq!(scan["allowed"], 1);
        assert_eq!(scan["skipped"]["unreadable"], 1);
        assert_eq!(scan["errors"][0]["path"], "locked.env");
        assert_eq!(scan["errors"][0]["message"], "permission denied");
    }
}

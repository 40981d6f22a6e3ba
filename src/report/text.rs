//! The human report: one block per finding, secrets masked (or redacted), then a one-line
//! summary. Every piece of scanned text is sanitised before it reaches a terminal.
use std::io::{self, Write};

use super::{sanitize, show_secret, show_snippet, Report, SecretView};
use crate::rules::Lifetime;

pub(super) fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let view = if report.redact {
        SecretView::Redacted
    } else {
        SecretView::Masked
    };
    for f in report.findings {
        let rule = report.rules.get(f.rule);
        writeln!(
            out,
            "{}:{}:{}: {} [{}]",
            sanitize(f.path.as_bytes()),
            f.location.line,
            f.location.column,
            rule.id,
            rule.severity
        )?;
        writeln!(out, "    what:        {}", rule.description)?;
        writeln!(
            out,
            "    identity:    provider {} · kind {} · lifetime {}",
            rule.provider,
            rule.kind,
            lifetime_words(rule.lifetime)
        )?;
        writeln!(out, "    secret:      {}", show_secret(&f.secret, view))?;
        writeln!(out, "    line:        {}", show_snippet(&f.snippet, view))?;
        if let Some(first) = rule.remediation.lines().next().filter(|l| !l.is_empty()) {
            writeln!(out, "    fix:         {first}")?;
        }
        writeln!(out, "    fingerprint: {}", f.fingerprint)?;
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(report))
}

fn lifetime_words(l: Lifetime) -> &'static str {
    match l {
        Lifetime::Long => "long-lived",
        Lifetime::Short => "short-lived",
        Lifetime::Varies => "varies",
    }
}

/// `nhiscan: 3 findings (2 long-lived, 1 short-lived) in 12 files, 40.1 KiB, 0.02 s · ...`
pub(super) fn summary(report: &Report<'_>) -> String {
    let s = report.stats;
    let n = report.findings.len();
    let mut line = format!("nhiscan: {} finding{}", n, if n == 1 { "" } else { "s" });
    if n > 0 {
        let mut parts = Vec::new();
        for l in [Lifetime::Long, Lifetime::Short, Lifetime::Varies] {
            let c = report
                .findings
                .iter()
                .filter(|f| report.rules.get(f.rule).lifetime == l)
                .count();
            if c > 0 {
                parts.push(format!("{c} {}", lifetime_words(l)));
            }
        }
        line.push_str(&format!(" ({})", parts.join(", ")));
    }
    let unit = if s.git.is_some() { "blob" } else { "file" };
    line.push_str(&format!(
        " in {} {unit}{}, {}, {:.2} s",
        s.files_scanned,
        if s.files_scanned == 1 { "" } else { "s" },
        human_bytes(s.bytes_scanned),
        s.duration.as_secs_f64()
    ));
    if let Some(g) = &s.git {
        line.push_str(&format!(
            " ({} commit{}{})",
            g.commits,
            if g.commits == 1 { "" } else { "s" },
            if g.refs > 0 {
                format!(", {} ref{}", g.refs, if g.refs == 1 { "" } else { "s" })
            } else {
                String::new()
            }
        ));
    }
    if !s.skipped.is_empty() {
        let mut reasons: Vec<(&str, u64)> = Vec::new();
        for sk in &s.skipped {
            match reasons.iter_mut().find(|(r, _)| *r == sk.skip.reason()) {
                Some((_, c)) => *c += 1,
                None => reasons.push((sk.skip.reason(), 1)),
            }
        }
        reasons.sort();
        let detail: Vec<String> = reasons.iter().map(|(r, c)| format!("{c} {r}")).collect();
        line.push_str(&format!(
            " · {} skipped ({})",
            s.skipped.len(),
            detail.join(", ")
        ));
    }
    if !s.complete() {
        line.push_str(&format!(
            " · {} error{} · INCOMPLETE",
            s.errors.len(),
            if s.errors.len() == 1 { "" } else { "s" }
        ));
    }
    line
}

pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

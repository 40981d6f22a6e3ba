//! The human report: one block per finding (what it is, whose, how long it lives, what the
//! secret itself says, where else it is, and how to fix it), secrets masked or redacted, then a
//! one-line summary grouped by lifetime. Scanned text is sanitised before it reaches a terminal.
use std::io::{self, Write};

use super::{sanitize, show_secret, show_snippet, Report, SecretView};
use crate::evidence::Lifetime;
use crate::finding::{Finding, GitOrigin, Location};
use crate::stats::ScanStats;

pub(super) fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let view = if report.redact {
        SecretView::Redacted
    } else {
        SecretView::Masked
    };
    for f in report.listed() {
        block(out, report, f, view)?;
    }
    writeln!(out, "{}", summary(report))
}

fn block(
    out: &mut dyn Write,
    report: &Report<'_>,
    f: &Finding,
    view: SecretView,
) -> io::Result<()> {
    let rule = report.rules.get(f.rule);
    writeln!(
        out,
        "{}: {} [{}]{}",
        place(report, f.path(), &f.location),
        rule.id,
        f.severity,
        if report.gates(f) {
            ""
        } else {
            " (does not fail the gate)"
        }
    )?;
    writeln!(out, "    what:        {}", rule.description)?;
    writeln!(
        out,
        "    identity:    provider {} · kind {} · lifetime {} · confidence {}",
        rule.provider,
        rule.kind,
        lifetime_words(f.lifetime),
        match f.confidence {
            crate::rules::Confidence::High => "high",
            crate::rules::Confidence::Medium => "medium",
            crate::rules::Confidence::Low => "low (likely fake)",
        }
    )?;
    if !f.evidence.facts.is_empty() {
        let facts: Vec<String> = f
            .evidence
            .facts
            .iter()
            .map(|(k, v)| format!("{k}={}", sanitize(report.text(v).as_bytes())))
            .collect();
        writeln!(out, "    evidence:    {}", facts.join(", "))?;
    }
    writeln!(out, "    secret:      {}", show_secret(&f.secret, view))?;
    writeln!(out, "    line:        {}", show_snippet(&f.snippet, view))?;
    if !f.decoded.is_empty() {
        // The line above is the decoded text; this says where its encoding sits.
        writeln!(out, "    decoded:     from {}", f.decoded.join(", then "))?;
    }
    if let Some(g) = &f.git {
        writeln!(out, "    commit:      {}", commit_line(report, g))?;
    }
    for p in &f.elsewhere {
        let via = p
            .git
            .as_ref()
            .map(|g| format!(" (commit {})", short(&g.commit)))
            .unwrap_or_default();
        writeln!(
            out,
            "    also at:     {}{via}",
            place(report, &p.path, &p.location)
        )?;
    }
    let mut fix = rule.remediation.split_whitespace().peekable();
    if fix.peek().is_some() {
        for (i, line) in wrap(fix, 86).iter().enumerate() {
            let label = if i == 0 { "fix:" } else { "" };
            writeln!(out, "    {label:<12} {line}")?;
        }
    }
    writeln!(out, "    fingerprint: {}", f.fingerprint)?;
    writeln!(out)
}

fn place(report: &Report<'_>, path: &str, l: &Location) -> String {
    format!(
        "{}:{}:{}",
        sanitize(report.text(path).as_bytes()),
        l.line,
        l.column
    )
}

fn short(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}

fn commit_line(report: &Report<'_>, g: &GitOrigin) -> String {
    let text = |t: &str| sanitize(report.text(t).as_bytes());
    format!(
        "{} {} {} <{}> \"{}\" · {}",
        short(&g.commit),
        g.date,
        text(&g.author_name),
        text(&g.author_email),
        text(&g.summary),
        if g.at_head {
            "still at HEAD"
        } else {
            "removed from HEAD, still in history: rotate it all the same"
        }
    )
}

fn wrap<'a>(words: impl Iterator<Item = &'a str>, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for w in words {
        let line = lines.last_mut().expect("one line");
        if !line.is_empty() && line.len() + 1 + w.len() > width {
            lines.push(w.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(w);
        }
    }
    lines
}

fn lifetime_words(l: Lifetime) -> &'static str {
    match l {
        Lifetime::Long => "long-lived",
        Lifetime::Short => "short-lived",
        Lifetime::Expired => "expired",
        Lifetime::Unknown => "unknown",
    }
}

/// `nhiscan: 3 findings · 2 long-lived (aws access-key-id, gcp service-account-key) · 1 expired
/// (generic jwt) · 2 fail the gate · 12 files, 40.1 KiB, 0.02 s`
pub(super) fn summary(report: &Report<'_>) -> String {
    let s = report.stats;
    let n = report.findings.len();
    let mut parts = vec![plural(n as u64, "finding")];
    parts.extend(lifetimes(report));
    if n > 0 {
        let gating = report.findings.iter().filter(|f| report.gates(f)).count();
        let verb = if gating == 1 { "fails" } else { "fail" };
        parts.push(format!("{gating} {verb} the gate"));
    }
    parts.push(coverage(s));
    if !report.allowed.is_empty() {
        let hint = if report.show_allowed {
            ""
        } else {
            " (--show-allowed lists them)"
        };
        parts.push(format!("{} allowed{hint}", report.allowed.len()));
    }
    if !s.skipped.is_empty() {
        parts.push(skipped(s));
    }
    if !s.complete() {
        parts.push(format!(
            "{} · INCOMPLETE",
            plural(s.errors.len() as u64, "error")
        ));
    }
    format!("nhiscan: {}", parts.join(" · "))
}

/// `2 findings`, `1 finding`.
fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Per lifetime, worst first: how many findings, and the first few provider/kind names.
fn lifetimes(report: &Report<'_>) -> Vec<String> {
    let mut parts = Vec::new();
    for l in [
        Lifetime::Long,
        Lifetime::Unknown,
        Lifetime::Short,
        Lifetime::Expired,
    ] {
        let mut names: Vec<String> = Vec::new();
        let mut count = 0;
        for f in report.findings.iter().filter(|f| f.lifetime == l) {
            count += 1;
            let rule = report.rules.get(f.rule);
            let name = format!("{} {}", rule.provider, rule.kind);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if count > 0 {
            let shown: Vec<&str> = names.iter().take(4).map(String::as_str).collect();
            let more = if names.len() > 4 { ", ..." } else { "" };
            parts.push(format!(
                "{count} {} ({}{more})",
                lifetime_words(l),
                shown.join(", ")
            ));
        }
    }
    parts
}

/// What was read: `12 files, 40.1 KiB, 0.02 s`, with commits and refs for history.
fn coverage(s: &ScanStats) -> String {
    let unit = if s.git.is_some() { "blob" } else { "file" };
    let mut scanned = format!(
        "{}, {}, {:.2} s",
        plural(s.files_scanned, unit),
        human_bytes(s.bytes_scanned),
        s.duration.as_secs_f64()
    );
    if let Some(g) = &s.git {
        scanned.push_str(&format!(", {}", plural(g.commits as u64, "commit")));
        if g.refs > 0 {
            scanned.push_str(&format!(", {}", plural(g.refs as u64, "ref")));
        }
    }
    scanned
}

/// `3 skipped (1 binary, 2 too_large)`.
fn skipped(s: &ScanStats) -> String {
    let mut reasons: Vec<(&str, u64)> = Vec::new();
    for sk in &s.skipped {
        match reasons.iter_mut().find(|(r, _)| *r == sk.skip.reason()) {
            Some((_, c)) => *c += 1,
            None => reasons.push((sk.skip.reason(), 1)),
        }
    }
    reasons.sort();
    let detail: Vec<String> = reasons.iter().map(|(r, c)| format!("{c} {r}")).collect();
    format!("{} skipped ({})", s.skipped.len(), detail.join(", "))
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

#[cfg(test)]
mod tests {
    use crate::report::fixture::{fixture, token};
    use crate::report::Format;
    use crate::source::Name;

    #[test]
    fn a_block_names_place_rule_and_masked_secret_then_the_summary() {
        let out = fixture().render(Format::Text, false);
        assert!(
            out.starts_with("config/app.env:2:9: github-classic-pat ["),
            "{out}"
        );
        assert!(
            out.contains("\n    secret:      ghp_****************iO\n"),
            "{out}"
        );
        assert!(!out.contains(&token()[4..]), "{out}");
        assert_eq!(
            out.lines().last().unwrap(),
            "nhiscan: 1 finding · 1 long-lived (github personal-access-token) · 1 fails the gate · 1 file, 55 B, 0.00 s"
        );
    }

    #[test]
    fn redact_shows_no_part_of_the_secret() {
        let out = fixture().render(Format::Text, true);
        assert!(out.contains("\n    secret:      [REDACTED]\n"), "{out}");
        let secret = token();
        for part in secret.as_bytes().chunks(8) {
            let part = std::str::from_utf8(part).unwrap();
            assert!(!out.contains(part), "{part}: {out}");
        }
    }

    #[test]
    fn control_characters_in_a_path_are_escaped() {
        let mut fixture = fixture();
        fixture.findings[0].provenance.name = Name::from("evil\x1b]0;owned\x07\r.env");
        let out = fixture.render(Format::Text, false);
        assert!(!out.contains(&['\x1b', '\x07', '\r'][..]), "{out:?}");
        assert!(
            out.starts_with("evil\\u{1b}]0;owned\\u{7}\\u{d}.env:2:9: github-classic-pat"),
            "{out}"
        );
    }

    #[test]
    fn an_incomplete_scan_says_so_in_the_summary() {
        let mut fixture = fixture();
        fixture.stats.error(None, "cannot read the index".into());
        let out = fixture.render(Format::Text, false);
        assert!(out.trim_end().ends_with(" · 1 error · INCOMPLETE"), "{out}");
    }
}

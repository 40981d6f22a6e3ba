//! SARIF 2.1.0 for code-scanning dashboards (GitHub and others). Each rule that produced a
//! result appears once in `tool.driver.rules`, with help text on what the credential is and
//! how to revoke it. Results carry the content-anchored fingerprint in `partialFingerprints`
//! and never a secret: SARIF ends up in dashboards, so it is written redacted always.
use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use super::Report;
use crate::finding::{Finding, Location};
use crate::rules::{Lifetime, Rule, Severity};
use crate::source::Name;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Key of our fingerprint in `partialFingerprints`; bump the suffix if the recipe changes.
pub(super) const FINGERPRINT_KEY: &str = "nhiscanSecret/v1";

/// GitHub code scanning keeps at most this many results of a run and rejects the upload
/// beyond it.
const MAX_RESULTS: usize = 25_000;

pub(super) fn write(out: &mut dyn Write, report: &Report<'_>) -> io::Result<()> {
    let mut used: Vec<&Rule> = report.listed().map(|f| report.rules.get(f.rule)).collect();
    used.sort_by(|a, b| a.id.cmp(&b.id));
    used.dedup_by(|a, b| a.id == b.id);
    let rule_slots: BTreeMap<&str, usize> = used
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let rules: Vec<Value> = used.iter().map(|r| rule_descriptor(r)).collect();
    let results: Vec<Value> = report
        .listed()
        .take(MAX_RESULTS)
        .map(|f| result(report, f, rule_slots[report.rules.get(f.rule).id.as_str()]))
        .collect();
    let mut run = json!({
        "tool": { "driver": {
            "name": "nhiscan",
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        } },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{
            "executionSuccessful": report.stats.complete(),
            "toolExecutionNotifications": notifications(report),
        }],
    });
    if let Some(git) = &report.stats.git {
        if let Some(uri) = &git.repository {
            let mut vcs = json!({ "repositoryUri": uri });
            if let Some(head) = &git.head {
                vcs["revisionId"] = json!(head);
            }
            run["versionControlProvenance"] = json!([vcs]);
        }
    }
    let mut root = file_uri(&report.places.root.to_string_lossy());
    if !root.ends_with('/') {
        root.push('/');
    }
    run["originalUriBaseIds"] = json!({ "%SRCROOT%": { "uri": root } });
    let doc = json!({ "$schema": SCHEMA, "version": "2.1.0", "runs": [run] });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// One finding as a SARIF result; `rule_index` is its rule's slot in the driver's rules.
fn result(report: &Report<'_>, f: &Finding, rule_index: usize) -> Value {
    let rule = report.rules.get(f.rule);
    let mut properties = json!({
        "provider": rule.provider,
        "kind": rule.kind,
        "lifetime": f.lifetime,
        "severity": f.severity,
        "confidence": f.confidence,
        "gates": report.gates(f),
        "evidence": f.evidence.facts.iter()
            .map(|(k, v)| (k.clone(), report.secrets.scrub(v).into_owned()))
            .collect::<BTreeMap<String, String>>(),
        "reuseCount": f.reuse_count(),
        "tags": nhi_tags(f),
    });
    if !f.decoded.is_empty() {
        properties["decoded"] = json!(f.decoded);
    }
    if f.provenance.container.is_some() {
        properties["innerPath"] = json!(report.secrets.scrub(f.path()));
    }
    if let Some(g) = &f.git {
        properties["commit"] = json!(g.commit);
        properties["commitDate"] = json!(g.date);
        properties["atHead"] = json!(g.at_head);
    }
    let mut result = json!({
        "ruleId": rule.id,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": format!(
            "{} ({}, {}, {}-lived){}{}. Fingerprint {}.",
            rule.description,
            rule.provider,
            rule.kind,
            rule.lifetime,
            inside(report, f.path(), f.provenance.container.as_ref(), &f.location),
            decoded_from(&f.decoded),
            f.fingerprint
        ) },
        "locations": [{
            "physicalLocation": physical_location(report, f.path(), f.provenance.container.as_ref(), &f.location),
        }],
        // GitHub tracks an alert by `primaryLocationLineHash` (computed from the line's
        // text when missing, so an edit near a secret opened a new alert); the secret's
        // content-anchored fingerprint keeps one alert per secret however it moves.
        "partialFingerprints": {
            FINGERPRINT_KEY: f.fingerprint.as_str(),
            "primaryLocationLineHash": format!("{}:1", f.fingerprint),
        },
        "relatedLocations": f.elsewhere.iter().enumerate().map(|(i, p)| json!({
            "id": i + 1,
            "message": { "text": format!("the same secret, again{}", inside(report, &p.path, p.container.as_ref(), &p.location)) },
            "physicalLocation": physical_location(report, &p.path, p.container.as_ref(), &p.location),
        })).collect::<Vec<_>>(),
        "properties": properties,
    });
    if let Some(why) = &f.suppressed {
        let kind = if why.in_source() {
            "inSource"
        } else {
            "external"
        };
        let justification = report.text(&why.to_string()).into_owned();
        result["suppressions"] = json!([{ "kind": kind, "justification": justification }]);
    }
    result
}

/// ", found decoded from base64 at 3:9" for a secret inside an encoding; nothing otherwise.
fn decoded_from(layers: &[String]) -> String {
    if layers.is_empty() {
        String::new()
    } else {
        format!(", found decoded from {}", layers.join(", then "))
    }
}

/// ", in app.jar!/config/a.yml at 3:9" for a secret inside an archive; nothing otherwise.
fn inside(report: &Report<'_>, path: &str, container: Option<&Name>, l: &Location) -> String {
    match container {
        Some(_) => format!(
            ", in {} at {}:{}",
            report.secrets.scrub(path),
            l.line,
            l.column
        ),
        None => String::new(),
    }
}

/// Where a result is. An archive member is placed at its outer file, which is what a code
/// scanning dashboard can show; the message and `innerPath` say where inside.
fn physical_location(
    report: &Report<'_>,
    path: &str,
    container: Option<&Name>,
    l: &Location,
) -> Value {
    let file = container.map_or(path, |c| c.as_str());
    let (uri, base) = artifact_uri(&report.places, &report.secrets.scrub(file));
    let mut artifact = json!({ "uri": uri });
    if let Some(base) = base {
        artifact["uriBaseId"] = json!(base);
    }
    if container.is_some() {
        return json!({ "artifactLocation": artifact, "region": { "startLine": 1 } });
    }
    json!({
        "artifactLocation": artifact,
        "region": {
            "startLine": l.line,
            "startColumn": l.column,
            "endLine": l.end_line,
            "endColumn": l.end_column,
        },
    })
}

/// Errors and warnings of the scan, and a warning when results were cut at `MAX_RESULTS`.
fn notifications(report: &Report<'_>) -> Vec<Value> {
    let notification = |level: &str, e: &crate::stats::ScanIssue| {
        let text = match &e.path {
            Some(p) => format!("{p}: {}", e.message),
            None => e.message.clone(),
        };
        let text = report.secrets.scrub(&text).into_owned();
        json!({ "level": level, "message": { "text": text } })
    };
    let stats = report.stats;
    let mut out: Vec<Value> = (stats.errors.iter().map(|e| notification("error", e)))
        .chain(stats.warnings.iter().map(|e| notification("warning", e)))
        .collect();
    let listed = report.listed().count();
    if listed > MAX_RESULTS {
        out.push(json!({ "level": "warning", "message": { "text": format!(
            "{listed} results, of which the first {MAX_RESULTS} are in this file (the most a code-scanning upload accepts); the JSON report has them all"
        ) } }));
    }
    out
}

fn rule_descriptor(rule: &Rule) -> Value {
    let mut help = format!(
        "**{}**\n\nProvider: `{}` · credential kind: `{}` · lifetime: `{}` · severity: `{}`\n\n",
        rule.description, rule.provider, rule.kind, rule.lifetime, rule.severity
    );
    if !rule.remediation.is_empty() {
        help.push_str("### How to fix\n\n");
        help.push_str(&rule.remediation);
        help.push_str("\n\n");
    }
    if !rule.references.is_empty() {
        help.push_str("### References\n\n");
        for r in &rule.references {
            help.push_str(&format!("- {r}\n"));
        }
    }
    // SARIF requires unique tags; the provider or a rule tag may repeat a standard one.
    let mut tags: Vec<&str> = Vec::new();
    let mut standard = vec!["security", "secret", "external/cwe/cwe-798", NHI_LEAKAGE];
    if rule.lifetime == Lifetime::Long {
        standard.push(NHI_LONG_LIVED);
    }
    let own = [rule.provider.as_str(), rule.kind.as_str()];
    for tag in standard
        .into_iter()
        .chain(own)
        .chain(rule.tags.iter().map(String::as_str))
    {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let mut d = json!({
        "id": rule.id,
        "name": camel(&rule.id),
        "shortDescription": { "text": rule.description },
        "fullDescription": { "text": format!(
            "{} ({} {}, {}-lived credential).", rule.description, rule.provider, rule.kind, rule.lifetime
        ) },
        "help": { "text": help.clone(), "markdown": help },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": {
            "tags": tags,
            "precision": if rule.is_generic() { "medium" } else { "high" },
            "security-severity": security_severity(rule.severity, rule.lifetime),
        },
    });
    if let Some(first) = rule.references.first() {
        d["helpUri"] = json!(first);
    }
    d
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub maps > 9.0 to critical, >= 7.0 high, >= 4.0 medium, > 0 low. A long-lived
/// credential stays exploitable until someone acts, a short-lived one expires by itself: the
/// lifetime moves the score within (and at the edges, across) the severity's band.
fn security_severity(s: Severity, lifetime: Lifetime) -> String {
    let base: f64 = match s {
        Severity::Critical => 9.3,
        Severity::High => 7.8,
        Severity::Medium => 5.5,
        Severity::Low => 3.0,
        Severity::Info => 0.5,
    };
    let adjust = match lifetime {
        Lifetime::Long => 0.5,
        Lifetime::Varies => 0.0,
        Lifetime::Short => -1.0,
    };
    format!("{:.1}", (base + adjust).clamp(0.1, 10.0))
}

/// OWASP Non-Human Identities Top 10 (2025): secret leakage, long-lived secrets, reuse.
const NHI_LEAKAGE: &str = "owasp-nhi/NHI2-secret-leakage";
const NHI_LONG_LIVED: &str = "owasp-nhi/NHI7-long-lived-secrets";
const NHI_REUSE: &str = "owasp-nhi/NHI9-nhi-reuse";

/// The NHI Top 10 risks one finding belongs to.
fn nhi_tags(f: &crate::finding::Finding) -> Vec<&'static str> {
    use crate::evidence::Lifetime as FindingLifetime;
    let mut tags = vec![NHI_LEAKAGE, "external/cwe/cwe-798"];
    if matches!(f.lifetime, FindingLifetime::Long | FindingLifetime::Unknown) {
        tags.push(NHI_LONG_LIVED);
    }
    if f.reuse_count() > 1 {
        tags.push(NHI_REUSE);
    }
    tags
}

fn camel(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// A path under the scan root becomes a URI relative to `%SRCROOT%` (the root); any other a
/// `file:` URI.
fn artifact_uri(places: &super::Places, path: &str) -> (String, Option<&'static str>) {
    if path == "-" {
        return ("stdin".into(), None);
    }
    let absolute = places.absolute(path);
    match absolute.strip_prefix(&places.root) {
        Ok(rel) => {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            (percent_encode(&rel.join("/")), Some("%SRCROOT%"))
        }
        Err(_) => (file_uri(&absolute.to_string_lossy()), None),
    }
}

fn file_uri(abs: &str) -> String {
    format!("file://{}", percent_encode(abs))
}

fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_to_the_root_and_encoded() {
        let places = super::super::Places {
            root: "/work/repo".into(),
            base: "/work/repo/sub".into(),
        };
        assert_eq!(
            artifact_uri(&places, "src/a b.rs"),
            ("sub/src/a%20b.rs".into(), Some("%SRCROOT%"))
        );
        assert_eq!(
            artifact_uri(&places, "../x.rs"),
            ("x.rs".into(), Some("%SRCROOT%"))
        );
        assert_eq!(
            artifact_uri(&places, "/work/repo/y.rs"),
            ("y.rs".into(), Some("%SRCROOT%"))
        );
        assert_eq!(
            artifact_uri(&places, "/tmp/x#y"),
            ("file:///tmp/x%23y".into(), None)
        );
        assert_eq!(camel("aws-access-key-id"), "AwsAccessKeyId");
    }
}

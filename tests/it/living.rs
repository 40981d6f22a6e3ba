//! Living with findings, end to end: config files, allowlists, inline ignores, the ignore file,
//! baselines (write, gate, expiry, prune, merge), and gitleaks config import. Credentials are
//! fabricated and assembled at run time.
use std::fs;
use std::path::Path;

use crate::common::*;

/// Runs `nhiscan scan . EXTRA --format json` in `dir`.
fn scan(dir: &Path, extra: &[&str]) -> Run {
    json_run(dir, &[&["scan", "."], extra].concat())
}

fn fingerprint(dir: &Path, file: &str) -> String {
    findings(&scan(dir, &[]).report)
        .iter()
        .find(|f| f["path"] == file)
        .unwrap()["fingerprint"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_config_disables_rules_and_adds_custom_ones_checked_at_load() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.env",
        &format!("GH={}\nACME=acme_{}\n", token(1), "q8z2lx9vt4rm7wn3"),
    );
    let custom = r#"
[extend]
disabled_rules = ["github-classic-pat"]

[[rules]]
id = "acme-token"
description = "Acme internal token"
provider = "acme"
kind = "api-key"
lifetime = "long"
severity = "high"
keywords = ["acme_"]
regex = '''\bacme_(?P<secret>[a-z0-9]{16})\b'''
examples = ["ACME=acme_k2j4h6g8f0d1s3a5"]
negative_examples = ["ACME=acme_short"]
"#;
    write(dir.path(), ".nhiscan.toml", custom);
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(rule_ids(&r.report), ["acme-token"]);

    write(
        dir.path(),
        ".nhiscan.toml",
        &custom.replace("k2j4h6g8f0d1s3a5", "short"),
    );
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(".nhiscan.toml") && r.stderr.contains("rule `acme-token`: examples[0]"),
        "{}",
        r.stderr
    );
}

#[test]
fn config_mistakes_stop_with_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "nothing\n");
    write(
        dir.path(),
        ".nhiscan.toml",
        "[allowlist]\npaths = [\"a\"]\nregex = [\"x\"]\n",
    );
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(".nhiscan.toml: line 3") && r.stderr.contains("unknown field `regex`"),
        "{}",
        r.stderr
    );
    write(
        dir.path(),
        ".nhiscan.toml",
        "[allowlist]\nregexes = [\"(unclosed\"]\n",
    );
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("line 2: `regexes`: invalid regex"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["scan", ".", "--config", "missing.toml"]);
    assert_eq!(r.code, 2);
}

#[test]
fn allowlists_by_path_regex_target_and_stopword_are_counted_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tests/data.env", &format!("GH={}\n", token(2)));
    write(
        dir.path(),
        "src/a.env",
        &format!("GH={} # rotated-2024\n", token(3)),
    );
    write(dir.path(), "src/b.env", &format!("DEMO_GH={}\n", token(4)));
    write(dir.path(), "src/c.env", &format!("GH={}\n", token(5)));
    write(
        dir.path(),
        ".nhiscan.toml",
        r#"
[allowlist]
description = "test data"
paths = ["tests/**"]

[[allowlists]]
description = "rotated"
rules = ["github-classic-pat"]
regex_target = "line"
regexes = ['''rotated-\d{4}''']

[[allowlists]]
description = "demo"
regex_target = "match"
regexes = ['''^DEMO_''']
stopwords = ["ae0u004"]
"#,
    );
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 1);
    let found = r.report["findings"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{:#}", r.report);
    assert_eq!(found[0]["path"], "src/c.env");
    assert_eq!(r.report["scan"]["allowed"], 3);
    let r = scan(dir.path(), &["--show-allowed"]);
    let listed = r.report["findings"].as_array().unwrap();
    assert_eq!(listed.len(), 4);
    let reasons: Vec<&str> = listed
        .iter()
        .filter_map(|f| f["allowed"].as_str())
        .collect();
    assert!(reasons.contains(&"allowlist: test data"), "{reasons:?}");
    assert!(reasons.contains(&"allowlist: rotated"), "{reasons:?}");
    assert!(reasons.contains(&"allowlist: demo"), "{reasons:?}");
    assert!(listed
        .iter()
        .filter(|f| f["allowed"].is_string())
        .all(|f| f["gates"] == false));
}

#[test]
fn inline_markers_allow_their_line_and_scoped_ones_only_their_secret() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.py",
        &format!(
            "A = '{}'  # nhiscan:allow\nB = '{}'  # gitleaks:allow\nC = '{}'  # pragma: allowlist secret\n",
            token(6),
            token(7),
            token(8)
        ),
    );
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 0, "{:#}", r.report);
    assert_eq!(r.report["scan"]["allowed"], 3);

    // gitleaks ignores by position: whatever secret is on a marked line stays hidden. Migrated
    // to a fingerprint-scoped marker, the accepted secret stays allowed and a new one is not.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "b.py", &format!("KEY = '{}'\n", token(9)));
    let fp = fingerprint(dir.path(), "b.py");
    write(
        dir.path(),
        "b.py",
        &format!("KEY = '{}'  # nhiscan:allow={fp}\n", token(9)),
    );
    assert_eq!(scan(dir.path(), &[]).code, 0);
    write(
        dir.path(),
        "b.py",
        &format!("KEY = '{}'  # nhiscan:allow={fp}\n", token(10)),
    );
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 1, "a new secret on the marked line is reported");
}

#[test]
fn the_ignore_file_follows_the_secret_not_the_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.env", &format!("GH={}\n", token(11)));
    let fp = fingerprint(dir.path(), "a.env");
    write(
        dir.path(),
        ".nhiscanignore",
        &format!("# reviewed: test account\n{fp}\n"),
    );
    assert_eq!(scan(dir.path(), &[]).code, 0);
    // the known secret moves: still ignored
    write(dir.path(), "a.env", &format!("\n\nX=1\nGH={}\n", token(11)));
    assert_eq!(scan(dir.path(), &[]).code, 0);
    // a different secret on the ignored line: reported
    write(dir.path(), "a.env", &format!("GH={}\n", token(12)));
    assert_eq!(scan(dir.path(), &[]).code, 1);
    // path scope
    write(dir.path(), "a.env", &format!("GH={}\n", token(11)));
    write(dir.path(), ".nhiscanignore", &format!("{fp} fixtures/**\n"));
    assert_eq!(scan(dir.path(), &[]).code, 1);
    write(
        dir.path(),
        ".nhiscanignore",
        "# broken\nnot-a-fingerprint\n",
    );
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(".nhiscanignore:2:"), "{}", r.stderr);
}

#[test]
fn a_baseline_holds_no_secret_gates_only_new_findings_and_expires() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.env", &format!("GH={}\n", token(13)));
    let r = scan(dir.path(), &["--write-baseline", "nhiscan.baseline"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = fs::read_to_string(dir.path().join("nhiscan.baseline")).unwrap();
    assert!(!text.contains(&token(13)[4..]), "no secret bytes");
    assert!(
        !text.contains("\"line\"") && !text.contains("old.env"),
        "no positions: {text}"
    );
    assert!(text.starts_with("{\"nhiscan_baseline\":1}\n"));

    assert_eq!(
        scan(dir.path(), &["--baseline", "nhiscan.baseline"]).code,
        0
    );
    write(dir.path(), "new.env", &format!("GH={}\n", token(14)));
    let r = scan(dir.path(), &["--baseline", "nhiscan.baseline"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.report["findings"].as_array().unwrap().len(), 1);
    assert_eq!(r.report["findings"][0]["path"], "new.env");

    // an expired entry stops suppressing and names its owner
    let expired = text.replace(
        "\"rule\":\"github-classic-pat\"",
        "\"rule\":\"github-classic-pat\",\"owner\":\"team-payments\",\"expires\":\"2020-01-31\"",
    );
    fs::write(dir.path().join("nhiscan.baseline"), expired).unwrap();
    fs::remove_file(dir.path().join("new.env")).unwrap();
    let r = scan(dir.path(), &["--baseline", "nhiscan.baseline"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("owner team-payments") && r.stderr.contains("expired on 2020-01-31"),
        "{}",
        r.stderr
    );
}

#[test]
fn malformed_and_newer_baselines_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "x\n");
    write(
        dir.path(),
        "b",
        "{\"nhiscan_baseline\":1}\n{\"fingerprint\":\"zz\",\"rule\":\"r\"}\n",
    );
    let r = scan(dir.path(), &["--baseline", "b"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("b:2:"), "{}", r.stderr);
    write(dir.path(), "b", "{\"nhiscan_baseline\":7}\n");
    let r = scan(dir.path(), &["--baseline", "b"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("newer nhiscan"), "{}", r.stderr);
}

#[test]
fn prune_drops_entries_that_match_nothing_and_never_adds() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.env", &format!("GH={}\n", token(15)));
    write(dir.path(), "b.env", &format!("GH={}\n", token(16)));
    assert_eq!(scan(dir.path(), &["--write-baseline", "base"]).code, 0);
    fs::remove_file(dir.path().join("b.env")).unwrap();
    write(dir.path(), "c.env", &format!("GH={}\n", token(17)));
    let r = run(dir.path(), &["baseline", "prune", "base", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = fs::read_to_string(dir.path().join("base")).unwrap();
    assert_eq!(
        text.lines().count(),
        2,
        "header and the one entry still found: {text}"
    );
}

#[test]
fn two_branches_that_each_add_a_baseline_entry_merge_without_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    for n in [20, 21, 22, 23] {
        write(d, &format!("f{n}.env"), &format!("GH={}\n", token(n)));
    }
    assert_eq!(scan(d, &["--write-baseline", "nhiscan.baseline"]).code, 0);
    let full = fs::read_to_string(d.join("nhiscan.baseline")).unwrap();
    let entries: Vec<&str> = full.lines().skip(1).collect();
    // the base holds the 1st and 3rd entries; each branch adds one of the others
    let base = format!(
        "{}\n{}\n{}\n",
        full.lines().next().unwrap(),
        entries[0],
        entries[2]
    );
    fs::write(d.join("nhiscan.baseline"), &base).unwrap();
    git(d, &["add", "nhiscan.baseline"]);
    git(d, &["commit", "-q", "-m", "baseline"]);
    git(d, &["checkout", "-q", "-b", "one"]);
    fs::write(
        d.join("nhiscan.baseline"),
        format!(
            "{}\n{}\n{}\n{}\n",
            full.lines().next().unwrap(),
            entries[0],
            entries[1],
            entries[2]
        ),
    )
    .unwrap();
    git(d, &["commit", "-q", "-am", "accept one"]);
    git(d, &["checkout", "-q", "main"]);
    fs::write(
        d.join("nhiscan.baseline"),
        format!(
            "{}\n{}\n{}\n{}\n",
            full.lines().next().unwrap(),
            entries[0],
            entries[2],
            entries[3]
        ),
    )
    .unwrap();
    git(d, &["commit", "-q", "-am", "accept another"]);
    git(d, &["merge", "-q", "--no-edit", "one"]);
    let merged = fs::read_to_string(d.join("nhiscan.baseline")).unwrap();
    assert_eq!(merged, full, "a clean merge gives the full sorted baseline");
}

#[test]
fn the_baseline_applies_to_git_history_too() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "a.env", &format!("GH={}\n", token(30)));
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "leak"]);
    let r = run(d, &["git", "-f", "json", "--write-baseline", "base"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(run(d, &["git", "-f", "json", "--baseline", "base"]).code, 0);
    write(d, "b.env", &format!("GH={}\n", token(31)));
    git(d, &["add", "b.env"]);
    assert_eq!(
        run(d, &["git", "--staged", "-f", "json", "--baseline", "base"]).code,
        1
    );
}

#[test]
fn a_gitleaks_config_is_imported_with_its_rules_and_allowlists() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "app.cfg",
        "corp_token = CORP-7F3A9C2E1B4D6F80\nother = CORP-AAAA1111BBBB2222 # test\n",
    );
    write(d, "vendor/x.cfg", "corp_token = CORP-5A9E3C1D7B2F4086\n");
    write(d, "z.env", &format!("GH={}\n", token(40)));
    write(
        d,
        ".gitleaks.toml",
        r#"
title = "corp"

[extend]
useDefault = true
disabledRules = ["github-classic-pat", "not-a-rule"]
path = "base.toml"

[[rules]]
id = "corp-token"
description = "Corp token"
regex = '''\QCORP-\E([0-9A-F]{16})'''
secretGroup = 1
entropy = 2.0
keywords = ["CORP-"]
tags = ["corp"]
path = '''\.cfg$'''
  [[rules.allowlists]]
  regexTarget = "line"
  regexes = ['''# test''']

[[rules]]
id = "corp-composite"
regex = '''x'''
  [[rules.required]]
  id = "corp-token"

[allowlist]
description = "vendored"
paths = ['''^vendor/''']

[[allowlists]]
targetRules = ["corp-token"]
stopwords = ["deadbeef"]
condition = "OR"
commits = ["abc"]
"#,
    );
    let r = run(
        d,
        &["scan", ".", "-f", "json", "--config", ".gitleaks.toml"],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(rule_ids(&r.report), ["corp-token"], "{:#}", r.report);
    assert_eq!(r.report["findings"][0]["secret"], "7F3A9C2E1B4D6F80");
    assert_eq!(r.report["scan"]["allowed"], 2);
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(
        warnings.iter().any(|w| w.contains("not supported")
            && w.contains("extend.path")
            && w.contains("rules.corp-composite.required")
            && w.contains("commits")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("not-a-rule"), "{}", r.stderr);

    write(
        d,
        ".gitleaks.toml",
        "[[rules]]\nid = \"uni\"\nregex = '''\\pL+'''\n",
    );
    let r = run(d, &["scan", ".", "--config", ".gitleaks.toml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("rule `uni`") && r.stderr.contains("Unicode class"),
        "{}",
        r.stderr
    );
}

#[test]
fn disabling_a_rule_that_another_supersedes_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "x\n");
    write(
        dir.path(),
        ".nhiscan.toml",
        "[extend]\ndisabled_rules = [\"private-key-pkcs8\", \"aws-secret-access-key\"]\n",
    );
    let r = scan(dir.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

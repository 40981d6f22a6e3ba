//! End-to-end tests of the `nhiscan` binary. Secrets are assembled at run time from pieces, so
//! that this file holds no complete credential; every value is fabricated.
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::*;

/// Runs a command, asserts its exit status and returns its standard output.
trait StdoutWith {
    fn stdout_with(&mut self, code: i32) -> Vec<u8>;
}

impl StdoutWith for Command {
    fn stdout_with(&mut self, code: i32) -> Vec<u8> {
        self.assert().code(code).get_output().stdout.clone()
    }
}

fn github_token() -> String {
    ["ghp_", "R8mQ2vXk9LzT4wYp1NcB7sHd3FjG6aE0uKiO"].concat()
}

fn aws_key_id() -> String {
    ["AKIA", "Z7QH4W2NX5RJ3KPL"].concat()
}

fn slack_token() -> String {
    [
        "xoxb-",
        "2048",
        "1937-",
        "40962486197-",
        "Qm7RtZ2vKp9XcW4nLd8sJfHb",
    ]
    .concat()
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

/// A directory with a few secrets in realistic files.
fn leaky_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("config")).unwrap();
    fs::write(
        root.join(".env"),
        format!("# local settings\nAWS_ACCESS_KEY_ID={}\n", aws_key_id()),
    )
    .unwrap();
    fs::write(
        root.join("config/app.js"),
        format!(
            "module.exports = {{\n  github: '{}',\n  slack: \"{}\",\n}};\n",
            github_token(),
            slack_token()
        ),
    )
    .unwrap();
    dir
}

#[test]
fn every_credential_file_fixture_is_found_by_its_rule() {
    // tests/fixtures/credential-files/EXPECTED.tsv: a fixture, a tab, a rule that must find it.
    let dir = "tests/fixtures/credential-files";
    let expected = fs::read_to_string(Path::new(ROOT).join(dir).join("EXPECTED.tsv")).unwrap();
    let out = nhiscan()
        .args(["scan", dir, "--no-ignore", "--format", "json"])
        .current_dir(ROOT)
        .stdout_with(1);
    let report = json_of(&out);
    let found: Vec<(String, String)> = findings(&report)
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["rule_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut checked = 0;
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let (file, rule) = line.split_once('\t').expect("fixture<TAB>rule");
        let path = format!("{dir}/{file}");
        assert!(
            found.iter().any(|(p, r)| *p == path && r == rule),
            "{rule} does not find {path}; found: {found:?}"
        );
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} fixtures listed");
}

#[test]
fn fixtures_leaky_reports_findings_and_exits_1() {
    let out = nhiscan()
        .args(["scan", "tests/fixtures/leaky", "--format", "json"])
        .current_dir(ROOT)
        .stdout_with(1);
    let report = json_of(&out);
    assert_eq!(report["version"], 1);
    assert_eq!(report["scan"]["state"], "complete");
    let found = findings(&report);
    assert!(found.len() >= 10, "only {} findings", found.len());
    for f in found {
        for key in [
            "rule_id",
            "description",
            "provider",
            "kind",
            "lifetime",
            "severity",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "secret",
            "snippet",
            "entropy",
            "fingerprint",
        ] {
            assert!(!f[key].is_null(), "finding lacks {key}: {f}");
        }
        assert!(f["path"]
            .as_str()
            .unwrap()
            .starts_with("tests/fixtures/leaky/"));
    }
    let ids = rule_ids(&report);
    for expected in ["aws-access-key-id", "github-classic-pat", "slack-bot-token"] {
        assert!(
            ids.iter().any(|i| i == expected),
            "{expected} not in {ids:?}"
        );
    }
}

#[test]
fn fixtures_clean_has_no_findings() {
    let out = nhiscan()
        .args(["scan", "tests/fixtures/clean", "-f", "json"])
        .current_dir(ROOT)
        .stdout_with(0);
    let report = json_of(&out);
    assert_eq!(findings(&report).len(), 0, "{report:#}");
    assert!(report["scan"]["files_scanned"].as_u64().unwrap() >= 3);
}

#[test]
fn standard_input_is_scanned_with_dash() {
    let out = nhiscan()
        .args(["scan", "-", "-f", "json"])
        .write_stdin(format!("export TOKEN={}\n", github_token()))
        .stdout_with(1);
    let report = json_of(&out);
    let f = &findings(&report)[0];
    assert_eq!(f["path"], "-");
    assert_eq!(f["rule_id"], "github-classic-pat");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(14))
    );
    assert_eq!(f["end_column"].as_u64(), Some(14 + 40));
    assert_eq!(f["secret"], github_token());
}

#[test]
fn nothing_found_exits_0_with_a_summary() {
    nhiscan()
        .args(["scan", "-"])
        .write_stdin("nothing to see here\n")
        .assert()
        .code(0)
        .stdout(predicates::str::contains("nhiscan: 0 findings · 1 file, "));
}

#[test]
fn redact_keeps_every_secret_byte_out_of_every_format() {
    let dir = leaky_dir();
    let secrets = [github_token(), aws_key_id(), slack_token()];
    for format in ["text", "json", "jsonl", "sarif"] {
        let out = nhiscan()
            .args(["scan", "--redact", "-f", format])
            .arg(dir.path())
            .stdout_with(1);
        let text = String::from_utf8(out).unwrap();
        for s in &secrets {
            // not even the random part of a secret may appear
            assert!(
                !text.contains(&s[5..]),
                "{format} output leaks {s}:\n{text}"
            );
        }
    }
}

#[test]
fn text_masks_secrets_by_default() {
    let dir = leaky_dir();
    let out = nhiscan().arg("scan").arg(dir.path()).stdout_with(1);
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains(&github_token()), "{text}");
    assert!(text.contains("ghp_****"), "{text}");
    assert!(
        text.contains("config/app.js:2:12: github-classic-pat [high]"),
        "{text}"
    );
    assert!(text.contains("provider github · kind personal-access-token · lifetime long-lived"));
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with("nhiscan: 3 findings · 3 long-lived (")
            && last.contains(" · 3 fail the gate · 2 files, "),
        "{last}"
    );
}

#[cfg(unix)]
#[test]
fn output_file_is_written_private_and_whole() {
    use std::os::unix::fs::PermissionsExt;
    let dir = leaky_dir();
    let report = dir.path().join("out/report.json");
    fs::create_dir(dir.path().join("out")).unwrap();
    nhiscan()
        .args(["scan", "-f", "json", "-o"])
        .arg(&report)
        .arg(dir.path().join("config"))
        .assert()
        .code(1)
        .stdout("");
    let mode = fs::metadata(&report).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let value = json_of(&fs::read(&report).unwrap());
    assert_eq!(findings(&value).len(), 2);
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("out")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "temporary files left behind");
}

#[test]
fn crlf_and_invalid_utf8_keep_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xff\xfe latin1 caf\xe9\r\nsecond\r\n".to_vec();
    bytes.extend_from_slice(format!("  key: {}\r\nlast\r\n", aws_key_id()).as_bytes());
    fs::write(dir.path().join("mixed.yml"), bytes).unwrap();
    let out = nhiscan()
        .args(["scan", "-f", "json"])
        .arg(dir.path())
        .stdout_with(1);
    let report = json_of(&out);
    let f = &findings(&report)[0];
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(3), Some(8))
    );
    assert_eq!(f["end_column"].as_u64(), Some(28));
    assert!(f["snippet"].as_str().unwrap().starts_with("  key: "));
}

#[test]
fn binary_files_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\x00\x01\x02ELF".to_vec();
    bytes.extend_from_slice(github_token().as_bytes());
    fs::write(dir.path().join("tool.bin"), bytes).unwrap();
    let out = nhiscan()
        .args(["scan", "-f", "json"])
        .arg(dir.path())
        .stdout_with(0);
    let report = json_of(&out);
    assert_eq!(report["scan"]["skipped"]["binary"], 1);
    assert_eq!(report["scan"]["skipped_files"][0]["reason"], "binary");
    assert_eq!(report["scan"]["files_scanned"], 0);
}

#[test]
fn a_100_mb_single_line_file_is_scanned_to_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.min.js");
    let chunk = b"function(e,t){var n=t.token||e.key;return n&&n.length>8?x(n):null},";
    let mut bytes = Vec::with_capacity(100 << 20);
    while bytes.len() < 100_000_000 {
        bytes.extend_from_slice(chunk);
    }
    let secret_at = bytes.len();
    bytes.extend_from_slice(format!("k=\"{}\"", github_token()).as_bytes());
    fs::write(&path, &bytes).unwrap();
    drop(bytes);
    let out = nhiscan()
        .args(["scan", "-f", "json", "--max-file-size", "200M"])
        .arg(&path)
        .stdout_with(1);
    let report = json_of(&out);
    let f = &findings(&report)[0];
    assert_eq!(f["line"], 1);
    assert_eq!(f["column"].as_u64(), Some(secret_at as u64 + 4));
    assert!(f["snippet"].as_str().unwrap().len() < 400);
}

#[test]
fn files_over_the_size_cap_are_skipped_listed_and_warned() {
    let dir = leaky_dir();
    let assert = nhiscan()
        .args(["scan", "-f", "json", "--max-file-size", "20"])
        .arg(dir.path())
        .assert()
        .code(0);
    let out = assert.get_output();
    let report = json_of(&out.stdout);
    assert_eq!(report["scan"]["skipped"]["too_large"], 2);
    let listed = &report["scan"]["skipped_files"][0];
    assert_eq!(listed["reason"], "too_large");
    assert_eq!(listed["limit"], 20);
    assert!(String::from_utf8_lossy(&out.stderr).contains("over --max-file-size 20"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang_and_links_are_not_followed() {
    let dir = leaky_dir();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("config/loop")).unwrap();
    std::os::unix::fs::symlink(dir.path().join(".env"), dir.path().join("env-link")).unwrap();
    let out = nhiscan()
        .args(["scan", "-f", "json"])
        .arg(dir.path())
        .stdout_with(1);
    let report = json_of(&out);
    assert_eq!(findings(&report).len(), 3);
    assert_eq!(report["scan"]["skipped"]["symlink"], 2);
}

#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_an_error_exit_2_and_the_rest_is_scanned() {
    // /proc/self/mem is a regular file that fails to read even for root.
    let dir = leaky_dir();
    let out = nhiscan()
        .args(["scan", "-f", "json"])
        .arg(dir.path())
        .arg("/proc/self/mem")
        .assert()
        .code(2)
        .get_output()
        .clone();
    let report = json_of(&out.stdout);
    assert_eq!(report["scan"]["state"], "incomplete");
    assert_eq!(report["scan"]["skipped"]["unreadable"], 1);
    assert_eq!(report["scan"]["errors"][0]["path"], "/proc/self/mem");
    assert_eq!(
        findings(&report).len(),
        3,
        "the readable files were still scanned"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/proc/self/mem: cannot read"), "{stderr}");
    assert!(stderr.contains("the scan is incomplete"), "{stderr}");
}

#[test]
fn a_missing_path_exits_2() {
    nhiscan()
        .args(["scan", "does/not/exist"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "does/not/exist: no such file or directory",
        ));
}

#[test]
fn a_malformed_rule_file_stops_before_scanning_naming_file_line_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    fs::write(
        &bad,
        "[[rules]]\nid = \"acme-token\"\ndescription = \"Acme\"\nprovider = \"acme\"\nkind = \"api-key\"\nlifetime = \"long\"\nseverity = \"high\"\nkeywords = [\"acme_\"]\nregex = '''acme_([a-z]{8'''\n",
    )
    .unwrap();
    nhiscan()
        .args(["scan", "--rules"])
        .arg(&bad)
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "bad.toml:2: rule `acme-token`: invalid regex",
        ));
    fs::write(&bad, "[[rules]]\nid = \"acme-token\"\nseverity = 3\n").unwrap();
    nhiscan()
        .args(["rules", "check"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "bad.toml: line 3: rule `acme-token`: invalid type",
        ));
}

#[test]
fn rules_check_runs_examples_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.toml");
    let rule = "[[rules]]\nid = \"acme-token\"\ndescription = \"Acme token\"\nprovider = \"acme\"\nkind = \"api-key\"\nlifetime = \"long\"\nseverity = \"high\"\nkeywords = [\"acme_\"]\nregex = '''\\bacme_(?P<secret>[a-z0-9]{12})\\b'''\nentropy = 2.5\n";
    fs::write(
        &file,
        format!(
            "{rule}examples = ['k = acme_q8z2lx9vt4rm']\nnegative_examples = ['k = acme_short']\n"
        ),
    )
    .unwrap();
    nhiscan()
        .args(["rules", "check"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("1 rules OK (2 examples checked)"));
    fs::write(
        &file,
        format!(
            "{rule}examples = ['k = acme_short']\nnegative_examples = ['k = acme_q8z2lx9vt4rm']\n"
        ),
    )
    .unwrap();
    nhiscan()
        .args(["rules", "check"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "acme.toml:2: rule `acme-token`: examples[0] is not found by this rule",
        ))
        .stderr(predicates::str::contains(
            "negative_examples[0] is found by acme-token",
        ));
}

#[test]
fn rules_check_passes_on_the_built_in_rules() {
    nhiscan()
        .args(["rules", "check"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("rules OK"));
}

#[test]
fn rules_list_has_one_line_per_rule_with_five_columns() {
    let out = nhiscan().args(["rules", "list"]).stdout_with(0);
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 40, "{} rules", lines.len());
    for line in &lines {
        assert_eq!(line.split_whitespace().count(), 5, "{line}");
    }
    assert!(lines.iter().any(|l| {
        let cols: Vec<&str> = l.split_whitespace().collect();
        cols == ["aws-access-key-id", "aws", "access-key-id", "long", "high"]
            || cols
                == [
                    "aws-access-key-id",
                    "aws",
                    "access-key-id",
                    "long",
                    "critical",
                ]
    }));
}

#[test]
fn hidden_files_are_scanned_and_git_directories_are_not() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    fs::write(
        dir.path().join(".git/config"),
        format!("token={}\n", github_token()),
    )
    .unwrap();
    fs::write(
        dir.path().join(".npmrc"),
        format!("token={}\n", github_token()),
    )
    .unwrap();
    let out = nhiscan()
        .args(["scan", "-f", "json"])
        .arg(dir.path())
        .stdout_with(1);
    let report = json_of(&out);
    let paths: Vec<&str> = findings(&report)
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 1);
    assert!(paths[0].ends_with("/.npmrc"));
}

#[test]
fn gitignored_files_are_skipped_unless_no_ignore() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(".gitignore"), "secrets/\n").unwrap();
    fs::create_dir(dir.path().join("secrets")).unwrap();
    fs::write(
        dir.path().join("secrets/token.txt"),
        format!("{}\n", github_token()),
    )
    .unwrap();
    nhiscan().arg("scan").arg(dir.path()).assert().code(0);
    nhiscan()
        .args(["scan", "--no-ignore"])
        .arg(dir.path())
        .assert()
        .code(1);
}

#[test]
fn control_characters_from_files_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("evil.sh"),
        format!(
            "\x1b]0;pwned\x07 TOKEN={} \x1b[2J\u{202e}\n",
            github_token()
        ),
    )
    .unwrap();
    let out = nhiscan().arg("scan").arg(dir.path()).stdout_with(1);
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains('\x1b') && !text.contains('\x07') && !text.contains('\u{202e}'));
    assert!(text.contains("\\u{1b}[2J"), "{text}");
}

#[test]
fn threads_do_not_change_the_result() {
    let dir = leaky_dir();
    let run = |threads: &str| {
        let out = nhiscan()
            .args(["scan", "-f", "json", "--threads", threads])
            .arg(dir.path())
            .stdout_with(1);
        let mut v = json_of(&out);
        v["scan"]["duration_ms"] = Value::Null;
        v
    };
    assert_eq!(run("1"), run("4"));
}

#[test]
fn the_same_secret_in_two_places_is_one_credential_with_both_locations() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), format!("{}\n", github_token())).unwrap();
    fs::write(
        dir.path().join("b.txt"),
        format!("\n\n   x = {}\n", github_token()),
    )
    .unwrap();
    let out = nhiscan()
        .args(["scan", "-f", "json"])
        .arg(dir.path())
        .stdout_with(1);
    let report = json_of(&out);
    let f = findings(&report);
    assert_eq!(f.len(), 1, "one credential");
    assert_eq!(f[0]["reuse_count"], 2);
    let places = f[0]["locations"].as_array().unwrap();
    assert!(places[0]["path"].as_str().unwrap().ends_with("a.txt"));
    assert!(places[1]["path"].as_str().unwrap().ends_with("b.txt"));
    assert_eq!(
        (places[1]["line"].as_u64(), places[1]["column"].as_u64()),
        (Some(3), Some(8))
    );
    assert_eq!(f[0]["severity"], "critical", "reuse raises severity");
}

#[test]
fn a_provider_rule_wins_over_a_generic_rule_on_the_same_secret() {
    let out = nhiscan()
        .args(["scan", "-", "-f", "json"])
        .write_stdin(format!("api_key = \"{}\"\n", github_token()))
        .stdout_with(1);
    assert_eq!(rule_ids(&json_of(&out)), vec!["github-classic-pat"]);
}

#[test]
fn jsonl_has_one_finding_per_line_then_the_scan() {
    let dir = leaky_dir();
    let out = nhiscan()
        .args(["scan", "-f", "jsonl"])
        .arg(dir.path())
        .stdout_with(1);
    let lines: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[..3].iter().all(|l| l["rule_id"].is_string()));
    assert_eq!(lines[3]["scan"]["state"], "complete");
}

#[test]
fn sarif_parses_and_suits_code_scanning() {
    let dir = leaky_dir();
    let out = nhiscan()
        .args(["scan", "-f", "sarif", "."])
        .current_dir(dir.path())
        .stdout_with(1);
    let typed: serde_sarif::sarif::Sarif =
        serde_json::from_slice(&out).expect("serde-sarif parses our SARIF");
    assert_eq!(typed.runs.len(), 1);
    let sarif = json_of(&out);
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "each rule once");
    for r in rules {
        assert!(r["shortDescription"]["text"].is_string());
        assert!(r["fullDescription"]["text"].is_string());
        assert!(r["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("How to fix"));
        let sev: f64 = r["properties"]["security-severity"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=10.0).contains(&sev));
        let tags = r["properties"]["tags"].as_array().unwrap();
        assert!(tags.len() >= 3);
        let unique: std::collections::HashSet<_> = tags.iter().collect();
        assert_eq!(
            unique.len(),
            tags.len(),
            "SARIF requires unique tags: {tags:?}"
        );
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri == ".env" || uri == "config/app.js", "{uri}");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
        let fp = r["partialFingerprints"].as_object().unwrap();
        assert_eq!(fp["nhiscanSecret/v1"].as_str().unwrap().len(), 32);
        assert_eq!(
            fp["primaryLocationLineHash"],
            format!("{}:1", fp["nhiscanSecret/v1"].as_str().unwrap())
        );
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
    }
}

fn snapshot_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("deploy.env"),
        format!(
            "# deploy\nAWS_ACCESS_KEY_ID={}\nGH={}\n",
            aws_key_id(),
            github_token()
        ),
    )
    .unwrap();
    dir
}

#[test]
fn json_report_snapshot() {
    let dir = snapshot_dir();
    let out = nhiscan()
        .args(["scan", "-f", "json", "."])
        .current_dir(dir.path())
        .stdout_with(1);
    insta::assert_json_snapshot!(json_of(&out), {
        ".scan.duration_ms" => "[duration]",
        ".scan.rules_digest" => "[digest]",
        ".scan.rules_count" => "[count]",
        ".scan.nhiscan_version" => "[version]",
        ".findings[].remediation" => "[remediation]",
        ".findings[].references" => "[references]",
    });
}

#[test]
fn sarif_report_snapshot() {
    let dir = snapshot_dir();
    let out = nhiscan()
        .args(["scan", "-f", "sarif", "--redact", "."])
        .current_dir(dir.path())
        .stdout_with(1);
    insta::assert_json_snapshot!(json_of(&out), {
        ".runs[].originalUriBaseIds" => "[cwd]",
        ".runs[].tool.driver.semanticVersion" => "[version]",
        ".runs[].tool.driver.rules[].help" => "[help]",
        ".runs[].tool.driver.rules[].helpUri" => "[uri]",
    });
}

#[test]
fn the_quick_start_command_works() {
    // README: `cargo run --release -- scan tests/fixtures` (here the test build of it)
    let out = nhiscan()
        .args(["scan", "tests/fixtures"])
        .current_dir(ROOT)
        .stdout_with(1);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("tests/fixtures/leaky/"));
    assert!(Path::new(ROOT).join("tests/fixtures/README.md").exists());
}

#[test]
fn an_unknown_policy_word_exits_2_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("app.env"), format!("TOKEN={}\n", github_token())).unwrap();
    for (key, word) in [
        ("fail_on", "sometimes"),
        ("min_severity", "urgent"),
        ("min_confidence", "certain"),
    ] {
        fs::write(
            d.join(".nhiscan.toml"),
            format!("[policy]\n{key} = \"{word}\"\n"),
        )
        .unwrap();
        let out = nhiscan().arg("scan").arg(d).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{key}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("line 2: `policy.{key}`: `{word}` is not one of")),
            "{err}"
        );
    }
    fs::remove_file(d.join(".nhiscan.toml")).unwrap();
    for flag in ["--fail-on", "--min-severity", "--min-confidence"] {
        let out = nhiscan()
            .args(["scan", flag, "sometimes"])
            .arg(d)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(flag) && err.contains("is not one of"), "{err}");
    }
}

//! Bad input, faults and abuse: one regression test per way nhiscan once passed a secret it had
//! not read, leaked secret bytes under `--redact`, damaged a file, or gave a wrong or useless
//! answer. Each test is named after what broke. Secrets are assembled from pieces at run time
//! and fabricated.
//!
//! Silent passes
//! - `git_commit_all_runs_the_hook_on_a_temporary_index_and_it_is_scanned` (GIT_INDEX_FILE)
//! - `git_commit_with_a_path_is_refused_when_the_path_holds_a_secret`
//! - `install_hook_writes_where_core_hooks_path_points`
//! - `a_secret_added_by_a_merge_resolution_is_found_by_a_range_scan` (evil merge)
//! - `a_range_that_adds_a_config_switching_the_scan_off_is_judged_by_the_base_config`
//! - `a_range_in_a_bare_repository_is_judged_by_the_base_config_too`
//! - `allowlists_that_allow_everything_are_refused`
//! - `a_scan_with_zero_rules_exits_2`
//! - `placeholder_words_inside_random_key_material_do_not_hide_it`
//! - `stash_notes_pull_and_unreachable_history_and_messages_are_scanned`
//! - `a_fifo_named_on_the_command_line_is_read`
//! - `utf16_files_are_scanned_as_their_text_or_counted_as_utf16`
//!
//! Secret exposure
//! - `redaction_covers_the_whole_quoted_value`
//! - `redaction_covers_secrets_in_commit_metadata`
//! - `sarif_repository_uri_keeps_no_query_fragment_or_local_path`
//!
//! Damage and loss
//! - `output_onto_a_device_or_fifo_writes_through_and_a_link_is_refused`
//! - `output_onto_a_scanned_file_is_refused`
//! - `a_large_file_truncated_during_the_scan_does_not_crash_it`
//! - `an_incomplete_scan_still_writes_its_report`
//! - `threads_are_capped`
//!
//! Wrong answers
//! - `an_aws_temporary_key_pair_is_short_lived`
//! - `sarif_uris_are_relative_to_the_scan_root`
//! - `json_paths_are_exact`
//! - `json_paths_that_are_not_utf8_keep_their_bytes`
//! - `regex_errors_quote_the_pattern_position_and_cause`
//! - `a_truncated_pack_is_not_called_an_empty_repository`
//! - `staged_in_a_bare_repository_exits_2`
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use serde_json::Value;

use crate::common::*;

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_nhiscan"))
}

/// A pre-commit hook that runs this build of nhiscan on the staged changes.
fn install_test_hook(dir: &Path) {
    let hook = dir.join(".git/hooks/pre-commit");
    fs::create_dir_all(hook.parent().unwrap()).unwrap();
    fs::write(
        &hook,
        format!(
            "#!/bin/sh\nexec '{}' git --staged --quiet\n",
            bin().display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

// ---------------------------------------------------------------------------------------------
// Silent passes

#[test]
fn git_commit_all_runs_the_hook_on_a_temporary_index_and_it_is_scanned() {
    let dir = repo();
    let d = dir.path();
    commit(d, &[("app.cfg", "name = app\n")], "first");
    install_test_hook(d);
    write(d, "app.cfg", &format!("name = app\ntoken = {}\n", token(1)));
    let (ok, text) = git_try(d, &["commit", "-q", "-a", "-m", "leak"]);
    assert!(!ok, "the hook let `git commit -a` through: {text}");
    assert!(text.contains("github"), "{text}");
    assert_eq!(git(d, &["rev-list", "--count", "HEAD"]), "1");
}

#[test]
fn git_commit_with_a_path_is_refused_when_the_path_holds_a_secret() {
    let dir = repo();
    let d = dir.path();
    commit(d, &[("a.txt", "a\n"), ("b.txt", "b\n")], "first");
    install_test_hook(d);
    write(d, "b.txt", &format!("b\nkey = {}\n", token(2)));
    let (ok, text) = git_try(d, &["commit", "-q", "-m", "leak", "b.txt"]);
    assert!(!ok, "the hook let `git commit PATH` through: {text}");
    write(d, "a.txt", "a\nharmless\n");
    let (ok, text) = git_try(d, &["commit", "-q", "-m", "fine", "a.txt"]);
    assert!(ok, "a clean partial commit was refused: {text}");
}

#[test]
fn install_hook_writes_where_core_hooks_path_points() {
    let dir = repo();
    let d = dir.path();
    git(d, &["config", "core.hooksPath", ".githooks"]);
    nhiscan()
        .args(["install-hook"])
        .current_dir(d)
        .env("HOME", d)
        .assert()
        .code(0);
    let hook = d.join(".githooks/pre-commit");
    assert!(hook.is_file(), "no hook where git runs hooks");
    assert!(!d.join(".git/hooks/pre-commit").exists());
    let text = fs::read_to_string(hook).unwrap();
    assert!(text.contains("git --staged"), "{text}");
}

#[test]
fn a_secret_added_by_a_merge_resolution_is_found_by_a_range_scan() {
    let dir = repo();
    let d = dir.path();
    let base = commit(d, &[("a.txt", "one\n"), ("b.txt", "two\n")], "base");
    git(d, &["checkout", "-q", "-b", "side"]);
    commit(d, &[("b.txt", "two\nside\n")], "side");
    git(d, &["checkout", "-q", "main"]);
    commit(d, &[("a.txt", "one\nmain\n")], "main");
    git(d, &["merge", "-q", "--no-commit", "side"]);
    write(d, "a.txt", &format!("one\nmain\ntoken = {}\n", token(3)));
    git(d, &["add", "a.txt"]);
    git(d, &["commit", "-q", "-m", "merge side"]);
    let Run {
        code,
        report,
        stderr,
    } = json_run(d, &["git", "--range", &format!("{base}..HEAD")]);
    assert_eq!(code, 1, "{stderr} {report:#}");
    let f = &findings(&report)[0];
    assert_eq!(f["path"], "a.txt");
    assert_eq!(f["line"], 3);
    assert_eq!(f["git"]["summary"], "merge side");
    // The merged commits' own lines are theirs, not the merge's.
    assert_eq!(findings(&report).len(), 1);
}

#[test]
fn a_range_that_adds_a_config_switching_the_scan_off_is_judged_by_the_base_config() {
    for config in [
        "[extend]\nuse_builtin = false\n",
        "[allowlist]\ndescription = \"x\"\nregexes = ['''ghp_''']\n",
        "[extend]\ndisabled_rules = [\"github-classic-pat\"]\n",
    ] {
        let dir = repo();
        let d = dir.path();
        let base = commit(d, &[("README", "hello\n")], "base");
        commit(
            d,
            &[
                (".nhiscan.toml", config),
                ("app.cfg", &format!("token = {}\n", token(4))),
            ],
            "pull request",
        );
        let Run {
            code,
            report,
            stderr,
        } = json_run(d, &["git", "--range", &format!("{base}..HEAD")]);
        assert_eq!(code, 1, "{config}: {stderr} {report:#}");
        assert!(report["scan"]["rules_count"].as_u64().unwrap() > 100);
        assert!(
            stderr.contains(".nhiscan.toml") && stderr.contains("warning"),
            "{stderr}"
        );
        let warnings = report["scan"]["warnings"].as_array().unwrap();
        assert!(!warnings.is_empty());
        // Staged: the same change, not yet committed, is judged by HEAD's config.
        git(d, &["reset", "-q", "--soft", &base]);
        let Run { code, stderr, .. } = json_run(d, &["git", "--staged"]);
        assert_eq!(code, 1, "{config}: staged: {stderr}");
    }
}

#[test]
fn a_range_in_a_bare_repository_is_judged_by_the_base_config_too() {
    let dir = repo();
    let d = dir.path();
    let base = commit(d, &[("README", "hello\n")], "base");
    commit(
        d,
        &[
            (".nhiscan.toml", "[extend]\nuse_builtin = false\n"),
            ("app.cfg", &format!("token = {}\n", token(5))),
        ],
        "pull request",
    );
    let bare = tempfile::tempdir().unwrap();
    let mirror = bare.path().join("mirror.git");
    git(d, &["clone", "-q", "--bare", ".", mirror.to_str().unwrap()]);
    let Run {
        code,
        report,
        stderr,
    } = json_run(&mirror, &["git", "--range", &format!("{base}..HEAD")]);
    assert_eq!(code, 1, "{stderr} {report:#}");
    assert_eq!(rule_ids(&report), ["github-classic-pat"]);
    assert!(
        stderr.contains(".nhiscan.toml") && stderr.contains("warning"),
        "{stderr}"
    );
}

#[test]
fn allowlists_that_allow_everything_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "app.cfg", &format!("token = {}\n", token(5)));
    for config in [
        "[allowlist]\npaths = [\"**\"]\n",
        "[allowlist]\nregexes = ['''''']\n",
        "[allowlist]\nregexes = ['''.*''']\n",
        "[allowlist]\nstopwords = [\"\"]\n",
        "[[allowlists]]\npaths = [\"**/*\"]\n",
        "[[allowlists]]\nregexes = ['''^''']\nregex_target = \"line\"\n",
    ] {
        write(d, ".nhiscan.toml", config);
        let Run { code, stderr, .. } = json_run(d, &["scan", "."]);
        assert_eq!(code, 2, "{config}: {stderr}");
        assert!(
            stderr.contains(".nhiscan.toml: line") && stderr.contains("matches everything"),
            "{config}: {stderr}"
        );
    }
    // Broad but honest: one path, or everything AND a specific value.
    write(
        d,
        ".nhiscan.toml",
        "[allowlist]\npaths = [\"**\"]\nregexes = ['''^ghp_R8mQ''']\ncondition = \"AND\"\n",
    );
    let Run {
        code,
        report,
        stderr,
    } = json_run(d, &["scan", "."]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["scan"]["allowed"], 1);
}

#[test]
fn a_scan_with_zero_rules_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "app.cfg", &format!("token = {}\n", token(6)));
    write(d, ".nhiscan.toml", "[extend]\nuse_builtin = false\n");
    let Run {
        code,
        report,
        stderr,
    } = json_run(d, &["scan", "."]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no rules are active"), "{stderr}");
    assert_eq!(report["scan"]["state"], "incomplete");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = Process::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::write(fifo, format!("token = {}\n", token(7))).unwrap())
    };
    let Run {
        code,
        report,
        stderr,
    } = json_run(dir.path(), &["scan", fifo.to_str().unwrap()]);
    // Had nhiscan not read the FIFO, the writer would wait for a reader forever: be one.
    {
        use std::os::unix::fs::OpenOptionsExt;
        const O_NONBLOCK: i32 = 0o4000;
        let _ = fs::OpenOptions::new()
            .read(true)
            .custom_flags(O_NONBLOCK)
            .open(&fifo);
    }
    writer.join().unwrap();
    assert_eq!(code, 1, "{stderr} {report:#}");
    assert_eq!(findings(&report)[0]["rule_id"], "github-classic-pat");
    // While walking, a FIFO is still skipped: reading it could block forever.
    let Run { code, report, .. } = json_run(dir.path(), &["scan", "."]);
    assert_eq!(code, 0);
    assert_eq!(report["scan"]["skipped"]["special"], 1);
}

#[test]
fn utf16_files_are_scanned_as_their_text_or_counted_as_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let text: Vec<u8> = format!("token = {}\r\n", token(8))
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    fs::write(
        dir.path().join("win.txt"),
        [&[0xff, 0xfe][..], &text].concat(),
    )
    .unwrap();
    let Run { report, .. } = json_run(dir.path(), &["scan", "."]);
    assert_eq!(report["scan"]["skipped"]["utf16"], 0, "{report:#}");
    let found = findings(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["rule_id"], "github-classic-pat");
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(1), Some(9))
    );
    assert_eq!(found[0]["decoded"], serde_json::json!(["utf-16le"]));
    // Without decoding, the file is listed as skipped, never passed over in silence.
    let Run { report, .. } = json_run(dir.path(), &["scan", ".", "--decode-depth", "0"]);
    assert_eq!(report["scan"]["skipped"]["utf16"], 1, "{report:#}");
    assert_eq!(report["scan"]["skipped"]["binary"], 0);
}

// ---------------------------------------------------------------------------------------------
// Damage and loss

#[cfg(unix)]
#[test]
fn output_onto_a_device_or_fifo_writes_through_and_a_link_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "app.cfg", &format!("token = {}\n", token(9)));
    // A device stays a device (as root, a rename replaced `/dev/null` with a regular file).
    // The test makes its own null device, so a regression cannot damage the machine's; without
    // the privilege to make one, a FIFO shows the same.
    let device = d.join("null");
    let made = Process::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if made {
        nhiscan()
            .args(["scan", "app.cfg", "-f", "json", "-o", "null"])
            .current_dir(d)
            .assert()
            .code(1);
        use std::os::unix::fs::FileTypeExt;
        let kind = fs::symlink_metadata(&device).unwrap().file_type();
        assert!(kind.is_char_device(), "the device node was replaced");
        fs::remove_file(&device).unwrap();
    }
    let fifo = d.join("report.fifo");
    assert!(Process::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    nhiscan()
        .args(["scan", "app.cfg", "-f", "json", "-o", "report.fifo"])
        .current_dir(d)
        .assert()
        .code(1);
    let got = reader.join().unwrap();
    assert!(serde_json::from_slice::<Value>(&got).is_ok());
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    let target = d.join("target.json");
    fs::write(&target, "keep me").unwrap();
    std::os::unix::fs::symlink(&target, d.join("link.json")).unwrap();
    nhiscan()
        .args(["scan", "app.cfg", "-o", "link.json"])
        .current_dir(d)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("symbolic link"));
    assert!(fs::symlink_metadata(d.join("link.json"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
    // `-o -` is standard output, not a file named `-`.
    let out = nhiscan()
        .args(["scan", "app.cfg", "-f", "json", "-o", "-"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(serde_json::from_slice::<Value>(&out.stdout).is_ok());
    assert!(!d.join("-").exists());
}

#[test]
fn output_onto_a_scanned_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let content = format!("token = {}\n", token(10));
    write(d, "x.txt", &content);
    write(d, ".nhiscan.toml", "[policy]\nfail_on = \"any\"\n");
    for (args, what) in [
        (vec!["scan", "x.txt", "-o", "x.txt"], "x.txt"),
        (vec!["scan", "x.txt", "-o", "./x.txt"], "x.txt"),
        (
            vec![
                "scan",
                "x.txt",
                "--config",
                ".nhiscan.toml",
                "-o",
                ".nhiscan.toml",
            ],
            ".nhiscan.toml",
        ),
    ] {
        nhiscan()
            .args(&args)
            .current_dir(d)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("also read by this scan"));
        assert!(d.join(what).is_file());
    }
    assert_eq!(fs::read_to_string(d.join("x.txt")).unwrap(), content);
}

#[test]
fn a_large_file_truncated_during_the_scan_does_not_crash_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.log");
    let mut body = "log line without anything in it\n".repeat(200_000);
    body.push_str(&format!("token = {}\n", token(11)));
    fs::write(&path, &body).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let (path, stop, body) = (path.clone(), stop.clone(), body.clone());
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let f = fs::OpenOptions::new().write(true).open(&path).unwrap();
                f.set_len(10).unwrap();
                fs::write(&path, &body).unwrap();
            }
        })
    };
    for _ in 0..20 {
        let out = nhiscan()
            .args(["scan", "-f", "json"])
            .arg(&path)
            .output()
            .unwrap();
        // 0 or 1 depending on what it read; never killed by a signal (SIGBUS gave none).
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{:?}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
}

#[test]
fn an_incomplete_scan_still_writes_its_report() {
    // A shallow clone's history is incomplete: exit 2, and a SARIF report with the error.
    let dir = repo();
    let d = dir.path();
    commit(d, &[("a.txt", "a\n")], "one");
    commit(d, &[("a.txt", "a\nb\n")], "two");
    commit(d, &[("a.txt", "a\nb\nc\n")], "three");
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", d.display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = clone.path().join("shallow");
    let sarif = clone.path().join("out.sarif");
    nhiscan()
        .args(["git", "--format", "sarif", "-o"])
        .arg(&sarif)
        .current_dir(&shallow)
        .assert()
        .code(2);
    let doc: Value = serde_json::from_str(&fs::read_to_string(&sarif).unwrap()).unwrap();
    let run = &doc["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let note = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(note.contains("shallow"), "{note}");
    // A broken config too, as JSON.
    let json = clone.path().join("out.json");
    write(
        &shallow,
        ".nhiscan.toml",
        "[policy]\nfail_on = \"sometimes\"\n",
    );
    nhiscan()
        .args(["scan", ".", "--format", "json", "-o"])
        .arg(&json)
        .current_dir(&shallow)
        .assert()
        .code(2);
    let report: Value = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["scan"]["state"], "incomplete");
    assert!(report["scan"]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("policy.fail_on"));
}

#[test]
fn threads_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "nothing here\n");
    let started = std::time::Instant::now();
    nhiscan()
        .args(["scan", ".", "-j", "100000"])
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stderr(predicates::str::contains("--threads 100000 is more than"));
    // Not a timing bar: 100,000 threads would not start at all on a CI runner.
    assert!(started.elapsed().as_secs() < 120);
}

// ---------------------------------------------------------------------------------------------
// Wrong answers

#[test]
fn regex_errors_quote_the_pattern_position_and_cause() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        ".nhiscan.toml",
        "[allowlist]\nregexes = ['''ok''', '''abc(def''']\n",
    );
    let Run { code, stderr, .. } = json_run(d, &["scan", "."]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("invalid regex `abc(def`: unclosed group, at character 4"),
        "{stderr}"
    );
    write(
        d,
        ".nhiscan.toml",
        "[allowlist]\nregexes = ['''(?:[a-z0-9]{1,500}){1,500}''']\n",
    );
    let Run { code, stderr, .. } = json_run(d, &["scan", "."]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is too large") && stderr.contains("size limit"),
        "{stderr}"
    );
}

#[test]
fn a_truncated_pack_is_not_called_an_empty_repository() {
    let dir = repo();
    let d = dir.path();
    commit(d, &[("a.txt", "a\n")], "one");
    commit(d, &[("a.txt", "a\nb\n")], "two");
    git(d, &["gc", "-q"]);
    let pack_dir = d.join(".git/objects/pack");
    for entry in fs::read_dir(&pack_dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "pack") {
            let len = fs::metadata(&p).unwrap().len();
            let f = fs::OpenOptions::new().write(true).open(&p).unwrap();
            f.set_len(len / 3).unwrap();
        }
    }
    let Run { code, stderr, .. } = json_run(d, &["git"]);
    assert_eq!(code, 2);
    assert!(!stderr.contains("has no commits"), "{stderr}");
    assert!(stderr.contains("git fsck"), "{stderr}");
}

#[test]
fn staged_in_a_bare_repository_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "--bare", "b.git"]);
    let Run { code, stderr, .. } = json_run(&dir.path().join("b.git"), &["git", "--staged"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("bare repository"), "{stderr}");
}

#[test]
fn an_aws_temporary_key_pair_is_short_lived() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = ["ASIA", "Z7QH4W2NX5RJ3KPL"].concat();
    let secret = ["q8Zr2LxW9vT4mK7pQ1nB", "5sHd3FjG6aE0uKiOyRtX"].concat();
    write(
        d,
        "credentials",
        &format!(
            "[default]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\naws_session_token = x\n"
        ),
    );
    let Run {
        code,
        report,
        stderr,
    } = json_run(d, &["scan", ".", "--fail-on", "long-lived"]);
    assert_eq!(code, 0, "{stderr} {report:#}");
    for f in findings(&report) {
        assert_ne!(f["lifetime"], "long", "{f:#}");
    }
}

// ---------------------------------------------------------------------------------------------
// Secret exposure

/// Renders `findings` as `format` with `--redact`.
fn redacted(
    rules: &nhiscan::rules::RuleSet,
    findings: &[nhiscan::finding::Finding],
    format: nhiscan::report::Format,
) -> String {
    let stats = nhiscan::stats::ScanStats::default();
    let report = nhiscan::report::Report {
        rules,
        findings,
        allowed: &[],
        show_allowed: false,
        stats: &stats,
        redact: true,
        policy: nhiscan::rules::Policy::default(),
        places: nhiscan::report::Places {
            root: "/r".into(),
            base: "/r".into(),
        },
        secrets: nhiscan::report::Secrets::new(findings.iter()),
    };
    let mut out = Vec::new();
    nhiscan::report::write(&mut out, format, &report).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn redaction_covers_the_whole_quoted_value() {
    use nhiscan::report::Format;
    let rules = nhiscan::rules::RuleSet::load(&nhiscan::rules::RuleSource::builtin()).unwrap();
    let matcher = nhiscan::matcher::Matcher::new(&rules).unwrap();
    let mut checked = 0;
    let mut examples: Vec<String> = rules
        .iter()
        .flat_map(|(_, r)| r.examples.iter().cloned())
        .collect();
    examples.push("define('AUTH_KEY', 'q>M%0Vl 2(#o0|2$cB+Kz9!Lp');".into());
    examples.push("password = \"MYPSWRD!@#$%^&*\"".into());
    for example in &examples {
        let bytes = example.as_bytes();
        let found = nhiscan::scan::scan_bytes(&matcher, "example", bytes).unwrap();
        for format in [Format::Text, Format::Json, Format::Jsonl, Format::Sarif] {
            let out = redacted(&rules, &found, format);
            for f in &found {
                let secret = String::from_utf8_lossy(&f.secret);
                if secret.len() >= 6 {
                    assert!(
                        !out.contains(&*secret),
                        "{format:?} leaks {secret} of {example}"
                    );
                }
                // The rest of a quoted value the secret opens.
                let start = f.span.start + example[f.span.clone()].find(&*secret).unwrap_or(0);
                let quote = start.checked_sub(1).map(|i| bytes[i]);
                if let Some(q @ (b'"' | b'\'')) = quote {
                    let after = &example[start + f.secret.len()..];
                    if let Some(close) = after.find(q as char) {
                        let rest = &after[..close];
                        if rest.len() >= 4 && !rest.contains('\n') {
                            assert!(
                                !out.contains(rest),
                                "{format:?} leaks the rest of the value, {rest}, of {example}"
                            );
                        }
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} findings checked");
}

#[test]
fn redaction_covers_secrets_in_commit_metadata() {
    let dir = repo();
    let d = dir.path();
    let secret = token(12);
    write(d, "app.cfg", &format!("token = {secret}\n"));
    git(d, &["add", "-A"]);
    let mut cmd = Process::new("git");
    cmd.args(["commit", "-q", "-m", &format!("add token {secret}")]);
    git_env(&mut cmd, d);
    cmd.env("GIT_AUTHOR_NAME", format!("ci {secret}"));
    assert!(cmd.status().unwrap().success());
    for format in ["text", "json", "jsonl", "sarif"] {
        let out = nhiscan()
            .args(["git", "--redact", "--format", format])
            .current_dir(d)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains(&secret), "{format}: {text}");
        assert!(
            text.contains("add token [REDACTED]") || format == "sarif",
            "{format}: {text}"
        );
    }
}

#[test]
fn sarif_repository_uri_keeps_no_query_fragment_or_local_path() {
    for (remote, want) in [
        (
            Some("https://github.com/acme/repo.git?access_token=abc123#frag"),
            Some("https://github.com/acme/repo"),
        ),
        (
            Some("git@github.com:acme/repo.git"),
            Some("https://github.com/acme/repo"),
        ),
        (Some("/srv/git/repo.git"), None),
        (None, None),
    ] {
        let dir = repo();
        let d = dir.path();
        commit(
            d,
            &[("app.cfg", &format!("token = {}\n", token(13)))],
            "one",
        );
        if let Some(url) = remote {
            git(d, &["remote", "add", "origin", url]);
        }
        let out = nhiscan()
            .args(["git", "--format", "sarif"])
            .current_dir(d)
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let uri = &doc["runs"][0]["versionControlProvenance"][0]["repositoryUri"];
        assert_eq!(uri.as_str(), want, "{remote:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Wrong answers (output)

#[test]
fn sarif_uris_are_relative_to_the_scan_root() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("project");
    write(&root, "src/app.cfg", &format!("token = {}\n", token(14)));
    fs::create_dir_all(outer.path().join("elsewhere")).unwrap();
    let root_uri = format!("file://{}/", root.canonicalize().unwrap().display());
    for (cwd, arg) in [
        (outer.path().join("elsewhere"), "../project".to_string()),
        (outer.path().to_path_buf(), root.display().to_string()),
        (root.clone(), ".".to_string()),
    ] {
        let out = nhiscan()
            .args(["scan", &arg, "--format", "sarif"])
            .current_dir(&cwd)
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let run = &doc["runs"][0];
        let loc = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(loc["uri"], "src/app.cfg", "{arg}");
        assert_eq!(loc["uriBaseId"], "%SRCROOT%");
        assert_eq!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], root_uri);
        let fp = &run["results"][0]["partialFingerprints"];
        assert!(fp["primaryLocationLineHash"]
            .as_str()
            .unwrap()
            .ends_with(":1"));
    }
}

#[test]
fn json_paths_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "new\nline.txt", &format!("token = {}\n", token(15)));
    write(d, "new\\u{a}line.txt", &format!("token = {}\n", token(16)));
    let Run { report, .. } = json_run(d, &["scan", "."]);
    let mut paths: Vec<&str> = findings(&report)
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    paths.sort();
    assert_eq!(paths, ["new\nline.txt", "new\\u{a}line.txt"]);
}

#[test]
fn json_paths_that_are_not_utf8_keep_their_bytes() {
    use base64::Engine as _;
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.env");
    let exact = |v: &Value| {
        base64::engine::general_purpose::STANDARD
            .decode(v["path_base64"].as_str().expect("path_base64"))
            .unwrap()
    };
    let dir = repo();
    let d = dir.path();
    fs::write(d.join(name), format!("token = {}\n", token(17))).unwrap();
    write(d, "plain.env", &format!("token = {}\n", token(18)));
    let Run { report, .. } = json_run(d, &["scan", "."]);
    let found = findings(&report);
    let odd = found
        .iter()
        .find(|f| f["path"] == "caf\u{fffd}.env")
        .unwrap();
    assert_eq!(exact(odd), b"caf\xe9.env");
    let plain = found.iter().find(|f| f["path"] == "plain.env").unwrap();
    assert!(plain.get("path_base64").is_none(), "{plain}");
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "add"]);
    let Run { report, .. } = json_run(d, &["git", "."]);
    let odd = findings(&report)
        .iter()
        .find(|f| f["path"] == "caf\u{fffd}.env")
        .cloned()
        .unwrap();
    assert_eq!(exact(&odd), b"caf\xe9.env");
}

#[test]
fn placeholder_words_inside_random_key_material_do_not_hide_it() {
    const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A checksum-valid GitHub token whose random part spells `fake` and `Sample` by chance.
    let random = "k3T9qfake1LmN0pQSample5aBcDeFq";
    let mut n = crc32fast::hash(random.as_bytes());
    let mut checksum = [b'0'; 6];
    for slot in checksum.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    let gh = ["ghp_", random, std::str::from_utf8(&checksum).unwrap()].concat();
    write(d, "token.env", &format!("GITHUB_TOKEN={gh}\n"));
    // A private key whose base64 body holds `FaKE` and `dUmMy`, as 7 in 1,000 random 8192-bit
    // RSA keys do.
    let line = "MIIJQgIBADANBgkqhkiG9w0BAQEFAASCCSwwggkoAgEAAoICAQC7vLk2Qp8sXw4n";
    let mut pem = String::from(["-----BEGIN ", "PRIVATE KEY-----\n"].concat().as_str());
    for i in 0..40 {
        let mut l = line.to_string();
        if i == 17 {
            l.replace_range(20..24, "FaKE");
            l.replace_range(40..45, "dUmMy");
        }
        pem.push_str(&l);
        pem.push('\n');
    }
    pem.push_str(&["-----END ", "PRIVATE KEY-----\n"].concat());
    write(d, "deploy.key", &pem);
    let Run {
        code,
        report,
        stderr,
    } = json_run(d, &["scan", "."]);
    assert_eq!(code, 1, "{stderr}");
    let paths: Vec<&str> = findings(&report)
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"token.env"), "{report:#}");
    assert!(paths.contains(&"deploy.key"), "{report:#}");
}

#[test]
fn stash_notes_pull_and_unreachable_history_and_messages_are_scanned() {
    let dir = repo();
    let d = dir.path();
    let first = commit(d, &[("README", "hello\n")], "first");
    // A stash (and an older stash entry, only in the stash's reflog).
    write(d, "README", &format!("hello\nstash1 = {}\n", token(20)));
    git(d, &["stash", "-q"]);
    write(d, "README", &format!("hello\nstash2 = {}\n", token(21)));
    git(d, &["stash", "-q"]);
    // A note, a pull-request ref and an `original` ref (as filter-branch leaves).
    write(d, "note.txt", &format!("note {}\n", token(22)));
    git(d, &["notes", "add", "-F", "note.txt", "HEAD"]);
    fs::remove_file(d.join("note.txt")).unwrap();
    let pr = commit(d, &[("pr.txt", &format!("pr = {}\n", token(23)))], "pr");
    git(d, &["update-ref", "refs/pull/7/head", &pr]);
    git(d, &["reset", "-q", "--hard", &first]);
    let orig = commit(d, &[("old.txt", &format!("old = {}\n", token(24)))], "old");
    git(d, &["update-ref", "refs/original/refs/heads/main", &orig]);
    git(d, &["reset", "-q", "--hard", &first]);
    // Unreachable: a commit amended away (no ref, no reflog kept).
    let gone = commit(
        d,
        &[("gone.txt", &format!("gone = {}\n", token(25)))],
        "gone",
    );
    git(d, &["reset", "-q", "--hard", &first]);
    git(d, &["reflog", "expire", "--expire=now", "--all"]);
    assert!(
        git_try(d, &["cat-file", "-t", &gone]).0,
        "the object is still present"
    );
    // Messages: a commit's and an annotated tag's.
    git(
        d,
        &[
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            &format!("deploy with {}", token(26)),
        ],
    );
    git(
        d,
        &["tag", "-a", "v1", "-m", &format!("release {}", token(27))],
    );
    let Run {
        code,
        report,
        stderr,
    } = json_run(d, &["git"]);
    assert_eq!(code, 1, "{stderr}");
    let text = report.to_string();
    for n in 20..=27 {
        assert!(text.contains(&token(n)), "token {n} not found: {report:#}");
    }
    assert!(
        report["scan"]["git"]["unreachable_commits"]
            .as_u64()
            .unwrap()
            >= 1
    );
    assert!(report["scan"]["git"]["messages"].as_u64().unwrap() >= 2);
}

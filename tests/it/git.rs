//! End-to-end tests of `nhiscan git`. Every repository is built at test time with the `git`
//! command in a temporary directory; secrets are assembled from pieces and fabricated.
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::common::*;

#[test]
fn a_secret_committed_then_deleted_is_found_and_marked_not_at_head() {
    let dir = repo();
    commit(dir.path(), &[("README.md", "hello\n")], "init");
    let leak = commit(
        dir.path(),
        &[("config/.env", &format!("TOKEN={}\n", token(1)))],
        "add config",
    );
    fs::remove_file(dir.path().join("config/.env")).unwrap();
    commit(dir.path(), &[], "remove config");
    let Run { code, report, .. } = json_run(dir.path(), &["git"]);
    assert_eq!(code, 1);
    let f = &findings(&report)[0];
    assert_eq!(f["path"], "config/.env");
    assert_eq!(f["git"]["commit"], leak.as_str());
    assert_eq!(f["git"]["author_name"], "Dev One");
    assert_eq!(f["git"]["author_email"], "dev1@example.invalid");
    assert_eq!(f["git"]["date"], "2024-03-01T10:00:00+01:00");
    assert_eq!(f["git"]["summary"], "add config");
    assert_eq!(f["git"]["at_head"], false);
    let scan = &report["scan"];
    assert_eq!(scan["git"]["mode"], "history");
    assert_eq!(scan["git"]["commits"], 3);
    assert_eq!(scan["git"]["refs"], 1);
    // Two file blobs and the three commit messages.
    assert_eq!(scan["git"]["blobs_scanned"], 5);
    assert_eq!(scan["git"]["messages"], 3);
}

#[test]
fn a_secret_still_in_the_tree_is_at_head_and_a_rename_is_one_finding() {
    let dir = repo();
    let leak = commit(
        dir.path(),
        &[("a.env", &format!("T={}\n", token(2)))],
        "add",
    );
    git(dir.path(), &["mv", "a.env", "b.env"]);
    commit(dir.path(), &[], "rename");
    commit(
        dir.path(),
        &[("b.env", &format!("T={}\nMORE=1\n", token(2)))],
        "edit",
    );
    let Run { code, report, .. } = json_run(dir.path(), &["git"]);
    assert_eq!(code, 1);
    let found = findings(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["git"]["commit"], leak.as_str());
    assert_eq!(found[0]["path"], "a.env");
    assert_eq!(found[0]["git"]["at_head"], true);
}

#[test]
fn a_range_that_adds_a_secret_reports_it_and_one_that_deletes_it_does_not() {
    let dir = repo();
    let base = commit(dir.path(), &[("app.py", "print('hi')\n")], "init");
    let add = commit(
        dir.path(),
        &[("app.py", &format!("print('hi')\nTOKEN = '{}'\n", token(3)))],
        "add token",
    );
    let Run { code, report, .. } =
        json_run(dir.path(), &["git", "--range", &format!("{base}..HEAD")]);
    assert_eq!(code, 1);
    let f = &findings(&report)[0];
    assert_eq!(
        (f["path"].as_str(), f["line"].as_u64()),
        (Some("app.py"), Some(2))
    );
    assert_eq!(f["git"]["commit"], add.as_str());
    assert_eq!(report["scan"]["git"]["mode"], "range");
    commit(dir.path(), &[("app.py", "print('hi')\n")], "remove token");
    let Run { code, report, .. } =
        json_run(dir.path(), &["git", "--range", &format!("{add}..HEAD")]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["scan"]["git"]["commits"], 1);
    // an untouched secret is not the range's doing either
    commit(
        dir.path(),
        &[("app.py", &format!("TOKEN = '{}'\n", token(4)))],
        "again",
    );
    let head = commit(
        dir.path(),
        &[("app.py", &format!("TOKEN = '{}'\n# note\n", token(4)))],
        "note",
    );
    let Run { code, .. } = json_run(dir.path(), &["git", "--since-commit", &format!("{head}~1")]);
    assert_eq!(code, 0);
}

#[test]
fn merges_attribute_to_the_branch_commit_and_merge_base_ranges_work() {
    let dir = repo();
    commit(dir.path(), &[("a.txt", "a\n")], "init");
    git(dir.path(), &["checkout", "-q", "-b", "feature"]);
    let leak = commit(
        dir.path(),
        &[("f.txt", &format!("k={}\n", token(5)))],
        "feature work",
    );
    git(dir.path(), &["checkout", "-q", "main"]);
    commit(dir.path(), &[("b.txt", "b\n")], "main work");
    let Run { code, report, .. } = json_run(
        dir.path(),
        &["git", "--range", "main..feature", "--merge-base"],
    );
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["scan"]["git"]["commits"], 1);
    git(
        dir.path(),
        &["merge", "-q", "--no-ff", "-m", "merge feature", "feature"],
    );
    let Run { code, report, .. } = json_run(dir.path(), &["git"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report).len(), 1);
    assert_eq!(findings(&report)[0]["git"]["commit"], leak.as_str());
    // the merge itself is not diffed; the merged commit carries the secret
    let Run { code, report, .. } = json_run(dir.path(), &["git", "--range", "HEAD~1..HEAD"]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(findings(&report)[0]["git"]["commit"], leak.as_str());
    let Run { code, .. } = json_run(dir.path(), &["git", "--branch", "main"]);
    assert_eq!(code, 1);
}

#[test]
fn branch_limits_the_history_to_one_branch() {
    let dir = repo();
    commit(dir.path(), &[("a.txt", "a\n")], "init");
    git(dir.path(), &["checkout", "-q", "-b", "topic"]);
    commit(
        dir.path(),
        &[("t.txt", &format!("k={}\n", token(6)))],
        "topic",
    );
    git(dir.path(), &["checkout", "-q", "main"]);
    let Run { code, .. } = json_run(dir.path(), &["git", "--branch", "main"]);
    assert_eq!(code, 0);
    let Run { code, report, .. } = json_run(dir.path(), &["git"]);
    assert_eq!(code, 1);
    assert_eq!(report["scan"]["git"]["refs"], 2);
}

#[test]
fn binary_blobs_and_lfs_pointers_are_skipped_and_counted() {
    let dir = repo();
    fs::write(
        dir.path().join("blob.bin"),
        [b"\x00\x01".as_slice(), token(7).as_bytes()].concat(),
    )
    .unwrap();
    commit(
        dir.path(),
        &[(
            "model.pt",
            "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n",
        )],
        "binary and lfs",
    );
    let Run { code, report, .. } = json_run(dir.path(), &["git"]);
    assert_eq!(code, 0);
    assert_eq!(report["scan"]["skipped"]["binary"], 1);
    assert_eq!(report["scan"]["skipped"]["lfs_pointer"], 1);
}

#[test]
fn staged_changes_are_scanned_even_before_the_first_commit() {
    let dir = repo();
    fs::write(
        dir.path().join("new.env"),
        format!("A=1\nTOKEN={}\n", token(8)),
    )
    .unwrap();
    git(dir.path(), &["add", "new.env"]);
    let Run { code, report, .. } = json_run(dir.path(), &["git", "--staged"]);
    assert_eq!(code, 1, "{report:#}");
    let f = &findings(&report)[0];
    assert_eq!(
        (f["path"].as_str(), f["line"].as_u64()),
        (Some("new.env"), Some(2))
    );
    assert!(f["git"].is_null(), "staged changes have no commit yet");
    assert_eq!(report["scan"]["git"]["mode"], "staged");
    // unstaged edits are not the commit's content
    git(dir.path(), &["commit", "-q", "-m", "first"]);
    fs::write(
        dir.path().join("other.env"),
        format!("TOKEN={}\n", token(9)),
    )
    .unwrap();
    let Run { code, .. } = json_run(dir.path(), &["git", "--staged"]);
    assert_eq!(code, 0);
}

#[test]
fn a_shallow_clone_fails_closed_with_advice() {
    let origin = repo();
    let mut first = String::new();
    for i in 0..4 {
        let id = commit(
            origin.path(),
            &[("n.txt", &format!("{i}\n"))],
            &format!("c{i}"),
        );
        if i == 0 {
            first = id;
        }
    }
    let parent = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(
        parent.path(),
        &["clone", "-q", "--depth", "2", &url, "clone"],
    );
    let clone = parent.path().join("clone");
    let Run { code, stderr, .. } = json_run(&clone, &["git"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("shallow") && stderr.contains("fetch-depth: 0"),
        "{stderr}"
    );
    let Run { code, stderr, .. } = json_run(&clone, &["git", "--range", &format!("{first}..HEAD")]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("does not resolve") && stderr.contains("--deepen"),
        "{stderr}"
    );
    let Run { code, .. } = json_run(&clone, &["git", "--range", "HEAD~1..HEAD"]);
    assert_eq!(code, 0, "a range inside the fetched history is fine");
}

#[test]
fn bad_revisions_and_non_repositories_exit_2() {
    let dir = repo();
    commit(dir.path(), &[("a.txt", "a\n")], "init");
    let Run { code, stderr, .. } =
        json_run(dir.path(), &["git", "--range", "no-such-branch..HEAD"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`no-such-branch..HEAD` does not resolve"),
        "{stderr}"
    );
    let Run { code, .. } = json_run(dir.path(), &["git", "--branch", "nope"]);
    assert_eq!(code, 2);
    let empty = tempfile::tempdir().unwrap();
    let Run { code, stderr, .. } = json_run(empty.path(), &["git"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a git repository"), "{stderr}");
}

#[test]
fn history_reports_are_byte_identical_across_runs() {
    let dir = repo();
    for i in 0..5 {
        commit(
            dir.path(),
            &[(&format!("f{i}.txt"), &format!("k={}\n", token(10 + i)))],
            &format!("c{i}"),
        );
    }
    let run = || {
        let Run { report: mut v, .. } = json_run(dir.path(), &["git", "--threads", "3"]);
        v["scan"]["duration_ms"] = Value::Null;
        serde_json::to_string(&v).unwrap()
    };
    assert_eq!(run(), run());
}

#[test]
fn sarif_carries_the_commit_in_properties_never_in_fingerprints() {
    let dir = repo();
    let leak = commit(
        dir.path(),
        &[("a.env", &format!("T={}\n", token(20)))],
        "add",
    );
    commit(
        dir.path(),
        &[("b.env", &format!("T={}\n", token(20)))],
        "copy",
    );
    git(
        dir.path(),
        &[
            "remote",
            "add",
            "origin",
            "https://git.example.invalid/acme/app.git",
        ],
    );
    let out = nhiscan()
        .args(["git", "--format", "sarif"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "one credential, one result");
    assert_eq!(
        run["versionControlProvenance"][0]["repositoryUri"],
        "https://git.example.invalid/acme/app"
    );
    assert_eq!(results[0]["properties"]["commit"], leak.as_str());
    let fp = results[0]["partialFingerprints"].to_string();
    assert!(!fp.contains(&leak) && !fp.contains("Dev One") && !fp.contains("dev1@"));
    assert_eq!(
        run["versionControlProvenance"][0]["revisionId"]
            .as_str()
            .unwrap()
            .len(),
        40
    );
    let _typed: serde_sarif::sarif::Sarif = serde_json::from_slice(&out.stdout).unwrap();
}

#[test]
fn install_hook_writes_a_pre_commit_hook_and_never_overwrites_without_force() {
    let dir = repo();
    let hook = dir.path().join(".git/hooks/pre-commit");
    let install = |force: bool| {
        let mut cmd = nhiscan();
        cmd.arg("install-hook").current_dir(dir.path());
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    assert!(install(false).status.success());
    let text = fs::read_to_string(&hook).unwrap();
    assert!(text.contains("nhiscan git --staged"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&hook).unwrap().permissions().mode() & 0o111,
            0o111
        );
    }
    fs::write(&hook, "#!/bin/sh\necho mine\n").unwrap();
    let out = install(false);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(fs::read_to_string(&hook).unwrap(), "#!/bin/sh\necho mine\n");
    assert!(install(true).status.success());
    assert!(fs::read_to_string(&hook)
        .unwrap()
        .contains("nhiscan git --staged"));
}

#[test]
fn the_pre_commit_framework_hook_definition_runs_staged_scans() {
    let text = fs::read_to_string(Path::new(ROOT).join(".pre-commit-hooks.yaml")).unwrap();
    assert!(text.contains("id: nhiscan"));
    assert!(text.contains("entry: nhiscan git --staged"));
    assert!(text.contains("pass_filenames: false"));
}

#[test]
fn staged_changes_in_a_repository_with_history_count_only_added_lines() {
    let dir = repo();
    let d = dir.path();
    commit(
        d,
        &[
            (
                "src/app/config.py",
                &format!("OLD = '{}'\nX = 1\n", token(30)),
            ),
            ("src/lib/util.py", "def f():\n    return 1\n"),
            ("docs/readme.md", "hello\n"),
        ],
        "init",
    );
    // a moved file adds no line, even with a secret in it
    git(d, &["mv", "src/app/config.py", "src/config.py"]);
    let Run { code, report, .. } = json_run(d, &["git", "--staged"]);
    assert_eq!(code, 0, "{report:#}");
    // an edit adds only its own lines
    fs::write(
        d.join("src/config.py"),
        format!("OLD = '{}'\nX = 1\nNEW = '{}'\n", token(30), token(31)),
    )
    .unwrap();
    fs::write(d.join("src/lib/util.py"), "def f():\n    return 2\n").unwrap();
    git(d, &["add", "-A"]);
    let Run { code, report, .. } = json_run(d, &["git", "--staged"]);
    assert_eq!(code, 1);
    let found = findings(&report);
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(
        (found[0]["path"].as_str(), found[0]["line"].as_u64()),
        (Some("src/config.py"), Some(3))
    );
    // nothing staged: nothing to report
    git(d, &["commit", "-q", "-m", "second"]);
    let Run { code, report, .. } = json_run(d, &["git", "--staged"]);
    assert_eq!(code, 0);
    assert_eq!(report["scan"]["git"]["blobs_scanned"], 0);
}

//! Helpers the test modules share: the nhiscan binary and its JSON report, files and git
//! repositories built in temporary directories, and fabricated tokens. Git runs with a fixed
//! identity and date and without the developer's configuration, so that every run builds the
//! same repository.
use std::fs;
use std::path::Path;
use std::process::{Command as Process, Output};

use assert_cmd::Command;
use serde_json::Value;

/// The package root: where `tests/fixtures` is and the README's commands run.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A fabricated GitHub classic token, distinct for each `n` (its checksum is wrong). The
/// prefix is assembled at run time so that no source file holds a whole token.
pub fn token(n: u8) -> String {
    let body = ["R8mQ2vXk9LzT4wYp1NcB7sHd3FjG6aE0u", &format!("{:03}", n)].concat();
    ["ghp_", &body].concat()
}

/// The nhiscan binary of this build.
pub fn nhiscan() -> Command {
    let mut cmd = Command::cargo_bin("nhiscan").unwrap();
    // The developer's environment must not change what a test sees.
    cmd.env_remove("NO_COLOR");
    cmd
}

/// How a run of nhiscan ended; `report` is `Null` when standard output is not JSON.
pub struct Run {
    pub code: i32,
    pub report: Value,
    pub stderr: String,
}

/// Runs `nhiscan ARGS` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    let out = nhiscan().args(args).current_dir(dir).output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        report: serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `nhiscan ARGS --format json` in `dir`.
pub fn json_run(dir: &Path, args: &[&str]) -> Run {
    run(dir, &[args, &["--format", "json"]].concat())
}

pub fn findings(report: &Value) -> &Vec<Value> {
    report["findings"].as_array().expect("findings array")
}

pub fn rule_ids(report: &Value) -> Vec<String> {
    findings(report)
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

/// Writes `dir/name`, creating the directories it needs.
pub fn write(dir: &Path, name: &str, content: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, content).unwrap();
}

/// Sets up `cmd` to run git in `dir` as a fixed author at a fixed date, with nothing from the
/// system's or the developer's configuration and no repository inherited from the environment
/// (a test run from a git hook has `GIT_DIR` and `GIT_INDEX_FILE` set).
pub fn git_env(cmd: &mut Process, dir: &Path) {
    cmd.current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Dev One")
        .env("GIT_AUTHOR_EMAIL", "dev1@example.invalid")
        .env("GIT_COMMITTER_NAME", "Dev One")
        .env("GIT_COMMITTER_EMAIL", "dev1@example.invalid")
        .env("GIT_AUTHOR_DATE", "2024-03-01T10:00:00+01:00")
        .env("GIT_COMMITTER_DATE", "2024-03-01T10:00:00+01:00")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE");
}

fn git_output(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Process::new("git");
    cmd.args(args);
    git_env(&mut cmd, dir);
    cmd.output().expect("git runs")
}

/// Runs git in `dir`; returns (success, stdout + stderr).
pub fn git_try(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = git_output(dir, args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// Runs git in `dir`, which must succeed; returns its standard output, trimmed.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_output(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// An empty repository on branch `main`.
pub fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

/// Writes `files`, commits everything and returns the new commit's id.
pub fn commit(dir: &Path, files: &[(&str, &str)], message: &str) -> String {
    for (name, content) in files {
        write(dir, name, content);
    }
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "--allow-empty", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

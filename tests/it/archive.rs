//! Secrets inside containers: a jar's config, a tarball, an archive inside an archive, and git
//! history holding a zip; and what cannot be read (a bomb, an encrypted or truncated member,
//! nesting past `--archive-depth`) is listed with its reason while the scan goes on.
//! Archives are built by the test, tokens fabricated at run time (`common::token`).
use std::io::{Cursor, Write};
use std::path::Path;

use tempfile::tempdir;

use crate::common::{commit, findings, git, json_run, repo, run, token};

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        w.start_file(*name, options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn tar_gz_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, data) in files {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, *data).unwrap();
    }
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(&b.into_inner().unwrap()).unwrap();
    e.finish().unwrap()
}

fn config(n: u8) -> Vec<u8> {
    format!("github:\n  token: {}\n", token(n)).into_bytes()
}

fn put(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// The paths of the findings, sorted.
fn paths(report: &serde_json::Value) -> Vec<String> {
    let mut paths: Vec<String> = findings(report)
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    paths
}

fn skipped(report: &serde_json::Value) -> Vec<(String, String)> {
    report["scan"]["skipped_files"]
        .as_array()
        .expect("skipped_files")
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_secret_in_a_jar_is_found_with_the_members_path_and_line() {
    let dir = tempdir().unwrap();
    let jar = zip_of(&[
        ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"),
        ("BOOT-INF/classes/application.yml", &config(1)),
    ]);
    put(dir.path(), "app.jar", &jar);
    let run = json_run(dir.path(), &["scan", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = findings(&run.report);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f["path"], "app.jar!/BOOT-INF/classes/application.yml");
    assert_eq!(f["container"], "app.jar");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(2), Some(10))
    );
    assert_eq!(f["secret"], token(1).as_str());
    assert_eq!(run.report["scan"]["files_scanned"], 2);

    let off = json_run(dir.path(), &["scan", ".", "--archive-depth", "0"]);
    assert_eq!(off.code, 0, "{}", off.stderr);
    assert!(findings(&off.report).is_empty());
    assert_eq!(
        skipped(&off.report),
        vec![("app.jar".into(), "archive".into())]
    );
}

#[test]
fn tarballs_and_archives_inside_archives_are_read_to_the_depth_asked() {
    let dir = tempdir().unwrap();
    put(
        dir.path(),
        "release.tar.gz",
        &tar_gz_of(&[("./etc/app.yml", &config(2))]),
    );
    let lib = zip_of(&[("conf/app.yml", &config(3))]);
    put(
        dir.path(),
        "bundle.zip",
        &zip_of(&[("lib/inner.jar", &lib)]),
    );
    let run = json_run(dir.path(), &["scan", "."]);
    assert_eq!(
        paths(&run.report),
        vec![
            "bundle.zip!/lib/inner.jar!/conf/app.yml",
            "release.tar.gz!/etc/app.yml"
        ]
    );

    let shallow = json_run(dir.path(), &["scan", ".", "--archive-depth", "1"]);
    assert_eq!(findings(&shallow.report).len(), 1);
    assert!(
        skipped(&shallow.report).contains(&("bundle.zip!/lib/inner.jar".into(), "archive".into()))
    );
}

#[test]
fn sarif_points_at_the_outer_file_and_names_the_member() {
    let dir = tempdir().unwrap();
    put(dir.path(), "app.jar", &zip_of(&[("a/b.yml", &config(4))]));
    let out = run(dir.path(), &["scan", ".", "--format", "sarif"]);
    let result = &out.report["runs"][0]["results"][0];
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "app.jar");
    assert_eq!(location["region"]["startLine"], 1);
    assert_eq!(result["properties"]["innerPath"], "app.jar!/a/b.yml");
    let message = result["message"]["text"].as_str().unwrap();
    assert!(message.contains("in app.jar!/a/b.yml at 2:10"), "{message}");
}

#[test]
fn what_cannot_be_read_is_listed_with_its_reason_and_the_rest_is_scanned() {
    let dir = tempdir().unwrap();
    let bomb = zip_of(&[("zeros.txt", &vec![b'0'; 16 << 20]), ("ok.yml", &config(5))]);
    put(dir.path(), "bomb.zip", &bomb);
    let whole = zip_of(&[("a.yml", &config(6)), ("b.yml", b"x: 1\n")]);
    put(dir.path(), "cut.zip", &whole[..whole.len() - 30]);
    let mut locked = zip_of(&[("secret.yml", &config(7))]);
    set_encrypted_flag(&mut locked);
    put(dir.path(), "locked.zip", &locked);
    put(
        dir.path(),
        "evil.zip",
        &zip_of(&[("../../etc/passwd.yml", &config(8))]),
    );

    let run = json_run(dir.path(), &["scan", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        paths(&run.report),
        vec!["bomb.zip!/ok.yml", "evil.zip!/../../etc/passwd.yml"]
    );
    let mut skips = skipped(&run.report);
    skips.sort();
    assert_eq!(
        skips,
        vec![
            ("bomb.zip!/zeros.txt".into(), "decompression_limit".into()),
            ("cut.zip".into(), "archive_corrupt".into()),
            ("locked.zip!/secret.yml".into(), "archive_encrypted".into()),
        ]
    );
    assert!(
        run.stderr.contains(
            "skipped bomb.zip!/zeros.txt (it would decompress past --archive-max-ratio 200"
        ),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("../../etc/passwd.yml").exists());

    let raised = json_run(
        dir.path(),
        &["scan", "bomb.zip", "--archive-max-ratio", "100000"],
    );
    assert_eq!(findings(&raised.report).len(), 1);
    assert!(skipped(&raised.report).is_empty());
}

/// Marks every member encrypted (general purpose flag bit 0, in the local and central
/// headers), as a password-protected zip is.
fn set_encrypted_flag(zip: &mut [u8]) {
    for i in 0..zip.len().saturating_sub(10) {
        match &zip[i..i + 4] {
            [b'P', b'K', 3, 4] => zip[i + 6] |= 1,
            [b'P', b'K', 1, 2] => zip[i + 8] |= 1,
            _ => {}
        }
    }
}

#[test]
fn history_holding_an_archive_is_scanned_inside_it() {
    let dir = repo();
    commit(dir.path(), &[("README.md", "hello\n")], "init");
    put(
        dir.path(),
        "vendor.zip",
        &zip_of(&[("settings.yml", &config(9))]),
    );
    git(dir.path(), &["add", "vendor.zip"]);
    git(dir.path(), &["commit", "-q", "-m", "vendor"]);
    git(dir.path(), &["rm", "-q", "vendor.zip"]);
    git(dir.path(), &["commit", "-q", "-m", "drop vendor"]);
    let run = json_run(dir.path(), &["git"]);
    let found = findings(&run.report);
    assert_eq!(found.len(), 1, "{}", run.stderr);
    assert_eq!(found[0]["path"], "vendor.zip!/settings.yml");
    assert_eq!(found[0]["git"]["summary"], "vendor");
}

#[test]
fn utf16_text_in_history_is_read_as_its_text() {
    let dir = repo();
    commit(dir.path(), &[("README.md", "hello\n")], "init");
    let text = format!("TOKEN={}\r\n", token(10));
    let mut le = vec![0xff, 0xfe];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    put(dir.path(), "env.ps1", &le);
    git(dir.path(), &["add", "env.ps1"]);
    git(dir.path(), &["commit", "-q", "-m", "utf16"]);
    let run = json_run(dir.path(), &["git"]);
    let found = findings(&run.report);
    assert_eq!(found.len(), 1, "{}", run.stderr);
    assert_eq!(found[0]["secret"], token(10).as_str());
    assert_eq!(found[0]["decoded"], serde_json::json!(["utf-16le"]));
}

#[test]
fn a_notebooks_cells_and_outputs_are_scanned_with_lines_in_the_cell() {
    let dir = tempdir().unwrap();
    let notebook = serde_json::json!({
        "cells": [
            {"cell_type": "markdown", "source": ["# Load\n", "Reads the data.\n"]},
            {"cell_type": "code", "source": ["import os\n", "\n", format!("GITHUB_TOKEN = \"{}\"\n", token(11))],
             "outputs": [{"output_type": "stream", "name": "stdout", "text": [format!("using {}\n", token(12))]}]}
        ],
        "metadata": {"kernelspec": {"name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5
    });
    put(
        dir.path(),
        "analysis.ipynb",
        serde_json::to_string_pretty(&notebook).unwrap().as_bytes(),
    );
    let run = json_run(dir.path(), &["scan", "."]);
    let found = findings(&run.report);
    let seen: Vec<(&str, u64)> = found
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("analysis.ipynb!/cell-2", 3),
            ("analysis.ipynb!/cell-2/output-1", 1)
        ]
    );
    assert_eq!(found[0]["container"], "analysis.ipynb");
}

#[test]
fn staged_and_committed_archives_are_scanned_whole_and_binaries_still_counted() {
    let dir = repo();
    commit(dir.path(), &[("README.md", "hello\n")], "init");
    put(
        dir.path(),
        "vendor.jar",
        &zip_of(&[("app.yml", &config(13))]),
    );
    put(
        dir.path(),
        "logo.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
    );
    git(dir.path(), &["add", "vendor.jar", "logo.png"]);
    let staged = json_run(dir.path(), &["git", "--staged"]);
    assert_eq!(staged.code, 1, "{}", staged.stderr);
    assert_eq!(paths(&staged.report), vec!["vendor.jar!/app.yml"]);
    assert_eq!(
        skipped(&staged.report),
        vec![("logo.png".into(), "binary".into())]
    );
    git(dir.path(), &["commit", "-q", "-m", "vendor"]);
    let range = json_run(dir.path(), &["git", "--range", "HEAD~1..HEAD"]);
    assert_eq!(paths(&range.report), vec!["vendor.jar!/app.yml"]);
    assert_eq!(findings(&range.report)[0]["git"]["summary"], "vendor");
}

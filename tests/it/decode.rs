//! Secrets kept inside encoded text: a Kubernetes Secret's base64 `data:` value, an encoding
//! inside an encoding, and the same secret plain and encoded (one credential, two places).
//! Tokens are fabricated at run time (`common::token`), encoded by the test.
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use tempfile::tempdir;

use crate::common::{findings, json_run, token, write};

fn secret_manifest(value: &str) -> String {
    format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  env: {value}\n")
}

#[test]
fn a_token_inside_base64_is_found_at_the_encoded_value() {
    let dir = tempdir().unwrap();
    let encoded = STANDARD.encode(format!("GITHUB_TOKEN={}\n", token(1)));
    write(dir.path(), "secret.yaml", &secret_manifest(&encoded));
    let run = json_run(dir.path(), &["scan", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = findings(&run.report);
    assert_eq!(found.len(), 1, "{:#?}", found);
    let f = &found[0];
    assert_eq!(f["rule_id"], "github-classic-pat");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(6), Some(8))
    );
    assert_eq!(f["decoded"], serde_json::json!(["base64 at 6:8"]));
    assert_eq!(f["secret"], token(1).as_str());

    let off = json_run(dir.path(), &["scan", ".", "--decode-depth", "0"]);
    assert_eq!(off.code, 0, "{}", off.stderr);
    assert!(findings(&off.report).is_empty());
}

#[test]
fn encodings_inside_encodings_are_followed_to_the_depth_asked() {
    let dir = tempdir().unwrap();
    let inner = STANDARD.encode(format!("export GITHUB_TOKEN={}", token(2)));
    let outer = STANDARD.encode(format!("#!/bin/sh\necho {inner} | base64 -d | sh\n"));
    write(dir.path(), "secret.yaml", &secret_manifest(&outer));

    let run = json_run(dir.path(), &["scan", "."]);
    let found = findings(&run.report);
    assert_eq!(found.len(), 1, "{:#?}", found);
    assert_eq!(
        found[0]["decoded"],
        serde_json::json!(["base64 at 6:8", "base64 at 2:6"])
    );
    let shallow = json_run(dir.path(), &["scan", ".", "--decode-depth", "1"]);
    assert!(findings(&shallow.report).is_empty());
}

#[test]
fn the_same_secret_plain_and_encoded_is_one_credential() {
    let dir = tempdir().unwrap();
    write(
        dir.path(),
        "plain.env",
        &format!("GITHUB_TOKEN={}\n", token(3)),
    );
    let encoded = STANDARD.encode(format!("GITHUB_TOKEN={}\n", token(3)));
    write(dir.path(), "secret.yaml", &secret_manifest(&encoded));
    let run = json_run(dir.path(), &["scan", "."]);
    let found = findings(&run.report);
    assert_eq!(found.len(), 1, "{:#?}", found);
    assert_eq!(found[0]["reuse_count"], 2);
}

#[test]
fn a_token_after_a_percent_encoded_separator_is_found() {
    let dir = tempdir().unwrap();
    let url = format!(
        "https://ci.example.invalid/hook?env=GITHUB_TOKEN%3D{}%26x%3D1",
        token(4)
    );
    write(dir.path(), "hooks.txt", &format!("callback: {url}\n"));
    let run = json_run(dir.path(), &["scan", "."]);
    let found = findings(&run.report);
    assert_eq!(found.len(), 1, "{:#?}", found);
    assert_eq!(found[0]["rule_id"], "github-classic-pat");
    assert_eq!(
        found[0]["decoded"],
        serde_json::json!(["percent-encoding at 1:11"])
    );
}

#[test]
fn a_secret_a_decoding_leaves_as_it_was_is_reported_once() {
    let dir = tempdir().unwrap();
    write(
        dir.path(),
        "links.txt",
        &format!("see https://x.invalid/a%20b?t={} ok\n", token(5)),
    );
    let run = json_run(dir.path(), &["scan", "."]);
    let found = findings(&run.report);
    assert_eq!(found.len(), 1, "{:#?}", found);
    assert_eq!(found[0]["reuse_count"], 1);
    assert!(found[0].get("decoded").is_none());
}

#[test]
fn a_token_inside_hex_is_found() {
    let dir = tempdir().unwrap();
    let hex: String = format!("GITHUB_TOKEN={}\n", token(6))
        .bytes()
        .map(|b| format!("{b:02x}"))
        .collect();
    write(dir.path(), "dump.txt", &format!("payload={hex}\n"));
    let run = json_run(dir.path(), &["scan", "."]);
    let found = findings(&run.report);
    assert_eq!(found.len(), 1, "{:#?}", found);
    assert_eq!(found[0]["decoded"], serde_json::json!(["hex at 1:9"]));
}

#[test]
fn escapes_entities_and_wrapped_base64_are_decoded() {
    let dir = tempdir().unwrap();
    write(
        dir.path(),
        "a.js",
        &format!("const cfg = \"auth\\u003d{}\";\n", token(5)),
    );
    write(
        dir.path(),
        "b.html",
        "<div data-config=\"{&quot;db_password&quot;:&quot;Zq8#kLm2vR9xWp4!&quot;}\"></div>\n",
    );
    let script = STANDARD.encode(format!(
        "#!/bin/sh\nset -eu\nexport GITHUB_TOKEN={}\nexec ./deploy.sh \"$@\"\n",
        token(7)
    ));
    let wrapped: Vec<&str> = script
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    write(
        dir.path(),
        "c.yaml",
        &format!("data:\n  deploy.sh: |\n    {}\n", wrapped.join("\n    ")),
    );
    let run = json_run(dir.path(), &["scan", "."]);
    let found = findings(&run.report);
    let seen: Vec<(&str, &str, serde_json::Value)> = found
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["secret"].as_str().unwrap(),
                f["decoded"].clone(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                "a.js",
                token(5).as_str(),
                serde_json::json!(["escapes at 1:14"])
            ),
            (
                "b.html",
                "Zq8#kLm2vR9xWp4!",
                serde_json::json!(["html-entities at 1:6"])
            ),
            (
                "c.yaml",
                token(7).as_str(),
                serde_json::json!(["base64 at 3:5"])
            ),
        ]
    );
}

#[test]
fn a_secret_kept_base64_encoded_is_reported_as_what_it_stands_for() {
    let dir = tempdir().unwrap();
    let password = "Zq8#kLm2vR9xWp4!";
    let manifest = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  username: YXBw\n  password: {}\n",
        STANDARD.encode(format!("{password}\n"))
    );
    write(dir.path(), "secret.yaml", &manifest);
    let auth = STANDARD.encode(format!("ci-bot:{password}"));
    write(
        dir.path(),
        "config.json",
        &format!("{{\"auths\": {{\"registry.example.invalid\": {{\"auth\": \"{auth}\"}}}}}}\n"),
    );
    let run = json_run(dir.path(), &["scan", "."]);
    let found = findings(&run.report);
    let seen: Vec<(&str, &str)> = found
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap(),
                f["secret"].as_str().unwrap(),
            )
        })
        .collect();
    let pair = format!("ci-bot:{password}");
    assert_eq!(
        seen,
        vec![
            ("docker-config-auth", pair.as_str()),
            ("kubernetes-secret-manifest-value", password),
        ]
    );
    assert_eq!(found[1]["decoded"], serde_json::json!(["base64 at 8:13"]));
    let off = json_run(dir.path(), &["scan", ".", "--decode-depth", "0"]);
    assert_eq!(
        findings(&off.report)[1]["secret"],
        STANDARD.encode(format!("{password}\n"))
    );
}

/// Bytes that look random (a linear congruential generator), as ciphertext does.
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as u8
        })
        .collect()
}

#[test]
fn a_sealed_secrets_ciphertext_is_not_a_finding() {
    let dir = tempdir().unwrap();
    let sealed = format!(
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\nspec:\n  encryptedData:\n    api-token: {}\n    password: {}\n  template:\n    type: Opaque\n",
        STANDARD.encode(noise(300, 1)),
        STANDARD.encode(noise(300, 2)),
    );
    write(dir.path(), "sealed.yaml", &sealed);
    let run = json_run(dir.path(), &["scan", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(findings(&run.report).is_empty());
    assert!(run.report["scan"]["filtered"]["encrypted"].as_u64() >= Some(1));

    let plain = sealed.replace(&STANDARD.encode(noise(300, 1)), &token(8));
    write(dir.path(), "sealed.yaml", &plain);
    let run = json_run(dir.path(), &["scan", "."]);
    assert_eq!(
        findings(&run.report).len(),
        1,
        "a plain token there is still one"
    );
}

//! The identity behind each secret, end to end: offline evidence (checksums, JWT claims, AWS
//! key ids, private keys, service-account files), lifetimes, reuse, pipelines, and the gate
//! policy's exit codes. Every credential is fabricated and assembled at run time.
use std::fs;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

use crate::common::{nhiscan, write};

fn scan(files: &[(&str, &str)], args: &[&str]) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        write(dir.path(), name, content);
    }
    let out = nhiscan()
        .args(["scan", "-f", "json", "."])
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), report)
}

fn only(report: &Value) -> &Value {
    let f = report["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{report:#}");
    &f[0]
}

fn base62(mut n: u32) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = vec![b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(out).unwrap()
}

/// A GitHub token whose last six characters are the CRC32 of the random part, as GitHub makes
/// them.
fn github_token(prefix: &str, random: &str) -> String {
    assert_eq!(random.len(), 30);
    [prefix, random, &base62(crc32fast::hash(random.as_bytes()))].concat()
}

fn jwt(claims: &str) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode([0x5au8; 32]);
    format!("{header}.{payload}.{signature}")
}

#[test]
fn a_github_token_with_a_valid_checksum_is_marked_valid() {
    let token = github_token("ghp_", "k3Rt9QmZ2vLx8WcB5nHd7FpJ4sYg1A");
    let (code, report) = scan(&[("ci.env", &format!("GH_TOKEN={token}\n"))], &[]);
    assert_eq!(code, 1);
    let f = only(&report);
    assert_eq!(f["evidence"]["checksum"], "valid");
    assert_eq!(f["confidence"], "high");
}

#[test]
fn a_github_token_with_a_wrong_checksum_is_likely_fake() {
    let mut token = github_token("ghp_", "k3Rt9QmZ2vLx8WcB5nHd7FpJ4sYg1A");
    let last = token.pop().unwrap();
    token.push(if last == 'a' { 'b' } else { 'a' });
    let (_, report) = scan(&[("ci.env", &format!("GH_TOKEN={token}\n"))], &[]);
    let f = only(&report);
    assert_eq!(f["evidence"]["checksum"], "invalid");
    assert_eq!(f["confidence"], "low");
}

#[test]
fn an_installation_token_is_short_lived() {
    let token = github_token("ghs_", "Pq7Lw2Zx9Mv4Kc8Tn1Rb6Hs3Jd5Fg0");
    let (_, report) = scan(&[("a.txt", &format!("token: {token}\n"))], &[]);
    assert_eq!(only(&report)["lifetime"], "short");
}

#[test]
fn jwts_are_decoded_into_claims_and_lifetimes() {
    let expired = jwt(
        r#"{"iss":"https://issuer.invalid","sub":"svc-a","aud":"api","iat":1500000000,"exp":1500003600}"#,
    );
    let (_, report) = scan(&[("a.txt", &format!("t = \"{expired}\"\n"))], &[]);
    let f = only(&report);
    assert_eq!(f["lifetime"], "expired");
    assert_eq!(f["evidence"]["exp"], "2017-07-14T03:40:00Z");
    assert_eq!(f["evidence"]["iss"], "https://issuer.invalid");
    assert_eq!(f["evidence"]["alg"], "HS256");
    assert_eq!(f["severity"], "low");

    let forever = jwt(r#"{"sub":"deploy-bot","iat":1700000000}"#);
    let (_, report) = scan(&[("a.txt", &format!("t = \"{forever}\"\n"))], &[]);
    assert_eq!(only(&report)["lifetime"], "long");

    let hour = jwt(r#"{"sub":"job","iat":4100000000,"exp":4100003600}"#);
    let (_, report) = scan(&[("a.txt", &format!("t = \"{hour}\"\n"))], &[]);
    assert_eq!(only(&report)["lifetime"], "short");
}

#[test]
fn a_malformed_jwt_is_reported_unparsed_with_an_unknown_lifetime_that_gates() {
    let broken = format!(
        "eyJhbGciOiJIUzI1NiJ9.eyJub3QganNvbg.{}",
        URL_SAFE_NO_PAD.encode([7u8; 32])
    );
    let (code, report) = scan(
        &[("a.txt", &format!("t = \"{broken}\"\n"))],
        &["--fail-on", "long-lived"],
    );
    let f = only(&report);
    assert_eq!(f["evidence"]["evidence"], "unparsed");
    assert_eq!(f["lifetime"], "unknown");
    assert_eq!(code, 1);
}

#[test]
fn aws_key_ids_tell_user_keys_from_sts_and_pairs_are_one_credential() {
    let id = ["AKIA", "Y34FZKBOKMUTVV7A"].concat();
    let secret = ["u8Fq2Lr9Zt", "Kx4Wm7Pn1V", "6Hs3Jd5Bg0Ye", "QaTb2Nc8"].concat();
    let file = format!("[default]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\n");
    let (code, report) = scan(&[(".aws/credentials", &file)], &[]);
    assert_eq!(code, 1);
    let f = only(&report);
    assert_eq!(f["rule_id"], "aws-access-key-id");
    assert_eq!(f["lifetime"], "long");
    assert_eq!(f["evidence"]["aws_account_id"], "609629065308");
    assert_eq!(
        f["evidence"]["paired_with"],
        "aws-secret-access-key at line 3"
    );
    assert_eq!(
        f["severity"], "critical",
        "the pair is as severe as its secret key"
    );

    let sts = ["ASIA", "Y34FZKBOKMUTVV7A"].concat();
    let (_, report) = scan(&[("env", &format!("AWS_ACCESS_KEY_ID={sts}\n"))], &[]);
    assert_eq!(only(&report)["lifetime"], "short");
}

/// A PKCS#8 `EncryptedPrivateKeyInfo` (PBES2, 200 bytes of ciphertext) as a PEM block.
fn encrypted_pkcs8_pem() -> String {
    let mut der = vec![0x30, 0x81, 0xd8, 0x30, 0x0b, 0x06, 0x09];
    der.extend([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d]);
    der.extend([0x04, 0x81, 0xc8]);
    der.extend((0..200u32).map(|i| (i * 37 % 251) as u8));
    let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\n{}\n-----END ENCRYPTED PRIVATE KEY-----\n",
        lines.join("\n")
    )
}

#[test]
fn encrypted_private_keys_are_less_severe_and_public_keys_are_not_findings() {
    let encrypted = encrypted_pkcs8_pem();
    let (_, report) = scan(&[("key.pem", &encrypted)], &[]);
    let f = only(&report);
    assert_eq!(f["evidence"]["encrypted"], "true");
    assert_eq!(f["severity"], "medium", "one step below the rule's high");
    let public = encrypted.replace("ENCRYPTED PRIVATE KEY", "PUBLIC KEY");
    let (code, report) = scan(&[("key.pub", &public)], &[]);
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn a_service_account_key_file_is_one_composite_finding() {
    let body: String = (0..16)
        .map(|i| {
            format!(
                "{}\\n",
                URL_SAFE_NO_PAD
                    .encode([i as u8 * 11 + 3; 48])
                    .replace(['-', '_'], "/")
            )
        })
        .collect();
    let key = format!(
        r#"{{
  "type": "service_account",
  "project_id": "billing-prod-4821",
  "private_key_id": "{}",
  "private_key": "-----BEGIN PRIVATE KEY-----\n{body}-----END PRIVATE KEY-----\n",
  "client_email": "deployer@billing-prod-4821.iam.gserviceaccount.com",
  "client_id": "109876543210987654321"
}}
"#,
        ["4f1c2a9e7b3d", "5c8e0a6f2d4b", "9e1a7c3f5b8d"].concat()
    );
    let (_, report) = scan(&[("sa.json", &key)], &[]);
    let f = only(&report);
    assert_eq!(f["kind"], "service-account-key");
    assert_eq!(
        f["evidence"]["client_email"],
        "deployer@billing-prod-4821.iam.gserviceaccount.com"
    );
    assert_eq!(f["evidence"]["project_id"], "billing-prod-4821");
}

#[test]
fn reuse_joins_places_and_raises_severity() {
    let token = github_token("ghp_", "Zr4Kq8Wn2Lx6Vb1Tm9Hc3Jd7Fs5Gp0");
    let (_, report) = scan(
        &[
            ("a/x.env", &format!("T={token}\n")),
            ("b/y.env", &format!("\nT={token}\n")),
        ],
        &[],
    );
    let f = only(&report);
    assert_eq!(f["reuse_count"], 2);
    assert_eq!(f["severity"], "critical");
    assert_eq!(f["locations"][1]["path"], "b/y.env");
}

#[test]
fn pipelines_using_static_cloud_keys_get_advice_that_does_not_gate() {
    let workflow = "name: deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n";
    let (code, report) = scan(&[(".github/workflows/deploy.yml", workflow)], &[]);
    assert_eq!(code, 0, "advice does not fail the gate");
    let found = report["findings"].as_array().unwrap();
    assert_eq!(found.len(), 2);
    for f in found {
        assert_eq!(f["kind"], "static-cloud-credential-in-pipeline");
        assert_eq!(f["gates"], false);
        assert!(f["remediation"]
            .as_str()
            .unwrap()
            .contains("OpenID Connect"));
    }
}

#[test]
fn fail_on_and_min_severity_decide_the_exit_code() {
    let sts = ["ASIA", "Y34FZKBOKMUTVV7A"].concat();
    let long = github_token("ghp_", "k3Rt9QmZ2vLx8WcB5nHd7FpJ4sYg1A");
    let short_only = [("a.env", format!("AWS_ACCESS_KEY_ID={sts}\n"))];
    let files: Vec<(&str, &str)> = short_only.iter().map(|(a, b)| (*a, b.as_str())).collect();
    assert_eq!(scan(&files, &[]).0, 1, "default: any finding fails");
    assert_eq!(
        scan(&files, &["--fail-on", "long-lived"]).0,
        0,
        "short-lived only"
    );
    let with_long = [("a.env", format!("AWS_ACCESS_KEY_ID={sts}\nGH={long}\n"))];
    let files: Vec<(&str, &str)> = with_long.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let (code, report) = scan(&files, &["--fail-on", "long-lived"]);
    assert_eq!(code, 1);
    assert_eq!(report["scan"]["gating"], 1);
    assert_eq!(scan(&files, &["--fail-on", "none"]).0, 0);
    assert_eq!(scan(&files, &["--min-severity", "critical"]).0, 0);
    assert_eq!(scan(&files, &["--min-severity", "high"]).0, 1);
}

#[test]
fn sarif_tags_name_the_nhi_top_ten_risks() {
    let token = github_token("ghp_", "k3Rt9QmZ2vLx8WcB5nHd7FpJ4sYg1A");
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.env"), format!("T={token}\n")).unwrap();
    fs::write(dir.path().join("b.env"), format!("T={token}\n")).unwrap();
    let out = nhiscan()
        .args(["scan", "-f", "sarif", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &sarif["runs"][0];
    let rule_tags = run["tool"]["driver"]["rules"][0]["properties"]["tags"].to_string();
    assert!(
        rule_tags.contains("NHI2") && rule_tags.contains("NHI7") && rule_tags.contains("cwe-798")
    );
    let result = &run["results"][0];
    let tags = result["properties"]["tags"].to_string();
    assert!(tags.contains("NHI9"), "reuse: {tags}");
    assert_eq!(result["properties"]["lifetime"], "long");
    assert_eq!(result["properties"]["evidence"]["checksum"], "valid");
    assert_eq!(result["relatedLocations"].as_array().unwrap().len(), 1);
}

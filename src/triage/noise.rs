//! Recognises matches that have a credential's shape but are something else: integrity hashes
//! in lockfiles and `go.sum`, digests next to the words that name them, base64 payloads of
//! data URIs and images (also inside Jupyter notebook outputs), and, for generic rules, UUIDs,
//! short hex ids, type names (`AWS::IAM::AccessKey`) and obviously fake values (`abcd1234`,
//! `AB1C2defGHijk...`, `Pass@Word1`). Provider rules keep their documented shapes; only the
//! embedded-data and lockfile-hash checks apply to them.
use std::ops::Range;

use super::Drop;

/// Lockfiles hold hashes of packages, never credentials that a generic rule should report.
const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "go.sum",
    "Cargo.lock",
    "poetry.lock",
    "Pipfile.lock",
    "composer.lock",
    "Gemfile.lock",
    "packages.lock.json",
    "gradle.lockfile",
    "flake.lock",
    "uv.lock",
];
/// Prefixes of integrity hashes (`sha512-...` in npm, `h1:` in go.sum, `sha256:` in pip).
const HASH_PREFIXES: &[&[u8]] = &[
    b"sha512-", b"sha384-", b"sha256-", b"sha1-", b"h1:", b"sha256:", b"sha512:",
];
/// Words that say a hex string on their line is a digest.
const DIGEST_WORDS: &[&[u8]] = &[
    b"sha",
    b"md5",
    b"hash",
    b"digest",
    b"checksum",
    b"integrity",
    b"etag",
    b"commit",
    b"revision",
    b"fingerprint",
];
/// Base64 of the magic numbers of PNG, JPEG, GIF, WebP and SVG files.
const IMAGE_MAGIC: &[&[u8]] = &[
    b"iVBORw0KGgo",
    b"/9j/",
    b"R0lGOD",
    b"UklGR",
    b"PHN2Zy",
    b"PD94bWwg",
];
/// Names of keys that are not secrets: database, cache and object keys, public keys.
const NON_SECRET_KEY_NAMES: &[&[u8]] = &[
    b"primary",
    b"foreign",
    b"partition",
    b"sort_key",
    b"sortkey",
    b"range_key",
    b"hash_key",
    b"cache",
    b"idempotency",
    b"object_key",
    b"s3_key",
    b"file_key",
    b"lookup",
    b"row_key",
    b"public",
    b"pub_key",
    b"i18n",
    b"translation",
    b"dedup",
    b"map_key",
    b"dict_key",
    b"unique_key",
    b"composite",
    b"index_key",
    b"sequence",
    b"group_key",
    b"publishable",
    b"result_key",
    b"min_key",
    b"max_key",
    b"next_key",
    b"input_key",
    b"output_key",
];

/// Words a real secret does not spell out, but a made-up one often does.
const SELF_DESCRIBING: &[&str] = &[
    "password", "passwd", "pass@", "pass1", "pass12", "secret", "token", "apikey", "api_key",
    "mypass", "test", "todo", "fixme", "letmein", "qwerty", "hunter2",
];

/// Why `secret` (a span of `haystack` in the file `path`, matched as `span`) is not a
/// credential, if it is not. `generic`: found by a rule without a provider.
pub fn noise(
    path: &str,
    haystack: &[u8],
    span: &Range<usize>,
    secret: &Range<usize>,
    generic: bool,
) -> Option<Drop> {
    let value = &haystack[secret.clone()];
    if follows_hash_prefix(haystack, secret.start) {
        return Some(Drop::Digest);
    }
    if inside_embedded_data(haystack, secret) {
        return Some(Drop::EmbeddedData);
    }
    if !generic {
        return None;
    }
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    if LOCKFILES.contains(&file) {
        return Some(Drop::Digest);
    }
    if is_uuid(value) || (is_hex(value) && value.len() < 24) {
        return Some(Drop::Digest);
    }
    if is_hex(value) && line_mentions(haystack, secret.start, DIGEST_WORDS) {
        return Some(Drop::Digest);
    }
    if names_a_type(haystack, span.start)
        || names_a_non_secret(haystack, span.start)
        || is_camel_case_name(value)
        || looks_fake(value)
    {
        return Some(Drop::FakeValue);
    }
    None
}

/// `S3AccessPointAttachments`, `Ipv6CidrAssociations`: words run together, an identifier. A
/// random token has capitals followed by lowercase too, but far fewer lowercase letters.
fn is_camel_case_name(v: &[u8]) -> bool {
    if v.len() < 8 || !v[0].is_ascii_uppercase() || !v.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let lower = v.iter().filter(|b| b.is_ascii_lowercase()).count();
    let capitals = v.iter().filter(|b| b.is_ascii_uppercase()).count();
    lower * 10 >= v.len() * 6 && v.len() >= capitals * 4
}

/// The name assigned to, read back from the match: `primary_key = ...` is no credential.
fn names_a_non_secret(haystack: &[u8], match_start: usize) -> bool {
    let from = match_start.saturating_sub(48);
    let start = haystack[from..match_start]
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
        .map_or(from, |i| from + i + 1);
    let end = haystack.len().min(match_start + 16);
    let name = haystack[start..end].to_ascii_lowercase();
    NON_SECRET_KEY_NAMES
        .iter()
        .any(|w| memchr::memmem::find(&name, w).is_some())
}

fn follows_hash_prefix(haystack: &[u8], start: usize) -> bool {
    HASH_PREFIXES
        .iter()
        .any(|p| start >= p.len() && haystack[start - p.len()..start].eq_ignore_ascii_case(p))
}

fn is_base64_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_')
}

/// Inside a `data:...;base64,` URI, or a long base64 run that starts like an image file.
fn inside_embedded_data(haystack: &[u8], secret: &Range<usize>) -> bool {
    const REACH: usize = 1 << 16;
    let floor = secret.start.saturating_sub(REACH);
    let run_start = haystack[floor..secret.start]
        .iter()
        .rposition(|&b| !is_base64_byte(b))
        .map_or(floor, |i| floor + i + 1);
    if haystack[..run_start].ends_with(b";base64,") {
        return true;
    }
    let run = &haystack[run_start..haystack.len().min(run_start + 16)];
    IMAGE_MAGIC.iter().any(|m| run.starts_with(m))
        && secret.start - run_start + (secret.end - secret.start) > 64
}

fn is_hex(v: &[u8]) -> bool {
    !v.is_empty() && v.iter().all(u8::is_ascii_hexdigit)
}

fn is_uuid(v: &[u8]) -> bool {
    v.len() == 36
        && v.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn line_mentions(haystack: &[u8], at: usize, words: &[&[u8]]) -> bool {
    let from = at.saturating_sub(256);
    let start = memchr::memrchr(b'\n', &haystack[from..at]).map_or(from, |i| from + i + 1);
    let to = haystack.len().min(at + 256);
    let end = memchr::memchr(b'\n', &haystack[at..to]).map_or(to, |i| at + i);
    let line = haystack[start..end].to_ascii_lowercase();
    words
        .iter()
        .any(|w| memchr::memmem::find(&line, w).is_some())
}

/// `AWS::IAM::AccessKey: ...` names a type, not a variable holding a key.
fn names_a_type(haystack: &[u8], match_start: usize) -> bool {
    let from = match_start.saturating_sub(64);
    let ident_start = haystack[from..match_start]
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.')))
        .map_or(from, |i| from + i + 1);
    memchr::memmem::find(&haystack[ident_start..match_start], b"::").is_some()
}

/// Made-up values: alphabet or digit runs (`abcd`, `1234`, `defGHij`), a short unit repeated,
/// or words that describe the value instead of being it.
pub(super) fn looks_fake(v: &[u8]) -> bool {
    let lower = v.to_ascii_lowercase();
    if SELF_DESCRIBING
        .iter()
        .any(|w| memchr::memmem::find(&lower, w.as_bytes()).is_some())
    {
        return true;
    }
    for unit in 1..=4 {
        if v.len() >= unit * 3 && v.chunks(unit).all(|c| c == &v[..c.len()]) {
            return true;
        }
    }
    let mut in_runs = 0;
    let mut runs = 0;
    let mut len = 1;
    for pair in lower.windows(2) {
        let ascending = pair[1] == pair[0].wrapping_add(1) && pair[0].is_ascii_alphanumeric();
        if ascending {
            len += 1;
        } else {
            if len >= 4 {
                runs += 1;
                in_runs += len;
            }
            len = 1;
        }
    }
    if len >= 4 {
        runs += 1;
        in_runs += len;
    }
    runs >= 2 || in_runs * 4 >= v.len() && runs > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generic(line: &str, value: &str) -> Option<Drop> {
        generic_at("config.env", line, value)
    }

    fn generic_at(path: &str, line: &str, value: &str) -> Option<Drop> {
        let start = line.find(value).unwrap();
        noise(
            path,
            line.as_bytes(),
            &(0..line.len()),
            &(start..start + value.len()),
            true,
        )
    }

    #[test]
    fn fake_values_are_noise() {
        for v in [
            "AB1C2defGHijkLMNo3PqQRstUvwxyzaBCDEfghh4ijklMN5opqrStuVWxyzAbCDEfghIJ",
            "abcd1234defg5678",
            "a1b2c3d4567890ab",
            "Pass@Word1",
            "SomeKindOfPassword123!@#",
            "xyzxyzxyzxyz",
        ] {
            assert!(looks_fake(v.as_bytes()), "{v}");
        }
        for v in [
            "k1zPZM6uVxMQ3oxqgoYlNuJPyRTZ1vREs76zTQE3eJk=",
            "q8Zr2LxW9vT4mN7c",
            "9e51341f8d87894c927d0150be0a9676",
        ] {
            assert!(!looks_fake(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn camel_case_names_are_not_tokens() {
        for v in [
            "S3AccessPointAttachments",
            "Ipv6CidrAssociations",
            "ServerlessV2PlatformVersions",
        ] {
            assert!(is_camel_case_name(v.as_bytes()), "{v}");
        }
        for v in [
            "Zq8Lr2Wt7Km4Xv9Bn1Hc6Jd3",
            "Kd9Wq2Lz7Rt4Xm8Vb1Nc6Hs3Jf5Gp0",
            "AKIAZ7QH4W2NX5RJ3KPL",
        ] {
            assert!(!is_camel_case_name(v.as_bytes()), "{v}");
        }
    }

    #[test]
    fn digests_ids_and_types_are_noise_for_generic_rules() {
        assert_eq!(
            generic(
                "token = \"3f2b8c1a-9d4e-4f6a-8b7c-2e1d0a9f8b7c\"",
                "3f2b8c1a-9d4e-4f6a-8b7c-2e1d0a9f8b7c"
            ),
            Some(Drop::Digest)
        );
        assert_eq!(
            generic("api_key = \"48205d4ffd7feba3\"", "48205d4ffd7feba3"),
            Some(Drop::Digest)
        );
        assert_eq!(
            generic(
                "sha256 secret = \"9e51341f8d87894c927d0150be0a9676c7427850\"",
                "9e51341f8d87894c927d0150be0a9676c7427850"
            ),
            Some(Drop::Digest)
        );
        let typed = "\"AWS::IAM::AccessKey\": \"62d9q7b17309e76c8Zx\"";
        let (m, v) = (
            typed.find("AccessKey").unwrap(),
            typed.find("62d9").unwrap(),
        );
        assert_eq!(
            noise(
                "c.py",
                typed.as_bytes(),
                &(m..typed.len()),
                &(v..v + 19),
                true
            ),
            Some(Drop::FakeValue)
        );
        assert_eq!(
            generic_at(
                "web/package-lock.json",
                "\"token\": \"Zr8Kq2Lx9Vb4Tn7Hc1\"",
                "Zr8Kq2Lx9Vb4Tn7Hc1"
            ),
            Some(Drop::Digest)
        );
        assert_eq!(
            generic("token = \"Zr8Kq2Lx9Vb4Tn7Hc1Wm\"", "Zr8Kq2Lx9Vb4Tn7Hc1Wm"),
            None
        );
    }

    #[test]
    fn integrity_hashes_and_embedded_data_are_noise_for_every_rule() {
        let sri = "\"integrity\": \"sha512-Zr8Kq2Lx9Vb4Tn7Hc1WmZr8Kq2Lx9Vb4Tn7Hc1Wm==\"";
        let at = sri.find("Zr8").unwrap();
        assert_eq!(
            noise(
                "a.json",
                sri.as_bytes(),
                &(0..sri.len()),
                &(at..at + 20),
                false
            ),
            Some(Drop::Digest)
        );
        let uri = format!(
            "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUg{}AKIAZ7QH4W2NX5RJ3KPL{}\">",
            "A".repeat(80),
            "B".repeat(40)
        );
        let at = uri.find("AKIA").unwrap();
        assert_eq!(
            noise(
                "a.html",
                uri.as_bytes(),
                &(at..at + 20),
                &(at..at + 20),
                false
            ),
            Some(Drop::EmbeddedData)
        );
        let notebook = format!(
            "\"image/png\": \"iVBORw0KGgoAAAANSUhEUg{}ghp_R8mQ2vXk9LzT4wYp1NcB7sHd3FjG6aE0uKiO{}\"",
            "Q".repeat(100),
            "Q".repeat(20)
        );
        let at = notebook.find("ghp_").unwrap();
        assert_eq!(
            noise(
                "a.ipynb",
                notebook.as_bytes(),
                &(at..at + 40),
                &(at..at + 40),
                false
            ),
            Some(Drop::EmbeddedData)
        );
    }
}

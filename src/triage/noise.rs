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
    "password",
    "passwd",
    "pass",
    "secret",
    "token",
    "apikey",
    "api_key",
    "mypass",
    "test",
    "todo",
    "fixme",
    "letmein",
    "qwerty",
    "hunter2",
    "hunter4",
    "p4ss",
    "p@ss",
    "pa$$",
    "passw",
    "s3cr3t",
    "secr3t",
    "53cr3",
    "sekret",
    "sekrit",
    "geheim",
    "strongpass",
];

/// How much of the generic judgement a rule's hits get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    /// A provider's token: only digests, embedded data and documentation shapes.
    Token,
    /// A provider's password field (`.netrc`, `PGPASSWORD`): people choose these, so a value
    /// that spells out what it is (`my_password`, `hunter42`) is made up, as in generic rules.
    Password,
    /// A rule without a provider: everything here.
    Generic,
}

/// Why `secret` (a span of `haystack` in the file `path`, matched as `span`) is not a
/// credential, if it is not.
pub fn noise(
    path: &str,
    haystack: &[u8],
    span: &Range<usize>,
    secret: &Range<usize>,
    judged: Judged,
) -> Option<Drop> {
    let value = &haystack[secret.clone()];
    if follows_hash_prefix(haystack, secret.start) {
        return Some(Drop::Digest);
    }
    if inside_embedded_data(haystack, secret) {
        return Some(Drop::EmbeddedData);
    }
    if url_with_trivial_local_login(haystack, secret) {
        return Some(Drop::Placeholder);
    }
    if inside_sealed_secret(haystack, secret) {
        return Some(Drop::Encrypted);
    }
    // Key material is binary: a key block whose body decodes to text was typed for a test.
    if value.starts_with(b"-----BEGIN") && decodes_to_text(value, false) {
        return Some(Drop::FakeValue);
    }
    match judged {
        Judged::Token => return None,
        Judged::Password => {
            return (looks_fake(value) || is_plain_word(value)).then_some(Drop::FakeValue)
        }
        Judged::Generic => {}
    }
    if decodes_to_text(value, true)
        || is_type_union(value)
        || is_keyword_argument(value)
        || is_plain_word(value)
    {
        return Some(Drop::FakeValue);
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

/// A value under `encryptedData` in a Bitnami SealedSecret: encrypted to the cluster's key, so
/// not a secret to anyone who reads the repository (the controller makes the Secret inside the
/// cluster). The value must be a long base64 run, as the ciphertext is; a plain value that
/// someone put there is still judged.
fn inside_sealed_secret(haystack: &[u8], secret: &Range<usize>) -> bool {
    const REACH: usize = 1 << 16;
    let value = &haystack[secret.clone()];
    if value.len() < 100 || !value.iter().all(|&b| is_base64_byte(b)) {
        return false;
    }
    let before = &haystack[secret.start.saturating_sub(REACH)..secret.start];
    memchr::memmem::rfind(before, b"encryptedData").is_some()
        && memchr::memmem::find(haystack, b"SealedSecret").is_some()
}

/// Hosts that no production credential logs in to: this machine, and names reserved for
/// documentation (RFC 2606, RFC 6761).
fn is_local_or_example_host(host: &[u8]) -> bool {
    let host = host.to_ascii_lowercase();
    let host = host.as_slice();
    matches!(
        host,
        b"localhost" | b"127.0.0.1" | b"0.0.0.0" | b"[::1]" | b"host" | b"hostname"
    ) || [&b"example.com"[..], b"example.org", b"example.net"]
        .iter()
        .any(|d| host == *d || (host.ends_with(d) && host[..host.len() - d.len()].ends_with(b".")))
        || [&b".example"[..], b".test", b".localhost", b".invalid"]
            .iter()
            .any(|tld| host.ends_with(tld))
}

/// Passwords that tutorials and default configs use: a login of these to a local or example
/// host is a documentation value.
const TRIVIAL_PASSWORDS: &[&[u8]] = &[
    b"password",
    b"pass",
    b"passwd",
    b"secret",
    b"foo",
    b"bar",
    b"baz",
    b"test",
    b"root",
    b"admin",
    b"changeme",
    b"guest",
    b"example",
    b"postgres",
    b"mysql",
    b"mongodb",
    b"redis",
    b"rabbitmq",
    b"user",
    b"pwd",
    b"123456",
];

/// User names that documentation writes in place of a real one.
const STAND_IN_USERS: &[&[u8]] = &[
    b"username",
    b"user",
    b"login",
    b"name",
    b"yourname",
    b"admin",
];

/// The secret is (in) the login of a URL on a local or example host whose password is trivial:
/// the user name again, the scheme's name, or a tutorial word (`redis://foo:bar@localhost`); or
/// of a URL anywhere whose user is a stand-in and whose password spells itself out.
fn url_with_trivial_local_login(haystack: &[u8], secret: &Range<usize>) -> bool {
    let line_start = haystack[..secret.start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = memchr::memchr(b'\n', &haystack[secret.start..])
        .map_or(haystack.len(), |i| secret.start + i);
    let line = &haystack[line_start..line_end];
    for at in memchr::memmem::find_iter(line, b"://") {
        let scheme_start = line[..at]
            .iter()
            .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')))
            .map_or(0, |i| i + 1);
        let rest = &line[at + 3..];
        let authority_len = rest
            .iter()
            .position(|b| {
                matches!(
                    b,
                    b'/' | b'?' | b'#' | b'"' | b'\'' | b'`' | b' ' | b'\t' | b'>'
                )
            })
            .unwrap_or(rest.len());
        let (start, end) = (
            line_start + scheme_start,
            line_start + at + 3 + authority_len,
        );
        if end <= secret.start || start >= secret.end {
            continue;
        }
        let authority = &rest[..authority_len];
        let Some(split) = authority.iter().rposition(|&b| b == b'@') else {
            continue;
        };
        let (login, host) = (&authority[..split], &authority[split + 1..]);
        let host = match host.iter().rposition(|&b| b == b':') {
            Some(i) if !host.starts_with(b"[") => &host[..i],
            _ => host,
        };
        let Some(colon) = login.iter().position(|&b| b == b':') else {
            continue;
        };
        let (user, password) = (&login[..colon], &login[colon + 1..]);
        let scheme = &line[scheme_start..at];
        let trivial = password.eq_ignore_ascii_case(user)
            || scheme
                .split(|&b| b == b'+')
                .any(|s| password.eq_ignore_ascii_case(s))
            || TRIVIAL_PASSWORDS
                .iter()
                .any(|w| password.eq_ignore_ascii_case(w));
        if trivial && is_local_or_example_host(host) {
            return true;
        }
        // `username:pas:word@`, `user:mypassword@`: a stand-in login, on any host.
        let stand_in_user = STAND_IN_USERS.iter().any(|w| user.eq_ignore_ascii_case(w));
        if stand_in_user && (looks_fake(password) || password.contains(&b':')) {
            return true;
        }
    }
    false
}

/// `broken`, `null`, `françois`: one short lowercase word (in any script), what a test or a
/// template writes in a password field.
fn is_plain_word(v: &[u8]) -> bool {
    std::str::from_utf8(v).is_ok_and(|w| {
        w.chars().count() <= 10 && w.chars().all(|c| c.is_lowercase() && c.is_alphabetic())
    })
}

/// A name in code: a letter or `_`, then letters, digits and `_`.
fn is_identifier(w: &[u8]) -> bool {
    w.first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        && w.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// `Buffer|Uint8Array|string`, `variable|default:`: a type union or a template filter chain.
fn is_type_union(v: &[u8]) -> bool {
    let mut parts = v.split(|&b| b == b'|');
    parts.clone().count() >= 2
        && parts.all(|part| is_identifier(part.strip_suffix(b":").unwrap_or(part)))
}

/// `is_staff=True`, `StrictHostKeyChecking=no`: a keyword argument or option, not a value.
fn is_keyword_argument(v: &[u8]) -> bool {
    let Some(eq) = v.iter().position(|&b| b == b'=') else {
        return false;
    };
    is_identifier(&v[..eq]) && is_identifier(&v[eq + 1..])
}

/// The fewest decoded bytes that say "text": random bytes are all printable once in 10^5; with
/// a space among them, fewer do.
const TEXT_BYTES: usize = 12;
const PROSE_BYTES: usize = 8;

/// True when `value` (its armour lines and line breaks aside) is base64 of printable text, as
/// `ZHVtbXkgdGV4dA==` is of `dummy text`: a value written to look encoded, not a secret.
/// `prose`: the text must also be prose (a space, no `:`) or JSON, since base64 of a password
/// or of `user:password` (a Kubernetes secret, a basic-auth header) is a credential.
fn decodes_to_text(value: &[u8], prose: bool) -> bool {
    use base64::Engine;
    let body: Vec<u8> = value
        .split(|&b| b == b'\n')
        .map(<[u8]>::trim_ascii)
        .filter(|line| !line.starts_with(b"-----") && !line.contains(&b':'))
        .flatten()
        .copied()
        .filter(|&b| b != b'=')
        .collect();
    let engines = [
        base64::engine::general_purpose::STANDARD_NO_PAD,
        base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    engines.iter().any(|engine| {
        engine.decode(&body).is_ok_and(|bytes| {
            let spaced = bytes.contains(&b' ');
            let json = bytes.starts_with(b"{\"") && bytes.ends_with(b"}");
            (bytes.len() >= TEXT_BYTES || (spaced && bytes.len() >= PROSE_BYTES))
                && (!prose || json || (spaced && !bytes.contains(&b':')))
                && bytes
                    .iter()
                    .all(|&b| b == b'\n' || b == b'\t' || (0x20..0x7f).contains(&b))
        })
    })
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
        judged_at(Judged::Generic, path, line, value)
    }

    /// The verdict on `value`, found in `line` (the whole match) of the file `path`.
    fn judged_at(judged: Judged, path: &str, line: &str, value: &str) -> Option<Drop> {
        let start = line.find(value).unwrap();
        let secret = start..start + value.len();
        noise(path, line.as_bytes(), &(0..line.len()), &secret, judged)
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
                Judged::Generic
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
    fn trivial_logins_to_local_hosts_are_documentation() {
        for (line, value) in [
            ("URL = \"redis://foo:bar@localhost:6379/0\"", "bar"),
            (
                "M = \"mongodb://mongodb:mongodb@localhost:27017/db\"",
                "mongodb://mongodb:mongodb@localhost:27017/db",
            ),
            ("DB=postgres://app:postgres@db.example.com/x", "postgres"),
            ("URL = 'http://username:pas:word@foo.com/data'", "pas:word"),
        ] {
            assert_eq!(
                judged_at(Judged::Token, "a.py", line, value),
                Some(Drop::Placeholder),
                "{line}"
            );
        }
        // A real-looking password, or a trivial one on a real host, is kept.
        for (line, value) in [
            (
                "URL = \"redis://app:Zq8vN2kLp4Xw@localhost:6379/0\"",
                "Zq8vN2kLp4Xw",
            ),
            (
                "URL = \"redis://foo:bar@cache.internal.acme.io:6379\"",
                "bar",
            ),
        ] {
            assert_eq!(
                judged_at(Judged::Token, "a.py", line, value),
                None,
                "{line}"
            );
        }
    }

    #[test]
    fn type_unions_keyword_arguments_and_made_up_passwords_are_noise() {
        assert_eq!(
            generic(
                "export type MqttPassword = Buffer|Uint8Array|Blob|string;",
                "Buffer|Uint8Array|Blob|string"
            ),
            Some(Drop::FakeValue)
        );
        assert_eq!(
            generic("user(password=\"secret\", is_staff=True)", "is_staff=True"),
            Some(Drop::FakeValue)
        );
        // `eyJmb28iOiAiYmFyIn0=` is `{"foo": "bar"}`; `YSBzZWNyZXQ=` is `a secret`.
        assert_eq!(
            generic("token = 'eyJmb28iOiAiYmFyIn0='", "eyJmb28iOiAiYmFyIn0="),
            Some(Drop::FakeValue)
        );
        assert_eq!(
            generic("\"clientSecret\": \"YSBzZWNyZXQ=\"", "YSBzZWNyZXQ="),
            Some(Drop::FakeValue)
        );
        let password = |line: &str, value: &str| judged_at(Judged::Password, ".netrc", line, value);
        assert_eq!(
            password("web1 ansible_ssh_pass=broken", "broken"),
            Some(Drop::FakeValue)
        );
        assert_eq!(
            generic("settings[\"PASSWORD\"] = \"françois\"", "françois"),
            Some(Drop::FakeValue)
        );
        let netrc = "machine api.acme.io login deploy password ";
        assert_eq!(
            password(&format!("{netrc}hunter42"), "hunter42"),
            Some(Drop::FakeValue)
        );
        assert_eq!(
            password(&format!("{netrc}Zq8vN2kLp4Xw7Rt5"), "Zq8vN2kLp4Xw7Rt5"),
            None
        );
    }

    #[test]
    fn base64_of_text_is_no_secret() {
        // `dummy text data data data`
        assert_eq!(
            generic(
                "ANY_KEY = ZHVtbXkgdGV4dCBkYXRhIGRhdGEgZGF0YQ==",
                "ZHVtbXkgdGV4dCBkYXRhIGRhdGEgZGF0YQ=="
            ),
            Some(Drop::FakeValue)
        );
        let block = "-----BEGIN PRIVATE KEY-----\nYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=\n-----END PRIVATE KEY-----";
        let range = 0..block.len();
        assert_eq!(
            noise("k.pem", block.as_bytes(), &range, &range, Judged::Token),
            Some(Drop::FakeValue)
        );
        // Base64 of random bytes, and of a DER key's first bytes, is kept.
        assert_eq!(
            generic(
                "API_KEY = q8Zr2Lk9Xv0Pw3Ns7Tb5Yc1Hd4",
                "q8Zr2Lk9Xv0Pw3Ns7Tb5Yc1Hd4"
            ),
            None
        );
        let der = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----";
        let range = 0..der.len();
        assert_eq!(
            noise("k.pem", der.as_bytes(), &range, &range, Judged::Token),
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
                Judged::Token
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
                Judged::Token
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
                Judged::Token
            ),
            Some(Drop::EmbeddedData)
        );
    }
}

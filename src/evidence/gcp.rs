//! Google Cloud service-account key files: JSON objects with `"type": "service_account"`
//! naming the account (`client_email`), its project and the key's id, which is what an owner
//! needs to find and delete the key. The object may be the whole secret or sit inside a larger
//! text (a Terraform variable, a YAML value); it is then cut out by matching braces, within
//! bounds. A key file written as an escaped string (`{\"type\": ...}`) is not recognised here.
use memchr::memmem;
use serde_json::{Map, Value};

use super::{Evidence, Lifetime};

/// How far before the `"type"` field its object's `{` is looked for, in bytes; a real key file
/// has it within a few hundred.
const LOOK_BACK: usize = 16 * 1024;
/// How far after its `{` an object's closing `}` is looked for, in bytes; key files are ~2.4 KB.
const LOOK_AHEAD: usize = 64 * 1024;
/// How many `{` before the field are tried as the start of its object.
const MAX_CANDIDATES: usize = 16;
const FACTS: [&str; 3] = ["client_email", "project_id", "private_key_id"];

/// Whether `text` has a `"type": "service_account"` field.
pub(super) fn is_service_account(text: &[u8]) -> bool {
    type_field(text).is_some()
}

/// The account, project and key id of a service-account key, or unparsed evidence when the
/// JSON around the type field (or the whole `text`, without one) is broken.
pub(super) fn evidence(text: &[u8]) -> Evidence {
    parse(text).unwrap_or_else(Evidence::unparsed)
}

fn parse(text: &[u8]) -> Option<Evidence> {
    let key = match type_field(text) {
        Some(at) => enclosing_object(text, at)?,
        None => as_service_account(text.trim_ascii())?,
    };
    let mut e = Evidence {
        lifetime: Some(Lifetime::Long),
        ..Evidence::default()
    };
    for name in FACTS {
        if let Some(value) = key.get(name).and_then(Value::as_str) {
            e.fact(name, value);
        }
    }
    Some(e)
}

/// Where the first `"type": "service_account"` field starts, spaces around the colon allowed.
fn type_field(text: &[u8]) -> Option<usize> {
    memmem::find_iter(text, b"\"type\"").find(|&at| {
        let rest = text[at + 6..].trim_ascii_start();
        rest.strip_prefix(b":")
            .is_some_and(|v| v.trim_ascii_start().starts_with(b"\"service_account\""))
    })
}

/// The service-account object around the field at `at`: from the nearest `{` back, the first
/// whose balanced object spans the field and parses.
fn enclosing_object(text: &[u8], at: usize) -> Option<Map<String, Value>> {
    let start = at.saturating_sub(LOOK_BACK);
    let opens = std::iter::successors(Some(at), |&before| {
        memchr::memrchr(b'{', &text[start..before]).map(|i| start + i)
    });
    opens
        .skip(1)
        .take(MAX_CANDIDATES)
        .find_map(|open| match object_end(text, open) {
            Some(close) if close > at => as_service_account(&text[open..=close]),
            _ => None,
        })
}

/// The index of the `}` that closes the object opening at `open`, skipping braces in strings.
fn object_end(text: &[u8], open: usize) -> Option<usize> {
    let end = text.len().min(open.saturating_add(LOOK_AHEAD));
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in text[open..end].iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

fn as_service_account(json: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice(json).ok()? {
        Value::Object(map)
            if map.get("type").and_then(Value::as_str) == Some("service_account") =>
        {
            Some(map)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::gather;
    use super::*;
    use crate::rules::EvidenceFormat;
    use serde_json::json;

    fn key_file() -> String {
        serde_json::to_string_pretty(&json!({
            "type": "service_account",
            "project_id": "acme-prod-4711",
            "private_key_id": "3f1c0e9a6b2d4c8e0f1a2b3c4d5e6f708192a3b4",
            "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
            "client_email": "deployer@acme-prod-4711.iam.gserviceaccount.com",
            "client_id": "104729384756102938475",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "universe_domain": "googleapis.com",
            "nested": {"note": "braces } { in strings"}
        }))
        .unwrap()
    }

    fn assert_facts(e: &Evidence) {
        assert_eq!(
            e.facts["client_email"],
            "deployer@acme-prod-4711.iam.gserviceaccount.com"
        );
        assert_eq!(e.facts["project_id"], "acme-prod-4711");
        assert_eq!(
            e.facts["private_key_id"],
            "3f1c0e9a6b2d4c8e0f1a2b3c4d5e6f708192a3b4"
        );
        assert_eq!(e.lifetime, Some(Lifetime::Long));
        assert!(!e.unparsed);
    }

    #[test]
    fn a_whole_key_file() {
        let e = gather(
            Some(EvidenceFormat::ServiceAccount),
            key_file().as_bytes(),
            0,
        );
        assert_facts(&e);
        assert!(
            !e.facts.contains_key("algorithm"),
            "the file wins over its PEM"
        );
    }

    #[test]
    fn a_key_file_inside_other_text() {
        let compact: Value = serde_json::from_str(&key_file()).unwrap();
        for text in [
            format!(
                "variable \"creds\" {{\n  default = <<EOF\n{}\nEOF\n}}\n",
                key_file()
            ),
            format!("{{\"outer\": {{\"a\": 1}}, \"key\": {compact}, \"z\": [1]}}"),
            format!("credentials: '{compact}'"),
        ] {
            assert_facts(&gather(None, text.as_bytes(), 0));
        }
    }

    #[test]
    fn broken_json_is_unparsed() {
        let whole = key_file();
        let cut = &whole[..whole.len() - 40];
        let no_comma = whole.replacen(",", "", 1);
        for text in [
            cut,
            &no_comma,
            "\"type\": \"service_account\"",
            "{\"type\" : \"service_account\"",
        ] {
            let e = gather(Some(EvidenceFormat::ServiceAccount), text.as_bytes(), 0);
            assert!(e.unparsed, "{text}");
            assert_eq!(e.lifetime, Some(Lifetime::Unknown));
        }
        for text in ["{", "{\"type\": \"authorized_user\"}", "{}}"] {
            assert!(evidence(text.as_bytes()).unparsed, "{text}");
        }
    }

    #[test]
    fn the_object_search_is_bounded() {
        // Thousands of unclosed braces before the field: only a few are tried, and none closes.
        let text = format!("{}\"type\": \"service_account\"", "{".repeat(100_000));
        assert!(evidence(text.as_bytes()).unparsed);
        let far = format!(
            "{{{}\"type\": \"service_account\"}}",
            " ".repeat(LOOK_BACK + 1)
        );
        assert!(evidence(far.as_bytes()).unparsed);
    }

    #[test]
    fn the_type_field_allows_spaces() {
        assert!(is_service_account(b"{\"type\"  :\n \"service_account\"}"));
        assert!(!is_service_account(b"{\"type\": \"service_accounts\"}"));
        assert!(!is_service_account(b"{\"type\": \"user\"}"));
        assert!(!is_service_account(b"\"type\""));
    }
}

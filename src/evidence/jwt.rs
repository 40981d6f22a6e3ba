//! JSON Web Tokens: the header and payload are base64url JSON anyone can read, and their
//! claims say who issued the token, for whom, and until when. This module reads them (padded or
//! not) and turns `exp`/`iat` into a lifetime; it does not check the signature, so the claims
//! are what the token says, not what its issuer vouches for. An encrypted token (JWE, five
//! parts) gives only its header.
use serde_json::{Map, Value};

use super::{Evidence, Lifetime, BASE64_URL};
use crate::date;
use base64::Engine;

/// A token valid for at most this long after it was issued is short-lived.
const SHORT_LIVED_SECS: i64 = 86_400;

/// The claims and lifetime of a JWT, or unparsed evidence when it is not one.
pub(super) fn evidence(token: &[u8], now: i64) -> Evidence {
    parse(token, now).unwrap_or_else(Evidence::unparsed)
}

fn parse(token: &[u8], now: i64) -> Option<Evidence> {
    // Six pieces at most: enough to tell a five-part JWE from junk with many dots.
    let parts: Vec<&[u8]> = token.splitn(6, |&b| b == b'.').collect();
    let header = decode_object(parts[0])?;
    let mut e = Evidence::default();
    text_claim(&mut e, &header, "alg");
    text_claim(&mut e, &header, "typ");
    match parts.len() {
        3 => {}
        5 if header.contains_key("enc") => {
            text_claim(&mut e, &header, "enc");
            return Some(e);
        }
        _ => return None,
    }
    // The signature is never checked, but junk there means this is not a token.
    if !parts[2]
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'='))
    {
        return None;
    }
    let claims = decode_object(parts[1])?;
    text_claim(&mut e, &claims, "iss");
    text_claim(&mut e, &claims, "sub");
    match claims.get("aud") {
        Some(Value::Array(items)) => {
            let auds: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            e.fact("aud", auds.join(","));
        }
        Some(aud) => {
            if let Some(text) = as_text(aud) {
                e.fact("aud", text);
            }
        }
        None => {}
    }
    let iat = claims.get("iat").and_then(numeric_date);
    let exp = claims.get("exp").map(numeric_date);
    for (name, time) in [("iat", iat), ("exp", exp.flatten())] {
        if let Some(t) = time {
            e.fact(name, date::rfc3339(t, 0));
        }
    }
    e.lifetime = Some(match (exp, iat) {
        (None, _) => Lifetime::Long,
        // An `exp` that is not a time: the token's own lifetime cannot be read.
        (Some(None), _) => Lifetime::Unknown,
        (Some(Some(exp)), _) if exp < now => Lifetime::Expired,
        (Some(Some(exp)), Some(iat)) if exp.saturating_sub(iat) <= SHORT_LIVED_SECS => {
            Lifetime::Short
        }
        (Some(Some(_)), _) => Lifetime::Long,
    });
    Some(e)
}

fn decode_object(part: &[u8]) -> Option<Map<String, Value>> {
    let bytes = BASE64_URL.decode(part).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn text_claim(e: &mut Evidence, map: &Map<String, Value>, name: &str) {
    if let Some(text) = map.get(name).and_then(as_text) {
        e.fact(name, text);
    }
}

/// A string claim, or a number where an issuer put one instead.
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A NumericDate: seconds since the epoch, possibly with a fraction (dropped).
fn numeric_date(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| {
        // `as` saturates, so a huge float becomes i64::MAX rather than wrapping.
        v.as_f64()
            .filter(|f| f.is_finite())
            .map(|f| f.floor() as i64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
    use serde_json::json;

    const NOW: i64 = 1_700_000_000;

    fn jwt(header: Value, claims: Value) -> String {
        let part = |v: Value| URL_SAFE_NO_PAD.encode(v.to_string());
        format!("{}.{}.c2lnbmF0dXJl", part(header), part(claims))
    }

    fn hs256(claims: Value) -> String {
        jwt(json!({"alg": "HS256", "typ": "JWT"}), claims)
    }

    #[test]
    fn an_expired_token_is_expired() {
        let t = hs256(
            json!({"iss": "https://issuer.example", "sub": "svc-1", "iat": NOW - 7200, "exp": NOW - 3600}),
        );
        let e = evidence(t.as_bytes(), NOW);
        assert_eq!(e.lifetime, Some(Lifetime::Expired));
        assert_eq!(e.facts["alg"], "HS256");
        assert_eq!(e.facts["typ"], "JWT");
        assert_eq!(e.facts["iss"], "https://issuer.example");
        assert_eq!(e.facts["sub"], "svc-1");
        assert_eq!(e.facts["exp"], "2023-11-14T21:13:20Z");
        assert_eq!(e.facts["iat"], "2023-11-14T20:13:20Z");
        assert!(!e.unparsed);
    }

    #[test]
    fn a_token_valid_for_a_day_at_most_is_short_lived() {
        let t = hs256(json!({"iat": NOW - 60, "exp": NOW + 86_400 - 60, "aud": ["api", "web"]}));
        let e = evidence(t.as_bytes(), NOW);
        assert_eq!(e.lifetime, Some(Lifetime::Short));
        assert_eq!(e.facts["aud"], "api,web");
    }

    #[test]
    fn a_token_without_exp_is_long_lived() {
        let e = evidence(hs256(json!({"sub": "ci", "aud": "api"})).as_bytes(), NOW);
        assert_eq!(e.lifetime, Some(Lifetime::Long));
        assert_eq!(e.facts["aud"], "api");
        assert!(!e.facts.contains_key("exp"));
    }

    #[test]
    fn a_token_valid_for_a_year_is_long_lived() {
        let t = hs256(json!({"iat": NOW, "exp": NOW + 365 * 86_400}));
        assert_eq!(evidence(t.as_bytes(), NOW).lifetime, Some(Lifetime::Long));
        let no_iat = hs256(json!({"exp": NOW + 60}));
        assert_eq!(
            evidence(no_iat.as_bytes(), NOW).lifetime,
            Some(Lifetime::Long)
        );
    }

    #[test]
    fn padded_parts_and_fractional_dates_are_read() {
        let part = |v: Value| URL_SAFE.encode(v.to_string());
        let t = format!(
            "{}.{}.",
            part(json!({"alg": "none"})),
            part(json!({"exp": 1.5e9, "iat": 1_499_999_000.25}))
        );
        let e = evidence(t.as_bytes(), NOW);
        assert_eq!(e.facts["alg"], "none");
        assert_eq!(e.facts["exp"], "2017-07-14T02:40:00Z");
        assert_eq!(e.lifetime, Some(Lifetime::Expired));
    }

    #[test]
    fn a_non_numeric_exp_leaves_the_lifetime_unknown() {
        let e = evidence(hs256(json!({"exp": "tomorrow"})).as_bytes(), NOW);
        assert_eq!(e.lifetime, Some(Lifetime::Unknown));
        assert!(!e.unparsed);
    }

    #[test]
    fn an_encrypted_token_gives_its_header() {
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
        let t = format!("{header}.a2V5.aXY.Y2lwaGVy.dGFn");
        let e = evidence(t.as_bytes(), NOW);
        assert_eq!(e.facts["enc"], "A256GCM");
        assert_eq!(e.lifetime, None);
        assert!(!e.unparsed);
    }

    #[test]
    fn malformed_tokens_are_unparsed() {
        let good = hs256(json!({"sub": "x"}));
        let (header, rest) = good.split_once('.').unwrap();
        let not_json = URL_SAFE_NO_PAD.encode("{not json");
        let array = URL_SAFE_NO_PAD.encode("[1,2]");
        for bad in [
            String::new(),
            "eyJ".to_string(),
            "...".to_string(),
            format!("{header}.{not_json}.sig"),
            format!("{header}.{array}.sig"),
            format!("{header}.!!!.sig"),
            format!("{header}.{rest}.extra"),
            format!("{good}!"),
            format!("{}.{rest}", &header[..header.len() - 1]),
            format!("{header}.a.b.c.d"),
        ] {
            let e = evidence(bad.as_bytes(), NOW);
            assert!(e.unparsed, "{bad}");
            assert_eq!(e.lifetime, Some(Lifetime::Unknown));
        }
    }
}

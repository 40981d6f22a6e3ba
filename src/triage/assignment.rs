//! Tells a literal value (`password = "s3cr3t!"`, `TOKEN=ab12...` in a `.env` file) from code
//! that merely names a credential (`token: super::Foundation::HANDLE`, `secret = settings.KEY`,
//! `password: $DB_PASSWORD`). Generic assignment rules cannot tell these apart by regex alone;
//! the bytes around the value can.
use std::ops::Range;

/// True when `value` (a span of `haystack`) is a literal worth reporting.
pub fn is_literal_value(haystack: &[u8], value: Range<usize>) -> bool {
    let v = &haystack[value.clone()];
    if v.is_empty() || matches!(v[0], b'$' | b'%' | b'@' | b'&' | b'*' | b'!' | b':') {
        return false;
    }
    if contains(v, b"::") || contains(v, b"->") {
        return false;
    }
    // Names, dotted paths and constants: a value without a digit or a symbol is an identifier.
    if v.iter()
        .all(|b| b.is_ascii_alphabetic() || *b == b'_' || *b == b'.')
    {
        return false;
    }
    let quoted = value.start > 0 && matches!(haystack[value.start - 1], b'"' | b'\'' | b'`');
    let rest = &haystack[value.end..];
    if quoted {
        return !continues_as_expression(rest);
    }
    // Element text (`<key>v</key>`) is a literal when its element closes; after a bare `>`
    // (`-<token>-issue@host`, `a->token> b`) nothing says the bytes are a value.
    let before = haystack[..value.start].trim_ascii_end();
    let opened_by_tag = before.ends_with(b">") && !before.ends_with(b"=>");
    let closes_tag = rest.trim_ascii_start().starts_with(b"</");
    if opened_by_tag {
        return closes_tag;
    }
    closes_tag || ends_its_line(rest)
}

/// After a quoted value's closing quote, `+ var`, `% args` or PHP's `. $var`: the string is a
/// piece of one built at run time (`'credentials/' + client`, `'__omit__%s' % sha1(...)`).
fn continues_as_expression(rest: &[u8]) -> bool {
    let Some((&quote, after)) = rest.split_first() else {
        return false;
    };
    if !matches!(quote, b'"' | b'\'' | b'`') {
        return false;
    }
    let after = after.trim_ascii_start();
    match after {
        [b'+' | b'%', next, ..] => *next != b'=',
        [b'.', b' ' | b'$', ..] => true,
        _ => false,
    }
}

/// An unquoted value is a literal only in config style (`.env`, YAML, INI, properties), where
/// nothing but a comment follows it on its line, or as an XML element's text (`<key>v</key>`).
fn ends_its_line(rest: &[u8]) -> bool {
    let line = match memchr::memchr(b'\n', rest) {
        Some(nl) => &rest[..nl],
        None => rest,
    };
    let trimmed: &[u8] = {
        let start = line
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t' | b'\r'))
            .unwrap_or(line.len());
        &line[start..]
    };
    trimmed.is_empty() || trimmed.starts_with(b"#") || trimmed.starts_with(b"//") || trimmed == b";"
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(line: &str, value: &str) -> bool {
        let start = line.find(value).unwrap();
        is_literal_value(line.as_bytes(), start..start + value.len())
    }

    #[test]
    fn quoted_and_line_ending_values_are_literals() {
        assert!(literal("password = \"hunter2!x\", x", "hunter2!x"));
        assert!(literal("TOKEN=ab12cd34ef56\n", "ab12cd34ef56"));
        assert!(literal("token: ab12cd34ef56  # ci\n", "ab12cd34ef56"));
        assert!(literal("<token>ab12cd34ef56</token> x", "ab12cd34ef56"));
    }

    #[test]
    fn element_text_is_a_literal_only_inside_its_element() {
        assert!(literal("<token>Zq8vN2kLp4Xw</token>", "Zq8vN2kLp4Xw"));
        assert!(!literal(
            "mail+team-<token>-issue@host.io",
            "-issue@host.io"
        ));
        assert!(literal("'pass' => Zq8vN2kLp4Xw", "Zq8vN2kLp4Xw"));
    }

    #[test]
    fn strings_built_at_run_time_are_not() {
        assert!(!literal(
            "lookup('x', 'credentials/' + client)",
            "credentials/"
        ));
        assert!(!literal(
            "tok = '__omit__q8Zr2Lx' % sha1(x)",
            "__omit__q8Zr2Lx"
        ));
        assert!(!literal("$pw = 'Zq8vN2kLp4' . $suffix;", "Zq8vN2kLp4"));
        assert!(literal("pw = 'Zq8vN2kLp4'  # +1", "Zq8vN2kLp4"));
    }

    #[test]
    fn code_identifiers_and_references_are_not() {
        assert!(!literal(
            "clienttoken : super::Foundation::HANDLE,",
            "super::Foundation::HANDLE"
        ));
        assert!(!literal(
            "PendToken: CRYPT_INTEGER_BLOB,\n",
            "CRYPT_INTEGER_BLOB"
        ));
        assert!(!literal(
            "secret = settings.SECRET_KEY\n",
            "settings.SECRET_KEY"
        ));
        assert!(!literal("password: $DB_PASSWORD\n", "$DB_PASSWORD"));
        assert!(!literal("token = tok3n_value + suffix\n", "tok3n_value"));
    }
}

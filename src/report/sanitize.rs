//! Makes untrusted bytes safe to print: invalid UTF-8 becomes U+FFFD, and control characters
//! and Unicode bidirectional overrides (which can make a terminal or a code review show
//! something other than what is there) are escaped as `\u{..}`. Tabs become `\t`.
use std::fmt::Write;

/// Sanitised, printable text for `bytes`.
pub fn sanitize(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_bidi_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_and_bidi() {
        assert_eq!(sanitize(b"a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(sanitize(b"x\ry\n"), "x\\u{d}y\\u{a}");
        assert_eq!(sanitize("a\u{202e}b".as_bytes()), "a\\u{202e}b");
        assert_eq!(sanitize(b"\xff ok"), "\u{fffd} ok");
        assert_eq!(sanitize("héllo".as_bytes()), "héllo");
    }
}

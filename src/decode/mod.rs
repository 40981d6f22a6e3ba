//! Finds encoded text inside a blob and decodes it, so that a secret kept base64-encoded (a
//! Kubernetes Secret's `data:`, a config value, an environment dump, wrapped over lines or not),
//! hex-encoded, percent-encoded (a URL's query, `token%3Dghp_...`), escaped inside a string
//! literal (`\u003d`, `\x67`, a key's `\n` in JSON) or written with HTML entities is scanned
//! like a plain one. Only candidate spans are decoded (long runs of the encoding's alphabet, or
//! the words around an escape), and only decodings that read as text are kept: a hash or a
//! compressed payload decodes to noise and is dropped. The decoder knows nothing of rules or
//! findings; `scan` scans what it returns.
use std::fmt;
use std::ops::Range;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

/// Shorter runs are mostly identifiers and words; 24 characters decode to 18 bytes, enough
/// for the shortest secret worth finding with some context around it.
const MIN_RUN: usize = 24;
/// Hex digits a hex run needs: 16 bytes of text.
const MIN_HEX: usize = 32;
/// Decodings with fewer bytes than this are too short to hold a finding.
const MIN_DECODED: usize = 12;
/// A decoding is text when at most this share of its bytes is not printable ASCII.
const MAX_UNPRINTABLE: f64 = 0.05;

/// How a span was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Base64,
    Hex,
    Percent,
    /// Backslash escapes in a string literal.
    Escape,
    /// HTML character references.
    Html,
    Utf16Le,
    Utf16Be,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Base64 => "base64",
            Encoding::Hex => "hex",
            Encoding::Percent => "percent-encoding",
            Encoding::Escape => "escapes",
            Encoding::Html => "html-entities",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        })
    }
}

/// A span of a blob that decodes to text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub span: Range<usize>,
    pub encoding: Encoding,
    pub text: Vec<u8>,
}

/// Every span of `bytes` that decodes to text, by encoding then position.
pub fn decode_all(bytes: &[u8]) -> Vec<Decoded> {
    // A run of hex digits is also a run of base64: decoded as hex when that reads as text.
    let base64 = base64_runs(bytes).filter_map(|span| {
        let run = &bytes[span.clone()];
        let unwrapped: Vec<u8>;
        let run = if run.contains(&b'\n') {
            unwrapped = run
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            &unwrapped[..]
        } else {
            run
        };
        let (encoding, text) = if may_be_hex_text(run) {
            (Encoding::Hex, decode_hex(run))
        } else if may_be_text(run) {
            (Encoding::Base64, decode_base64(run)?)
        } else {
            return None;
        };
        is_text(&text).then_some(Decoded {
            span,
            encoding,
            text,
        })
    });
    let decoded = |encoding: Encoding, decode: fn(&[u8]) -> Vec<u8>| {
        move |span: Range<usize>| {
            let text = decode(&bytes[span.clone()]);
            is_text(&text).then_some(Decoded {
                span,
                encoding,
                text,
            })
        }
    };
    let percent = percent_runs(bytes).filter_map(decoded(Encoding::Percent, decode_percent));
    let escaped = escape_runs(bytes).filter_map(decoded(Encoding::Escape, decode_escapes));
    let html = html_runs(bytes).filter_map(decoded(Encoding::Html, decode_html));
    base64.chain(percent).chain(escaped).chain(html).collect()
}

/// A run of only `\n`-style escapes is decoded when at least this long: a key or a
/// certificate kept in a JSON string, not a `printf` format.
const MIN_LINE_ESCAPES: usize = 100;

/// The number hex `digits` spell; None if there are none or one is not a hex digit.
fn hex_number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() {
        return None;
    }
    digits
        .iter()
        .try_fold(0u32, |n, &d| Some(n << 4 | (d as char).to_digit(16)?))
}

/// The escape at `at` (a backslash): its length and whether it hides a character (`\u`, `\x`)
/// rather than a line break or a tab; None if it is not one that is decoded.
fn escape_at(bytes: &[u8], at: usize) -> Option<(usize, bool)> {
    let hex = |from: usize, n: usize| bytes.get(from..from + n).and_then(hex_number).is_some();
    match bytes.get(at + 1)? {
        b'u' if hex(at + 2, 4) => Some((6, true)),
        b'x' if hex(at + 2, 2) => Some((4, true)),
        b'n' | b'r' | b't' => Some((2, false)),
        _ => None,
    }
}

/// Whether `bytes[i]` ends a string literal's run: a line break, or a quote not escaped.
fn ends_literal(bytes: &[u8], i: usize) -> bool {
    let b = bytes[i];
    matches!(b, b'\n' | b'\r')
        || (matches!(b, b'"' | b'\'' | b'`') && (i == 0 || bytes[i - 1] != b'\\'))
}

/// The runs of string-literal text around escapes: ones that hide a character, or long runs of
/// line-break escapes.
fn escape_runs(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let at = from + memchr::memchr(b'\\', bytes.get(from..)?)?;
        if escape_at(bytes, at).is_none() {
            from = at + 2;
            continue;
        }
        let start = (0..at)
            .rev()
            .find(|&i| ends_literal(bytes, i))
            .map_or(0, |i| i + 1);
        let end = (at..bytes.len())
            .find(|&i| ends_literal(bytes, i))
            .unwrap_or(bytes.len());
        from = end + 1;
        let run = &bytes[start..end];
        let hides = (0..run.len())
            .filter(|&i| run[i] == b'\\')
            .any(|i| escape_at(run, i).is_some_and(|(_, hides)| hides));
        if run.len() >= MIN_DECODED && (hides || run.len() >= MIN_LINE_ESCAPES) {
            return Some(start..end);
        }
    })
}

/// `run` with its escapes replaced by what they stand for (`\uXXXX` pairs joined into one
/// character); anything else is kept as it is.
fn decode_escapes(run: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(run.len());
    let mut i = 0;
    let unit = |at: usize| -> Option<u32> {
        if run.get(at) != Some(&b'\\') || run.get(at + 1) != Some(&b'u') {
            return None;
        }
        run.get(at + 2..at + 6).and_then(hex_number)
    };
    while i < run.len() {
        if run[i] == b'\\' {
            let simple = match run.get(i + 1) {
                Some(b'n') => Some(b'\n'),
                Some(b'r') => Some(b'\r'),
                Some(b't') => Some(b'\t'),
                Some(&c @ (b'"' | b'\'' | b'\\' | b'/')) => Some(c),
                _ => None,
            };
            if let Some(c) = simple {
                out.push(c);
                i += 2;
                continue;
            }
            if let Some(high) = unit(i) {
                let (c, used) = match (high, unit(i + 6)) {
                    (0xd800..=0xdbff, Some(low @ 0xdc00..=0xdfff)) => (
                        char::from_u32(0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)),
                        12,
                    ),
                    _ => (char::from_u32(high), 6),
                };
                let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                i += used;
                continue;
            }
            if run.get(i + 1) == Some(&b'x') {
                if let Some(b) = run.get(i + 2..i + 4).and_then(hex_number) {
                    out.push(b as u8);
                    i += 4;
                    continue;
                }
            }
        }
        out.push(run[i]);
        i += 1;
    }
    out
}

/// The character reference at `at` (an `&`): its length and value, if it is one that is
/// decoded: numeric, or a name that can stand for a quote or a separator.
fn entity_at(bytes: &[u8], at: usize) -> Option<(usize, char)> {
    if !matches!(bytes.get(at + 1)?, b'#' | b'q' | b'a' | b'l' | b'g') {
        return None;
    }
    let rest = &bytes[at + 1..bytes.len().min(at + 12)];
    let semi = memchr::memchr(b';', rest)?;
    let body = &rest[..semi];
    let c = match body {
        b"quot" => '"',
        b"apos" => '\'',
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        [b'#', b'x' | b'X', hex @ ..] => char::from_u32(hex_number(hex)?)?,
        [b'#', dec @ ..] if !dec.is_empty() && dec.iter().all(u8::is_ascii_digit) => {
            char::from_u32(std::str::from_utf8(dec).ok()?.parse().ok()?)?
        }
        _ => return None,
    };
    Some((semi + 2, c))
}

/// Runs of non-blank text between tags that hold a character reference other than `&amp;`,
/// `&lt;` or `&gt;` (those do not hide a secret's shape).
fn html_runs(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let ends = |b: u8| b.is_ascii_whitespace() || b == b'<' || b == b'>';
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let at = from + memchr::memchr(b'&', bytes.get(from..)?)?;
        match entity_at(bytes, at) {
            Some((_, '&' | '<' | '>')) | None => {
                from = at + 1;
                continue;
            }
            Some(_) => {}
        }
        let start = bytes[..at]
            .iter()
            .rposition(|&b| ends(b))
            .map_or(0, |i| i + 1);
        let end = bytes[at..]
            .iter()
            .position(|&b| ends(b))
            .map_or(bytes.len(), |i| at + i);
        from = end;
        if end - start >= MIN_DECODED {
            return Some(start..end);
        }
    })
}

fn decode_html(run: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(run.len());
    let mut i = 0;
    while i < run.len() {
        if run[i] == b'&' {
            if let Some((len, c)) = entity_at(run, i) {
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                i += len;
                continue;
            }
        }
        out.push(run[i]);
        i += 1;
    }
    out
}

/// The text a secret that is itself base64 stands for (a Kubernetes Secret's `data:` value, a
/// Docker `auth`, an HTTP Basic credential), if it is base64 of printable text: every byte
/// printable, trailing line breaks dropped. Random keys decode to noise and are left alone.
pub fn base64_secret(secret: &[u8]) -> Option<Vec<u8>> {
    if secret.len() < 8 || !secret.iter().all(|&b| is_base64_byte(b) || b == b'=') {
        return None;
    }
    let mut text = decode_base64(secret)?;
    while text.last().is_some_and(|b| matches!(b, b'\n' | b'\r')) {
        text.pop();
    }
    let printable = text
        .iter()
        .all(|&b| b.is_ascii_graphic() || matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    (text.len() >= 4 && printable).then_some(text)
}

/// A UTF-16 file (one `source` sniffed as such) as UTF-8: by its byte-order mark, else by
/// which byte of each pair is NUL in its first 8 KiB. Unpaired surrogates become U+FFFD. Lines
/// and columns (in characters) are those of the file.
pub fn utf16(bytes: &[u8]) -> (Vec<u8>, Encoding) {
    let (body, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xff, 0xfe]) {
        (rest, Encoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(&[0xfe, 0xff]) {
        (rest, Encoding::Utf16Be)
    } else {
        let head = &bytes[..bytes.len().min(8 << 10)];
        let nul_first = head.iter().step_by(2).filter(|&&b| b == 0).count();
        let nul_second = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        if nul_first > nul_second {
            (bytes, Encoding::Utf16Be)
        } else {
            (bytes, Encoding::Utf16Le)
        }
    };
    let units = body.chunks_exact(2).map(|pair| match encoding {
        Encoding::Utf16Be => u16::from_be_bytes([pair[0], pair[1]]),
        _ => u16::from_le_bytes([pair[0], pair[1]]),
    });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    (text.into_bytes(), encoding)
}

/// Bytes that may appear in a percent-encoded URL or form value.
fn is_url_byte(b: u8) -> bool {
    b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'`' | b'<' | b'>' | b'(' | b')')
}

/// Maximal runs of URL bytes that hold at least one `%XX` escape.
fn percent_runs(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let at = from + memchr::memchr(b'%', bytes.get(from..)?)?;
        let escape = bytes.get(at + 1..at + 3);
        if !escape.is_some_and(|e| e.iter().all(u8::is_ascii_hexdigit)) {
            from = at + 1;
            continue;
        }
        let start = bytes[..at]
            .iter()
            .rposition(|&b| !is_url_byte(b))
            .map_or(0, |i| i + 1);
        let end = bytes[at..]
            .iter()
            .position(|&b| !is_url_byte(b))
            .map_or(bytes.len(), |i| at + i);
        from = end;
        if end - start >= MIN_DECODED {
            return Some(start..end);
        }
    })
}

/// `run` with each `%XX` replaced by its byte; anything else is kept as it is.
fn decode_percent(run: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(run.len());
    let mut i = 0;
    while i < run.len() {
        if run[i] == b'%' {
            if let Some(b) = run.get(i + 1..i + 3).and_then(hex_number) {
                out.push(b as u8);
                i += 3;
                continue;
            }
        }
        out.push(run[i]);
        i += 1;
    }
    out
}

/// The bytes of either base64 alphabet (`=` padding aside).
static BASE64: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'-' | b'_');
        b += 1;
    }
    table
};

fn is_base64_byte(b: u8) -> bool {
    BASE64[usize::from(b)]
}

/// The base64 search reads the text in windows of this many bytes, one bit each...
const WINDOW: usize = 64;
/// ...that start this far apart, so that every run of `MIN_RUN` that starts in a window's
/// first `WINDOW_STEP` bytes ends inside it.
const WINDOW_STEP: usize = WINDOW - MIN_RUN;

/// One bit per byte of the window at `at`, set for base64 bytes. Written as a comparison per
/// byte into flags, then packed eight flags at a time, so that the compiler turns it into
/// vector instructions: a quarter of the time of a table lookup per byte.
fn base64_window(bytes: &[u8], at: usize) -> u64 {
    let window: &[u8; WINDOW] = bytes[at..at + WINDOW].try_into().expect("a whole window");
    let mut flags = [0u8; WINDOW];
    for (flag, &b) in flags.iter_mut().zip(window) {
        let letter = (b | 0x20).wrapping_sub(b'a') < 26;
        let digit_or_slash = b.wrapping_sub(b'/') < 11;
        *flag = u8::from(letter | digit_or_slash | (b == b'+') | (b == b'-') | (b == b'_'));
    }
    let mut mask = 0u64;
    for (k, eight) in flags.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(eight.try_into().expect("eight flags"));
        // Gathers the low bit of each byte into the top byte, in order.
        mask |= (word.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    mask
}

/// Bits of `mask` that start `MIN_RUN` (24) set bits in a row, by doubling: runs of 2, 4, 8,
/// 16, then 16 followed by 8.
fn run_starts(mask: u64) -> u64 {
    let two = mask & (mask >> 1);
    let four = two & (two >> 2);
    let eight = four & (four >> 4);
    let sixteen = eight & (eight >> 8);
    sixteen & (eight >> 16)
}

/// Where the next run of at least `MIN_RUN` base64 bytes starting at or after `from` begins.
fn next_run(bytes: &[u8], mut from: usize) -> Option<usize> {
    while from + WINDOW <= bytes.len() {
        let starts = run_starts(base64_window(bytes, from)) & ((1 << WINDOW_STEP) - 1);
        if starts != 0 {
            return Some(from + starts.trailing_zeros() as usize);
        }
        from += WINDOW_STEP;
    }
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        run = if is_base64_byte(b) { run + 1 } else { 0 };
        if run == MIN_RUN {
            return Some(i + 1 - MIN_RUN);
        }
    }
    None
}

/// Maximal runs of base64 characters (either alphabet), with their `=` padding, at least
/// `MIN_RUN` long (or wrapped over lines), that may encode text.
fn base64_runs(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = next_run(bytes, from)?;
        let end = bytes[start + MIN_RUN..]
            .iter()
            .position(|&b| !is_base64_byte(b))
            .map_or(bytes.len(), |i| start + MIN_RUN + i);
        let end = wrapped_end(bytes, start, end);
        let mut padded = end;
        while padded < bytes.len() && padded - end < 2 && bytes[padded] == b'=' {
            padded += 1;
        }
        from = padded;
        Some(start..padded)
    })
}

/// Lines a wrapped block's first line must fill: `base64` wraps at 76, MIME and PEM at 64.
const MIN_WRAP: usize = 40;

/// Where the base64 block starting with the run `start..end` ends: a run that fills a line
/// (a multiple of four characters) goes on in the next lines of the same width (indentation
/// aside), up to a shorter last one, each ending its line.
fn wrapped_end(bytes: &[u8], start: usize, end: usize) -> usize {
    let width = end - start;
    if width < MIN_WRAP || !width.is_multiple_of(4) {
        return end;
    }
    let mut end = end;
    loop {
        let mut i = end;
        if bytes.get(i) == Some(&b'\r') {
            i += 1;
        }
        if bytes.get(i) != Some(&b'\n') {
            return end;
        }
        i += 1;
        while matches!(bytes.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        let line_end = bytes[i..]
            .iter()
            .position(|&b| !is_base64_byte(b))
            .map_or(bytes.len(), |n| i + n);
        let len = line_end - i;
        let after = bytes[line_end..]
            .iter()
            .position(|&b| b != b'=')
            .map(|n| bytes[line_end + n]);
        let ends_line = matches!(after, None | Some(b'\r' | b'\n' | b'"' | b'\''));
        if len == 0 || len > width || !ends_line {
            return end;
        }
        end = line_end;
        if len < width {
            return end;
        }
    }
}

/// Whether a run is hex that can encode ASCII text: an even number of digits, at least
/// `MIN_HEX`, the first of each pair (a byte's high half) `2` to `7` as printable ASCII has,
/// or `0` for a tab or a line break.
/// A digest or a key in hex fails this in its first bytes.
fn may_be_hex_text(run: &[u8]) -> bool {
    run.len() >= MIN_HEX
        && run.len().is_multiple_of(2)
        && run.iter().all(u8::is_ascii_hexdigit)
        && run
            .iter()
            .step_by(2)
            .all(|&c| matches!(c, b'0' | b'2'..=b'7'))
}

fn decode_hex(run: &[u8]) -> Vec<u8> {
    run.chunks_exact(2)
        .map(|pair| hex_number(pair).unwrap_or(0) as u8)
        .collect()
}

/// Whether a run can encode (mostly) ASCII text: the first character of each group of four
/// holds the top six bits of a byte, below 32 for ASCII (`A`-`Z`, `a`-`f`). Identifiers and
/// words fail this long before a whole run is decoded.
fn may_be_text(run: &[u8]) -> bool {
    let quads = run.len() / 4;
    let high = run
        .iter()
        .step_by(4)
        .take(quads)
        .filter(|&&c| !(c.is_ascii_uppercase() || (b'a'..=b'f').contains(&c)))
        .count();
    (high as f64) <= MAX_UNPRINTABLE * quads as f64
}

/// The run decoded with the alphabet it uses (`+/` standard, `-_` URL-safe), padded or not;
/// None if it mixes the two or is not base64 at all.
fn decode_base64(run: &[u8]) -> Option<Vec<u8>> {
    let standard = run.iter().any(|&b| b == b'+' || b == b'/');
    let url = run.iter().any(|&b| b == b'-' || b == b'_');
    let alphabet = match (standard, url) {
        (true, true) => return None,
        (false, true) => &alphabet::URL_SAFE,
        _ => &alphabet::STANDARD,
    };
    let config = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    GeneralPurpose::new(alphabet, config).decode(run).ok()
}

fn is_text(bytes: &[u8]) -> bool {
    if bytes.len() < MIN_DECODED {
        return false;
    }
    let unprintable = bytes
        .iter()
        .filter(|&&b| !(b.is_ascii_graphic() || matches!(b, b' ' | b'\t' | b'\n' | b'\r')))
        .count();
    (unprintable as f64) <= MAX_UNPRINTABLE * bytes.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

    #[test]
    fn finds_and_decodes_text_in_either_alphabet() {
        let secret = "token: ghp_0123456789abcdefghijklmnopqrstuvwxyz";
        let text = format!(
            "a: {}\nb: \"{}\"\n",
            STANDARD.encode(secret),
            URL_SAFE_NO_PAD.encode(secret)
        );
        let found = decode_all(text.as_bytes());
        assert_eq!(found.len(), 2);
        for d in &found {
            assert_eq!(d.text, secret.as_bytes());
            assert_eq!(d.encoding, Encoding::Base64);
        }
        assert_eq!(&text[found[0].span.clone()], STANDARD.encode(secret));
    }

    #[test]
    fn noise_and_short_runs_are_not_decoded() {
        let hash = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
        let binary = STANDARD.encode([0u8, 1, 2, 3, 250, 251, 252, 253, 254, 255, 7, 8, 9, 10]);
        let short = STANDARD.encode("hello");
        let mixed = "path/to/some_module-name/and/more_things";
        for text in [hash, &binary, &short, mixed] {
            assert_eq!(decode_all(text.as_bytes()), vec![], "{text}");
        }
    }

    #[test]
    fn percent_escapes_in_a_url_are_decoded() {
        let text =
            "see https://ci.example/hook?cfg=token%3Dghp_0123456789abcdefghijklmno%26x%3D1 ok";
        let found = decode_all(text.as_bytes());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].encoding, Encoding::Percent);
        assert_eq!(
            found[0].text,
            b"https://ci.example/hook?cfg=token=ghp_0123456789abcdefghijklmno&x=1"
        );
        assert_eq!(
            &text[found[0].span.clone()],
            text[4..text.len() - 3].to_string()
        );
        assert_eq!(decode_all(b"100% sure, 50%off, %zz"), vec![]);
    }

    #[test]
    fn hex_that_reads_as_text_is_decoded_and_digests_are_not() {
        let secret = "GITHUB_TOKEN=ghp_0123456789abcdefghij";
        let hex: String = secret.bytes().map(|b| format!("{b:02x}")).collect();
        let text = format!("blob: {hex}\nsha: da39a3ee5e6b4b0d3255bfef95601890afd80709\n");
        let found = decode_all(text.as_bytes());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].encoding, Encoding::Hex);
        assert_eq!(found[0].text, secret.as_bytes());
    }

    #[test]
    fn utf16_files_read_as_their_text() {
        let text = "k = \"v\u{e9}\u{1F511}\"\nnext";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(utf16(&le), (text.as_bytes().to_vec(), Encoding::Utf16Le));
        let mut be = vec![0xfe, 0xff];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(utf16(&be), (text.as_bytes().to_vec(), Encoding::Utf16Be));
        let unbom: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(utf16(&unbom).1, Encoding::Utf16Be);
    }

    #[test]
    fn base64_wrapped_over_lines_is_one_span() {
        let secret = "export GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyz; ".repeat(3);
        let encoded = STANDARD.encode(&secret);
        let lines: Vec<&str> = encoded
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        let text = format!("blob: |\n  {}\nnext: value\n", lines.join("\n  "));
        let found = decode_all(text.as_bytes());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].text, secret.as_bytes());
        let yaml = format!("a: {}\n  password: x\n", &encoded[..64]);
        assert_eq!(
            &yaml[decode_all(yaml.as_bytes())[0].span.clone()],
            &encoded[..64]
        );
    }

    #[test]
    fn escapes_in_string_literals_are_decoded() {
        let text = r#"cfg = "token\u003dghp_0123456789abcdefghij"; s = 'x\x3dy\x3dzzzzzzzzzz' ok"#;
        let found = decode_all(text.as_bytes());
        let texts: Vec<&[u8]> = found.iter().map(|d| &d.text[..]).collect();
        assert_eq!(
            texts,
            vec![&b"token=ghp_0123456789abcdefghij"[..], b"x=y=zzzzzzzzzz"]
        );
        assert!(found.iter().all(|d| d.encoding == Encoding::Escape));
        assert!(decode_all(br#"printf("%s\n", name);"#).is_empty());
        assert_eq!(decode_escapes(br"\ud83d\ude00"), "\u{1F600}".as_bytes());
        let key = format!(
            r#"{{"key": "-----BEGIN KEY-----\n{}\n-----END KEY-----\n"}}"#,
            "A".repeat(64)
        );
        let found = decode_all(key.as_bytes());
        assert!(found
            .iter()
            .any(|d| d.encoding == Encoding::Escape && d.text.contains(&b'\n')));
    }

    #[test]
    fn html_character_references_are_decoded() {
        let text = "<input value=\"token&#61;ghp_0123456789abcdef&quot;\"> a &amp; b &lt;c&gt;";
        let found = decode_all(text.as_bytes());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].encoding, Encoding::Html);
        assert_eq!(found[0].text, b"value=\"token=ghp_0123456789abcdef\"\"");
    }

    #[test]
    fn a_secret_that_is_base64_of_text_is_read_as_that_text() {
        let auth = STANDARD.encode("deploy:Zq8#kLm2vR9x\n");
        assert_eq!(
            base64_secret(auth.as_bytes()),
            Some(b"deploy:Zq8#kLm2vR9x".to_vec())
        );
        for random in [
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "ghp_0123456789abcdefghij",
            "c2VjcmV0",
        ] {
            let decoded = base64_secret(random.as_bytes());
            assert!(
                decoded.is_none() || random == "c2VjcmV0",
                "{random}: {decoded:?}"
            );
        }
        assert_eq!(base64_secret(b"c2VjcmV0"), Some(b"secret".to_vec()));
    }

    #[test]
    fn the_window_mask_agrees_with_the_table() {
        let bytes: Vec<u8> = (0..=255u8).chain(0..=255u8).rev().collect();
        for at in 0..bytes.len() - WINDOW {
            let mask = base64_window(&bytes, at);
            for i in 0..WINDOW {
                assert_eq!(
                    mask >> i & 1 == 1,
                    is_base64_byte(bytes[at + i]),
                    "{at} {i}"
                );
            }
        }
    }

    #[test]
    fn runs_are_found_wherever_they_fall_against_the_windows() {
        for len in [MIN_RUN - 1, MIN_RUN, MIN_RUN + 1, 63, 64, 65, 200] {
            for at in 0..130 {
                let mut text = vec![b' '; 400];
                text[at..at + len].fill(b'Q');
                let runs: Vec<_> = base64_runs(&text).collect();
                let want: Vec<Range<usize>> = (len >= MIN_RUN)
                    .then_some(at..at + len)
                    .into_iter()
                    .collect();
                assert_eq!(runs, want, "run of {len} at {at}");
            }
        }
    }

    #[test]
    fn a_run_with_its_padding_is_one_span() {
        let encoded = STANDARD.encode("password=correct horse battery staple");
        assert!(encoded.ends_with('='));
        let text = format!("x={encoded};");
        let found = decode_all(text.as_bytes());
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.clone()], encoded);
    }
}

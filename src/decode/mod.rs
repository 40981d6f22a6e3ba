//! Finds encoded text inside a blob and decodes it, so that a secret kept base64-encoded (a
//! Kubernetes Secret's `data:`, a config value, an environment dump) or percent-encoded (a URL's
//! query, `token%3Dghp_...`) is scanned like a plain one. Only candidate spans are decoded (long runs of the encoding's alphabet), and only
//! decodings that read as text are kept: a hash or a compressed payload decodes to noise and
//! is dropped. The decoder knows nothing of rules or findings; `scan` scans what it returns.
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
    Utf16Le,
    Utf16Be,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Base64 => "base64",
            Encoding::Hex => "hex",
            Encoding::Percent => "percent-encoding",
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
    let percent = percent_runs(bytes).filter_map(|span| {
        let text = decode_percent(&bytes[span.clone()]);
        is_text(&text).then_some(Decoded {
            span,
            encoding: Encoding::Percent,
            text,
        })
    });
    base64.chain(percent).collect()
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
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(run.len());
    let mut i = 0;
    while i < run.len() {
        if run[i] == b'%' {
            if let (Some(hi), Some(lo)) = (
                run.get(i + 1).copied().and_then(hex),
                run.get(i + 2).copied().and_then(hex),
            ) {
                out.push(hi << 4 | lo);
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

/// Maximal runs of base64 characters (either alphabet), with their `=` padding, at least
/// `MIN_RUN` long, that may encode text. A run that long covers every `MIN_RUN`th byte, so
/// the search looks at those first and only reads around the ones that are base64: most of
/// any source text is never looked at twice.
fn base64_runs(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let probe = from + MIN_RUN - 1;
        if probe >= bytes.len() {
            return None;
        }
        if !is_base64_byte(bytes[probe]) {
            from = probe + 1;
            continue;
        }
        let start = bytes[from..probe]
            .iter()
            .rposition(|&b| !is_base64_byte(b))
            .map_or(from, |i| from + i + 1);
        let end = bytes[probe..]
            .iter()
            .position(|&b| !is_base64_byte(b))
            .map_or(bytes.len(), |i| probe + i);
        let mut padded = end;
        while padded < bytes.len() && padded - end < 2 && bytes[padded] == b'=' {
            padded += 1;
        }
        from = padded;
        if end - start >= MIN_RUN {
            return Some(start..padded);
        }
    })
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
    let nibble = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    run.chunks_exact(2)
        .map(|pair| nibble(pair[0]) << 4 | nibble(pair[1]))
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
    fn a_run_with_its_padding_is_one_span() {
        let encoded = STANDARD.encode("password=correct horse battery staple");
        assert!(encoded.ends_with('='));
        let text = format!("x={encoded};");
        let found = decode_all(text.as_bytes());
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.clone()], encoded);
    }
}

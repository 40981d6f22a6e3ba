//! A blob's bytes are untrusted: finding and decoding the encoded text in them must return,
//! never panic, with spans inside the blob, in order for each search, and decodings that are
//! text.
use nhiscan::decode::{decode_all, utf16, Encoding};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let mut last_start = [0usize; 4];
        for d in decode_all(data) {
            assert!(d.span.start < d.span.end && d.span.end <= data.len());
            assert!(!d.text.is_empty());
            // Each search's spans come in order (base64 and hex share one).
            let slot = match d.encoding {
                Encoding::Base64 | Encoding::Hex => 0,
                Encoding::Percent => 1,
                Encoding::Escape => 2,
                Encoding::Html => 3,
                Encoding::Utf16Le | Encoding::Utf16Be => unreachable!("whole files only"),
            };
            assert!(d.span.start >= last_start[slot]);
            last_start[slot] = d.span.start;
            // Decoding is a function of the span alone.
            let again = decode_all(&data[d.span.clone()]);
            assert!(again.iter().any(|e| e.text == d.text), "span decodes alone");
        }
        let (text, _) = utf16(data);
        assert!(std::str::from_utf8(&text).is_ok());
    });
}

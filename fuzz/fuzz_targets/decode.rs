//! A blob's bytes are untrusted: finding and decoding the encoded text in them must return,
//! never panic, with spans inside the blob, in order, and decodings that are text.
use nhiscan::decode::{decode_all, utf16};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let mut last_start = [0usize; 2];
        for d in decode_all(data) {
            assert!(d.span.start < d.span.end && d.span.end <= data.len());
            assert!(!d.text.is_empty());
            // Each encoding's spans come in order.
            let slot = usize::from(d.encoding == nhiscan::decode::Encoding::Percent);
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

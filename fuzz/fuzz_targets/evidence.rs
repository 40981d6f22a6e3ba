//! Secrets are untrusted bytes: gathering evidence from any of them, with any reader or by
//! shape, must return, never panic, and keep its facts bounded and free of control characters.
use nhiscan::evidence::{gather, Lifetime};
use nhiscan::rules::{EvidenceFormat, Word};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        // The first byte picks the time, so expiry comparisons see past, present and far future.
        let now = match data.first() {
            Some(b) => i64::from(*b) << 28,
            None => 0,
        };
        let formats = EvidenceFormat::WORDS.iter().map(|(_, f)| Some(*f));
        for format in formats.chain([None]) {
            let e = gather(format, data, now);
            if e.unparsed {
                assert_eq!(e.lifetime, Some(Lifetime::Unknown));
            }
            for (k, v) in &e.facts {
                assert!(!k.is_empty());
                assert!(v.chars().count() <= 200, "fact {k} too long");
                assert!(!v.chars().any(char::is_control), "control character in fact {k}");
            }
            // Pure: the same bytes at the same time give the same evidence.
            assert_eq!(gather(format, data, now), e);
        }
    });
}

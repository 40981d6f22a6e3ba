//! Secrets are untrusted bytes: gathering evidence from any of them, under any credential
//! kind, must return, never panic, and keep its facts bounded and free of control characters.
use nhiscan::finding::evidence::{gather, Lifetime};

const KINDS: [&str; 6] = [
    "jwt",
    "private-key",
    "personal-access-token",
    "access-key-id",
    "service-account-key",
    "api-key",
];

fn main() {
    afl::fuzz!(|data: &[u8]| {
        // The first byte picks the time, so expiry comparisons see past, present and far future.
        let now = match data.first() {
            Some(b) => i64::from(*b) << 28,
            None => 0,
        };
        for kind in KINDS {
            let e = gather("fuzz", kind, data, now);
            if e.unparsed {
                assert_eq!(e.lifetime, Some(Lifetime::Unknown));
            }
            for (k, v) in &e.facts {
                assert!(!k.is_empty());
                assert!(v.chars().count() <= 200, "fact {k} too long");
                assert!(!v.chars().any(char::is_control), "control character in fact {k}");
            }
            // Pure: the same bytes at the same time give the same evidence.
            assert_eq!(gather("fuzz", kind, data, now), e);
        }
    });
}

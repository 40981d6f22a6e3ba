//! Secrets are untrusted bytes: gathering evidence from any of them, under any credential
//! kind, must return, never panic, and keep its facts bounded.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nhiscan::finding::evidence::{gather, Lifetime};

const KINDS: [&str; 6] = [
    "jwt",
    "private-key",
    "personal-access-token",
    "access-key-id",
    "service-account-key",
    "api-key",
];

fuzz_target!(|data: &[u8]| {
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
        assert!(e.facts.values().all(|v| v.chars().count() <= 200));
    }
});

//! Baselines are committed files that anyone on a branch may edit: parsing any text must return
//! a baseline or an error with a line inside the file, never panic. What parses holds only
//! fingerprints of 32 hex digits, keyed by themselves, and dates YYYY-MM-DD; rendering it and
//! parsing that gives the same entries.
use nhiscan::suppress::{Baseline, BaselineError};

const FILE: &str = ".nhiscan-baseline.jsonl";

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let lines = text.lines().count().max(1);
        match Baseline::parse(FILE, text) {
            Ok(b) => {
                for (key, e) in &b.entries {
                    assert_eq!(key, &e.fingerprint);
                    assert!(e.fingerprint.len() == 32);
                    assert!(e.fingerprint.bytes().all(|c| c.is_ascii_hexdigit()));
                    if let Some(d) = &e.expires {
                        assert!(is_date(d), "accepted expires {d:?}, not YYYY-MM-DD");
                    }
                    // Expiry is monotonic in `today`.
                    let days = [i64::MIN, -1, 0, 20_000, 60_000, i64::MAX];
                    let expired: Vec<bool> = days.iter().map(|d| e.expired(*d)).collect();
                    assert!(expired.windows(2).all(|w| w[0] <= w[1]), "{expired:?}");
                }
                let rendered = b.render();
                let again = Baseline::parse(FILE, &rendered)
                    .unwrap_or_else(|e| panic!("rendered baseline does not parse: {e}"));
                assert_eq!(again.entries, b.entries, "render/parse round trip");
                assert_eq!(again.render(), rendered);
            }
            Err(e) => {
                if let BaselineError::Malformed { line, .. } = &e {
                    assert!(*line >= 1 && *line <= lines, "line {line} of {lines}");
                }
                assert!(e.to_string().starts_with(FILE));
            }
        }
    });
}

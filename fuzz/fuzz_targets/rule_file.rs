//! Rule files come from users: loading any bytes must return rules or an error, never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nhiscan::rules::{RuleSet, RuleSource};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let source = RuleSource {
            name: "fuzz.toml".into(),
            text: text.into(),
            eager: true,
        };
        let _ = RuleSet::load(&[source]);
    }
});

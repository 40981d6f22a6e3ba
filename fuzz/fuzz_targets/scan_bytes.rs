//! Scanned bytes are untrusted: the matcher, filters and finding builder must handle any blob,
//! and every finding must point inside it.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use nhiscan::matcher::Matcher;
use nhiscan::rules::RuleSet;
use nhiscan::scan::BlobScanner;

static RULES: OnceLock<RuleSet> = OnceLock::new();
static MATCHER: OnceLock<Matcher<'static>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let matcher = MATCHER.get_or_init(|| {
        let rules = RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules"));
        Matcher::new(rules).expect("automaton")
    });
    let filters = nhiscan::filter::Filters::default();
    let mut scanner = BlobScanner::new(matcher, &filters);
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    for f in scanner.scan("fuzz", data).expect("built-in rules compile") {
        assert!(f.location.line >= 1 && f.location.line <= lines);
        assert!(f.location.end_line >= f.location.line);
        assert!(!f.secret.is_empty());
    }
});

//! Scanned bytes are untrusted: the matcher, filters and finding builder must handle any blob,
//! and every finding must point inside it.
use std::sync::OnceLock;

use nhiscan::matcher::Matcher;
use nhiscan::rules::RuleSet;
use nhiscan::scan::BlobScanner;

static RULES: OnceLock<RuleSet> = OnceLock::new();
static MATCHER: OnceLock<Matcher<'static>> = OnceLock::new();

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let matcher = MATCHER.get_or_init(|| {
            let rules = RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules"));
            Matcher::new(rules).expect("automaton")
        });
        let suppressors = nhiscan::suppress::Suppressors::default();
        let mut scanner = BlobScanner::new(matcher, &suppressors, 0);
        let provenance = nhiscan::source::Provenance::file("fuzz".into());
        let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
        for f in scanner.scan(&provenance, data).expect("built-in rules compile") {
            let l = f.location;
            assert!(l.line >= 1 && l.line <= lines, "{l:?} in {lines} lines");
            assert!(l.end_line >= l.line && l.end_line <= lines, "{l:?}");
            assert!(l.column >= 1 && l.end_column >= 1, "{l:?}");
            assert!(l.end_line > l.line || l.end_column >= l.column, "{l:?}");
            assert!(!f.secret.is_empty());
            // The match lies inside the blob, and the secret inside the match.
            assert!(
                f.span.start <= f.span.end && f.span.end <= data.len(),
                "span {:?} of {} bytes",
                f.span,
                data.len()
            );
            let matched = &data[f.span.clone()];
            assert!(
                matched.len() >= f.secret.len()
                    && matched.windows(f.secret.len()).any(|w| w == f.secret),
                "secret outside its match"
            );
            assert!(f.evidence.facts.values().all(|v| v.chars().count() <= 200));
        }
    });
}

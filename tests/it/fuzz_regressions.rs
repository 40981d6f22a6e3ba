//! Inputs the fuzzers (`fuzz/`) found that broke an invariant, minimised, kept in
//! `tests/fixtures/fuzz/<target>/` and checked here with the invariants of their target, so a
//! crash found once stays fixed without a fuzzer.
use std::fs;
use std::path::Path;

use nhiscan::rules::{Config, RuleSetBuilder};
use nhiscan::suppress::{Baseline, BaselineError};

use crate::common::ROOT;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(ROOT).join("tests/fixtures/fuzz").join(target);
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            (p.display().to_string(), fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no inputs in {}", dir.display());
    out
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// A baseline whose `expires` had a signed part (`2025-01-+1`) was accepted, since `str::parse`
/// takes a sign.
#[test]
fn baseline_inputs() {
    for (name, bytes) in inputs("baseline") {
        let text = String::from_utf8(bytes).unwrap();
        let lines = text.lines().count().max(1);
        match Baseline::parse("b.jsonl", &text) {
            Ok(b) => {
                for e in b.entries.values() {
                    if let Some(d) = &e.expires {
                        assert!(is_date(d), "{name}: accepted expires {d:?}");
                    }
                }
            }
            Err(e) => {
                if let BaselineError::Malformed { line, .. } = &e {
                    assert!(*line >= 1 && *line <= lines, "{name}: line {line}");
                }
            }
        }
    }
}

/// A gitleaks config whose path regexes (`\...............env$`) have an exponential full DFA
/// took seconds per pattern to load, since each compile built the DFA up to a 16 MiB limit;
/// it now loads at once (measured, not timed here: 10 such rules took 13.4 s, now 0.1 s).
#[test]
fn config_inputs() {
    for (name, bytes) in inputs("config") {
        let text = String::from_utf8(bytes).unwrap();
        let mut config = Config::parse(&name, &text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut builder = RuleSetBuilder::default();
        builder.add_config_rules(&mut config).unwrap();
        let rules = builder.finish().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(rules.iter().all(|(_, r)| !r.id.is_empty()), "{name}");
    }
}

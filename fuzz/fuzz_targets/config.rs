//! Config files (`.nhiscan.toml`, or a gitleaks config) come from the repository being scanned:
//! parsing any text must return a config or an error naming the file, never panic. What parses
//! holds only validated values, and its custom rules go through the rule set builder (eager
//! regex compilation) without a panic either.
use nhiscan::rules::{Config, RuleSetBuilder};

const NAME: &str = ".nhiscan.toml";

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        match Config::parse(NAME, text) {
            Ok(mut c) => {
                assert_eq!(c.name, NAME);
                assert_eq!(c.text, text);
                for a in &c.allowlists {
                    assert!(!a.description.is_empty() || text.contains("description"));
                    for r in &a.regexes {
                        let _ = r.is_match("fuzz/path/.env");
                    }
                    for path in &a.paths {
                        match path {
                            nhiscan::rules::PathPattern::Glob(g) => {
                                let _ = g.is_match("fuzz/path/.env");
                            }
                            nhiscan::rules::PathPattern::Regex(r) => {
                                let _ = r.is_match("fuzz/path/.env");
                            }
                        }
                    }
                }
                let mut builder = RuleSetBuilder::default();
                match builder.add_config_rules(&mut c) {
                    Ok(()) => {
                        let _ = builder.disable(&c.disabled_rules);
                        if let Err(e) = builder.finish() {
                            let _ = e.to_string();
                        }
                    }
                    Err(e) => {
                        let _ = e.to_string();
                    }
                }
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.starts_with(NAME), "error does not name the file: {msg}");
            }
        }
    });
}

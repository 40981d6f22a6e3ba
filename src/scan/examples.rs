//! Runs every rule's examples through the whole per-blob pipeline: each positive example must
//! be found by its rule, each negative example by no rule of the set. Used by
//! `nhiscan rules check` and by the test suite, so rules prove themselves the same way in both.
use crate::matcher::Matcher;
use crate::rules::{RuleOrigin, RuleSet};

/// One broken promise of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub origin: RuleOrigin,
    pub problem: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: rule `{}`: {}", self.origin, self.rule, self.problem)
    }
}

/// Checks every rule of `rules`: it compiles, has examples of both kinds, and they behave.
pub fn check_examples(rules: &RuleSet) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    let matcher = match Matcher::new(rules) {
        Ok(m) => m,
        Err(e) => {
            return vec![ExampleFailure {
                rule: "*".into(),
                origin: RuleOrigin {
                    file: "rules".into(),
                    line: 0,
                },
                problem: e.to_string(),
            }]
        }
    };
    for (index, rule) in rules.iter() {
        let mut fail = |problem: String| {
            failures.push(ExampleFailure {
                rule: rule.id.clone(),
                origin: rule.origin.clone(),
                problem,
            })
        };
        if let Err(e) = rule.compiled().and(rule.scope()) {
            fail(e.to_string());
            continue;
        }
        if rule.examples.is_empty() {
            fail("has no examples: add at least one snippet it must find".into());
        }
        if rule.negative_examples.is_empty() {
            fail("has no negative_examples: add a look-alike it must not find".into());
        }
        for (n, example) in rule.examples.iter().enumerate() {
            match super::scan_bytes(&matcher, &rule.example_path, example.as_bytes()) {
                Err(e) => fail(e.to_string()),
                Ok(found) if found.iter().any(|f| f.rule == index) => {}
                Ok(found) => {
                    let others: Vec<&str> = found
                        .iter()
                        .map(|f| rules.get(f.rule).id.as_str())
                        .collect();
                    fail(format!(
                        "examples[{n}] is not found by this rule{}: {}",
                        if others.is_empty() {
                            String::new()
                        } else {
                            format!(" (found by {})", others.join(", "))
                        },
                        preview(example)
                    ))
                }
            }
        }
        for (n, example) in rule.negative_examples.iter().enumerate() {
            match super::scan_bytes(&matcher, &rule.example_path, example.as_bytes()) {
                Err(e) => fail(e.to_string()),
                Ok(found) if found.is_empty() => {}
                Ok(found) => {
                    let others: Vec<&str> = found
                        .iter()
                        .map(|f| rules.get(f.rule).id.as_str())
                        .collect();
                    fail(format!(
                        "negative_examples[{n}] is found by {}: {}",
                        others.join(", "),
                        preview(example)
                    ))
                }
            }
        }
    }
    failures
}

fn preview(example: &str) -> String {
    let line = example.lines().next().unwrap_or("");
    let cut: String = line.chars().take(80).collect();
    if cut.len() < example.len() {
        format!("{cut:?}...")
    } else {
        format!("{cut:?}")
    }
}

//! The rule file format as it is written in TOML (`RuleFileSyntax`, `RuleSyntax`). Nothing here
//! is validated beyond what serde checks (types, unknown keys); `validate` turns syntax into
//! `Rule`s.
use serde::Deserialize;

/// One built-in rule as `build.rs` stores it: the rule, and where its file defines it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuiltinRuleSyntax {
    pub file: String,
    pub line: usize,
    pub rule: RuleSyntax,
}

/// A whole rule file: `[[rules]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFileSyntax {
    #[serde(default)]
    pub rules: Vec<RuleSyntax>,
}

/// One `[[rules]]` table, field for field.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSyntax {
    pub id: String,
    pub description: String,
    pub provider: String,
    pub kind: String,
    pub lifetime: String,
    pub severity: String,
    #[serde(default)]
    pub evidence: Option<String>,
    pub keywords: Vec<String>,
    /// The whole match; or, instead, `value` with `assigned_to` or `after` (see `grammar`).
    #[serde(default)]
    pub regex: String,
    #[serde(default)]
    pub assigned_to: Vec<String>,
    #[serde(default)]
    pub key_tail: Option<usize>,
    #[serde(default)]
    pub key_exclude: Vec<String>,
    #[serde(default)]
    pub after: Vec<String>,
    #[serde(default)]
    pub within: Option<usize>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub secret_group: Option<usize>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub entropy: Option<f64>,
    #[serde(default)]
    pub window: Option<usize>,
    #[serde(default)]
    pub allowlist: Vec<String>,
    #[serde(default)]
    pub assignment: bool,
    #[serde(default)]
    pub advisory: bool,
    #[serde(default)]
    pub pairs_with: Vec<String>,
    #[serde(default)]
    pub supersedes: Vec<String>,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub remediation: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub example_path: Option<String>,
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
}

//! The project config file, `.nhiscan.toml` (or `--config FILE`): which rules to use
//! (`[extend]`, custom `[[rules]]`), what to allow (`[allowlist]`, `[[allowlists]]`) and which
//! findings fail the gate (`[policy]`). A gitleaks config is accepted too and translated
//! (`gitleaks`, which builds the same `Config`; `Config::parse`, in the parent, chooses). Everything is validated here, before any scanning: an unknown key, a bad
//! regex or glob, or a bad value stops with the file, line and key.
use serde::Deserialize;
use toml::Spanned;

use super::policy::{PolicyConfig, Word};
use super::syntax::RuleSyntax;
use super::{compile_regex, line_of, toml_error_message, RuleError};
use regex_automata::{meta, Input};

/// What a finding's allowlist regex is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Secret,
    Match,
    Line,
}

/// Where a path pattern came from decides its syntax: globs in our format, regexes in gitleaks'.
#[derive(Debug, Clone)]
pub enum PathPattern {
    Glob(globset::GlobMatcher),
    Regex(meta::Regex),
}

/// One allowlist: findings it matches are allowed (kept out of the gate, listed with
/// `--show-allowed`).
#[derive(Debug, Clone)]
pub struct Allowlist {
    /// Shown as the reason a finding is allowed.
    pub description: String,
    /// Rule ids it applies to; empty: every rule.
    pub rules: Vec<String>,
    pub paths: Vec<PathPattern>,
    pub regexes: Vec<meta::Regex>,
    pub target: Target,
    /// Secrets containing one of these (ASCII case-insensitive) are allowed.
    pub stopwords: Vec<String>,
    /// All given criteria must match (gitleaks' `condition = "AND"`), rather than any.
    pub all: bool,
}

/// A loaded config file.
#[derive(Debug)]
pub struct Config {
    pub name: String,
    pub text: String,
    pub use_builtin: bool,
    pub disabled_rules: Vec<String>,
    /// Custom rules, until the rule set builder takes them; `relaxed` for imported gitleaks
    /// rules (keywords optional).
    pub(crate) rules: Vec<RuleSyntax>,
    pub relaxed: bool,
    pub allowlists: Vec<Allowlist>,
    pub policy: PolicyConfig,
    /// What an imported config holds that nhiscan does not support, for one warning.
    pub unsupported: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigSyntax {
    #[serde(default)]
    extend: ExtendSyntax,
    #[serde(default)]
    rules: Vec<RuleSyntax>,
    #[serde(default)]
    allowlist: Option<Spanned<AllowlistSyntax>>,
    #[serde(default)]
    allowlists: Vec<Spanned<AllowlistSyntax>>,
    #[serde(default)]
    policy: PolicySyntax,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtendSyntax {
    #[serde(default = "yes")]
    use_builtin: bool,
    #[serde(default)]
    disabled_rules: Vec<String>,
}

impl Default for ExtendSyntax {
    fn default() -> Self {
        ExtendSyntax {
            use_builtin: true,
            disabled_rules: Vec::new(),
        }
    }
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowlistSyntax {
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    regexes: Vec<Spanned<String>>,
    #[serde(default)]
    regex_target: Option<Spanned<String>>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    condition: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PolicySyntax {
    #[serde(default)]
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    min_severity: Option<Spanned<String>>,
    #[serde(default)]
    min_confidence: Option<Spanned<String>>,
}

/// Names the file, line and key of a mistake.
fn at(name: &str, text: &str, offset: usize, key: &str, message: String) -> RuleError {
    RuleError::Syntax {
        file: name.to_string(),
        message: format!("line {}: `{key}`: {message}", line_of(text, offset)),
    }
}

impl Config {
    /// Parses a config file in nhiscan's format (`Config::parse` chooses the format).
    pub(super) fn parse_native(name: &str, text: &str) -> Result<Config, RuleError> {
        let raw: ConfigSyntax = toml::from_str(text).map_err(|e| RuleError::Syntax {
            file: name.to_string(),
            message: toml_error_message(text, &e),
        })?;
        let mut allowlists = Vec::new();
        for (i, a) in raw.allowlist.into_iter().chain(raw.allowlists).enumerate() {
            allowlists.push(allowlist(name, text, a, i)?);
        }
        let p = raw.policy;
        let policy = PolicyConfig {
            fail_on: word(name, text, p.fail_on, "policy.fail_on")?,
            min_severity: word(name, text, p.min_severity, "policy.min_severity")?,
            min_confidence: word(name, text, p.min_confidence, "policy.min_confidence")?,
        };
        Ok(Config {
            name: name.to_string(),
            text: text.to_string(),
            use_builtin: raw.extend.use_builtin,
            disabled_rules: raw.extend.disabled_rules,
            rules: raw.rules,
            relaxed: false,
            allowlists,
            policy,
            unsupported: Vec::new(),
        })
    }
}

/// The value of a policy word at `key`; an unknown word names the key, its line and the words
/// allowed.
fn word<T: Word>(
    name: &str,
    text: &str,
    value: Option<Spanned<String>>,
    key: &str,
) -> Result<Option<T>, RuleError> {
    let Some(value) = value else { return Ok(None) };
    T::parse(value.get_ref()).map(Some).ok_or_else(|| {
        at(
            name,
            text,
            value.span().start,
            key,
            format!("`{}` is not one of {}", value.get_ref(), T::allowed()),
        )
    })
}

fn allowlist(
    name: &str,
    text: &str,
    a: Spanned<AllowlistSyntax>,
    index: usize,
) -> Result<Allowlist, RuleError> {
    let start = a.span().start;
    let a = a.into_inner();
    let mut paths = Vec::new();
    for p in a.paths {
        let span = p.span();
        let glob = globset::GlobBuilder::new(p.get_ref())
            .literal_separator(true)
            .build()
            .map_err(|e| {
                at(
                    name,
                    text,
                    span.start,
                    "paths",
                    format!("invalid glob: {e}"),
                )
            })?;
        paths.push(PathPattern::Glob(glob.compile_matcher()));
    }
    let mut regexes = Vec::new();
    for r in a.regexes {
        let span = r.span();
        regexes.push(
            compile_regex(r.get_ref()).map_err(|e| at(name, text, span.start, "regexes", e))?,
        );
    }
    let target = match a.regex_target {
        None => Target::Secret,
        Some(t) => match t.get_ref().as_str() {
            "secret" => Target::Secret,
            "match" => Target::Match,
            "line" => Target::Line,
            other => {
                return Err(at(
                    name,
                    text,
                    t.span().start,
                    "regex_target",
                    format!("`{other}` is not one of secret, match, line"),
                ))
            }
        },
    };
    let all = match a.condition {
        None => false,
        Some(c) => match c.get_ref().to_ascii_lowercase().as_str() {
            "or" => false,
            "and" => true,
            other => {
                return Err(at(
                    name,
                    text,
                    c.span().start,
                    "condition",
                    format!("`{other}` is not one of or, and"),
                ))
            }
        },
    };
    let list = Allowlist {
        description: a
            .description
            .unwrap_or_else(|| format!("{name} allowlist {}", index + 1)),
        rules: a.rules,
        paths,
        regexes,
        target,
        stopwords: a.stopwords,
        all,
    };
    refuse_universal(&list).map_err(|m| at(name, text, start, "allowlist", m))?;
    Ok(list)
}

/// Values a broad but honest allowlist entry does not match all of.
const PROBE_PATHS: [&str; 5] = [
    "a",
    ".env",
    "src/main.rs",
    "deploy/prod/values.yml",
    "x/y/z",
];
const PROBE_VALUES: [&str; 5] = [
    "Zq9",
    // Assembled from pieces, so that nhiscan scanning itself finds no credential here.
    concat!("AKIA", "Z7QH4W2NX5RJ3KPL"),
    concat!("ghp_", "R8mQ2vXk9LzT4wYp1NcB7sHd3FjG6aE0uKiO"),
    "password = \"s3cr3t-Value\"",
    "-----BEGIN PRIVATE KEY-----",
];

fn universal_path(p: &PathPattern) -> bool {
    PROBE_PATHS.iter().all(|probe| match p {
        PathPattern::Glob(g) => g.is_match(probe),
        PathPattern::Regex(r) => r.is_match(Input::new(probe)),
    })
}

fn universal_regex(r: &meta::Regex) -> bool {
    PROBE_VALUES
        .iter()
        .all(|probe| r.is_match(Input::new(probe)))
}

/// Refuses an allowlist that would allow every finding (`paths = ["**"]`, `regexes = [""]`,
/// `stopwords = [""]`): one line of config would switch the scan off without a word.
pub(super) fn refuse_universal(a: &Allowlist) -> Result<(), String> {
    let criteria = [
        (
            "paths",
            !a.paths.is_empty(),
            a.paths.iter().any(universal_path),
        ),
        (
            "regexes",
            !a.regexes.is_empty(),
            a.regexes.iter().any(universal_regex),
        ),
        (
            "stopwords",
            !a.stopwords.is_empty(),
            a.stopwords.iter().any(|w| w.trim().is_empty()),
        ),
    ];
    let given: Vec<_> = criteria.iter().filter(|(_, given, _)| *given).collect();
    let universal: Vec<&str> = given.iter().filter(|c| c.2).map(|c| c.0).collect();
    let everything = if a.all {
        !given.is_empty() && universal.len() == given.len()
    } else {
        !universal.is_empty()
    };
    if everything {
        return Err(format!(
            "an entry of `{}` matches everything, so this allowlist would allow every finding; \
             make it specific (to turn a rule off, list it in [extend] disabled_rules)",
            universal.join("`, `")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_section() {
        let c = Config::parse(
            ".nhiscan.toml",
            r#"
[extend]
use_builtin = true
disabled_rules = ["generic-password-assignment"]

[allowlist]
description = "test data"
paths = ["tests/fixtures/**"]
regexes = ['''^sk_test_''']
stopwords = ["notreal"]

[[allowlists]]
rules = ["jwt"]
regex_target = "line"
regexes = ['''example\.invalid''']

[policy]
fail_on = "long-lived"
min_severity = "medium"
"#,
        )
        .unwrap();
        assert!(c.use_builtin);
        assert_eq!(c.disabled_rules, ["generic-password-assignment"]);
        assert_eq!(c.allowlists.len(), 2);
        assert_eq!(c.allowlists[0].description, "test data");
        assert_eq!(c.allowlists[1].target, Target::Line);
        assert_eq!(c.policy.fail_on, Some(super::super::FailOn::LongLived));
    }

    #[test]
    fn mistakes_name_file_line_and_key() {
        let err = Config::parse("c.toml", "[allowlist]\nregexes = ['a(']\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("c.toml: line 2: `regexes`: invalid regex"),
            "{err}"
        );
        let err = Config::parse("c.toml", "[policy]\nfail_on = \"sometimes\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2: `policy.fail_on`: `sometimes` is not one of"),
            "{err}"
        );
        let err = Config::parse("c.toml", "[allowlist]\npath = []\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 2") && err.contains("unknown field `path`"),
            "{err}"
        );
    }
}

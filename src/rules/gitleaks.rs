//! Imports a gitleaks config (`.gitleaks.toml`), so that teams keep their custom rules and
//! allowlists when they switch. Rules become nhiscan rules (provider `custom`, lifetime
//! `varies`); Go RE2 syntax that Rust's `regex` reads differently is translated (`\Q...\E`,
//! octal escapes, `\C`) or the rule is rejected with its id; keys nhiscan does not support
//! are collected for one warning, never silently dropped.
use toml::{Table, Value};

use super::config::{Allowlist, Config, PathPattern, Target};
use super::policy::PolicyConfig;
use super::syntax::RuleSyntax;
use super::{compile_regex, line_of, RuleError, RuleOrigin};

const RULE_KEYS: &[&str] = &[
    "id",
    "description",
    "regex",
    "secretGroup",
    "entropy",
    "keywords",
    "path",
    "tags",
    "allowlist",
    "allowlists",
];
const ALLOWLIST_KEYS: &[&str] = &[
    "description",
    "condition",
    "paths",
    "regexes",
    "regexTarget",
    "stopwords",
    "targetRules",
];

/// Whether `text` is a gitleaks config rather than nhiscan's: gitleaks' keys are camelCase and
/// its rules have no provider.
pub(super) fn looks_like(text: &str) -> bool {
    let Ok(doc) = text.parse::<Table>() else {
        return false;
    };
    if doc.contains_key("title") {
        return true;
    }
    if let Some(Value::Table(extend)) = doc.get("extend") {
        if ["useDefault", "disabledRules", "path", "url"]
            .iter()
            .any(|k| extend.contains_key(*k))
        {
            return true;
        }
    }
    if let Some(Value::Array(rules)) = doc.get("rules") {
        if rules.iter().any(|r| {
            r.as_table()
                .is_some_and(|t| !t.contains_key("provider") || t.contains_key("secretGroup"))
        }) {
            return true;
        }
    }
    let camel = |v: &Value| {
        v.as_table()
            .is_some_and(|t| t.contains_key("regexTarget") || t.contains_key("targetRules"))
    };
    doc.get("allowlist").is_some_and(camel)
        || doc
            .get("allowlists")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(camel))
}

pub(super) fn import(name: &str, text: &str) -> Result<Config, RuleError> {
    let doc: Table = text
        .parse()
        .map_err(|e: toml::de::Error| RuleError::Syntax {
            file: name.to_string(),
            message: super::toml_error_message(text, &e),
        })?;
    let mut unsupported = Vec::new();
    let mut use_builtin = true;
    let mut disabled_rules = Vec::new();
    for (key, value) in &doc {
        match (key.as_str(), value) {
            ("title", _) => {}
            ("extend", Value::Table(extend)) => {
                for (k, v) in extend {
                    match (k.as_str(), v) {
                        ("useDefault", Value::Boolean(b)) => use_builtin = *b,
                        ("disabledRules", Value::Array(ids)) => {
                            disabled_rules = ids
                                .iter()
                                .filter_map(|i| i.as_str().map(String::from))
                                .collect()
                        }
                        _ => unsupported.push(format!("extend.{k}")),
                    }
                }
            }
            ("rules" | "allowlist" | "allowlists", _) => {}
            (other, _) => unsupported.push(other.to_string()),
        }
    }
    let mut rules = Vec::new();
    let mut allowlists = Vec::new();
    for (i, value) in doc
        .get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(table) = value.as_table() else {
            unsupported.push(format!("rules[{i}] (not a table)"));
            continue;
        };
        if let Some(rule) = rule(name, text, table, i, &mut unsupported, &mut allowlists)? {
            rules.push(rule);
        }
    }
    let global = doc.get("allowlist").into_iter().chain(
        doc.get("allowlists")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    );
    for (i, value) in global.enumerate() {
        let Some(table) = value.as_table() else {
            continue;
        };
        let scope = format!("allowlists[{i}]");
        allowlists.push(allowlist(
            name,
            table,
            &scope,
            Vec::new(),
            &mut unsupported,
        )?);
    }
    Ok(Config {
        name: name.to_string(),
        text: text.to_string(),
        use_builtin,
        disabled_rules,
        rules,
        relaxed: true,
        allowlists,
        policy: PolicyConfig::default(),
        unsupported,
    })
}

fn invalid(name: &str, text: &str, id: &str, message: String) -> RuleError {
    let line = text
        .find(&format!("\"{id}\""))
        .or_else(|| text.find(&format!("'{id}'")))
        .map_or(0, |at| line_of(text, at));
    RuleError::Invalid {
        origin: RuleOrigin {
            file: name.to_string(),
            line,
        },
        rule: id.to_string(),
        message,
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn rule(
    name: &str,
    text: &str,
    t: &Table,
    index: usize,
    unsupported: &mut Vec<String>,
    allowlists: &mut Vec<Allowlist>,
) -> Result<Option<RuleSyntax>, RuleError> {
    let Some(id) = t.get("id").and_then(Value::as_str) else {
        unsupported.push(format!("rules[{index}] (no id)"));
        return Ok(None);
    };
    for key in t.keys() {
        if !RULE_KEYS.contains(&key.as_str()) {
            unsupported.push(format!("rules.{id}.{key}"));
        }
    }
    let Some(regex) = t.get("regex").and_then(Value::as_str) else {
        unsupported.push(format!("rules.{id} (a path-only rule, without regex)"));
        return Ok(None);
    };
    let regex = translated(name, text, id, "", regex)?;
    let path = match t.get("path").and_then(Value::as_str) {
        Some(p) => Some(translated(name, text, id, "path: ", p)?),
        None => None,
    };
    rule_allowlists(name, t, id, unsupported, allowlists)?;
    Ok(Some(RuleSyntax {
        id: id.to_string(),
        description: t
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or(id)
            .to_string(),
        provider: "custom".into(),
        kind: "secret".into(),
        lifetime: "varies".into(),
        severity: "high".into(),
        keywords: strings(t.get("keywords"))
            .into_iter()
            .map(|k| k.to_ascii_lowercase())
            .collect(),
        regex,
        secret_group: t
            .get("secretGroup")
            .and_then(Value::as_integer)
            .and_then(|g| usize::try_from(g).ok()),
        path,
        entropy: t
            .get("entropy")
            .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64))),
        window: Some(super::MAX_WINDOW),
        allowlist: Vec::new(),
        assignment: false,
        advisory: false,
        pairs_with: Vec::new(),
        supersedes: Vec::new(),
        references: Vec::new(),
        remediation: format!(
            "Imported from the gitleaks rule `{id}`: revoke or rotate the credential at the \
             service that issued it, then remove it from the code."
        ),
        tags: strings(t.get("tags")),
        // gitleaks rules name no credential format: the secret's shape picks the reader.
        evidence: None,
        example_path: None,
        examples: Vec::new(),
        negative_examples: Vec::new(),
        ..RuleSyntax::default()
    }))
}

/// A gitleaks (RE2) pattern in Rust regex syntax, checked to compile.
fn translated(
    name: &str,
    text: &str,
    id: &str,
    field: &str,
    pattern: &str,
) -> Result<String, RuleError> {
    let fail = |m: String| invalid(name, text, id, format!("{field}{m}"));
    let pattern = translate(pattern).map_err(fail)?;
    compile_regex(&pattern).map_err(fail)?;
    Ok(pattern)
}

/// A rule's own `[rules.allowlist]` / `[[rules.allowlists]]`, scoped to that rule.
fn rule_allowlists(
    name: &str,
    t: &Table,
    id: &str,
    unsupported: &mut Vec<String>,
    allowlists: &mut Vec<Allowlist>,
) -> Result<(), RuleError> {
    let scope = format!("rules.{id}");
    let per_rule = t.get("allowlist").into_iter().chain(
        t.get("allowlists")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    );
    for table in per_rule.filter_map(Value::as_table) {
        allowlists.push(allowlist(
            name,
            table,
            &scope,
            vec![id.to_string()],
            unsupported,
        )?);
    }
    Ok(())
}

fn allowlist(
    name: &str,
    t: &Table,
    scope: &str,
    mut rules: Vec<String>,
    unsupported: &mut Vec<String>,
) -> Result<Allowlist, RuleError> {
    for key in t.keys() {
        if !ALLOWLIST_KEYS.contains(&key.as_str()) {
            unsupported.push(format!("{scope}.allowlist.{key}"));
        }
    }
    let bad = |m: String| RuleError::Syntax {
        file: name.to_string(),
        message: format!("{scope} allowlist: {m}"),
    };
    let mut regexes = Vec::new();
    for r in strings(t.get("regexes")) {
        let r = translate(&r).map_err(bad)?;
        regexes.push(compile_regex(&r).map_err(bad)?);
    }
    let mut paths = Vec::new();
    for p in strings(t.get("paths")) {
        let p = translate(&p).map_err(bad)?;
        paths.push(PathPattern::Regex(compile_regex(&p).map_err(bad)?));
    }
    let target = match t.get("regexTarget").and_then(Value::as_str) {
        None | Some("secret") => Target::Secret,
        Some("match") => Target::Match,
        Some("line") => Target::Line,
        Some(other) => {
            return Err(bad(format!(
                "regexTarget `{other}` is not secret, match or line"
            )))
        }
    };
    rules.extend(strings(t.get("targetRules")));
    let list = Allowlist {
        description: t
            .get("description")
            .and_then(Value::as_str)
            .map_or_else(|| format!("{name} {scope} allowlist"), String::from),
        rules,
        paths,
        regexes,
        target,
        stopwords: strings(t.get("stopwords")),
        all: t
            .get("condition")
            .and_then(Value::as_str)
            .is_some_and(|c| c.eq_ignore_ascii_case("and")),
    };
    super::config::refuse_universal(&list).map_err(bad)?;
    Ok(list)
}

/// Rewrites Go RE2 syntax that Rust's `regex` does not read the same way: `\Q...\E` quoting,
/// octal escapes (`\101`) and `\C` (any byte). Unicode classes are rejected: nhiscan matches
/// bytes with ASCII classes, as gitleaks' `\w` and `\d` do.
pub(super) fn translate(go: &str) -> Result<String, String> {
    let mut out = String::with_capacity(go.len());
    let chars: Vec<char> = go.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '\\' || i + 1 >= chars.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let next = chars[i + 1];
        match next {
            'Q' => {
                let rest: String = chars[i + 2..].iter().collect();
                let (quoted, after) = match rest.find("\\E") {
                    Some(end) => (rest[..end].to_string(), end + 2),
                    None => (rest.clone(), rest.len()),
                };
                for q in quoted.chars() {
                    if "\\.+*?()|[]{}^$#&-~ ".contains(q) {
                        out.push('\\');
                    }
                    out.push(q);
                }
                i += 2 + rest[..after].chars().count();
            }
            '0'..='7' => {
                let digits: String = chars[i + 1..].iter().take(3).take_while(|d| ('0'..='7').contains(d)).collect();
                let value = u32::from_str_radix(&digits, 8).map_err(|e| e.to_string())?;
                out.push_str(&format!("\\x{{{value:02x}}}"));
                i += 1 + digits.len();
            }
            'C' => {
                out.push_str("(?s:.)");
                i += 2;
            }
            'p' | 'P' => {
                return Err(format!(
                    "Unicode class `\\{next}` is not supported: nhiscan matches bytes with ASCII classes"
                ))
            }
            _ => {
                out.push(c);
                out.push(next);
                i += 2;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_go_syntax() {
        assert_eq!(translate(r"\Qa.b\E+").unwrap(), r"a\.b+");
        assert_eq!(translate(r"x\101y").unwrap(), r"x\x{41}y");
        assert_eq!(translate(r"a\Cb").unwrap(), "a(?s:.)b");
        assert_eq!(translate(r"(?i)\bkey\w+").unwrap(), r"(?i)\bkey\w+");
        assert!(translate(r"\pL+").is_err());
    }

    #[test]
    fn recognises_gitleaks_configs() {
        assert!(looks_like("title = \"x\"\n"));
        assert!(looks_like("[extend]\nuseDefault = true\n"));
        assert!(looks_like("[[rules]]\nid = \"a\"\nregex = 'a'\n"));
        assert!(!looks_like("[extend]\nuse_builtin = true\n"));
        assert!(!looks_like("[[rules]]\nid = \"a\"\nprovider = \"p\"\n"));
    }
}

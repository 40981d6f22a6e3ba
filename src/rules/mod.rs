//! Rules are data: this module loads rule files (`syntax`), validates them into `Rule`s and
//! gathers them into a `RuleSet` with a digest. Regexes compile lazily, on a rule's first
//! keyword hit, so start-up stays cheap however many rules there are; rule files from users are
//! compiled eagerly so that a bad regex stops before scanning. Nothing here scans.
mod builtin;
mod config;
mod gitleaks;
mod grammar;
mod policy;
mod run;
mod syntax;

use std::fmt;
use std::sync::OnceLock;

pub use run::Run;

use regex_automata::{meta, util::syntax as re_syntax};
use serde::Serialize;
use sha2::{Digest, Sha256};

use builtin::BUILTIN_RULES_JSON;
pub use builtin::BUILTIN_RULE_FILES;
pub use config::{Allowlist, Config, PathPattern, Target};
pub use policy::{Confidence, FailOn, Policy, PolicyConfig, Word};

/// Default number of bytes searched either side of a keyword hit.
pub const DEFAULT_WINDOW: usize = 256;
/// Largest window a rule may ask for.
pub const MAX_WINDOW: usize = 65_536;
/// Compiled-regex size limit; user rule files are untrusted input.
const REGEX_SIZE_LIMIT: usize = 16 << 20;
/// A fully compiled DFA only pays for itself when small; building one is exponential in the
/// worst case (`\..{14}env$` must remember every dot of the last 15 bytes), and each attempt runs
/// until the limit, so a large limit let a config of such patterns take seconds per regex to
/// load (found by fuzzing). Past this size the lazy DFA, built as the search needs it, is used.
const FULL_DFA_SIZE_LIMIT: usize = 256 << 10;

/// How bad a leak of this credential is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How long a credential of this kind stays valid once issued, as the provider documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lifetime {
    /// Valid until someone revokes it (API keys, PATs, private keys).
    Long,
    /// Expires by itself within hours (STS credentials, OAuth access tokens).
    Short,
    /// Depends on how it was issued (JWTs, passwords).
    Varies,
}

impl Lifetime {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "long" => Self::Long,
            "short" => Self::Short,
            "varies" => Self::Varies,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Long => "long",
            Self::Short => "short",
            Self::Varies => "varies",
        }
    }
}

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which offline reader gathers the evidence of a rule's secrets (`evidence = "..."` in a rule
/// file). A rule without one gets the evidence its secret's shape shows: a checksummed token
/// prefix, an AWS key id, a service-account key file, a private key block, or a JWT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvidenceFormat {
    /// A token that carries a checksum or names its type in its prefix (GitHub, npm).
    Checksum,
    /// An AWS access key id: key type and owning account.
    AwsKeyId,
    /// A JSON Web Token: its claims, and a lifetime from `exp`/`iat`; unparsed if it is none.
    Jwt,
    /// A PEM, OpenSSH, PuTTY or OpenPGP private key: algorithm, size, encryption.
    PrivateKey,
    /// A Google service-account key file, read from the text around the match.
    ServiceAccount,
}

impl Word for EvidenceFormat {
    const WORDS: &'static [(&'static str, Self)] = &[
        ("checksum", Self::Checksum),
        ("aws-key-id", Self::AwsKeyId),
        ("jwt", Self::Jwt),
        ("private-key", Self::PrivateKey),
        ("service-account", Self::ServiceAccount),
    ];
}

/// Where a rule was defined, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOrigin {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for RuleOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A validated rule. Its regex is compiled on first use (`Rule::compiled`).
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub description: String,
    pub provider: String,
    pub kind: String,
    pub lifetime: Lifetime,
    pub severity: Severity,
    /// The reader that gathers evidence from the secret (None: by the secret's shape).
    pub evidence: Option<EvidenceFormat>,
    pub keywords: Vec<String>,
    pub pattern: String,
    /// Capture group of the secret, when the regex does not name one `secret`.
    pub secret_group: Option<usize>,
    /// A regex on the path: the rule applies only to files whose path matches.
    pub path: Option<String>,
    pub entropy: Option<f64>,
    pub window: usize,
    pub allowlist: Vec<String>,
    /// The secret is the value of an assignment (`password = ...`): values that are code,
    /// identifiers or references are dropped, and unquoted values must end their line.
    pub assignment: bool,
    /// Findings of this rule are reported but never fail the gate (advice, not a leak).
    pub advisory: bool,
    /// Rule ids whose secret, found within a few lines, is the other half of this credential
    /// (an access key id and its secret key): reported as one finding of this rule.
    pub pairs_with: Vec<String>,
    /// Rule ids whose overlapping findings this rule's finding replaces (a service-account key
    /// file replaces the private key inside it).
    pub supersedes: Vec<String>,
    pub references: Vec<String>,
    pub remediation: String,
    pub tags: Vec<String>,
    /// The file name the examples are checked under (a rule scoped by `path` needs one).
    pub example_path: String,
    pub examples: Vec<String>,
    pub negative_examples: Vec<String>,
    pub origin: RuleOrigin,
    compiled: OnceLock<Result<CompiledRule, String>>,
    /// The `path` regex, compiled apart from the rule's own: every blob checks it, and a
    /// rule's regex is worth compiling only where its keywords hit.
    scope: OnceLock<Result<Option<meta::Regex>, String>>,
    /// The `value` regex of an assignment or mention rule, and the run of bytes every value
    /// contains (worked out on first use).
    value: Option<String>,
    run: OnceLock<Option<Run>>,
}

/// The compiled regexes of one rule.
#[derive(Debug)]
pub struct CompiledRule {
    pub regex: meta::Regex,
    /// Capture group holding the secret: `secret` if named, else 1, else the whole match.
    pub secret_group: usize,
    /// Secrets matching any of these are not findings.
    pub allowlist: Vec<meta::Regex>,
}

impl Rule {
    /// Generic rules (no provider) yield to provider rules that find the same secret.
    pub fn is_generic(&self) -> bool {
        self.provider == "generic"
    }

    /// The compiled regexes, compiling them on first call. Thread-safe.
    pub fn compiled(&self) -> Result<&CompiledRule, RuleError> {
        self.compiled
            .get_or_init(|| compile_rule(self))
            .as_ref()
            .map_err(|message| RuleError::Invalid {
                origin: self.origin.clone(),
                rule: self.id.clone(),
                message: message.clone(),
            })
    }

    /// A run of bytes every match contains, if the rule's value says one: a window without it
    /// holds no match. Worked out on first call. Thread-safe.
    pub fn run(&self) -> Option<&Run> {
        self.run
            .get_or_init(|| self.value.as_deref().and_then(Run::of))
            .as_ref()
    }

    /// The compiled `path` regex, if the rule has one; compiled on first call. Thread-safe.
    pub fn scope(&self) -> Result<Option<&meta::Regex>, RuleError> {
        self.scope
            .get_or_init(|| {
                (self.path.as_deref())
                    .map(|p| compile_regex(p).map_err(|e| format!("path `{p}`: {e}")))
                    .transpose()
            })
            .as_ref()
            .map(Option::as_ref)
            .map_err(|message| RuleError::Invalid {
                origin: self.origin.clone(),
                rule: self.id.clone(),
                message: message.clone(),
            })
    }
}

/// Why rules could not be loaded. Every variant names the file and line to fix.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{file}: {message}")]
    Syntax { file: String, message: String },
    #[error("{origin}: rule `{rule}`: {message}")]
    Invalid {
        origin: RuleOrigin,
        rule: String,
        message: String,
    },
}

/// All rules of one scan, in load order (built-in files first, then user files).
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<Rule>,
    digest: String,
}

/// Identifies a rule inside its `RuleSet`; cheap to copy and to store in hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleIndex(pub u32);

/// A rule file's name (as shown in messages) and its text.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub name: String,
    pub text: String,
    /// Compile regexes at load (for files from users) rather than on first use.
    pub eager: bool,
}

impl RuleSource {
    pub fn builtin() -> Vec<RuleSource> {
        BUILTIN_RULE_FILES
            .iter()
            .map(|(name, text, _)| RuleSource {
                name: (*name).to_string(),
                text: (*text).to_string(),
                eager: false,
            })
            .collect()
    }
}

impl RuleSet {
    /// Loads and validates rule sources; ids must be unique across all of them.
    pub fn load(sources: &[RuleSource]) -> Result<RuleSet, RuleError> {
        let mut builder = RuleSetBuilder::default();
        for source in sources {
            builder.add_source(source)?;
        }
        builder.finish()
    }

    /// The built-in rules embedded in this binary, without their examples (a scan needs none);
    /// `RuleSet::load(&RuleSource::builtin())` reads the files as written, examples and all.
    pub fn builtin() -> Result<RuleSet, RuleError> {
        let mut builder = RuleSetBuilder::default();
        builder.add_builtin()?;
        builder.finish()
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn get(&self, index: RuleIndex) -> &Rule {
        &self.rules[index.0 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (RuleIndex, &Rule)> {
        self.rules
            .iter()
            .enumerate()
            .map(|(i, r)| (RuleIndex(i as u32), r))
    }

    /// SHA-256 over the digests of the rule files (each over its name and text), so a report
    /// says which rules made it.
    pub fn digest(&self) -> &str {
        &self.digest
    }
}

/// Gathers rules from several places (rule files, a config file's `[[rules]]`, an imported
/// gitleaks config), then checks what must hold across all of them.
#[derive(Default)]
pub struct RuleSetBuilder {
    rules: Vec<Rule>,
    /// Rule id -> position in `rules`: a thousand rules, checked for duplicates one by one.
    ids: std::collections::HashMap<String, usize>,
    hasher: Sha256,
}

impl RuleSetBuilder {
    /// Adds the rules of a rule file.
    pub fn add_source(&mut self, source: &RuleSource) -> Result<(), RuleError> {
        let file: syntax::RuleFileSyntax =
            toml::from_str(&source.text).map_err(|e| RuleError::Syntax {
                file: source.name.clone(),
                message: toml_error_message(&source.text, &e),
            })?;
        self.add_syntax(&source.name, &source.text, file.rules, source.eager, false)
    }

    /// Adds the built-in rules, from their pre-parsed form. The digest is the same as if the
    /// rule files had been added one by one.
    pub fn add_builtin(&mut self) -> Result<(), RuleError> {
        for (_, _, digest) in BUILTIN_RULE_FILES {
            self.hasher.update(digest.as_bytes());
        }
        // Parsing and validating a thousand rules is most of what a one-file scan costs: the
        // parts load on as many threads as there are cores, and join in order.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let per_thread = BUILTIN_RULES_JSON.len().div_ceil(threads).max(1);
        let loaded: Vec<Result<Vec<Rule>, RuleError>> = std::thread::scope(|s| {
            let handles: Vec<_> = (BUILTIN_RULES_JSON.chunks(per_thread))
                .map(|parts| s.spawn(|| load_builtin(parts)))
                .collect();
            (handles.into_iter())
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        for rules in loaded {
            for rule in rules? {
                self.push(rule, false)?;
            }
        }
        Ok(())
    }

    fn push(&mut self, rule: Rule, eager: bool) -> Result<(), RuleError> {
        if let Some(&first) = self.ids.get(&rule.id) {
            return Err(RuleError::Invalid {
                origin: rule.origin,
                rule: rule.id,
                message: format!(
                    "duplicate id, first defined at {}",
                    self.rules[first].origin
                ),
            });
        }
        if eager {
            rule.compiled()?;
            rule.scope()?;
        }
        self.ids.insert(rule.id.clone(), self.rules.len());
        self.rules.push(rule);
        Ok(())
    }

    /// Adds rules already parsed from `text` (the file `name`). `relaxed` accepts rules without
    /// keywords (they then run on every blob), as imported gitleaks rules may be.
    pub(crate) fn add_syntax(
        &mut self,
        name: &str,
        text: &str,
        raws: Vec<syntax::RuleSyntax>,
        eager: bool,
        relaxed: bool,
    ) -> Result<(), RuleError> {
        self.hasher
            .update(hex(&source_digest(name, text)).as_bytes());
        for raw in raws {
            let origin = RuleOrigin {
                file: name.to_string(),
                line: id_line(text, &raw.id),
            };
            self.push(validate(raw, origin, relaxed)?, eager)?;
        }
        Ok(())
    }

    /// Takes the custom rules of a config file.
    pub fn add_config_rules(&mut self, config: &mut Config) -> Result<(), RuleError> {
        let raws = std::mem::take(&mut config.rules);
        self.add_syntax(&config.name, &config.text, raws, true, config.relaxed)
    }

    /// Drops the rules with these ids; returns the ids that named no rule.
    pub fn disable(&mut self, ids: &[String]) -> Vec<String> {
        let unknown = ids
            .iter()
            .filter(|id| !self.ids.contains_key(*id))
            .cloned()
            .collect();
        self.rules.retain(|r| !ids.contains(&r.id));
        self.ids = (self.rules.iter().enumerate())
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        // A rule may pair with or supersede a disabled one; that relation goes with it.
        for rule in &mut self.rules {
            rule.pairs_with.retain(|id| !ids.contains(id));
            rule.supersedes.retain(|id| !ids.contains(id));
        }
        unknown
    }

    pub fn finish(self) -> Result<RuleSet, RuleError> {
        let (rules, ids) = (self.rules, self.ids);
        if rules.len() > u32::MAX as usize {
            return Err(RuleError::Syntax {
                file: "rules".into(),
                message: "too many rules".into(),
            });
        }
        for rule in &rules {
            for other in rule.pairs_with.iter().chain(&rule.supersedes) {
                if !ids.contains_key(other) {
                    return Err(RuleError::Invalid {
                        origin: rule.origin.clone(),
                        rule: rule.id.clone(),
                        message: format!("pairs_with/supersedes names `{other}`, which is no rule"),
                    });
                }
            }
        }
        let digest = format!("sha256:{}", hex(&self.hasher.finalize()));
        Ok(RuleSet { rules, digest })
    }
}

/// Parses and validates parts of the pre-parsed built-in rules.
fn load_builtin(parts: &[&str]) -> Result<Vec<Rule>, RuleError> {
    let mut rules = Vec::new();
    for part in parts {
        let parsed: Vec<syntax::BuiltinRuleSyntax> =
            serde_json::from_str(part).map_err(|e| RuleError::Syntax {
                file: "built-in rules".into(),
                message: e.to_string(),
            })?;
        for b in parsed {
            let origin = RuleOrigin {
                file: b.file,
                line: b.line,
            };
            rules.push(validate(b.rule, origin, false)?);
        }
    }
    Ok(rules)
}

/// A rule source's contribution to the rules digest (`build.rs` computes the same for the
/// built-in files).
fn source_digest(name: &str, text: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([0]);
    h.update(text.as_bytes());
    h.finalize().into()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

pub(crate) fn toml_error_message(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim_end();
    let Some(span) = e.span() else {
        return message.to_string();
    };
    let mut out = format!("line {}: ", line_of(text, span.start));
    if let Some(id) = enclosing_rule_id(text, span.start) {
        out.push_str(&format!("rule `{id}`: "));
    }
    out.push_str(message);
    out
}

/// The `id` of the `[[rules]]` table that contains `offset`, to name the rule in a syntax
/// error (serde only knows the line).
fn enclosing_rule_id(text: &str, offset: usize) -> Option<&str> {
    let offset = offset.min(text.len());
    let table = text[..offset].rfind("[[rules]]")?;
    let end = text[table + 9..]
        .find("[[rules]]")
        .map_or(text.len(), |i| table + 9 + i);
    text[table..end].lines().find_map(|line| {
        let rest = line
            .trim_start()
            .strip_prefix("id")?
            .trim_start()
            .strip_prefix('=')?;
        let rest = rest.trim();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        rest[1..].split(quote).next()
    })
}

fn is_slug(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_')
}

/// The line of `text` that declares the rule `id` (`id = "..."`), or 0.
fn id_line(text: &str, id: &str) -> usize {
    for quote in ['"', '\''] {
        let needle = format!("{quote}{id}{quote}");
        let mut from = 0;
        while let Some(at) = text[from..].find(&needle) {
            let at = from + at;
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let before = text[line_start..at].trim();
            if before.starts_with("id") && before.ends_with('=') {
                return line_of(text, at);
            }
            from = at + needle.len();
        }
    }
    0
}

fn validate(raw: syntax::RuleSyntax, origin: RuleOrigin, relaxed: bool) -> Result<Rule, RuleError> {
    let id = raw.id.clone();
    let fail = |message: String| RuleError::Invalid {
        origin: origin.clone(),
        rule: id.clone(),
        message,
    };
    check_labels(&raw).map_err(fail)?;
    let (lifetime, severity, evidence) = scale_words(&raw).map_err(fail)?;
    let window = check_matching(&raw, relaxed).map_err(fail)?;
    let pattern = pattern_of(&raw).map_err(fail)?;
    Ok(Rule {
        id: id.clone(),
        description: raw.description.trim().to_string(),
        provider: raw.provider,
        kind: raw.kind,
        lifetime,
        severity,
        evidence,
        keywords: raw.keywords,
        pattern,
        secret_group: raw.secret_group,
        path: raw.path,
        entropy: raw.entropy,
        window,
        allowlist: raw.allowlist,
        assignment: raw.assignment || !raw.assigned_to.is_empty(),
        advisory: raw.advisory,
        pairs_with: raw.pairs_with,
        supersedes: raw.supersedes,
        references: raw.references,
        remediation: raw.remediation.trim().to_string(),
        tags: raw.tags,
        example_path: raw.example_path.unwrap_or_else(|| "example".into()),
        examples: raw.examples,
        negative_examples: raw.negative_examples,
        origin: origin.clone(),
        compiled: OnceLock::new(),
        scope: OnceLock::new(),
        value: raw.value,
        run: OnceLock::new(),
    })
}

/// The names a rule is filed under: id, description, provider and kind.
fn check_labels(raw: &syntax::RuleSyntax) -> Result<(), String> {
    if !is_slug(&raw.id) {
        return Err("id must be lowercase letters, digits and dashes, e.g. `acme-api-key`".into());
    }
    if raw.description.trim().is_empty() {
        return Err("description is empty".into());
    }
    if !is_slug(&raw.provider) {
        return Err(format!(
            "provider `{}` must be a lowercase slug, e.g. `github` (or `generic`)",
            raw.provider
        ));
    }
    if !is_slug(&raw.kind) {
        return Err(format!(
            "kind `{}` must be a lowercase slug, e.g. `api-key`",
            raw.kind
        ));
    }
    Ok(())
}

/// The words of a rule that must be one of a closed list.
fn scale_words(
    raw: &syntax::RuleSyntax,
) -> Result<(Lifetime, Severity, Option<EvidenceFormat>), String> {
    let lifetime = Lifetime::parse(&raw.lifetime).ok_or_else(|| {
        format!(
            "lifetime `{}` is not one of long, short, varies",
            raw.lifetime
        )
    })?;
    let severity = Severity::parse(&raw.severity).ok_or_else(|| {
        format!(
            "severity `{}` is not one of {}",
            raw.severity,
            Severity::allowed()
        )
    })?;
    let evidence = match raw.evidence.as_deref() {
        None => None,
        Some(word) => Some(EvidenceFormat::parse(word).ok_or_else(|| {
            format!(
                "evidence `{word}` is not one of {}",
                EvidenceFormat::allowed()
            )
        })?),
    };
    Ok((lifetime, severity, evidence))
}

/// What the matcher needs of a rule (keywords, regex, entropy, window); gives the window.
fn check_matching(raw: &syntax::RuleSyntax, relaxed: bool) -> Result<usize, String> {
    if raw.keywords.is_empty() && !relaxed {
        return Err(
            "keywords is empty: give at least one literal that every match contains or sits near"
                .into(),
        );
    }
    let min_keyword = if relaxed { 1 } else { 3 };
    if let Some(k) = raw
        .keywords
        .iter()
        .find(|k| k.len() < min_keyword || !k.is_ascii())
    {
        return Err(format!(
            "keyword `{k}` must be ASCII and at least {min_keyword} bytes long"
        ));
    }
    if let Some(e) = raw.entropy {
        if !(0.0..=8.0).contains(&e) {
            return Err(format!(
                "entropy {e} is out of range: bits per byte are between 0 and 8"
            ));
        }
    }
    let window = raw.window.unwrap_or(DEFAULT_WINDOW);
    if window == 0 || window > MAX_WINDOW {
        return Err(format!("window {window} is out of range 1..={MAX_WINDOW}"));
    }
    Ok(window)
}

/// The rule's regex: its own, or the assignment grammar's for `value` with `assigned_to` or
/// `after`. Exactly one of the three ways is given, with only the fields it takes.
fn pattern_of(raw: &syntax::RuleSyntax) -> Result<String, String> {
    let ways = [
        !raw.regex.is_empty(),
        !raw.assigned_to.is_empty(),
        !raw.after.is_empty(),
    ];
    if ways.iter().filter(|w| **w).count() != 1 {
        return Err(
            "give exactly one of `regex`, `assigned_to` (with `value`) or `after` (with `value`)"
                .into(),
        );
    }
    if raw.assigned_to.is_empty() && (raw.key_tail.is_some() || !raw.key_exclude.is_empty()) {
        return Err("`key_tail` and `key_exclude` go with `assigned_to`".into());
    }
    if raw.after.is_empty() && raw.within.is_some() {
        return Err("`within` goes with `after`".into());
    }
    if !raw.regex.is_empty() {
        if raw.value.is_some() {
            return Err("`value` goes with `assigned_to` or `after`, not with `regex`".into());
        }
        return Ok(raw.regex.clone());
    }
    let value = raw
        .value
        .as_deref()
        .filter(|v| !v.is_empty())
        .ok_or("`value` is missing: give the secret's shape, e.g. value = '[0-9a-f]{32}'")?;
    if [&raw.assigned_to, &raw.after, &raw.key_exclude]
        .iter()
        .any(|list| list.iter().any(String::is_empty))
    {
        return Err(
            "an empty fragment in `assigned_to`, `after` or `key_exclude` matches every key".into(),
        );
    }
    if raw.assigned_to.is_empty() {
        let within = raw.within.unwrap_or(grammar::DEFAULT_WITHIN);
        if within > MAX_WINDOW {
            return Err(format!("within {within} is out of range 0..={MAX_WINDOW}"));
        }
        return Ok(grammar::after(&raw.after, within, value));
    }
    let tail = raw.key_tail.unwrap_or(grammar::DEFAULT_KEY_TAIL);
    if tail > grammar::MAX_KEY_TAIL {
        return Err(format!(
            "key_tail {tail} is out of range 0..={}",
            grammar::MAX_KEY_TAIL
        ));
    }
    Ok(grammar::assignment(
        &grammar::Key {
            fragments: &raw.assigned_to,
            tail,
            exclude: &raw.key_exclude,
            weak: raw.provider == "generic",
        },
        value,
    ))
}

/// Compiles a pattern with the semantics every rule is written for: ASCII classes and
/// case-folding, `.` matching any byte but `\n`, and no UTF-8 requirement on the haystack.
pub(crate) fn compile_regex(pattern: &str) -> Result<meta::Regex, String> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .utf8_empty(false)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
                .onepass_size_limit(Some(REGEX_SIZE_LIMIT))
                .dfa_size_limit(Some(FULL_DFA_SIZE_LIMIT)),
        )
        .syntax(re_syntax::Config::new().unicode(false).utf8(false))
        .build(pattern)
        .map_err(|e| regex_error(pattern, &e))
}

/// Says what is wrong with `pattern`, quoting it: the position and cause of a syntax error, or
/// which size limit a compiled pattern hit. The builder's own message names neither.
fn regex_error(pattern: &str, e: &meta::BuildError) -> String {
    const SHOWN: usize = 200;
    let quoted: String = if pattern.chars().count() > SHOWN {
        pattern.chars().take(SHOWN).chain("...".chars()).collect()
    } else {
        pattern.to_string()
    };
    if let Some(syntax) = e.syntax_error() {
        let (cause, span) = match syntax {
            regex_syntax::Error::Parse(p) => (p.kind().to_string(), *p.span()),
            regex_syntax::Error::Translate(t) => (t.kind().to_string(), *t.span()),
            other => (
                other.to_string(),
                regex_syntax::ast::Span::splat(regex_syntax::ast::Position::new(0, 1, 1)),
            ),
        };
        let at = pattern[..span.start.offset.min(pattern.len())]
            .chars()
            .count()
            + 1;
        return format!("invalid regex `{quoted}`: {cause}, at character {at}");
    }
    if let Some(limit) = e.size_limit() {
        return format!(
            "regex `{quoted}` is too large: compiled, it exceeds the size limit of {} MiB; use smaller repetition bounds (`{{1,64}}` rather than `{{1,10000}}`) or unbounded ones (the match window bounds the search)",
            limit >> 20
        );
    }
    format!("invalid regex `{quoted}`: {e}")
}

fn compile_rule(rule: &Rule) -> Result<CompiledRule, String> {
    let regex = compile_regex(&rule.pattern)?;
    let info = regex.group_info();
    let groups = info.group_len(regex_automata::PatternID::ZERO);
    let secret_group = match (
        rule.secret_group,
        info.to_index(regex_automata::PatternID::ZERO, "secret"),
    ) {
        (Some(g), _) if g < groups => g,
        (Some(g), _) => {
            return Err(format!(
                "secret_group {g} does not exist: the regex has {} capture group(s)",
                groups - 1
            ))
        }
        (None, Some(i)) => i,
        (None, None) if groups > 1 => 1,
        (None, None) => 0,
    };
    let allowlist = rule
        .allowlist
        .iter()
        .map(|p| compile_regex(p).map_err(|e| format!("allowlist `{p}`: {e}")))
        .collect::<Result<_, _>>()?;
    Ok(CompiledRule {
        regex,
        secret_group,
        allowlist,
    })
}

impl Config {
    /// Parses a config file in nhiscan's format or gitleaks' (recognised by its keys).
    pub fn parse(name: &str, text: &str) -> Result<Config, RuleError> {
        if gitleaks::looks_like(text) {
            gitleaks::import(name, text)
        } else {
            Config::parse_native(name, text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<RuleSet, RuleError> {
        RuleSet::load(&[RuleSource {
            name: "test.toml".into(),
            text: text.into(),
            eager: true,
        }])
    }

    const GOOD: &str = r#"
[[rules]]
id = "acme-key"
description = "Acme key"
provider = "acme"
kind = "api-key"
lifetime = "long"
severity = "high"
keywords = ["acme_"]
regex = '''acme_(?P<secret>[a-z]{8})'''
"#;

    #[test]
    fn loads_a_valid_rule_and_finds_its_secret_group() {
        let set = load(GOOD).unwrap();
        assert_eq!(set.len(), 1);
        let rule = set.get(RuleIndex(0));
        assert_eq!(rule.origin.line, 3);
        assert_eq!(rule.compiled().unwrap().secret_group, 1);
        assert!(set.digest().starts_with("sha256:"));
    }

    #[test]
    fn bad_regex_names_file_line_and_rule() {
        let text = GOOD.replace("[a-z]{8})", "[a-z{8}");
        let err = load(&text).unwrap_err().to_string();
        assert!(
            err.starts_with("test.toml:3: rule `acme-key`: invalid regex"),
            "{err}"
        );
    }

    #[test]
    fn unknown_key_is_a_syntax_error_with_line() {
        let text = format!("{GOOD}colour = \"red\"\n");
        let err = load(&text).unwrap_err().to_string();
        assert!(
            err.contains("test.toml: line 11: rule `acme-key`: unknown field `colour`"),
            "{err}"
        );
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let err = load(&format!("{GOOD}{GOOD}")).unwrap_err().to_string();
        assert!(
            err.contains("duplicate id, first defined at test.toml:3"),
            "{err}"
        );
    }

    #[test]
    fn enum_fields_are_checked() {
        let err = load(&GOOD.replace("\"long\"", "\"forever\""))
            .unwrap_err()
            .to_string();
        assert!(err.contains("lifetime `forever`"), "{err}");
        let err = load(&GOOD.replace("\"high\"", "\"severe\""))
            .unwrap_err()
            .to_string();
        assert!(err.contains("severity `severe`"), "{err}");
    }

    #[test]
    fn short_keywords_are_rejected() {
        let err = load(&GOOD.replace("[\"acme_\"]", "[\"ac\"]"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("keyword `ac`"), "{err}");
    }

    #[test]
    fn regexes_use_ascii_byte_semantics() {
        let re = compile_regex(r"(?i)\bkey\w+").unwrap();
        assert!(re.is_match(b"KEYabc".as_slice()));
        assert!(!re.is_match("key\u{e9}".as_bytes()));
        let dot = compile_regex(r"a.b").unwrap();
        assert!(dot.is_match(b"a\xffb".as_slice()));
        assert!(!dot.is_match(b"a\nb".as_slice()));
    }
}

//! The rule files embedded in the binary at build time (see `build.rs`): as written, with
//! each file's digest, and pre-parsed into JSON for fast start-up.

/// `(file name, contents, sha256 of name and contents)` of every `rules/*.toml`, sorted by name.
pub static BUILTIN_RULE_FILES: &[(&str, &str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Every built-in rule, with its file and line, as JSON arrays of a few hundred rules each, in
/// file order.
pub static BUILTIN_RULES_JSON: &[&str] =
    include!(concat!(env!("OUT_DIR"), "/builtin_rules_json.rs"));

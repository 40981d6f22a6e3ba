//! The rule files embedded in the binary at build time (see `build.rs`).

/// `(file name, contents)` of every `rules/*.toml`, sorted by name.
pub static BUILTIN_RULE_FILES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

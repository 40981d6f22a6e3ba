//! nhiscan finds leaked credentials of non-human identities (API keys, access tokens,
//! service-account keys, private keys, CI secrets) and says what each one is: provider,
//! credential kind, lifetime, severity, and how to revoke or replace it.
//!
//! # Pipeline
//! Data moves one way, and the modules follow it:
//! `cli -> scan -> source -> matcher -> filter -> finding -> report`, with `rules` as data.
//!
//! - [`cli`]: arguments, rule loading, exit status. With [`report`], the only writer.
//! - [`scan`]: orchestration: enumerate, a bounded channel, rayon workers, collector, stats.
//! - [`source`]: what to scan and its bytes: a parallel directory walk, files, standard input.
//! - [`matcher`]: a keyword automaton over all rules, then candidate rules' regexes near hits.
//! - [`filter`]: entropy, placeholders and allowlists: keep a hit, or drop it with a reason.
//! - [`finding`]: locations, snippets, content-anchored fingerprints, overlap settling.
//! - [`report`]: text, JSON, JSON Lines and SARIF; redaction and sanitising.
//! - [`rules`]: the rule format, validation, lazy compilation and the built-in rules.
//! - [`stats`]: what a scan covered, skipped and failed to read; filled by `scan`, shown by
//!   `report`.
//!
//! # Vocabulary
//! - **Blob**: bytes to scan (a file, standard input).
//! - **Rule**: id, provider, credential kind, lifetime, severity, keywords, regex, filters and
//!   examples; validated from TOML (`RuleSyntax` -> `Rule`), gathered in a `RuleSet`.
//! - **Hit**: a rule's regex matched a span of a blob, with the secret's span inside it.
//! - **Finding**: a hit that survived the filters, with 1-based location and fingerprint.
//! - **Fingerprint**: a hash of rule id and secret only, never of a position, so it survives
//!   edits and moves.

pub mod finding;
pub mod gate;
pub mod matcher;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;
pub mod stats;
pub mod suppress;
pub mod triage;

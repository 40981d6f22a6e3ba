//! nhiscan finds leaked credentials of non-human identities (API keys, access tokens,
//! service-account keys, private keys, CI secrets) and says what each one is: provider,
//! credential kind, lifetime, severity, and how to revoke or replace it.
//!
//! # Pipeline
//! Data moves one way, and the modules follow it (`ARCHITECTURE.md` has the types that cross
//! each boundary): `scan -> source -> matcher -> triage -> evidence -> finding -> suppress -> gate ->
//! report`, with `rules` as data. The command line (`src/cli/`) is part of the binary, not of this crate.
//!
//! - [`scan`]: orchestration: a producer, a bounded channel of entries, and one scanning loop
//!   per rayon worker for files, standard input and git objects alike; git attribution.
//! - [`source`]: what to scan and its bytes, each blob with its [`source::Provenance`]: a
//!   parallel directory walk, files, standard input, git history, ranges and staged changes.
//! - [`matcher`]: a keyword automaton over all rules, then candidate rules' regexes near hits.
//! - [`triage`]: per hit: placeholders, entropy, digests, non-literal assignments: keep it, or
//!   drop it with a reason.
//! - [`evidence`]: what a secret tells of itself, offline: checksums, JWT claims, key
//!   algorithms and sizes, AWS accounts, service-account projects; the reader is the rule's
//!   `evidence` field, or the secret's shape.
//! - [`finding`]: locations, snippets, content-anchored fingerprints, identity (lifetime,
//!   severity, confidence from the rule and its evidence), overlap settling, pairs and reuse.
//! - [`suppress`]: per finding: inline markers, allowlists, ignore file, baseline, as a
//!   [`finding::Suppression`].
//! - [`gate`]: whether a finding fails the build under a [`rules::Policy`].
//! - [`report`]: text, JSON, JSON Lines and SARIF; redaction and sanitising.
//! - [`rules`]: the rule format, validation, lazy compilation, the built-in rules, the config
//!   file and the policy words.
//! - [`stats`]: what a scan covered, skipped and failed to read; filled by `scan`, shown by
//!   `report`.
//! - `date` (private): RFC 3339 timestamps and `YYYY-MM-DD` days, for reports and baselines.
//!
//! # Vocabulary
//! - **Blob**: bytes to scan (a file, standard input, a git object).
//! - **Provenance**: where a blob came from: its name (exact bytes kept) and origin (a file,
//!   standard input, or a git object id).
//! - **Rule**: id, provider, credential kind, lifetime, severity, keywords, regex, filters and
//!   examples; validated from TOML (`RuleSyntax` -> `Rule`), gathered in a `RuleSet`.
//! - **Hit**: a rule's regex matched a span of a blob, with the secret's span inside it.
//! - **Finding**: a hit that survived triage, with provenance, 1-based location, evidence and
//!   fingerprint, and whether it is suppressed.
//! - **Fingerprint**: a hash of rule id and secret only, never of a position, so it survives
//!   edits and moves.

mod date;
pub mod decode;
pub mod evidence;
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

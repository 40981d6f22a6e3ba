//! A finding is a hit that survived the filters, placed in its blob: 1-based line and column
//! (computed lazily, only for findings), a sanitisable snippet of the line, the secret, its
//! entropy, a content-anchored fingerprint, and what is known of the identity behind it
//! (`identity`: evidence, lifetime, severity, confidence). `build` also settles overlaps
//! between rules (a provider rule wins over a generic one; a rule wins over those it
//! supersedes) and joins credential pairs; `reuse` joins the places of one secret.
mod fingerprint;
mod identity;
mod location;
mod reuse;
mod suppression;

use std::ops::Range;

pub use fingerprint::Fingerprint;
pub use location::{locate, Location};
pub use reuse::join_reuse;
pub use suppression::Suppression;

use crate::evidence::{self, Evidence, Lifetime};
use crate::matcher::Hit;
use crate::rules::{Confidence, EvidenceFormat, Rule, RuleIndex, RuleSet, Severity};
use crate::source::{Name, Provenance};

/// Bytes of context kept either side of a secret in a snippet.
const SNIPPET_CONTEXT: usize = 60;
/// Longest snippet kept, in bytes; long secrets and minified lines are cut.
const SNIPPET_MAX: usize = 300;
/// Two halves of a credential pair are joined when at most this many lines apart.
const PAIR_LINES: usize = 5;

/// A reportable credential at one place.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: RuleIndex,
    /// Where the blob came from: its name (a path, `-` for standard input) and origin.
    pub provenance: Provenance,
    pub location: Location,
    pub secret: Vec<u8>,
    pub snippet: Snippet,
    pub entropy: f64,
    pub fingerprint: Fingerprint,
    /// Set for findings in git history: the commit that introduced the secret.
    pub git: Option<GitOrigin>,
    /// What the secret itself says about its credential.
    pub evidence: Evidence,
    /// The rule's lifetime, refined by the evidence (an expired JWT, an STS key id).
    pub lifetime: Lifetime,
    /// The rule's severity, adjusted for the evidence and for reuse.
    pub severity: Severity,
    pub confidence: Confidence,
    /// Every place this secret was found (this finding's first), when found more than once.
    pub elsewhere: Vec<Place>,
    /// Byte offsets of the whole match in its blob.
    pub span: Range<usize>,
    /// Why the finding is suppressed (inline marker, allowlist, ignore file, baseline), if it is.
    pub suppressed: Option<Suppression>,
    /// Set when the baseline entry that accepted this finding has expired: it gates again.
    pub expired_baseline: Option<String>,
    /// The encodings the secret was found inside, outermost first, each with where it starts
    /// in the layer around it (`base64 at 12:40`); empty for a secret found as written.
    pub decoded: Vec<String>,
}

/// One more place where a finding's secret was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: Name,
    /// For an archive member: the file the outermost container is.
    pub container: Option<Name>,
    pub location: Location,
    pub git: Option<GitOrigin>,
}

impl Finding {
    /// The name of the blob the secret is in.
    pub fn path(&self) -> &Name {
        &self.provenance.name
    }

    /// How many places hold this secret (1 unless reused).
    pub fn reuse_count(&self) -> usize {
        1 + self.elsewhere.len()
    }
}

/// The commit that introduced a secret found in git history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitOrigin {
    pub commit: String,
    pub author_name: String,
    pub author_email: String,
    /// RFC 3339, in the author's time zone.
    pub date: String,
    pub summary: String,
    /// The secret is still in the tree of HEAD (or of the range's head), not only in history.
    pub at_head: bool,
}

/// An excerpt of the line a secret is on, with the spans of every secret in it, so that a
/// report can mask or redact them all, not only the finding's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: Vec<u8>,
    pub secrets: Vec<Range<usize>>,
    /// The line goes on before / after the excerpt.
    pub cut_before: bool,
    pub cut_after: bool,
}

/// A hit the filters kept, with the secret's entropy.
#[derive(Debug, Clone)]
pub struct Kept {
    pub hit: Hit,
    pub entropy: f64,
}

/// Turns the kept hits of one blob into findings, ordered by position then rule. `now` (Unix
/// seconds) decides whether a token with an expiry has expired.
pub fn build(
    rules: &RuleSet,
    provenance: &Provenance,
    haystack: &[u8],
    mut kept: Vec<Kept>,
    now: i64,
) -> Vec<Finding> {
    settle_overlaps(rules, &mut kept);
    let secrets: Vec<Range<usize>> = kept
        .iter()
        .map(|k| literal_around(haystack, k.hit.secret.clone()))
        .collect();
    let mut cursor = location::Cursor::new(haystack);
    let mut found: Vec<Finding> = kept
        .into_iter()
        .map(|k| {
            let rule = rules.get(k.hit.rule);
            let (location, line_start) = cursor.locate(k.hit.secret.clone());
            let secret = haystack[k.hit.secret.clone()].to_vec();
            let evidence =
                evidence::gather(rule.evidence, evidence_input(rule, haystack, &k.hit), now);
            let (lifetime, severity, confidence) = identity::assess(rule, &evidence);
            Finding {
                rule: k.hit.rule,
                provenance: provenance.clone(),
                location,
                snippet: snippet(
                    haystack,
                    line_start,
                    literal_around(haystack, k.hit.secret.clone()),
                    &secrets,
                ),
                fingerprint: Fingerprint::of(&rule.id, &secret),
                secret,
                entropy: k.entropy,
                git: None,
                evidence,
                lifetime,
                severity,
                confidence,
                elsewhere: Vec::new(),
                span: k.hit.span.clone(),
                suppressed: None,
                expired_baseline: None,
                decoded: Vec::new(),
            }
        })
        .collect();
    join_pairs(rules, &mut found);
    found
}

/// The bytes evidence is read from: the secret, except for a service-account key, whose facts
/// (account, project, key id) sit in the JSON around the private key the rule captured.
fn evidence_input<'h>(rule: &Rule, haystack: &'h [u8], hit: &Hit) -> &'h [u8] {
    if rule.evidence == Some(EvidenceFormat::ServiceAccount) {
        let start = hit.span.start.saturating_sub(16 << 10);
        let end = haystack.len().min(hit.span.end + (16 << 10));
        &haystack[start..end]
    } else {
        &haystack[hit.secret.clone()]
    }
}

/// Joins the halves of credential pairs (an access key id and, a few lines away, its secret
/// key): the half whose rule `pairs_with` the other stays, with the other named in its
/// evidence; the other is not reported on its own.
fn join_pairs(rules: &RuleSet, found: &mut Vec<Finding>) {
    let mut absorbed = vec![false; found.len()];
    for i in 0..found.len() {
        let wants = &rules.get(found[i].rule).pairs_with;
        if wants.is_empty() {
            continue;
        }
        let line = found[i].location.line;
        let partner = (0..found.len())
            .filter(|&j| j != i && !absorbed[j])
            .filter(|&j| wants.contains(&rules.get(found[j].rule).id))
            .filter(|&j| found[j].location.line.abs_diff(line) <= PAIR_LINES)
            .min_by_key(|&j| found[j].location.line.abs_diff(line));
        if let Some(j) = partner {
            absorbed[j] = true;
            // The pair is as bad as its worse half (the secret key, usually).
            found[i].severity = found[i].severity.min(found[j].severity);
            let note = format!(
                "{} at line {}",
                rules.get(found[j].rule).id,
                found[j].location.line
            );
            found[i].evidence.facts.insert("paired_with".into(), note);
        }
    }
    let mut absorbed = absorbed.into_iter();
    found.retain(|_| !absorbed.next().unwrap_or(false));
}

/// Whether a finding of rule `loser` yields to one of rule `winner` at the same place: the same
/// rule, a generic rule to a provider rule, or a rule that `winner` supersedes.
pub fn yields_to(rules: &RuleSet, loser: RuleIndex, winner: RuleIndex) -> bool {
    let (l, w) = (rules.get(loser), rules.get(winner));
    loser == winner || (l.is_generic() && !w.is_generic()) || w.supersedes.contains(&l.id)
}

/// Sorts hits by position, then drops, among overlapping secrets: a generic rule's hit when a
/// provider rule found one too, a hit of a rule that another rule `supersedes`, and a hit
/// whose secret lies inside a longer secret of the same rule.
fn settle_overlaps(rules: &RuleSet, kept: &mut Vec<Kept>) {
    kept.sort_by_key(|k| (k.hit.secret.start, k.hit.rule));
    let generic: Vec<bool> = kept
        .iter()
        .map(|k| rules.get(k.hit.rule).is_generic())
        .collect();
    let loses_to = |a: usize, b: usize| {
        let (x, y) = (&kept[a].hit, &kept[b].hit);
        // A generic rule yields to a provider rule, and to a generic rule loaded before it on
        // the very same secret.
        (generic[a] && (!generic[b] || (x.secret == y.secret && y.rule < x.rule)))
            || rules.get(y.rule).supersedes.contains(&rules.get(x.rule).id)
            || (x.rule == y.rule
                && y.secret.start <= x.secret.start
                && x.secret.end <= y.secret.end
                && x.secret != y.secret)
    };
    let mut beaten = vec![false; kept.len()];
    // Sorted by start, so the pairs that overlap `i` from the right are the `j` that start
    // before `i` ends: a sweep, not all pairs.
    for i in 0..kept.len() {
        let end = kept[i].hit.secret.end;
        for j in i + 1..kept.len() {
            if kept[j].hit.secret.start >= end {
                break;
            }
            beaten[i] |= loses_to(i, j);
            beaten[j] |= loses_to(j, i);
        }
    }
    let mut beaten = beaten.into_iter();
    kept.retain(|_| !beaten.next().unwrap_or(false));
}

/// Longest quoted value a redaction is widened to.
const LITERAL_MAX: usize = 1024;

/// The span to hide for a secret: the secret, widened to the end of the quoted literal it
/// opens (`'` `"` or a backtick right before it, the same quote after it on the line). A rule
/// may capture only part of a value with punctuation in it (`"MYPSWRD!@#$%^&*"`); masking or
/// redacting only the capture would print the rest of the secret.
fn literal_around(haystack: &[u8], secret: Range<usize>) -> Range<usize> {
    let Some(&quote) = secret.start.checked_sub(1).and_then(|i| haystack.get(i)) else {
        return secret;
    };
    if !matches!(quote, b'"' | b'\'' | b'`') {
        return secret;
    }
    let end = haystack.len().min(secret.start + LITERAL_MAX);
    let mut i = secret.start;
    while i < end {
        match haystack[i] {
            b'\\' => i += 2,
            b'\n' => return secret,
            b if b == quote => return secret.start..i.max(secret.end),
            _ => i += 1,
        }
    }
    secret
}

fn snippet(
    haystack: &[u8],
    line_start: usize,
    secret: Range<usize>,
    all: &[Range<usize>],
) -> Snippet {
    let start = line_start.max(secret.start.saturating_sub(SNIPPET_CONTEXT));
    let search_end = haystack.len().min(secret.end + SNIPPET_CONTEXT);
    let mut end = match memchr::memchr(b'\n', &haystack[secret.start..search_end]) {
        Some(nl) => secret.start + nl,
        None => search_end,
    };
    end = end.min(start + SNIPPET_MAX);
    let line_goes_on = end < haystack.len() && haystack[end] != b'\n';
    let mut text = &haystack[start..end];
    if text.last() == Some(&b'\r') {
        text = &text[..text.len() - 1];
    }
    let secrets = all
        .iter()
        .filter(|s| s.start < start + text.len() && s.end > start)
        .map(|s| s.start.max(start) - start..s.end.min(start + text.len()) - start)
        .collect();
    Snippet {
        text: text.to_vec(),
        secrets,
        cut_before: start > line_start,
        cut_after: line_goes_on,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSource;

    fn set() -> RuleSet {
        let rule = |id: &str, provider: &str| {
            format!(
                "[[rules]]\nid = \"{id}\"\ndescription = \"d\"\nprovider = \"{provider}\"\nkind = \"api-key\"\nlifetime = \"long\"\nseverity = \"high\"\nkeywords = [\"key\"]\nregex = 'key'\n"
            )
        };
        RuleSet::load(&[RuleSource {
            name: "t.toml".into(),
            text: format!("{}{}", rule("acme", "acme"), rule("any", "generic")),
            eager: true,
        }])
        .unwrap()
    }

    fn kept(rule: u32, secret: Range<usize>) -> Kept {
        Kept {
            hit: Hit {
                rule: RuleIndex(rule),
                span: secret.clone(),
                secret,
            },
            entropy: 4.0,
        }
    }

    #[test]
    fn provider_rule_wins_over_generic_on_the_same_secret() {
        let set = set();
        let hay = b"token = abcdefgh1234\n";
        let found = build(
            &set,
            &Provenance::file("f".into()),
            hay,
            vec![kept(1, 8..20), kept(0, 8..20)],
            0,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(set.get(found[0].rule).id, "acme");
    }

    #[test]
    fn locations_are_one_based_and_crlf_safe() {
        let set = set();
        let hay = b"a\r\nb\r\n  s3cr3tvalue\r\n";
        let found = build(
            &set,
            &Provenance::file("f".into()),
            hay,
            vec![kept(0, 8..19)],
            0,
        );
        let l = &found[0].location;
        assert_eq!((l.line, l.column, l.end_line, l.end_column), (3, 3, 3, 14));
        assert_eq!(found[0].snippet.text, b"  s3cr3tvalue");
        assert_eq!(found[0].snippet.secrets, vec![2..13]);
    }

    #[test]
    fn the_whole_quoted_value_is_hidden_not_only_the_capture() {
        let set = set();
        let hay = b"password = \"MYPSWRD!@#$%^&*\" # x\n";
        let found = build(
            &set,
            &Provenance::file("f".into()),
            hay,
            vec![kept(0, 12..25)],
            0,
        );
        let s = &found[0].snippet;
        assert_eq!(&s.text[s.secrets[0].clone()], b"MYPSWRD!@#$%^&*");
    }

    #[test]
    fn fingerprint_ignores_position() {
        let set = set();
        let a = build(
            &set,
            &Provenance::file("f".into()),
            b"k=abcdefgh",
            vec![kept(0, 2..10)],
            0,
        );
        let b = build(
            &set,
            &Provenance::file("g".into()),
            b"\n\n   k=abcdefgh",
            vec![kept(0, 7..15)],
            0,
        );
        assert_eq!(a[0].fingerprint, b[0].fingerprint);
    }

    #[test]
    fn snippet_of_a_long_line_is_cut_and_marks_other_secrets() {
        let set = set();
        let mut hay = vec![b'a'; 1000];
        hay.extend_from_slice(b" one=AAAA two=BBBB ");
        hay.extend(vec![b'z'; 1000]);
        let found = build(
            &set,
            &Provenance::file("f".into()),
            &hay,
            vec![kept(0, 1005..1009), kept(0, 1014..1018)],
            0,
        );
        let s = &found[0].snippet;
        assert!(s.cut_before && s.cut_after);
        assert_eq!(s.secrets.len(), 2);
        assert!(s.text.len() <= SNIPPET_MAX);
    }
}

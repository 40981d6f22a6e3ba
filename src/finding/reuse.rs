//! Reuse: the same secret (same rule, same fingerprint) found in several places is one
//! credential. Its first place (in the order given) is reported, the others are listed with
//! it, and reuse raises the severity: more copies, more ways to leak, more to clean up.
use std::collections::HashMap;

use super::{identity, Finding, Fingerprint, Place};
use crate::rules::RuleIndex;

/// Joins findings of one credential into its first finding, keeping the order of firsts.
pub fn join_reuse(findings: Vec<Finding>) -> Vec<Finding> {
    let mut first: HashMap<(RuleIndex, Fingerprint), usize> = HashMap::new();
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings {
        match first.get(&(f.rule, f.fingerprint.clone())) {
            Some(&i) => {
                let primary = &mut out[i];
                if primary.elsewhere.is_empty() {
                    primary.severity = identity::raise(primary.severity);
                }
                primary.elsewhere.push(Place {
                    path: f.provenance.name,
                    container: f.provenance.container,
                    location: f.location,
                    git: f.git,
                });
            }
            None => {
                first.insert((f.rule, f.fingerprint.clone()), out.len());
                out.push(f);
            }
        }
    }
    out
}

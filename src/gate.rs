//! The gate: which findings fail a CI build, under a `Policy` (`rules::policy`). By default
//! every finding does; `long-lived` fails only on credentials that stay valid until someone
//! revokes them (or whose lifetime is unknown, which must be assumed long), and a minimum
//! severity and confidence can narrow it further. Advisory findings (how a pipeline
//! authenticates, not a leak) and suppressed findings never fail it; a baseline entry that has
//! expired no longer suppresses.
use crate::evidence::Lifetime;
use crate::finding::Finding;
use crate::rules::{FailOn, Policy, RuleSet};

/// Whether `finding` fails the gate under `policy`.
pub fn fails(policy: &Policy, rules: &RuleSet, finding: &Finding) -> bool {
    if finding.suppressed.is_some() || rules.get(finding.rule).advisory {
        return false;
    }
    // Both order the strongest first, so "at least" is "not greater".
    if finding.severity > policy.min_severity || finding.confidence > policy.min_confidence {
        return false;
    }
    match policy.fail_on {
        FailOn::Any => true,
        FailOn::LongLived => matches!(finding.lifetime, Lifetime::Long | Lifetime::Unknown),
        FailOn::None => false,
    }
}

//! What a finding says about the identity behind the secret: its lifetime (the rule's, refined
//! by the evidence), its severity (the rule's, lowered for encrypted keys and expired tokens)
//! and how confident the match is (a provider's documented format, a generic assignment, or a
//! token that fails its own checksum).
use crate::evidence::{Evidence, Lifetime};
use crate::rules::{self, Confidence, Rule, Severity};

/// The lifetime, severity and confidence of a finding of `rule` with `evidence`.
pub(super) fn assess(rule: &Rule, evidence: &Evidence) -> (Lifetime, Severity, Confidence) {
    let lifetime = evidence.lifetime.unwrap_or(match rule.lifetime {
        rules::Lifetime::Long => Lifetime::Long,
        rules::Lifetime::Short => Lifetime::Short,
        rules::Lifetime::Varies => Lifetime::Unknown,
    });
    let mut severity = rule.severity;
    if evidence.lowers_severity {
        severity = lower(severity);
    }
    if lifetime == Lifetime::Expired {
        severity = severity.max(Severity::Low);
    }
    let confidence = if evidence.likely_fake {
        Confidence::Low
    } else if rule.is_generic() {
        Confidence::Medium
    } else {
        Confidence::High
    };
    (lifetime, severity, confidence)
}

/// One step less severe (`Severity` orders critical first).
pub(super) fn lower(s: Severity) -> Severity {
    match s {
        Severity::Critical => Severity::High,
        Severity::High => Severity::Medium,
        Severity::Medium => Severity::Low,
        Severity::Low | Severity::Info => Severity::Info,
    }
}

/// One step more severe.
pub(super) fn raise(s: Severity) -> Severity {
    match s {
        Severity::Critical | Severity::High => Severity::Critical,
        Severity::Medium => Severity::High,
        Severity::Low => Severity::Medium,
        Severity::Info => Severity::Low,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleIndex, RuleSet, RuleSource};

    fn rule(provider: &str, lifetime: &str) -> RuleSet {
        RuleSet::load(&[RuleSource {
            name: "t.toml".into(),
            text: format!("[[rules]]\nid = \"r\"\ndescription = \"d\"\nprovider = \"{provider}\"\nkind = \"api-key\"\nlifetime = \"{lifetime}\"\nseverity = \"high\"\nkeywords = [\"key\"]\nregex = 'key'\n"),
            eager: false,
        }])
        .unwrap()
    }

    #[test]
    fn evidence_refines_the_rule() {
        let set = rule("acme", "varies");
        let r = set.get(RuleIndex(0));
        assert_eq!(
            assess(r, &Evidence::default()),
            (Lifetime::Unknown, Severity::High, Confidence::High)
        );
        let expired = Evidence {
            lifetime: Some(Lifetime::Expired),
            ..Evidence::default()
        };
        assert_eq!(
            assess(r, &expired),
            (Lifetime::Expired, Severity::Low, Confidence::High)
        );
        let encrypted = Evidence {
            lowers_severity: true,
            ..Evidence::default()
        };
        assert_eq!(assess(r, &encrypted).1, Severity::Medium);
        let fake = Evidence {
            likely_fake: true,
            ..Evidence::default()
        };
        assert_eq!(assess(r, &fake).2, Confidence::Low);
    }

    #[test]
    fn generic_rules_have_medium_confidence() {
        let set = rule("generic", "long");
        assert_eq!(
            assess(set.get(RuleIndex(0)), &Evidence::default()).2,
            Confidence::Medium
        );
    }

    #[test]
    fn severity_steps_saturate() {
        assert_eq!(raise(Severity::Critical), Severity::Critical);
        assert_eq!(lower(Severity::Info), Severity::Info);
        assert_eq!(raise(lower(Severity::Medium)), Severity::Medium);
    }
}

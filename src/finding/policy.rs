//! The gate: which findings fail a CI build. By default every finding does; `long-lived`
//! fails only on credentials that stay valid until someone revokes them (or whose lifetime is
//! unknown, which must be assumed long), and a minimum severity can narrow it further.
//! Advisory findings (how a pipeline authenticates, not a leak) never fail the gate.
use super::{Confidence, Finding, Lifetime};
use crate::rules::{RuleSet, Severity};

/// Which findings fail the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Any,
    LongLived,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub fail_on: FailOn,
    /// Findings less severe than this do not fail the gate.
    pub min_severity: Severity,
    /// Findings less certain than this (generic rules are `medium`) do not fail the gate.
    pub min_confidence: Confidence,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            fail_on: FailOn::Any,
            min_severity: Severity::Info,
            min_confidence: Confidence::Low,
        }
    }
}

impl Policy {
    /// Whether `finding` fails the gate.
    pub fn gates(&self, rules: &RuleSet, finding: &Finding) -> bool {
        if rules.get(finding.rule).advisory {
            return false;
        }
        // Both order the strongest first, so "at least" is "not greater".
        if finding.severity > self.min_severity || finding.confidence > self.min_confidence {
            return false;
        }
        match self.fail_on {
            FailOn::Any => true,
            FailOn::LongLived => matches!(finding.lifetime, Lifetime::Long | Lifetime::Unknown),
            FailOn::None => false,
        }
    }
}

//! Every built-in rule proves itself: it loads, compiles, has documentation and remediation, and
//! its examples behave (each positive found by the rule, each negative by no rule at all).
use nhiscan::rules::RuleSet;
use nhiscan::scan::check_examples;

#[test]
fn every_built_in_rule_passes_its_examples() {
    // The rule files as written: the pre-parsed form a scan loads leaves the examples out.
    let rules = RuleSet::load(&nhiscan::rules::RuleSource::builtin()).expect("rule files load");
    let failures = check_examples(&rules);
    let report: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        report.join("\n")
    );
}

#[test]
fn every_built_in_rule_is_documented() {
    let rules = RuleSet::load(&nhiscan::rules::RuleSource::builtin()).expect("rule files load");
    assert!(rules.len() >= 250, "only {} rules", rules.len());
    for (_, rule) in rules.iter() {
        assert!(
            !rule.references.is_empty(),
            "{} names no documentation",
            rule.id
        );
        assert!(
            rule.references.iter().all(|r| r.starts_with("https://")),
            "{}: references must be https URLs",
            rule.id
        );
        assert!(
            rule.remediation.len() >= 40,
            "{} has no real remediation",
            rule.id
        );
        assert!(
            rule.examples.len() >= 2,
            "{} needs at least 2 examples",
            rule.id
        );
        assert!(
            rule.negative_examples.len() >= 2,
            "{} needs at least 2 negative examples",
            rule.id
        );
    }
}

#[test]
fn every_built_in_rule_compiles_small() {
    // A large bounded repetition (`{0,8000}`) compiles to thousands of states per rule and
    // thread; windows already bound the search, so rules use `{n,}` instead.
    let rules = RuleSet::builtin().expect("built-in rules load");
    for (_, rule) in rules.iter() {
        let bytes = rule.compiled().expect("compiles").regex.memory_usage();
        assert!(bytes < 1 << 20, "{} compiles to {bytes} bytes", rule.id);
    }
}

#[test]
fn the_pre_parsed_built_in_rules_equal_the_rule_files() {
    let fast = RuleSet::builtin().expect("built-in rules load");
    let files = RuleSet::load(&nhiscan::rules::RuleSource::builtin()).expect("rule files load");
    assert_eq!(fast.digest(), files.digest());
    assert_eq!(fast.len(), files.len());
    for ((_, a), (_, b)) in fast.iter().zip(files.iter()) {
        assert_eq!(
            (&a.id, &a.origin, &a.pattern),
            (&b.id, &b.origin, &b.pattern)
        );
        assert!(a.origin.line > 0, "{} has no line", a.id);
    }
}

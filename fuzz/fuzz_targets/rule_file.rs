//! Rule files come from users: loading any bytes must return rules or an error, never panic;
//! what loads has unique ids, compiles (loading is eager), and loads again the same.
use nhiscan::rules::{RuleSet, RuleSource};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let source = RuleSource {
            name: "fuzz.toml".into(),
            text: text.into(),
            eager: true,
        };
        match RuleSet::load(std::slice::from_ref(&source)) {
            Ok(set) => {
                let ids: Vec<&str> = set.iter().map(|(_, r)| r.id.as_str()).collect();
                let mut unique = ids.clone();
                unique.sort_unstable();
                unique.dedup();
                assert_eq!(unique.len(), ids.len(), "duplicate rule ids accepted");
                for (i, r) in set.iter() {
                    assert_eq!(set.get(i).id, r.id);
                    assert!(!r.id.is_empty(), "empty rule id accepted");
                }
                let again = RuleSet::load(&[source]).expect("a rule file that loaded loads again");
                assert_eq!(again.digest(), set.digest());
                assert_eq!(again.len(), set.len());
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    });
}

//! What a rule's value needs to be there at all: a run of bytes of one class (`[0-9a-f]{40}`
//! needs forty hex digits in a row). Checking a search window for such a run costs a pass over
//! its bytes; compiling the rule's regex costs half a millisecond, and hundreds of long-tail
//! rules have their keyword (a provider's name) appear somewhere in a large tree, mostly in
//! prose with no value near it. The matcher asks before it compiles or searches.
use regex_syntax::hir::{Class, Hir, HirKind};

/// Classes of more bytes than this say too little to be worth a pass (`[^\s"']` matches most
/// of any text).
const NARROW: usize = 96;
/// Shorter runs occur in ordinary text too often to be worth a pass.
const MIN_RUN: u32 = 12;

/// At least `min` consecutive bytes of `class` occur in every match of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    class: [bool; 256],
    min: usize,
}

impl Run {
    /// The longest narrow run every match of `value` contains, if the value's regex says one.
    pub fn of(value: &str) -> Option<Run> {
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(value)
            .ok()?;
        required(&hir)
    }

    /// Whether `bytes` hold such a run.
    pub fn occurs_in(&self, bytes: &[u8]) -> bool {
        let mut run = 0;
        for &b in bytes {
            if self.class[usize::from(b)] {
                run += 1;
                if run >= self.min {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        false
    }
}

/// Runs required by `hir`: a repetition of a narrow class at least `MIN_RUN` long, the
/// longest such run of a concatenation, and for an alternation or a group what all of it
/// requires.
fn required(hir: &Hir) -> Option<Run> {
    match hir.kind() {
        HirKind::Repetition(rep) if rep.min >= MIN_RUN => {
            let HirKind::Class(class) = rep.sub.kind() else {
                return required(&rep.sub);
            };
            let set = bytes_of(class)?;
            if set.iter().filter(|&&b| b).count() > NARROW {
                return None;
            }
            Some(Run {
                class: set,
                min: rep.min as usize,
            })
        }
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Concat(parts) => parts.iter().filter_map(required).max_by_key(|r| r.min),
        HirKind::Alternation(branches) => {
            let mut union: Option<Run> = None;
            for branch in branches {
                let run = required(branch)?;
                union = Some(match union {
                    None => run,
                    Some(u) => Run {
                        class: std::array::from_fn(|i| u.class[i] || run.class[i]),
                        min: u.min.min(run.min),
                    },
                });
            }
            union.filter(|u| u.class.iter().filter(|&&b| b).count() <= NARROW)
        }
        _ => None,
    }
}

fn bytes_of(class: &Class) -> Option<[bool; 256]> {
    let mut set = [false; 256];
    match class {
        Class::Bytes(c) => {
            for r in c.ranges() {
                for b in r.start()..=r.end() {
                    set[usize::from(b)] = true;
                }
            }
        }
        Class::Unicode(c) => {
            for r in c.ranges() {
                if u32::from(r.start()) > 0xFF {
                    continue;
                }
                let end = u32::from(r.end()).min(0xFF);
                for b in u32::from(r.start())..=end {
                    set[b as usize] = true;
                }
                // A class that reaches past one byte matches multi-byte text the bytes
                // above cannot stand for.
                if u32::from(r.end()) > 0x7F {
                    return None;
                }
            }
        }
    }
    Some(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_class_repetition_needs_its_run() {
        let run = Run::of("[0-9a-f]{40}").unwrap();
        assert_eq!(run.min, 40);
        assert!(run.occurs_in(b"sha = 3cf3f06c035c3483b8ad2b58d2093e2474c2c7f6;"));
        assert!(!run.occurs_in(b"3cf3f06c035c3483b8ad2b58d20 93e2474c2c7f6 and more text"));
    }

    #[test]
    fn a_concatenation_needs_its_longest_run() {
        let run = Run::of("sk_(?:live|test)_[0-9A-F]{16}").unwrap();
        assert_eq!(run.min, 16);
        assert!(run.occurs_in(b"MAGIC=sk_live_5BBE04E86216B18A"));
        assert!(!run.occurs_in(b"MAGIC=sk_live_5bbe04e86216b18a"));
    }

    #[test]
    fn an_alternation_needs_what_every_branch_needs() {
        let run = Run::of("(?:[a-f0-9]{32}|[A-Z0-9]{20})").unwrap();
        assert_eq!(run.min, 20);
        assert!(run.occurs_in(b"AKIA0123456789ABCDEF"));
        assert_eq!(Run::of("(?:[a-f0-9]{32}|x)"), None);
    }

    #[test]
    fn broad_short_or_unparsable_values_need_nothing() {
        assert_eq!(Run::of(r#"[^\s"']{12,}"#), None);
        assert_eq!(Run::of("[a-z]{4}"), None);
        assert_eq!(Run::of("(unclosed"), None);
    }

    #[test]
    fn every_value_that_matches_has_the_run() {
        for (value, text) in [
            ("[0-9a-f]{40}", "464a415d7960cd6cc2c5b31b799255b5e02cc65e"),
            (
                "[A-Za-z0-9+/]{43}=",
                "avAAkLSLF22WMyZ2xmw2BASAwW2xTw8LnOCtBsg+qJp=",
            ),
            (
                "T?[ps]k_[0-9a-f]{32}",
                "sk_9f643afb07e24d2db145bc3380b3b54b",
            ),
            ("[A-Za-z0-9_-]{20,40}", "4fIx8AAI2PhSYhtibH2l"),
        ] {
            let run = Run::of(value).unwrap();
            assert!(run.occurs_in(text.as_bytes()), "{value} on {text}");
        }
    }
}

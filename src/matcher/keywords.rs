//! Finds every occurrence of every keyword in a (lowercased) chunk of a blob: the matcher's
//! prefilter. An Aho-Corasick automaton over a thousand and more keywords costs a cache-missing
//! table lookup per byte, and each lookup waits for the one before it. So the chunk is cut into
//! lanes that the automaton walks side by side, one step of each per iteration: the lookups of
//! different lanes are independent, the processor overlaps them, and a chunk takes about 0.6x
//! the time of one walk (benches/README.md). Lanes overlap by a keyword's length, and an
//! occurrence belongs to the lane it starts in, so each is reported exactly once.
//!
//! For the few small files of a pre-commit hook, building an automaton (milliseconds for two
//! thousand keywords) is most of the run. There, keywords are found through a table of their
//! first bytes instead: it builds in a tenth of a millisecond, and each position of the input
//! costs one or two lookups.
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{dfa, Anchored, BuildError, MatchKind};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Lanes walked side by side. Four keep every lane's state in a register; eight measured slower.
const LANES: usize = 4;

/// Below this many bytes a chunk is walked as one lane: the lanes' overlap and bookkeeping
/// would cost more than they save.
const MIN_LANED: usize = 4 << 10;

/// One occurrence of keyword `pattern` at `start..end` of the searched bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
}

/// The compiled keywords. Patterns are matched byte for byte: callers lowercase both.
#[derive(Debug)]
pub enum Keywords {
    /// Scans fast, builds in milliseconds: for anything larger than a few files.
    Dfa(Box<dfa::DFA>),
    /// Builds at once: for the few small files of a pre-commit hook.
    Prefixes(Prefixes),
}

/// The keywords by their first bytes: for each length 1 to `PREFIX`, the keywords whose prefix
/// of that length (the whole keyword, if shorter) is the key, as pattern numbers.
#[derive(Debug)]
pub struct Prefixes {
    patterns: Vec<Box<[u8]>>,
    by_prefix: [HashMap<u32, Vec<usize>, BuildHasherDefault<Multiply>>; PREFIX],
}

/// Bytes of a keyword the table keys it by.
const PREFIX: usize = 4;

/// A keyword prefix is at most four bytes: one multiplication spreads them over the hash.
#[derive(Debug, Default)]
struct Multiply(u64);

impl Hasher for Multiply {
    fn finish(&self) -> u64 {
        // The table indexes by the low bits, which a product takes from the input's low bits
        // alone (the first byte): the well-mixed high bits go there instead.
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The first `len` (at most four) bytes of `bytes`, as one number.
fn prefix(bytes: &[u8], len: usize) -> u32 {
    bytes[..len]
        .iter()
        .rev()
        .fold(0, |key, &b| key << 8 | u32::from(b))
}

/// Per-lane buffers, reused from chunk to chunk.
#[derive(Debug, Default)]
pub struct Lanes([Vec<Occurrence>; LANES]);

impl Keywords {
    pub fn dfa(patterns: &[String]) -> Result<Self, BuildError> {
        dfa::Builder::new()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(patterns)
            .map(|dfa| Keywords::Dfa(Box::new(dfa)))
    }

    pub fn prefixes(patterns: &[String]) -> Self {
        let mut by_prefix: [HashMap<u32, Vec<usize>, BuildHasherDefault<Multiply>>; PREFIX] =
            Default::default();
        for (i, p) in patterns.iter().enumerate() {
            let len = p.len().min(PREFIX);
            if len > 0 {
                let key = prefix(p.as_bytes(), len);
                by_prefix[len - 1].entry(key).or_default().push(i);
            }
        }
        Keywords::Prefixes(Prefixes {
            patterns: patterns.iter().map(|p| p.as_bytes().into()).collect(),
            by_prefix,
        })
    }

    /// Replaces `found` with every occurrence of every keyword in `hay`, overlapping ones
    /// included, ordered by lane and, within a lane, by end.
    pub fn find_all(&self, hay: &[u8], lanes: &mut Lanes, found: &mut Vec<Occurrence>) {
        found.clear();
        match self {
            Keywords::Dfa(a) => walk(&**a, hay, lanes, found),
            Keywords::Prefixes(table) => table.find_all(hay, found),
        }
    }
}

impl Prefixes {
    /// Every occurrence in `hay`, by start.
    fn find_all(&self, hay: &[u8], found: &mut Vec<Occurrence>) {
        let lengths: Vec<usize> = (1..=PREFIX)
            .filter(|&len| !self.by_prefix[len - 1].is_empty())
            .collect();
        for start in 0..hay.len() {
            let rest = &hay[start..];
            for &len in &lengths {
                if rest.len() < len {
                    break;
                }
                let Some(candidates) = self.by_prefix[len - 1].get(&prefix(rest, len)) else {
                    continue;
                };
                for &pattern in candidates {
                    let keyword = &self.patterns[pattern];
                    if rest.starts_with(keyword) {
                        found.push(Occurrence {
                            pattern,
                            start,
                            end: start + keyword.len(),
                        });
                    }
                }
            }
        }
    }
}

fn walk<A: Automaton>(a: &A, hay: &[u8], lanes: &mut Lanes, found: &mut Vec<Occurrence>) {
    let Ok(start) = a.start_state(Anchored::No) else {
        unreachable!("an automaton built for unanchored search has an unanchored start state")
    };
    let n = hay.len();
    if n < MIN_LANED {
        let mut state = start;
        for (at, &byte) in hay.iter().enumerate() {
            state = a.next_state(Anchored::No, state, byte);
            if a.is_special(state) {
                report(a, state, at + 1, n, found);
            }
        }
        return;
    }
    let longest = a.max_pattern_len();
    let seg = n / LANES;
    // Lane i owns the occurrences that start in begin[i]..begin[i + 1] and reads on to `end[i]`,
    // far enough to see the longest keyword that starts at the last byte it owns.
    let begin: [usize; LANES + 1] = std::array::from_fn(|i| if i == LANES { n } else { i * seg });
    let end: [usize; LANES] =
        std::array::from_fn(|i| (begin[i + 1] + longest.saturating_sub(1)).min(n));
    let common = (0..LANES).map(|i| end[i] - begin[i]).min().unwrap_or(0);
    let [l0, l1, l2, l3] = &mut lanes.0;
    for lane in [&mut *l0, &mut *l1, &mut *l2, &mut *l3] {
        lane.clear();
    }
    let (h0, h1, h2, h3) = (
        &hay[begin[0]..begin[0] + common],
        &hay[begin[1]..begin[1] + common],
        &hay[begin[2]..begin[2] + common],
        &hay[begin[3]..begin[3] + common],
    );
    let (mut s0, mut s1, mut s2, mut s3) = (start, start, start, start);
    for (k, (((&b0, &b1), &b2), &b3)) in h0.iter().zip(h1).zip(h2).zip(h3).enumerate() {
        s0 = a.next_state(Anchored::No, s0, b0);
        s1 = a.next_state(Anchored::No, s1, b1);
        s2 = a.next_state(Anchored::No, s2, b2);
        s3 = a.next_state(Anchored::No, s3, b3);
        if a.is_special(s0) | a.is_special(s1) | a.is_special(s2) | a.is_special(s3) {
            let at = k + 1;
            if a.is_special(s0) {
                report(a, s0, begin[0] + at, begin[1], l0);
            }
            if a.is_special(s1) {
                report(a, s1, begin[1] + at, begin[2], l1);
            }
            if a.is_special(s2) {
                report(a, s2, begin[2] + at, begin[3], l2);
            }
            if a.is_special(s3) {
                report(a, s3, begin[3] + at, begin[4], l3);
            }
        }
    }
    for (i, (state, lane)) in [(s0, l0), (s1, l1), (s2, l2), (s3, l3)]
        .into_iter()
        .enumerate()
    {
        let mut state = state;
        for (at, &byte) in hay[..end[i]].iter().enumerate().skip(begin[i] + common) {
            state = a.next_state(Anchored::No, state, byte);
            if a.is_special(state) {
                report(a, state, at + 1, begin[i + 1], lane);
            }
        }
        found.extend_from_slice(lane);
    }
}

/// Reports the keywords that end at `end` in `state`, if they start before `owned`. In an
/// unanchored automaton built without a prefilter, the only special states are match states.
#[inline(always)]
fn report<A: Automaton>(
    a: &A,
    state: StateID,
    end: usize,
    owned: usize,
    found: &mut Vec<Occurrence>,
) {
    if !a.is_match(state) {
        return;
    }
    for i in 0..a.match_len(state) {
        let pattern = a.match_pattern(state, i);
        let start = end - a.pattern_len(pattern);
        if start < owned {
            found.push(Occurrence {
                pattern: pattern.as_usize(),
                start,
                end,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    /// What the automaton crate's own overlapping search reports, in our order-free form.
    fn expected(patterns: &[String], hay: &[u8]) -> Vec<Occurrence> {
        let ac = AhoCorasick::new(patterns).unwrap();
        let mut all: Vec<Occurrence> = ac
            .find_overlapping_iter(hay)
            .map(|m| Occurrence {
                pattern: m.pattern().as_usize(),
                start: m.start(),
                end: m.end(),
            })
            .collect();
        all.sort_by_key(|o| (o.start, o.end, o.pattern));
        all
    }

    fn found(keywords: &Keywords, hay: &[u8]) -> Vec<Occurrence> {
        let mut lanes = Lanes::default();
        let mut found = Vec::new();
        keywords.find_all(hay, &mut lanes, &mut found);
        found.sort_by_key(|o| (o.start, o.end, o.pattern));
        found
    }

    /// A reproducible haystack over a small alphabet, so that keywords occur often, overlap,
    /// and straddle every lane boundary at some length.
    fn haystack(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                b"abcab_-"[(x % 7) as usize]
            })
            .collect()
    }

    #[test]
    fn lanes_find_exactly_what_one_walk_finds() {
        let patterns: Vec<String> = ["ab", "abc", "bca", "cab_", "b_-a", "a", "_-", "abcab_-abc"]
            .map(String::from)
            .to_vec();
        let dfa = Keywords::dfa(&patterns).unwrap();
        let prefixes = Keywords::prefixes(&patterns);
        for (len, seed) in [(0, 1), (5, 2), (4095, 3), (4096, 4), (4099, 5), (70_001, 6)] {
            let hay = haystack(len, seed);
            let want = expected(&patterns, &hay);
            assert!(
                len < 100 || want.len() > len / 10,
                "the test haystack is too sparse"
            );
            assert_eq!(found(&dfa, &hay), want, "dfa, {len} bytes");
            assert_eq!(found(&prefixes, &hay), want, "prefixes, {len} bytes");
        }
    }

    #[test]
    fn a_keyword_across_a_lane_boundary_is_found_once() {
        let patterns = vec!["boundary".to_string()];
        let keywords = Keywords::dfa(&patterns).unwrap();
        let len = 4 * MIN_LANED;
        for at in [
            len / 4 - 4,
            len / 4 - 1,
            len / 4,
            len / 2 - 7,
            3 * len / 4 - 3,
        ] {
            let mut hay = vec![b'x'; len];
            hay[at..at + 8].copy_from_slice(b"boundary");
            assert_eq!(
                found(&keywords, &hay),
                vec![Occurrence {
                    pattern: 0,
                    start: at,
                    end: at + 8
                }],
                "keyword at {at}"
            );
        }
    }
}

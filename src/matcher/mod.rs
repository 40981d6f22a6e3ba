//! The matcher turns bytes into `Hit`s: one search for every rule's keywords (ASCII
//! case-insensitive; `keywords`: an Aho-Corasick automaton, or a table of prefixes for a few
//! small files) finds candidate positions, and only the rules whose keywords hit
//! run their regex, only in a window around those hits. Work per blob is linear in its size:
//! windows of one rule are merged before its regex runs, so no byte is searched twice by the
//! same rule. The matcher knows nothing of files, filters or reports.
mod keywords;

use std::ops::Range;

use regex_automata::{meta, util::captures::Captures};

use keywords::{Keywords, Lanes, Occurrence};

use crate::rules::{RuleError, RuleIndex, RuleSet};

/// Bytes of a blob lowercased at a time for the keyword search.
const KEYWORD_CHUNK: usize = 1 << 16;

/// A rule's regex matched `span`; the secret it captured is `secret` (inside `span`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rule: RuleIndex,
    pub span: Range<usize>,
    pub secret: Range<usize>,
}

/// The compiled keyword prefilter for one `RuleSet`. Build once per process, share by reference.
#[derive(Debug)]
pub struct Matcher<'r> {
    rules: &'r RuleSet,
    keywords: Keywords,
    /// The longest keyword, in bytes: how far chunks of a blob overlap.
    longest: usize,
    /// For each automaton pattern, the rules that list it as a keyword.
    keyword_rules: Vec<Vec<RuleIndex>>,
    /// Rules without keywords (imported from other tools): their regex runs on every blob.
    everywhere: Vec<RuleIndex>,
    /// Rules scoped to some paths (`path`): checked per blob, so that a rule for one file name
    /// costs nothing in every other file, however common its keywords.
    scoped: Vec<RuleIndex>,
}

/// Per-thread buffers, reused from blob to blob so that the hot path does not allocate.
#[derive(Debug)]
pub struct Scratch {
    /// Per rule: merged search windows of the current blob.
    windows: Vec<Vec<Range<usize>>>,
    /// Rules with at least one window in the current blob.
    touched: Vec<RuleIndex>,
    /// The chunk of the blob being searched for keywords, lowercased.
    lower: Vec<u8>,
    /// The keywords found in that chunk, and the automaton's per-lane buffers.
    found: Vec<Occurrence>,
    lanes: Lanes,
    /// Per rule: scoped to paths other than the current blob's.
    elsewhere: Vec<bool>,
    /// Per rule: regex search state, created on the rule's first use in this thread. Boxed:
    /// a cache is a kilobyte, and most of a thousand rules never run on a small input.
    engines: Vec<Option<Box<(meta::Cache, Captures)>>>,
}

/// Why the automaton could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the keyword automaton: {0}")]
pub struct MatcherError(#[from] aho_corasick::BuildError);

/// How much input a matcher is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A few small files (a pre-commit hook): build fast.
    Small,
    /// Anything more: scan fast.
    Large,
}

impl<'r> Matcher<'r> {
    /// A matcher for large inputs.
    pub fn new(rules: &'r RuleSet) -> Result<Self, MatcherError> {
        Self::for_input(rules, Input::Large)
    }

    pub fn for_input(rules: &'r RuleSet, input: Input) -> Result<Self, MatcherError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut slots: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut keyword_rules: Vec<Vec<RuleIndex>> = Vec::new();
        let mut everywhere = Vec::new();
        let mut scoped = Vec::new();
        for (index, rule) in rules.iter() {
            if rule.path.is_some() {
                scoped.push(index);
            }
            if rule.keywords.is_empty() {
                everywhere.push(index);
            }
            for keyword in &rule.keywords {
                let keyword = keyword.to_ascii_lowercase();
                // A map, not a scan of the list: hundreds of rules share a thousand keywords.
                let slot = *slots.entry(keyword.clone()).or_insert_with(|| {
                    patterns.push(keyword);
                    keyword_rules.push(Vec::new());
                    patterns.len() - 1
                });
                if !keyword_rules[slot].contains(&index) {
                    keyword_rules[slot].push(index);
                }
            }
        }
        // A full DFA scans fastest but takes milliseconds to build for two thousand keywords:
        // worth it, except for the few small files of a pre-commit hook, where start-up is
        // the whole cost and a table of prefixes builds at once (benches/README.md).
        let keywords = match input {
            Input::Large => Keywords::dfa(&patterns)?,
            Input::Small => Keywords::prefixes(&patterns),
        };
        let longest = patterns.iter().map(String::len).max().unwrap_or(1);
        Ok(Matcher {
            rules,
            keywords,
            longest,
            keyword_rules,
            everywhere,
            scoped,
        })
    }

    pub fn rules(&self) -> &'r RuleSet {
        self.rules
    }

    pub fn scratch(&self) -> Scratch {
        Scratch {
            windows: vec![Vec::new(); self.rules.len()],
            touched: Vec::new(),
            lower: Vec::with_capacity(KEYWORD_CHUNK + self.longest),
            found: Vec::new(),
            lanes: Lanes::default(),
            elsewhere: vec![false; self.rules.len()],
            engines: (0..self.rules.len()).map(|_| None).collect(),
        }
    }

    /// Replaces `hits` with every hit in `haystack` (the blob at `path`) of the rules that apply
    /// to `path`, sorted by rule then position, without duplicates. Fails only if a rule's regex
    /// does not compile.
    pub fn find(
        &self,
        path: &str,
        haystack: &[u8],
        scratch: &mut Scratch,
        hits: &mut Vec<Hit>,
    ) -> Result<(), RuleError> {
        hits.clear();
        for &index in &self.scoped {
            let scope = self.rules.get(index).scope()?;
            scratch.elsewhere[index.0 as usize] = scope.is_some_and(|re| !re.is_match(path));
        }
        self.collect_windows(haystack, scratch);
        let mut touched = std::mem::take(&mut scratch.touched);
        touched.sort_unstable();
        let mut result = Ok(());
        for &index in &touched {
            let windows = std::mem::take(&mut scratch.windows[index.0 as usize]);
            if result.is_ok() {
                result = self.search_rule(index, haystack, &windows, scratch, hits);
            }
            let mut windows = windows;
            windows.clear();
            scratch.windows[index.0 as usize] = windows;
        }
        touched.clear();
        scratch.touched = touched;
        hits.sort_unstable_by_key(|h| {
            (
                h.rule,
                h.span.start,
                h.span.end,
                h.secret.start,
                h.secret.end,
            )
        });
        hits.dedup();
        result
    }

    fn collect_windows(&self, haystack: &[u8], scratch: &mut Scratch) {
        let len = haystack.len();
        for &index in &self.everywhere {
            if scratch.elsewhere[index.0 as usize] {
                continue;
            }
            scratch.windows[index.0 as usize].push(0..len);
            scratch.touched.push(index);
        }
        // Keywords are lowercase and the automaton case-sensitive: matching a lowercased copy
        // is faster than a case-insensitive automaton (fewer byte classes, a smaller table to
        // keep in cache) and builds in half the time. The copy is made a chunk at a time, so a
        // blob costs no second blob of memory; chunks overlap by a keyword's length, and a
        // match belongs to the chunk it starts in.
        let mut lower = std::mem::take(&mut scratch.lower);
        let mut start = 0;
        while start < len {
            let own = (start + KEYWORD_CHUNK).min(len);
            let end = (own + self.longest - 1).min(len);
            lower.clear();
            lower.extend(haystack[start..end].iter().map(u8::to_ascii_lowercase));
            self.keywords
                .find_all(&lower, &mut scratch.lanes, &mut scratch.found);
            for m in &scratch.found {
                if start + m.start >= own {
                    continue;
                }
                let hit = start + m.start..start + m.end;
                for &index in &self.keyword_rules[m.pattern] {
                    if scratch.elsewhere[index.0 as usize] {
                        continue;
                    }
                    let reach = self.rules.get(index).window;
                    let window = hit.start.saturating_sub(reach)..(hit.end + reach).min(len);
                    let list = &mut scratch.windows[index.0 as usize];
                    match list.last_mut() {
                        Some(last) if window.start <= last.end => {
                            last.start = last.start.min(window.start);
                            last.end = last.end.max(window.end);
                        }
                        Some(_) => list.push(window),
                        None => {
                            scratch.touched.push(index);
                            list.push(window);
                        }
                    }
                }
            }
            start = own;
        }
        scratch.lower = lower;
    }

    fn search_rule(
        &self,
        index: RuleIndex,
        haystack: &[u8],
        windows: &[Range<usize>],
        scratch: &mut Scratch,
        hits: &mut Vec<Hit>,
    ) -> Result<(), RuleError> {
        let rule = self.rules.get(index);
        // Most windows of a long-tail rule are its keyword in prose, with no value near it:
        // those are dropped before the regex is compiled or run.
        let run = rule.run();
        let mut windows = windows
            .iter()
            .filter(|w| run.is_none_or(|run| run.occurs_in(&haystack[(*w).clone()])))
            .peekable();
        if windows.peek().is_none() {
            return Ok(());
        }
        let compiled = rule.compiled()?;
        let (cache, caps) = &mut **scratch.engines[index.0 as usize].get_or_insert_with(|| {
            Box::new((
                compiled.regex.create_cache(),
                compiled.regex.create_captures(),
            ))
        });
        for window in windows {
            // The input keeps the whole haystack so that `\b` and anchors see the bytes
            // around the window, not an artificial edge.
            let mut input = regex_automata::Input::new(haystack).range(window.clone());
            loop {
                compiled.regex.search_captures_with(cache, &input, caps);
                let Some(m) = caps.get_match() else { break };
                if let Some(secret) = caps.get_group(compiled.secret_group) {
                    if !secret.is_empty() {
                        hits.push(Hit {
                            rule: index,
                            span: m.range(),
                            secret: secret.range(),
                        });
                    }
                }
                let next = if m.is_empty() { m.end() + 1 } else { m.end() };
                if next > window.end {
                    break;
                }
                input.set_start(next);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSource;

    fn rules(text: &str) -> RuleSet {
        RuleSet::load(&[RuleSource {
            name: "t.toml".into(),
            text: text.into(),
            eager: true,
        }])
        .unwrap()
    }

    const TWO: &str = r#"
[[rules]]
id = "acme"
description = "Acme"
provider = "acme"
kind = "api-key"
lifetime = "long"
severity = "high"
keywords = ["acme_"]
regex = '''\bacme_(?P<secret>[a-z0-9]{8})\b'''

[[rules]]
id = "kv"
description = "key value"
provider = "generic"
kind = "password"
lifetime = "varies"
severity = "medium"
keywords = ["password"]
window = 16
regex = '''(?i)password\s*=\s*"(?P<secret>[^"]{4,})"'''
"#;

    fn find(set: &RuleSet, hay: &[u8]) -> Vec<Hit> {
        let m = Matcher::new(set).unwrap();
        let mut s = m.scratch();
        let mut hits = Vec::new();
        m.find("a.txt", hay, &mut s, &mut hits).unwrap();
        hits
    }

    #[test]
    fn finds_secret_spans_of_candidate_rules_only() {
        let set = rules(TWO);
        let hay = b"x = 1\nkey = ACME_abcd1234 and acme_zzzzyyyy\n";
        let hits = find(&set, hay);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(&hay[hits[0].secret.clone()], b"zzzzyyyy");
    }

    #[test]
    fn keyword_is_case_insensitive_and_regex_decides() {
        let set = rules(TWO);
        let hay = b"PASSWORD = \"hunter22\"";
        let hits = find(&set, hay);
        assert_eq!(hits.len(), 1);
        assert_eq!(&hay[hits[0].secret.clone()], b"hunter22");
    }

    #[test]
    fn word_boundary_sees_bytes_outside_the_window() {
        let set = rules(TWO);
        // the window of a hit late in a long token starts mid-token; `\b` must not match there
        let mut hay = vec![b'z'; 300];
        hay.extend_from_slice(b"acme_abcdefgh");
        assert!(find(&set, &hay).is_empty());
    }

    #[test]
    fn many_hits_in_one_line_are_found_once_each() {
        let set = rules(TWO);
        let mut hay = Vec::new();
        for i in 0..1000 {
            hay.extend_from_slice(format!("acme_{i:08} ").as_bytes());
        }
        let hits = find(&set, &hay);
        assert_eq!(hits.len(), 1000);
    }

    #[test]
    fn a_rule_scoped_to_a_path_runs_only_there() {
        let scoped = TWO.replace(
            "keywords = [\"acme_\"]",
            "keywords = [\"acme_\"]\npath = '(?:^|/)\\.acmerc$'",
        );
        let set = rules(&scoped);
        let m = Matcher::new(&set).unwrap();
        let mut s = m.scratch();
        let mut hits = Vec::new();
        m.find("src/main.rs", b"acme_11112222", &mut s, &mut hits)
            .unwrap();
        assert!(hits.is_empty());
        m.find("home/.acmerc", b"acme_11112222", &mut s, &mut hits)
            .unwrap();
        assert_eq!(hits.len(), 1);
        m.find("other.txt", b"acme_11112222", &mut s, &mut hits)
            .unwrap();
        assert!(hits.is_empty());
    }

    #[test]
    fn keywords_across_a_chunk_boundary_are_found_once() {
        let set = rules(TWO);
        for at in KEYWORD_CHUNK - 6..KEYWORD_CHUNK + 2 {
            let mut hay = vec![b' '; at];
            hay.extend_from_slice(b"acme_abcd1234 ");
            hay.resize(KEYWORD_CHUNK * 2 + 10, b' ');
            let hits = find(&set, &hay);
            assert_eq!(hits.len(), 1, "keyword at {at}");
            assert_eq!(&hay[hits[0].secret.clone()], b"abcd1234");
        }
    }

    #[test]
    fn scratch_is_reusable_across_blobs() {
        let set = rules(TWO);
        let m = Matcher::new(&set).unwrap();
        let mut s = m.scratch();
        let mut hits = Vec::new();
        m.find("a.txt", b"acme_11112222", &mut s, &mut hits)
            .unwrap();
        assert_eq!(hits.len(), 1);
        m.find("a.txt", b"nothing here", &mut s, &mut hits).unwrap();
        assert!(hits.is_empty());
        m.find("a.txt", b"acme_33334444", &mut s, &mut hits)
            .unwrap();
        assert_eq!(hits.len(), 1);
    }
}

//! `.git/index` is read by the pre-commit scan (staged changes through the cache tree): the
//! reader must decline or parse any bytes, never panic, and what it returns must be consistent
//! with the bytes: one entry per header count, every path a NUL-free range inside the file and
//! ended by a NUL, entries in file order without overlap, and a cache tree whose names are
//! NUL-free.
//!
//! Set `NHISCAN_FUZZ_INDEX_SORTED=1` to also check the documented order ("stage-0 entries
//! sorted by path"), which the reader does not enforce (see fuzz/README.md).
use std::sync::OnceLock;

use nhiscan::source::git::index::{self, CacheTree};

fn tree_ok(t: &CacheTree) -> usize {
    assert!(!t.name.contains(&0), "NUL in a cache-tree name");
    1 + t.children.iter().map(tree_ok).sum::<usize>()
}

static SORTED: OnceLock<bool> = OnceLock::new();

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let check_sorted =
            *SORTED.get_or_init(|| std::env::var_os("NHISCAN_FUZZ_INDEX_SORTED").is_some());
        let Some(idx) = index::parse(data.to_vec()) else {
            return;
        };
        assert_eq!(idx.bytes, data, "the index keeps its bytes");
        assert!(data.len() >= 12 && &data[..4] == b"DIRC");
        let version = u32::from_be_bytes([data[4], data[5], data[6], data[7]]);
        assert!(version == 2 || version == 3, "version {version} accepted");
        let count = u32::from_be_bytes([data[8], data[9], data[10], data[11]]) as usize;
        assert_eq!(idx.entries.len(), count, "entries vs header count");
        let mut previous_end = 12;
        for e in &idx.entries {
            let r = e.path.clone();
            assert!(r.start <= r.end && r.end < data.len(), "path {r:?} of {}", data.len());
            // Each entry has 62 (or 64) fixed bytes before its path.
            assert!(r.start >= previous_end + 62, "entries overlap: {r:?} after {previous_end}");
            assert_eq!(data[r.end], 0, "path not ended by NUL");
            let path = idx.path(e);
            assert!(!path.contains(&0), "NUL inside a path");
            // The entry's object id sits 22 or 24 bytes before its path.
            let oid_at = |fixed: usize| &data[r.start - fixed + 40..r.start - fixed + 60];
            assert!(e.oid.as_bytes() == oid_at(62) || e.oid.as_bytes() == oid_at(64));
            previous_end = r.end;
        }
        if check_sorted {
            for w in idx.entries.windows(2) {
                assert!(idx.path(&w[0]) < idx.path(&w[1]), "entries not sorted by path");
            }
        }
        if let Some(t) = &idx.tree {
            tree_ok(t);
        }
    });
}

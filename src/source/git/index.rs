//! A reader for git's index file (`.git/index`, versions 2 and 3) and its cache-tree extension,
//! so that the staged changes can be found at the cost of the change: every directory whose
//! cached tree id equals HEAD's is skipped without being read. libgit2's tree-to-index diff
//! reads all of HEAD's trees and hashes every entry, which on a repository of 10,000+ files costs
//! more than the rest of a pre-commit scan. Versions and extensions this reader does not know
//! (version 4, split or sparse indexes) make it decline, and the caller falls back to libgit2.
use std::ops::Range;

use git2::Oid;

/// One stage-0 entry: a path (a range of the file's bytes), its blob and mode.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: Range<usize>,
    pub oid: Oid,
    pub mode: u32,
}

/// A cache-tree node: the tree id of a directory as the index last wrote it, if still valid.
#[derive(Debug, Clone, Default)]
pub struct CacheTree {
    pub name: Vec<u8>,
    /// `None` when invalidated by a change under this directory.
    pub oid: Option<Oid>,
    pub children: Vec<CacheTree>,
}

/// A parsed index: its bytes, stage-0 entries sorted by path, and the cache tree.
#[derive(Debug)]
pub struct Index {
    pub bytes: Vec<u8>,
    pub entries: Vec<Entry>,
    pub tree: Option<CacheTree>,
}

impl Index {
    pub fn path(&self, e: &Entry) -> &[u8] {
        &self.bytes[e.path.clone()]
    }
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// Parses `bytes`; `None` when the format is one this reader leaves to libgit2, or malformed.
pub fn parse(bytes: Vec<u8>) -> Option<Index> {
    if bytes.get(..4)? != b"DIRC" {
        return None;
    }
    let version = be32(&bytes, 4)?;
    if !(2..=3).contains(&version) {
        return None;
    }
    let count = be32(&bytes, 8)? as usize;
    let mut pos = 12;
    let mut entries = Vec::with_capacity(count.min(1 << 20));
    for _ in 0..count {
        let start = pos;
        let mode = be32(&bytes, pos + 24)?;
        let oid = Oid::from_bytes(bytes.get(pos + 40..pos + 60)?).ok()?;
        let flags = u16::from_be_bytes([*bytes.get(pos + 60)?, *bytes.get(pos + 61)?]);
        let mut fixed = 62;
        if flags & 0x4000 != 0 {
            if version < 3 {
                return None;
            }
            fixed += 2;
        }
        let path_start = start + fixed;
        let nul = memchr::memchr(0, bytes.get(path_start..)?)?;
        let path = path_start..path_start + nul;
        // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
        pos = start + ((fixed + nul + 8) & !7);
        if (flags >> 12) & 3 != 0 {
            // A merge in progress: leave the conflict to libgit2's diff.
            return None;
        }
        entries.push(Entry { path, oid, mode });
    }
    let end = bytes.len().checked_sub(20)?;
    let mut tree = None;
    while pos + 8 <= end {
        let signature = bytes.get(pos..pos + 4)?;
        let size = be32(&bytes, pos + 4)? as usize;
        let data = bytes.get(pos + 8..pos + 8 + size)?;
        match signature {
            b"TREE" => tree = parse_tree(data, &mut 0),
            // Split and sparse indexes hold entries elsewhere.
            b"link" | b"sdir" => return None,
            _ => {}
        }
        pos += 8 + size;
    }
    Some(Index {
        bytes,
        entries,
        tree,
    })
}

fn parse_tree(data: &[u8], pos: &mut usize) -> Option<CacheTree> {
    let nul = memchr::memchr(0, data.get(*pos..)?)?;
    let name = data[*pos..*pos + nul].to_vec();
    *pos += nul + 1;
    let space = memchr::memchr(b' ', data.get(*pos..)?)?;
    let entry_count: i64 = std::str::from_utf8(&data[*pos..*pos + space])
        .ok()?
        .parse()
        .ok()?;
    *pos += space + 1;
    let newline = memchr::memchr(b'\n', data.get(*pos..)?)?;
    let subtrees: usize = std::str::from_utf8(&data[*pos..*pos + newline])
        .ok()?
        .parse()
        .ok()?;
    *pos += newline + 1;
    let oid = if entry_count >= 0 {
        let oid = Oid::from_bytes(data.get(*pos..*pos + 20)?).ok()?;
        *pos += 20;
        Some(oid)
    } else {
        None
    };
    let mut children = Vec::with_capacity(subtrees.min(1 << 16));
    for _ in 0..subtrees {
        children.push(parse_tree(data, pos)?);
    }
    Some(CacheTree {
        name,
        oid,
        children,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, oid: u8, flags_extra: u16) -> Vec<u8> {
        let mut e = vec![0u8; 24];
        e.extend(0o100644u32.to_be_bytes());
        e.extend([0u8; 12]);
        e.extend([oid; 20]);
        e.extend((path.len() as u16 | flags_extra).to_be_bytes());
        e.extend(path.as_bytes());
        let padded = (62 + path.len() + 8) & !7;
        e.resize(padded, 0);
        e
    }

    fn index(entries: &[Vec<u8>], tree: Option<&[u8]>) -> Vec<u8> {
        let mut b = b"DIRC".to_vec();
        b.extend(2u32.to_be_bytes());
        b.extend((entries.len() as u32).to_be_bytes());
        for e in entries {
            b.extend(e);
        }
        if let Some(t) = tree {
            b.extend(b"TREE");
            b.extend((t.len() as u32).to_be_bytes());
            b.extend(t);
        }
        b.extend([0u8; 20]);
        b
    }

    #[test]
    fn parses_entries_and_the_cache_tree() {
        let mut tree = b"\x001 1\n".to_vec();
        tree.extend([9u8; 20]);
        tree.extend(b"src\0-1 0\n");
        let bytes = index(
            &[entry("a.txt", 1, 0), entry("src/lib.rs", 2, 0)],
            Some(&tree),
        );
        let idx = parse(bytes).unwrap();
        assert_eq!(idx.entries.len(), 2);
        assert_eq!(idx.path(&idx.entries[1]), b"src/lib.rs");
        assert_eq!(idx.entries[1].oid, Oid::from_bytes(&[2; 20]).unwrap());
        let t = idx.tree.unwrap();
        assert_eq!(t.oid, Some(Oid::from_bytes(&[9; 20]).unwrap()));
        assert_eq!(t.children[0].name, b"src");
        assert_eq!(t.children[0].oid, None);
    }

    #[test]
    fn declines_what_it_does_not_read() {
        let mut v4 = index(&[entry("a", 1, 0)], None);
        v4[7] = 4;
        assert!(parse(v4).is_none());
        assert!(
            parse(index(&[entry("a", 1, 0x1000)], None)).is_none(),
            "conflict stage"
        );
        assert!(
            parse(b"DIRC\0\0\0\x02\0\0\0\x05".to_vec()).is_none(),
            "truncated"
        );
        assert!(parse(b"junk".to_vec()).is_none());
    }
}

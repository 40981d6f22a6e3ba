//! Sets and maps keyed by object id. An id is already a uniform hash of its object, so its
//! first eight bytes are the table's hash: SipHash over every id of a history (hundreds of
//! thousands of trees and blobs, each looked up per commit that holds it) was a tenth of the
//! indexing time.
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use git2::Oid;

#[derive(Default)]
pub struct OidHasher(u64);

impl Hasher for OidHasher {
    fn write(&mut self, bytes: &[u8]) {
        // An id hashes as its length, then its bytes; the length is the same for all.
        let mut head = [0u8; 8];
        let n = bytes.len().min(8);
        head[..n].copy_from_slice(&bytes[..n]);
        self.0 ^= u64::from_le_bytes(head);
    }

    fn write_usize(&mut self, _: usize) {}

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type OidSet = HashSet<Oid, BuildHasherDefault<OidHasher>>;
pub type OidMap<V> = HashMap<Oid, V, BuildHasherDefault<OidHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_share_no_prefix_hash_apart_and_the_table_works() {
        let a = Oid::from_str("1a3e64c6c4a623626ff0687008732a8e007e2a1c").unwrap();
        let b = Oid::from_str("1a3e64c6c4a623626ff0687008732a8e007e2a1d").unwrap();
        let mut set = OidSet::default();
        assert!(set.insert(a) && set.insert(b) && !set.insert(a));
        let mut map = OidMap::default();
        map.insert(b, 2);
        assert_eq!(map.get(&b), Some(&2));
        assert_eq!(map.get(&a), None);
    }
}

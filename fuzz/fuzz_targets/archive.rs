//! A container's bytes are untrusted: reading them as each kind of archive or compressed
//! stream must return, never panic or hang, hand over no member larger than the member limit,
//! and decompress no more than the budget allows (a bomb is stopped, not followed); reading
//! them as a notebook must return its cells or None.
use nhiscan::source::archive::{read, ArchiveLimits, Budget, Kind, Visit};
use nhiscan::source::notebook;
use nhiscan::source::Skip;

const MAX_MEMBER: u64 = 1 << 20;

struct Check {
    total: u64,
}

impl Visit for Check {
    fn member(&mut self, _name: &[u8], bytes: &mut Vec<u8>, _budget: &Budget) {
        assert!(bytes.len() as u64 <= MAX_MEMBER);
        self.total += bytes.len() as u64;
    }
    fn skipped(&mut self, _name: &[u8], skip: Skip) {
        assert!(!skip.reason().is_empty());
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let limits = ArchiveLimits {
            depth: 3,
            max_bytes: 4 << 20,
            max_ratio: 50,
        };
        for kind in [Kind::Zip, Kind::Tar, Kind::Gzip, Kind::Bzip2, Kind::Xz, Kind::Zstd] {
            let budget = Budget::new(&limits);
            let mut check = Check { total: 0 };
            read(kind, b"f.bin", data, &limits, MAX_MEMBER, &budget, &mut check);
            assert!(check.total <= limits.max_bytes);
        }
        for (name, _) in notebook::cells(data).unwrap_or_default() {
            assert!(name.starts_with("cell-"));
        }
    });
}

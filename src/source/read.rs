//! Loads one file for scanning: refuses files over the size cap, and (while walking) anything
//! that is not a regular file; sniffs containers (by magic number), binaries (a NUL byte in the
//! first 8 KiB, as git does) and UTF-16 text. Files are read into a reused buffer, never memory-mapped: a mapped file that
//! another process truncates mid-scan kills the whole process with SIGBUS, losing every finding.
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::archive::Kind;
use super::Skip;

/// How much of a file the binary sniff looks at.
const SNIFF_LEN: usize = 8 << 10;

/// A file that was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    /// The file's size changed between its metadata and the end of the read: what was scanned
    /// is not what is there now.
    pub changed: bool,
}

/// Reads `path` into `buf`. `Ok(Err(skip))` says why it was not loaded. A `named` path (one the
/// user gave on the command line) is read whatever its type, so that `nhiscan scan <(cmd)` and
/// `nhiscan scan /dev/stdin` read the pipe; while walking, FIFOs and devices are skipped.
pub fn read_file(
    path: &Path,
    max_size: u64,
    named: bool,
    buf: &mut Vec<u8>,
) -> io::Result<Result<Loaded, Skip>> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    let regular = meta.is_file();
    if !regular && !named {
        return Ok(Err(Skip::Special));
    }
    if meta.is_dir() {
        return Ok(Err(Skip::Special));
    }
    if regular && meta.len() > max_size {
        return Ok(Err(Skip::TooLarge {
            size: meta.len(),
            limit: max_size,
        }));
    }
    buf.clear();
    file.take(max_size.saturating_add(1)).read_to_end(buf)?;
    if buf.len() as u64 > max_size {
        return Ok(Err(Skip::TooLarge {
            size: if regular {
                meta.len().max(buf.len() as u64)
            } else {
                buf.len() as u64
            },
            limit: max_size,
        }));
    }
    if let Some(skip) = sniff(buf) {
        return Ok(Err(skip));
    }
    Ok(Ok(Loaded {
        changed: regular && buf.len() as u64 != meta.len(),
    }))
}

/// A NUL byte near the start marks a binary file.
fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(SNIFF_LEN)]).is_some()
}

/// Why bytes are not scanned as text: an archive or compressed stream (by its magic number),
/// UTF-16 (a byte-order mark, or NULs in every other byte of mostly ASCII text) or binary;
/// None for text.
pub fn sniff(bytes: &[u8]) -> Option<Skip> {
    if Kind::sniff(bytes).is_some() {
        return Some(Skip::Archive);
    }
    if !is_binary(bytes) {
        return None;
    }
    Some(if is_utf16(bytes) {
        Skip::Utf16
    } else {
        Skip::Binary
    })
}

fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return bytes.len().is_multiple_of(2);
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN) & !1];
    if head.len() < 8 {
        return false;
    }
    let pairs = head.len() / 2;
    let nul_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    // Little-endian ASCII puts the NUL second, big-endian first; allow some non-ASCII.
    (odd * 10 >= pairs * 9 && even == 0) || (even * 10 >= pairs * 9 && odd == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_skips_binary_and_large() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("a.txt");
        std::fs::write(&text, b"hello\n").unwrap();
        let bin = dir.path().join("a.bin");
        std::fs::write(&bin, b"\x7fELF\0\0\x01").unwrap();
        let mut buf = Vec::new();
        assert_eq!(
            read_file(&text, 100, false, &mut buf).unwrap(),
            Ok(Loaded { changed: false })
        );
        assert_eq!(buf, b"hello\n");
        assert_eq!(
            read_file(&bin, 100, false, &mut buf).unwrap(),
            Err(Skip::Binary)
        );
        assert_eq!(
            read_file(&text, 3, false, &mut buf).unwrap(),
            Err(Skip::TooLarge { size: 6, limit: 3 })
        );
    }

    #[test]
    fn utf16_is_not_called_binary() {
        let le: Vec<u8> = "password = hunter2hunter2\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(sniff(&le), Some(Skip::Utf16));
        let mut bom = vec![0xfe, 0xff];
        bom.extend("key = value".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(sniff(&bom), Some(Skip::Utf16));
        assert_eq!(
            sniff(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"),
            Some(Skip::Binary)
        );
        assert_eq!(sniff(b"plain text"), None);
    }

    #[test]
    fn a_directory_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut buf = Vec::new();
        for named in [false, true] {
            assert_eq!(
                read_file(dir.path(), 100, named, &mut buf).unwrap(),
                Err(Skip::Special)
            );
        }
    }
}

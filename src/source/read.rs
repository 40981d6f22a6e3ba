//! Loads one file for scanning: refuses non-regular files and files over the size cap, sniffs
//! binaries (a NUL byte in the first 8 KiB, as git does), reads small files into a reused
//! buffer and memory-maps large ones.
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use memmap2::Mmap;

use super::Skip;

/// Files at least this large are memory-mapped instead of copied.
const MMAP_THRESHOLD: u64 = 4 << 20;
/// How much of a file the binary sniff looks at.
const SNIFF_LEN: usize = 8 << 10;

/// The bytes of a loaded file.
pub enum Content<'b> {
    Buffer(&'b [u8]),
    Mapped(Mmap),
}

impl Content<'_> {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Content::Buffer(b) => b,
            Content::Mapped(m) => m,
        }
    }
}

/// Reads `path` into `buf` (or maps it). `Ok(Err(skip))` says why it was not loaded.
pub fn read_file<'b>(
    path: &Path,
    max_size: u64,
    buf: &'b mut Vec<u8>,
) -> io::Result<Result<Content<'b>, Skip>> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(Err(Skip::Special));
    }
    let size = meta.len();
    if size > max_size {
        return Ok(Err(Skip::TooLarge {
            size,
            limit: max_size,
        }));
    }
    let content = if size >= MMAP_THRESHOLD {
        // SAFETY: the map is read-only and dropped after this file's scan. If another process
        // truncates the file meanwhile, reads past the new end fault; that is the accepted cost
        // of mapping (ripgrep makes the same trade) and why only large files are mapped.
        Content::Mapped(unsafe { Mmap::map(&file)? })
    } else {
        buf.clear();
        file.take(max_size + 1).read_to_end(buf)?;
        if buf.len() as u64 > max_size {
            return Ok(Err(Skip::TooLarge {
                size: buf.len() as u64,
                limit: max_size,
            }));
        }
        Content::Buffer(buf)
    };
    if is_binary(content.bytes()) {
        return Ok(Err(Skip::Binary));
    }
    Ok(Ok(content))
}

/// A NUL byte near the start marks a binary file.
pub fn is_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(SNIFF_LEN)]).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_text_skips_binary_and_large() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("a.txt");
        std::fs::write(&text, b"hello\n").unwrap();
        let bin = dir.path().join("a.bin");
        std::fs::write(&bin, b"\x7fELF\0\0\x01").unwrap();
        let mut buf = Vec::new();
        assert_eq!(
            read_file(&text, 100, &mut buf)
                .unwrap()
                .ok()
                .unwrap()
                .bytes(),
            b"hello\n"
        );
        assert_eq!(
            read_file(&bin, 100, &mut buf).unwrap().err(),
            Some(Skip::Binary)
        );
        assert_eq!(
            read_file(&text, 3, &mut buf).unwrap().err(),
            Some(Skip::TooLarge { size: 6, limit: 3 })
        );
    }

    #[test]
    fn large_files_are_mapped() {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..5 {
            f.write_all(&chunk).unwrap();
        }
        let mut buf = Vec::new();
        let content = read_file(f.path(), u64::MAX, &mut buf)
            .unwrap()
            .ok()
            .unwrap();
        assert!(matches!(content, Content::Mapped(_)));
        assert_eq!(content.bytes().len(), 5 << 20);
    }

    #[test]
    fn a_directory_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut buf = Vec::new();
        assert_eq!(
            read_file(dir.path(), 100, &mut buf).unwrap().err(),
            Some(Skip::Special)
        );
    }
}

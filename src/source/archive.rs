//! Containers read in memory, never extracted to disk: zip and its kinds (jar, war, apk, whl,
//! nupkg, docx...), tar, and gzip, bzip2, xz and zstd streams. A container's members are handed
//! to a visitor one at a time, each as its own bytes (or the reason it could not be read); the
//! visitor decides what a member is, so a nested archive is opened by calling `read` again on
//! it. A compressed stream that holds a tar is read as that tar, one layer (`x.tar.gz!/etc/a`).
//!
//! Everything is bounded: a member by `--max-file-size`; what one file's containers may
//! decompress in all by a `Budget`; a member or stream by a ratio to its compressed size, so
//! that a zip bomb stops after its first megabytes, not the machine. Member names are labels,
//! never paths: `../` and absolute names touch nothing.
use std::cell::Cell;
use std::io::{self, Cursor, Read};

use super::Skip;

/// Archives nested deeper than this are not opened unless `--archive-depth` says otherwise.
pub const DEFAULT_DEPTH: usize = 3;
/// What one file's containers may decompress in all, unless `--archive-max-bytes` says.
pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;
/// How many times its compressed size a member may expand to, unless `--archive-max-ratio`.
pub const DEFAULT_MAX_RATIO: u64 = 200;
/// Members this small are never held to the ratio: a tiny file of repeated bytes compresses
/// very well and is not a bomb.
const RATIO_FLOOR: u64 = 1 << 20;
/// The head of a decompressed stream read to tell whether it is a tar (its magic is at 257).
const TAR_HEAD: u64 = 512;

/// How far into containers a scan goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// How many containers deep members are read (0: containers are not opened).
    pub depth: usize,
    /// Bytes one file's containers may decompress in all, nested ones included.
    pub max_bytes: u64,
    /// How many times its compressed size a member or stream may expand to.
    pub max_ratio: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        ArchiveLimits {
            depth: DEFAULT_DEPTH,
            max_bytes: DEFAULT_MAX_BYTES,
            max_ratio: DEFAULT_MAX_RATIO,
        }
    }
}

/// The decompressed bytes one outer file has left, shared by every container nested in it.
#[derive(Debug)]
pub struct Budget {
    left: Cell<u64>,
    limit: u64,
}

impl Budget {
    pub fn new(limits: &ArchiveLimits) -> Self {
        Budget {
            left: Cell::new(limits.max_bytes),
            limit: limits.max_bytes,
        }
    }

    fn take(&self, n: u64) {
        self.left.set(self.left.get().saturating_sub(n));
    }
}

/// What kind of container bytes are, by their magic number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Zip,
    Tar,
    Gzip,
    Bzip2,
    Xz,
    Zstd,
}

impl Kind {
    pub fn sniff(bytes: &[u8]) -> Option<Kind> {
        let tar = bytes.get(257..262) == Some(b"ustar");
        Some(match bytes {
            [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => Kind::Zip,
            [0x1f, 0x8b, 8, ..] => Kind::Gzip,
            // A block's or the end's magic after the level: "BZh" alone starts many words.
            [b'B', b'Z', b'h', b'1'..=b'9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, ..]
            | [b'B', b'Z', b'h', b'1'..=b'9', 0x17, 0x72, 0x45, 0x38, 0x50, 0x90, ..] => {
                Kind::Bzip2
            }
            [0xfd, b'7', b'z', b'X', b'Z', 0, ..] => Kind::Xz,
            [0x28, 0xb5, 0x2f, 0xfd, ..] => Kind::Zstd,
            _ if tar => Kind::Tar,
            _ => return None,
        })
    }
}

/// Told about each member of a container, in archive order.
pub trait Visit {
    /// A member that was read: `name` is its name inside the container. The visitor may
    /// change `bytes` in place (transcode it) rather than copy it.
    fn member(&mut self, name: &[u8], bytes: &mut Vec<u8>, budget: &Budget);
    /// A member (or, with an empty name, the rest of the container) that could not be read.
    fn skipped(&mut self, name: &[u8], skip: Skip);
}

/// Reads the container `bytes` (of `kind`, named `name`), handing each member to `visit`.
pub fn read(
    kind: Kind,
    name: &[u8],
    bytes: &[u8],
    limits: &ArchiveLimits,
    max_member: u64,
    budget: &Budget,
    visit: &mut dyn Visit,
) {
    let bounds = Bounds {
        limits,
        max_member,
        budget,
    };
    let decoder: Box<dyn Read + '_> = match kind {
        Kind::Zip => return zip_members(bytes, &bounds, visit),
        Kind::Tar => return tar_members(Cursor::new(bytes), &bounds, visit),
        Kind::Gzip => Box::new(flate2::read::MultiGzDecoder::new(bytes)),
        Kind::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(bytes)),
        Kind::Xz => Box::new(lzma_rust2::XzReader::new(bytes, true)),
        Kind::Zstd => match zstd::stream::read::Decoder::new(bytes) {
            Ok(decoder) => Box::new(decoder),
            Err(e) => return visit.skipped(b"", corrupt(&e)),
        },
    };
    stream(decoder, name, bytes.len() as u64, &bounds, visit);
}

struct Bounds<'a> {
    limits: &'a ArchiveLimits,
    max_member: u64,
    budget: &'a Budget,
}

impl Bounds<'_> {
    /// Bytes a member of `compressed` bytes may decompress to before the ratio or the budget
    /// stops it.
    fn allowed(&self, compressed: u64) -> u64 {
        let ratio = compressed
            .saturating_mul(self.limits.max_ratio)
            .max(RATIO_FLOOR);
        ratio.min(self.budget.left.get())
    }

    fn limit_skip(&self, compressed: u64) -> Skip {
        if self.budget.left.get() <= compressed.saturating_mul(self.limits.max_ratio) {
            Skip::DecompressionLimit {
                limit: self.budget.limit,
                by: "archive-max-bytes",
            }
        } else {
            Skip::DecompressionLimit {
                limit: self.limits.max_ratio,
                by: "archive-max-ratio",
            }
        }
    }

    /// Reads one member from `reader` (of `compressed` bytes in the container, `declared` by
    /// its header when known) into `out`, within the bounds; says why not otherwise.
    fn read_member(
        &self,
        reader: &mut dyn Read,
        compressed: u64,
        declared: Option<u64>,
        out: &mut Vec<u8>,
    ) -> Result<(), Skip> {
        if let Some(size) = declared.filter(|&s| s > self.max_member) {
            return Err(Skip::TooLarge {
                size,
                limit: self.max_member,
            });
        }
        let allowed = self.allowed(compressed);
        let cap = allowed.min(self.max_member);
        out.clear();
        let read = reader.take(cap.saturating_add(1)).read_to_end(out);
        self.budget.take(out.len() as u64);
        if let Err(e) = read {
            return Err(corrupt(&e));
        }
        if out.len() as u64 > cap {
            return Err(if cap == allowed && allowed < self.max_member {
                self.limit_skip(compressed)
            } else {
                Skip::TooLarge {
                    size: declared.unwrap_or(out.len() as u64),
                    limit: self.max_member,
                }
            });
        }
        Ok(())
    }
}

fn corrupt(e: &dyn std::fmt::Display) -> Skip {
    Skip::ArchiveCorrupt {
        detail: e.to_string(),
    }
}

fn zip_members(bytes: &[u8], bounds: &Bounds<'_>, visit: &mut dyn Visit) {
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => archive,
        Err(e) => return visit.skipped(b"", corrupt(&e)),
    };
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let (name, skip) = match archive.by_index_raw(i) {
            Ok(member) => {
                let skip = if member.encrypted() {
                    Some(Skip::ArchiveEncrypted)
                } else if member.is_dir() {
                    continue;
                } else if member.is_symlink() {
                    Some(Skip::Symlink)
                } else {
                    None
                };
                (member.name_raw().to_vec(), skip)
            }
            Err(e) => {
                visit.skipped(format!("#{i}").as_bytes(), corrupt(&e));
                continue;
            }
        };
        if let Some(skip) = skip {
            visit.skipped(&name, skip);
            continue;
        }
        let read = match archive.by_index(i) {
            Ok(mut member) => {
                let (compressed, size) = (member.compressed_size(), member.size());
                bounds.read_member(&mut member, compressed, Some(size), &mut out)
            }
            Err(e) => Err(corrupt(&e)),
        };
        match read {
            Ok(()) => visit.member(&name, &mut out, bounds.budget),
            Err(skip) => visit.skipped(&name, skip),
        }
    }
}

fn tar_members(reader: impl Read, bounds: &Bounds<'_>, visit: &mut dyn Visit) {
    let mut archive = tar::Archive::new(reader);
    let entries = match archive.entries() {
        Ok(entries) => entries,
        Err(e) => return visit.skipped(b"", corrupt(&e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let mut entry = match entry {
            Ok(entry) => entry,
            // A tar has no index: after a broken header nothing further can be found.
            Err(e) => return visit.skipped(b"", corrupt(&e)),
        };
        let path = entry.path_bytes();
        let name = path.strip_prefix(b"./").unwrap_or(&path).to_vec();
        let kind = entry.header().entry_type();
        if kind.is_symlink() || kind.is_hard_link() {
            visit.skipped(&name, Skip::Symlink);
            continue;
        }
        if !(kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse()) {
            continue;
        }
        let size = entry.size();
        match bounds.read_member(&mut entry, size, Some(size), &mut out) {
            Ok(()) => visit.member(&name, &mut out, bounds.budget),
            Err(skip) => visit.skipped(&name, skip),
        }
    }
}

/// A compressed stream of `compressed` bytes, read through `decoder`: a tar inside is read as
/// members of this layer; anything else is one member named as the file without its
/// compression suffix.
fn stream(
    decoder: Box<dyn Read + '_>,
    name: &[u8],
    compressed: u64,
    bounds: &Bounds<'_>,
    visit: &mut dyn Visit,
) {
    let inner = inner_name(name);
    let mut limited = Limited {
        inner: decoder,
        left: bounds.allowed(compressed),
        over: false,
    };
    let mut head = Vec::new();
    if let Err(e) = (&mut limited).take(TAR_HEAD).read_to_end(&mut head) {
        return visit.skipped(&inner, corrupt(&e));
    }
    if Kind::sniff(&head) == Some(Kind::Tar) {
        let mut reader = Cursor::new(head).chain(&mut limited);
        tar_members(&mut reader, bounds, visit);
        if reader.into_inner().1.over {
            visit.skipped(b"", bounds.limit_skip(compressed));
        }
        return;
    }
    let mut out = Vec::new();
    let read = bounds.read_member(
        &mut Cursor::new(head).chain(&mut limited),
        compressed,
        None,
        &mut out,
    );
    match read {
        Ok(()) if limited.over => visit.skipped(&inner, bounds.limit_skip(compressed)),
        Ok(()) => visit.member(&inner, &mut out, bounds.budget),
        Err(skip) => visit.skipped(&inner, skip),
    }
}

/// The name of what a compressed file holds: `a.log.gz` holds `a.log`, `a.tgz` holds `a.tar`.
fn inner_name(name: &[u8]) -> Vec<u8> {
    let base = name.rsplit(|&b| b == b'/').next().unwrap_or(name);
    for (suffix, replace) in [
        (&b".tgz"[..], &b".tar"[..]),
        (b".tbz2", b".tar"),
        (b".txz", b".tar"),
        (b".tzst", b".tar"),
        (b".gz", b""),
        (b".bz2", b""),
        (b".xz", b""),
        (b".zst", b""),
    ] {
        if let Some(stem) = base.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            return [stem, replace].concat();
        }
    }
    [base, b".decompressed"].concat()
}

/// A reader that stops (as if at its end) after `left` bytes and says whether there was more.
struct Limited<R> {
    inner: R,
    left: u64,
    over: bool,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? > 0 {
                self.over = true;
            }
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[derive(Default)]
    struct Seen {
        members: Vec<(String, Vec<u8>)>,
        skipped: Vec<(String, &'static str)>,
    }

    impl Visit for Seen {
        fn member(&mut self, name: &[u8], bytes: &mut Vec<u8>, _: &Budget) {
            self.members
                .push((String::from_utf8_lossy(name).into(), bytes.to_vec()));
        }
        fn skipped(&mut self, name: &[u8], skip: Skip) {
            self.skipped
                .push((String::from_utf8_lossy(name).into(), skip.reason()));
        }
    }

    fn open(name: &str, bytes: &[u8], limits: ArchiveLimits) -> Seen {
        let kind = Kind::sniff(bytes).expect("a container");
        let mut seen = Seen::default();
        let budget = Budget::new(&limits);
        read(
            kind,
            name.as_bytes(),
            bytes,
            &limits,
            100 << 20,
            &budget,
            &mut seen,
        );
        seen
    }

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in files {
            w.start_file(*name, options).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in files {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, name, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn zip_members_are_read_with_their_names() {
        let bytes = zip_of(&[("../../etc/a.yml", b"k: v\n"), ("/abs/b.txt", b"text")]);
        let seen = open("x.jar", &bytes, ArchiveLimits::default());
        assert_eq!(
            seen.members,
            vec![
                ("../../etc/a.yml".into(), b"k: v\n".to_vec()),
                ("/abs/b.txt".into(), b"text".to_vec())
            ]
        );
        assert!(seen.skipped.is_empty());
    }

    #[test]
    fn a_tar_in_a_compressed_stream_is_one_layer_and_plain_streams_lose_their_suffix() {
        let tar = tar_of(&[("etc/app.conf", b"password = x\n")]);
        let seen = open("r.tar.gz", &gzip(&tar), ArchiveLimits::default());
        assert_eq!(
            seen.members,
            vec![("etc/app.conf".into(), b"password = x\n".to_vec())]
        );
        let seen = open("logs/a.log.gz", &gzip(b"line\n"), ArchiveLimits::default());
        assert_eq!(seen.members, vec![("a.log".into(), b"line\n".to_vec())]);
        let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
        bz.write_all(b"bz text").unwrap();
        let seen = open("a.bz2", &bz.finish().unwrap(), ArchiveLimits::default());
        assert_eq!(seen.members, vec![("a".into(), b"bz text".to_vec())]);
        let zst = zstd::encode_all(&b"zstd text"[..], 3).unwrap();
        let seen = open("a.zst", &zst, ArchiveLimits::default());
        assert_eq!(seen.members, vec![("a".into(), b"zstd text".to_vec())]);
        let mut xz =
            lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::default()).unwrap();
        xz.write_all(b"xz text").unwrap();
        let seen = open("a.txz", &xz.finish().unwrap(), ArchiveLimits::default());
        assert_eq!(seen.members, vec![("a.tar".into(), b"xz text".to_vec())]);
    }

    #[test]
    fn bombs_stop_at_the_ratio_or_the_budget() {
        let zeros = vec![0u8; 8 << 20];
        let seen = open("bomb.gz", &gzip(&zeros), ArchiveLimits::default());
        assert!(seen.members.is_empty());
        assert_eq!(seen.skipped, vec![("bomb".into(), "decompression_limit")]);
        let bytes = zip_of(&[("a", &zeros[..600 << 10]), ("b", &zeros[..600 << 10])]);
        let limits = ArchiveLimits {
            max_bytes: 1 << 20,
            ..ArchiveLimits::default()
        };
        let seen = open("z.zip", &bytes, limits);
        assert_eq!(seen.members.len(), 1);
        assert_eq!(seen.skipped, vec![("b".into(), "decompression_limit")]);
    }

    #[test]
    fn corrupt_and_truncated_containers_are_skipped_with_a_reason() {
        let bytes = zip_of(&[("a.txt", &[b'x'; 4096])]);
        let seen = open("t.zip", &bytes[..bytes.len() / 2], ArchiveLimits::default());
        assert_eq!(seen.skipped, vec![("".into(), "archive_corrupt")]);
        let gz = gzip(&[b'y'; 4096]);
        let seen = open("t.gz", &gz[..gz.len() / 2], ArchiveLimits::default());
        assert_eq!(seen.skipped, vec![("t".into(), "archive_corrupt")]);
        let mut tar = tar_of(&[("a", b"1"), ("b", b"2")]);
        tar[512 + 512 + 100] ^= 0xff;
        let seen = open("t.tar", &tar, ArchiveLimits::default());
        assert_eq!(seen.members, vec![("a".into(), b"1".to_vec())]);
        assert_eq!(seen.skipped, vec![("".into(), "archive_corrupt")]);
    }

    #[test]
    fn every_truncation_and_corruption_of_each_kind_is_read_without_a_panic() {
        let text = b"token = abcdefghijklmnopqrstuvwxyz0123456789\n".repeat(20);
        let tar = tar_of(&[("etc/a.conf", &text), ("b", b"x")]);
        let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
        bz.write_all(&tar).unwrap();
        let mut xz =
            lzma_rust2::XzWriter::new(Vec::new(), lzma_rust2::XzOptions::default()).unwrap();
        xz.write_all(&text).unwrap();
        let samples = [
            zip_of(&[("a.yml", &text), ("b/c.txt", b"hello")]),
            tar.clone(),
            gzip(&tar),
            bz.finish().unwrap(),
            xz.finish().unwrap(),
            zstd::encode_all(&text[..], 3).unwrap(),
        ];
        let limits = ArchiveLimits::default();
        for sample in &samples {
            let kind = Kind::sniff(sample).unwrap();
            let mut variants: Vec<Vec<u8>> =
                (0..sample.len()).map(|n| sample[..n].to_vec()).collect();
            for at in (0..sample.len()).step_by(7) {
                let mut v = sample.clone();
                v[at] ^= 0x5a;
                variants.push(v);
            }
            for v in variants {
                let budget = Budget::new(&limits);
                read(
                    kind,
                    b"f",
                    &v,
                    &limits,
                    1 << 20,
                    &budget,
                    &mut Seen::default(),
                );
            }
        }
    }

    #[test]
    fn sniffing_needs_the_whole_magic() {
        assert_eq!(Kind::sniff(b"BZh9 is a word"), None);
        assert_eq!(Kind::sniff(b"PK\x03\x04"), Some(Kind::Zip));
        assert_eq!(Kind::sniff(&tar_of(&[("a", b"")])), Some(Kind::Tar));
        assert_eq!(Kind::sniff(b"plain"), None);
    }
}

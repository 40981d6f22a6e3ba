//! Sources enumerate what to scan and load its bytes, each blob with its `Provenance`: `fs`
//! walks directories (honouring `.gitignore`/`.ignore` unless told not to, skipping `.git/`,
//! never following symlinks), `read` loads one file (size cap, binary and UTF-16 sniff),
//! `stdin` reads standard input and `git` indexes history, ranges and staged changes into git
//! objects to read. Sources never match or report; they say what they skipped and why.
pub mod archive;
mod blob;
mod fs;
pub mod git;
mod name;
pub mod notebook;
mod read;
mod stdin;

use std::path::PathBuf;

use serde::Serialize;

pub use blob::{Origin, Provenance};
pub use fs::{walk, WalkOptions};
pub use name::Name;
pub use read::{read_file, sniff, Loaded};
pub use stdin::read_stdin;

/// Something the user asked to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Path(PathBuf),
    Stdin,
}

/// One unit of work found by enumeration.
#[derive(Debug)]
pub enum Entry {
    /// A regular file to read and scan.
    File(PathBuf),
    /// Standard input, to read and scan.
    Stdin,
    /// A git object to read from the repository and scan as `name`.
    Git { id: git2::Oid, name: Name },
    /// A path named on the command line that is not a directory: read whatever it is (a
    /// FIFO from process substitution, `/dev/stdin`).
    Named(PathBuf),
    /// Something passed over during enumeration.
    Skipped(PathBuf, Skip),
    /// Something that could not be enumerated (an unreadable directory, say).
    Error(Option<PathBuf>, String),
}

/// Why a file was not scanned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Skip {
    /// Contains NUL bytes near its start.
    Binary,
    /// Larger than `--max-file-size`.
    TooLarge { size: u64, limit: u64 },
    /// A symbolic link; links are never followed, so loops cannot hang a scan.
    Symlink,
    /// Not a regular file (a FIFO, socket or device).
    Special,
    /// A Git LFS pointer: the content lives on an LFS server, not in the repository.
    LfsPointer,
    /// A git submodule: another repository, scanned on its own.
    Submodule,
    /// UTF-16 text, read as its text unless `--decode-depth 0`.
    Utf16,
    /// An archive or compressed stream not opened: nested deeper than `--archive-depth`.
    Archive,
    /// A container (or the rest of one) that cannot be read: truncated, corrupt, or in a
    /// format or compression method not supported.
    ArchiveCorrupt { detail: String },
    /// An encrypted archive member: its content cannot be read without the password.
    ArchiveEncrypted,
    /// A member or stream that would decompress past a limit: `by` names the flag.
    DecompressionLimit { limit: u64, by: &'static str },
}

impl Skip {
    pub fn reason(&self) -> &'static str {
        match self {
            Skip::Binary => "binary",
            Skip::TooLarge { .. } => "too_large",
            Skip::Symlink => "symlink",
            Skip::Special => "special",
            Skip::LfsPointer => "lfs_pointer",
            Skip::Submodule => "submodule",
            Skip::Utf16 => "utf16",
            Skip::Archive => "archive",
            Skip::ArchiveCorrupt { .. } => "archive_corrupt",
            Skip::ArchiveEncrypted => "archive_encrypted",
            Skip::DecompressionLimit { .. } => "decompression_limit",
        }
    }
}

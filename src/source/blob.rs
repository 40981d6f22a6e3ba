//! Provenance: where a blob came from, carried by every finding from the source to the report.
//! A blob is the bytes of one file, of standard input, or of one git object; its provenance is
//! the name it is known by and its origin. Git blobs keep their object id, which is how history
//! scans attribute a finding to the commit that introduced it and how identical content is
//! scanned once. An archive member's name is the chain of containers it is in
//! (`dist/app.jar!/BOOT-INF/classes/application.yml`), and it keeps the outer file's name, which
//! is what a report that can only point at files (SARIF) points at.
use git2::Oid;

use super::Name;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Provenance {
    /// A path as given or walked, `-` for standard input, a tree path for a git blob, or
    /// `commit:<id>` / `tag:<name>` for a message.
    pub name: Name,
    pub origin: Origin,
    /// For an archive member: the name of the file (or git blob) the outermost container is.
    pub container: Option<Name>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    /// A file read from disk.
    File,
    /// Standard input.
    Stdin,
    /// A git object read from the object database: a blob, or a commit or annotated tag whose
    /// message is scanned.
    Git(Oid),
}

impl Provenance {
    pub fn file(name: Name) -> Self {
        Provenance {
            name,
            origin: Origin::File,
            container: None,
        }
    }

    pub fn stdin() -> Self {
        Provenance {
            name: Name::from("-"),
            origin: Origin::Stdin,
            container: None,
        }
    }

    pub fn git(id: Oid, name: Name) -> Self {
        Provenance {
            name,
            origin: Origin::Git(id),
            container: None,
        }
    }

    /// The provenance of the member `inner` of the container this is.
    pub fn member(&self, inner: &[u8]) -> Self {
        Provenance {
            name: self.name.member(inner),
            origin: self.origin,
            container: Some(self.outer().clone()),
        }
    }

    /// The file (or git blob) this is, or is inside.
    pub fn outer(&self) -> &Name {
        self.container.as_ref().unwrap_or(&self.name)
    }

    /// The git object this blob is, if it came from a repository.
    pub fn git_object(&self) -> Option<Oid> {
        match self.origin {
            Origin::Git(id) => Some(id),
            Origin::File | Origin::Stdin => None,
        }
    }
}

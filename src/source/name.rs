//! The name a blob is known by (a path as given, a git tree path, `-` for standard input),
//! kept exactly. File and tree names are bytes, not always UTF-8: a `Name` holds UTF-8 text for
//! matching and display (invalid bytes become U+FFFD) and, only when that text is not exact,
//! the original bytes, so that a report can give the exact name.
use std::fmt;
use std::ops::Deref;
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name {
    text: String,
    /// The exact bytes, kept only when they are not valid UTF-8.
    raw: Option<Box<[u8]>>,
}

impl Name {
    pub fn from_bytes(bytes: &[u8]) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(text) => Name {
                text: text.to_string(),
                raw: None,
            },
            Err(_) => Name {
                text: String::from_utf8_lossy(bytes).into_owned(),
                raw: Some(bytes.into()),
            },
        }
    }

    /// A path as the user gave it, without a leading `./` (`.` for the current directory).
    pub fn from_path(path: &Path) -> Self {
        let mut bytes = path_bytes(path);
        while let Some(rest) = bytes.strip_prefix(b"./") {
            let slashes = rest.iter().take_while(|&&b| b == b'/').count();
            bytes = &rest[slashes..];
        }
        if bytes.is_empty() {
            Name::from(".")
        } else {
            Name::from_bytes(bytes)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The exact bytes of a name that is not valid UTF-8; `None` when `as_str` is exact.
    pub fn inexact_bytes(&self) -> Option<&[u8]> {
        self.raw.as_deref()
    }

    /// The exact bytes of the name.
    pub fn as_bytes(&self) -> &[u8] {
        self.raw.as_deref().unwrap_or(self.text.as_bytes())
    }

    /// The name with `/` and `child` appended (a tree path from its directory's).
    pub fn join(&self, child: &[u8]) -> Name {
        if self.text.is_empty() {
            return Name::from_bytes(child);
        }
        let mut bytes = Vec::with_capacity(self.as_bytes().len() + 1 + child.len());
        bytes.extend_from_slice(self.as_bytes());
        bytes.push(b'/');
        bytes.extend_from_slice(child);
        Name::from_bytes(&bytes)
    }

    /// The name of the member `inner` of the container this names: `app.jar!/a/b.yml`.
    pub fn member(&self, inner: &[u8]) -> Name {
        let mut bytes = Vec::with_capacity(self.as_bytes().len() + 2 + inner.len());
        bytes.extend_from_slice(self.as_bytes());
        bytes.extend_from_slice(b"!/");
        bytes.extend_from_slice(inner);
        Name::from_bytes(&bytes)
    }
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> &[u8] {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> &[u8] {
    // Windows names are UTF-16; a lone surrogate has no UTF-8 form to keep.
    path.as_os_str().as_encoded_bytes()
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Self {
        Name {
            text: text.to_string(),
            raw: None,
        }
    }
}

impl From<String> for Name {
    fn from(text: String) -> Self {
        Name { text, raw: None }
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_leading_dot_slash_only() {
        assert_eq!(Name::from_path(Path::new("./a/b")), "a/b");
        assert_eq!(Name::from_path(Path::new(".//a")), "a");
        assert_eq!(Name::from_path(Path::new("a/./b")), "a/./b");
        assert_eq!(Name::from_path(Path::new("/abs")), "/abs");
        assert_eq!(Name::from_path(Path::new("./")), ".");
    }

    #[test]
    fn invalid_utf8_keeps_its_bytes() {
        let name = Name::from_bytes(b"dir/caf\xe9.txt");
        assert_eq!(name.as_str(), "dir/caf\u{fffd}.txt");
        assert_eq!(name.inexact_bytes(), Some(&b"dir/caf\xe9.txt"[..]));
        assert_eq!(name.as_bytes(), b"dir/caf\xe9.txt");
        let exact = Name::from_bytes("dir/café\n.txt".as_bytes());
        assert_eq!(exact.inexact_bytes(), None);
        assert_eq!(exact.as_bytes(), "dir/café\n.txt".as_bytes());
    }

    #[test]
    fn join_builds_tree_paths_from_bytes() {
        let dir = Name::default().join(b"d\xff");
        assert_eq!(dir.join(b"f").as_bytes(), b"d\xff/f");
        assert_eq!(Name::from("a").join(b"b"), "a/b");
    }
}

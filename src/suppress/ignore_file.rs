//! `.nhiscanignore`: one fingerprint per line, optionally followed by a path glob that scopes
//! it, `#` comments. Fingerprints hash the secret, so a different secret on an ignored line is
//! still reported, and an ignored secret that moves stays ignored (unless scoped to a path).
#[derive(Debug, Clone)]
pub struct IgnoreEntry {
    pub fingerprint: String,
    pub path: Option<globset::GlobMatcher>,
    /// 1-based line in the ignore file, shown as the reason.
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct IgnoreFile {
    pub name: String,
    pub entries: Vec<IgnoreEntry>,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct IgnoreFileError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl IgnoreFile {
    pub fn parse(name: &str, text: &str) -> Result<IgnoreFile, IgnoreFileError> {
        let mut entries = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = |message: String| IgnoreFileError {
                file: name.to_string(),
                line: i + 1,
                message,
            };
            let mut words = line.split_whitespace();
            let fingerprint = words.next().unwrap_or_default();
            if fingerprint.len() != 32 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad(format!(
                    "`{fingerprint}` is not a fingerprint (32 hex digits, as in the report's `fingerprint`)"
                )));
            }
            let path = match words.next() {
                None => None,
                Some(glob) => Some(
                    globset::GlobBuilder::new(glob)
                        .literal_separator(true)
                        .build()
                        .map_err(|e| bad(format!("invalid path glob `{glob}`: {e}")))?
                        .compile_matcher(),
                ),
            };
            if let Some(extra) = words.next() {
                return Err(bad(format!(
                    "unexpected `{extra}`: a line is a fingerprint and at most one path glob"
                )));
            }
            entries.push(IgnoreEntry {
                fingerprint: fingerprint.to_ascii_lowercase(),
                path,
                line: i + 1,
            });
        }
        Ok(IgnoreFile {
            name: name.to_string(),
            entries,
        })
    }

    /// The entry that ignores `fingerprint` at `path`, if any.
    pub fn find(&self, fingerprint: &str, path: &str) -> Option<&IgnoreEntry> {
        self.entries.iter().find(|e| {
            e.fingerprint == fingerprint && e.path.as_ref().is_none_or(|g| g.is_match(path))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FP: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn entries_with_and_without_paths() {
        let f = IgnoreFile::parse(
            ".nhiscanignore",
            &format!("# reviewed\n{FP}\n{FP} tests/**  # fixtures\n"),
        )
        .unwrap();
        assert_eq!(f.entries.len(), 2);
        assert_eq!(f.find(FP, "src/a.rs").unwrap().line, 2);
        let only_tests = IgnoreFile::parse("i", &format!("{FP} tests/**\n")).unwrap();
        assert!(only_tests.find(FP, "tests/x/y.env").is_some());
        assert!(only_tests.find(FP, "src/y.env").is_none());
        assert!(only_tests.find(&"0".repeat(32), "tests/y.env").is_none());
    }

    #[test]
    fn malformed_lines_name_the_line() {
        let err = IgnoreFile::parse("i", "\n\nnot-a-fingerprint\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.to_string().starts_with("i:3: `not-a-fingerprint`"));
    }
}

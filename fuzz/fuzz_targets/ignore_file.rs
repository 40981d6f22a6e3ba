//! `.nhiscanignore` files are committed text: parsing any of it must return entries or an
//! error naming a line of the file, never panic. Entries hold lowercase 32-hex-digit
//! fingerprints and their own line, and an entry without a path glob ignores its fingerprint
//! everywhere.
use nhiscan::suppress::IgnoreFile;

const NAME: &str = ".nhiscanignore";

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let lines = text.lines().count();
        match IgnoreFile::parse(NAME, text) {
            Ok(f) => {
                assert_eq!(f.name, NAME);
                let mut previous = 0;
                for e in &f.entries {
                    assert!(e.line > previous && e.line <= lines, "line {}", e.line);
                    previous = e.line;
                    assert_eq!(e.fingerprint.len(), 32);
                    assert!(e
                        .fingerprint
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
                    let found = f.find(&e.fingerprint, "some/dir/file.env");
                    if e.path.is_none() {
                        assert!(found.is_some(), "an unscoped entry must match any path");
                    }
                    if let Some(hit) = found {
                        assert_eq!(hit.fingerprint, e.fingerprint);
                    }
                }
            }
            Err(e) => {
                assert!(e.line >= 1 && e.line <= lines, "line {} of {lines}", e.line);
                assert_eq!(e.file, NAME);
                assert!(e.to_string().starts_with(&format!("{NAME}:{}:", e.line)));
            }
        }
    });
}

//! Byte offsets to 1-based line and column numbers, computed only for findings. Columns count
//! Unicode code points (an invalid UTF-8 byte counts as one), as SARIF's `unicodeCodePoints`.
//! A cursor moves forward through the blob, so locating n findings costs one pass, not n.
use std::ops::Range;

use serde::Serialize;

/// A secret's place: start line and column, and the end (exclusive column, as in SARIF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Where `span` is in `haystack`.
pub fn locate(haystack: &[u8], span: Range<usize>) -> Location {
    Cursor::new(haystack).locate(span).0
}

pub(super) struct Cursor<'h> {
    haystack: &'h [u8],
    /// Everything before `pos` has been counted.
    pos: usize,
    line: usize,
    line_start: usize,
    /// Code points between `line_start` and `pos`.
    column_chars: usize,
}

fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl<'h> Cursor<'h> {
    pub(super) fn new(haystack: &'h [u8]) -> Self {
        Cursor {
            haystack,
            pos: 0,
            line: 1,
            line_start: 0,
            column_chars: 0,
        }
    }

    /// Locates `span` (whose start must not precede the previous call's); also returns the
    /// offset of the start line's first byte.
    pub(super) fn locate(&mut self, span: Range<usize>) -> (Location, usize) {
        let start = span.start.max(self.pos);
        self.advance(start);
        let (line, column, line_start) = (self.line, self.column_chars + 1, self.line_start);
        let inside = &self.haystack[start..span.end];
        let (end_line, end_column) = match memchr::memrchr(b'\n', inside) {
            None => (line, column + chars(inside)),
            Some(last) => (
                line + memchr::memchr_iter(b'\n', inside).count(),
                chars(&inside[last + 1..]) + 1,
            ),
        };
        (
            Location {
                line,
                column,
                end_line,
                end_column,
            },
            line_start,
        )
    }

    fn advance(&mut self, to: usize) {
        let gap = &self.haystack[self.pos..to];
        match memchr::memrchr(b'\n', gap) {
            None => self.column_chars += chars(gap),
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', gap).count();
                self.line_start = self.pos + last + 1;
                self.column_chars = chars(&gap[last + 1..]);
            }
        }
        self.pos = to;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_columns_and_multibyte() {
        let hay = "é = 'ab'\nxyz\nkey\nend".as_bytes();
        let mut c = Cursor::new(hay);
        let (l, _) = c.locate(5..7); // ab after "é = '" (é is two bytes)
        assert_eq!((l.line, l.column, l.end_line, l.end_column), (1, 5, 1, 7));
        let (l, ls) = c.locate(10..17); // "xyz\nkey" spans two lines
        assert_eq!((l.line, l.column, l.end_line, l.end_column), (2, 1, 3, 4));
        assert_eq!(ls, 10);
        let (l, _) = c.locate(18..21);
        assert_eq!((l.line, l.column), (4, 1));
    }
}

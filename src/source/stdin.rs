//! Reads standard input (`nhiscan scan -`) up to the size cap.
use std::io::{self, Read};

use super::Skip;

/// Reads all of standard input into `buf`; `Ok(Err(skip))` if it is binary or over the cap.
pub fn read_stdin(max_size: u64, buf: &mut Vec<u8>) -> io::Result<Result<(), Skip>> {
    buf.clear();
    io::stdin().lock().take(max_size + 1).read_to_end(buf)?;
    if buf.len() as u64 > max_size {
        return Ok(Err(Skip::TooLarge {
            size: buf.len() as u64,
            limit: max_size,
        }));
    }
    if let Some(skip) = super::read::sniff(buf) {
        return Ok(Err(skip));
    }
    Ok(Ok(()))
}

//! Where a report goes: standard output (also for `-o -`), or a file. A regular file (or a new
//! one) is written atomically (a temporary file in the same directory, renamed into place) with
//! mode 0600, since reports can hold secrets. A device or FIFO (`/dev/null`, `/dev/stderr`) is
//! written through, never renamed over: as root, a rename would replace the device node. A
//! symbolic link is refused, and so is a file the scan reads (an input, the config, a baseline).
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// How a report destination is written.
enum Destination {
    Stdout,
    /// A regular file, or none yet: temporary file and rename.
    Replace,
    /// A device, FIFO or socket: opened and written as it is.
    WriteThrough,
}

/// Checks `path` as a place to write a report (or baseline) before the scan starts, so that a
/// mistake costs nothing: it must not be a link, a directory or one of the `inputs`.
pub fn check(path: &Path, inputs: &[PathBuf]) -> Result<()> {
    destination(path, inputs).map(|_| ())
}

fn destination(path: &Path, inputs: &[PathBuf]) -> Result<Destination> {
    if path.as_os_str() == "-" {
        return Ok(Destination::Stdout);
    }
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Destination::Replace),
        Err(e) => return Err(e).with_context(|| format!("cannot inspect {}", path.display())),
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        bail!(
            "{} is a symbolic link: nhiscan does not write reports through links; give the path of the file itself",
            path.display()
        );
    }
    if kind.is_dir() {
        bail!(
            "{} is a directory: give a file name for the report",
            path.display()
        );
    }
    for input in inputs {
        if same_file(path, input) {
            bail!(
                "{} is also read by this scan ({}): writing the report there would destroy it; choose another file",
                path.display(),
                input.display()
            );
        }
    }
    Ok(if kind.is_file() {
        Destination::Replace
    } else {
        Destination::WriteThrough
    })
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Writes what `render` produces to `path` (see the module doc for how).
pub fn write_file(
    path: &Path,
    inputs: &[PathBuf],
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match destination(path, inputs)? {
        Destination::Stdout => write_stdout(render),
        Destination::WriteThrough => {
            let file = fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot open {} for writing", path.display()))?;
            let mut w = io::BufWriter::new(file);
            render(&mut w)
                .and_then(|_| w.flush())
                .with_context(|| format!("cannot write report {}", path.display()))
        }
        Destination::Replace => replace(path, render),
    }
}

fn replace(path: &Path, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".nhiscan-report-");
    #[cfg(unix)]
    builder.permissions(private());
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a report file in {}", dir.display()))?;
    {
        let mut w = io::BufWriter::new(tmp.as_file_mut());
        render(&mut w).with_context(|| format!("cannot write report {}", path.display()))?;
        w.flush()?;
    }
    tmp.as_file().sync_all().ok();
    tmp.persist(path)
        .with_context(|| format!("cannot move the report into place at {}", path.display()))?;
    Ok(())
}

#[cfg(unix)]
fn private() -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    fs::Permissions::from_mode(0o600)
}

/// Writes to standard output; a closed pipe (`nhiscan scan . | head`) is not an error.
pub fn write_stdout(render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let stdout = io::stdout();
    let mut w = io::BufWriter::new(stdout.lock());
    match render(&mut w).and_then(|_| w.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

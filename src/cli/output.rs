//! Where a report goes: standard output, or a file written atomically (a temporary file in the
//! same directory, renamed into place) with mode 0600, since reports can hold secrets.
use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result};

/// Writes what `render` produces to `path` atomically, readable by the owner only.
pub fn write_file(
    path: &Path,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
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
fn private() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o600)
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

//! A progress line on standard error, drawn only when standard error is a terminal, `--quiet`
//! is off and the scan has run for more than a moment: short scans and CI logs stay clean. A
//! git scan says while it indexes, then counts blobs against the total with an estimate of
//! the time left.
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use nhiscan::scan::Progress;

const DELAY: Duration = Duration::from_millis(300);

pub struct Bar {
    enabled: bool,
    started: Instant,
    files: AtomicU64,
    bytes: AtomicU64,
    /// Blobs to read, when known; 0 otherwise.
    planned: AtomicU64,
    /// When reading the planned blobs began.
    reading: OnceLock<Instant>,
    bar: OnceLock<ProgressBar>,
}

impl Bar {
    pub fn new(quiet: bool) -> Self {
        Bar {
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: Instant::now(),
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            planned: AtomicU64::new(0),
            reading: OnceLock::new(),
            bar: OnceLock::new(),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

impl Bar {
    fn bar(&self) -> &ProgressBar {
        self.bar.get_or_init(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        })
    }
}

impl Progress for Bar {
    fn phase(&self, what: &'static str) {
        if self.enabled {
            self.bar().set_message(format!("{what}…"));
        }
    }

    fn planned(&self, blobs: u64) {
        self.planned.store(blobs, Ordering::Relaxed);
        self.reading.get_or_init(Instant::now);
    }

    fn blob_scanned(&self, bytes: u64) {
        let files = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if !self.enabled || (self.started.elapsed() < DELAY && self.bar.get().is_none()) {
            return;
        }
        if !(files.is_multiple_of(64) || files < 64) {
            return;
        }
        let size = nhiscan::report::human_bytes(total);
        let planned = self.planned.load(Ordering::Relaxed);
        let message = if planned == 0 {
            format!("scanning: {files} files, {size}")
        } else {
            let elapsed = self
                .reading
                .get()
                .map_or(0.0, |t| t.elapsed().as_secs_f64());
            let left = elapsed * planned.saturating_sub(files) as f64 / files as f64;
            format!(
                "scanning: {files}/{planned} blobs, {size}, about {}s left",
                left.round()
            )
        };
        self.bar().set_message(message);
    }
}

//! A progress line on standard error, drawn only when standard error is a terminal, `--quiet`
//! is off and the scan has run for more than a moment: short scans and CI logs stay clean.
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
    bar: OnceLock<ProgressBar>,
}

impl Bar {
    pub fn new(quiet: bool) -> Self {
        Bar {
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: Instant::now(),
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            bar: OnceLock::new(),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn blob_scanned(&self, bytes: u64) {
        let files = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if !self.enabled || self.started.elapsed() < DELAY {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} scanning: {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        if files.is_multiple_of(64) || files < 64 {
            bar.set_message(format!(
                "{files} files, {}",
                nhiscan::report::human_bytes(total)
            ));
        }
    }
}

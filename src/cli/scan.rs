//! `nhiscan scan PATH...`: files, directories and standard input, judged by the config and
//! ignore file on disk at the scan root.
use std::path::PathBuf;

use anyhow::Result;
use nhiscan::matcher::Input;
use nhiscan::scan::{self, ScanOptions};
use nhiscan::source::Target;

use super::args::ScanArgs;
use super::run::{scan_and_report, Plan};
use super::settings::Settings;
use super::setup::Trust;
use super::{scan_root, targets, Exit};

pub fn run(args: ScanArgs) -> Result<Exit> {
    let targets = targets(&args.paths)?;
    let honour_ignore = !args.no_ignore;
    let inputs: Vec<PathBuf> = targets
        .iter()
        .filter_map(|t| match t {
            Target::Path(p) => Some(p.clone()),
            Target::Stdin => None,
        })
        .collect();
    let root = scan_root(&args.paths);
    let plan = Plan {
        root: &root,
        base: None,
        input: input_size(&targets),
        inputs: &inputs,
    };
    scan_and_report(
        &Settings::from(&args.common),
        plan,
        || Ok(Trust::Disk),
        |matcher, options, progress| {
            let options = ScanOptions {
                honour_ignore,
                ..options
            };
            Ok(scan::scan(&targets, matcher, &options, progress)?)
        },
    )
}

/// Small: only regular files, together under 1 MiB (a hook passing a few files).
fn input_size(targets: &[Target]) -> Input {
    let mut total = 0u64;
    for t in targets {
        match t {
            Target::Path(p) => match std::fs::metadata(p) {
                Ok(m) if m.is_file() => total += m.len(),
                _ => return Input::Large,
            },
            Target::Stdin => return Input::Large,
        }
    }
    if total < 1 << 20 {
        Input::Small
    } else {
        Input::Large
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_small_files_are_small_input_and_a_directory_is_large() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(input_size(&[Target::Path(file)]), Input::Small);
        assert_eq!(
            input_size(&[Target::Path(dir.path().to_path_buf())]),
            Input::Large
        );
        assert_eq!(input_size(&[Target::Stdin]), Input::Large);
    }
}

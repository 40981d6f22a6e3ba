//! `nhiscan`: parse arguments, run, map the outcome to an exit status. Nothing else.
use std::process::ExitCode;

fn main() -> ExitCode {
    match nhiscan::cli::run() {
        Ok(exit) => exit.into(),
        Err(e) => {
            eprintln!("nhiscan: error: {e:#}");
            nhiscan::cli::Exit::Error.into()
        }
    }
}

//! `nhiscan`: parse arguments, run, map the outcome to an exit status. Nothing else.
mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(exit) => exit.into(),
        Err(e) => {
            cli::fatal(&e);
            cli::Exit::Error.into()
        }
    }
}

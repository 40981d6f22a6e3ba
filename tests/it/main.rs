//! The integration tests, in one test binary so that the suite links once and runs in one
//! process: one module per area, with the helpers they share in `common`.
mod common;

mod archive;
mod bad_input;
mod cli;
mod decode;
mod fuzz_regressions;
mod git;
mod identity;
mod living;
mod locations;
mod rules;

#!/bin/sh
# Runs one fuzz target under AFL++ (built by `cargo afl build --release`):
#   fuzz/run.sh TARGET SECONDS [OUT_DIR]
# One fuzzer process, lowest priority; 2 s per exec, 2 GiB of memory per process.
set -eu
target=$1
seconds=${2:-1800}
out=${3:-out/$target}
here=$(cd "$(dirname "$0")" && pwd)
bin=${CARGO_TARGET_DIR:-$here/target}/release/$target
mkdir -p "$out"
exec env AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
    nice -n 19 cargo afl fuzz -i "$here/seeds/$target" -o "$out" \
    -V "$seconds" -t 2000 -m 2048 -- "$bin"

#!/usr/bin/env bash
# run.sh - the real-code noise study: build the corpus (build.sh), scan it with nhiscan and, if
# installed, gitleaks, and score nhiscan's findings against labels.tsv (score.py).
#
# Usage: benches/noise/run.sh [--out DIR] [--peers DIR] [--list]
#   --out DIR    corpus and reports (default ~/.cache/nhiscan-noise)
#   --peers DIR  where ../shared/bench/peers.sh installed the peers (default ~/.cache/peers)
#   --list       also print the unlabelled findings, as label lines to fill in
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$HOME/.cache/nhiscan-noise
peers=$HOME/.cache/peers
list=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --list) list=(--list); shift ;;
    *) echo "run.sh: unknown argument $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
"$here/build.sh" --out "$out"
(cd "$root" && cargo build --release --quiet)
corpus=$out/corpus
reports=$out/reports
mkdir -p "$reports"
# Every file is read: packages ship .gitignore files of their own, and gitleaks reads them all.
rc=0
(cd "$corpus" && "$root/target/release/nhiscan" scan . --no-ignore -q -f json \
  -o "$reports/nhiscan.json") || rc=$?
[[ $rc -le 1 ]] || { echo "run.sh: nhiscan failed (exit $rc)" >&2; exit 2; }
args=(nhiscan="$reports/nhiscan.json")
if [[ -x $peers/bin/gitleaks ]]; then
  (cd "$corpus" && "$peers/bin/gitleaks" dir . --no-banner -f json -r "$reports/gitleaks.json" \
    --exit-code 0 -l warn) >"$reports/gitleaks.log" 2>&1
  args+=(gitleaks="$reports/gitleaks.json")
fi
echo "python3: $(python3 -V 2>&1) (its standard library is part of the corpus)"
python3 "$here/score.py" --corpus "$corpus" --labels "$here/labels.tsv" "${list[@]}" "${args[@]}"

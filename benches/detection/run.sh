#!/usr/bin/env bash
# run.sh - build the labelled detection corpus, scan it with nhiscan and the peers that are
# installed, and score every report the same way.
#
# Usage: benches/detection/run.sh [--out DIR] [--mirrors DIR] [--peers DIR] [--by KEY]...
#   --out DIR      corpus and reports (default ~/.cache/nhiscan-detection); outside the repo
#   --mirrors DIR  bare clones of the source projects (default /work/.mirror), see build.py
#   --peers DIR    where ../shared/bench/peers.sh installed the peers (default ~/.cache/peers);
#                  peers that are missing are left out
#   --by KEY       break the figures down by provider, syntax or source (repeatable;
#                  default: source and syntax)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$HOME/.cache/nhiscan-detection
mirrors=/work/.mirror
peers=$HOME/.cache/peers
by=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --mirrors) mirrors=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --by) by+=(--by "$2"); shift 2 ;;
    *) echo "run.sh: unknown argument $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
[[ ${#by[@]} -gt 0 ]] || by=(--by source --by syntax)
corpus=$out/corpus
reports=$out/reports
mkdir -p "$reports"
python3 "$here/build.py" --mirrors "$mirrors" --out "$corpus"
(cd "$root" && cargo build --release --quiet)
nhiscan=$root/target/release/nhiscan

# Each tool scans from inside the corpus so that no config of this repository applies. Exit
# codes that mean "findings" (1; Kingfisher's 200) are fine, any other is an error.
scan() {
  local name=$1; shift
  local rc=0
  (cd "$corpus" && "$@") >"$reports/$name.log" 2>&1 || rc=$?
  if [[ $rc -ne 0 && $rc -ne 1 && $rc -ne 200 ]]; then
    echo "run.sh: $name failed (exit $rc), see $reports/$name.log" >&2
    return 1
  fi
}
args=(nhiscan="$reports/nhiscan.json" nhiscan-high="$reports/nhiscan.json")
scan nhiscan "$nhiscan" scan . --format json -o "$reports/nhiscan.json"
if [[ -x $peers/bin/gitleaks ]]; then
  scan gitleaks "$peers/bin/gitleaks" dir . --no-banner -f json -r "$reports/gitleaks.json" \
    --exit-code 0 -l warn
  args+=(gitleaks="$reports/gitleaks.json")
fi
if [[ -x $peers/bin/betterleaks ]]; then
  scan betterleaks "$peers/bin/betterleaks" fs . --silent -o "$reports/betterleaks.json" \
    --exit-code 0
  args+=(betterleaks="$reports/betterleaks.json")
fi
# Kingfisher reports each secret once unless told otherwise; every sample needs its own.
if [[ -x $peers/bin/kingfisher ]]; then
  scan kingfisher "$peers/bin/kingfisher" scan . --git-history none --no-validate \
    --no-update-check --no-dedup --format json -o "$reports/kingfisher.json"
  args+=(kingfisher="$reports/kingfisher.json")
fi
python3 "$here/score.py" --corpus "$corpus" "${by[@]}" --json "$reports/scores.json" "${args[@]}"

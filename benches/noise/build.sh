#!/usr/bin/env bash
# build.sh - assemble the real-code corpus of the noise study, outside the repository: pinned
# third-party source from the package registries, plus this machine's Python standard library.
#
# Usage: benches/noise/build.sh [--out DIR]   (default ~/.cache/nhiscan-noise; corpus in DIR/corpus)
#
# What goes in, about 790 MB:
#   cargo/        every crate of nhiscan's Cargo.lock (`cargo vendor --locked`), 135 MB
#   pypi/         Django, botocore, ansible-core and SymPy sources (sdists), 266 MB
#   npm/          aws-sdk v2, TypeScript and @angular/core packages, 134 MB
#   python-stdlib the running python3's standard library without site-packages, ~257 MB
# The versions are pinned here, so a rerun scans the same bytes (the standard library follows
# the installed python3, whose version score.py prints).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$HOME/.cache/nhiscan-noise
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    *) echo "build.sh: unknown argument $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
PYPI=(django==5.1.4 botocore==1.35.99 ansible-core==2.17.7 sympy==1.13.3)
NPM=(aws-sdk@2.1692.0 typescript@5.7.2 @angular/core@19.0.5)
corpus=$out/corpus
downloads=$out/downloads
stamp=$corpus/.complete
want="pypi=${PYPI[*]} npm=${NPM[*]} lock=$(sha256sum "$root/Cargo.lock" | cut -c1-16) python=$(python3 -V 2>&1)"
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  echo "build.sh: corpus up to date in $corpus" >&2
  exit 0
fi
rm -rf "$corpus"
mkdir -p "$corpus/pypi" "$corpus/npm" "$downloads"
(cd "$root" && cargo vendor --locked --quiet "$corpus/cargo" >/dev/null)
pip download --quiet --no-deps --no-binary :all: -d "$downloads" "${PYPI[@]}"
for spec in "${PYPI[@]}"; do
  name=${spec%%==*}; version=${spec##*==}
  archive=$(find "$downloads" -maxdepth 1 -iname "${name//-/[-_]}-$version.tar.gz" | head -1)
  [[ -n $archive ]] || { echo "build.sh: no sdist for $spec in $downloads" >&2; exit 2; }
  tar -xzf "$archive" -C "$corpus/pypi"
done
for spec in "${NPM[@]}"; do
  archive=$(cd "$downloads" && npm pack --silent "$spec" | tail -1)
  dir=$corpus/npm/${archive%.tgz}
  mkdir -p "$dir" && tar -xzf "$downloads/$archive" -C "$dir"
done
stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
mkdir -p "$corpus/python-stdlib"
(cd "$stdlib" && tar -cf - --exclude=site-packages --exclude=__pycache__ .) |
  tar -xf - -C "$corpus/python-stdlib"
echo "$want" >"$stamp"
echo "build.sh: $(du -sm "$corpus" | cut -f1) MB in $corpus" >&2

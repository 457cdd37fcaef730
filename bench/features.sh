#!/usr/bin/env bash
# Benchmark of `krt features` (issue: the full report for 5 zoo toolchains on Debian's 6.12 tree
# in <= 1.5 s wall with warm caches, also when the tree is read from its tarball with a warm
# index). hyperfine; needs the zoo (scripts/toolchain-zoo.sh). Results in bench/results/.
#
#   bench/features.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-10}
ZOO=${KRT_ZOO:-/tmp/krt-zoo}
OUT=bench/results
mkdir -p "$OUT"
[ -f "$ZOO/.complete" ] || { echo "bench: no zoo at $ZOO (run scripts/toolchain-zoo.sh)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine not installed (apt install hyperfine)" >&2; exit 2; }
./krt --version >/dev/null
BC=$(mktemp -d /tmp/krt-bench-features.XXXXXX)
trap 'rm -rf "$BC"' EXIT
TCS=(--toolchains "$ZOO/toolchains.toml" --toolchain rustc-1.63 rustc-web-1.85 rustup-stable rustc-web-1.96 rustup-nightly)
ENV=(env -i "PATH=/usr/local/bin:/usr/bin:/bin" "HOME=$HOME" "XDG_CACHE_HOME=$BC")
q() { printf '%q ' "$@"; }
# Warm every cache once: the tarball index and scan, every compiler's answers.
"${ENV[@]}" ./krt features --kernel /usr/src/linux-source-6.12.tar.xz "${TCS[@]}" >/dev/null
"${ENV[@]}" ./krt features --kernel "$ZOO/kernels/linux-source-6.12" "${TCS[@]}" >/dev/null
hyperfine -N -w 2 -r "$RUNS" --export-markdown "$OUT/features.md" --export-json "$OUT/features.json" \
  -n "krt features, 5 toolchains, 6.12 tree (warm)" "$(q "${ENV[@]}" ./krt features --kernel "$ZOO/kernels/linux-source-6.12" "${TCS[@]}")" \
  -n "krt features, 5 toolchains, 6.12 tarball (warm)" "$(q "${ENV[@]}" ./krt features --kernel /usr/src/linux-source-6.12.tar.xz "${TCS[@]}")" \
  -n "krt features, 5 toolchains, 6.12 tree, cold compilers (--no-cache)" "$(q "${ENV[@]}" ./krt features --kernel "$ZOO/kernels/linux-source-6.12" "${TCS[@]}" --no-cache)"

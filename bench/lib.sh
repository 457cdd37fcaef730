# What every benchmark here needs, sourced by each script: the repository root, the zoo and its
# 6.12 tree, hyperfine, krt built (jar and CDS archive), a results directory, and q (shell quoting
# of a command line for hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ZOO=${KRT_ZOO:-/tmp/krt-zoo}
K612=$ZOO/kernels/linux-source-6.12
OUT=$ROOT/bench/results
mkdir -p "$OUT"
[ -f "$ZOO/.complete" ] || { echo "bench: no zoo at $ZOO (run scripts/toolchain-zoo.sh)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench: hyperfine not installed (apt install hyperfine)" >&2; exit 2; }
./krt --version >/dev/null   # build the jar and the CDS archive first
q() { printf '%q ' "$@"; }

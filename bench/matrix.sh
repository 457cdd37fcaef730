#!/usr/bin/env bash
# Benchmark of `krt matrix run` (issue 5) against its anchor: the same make commands run by hand.
# Needs the zoo (sudo scripts/toolchain-zoo.sh). A build takes minutes, so each case runs once
# (ROUNDS=N for more); results go to bench/results/matrix.md.
#
#   bench/matrix.sh
#
# 1. overhead: one cell (6.12, rustc-web-1.85 + bindgen 0.71.1 + LLVM=-19: rustavailable, defconfig
#    + CONFIG_RUST=y, make -j2 rust/, rust_minimal.o) by hand vs `krt matrix run --force`;
# 2. both cores busy: two cells with --jobs 2 (make -j1 each): CPU% of the whole run;
# 3. a second run of the unchanged matrix (every cell reused).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ZOO=${KRT_ZOO:-/tmp/krt-zoo}
ROUNDS=${ROUNDS:-1}
K=$ZOO/kernels/linux-source-6.12
B=$ZOO/bin
OUT=$ROOT/bench/results
mkdir -p "$OUT"
[ -f "$ZOO/.complete" ] || { echo "bench: no zoo at $ZOO (run scripts/toolchain-zoo.sh)" >&2; exit 2; }
./krt --version >/dev/null
W=$(mktemp -d /tmp/krt-bench-matrix.XXXXXX)
trap 'rm -rf "$W"' EXIT
export XDG_DATA_HOME=$W/data XDG_CACHE_HOME=$W/cache KRT_DB=jdbc:sqlite:$W/krt.db
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

matrix() { # toolchains
  cat > "$W/m.yaml" <<YAML
kernels: [{name: "6.12", source: $K}]
toolchains-file: $ZOO/toolchains.toml
toolchains: [$1]
configs: [{name: rust, base: defconfig, fragments: [CONFIG_RUST=y, CONFIG_SAMPLES=y, CONFIG_SAMPLES_RUST=y, CONFIG_SAMPLE_RUST_MINIMAL=m]}]
steps: [rustavailable, config, rust, {name: samples, targets: [samples/rust/rust_minimal.o]}]
YAML
}

by_hand() {
  local O=$W/hand
  rm -rf "$O"
  local MK=(make -C "$K" O="$O" ARCH=x86_64 RUSTC=$B/rustc-web-1.85/rustc HOSTRUSTC=$B/rustc-web-1.85/rustc
    RUSTDOC=$B/rustc-web-1.85/rustdoc RUSTFMT=$B/rustc-web-1.85/rustfmt CLIPPY_DRIVER=$B/rustc-web-1.85/clippy-driver
    BINDGEN=$B/bindgen-0.71.1-lc19/bindgen LLVM=-19)
  (export PATH=$B/rustc-web-1.85:$PATH LC_ALL=C
   "${MK[@]}" rustavailable && "${MK[@]}" defconfig &&
   bash "$K/scripts/config" --file "$O/.config" --enable RUST --enable SAMPLES --enable SAMPLES_RUST --module SAMPLE_RUST_MINIMAL &&
   "${MK[@]}" olddefconfig && "${MK[@]}" -j2 rust/ && "${MK[@]}" -j2 samples/rust/rust_minimal.o) > "$W/hand.log" 2>&1
}

{
echo "# krt matrix run — $(date -u +%Y-%m-%d) on $(nproc) cores"
echo
echo "| case | wall | note |"
echo "|---|---|---|"
matrix rustc-web-1.85
for r in $(seq "$ROUNDS"); do
  t0=$(now); by_hand; t1=$(now)
  hand=$(secs "$t0" "$t1")
  t0=$(now); ./krt matrix run "$W/m.yaml" --force --format json > "$W/run.json" || true; t1=$(now)
  krt=$(secs "$t0" "$t1")
  cell=$(python3 -c "import json;print(json.load(open('$W/run.json'))['cells'][0]['duration_ms']/1000)")
  steps=$(python3 -c "import json;print(sum(s['duration_ms'] for s in json.load(open('$W/run.json'))['cells'][0]['steps'])/1000)")
  echo "| one cell by hand (anchor) | ${hand} s | the same make commands in a shell |"
  echo "| one cell, \`krt matrix run --force\` | ${krt} s | ratio $(awk -v a="$krt" -v b="$hand" 'BEGIN{printf "%.3f", a/b}'); cell ${cell} s, its steps ${steps} s; the rest is JVM start, planning (probing, tree digest) |"
done
matrix "rustc-web-1.85, rustc-web-1.96"
/usr/bin/time -f '%e %P' -o "$W/time" ./krt matrix run "$W/m.yaml" --force --jobs 2 > /dev/null || true
read -r wall cpu < "$W/time"
echo "| two cells, \`--jobs 2\` (make -j1 each) | ${wall} s | CPU ${cpu} of 200% |"
/usr/bin/time -f '%e %P' -o "$W/time" ./krt matrix run "$W/m.yaml" > /dev/null || true
read -r wall cpu < "$W/time"
echo "| second run, unchanged (2 cells reused) | ${wall} s | |"
} | tee "$OUT/matrix.md"

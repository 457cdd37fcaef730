#!/usr/bin/env bash
# Benchmark of `krt check --config defconfig` against what it replaces: the kernel developer's own
# `make defconfig`, `scripts/config --enable RUST`, `make olddefconfig` in a fresh O= (hyperfine;
# needs the zoo: scripts/toolchain-zoo.sh). Results go to bench/results/kconfig.{md,json}.
#
#   bench/kconfig.sh [RUNS]     (default 5 runs per command; each make run is seconds)
#
# Anchor (issue 13): the three make steps above, on Debian's 6.12 tree, rustc-web-1.96,
# bindgen 0.71.1 (libclang 19), LLVM=-19. "cold" clears krt's Kconfig answers (its probe cache
# stays warm, to time the Kconfig part); "warm" asks again.
. "$(dirname "$0")/lib.sh"
RUNS=${1:-5}
RUSTC=$ZOO/bin/rustc-web-1.96/rustc
BINDGEN=$ZOO/bin/bindgen-0.71.1-lc19/bindgen
BC=$(mktemp -d /tmp/krt-bench-cache.XXXXXX)
O=$(mktemp -d /tmp/krt-bench-o.XXXXXX)
trap 'rm -rf "$BC" "$O"' EXIT
ENV=(env -i "PATH=/usr/local/bin:/usr/bin:/bin" "HOME=$HOME" "XDG_CACHE_HOME=$BC")
ONE=(--kernel "$K612" --rustc "$RUSTC" --bindgen "$BINDGEN" --cc clang-19 --config defconfig)
VARS="ARCH=x86_64 RUSTC=$RUSTC BINDGEN=$BINDGEN LLVM=-19"
makes="rm -rf $O/x && mkdir -p $O/x && make -s -C $K612 O=$O/x $VARS defconfig && bash $K612/scripts/config --file $O/x/.config --enable RUST && make -s -C $K612 O=$O/x $VARS olddefconfig"

"${ENV[@]}" ./krt check "${ONE[@]}" >/dev/null || true   # warm the probe cache
echo "== krt check --config defconfig vs make defconfig + scripts/config + make olddefconfig" >&2
hyperfine -N -w 1 -r "$RUNS" -i --export-markdown "$OUT/kconfig.md" --export-json "$OUT/kconfig.json" \
  --prepare true --prepare "rm -rf $BC/krt/kconfig" --prepare true \
  -n "make defconfig + olddefconfig" "sh -c '$makes'" \
  -n "krt check --config defconfig (cold)" "$(q "${ENV[@]}" ./krt check "${ONE[@]}")" \
  -n "krt check --config defconfig (warm)" "$(q "${ENV[@]}" ./krt check "${ONE[@]}")"

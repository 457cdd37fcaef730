#!/usr/bin/env bash
# Benchmarks of `krt check` against the kernel's own checker (hyperfine; needs the zoo:
# sudo scripts/toolchain-zoo.sh). Results go to bench/results/ as markdown and JSON.
#
#   bench/check.sh [RUNS]     (default 10 runs per command)
#
# Anchors (issue 2): `sh scripts/rust_is_available.sh` on the same toolchain and tree, and
# `tar -xJf` of the same few files from Debian's tarball.
. "$(dirname "$0")/lib.sh"
RUNS=${1:-10}
TARBALL=/usr/src/linux-source-6.12.tar.xz
RUSTC=$ZOO/bin/rustc-web-1.96/rustc
BINDGEN=$ZOO/bin/bindgen-0.71.1-lc19/bindgen

BC=$(mktemp -d /tmp/krt-bench-cache.XXXXXX)
EX=$(mktemp -d /tmp/krt-bench-extract.XXXXXX)
trap 'rm -rf "$BC" "$EX"' EXIT
ENV=(env -i "PATH=/usr/local/bin:/usr/bin:/bin" "HOME=$HOME" "XDG_CACHE_HOME=$BC")
ONE=(--kernel "$K612" --rustc "$RUSTC" --bindgen "$BINDGEN" --cc clang-19 --rustdoc "$ZOO/bin/rustc-web-1.96/rustdoc" --rustfmt "$ZOO/bin/rustc-web-1.96/rustfmt" --clippy-driver "$ZOO/bin/rustc-web-1.96/clippy-driver")
script="cd $K612 && env -i PATH=/usr/local/bin:/usr/bin:/bin RUSTC=$RUSTC BINDGEN=$BINDGEN CC=clang-19 sh scripts/rust_is_available.sh"

echo "== one toolchain: kernel script vs krt check (cold and warm probe cache)" >&2
# hyperfine takes --prepare once for all commands or once per command, in order.
hyperfine -N -w 2 -r "$RUNS" --export-markdown "$OUT/check-one.md" --export-json "$OUT/check-one.json" \
  --prepare true --prepare "rm -rf $BC/krt" --prepare true \
  -n "kernel script" "sh -c '$script'" \
  -n "krt check (cold cache)" "$(q "${ENV[@]}" ./krt check "${ONE[@]}")" \
  -n "krt check (warm cache)" "$(q "${ENV[@]}" ./krt check "${ONE[@]}")"

echo "== all zoo toolchains: krt check --all vs one script run" >&2
hyperfine -N -w 1 -r "$RUNS" -i --export-markdown "$OUT/check-all.md" --export-json "$OUT/check-all.json" \
  --prepare true --prepare "rm -rf $BC/krt" --prepare true \
  -n "kernel script (one toolchain)" "sh -c '$script'" \
  -n "krt check --all (cold cache)" "$(q "${ENV[@]}" ./krt check --kernel "$K612" --all --toolchains "$ZOO/toolchains.toml")" \
  -n "krt check --all (warm cache)" "$(q "${ENV[@]}" ./krt check --kernel "$K612" --all --toolchains "$ZOO/toolchains.toml")"

echo "== reading a kernel straight from Debian's tarball" >&2
FILES=(linux-source-6.12/Makefile linux-source-6.12/scripts/min-tool-version.sh linux-source-6.12/scripts/rust_is_available.sh linux-source-6.12/scripts/cc-version.sh
       linux-source-6.12/scripts/rust_is_available_bindgen_libclang.h linux-source-6.12/scripts/rust_is_available_bindgen_0_66.h
       linux-source-6.12/scripts/rust_is_available_bindgen_libclang_concat.h linux-source-6.12/scripts/rust_is_available_bindgen_libclang_22.h)
hyperfine -N -w 1 -r "$(( RUNS < 5 ? RUNS : 5 ))" --export-markdown "$OUT/tarball.md" --export-json "$OUT/tarball.json" \
  --prepare "sh -c 'rm -rf $EX/x && mkdir -p $EX/x'" --prepare "rm -rf $BC/krt" --prepare true \
  -n "tar -xJf (the same few files)" "tar -C $EX/x -xJf $TARBALL ${FILES[*]}" \
  -n "krt kernel --kernel tarball (cold)" "$(q "${ENV[@]}" ./krt kernel --kernel "$TARBALL")" \
  -n "krt kernel --kernel tarball (warm)" "$(q "${ENV[@]}" ./krt kernel --kernel "$TARBALL")"

echo "== JVM start-up floor" >&2
hyperfine -N -w 2 -r "$RUNS" --export-markdown "$OUT/startup.md" \
  -n "krt --version" "./krt --version" \
  -n "krt check, built-in policy, warm" "$(q "${ENV[@]}" ./krt check --rustc "$RUSTC" --bindgen "$BINDGEN" --cc clang-19)"

cat "$OUT"/check-one.md "$OUT"/check-all.md "$OUT"/tarball.md "$OUT"/startup.md

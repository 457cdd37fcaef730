#!/usr/bin/env bash
# Benchmark of the build farm against a local run of the same cells (hyperfine; needs the zoo
# and the test PostgreSQL: scripts/toolchain-zoo.sh, scripts/test-services.sh). Results go to
# bench/results/farm.md and bench/results/farm-kill.txt.
#
#   bench/farm.sh [RUNS]     (default 1 run per command: each builds real Rust cells, minutes)
#
# Anchor (issue 14): `krt matrix run` of the same real `rust` cells on this machine. The farm
# side is `krt matrix run --farm` with one `krt worker --jobs 1` here, so both build one cell at a
# time with make -j of all cores: the difference is what the farm adds (queueing, JobRunr's poll,
# the worker's own plan, the log upload). Then: the time from `kill -9` of the worker building a
# cell to that cell running on the other worker.
. "$(dirname "$0")/lib.sh"
RUNS=${1:-1}
PGURL=$(cat "${KRT_PG_ROOT:-/tmp/krt-pg}/url" 2>/dev/null) || { echo "bench: no PostgreSQL (run scripts/test-services.sh)" >&2; exit 2; }
PSQL=(psql -qtA -h 127.0.0.1 -p "${KRT_PG_PORT:-55432}" -U krt -d krt_test)
SCHEMA=bench_farm_$$
W=$(mktemp -d /tmp/krt-bench-farm.XXXXXX)
"${PSQL[@]}" -c "CREATE SCHEMA $SCHEMA"
DB="$PGURL&currentSchema=$SCHEMA"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "${PSQL[@]}" -c "DROP SCHEMA $SCHEMA CASCADE" || true
  rm -rf "$W"
}
trap cleanup EXIT
cat > "$W/matrix.yaml" <<YAML
kernels:
  - name: "6.12"
    source: $K612
toolchains: [rustc-web-1.85, rustc-web-1.96]
configs:
  - {name: rust, base: defconfig, fragments: [CONFIG_RUST=y]}
steps: [rustavailable, config, rust]
YAML
ENV=(env -i "PATH=/usr/local/bin:/usr/bin:/bin" "HOME=$W" "XDG_CACHE_HOME=$W/cache" "KRT_TOOLCHAINS=$ZOO/toolchains.toml")
worker() { # NAME: a worker with its own data directory, in the background
  "${ENV[@]}" "XDG_DATA_HOME=$W/$1" ./krt worker --db "$DB" --name "$1" --jobs 1 > "$W/$1.out" 2>&1 &
  PIDS+=($!)
  until grep -q "taking cells" "$W/$1.out"; do sleep 0.2; done
}
worker bench-a
# Warm what both sides would otherwise pay once: toolchain probes, the tree's digest, the page cache.
sed 's/steps: .*/steps: [rustavailable]/' "$W/matrix.yaml" > "$W/warm.yaml"
"${ENV[@]}" "XDG_DATA_HOME=$W/local" ./krt matrix run "$W/warm.yaml" --force >/dev/null || true

# Build times vary by several percent from run to run, more than the overhead to measure; so each
# run's overhead is its wall time minus the time its cells took to build (their duration_ms), and
# the farm's cost per cell is the difference of the two overheads.
echo "== local matrix run vs farm run of 2 real rust cells (6.12, rustc-web-1.85 and 1.96), $RUNS run(s) each" >&2
measure() { # LABEL KRT-ARGS...: one run; prints LABEL WALL_S CELLS_S CELLS
  local label=$1; shift
  local t0 t1 json
  t0=$(date +%s.%N)
  json=$("${ENV[@]}" "XDG_DATA_HOME=$W/local" ./krt matrix run "$W/matrix.yaml" --force --format json "$@" || true)
  t1=$(date +%s.%N)
  echo "$label $(echo "$t1 - $t0" | bc) $(jq '[.cells[].duration_ms] | add / 1000' <<<"$json") $(jq '.cells | length' <<<"$json")"
}
{
  for i in $(seq "$RUNS"); do
    measure local
    measure farm --db "$DB" --farm
  done
} | tee "$W/times.txt"
awk '
  { wall[$1] += $2; build[$1] += $3; cells[$1] += $4; n[$1]++ }
  END {
    lo = (wall["local"] - build["local"]) / n["local"]; fo = (wall["farm"] - build["farm"]) / n["farm"]
    c = cells["farm"] / n["farm"]; b = build["farm"] / n["farm"] / c
    print "| run | wall | cells building | overhead (wall - cells) |"
    print "|---|---|---|---|"
    printf "| local (anchor) | %.1f s | %.1f s | %.1f s |\n", wall["local"] / n["local"], build["local"] / n["local"], lo
    printf "| farm, 1 worker | %.1f s | %.1f s | %.1f s |\n", wall["farm"] / n["farm"], build["farm"] / n["farm"], fo
    printf "\nfarm overhead per cell: %.2f s = %.2f %% of a cell'"'"'s build (%.1f s)\n", (fo - lo) / c, 100 * (fo - lo) / c / b, b
  }' "$W/times.txt" | tee "$OUT/farm.md"

echo "== kill -9 of the worker building a cell, to the cell running on another" >&2
worker bench-b
sed -i 's/toolchains: .*/toolchains: [rustc-web-1.96]/' "$W/matrix.yaml"
RUN=$("${ENV[@]}" ./krt matrix run "$W/matrix.yaml" --db "$DB" --farm --force --no-wait)
q1() { "${PSQL[@]}" -c "SET search_path TO $SCHEMA; $1"; }
until [ -n "$(q1 "SELECT worker FROM cells WHERE run_id = '$RUN' AND status = 'running'")" ]; do sleep 0.2; done
HOLDER=$(q1 "SELECT worker FROM cells WHERE run_id = '$RUN'")
sleep 10   # mid-cell
PID=$(pgrep -f "worker --db .* --name $HOLDER" | head -n 1)
T0=$(date +%s.%N)
kill -9 "$PID"
until [ "$(q1 "SELECT worker FROM cells WHERE run_id = '$RUN' AND status = 'running'")" != "$HOLDER" ] \
  && [ -n "$(q1 "SELECT worker FROM cells WHERE run_id = '$RUN' AND status = 'running'")" ]; do sleep 0.2; done
T1=$(date +%s.%N)
echo "kill -9 of $HOLDER to the cell running on $(q1 "SELECT worker FROM cells WHERE run_id = '$RUN'"): $(echo "$T1 - $T0" | bc) s" | tee "$OUT/farm-kill.txt"

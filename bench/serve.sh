#!/usr/bin/env bash
# Benchmark of `krt serve` (issue 6): with 10,000 cells stored, the matrix API under 50 concurrent
# clients (wrk from Debian: scripts/test-services.sh installs it). Target: p99 <= 50 ms.
# Results go to bench/results/serve.md.
#
#   bench/serve.sh [SECONDS]      (default 20 s per case)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECS=${1:-20}
OUT=$ROOT/bench/results
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "bench: wrk not installed (sudo scripts/test-services.sh)" >&2; exit 2; }
./krt --version >/dev/null
W=$(mktemp -d /tmp/krt-bench-serve.XXXXXX)
PORT=${PORT:-18080}
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
export XDG_DATA_HOME=$W/data XDG_CACHE_HOME=$W/cache KRT_DB=jdbc:sqlite:$W/krt.db
./krt matrix runs > /dev/null          # creates the store (Flyway)

# 10 kernels x 50 toolchains x 2 arches x 10 configs = 10,000 finished cells, 1 in 7 failed.
python3 - "$W/krt.db" <<'PY'
import sqlite3, sys, hashlib, time
db = sqlite3.connect(sys.argv[1])
now = int(time.time() * 1000)
db.execute("INSERT INTO runs (id, created_at, finished_at, status, spec_path, spec_text, jobs, host) VALUES ('bench', ?, ?, 'done', 'bench.yaml', '', 2, 'bench')", (now, now))
rows = []
i = 0
for k in range(10):
  for t in range(50):
    for a in ("x86_64", "arm64"):
      for c in range(10):
        key = hashlib.sha256(f"{k}{t}{a}{c}".encode()).hexdigest()
        fail = i % 7 == 0
        meta = '{"results":{"first_error_line":42,"warnings":[]}}'
        rows.append(("bench", key, i, f"6.{k}", f"rustc-1.{70+t}", a, f"config{c}", "rustavailable,config,rust",
                     "fail" if fail else "pass", now - 90000, now, 81234 + i,
                     "rust" if fail else None, "rustc-error" if fail else None,
                     "error[E0425]: cannot find value `x` in this scope" if fail else None, None, meta))
        i += 1
db.executemany("INSERT INTO cells (run_id, cell_key, ordinal, kernel, toolchain, arch, config, steps, status, started_at, finished_at, duration_ms, failed_step, classification, first_error, log_path, metadata_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
db.commit()
print(f"stored {i} cells", file=sys.stderr)
PY

./krt serve --port "$PORT" > "$W/serve.log" 2>&1 &
PID=$!
for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$PORT/api" 2>/dev/null && break; sleep 0.2; done
size=$(curl -s "http://127.0.0.1:$PORT/api/runs/bench" | wc -c)
gz=$(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/api/runs/bench" | wc -c)
gsize=$(curl -s "http://127.0.0.1:$PORT/api/runs/bench/matrix" | wc -c)
ggz=$(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/api/runs/bench/matrix" | wc -c)
curl -s -o /dev/null "http://127.0.0.1:$PORT/runs/bench"   # warm up

row() { # name url [extra wrk args]
  local name=$1 url=$2; shift 2
  wrk -t2 -c50 -d5s "$@" "$url" > /dev/null 2>&1   # warm-up: the JIT compiles the path first
  wrk -t2 -c50 -d"${SECS}s" --latency "$@" "$url" > "$W/wrk.txt" 2>&1
  local p50 p99 rps
  p50=$(awk '/^ +50%/ {print $2}' "$W/wrk.txt"); p99=$(awk '/^ +99%/ {print $2}' "$W/wrk.txt"); rps=$(awk '/^Requests\/sec/ {print $2}' "$W/wrk.txt")
  echo "| $name | $p50 | **$p99** | $rps |"
}
{
echo "# krt serve — $(date -u +%Y-%m-%d), $(nproc) cores, 10,000 cells, wrk -t2 -c50 -d${SECS}s after a 5 s warm-up"
echo
echo "Responses: /api/runs/bench/matrix $gsize bytes ($ggz gzip); /api/runs/bench $size bytes ($gz gzip)."
echo
echo "| request | p50 | p99 | requests/s |"
echo "|---|---|---|---|"
row "GET /api/runs/bench/matrix (the grid), gzip" "http://127.0.0.1:$PORT/api/runs/bench/matrix" -H "Accept-Encoding: gzip"
row "GET /api/runs/bench/matrix (the grid), identity" "http://127.0.0.1:$PORT/api/runs/bench/matrix"
row "GET /api/runs/bench (full cell list), gzip" "http://127.0.0.1:$PORT/api/runs/bench" -H "Accept-Encoding: gzip"
row "GET /api/runs/bench (full cell list), identity" "http://127.0.0.1:$PORT/api/runs/bench"
row "GET /api/runs (run list with counts)" "http://127.0.0.1:$PORT/api/runs"
row "GET /api/runs/bench/cells/KEY" "http://127.0.0.1:$PORT/api/runs/bench/cells/$(python3 -c "import hashlib;print(hashlib.sha256(b'00x86_640').hexdigest())")"
} | tee "$OUT/serve.md"

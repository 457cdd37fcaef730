#!/usr/bin/env bash
# Starts the services krt's tests use, with nothing but Debian packages: a private PostgreSQL
# cluster on 127.0.0.1:${KRT_PG_PORT:-55432} (database krt_test, user krt, trust authentication,
# data under ${KRT_PG_ROOT:-/tmp/krt-pg}). Idempotent: a running cluster is left as it is.
# Also installs what the krt serve tests and benchmark drive: chromium and chromedriver (Selenium)
# and wrk; iproute2 for the farm tests' network namespaces; QEMU for the kunit step's boots.
# Writes the JDBC URL to $KRT_PG_ROOT/url, where the tests look for it (or set KRT_TEST_PG).
#
#   sudo scripts/test-services.sh          # start (installs postgresql with apt when missing)
#   scripts/test-services.sh --stop        # stop the cluster
set -euo pipefail
ROOT=${KRT_PG_ROOT:-/tmp/krt-pg}
PORT=${KRT_PG_PORT:-55432}
log() { echo "services: $*" >&2; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
BIN=$(bindir)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  [ "$(id -u)" = 0 ] || { log "PostgreSQL is not installed; run as root to install it"; exit 1; }
  log "installing postgresql (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
  BIN=$(bindir)
fi
# The browser for krt serve's real-browser tests, and wrk for its benchmark.
if ! command -v chromedriver >/dev/null || ! command -v chromium >/dev/null || ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] || { log "chromium, chromedriver or wrk missing; run as root to install them"; exit 1; }
  log "installing chromium, chromium-driver and wrk (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver wrk fonts-dejavu-core >/dev/null
fi

# The kunit step boots kernels with QEMU (kunit.py's x86_64 config uses qboot, in qemu-system-data).
if ! command -v qemu-system-x86_64 >/dev/null || ! command -v python3 >/dev/null; then
  [ "$(id -u)" = 0 ] || { log "qemu-system-x86_64 or python3 missing; run as root to install them"; exit 1; }
  log "installing qemu-system-x86 and python3 (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends qemu-system-x86 python3 >/dev/null
fi

# The farm tests' test hosts: network namespaces and veth pairs (iproute2).
if ! command -v ip >/dev/null; then
  [ "$(id -u)" = 0 ] || { log "ip (iproute2) missing; run as root to install it"; exit 1; }
  log "installing iproute2 (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends iproute2 >/dev/null
fi

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user apt created.
as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

if [ "${1:-}" = --stop ]; then
  as_pg "$BIN/pg_ctl" -D "$ROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  log "stopped"
  exit 0
fi

install -d -o postgres -m 0755 "$ROOT"
if [ ! -f "$ROOT/data/PG_VERSION" ]; then
  rm -rf "$ROOT/data"
  install -d -o postgres -m 0700 "$ROOT/data"
  as_pg "$BIN/initdb" -D "$ROOT/data" -U krt -A trust -E UTF8 --no-instructions >/dev/null
  log "initialised a cluster in $ROOT/data"
fi
if ! as_pg "$BIN/pg_ctl" -D "$ROOT/data" status >/dev/null 2>&1; then
  as_pg "$BIN/pg_ctl" -D "$ROOT/data" -l "$ROOT/log" -w -t 60 \
    -o "-p $PORT -k $ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  log "started PostgreSQL on 127.0.0.1:$PORT"
fi
if ! as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U krt -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'krt_test'" | grep -q 1; then
  as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U krt krt_test
  log "created database krt_test"
fi
echo "jdbc:postgresql://127.0.0.1:$PORT/krt_test?user=krt" > "$ROOT/url"
log "ready: $(cat "$ROOT/url")"

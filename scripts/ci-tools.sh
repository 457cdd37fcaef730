#!/usr/bin/env bash
# Installs the npm tools krt's tests drive, pinned by scripts/ci-tools/package-lock.json:
# gitlab-ci-local 4.65.0 (runs a generated .gitlab-ci.yml locally, shell executor) and
# @action-validator/cli + core 0.6.0 (checks a generated GitHub workflow; WASM, offline).
# Installs into ${KRT_TOOLS:-/tmp/krt-tools} with `npm ci` from the committed lockfile.
# Idempotent: when $KRT_TOOLS/.stamp holds the lockfile's sha256 and both binaries exist,
# nothing is fetched. Needs node >= 20 and npm. Prints the two binaries' paths at the end.
#
#   scripts/ci-tools.sh                    # install or confirm, then print the paths
#   KRT_TOOLS=/some/dir scripts/ci-tools.sh
#
# To change a version: edit scripts/ci-tools/package.json, then in that folder run
# `npm install --package-lock-only` and commit both files.
set -eu
SRC=$(cd "$(dirname "$0")/ci-tools" && pwd)
TOOLS=${KRT_TOOLS:-/tmp/krt-tools}
log() { echo "ci-tools: $*" >&2; }

command -v node >/dev/null || { log "node not found (need node >= 20)"; exit 1; }
command -v npm >/dev/null || { log "npm not found (need npm with node >= 20)"; exit 1; }
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" -ge 20 ] || { log "node $(node --version) is too old: need node >= 20"; exit 1; }

GCL=$TOOLS/node_modules/.bin/gitlab-ci-local
AV=$TOOLS/node_modules/.bin/action-validator
WANT=$(sha256sum "$SRC/package-lock.json" | cut -d' ' -f1)

if [ "$(cat "$TOOLS/.stamp" 2>/dev/null || true)" = "$WANT" ] && [ -x "$GCL" ] && [ -x "$AV" ]; then
  log "up to date in $TOOLS"
else
  log "installing into $TOOLS (npm ci)"
  mkdir -p "$TOOLS"
  rm -f "$TOOLS/.stamp"
  cp "$SRC/package.json" "$SRC/package-lock.json" "$TOOLS/"
  (cd "$TOOLS" && timeout 600 npm ci --no-audit --no-fund --loglevel=error \
      --fetch-timeout=60000 --fetch-retries=3 >/dev/null) \
    || { log "npm ci failed (or timed out) in $TOOLS"; exit 1; }
  [ -x "$GCL" ] && [ -x "$AV" ] || { log "npm ci finished but a binary is missing"; exit 1; }
  # Both run offline; a quick start proves the install is whole.
  timeout 60 "$GCL" --version >/dev/null || { log "gitlab-ci-local does not start"; exit 1; }
  timeout 60 "$AV" --help >/dev/null 2>&1 || { log "action-validator does not start"; exit 1; }
  echo "$WANT" > "$TOOLS/.stamp"
  log "installed gitlab-ci-local $("$GCL" --version) and action-validator 0.6.0"
fi
echo "$GCL"
echo "$AV"

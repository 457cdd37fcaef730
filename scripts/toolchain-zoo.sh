#!/usr/bin/env bash
# scripts/toolchain-zoo.sh -- krt's zoo of REAL Rust toolchains and kernel trees.
#
#   scripts/toolchain-zoo.sh            build or update the zoo (idempotent; root needed
#                                       for apt and for repairing /dev/null)
#   scripts/toolchain-zoo.sh --check    exit 0 if the zoo is complete, else list what is
#                                       missing (one per line) and exit 1
#
# Root: ZOO=${KRT_ZOO:-/tmp/krt-zoo}.  Everything comes from Debian's archive:
#   * bookworm packages (the system's own apt sources): kernel sources, clang/lld/llvm
#     14/19/22, build deps;
#   * bullseye, trixie, trixie-backports, sid (and bookworm, bookworm-security again)
#     ONLY through a private apt config under $ZOO/apt, `apt-get download` +
#     `dpkg-deb -x` into $ZOO/roots/<name>.  The system's sources are never touched.
# Result: $ZOO/kernels/linux-source-{6.12,6.1}, wrappers $ZOO/bin/<id>/<tool>,
# $ZOO/toolchains.toml, $ZOO/versions.txt, $ZOO/.complete.  See scripts/zoo-README.md
# and ../shared/reference/toolchain-zoo.md for the facts behind the tables below.
#
# Never run `rustc ... -o /dev/null` here: as root, rustc renames its output onto
# /dev/null and turns it into a regular file (repaired by fix_devnull below).
set -euo pipefail
shopt -s nullglob
umask 022

ZOO_FORMAT=1
ZOO=${KRT_ZOO:-/tmp/krt-zoo}
ARCHLIB=usr/lib/x86_64-linux-gnu
HOST_PATH=/usr/local/bin:/usr/bin:/bin
RUSTUP_TC=${RUSTUP_HOME:-${HOME:-/nonexistent}/.rustup}/toolchains
SELF=$(readlink -f "${BASH_SOURCE[0]}")

# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------
KERNELS=(6.12 6.1)

SYSTEM_PACKAGES=(
  linux-source-6.12 linux-source-6.1
  clang-14 clang-19 clang-22 lld-14 lld-19 lld-22 llvm-14 llvm-19 llvm-22
  libclang1-14 libclang1-19 libclang1-22
  make gcc libc6-dev bc flex bison libelf-dev libssl-dev cpio kmod rsync python3
  xz-utils hyperfine git
)

# Private apt sources: "<archive path> <suite>" on deb.debian.org.
APT_SOURCES=(
  "debian bookworm" "debian-security bookworm-security"
  "debian bullseye" "debian-security bullseye-security"
  "debian trixie" "debian trixie-backports" "debian sid"
)

# Prefixes: "<name> <suite> <package>...".  A name that ends in a version (rustc-web-1.96,
# bindgen-0.72.1) pins its first package to that upstream version: the newest such build in
# the suite is taken, and when the suite no longer has one the script stops and says so.
# The other packages take the first one's Debian version where the suite has it, else the
# suite's newest.  `pkg?` = optional: skipped with a note unless it is exactly the first
# package's version (rustfmt and clippy must match their rustc).  `pkg=V` = Debian version V,
# `pkg~U` = the newest build of upstream version U (or U.*).
ROOTS=(
  "rustc-1.48      bullseye          rustc libstd-rust-1.48 libstd-rust-dev rust-src rustfmt? rust-clippy?"
  "rustc-1.63      bookworm          rustc libstd-rust-1.63 libstd-rust-dev rust-src rustfmt? rust-clippy?"
  "rustc-web-1.78  bullseye          rustc-web libstd-rust-web-1.78 libstd-rust-web-dev rust-web-src rustfmt-web? rust-web-clippy? libllvm16 libffi7"
  "rustc-web-1.85  bookworm          rustc-web libstd-rust-web-1.85 libstd-rust-web-dev rust-web-src rustfmt-web? rust-web-clippy?"
  "rustc-web-1.96  bookworm-security rustc-web libstd-rust-web-1.96 libstd-rust-web-dev rust-web-src rustfmt-web? rust-web-clippy?"
  "rustc-1.85.1    trixie            rustc libstd-rust-1.85 libstd-rust-dev rust-src rustfmt? rust-clippy?"
  "bindgen-0.55.1  bullseye          bindgen"
  "bindgen-0.60.1  bookworm          bindgen"
  "bindgen-0.71.1  trixie            bindgen"
  "bindgen-0.72.1  sid               bindgen"
  "trixie-libc     trixie            libc6 libgcc-s1 libstdc++6"
  "sid-libc        sid               libc6 libgcc-s1 libstdc++6"
  "libclang-9      bullseye          libclang1-9 libllvm9 libffi7"
  "libclang-11     bullseye          libclang1-11 libllvm11 libffi7"
  "libclang-13     bullseye          libclang1-13 libllvm13 libffi7"
)

# Debian rustc wrappers: "<id> <root> <runner> <extra lib root|->".
#   runner host   = LD_LIBRARY_PATH=<root libdir>[:<extra libdir>] (Debian's rustc has no RUNPATH)
#   runner trixie = trixie's ld.so --library-path (binary needs GLIBC_2.38/2.39)
RUSTCS=(
  "rustc-1.48      rustc-1.48      host    libclang-11"   # libLLVM-11 from bullseye
  "rustc-1.63      rustc-1.63      host    -"
  "rustc-web-1.78  rustc-web-1.78  host    -"
  "rustc-web-1.85  rustc-web-1.85  host    -"
  "rustc-web-1.96  rustc-web-1.96  host    -"
  "rustc-1.85.1    rustc-1.85.1    trixie  -"
)
RUST_TOOLS=(rustc rustdoc rustfmt clippy-driver)   # rustc + rustdoc mandatory
RUSTUP_CHANNELS=(stable nightly)                   # $RUSTUP_TC/<ch>-x86_64-unknown-linux-gnu
# Debian rust-src for a rustup channel (its RUST_LIB_SRC): roots rust-src-<ch>, added at run
# time from the channel's own `rustc --version`, since rustup's toolchains are whatever this
# machine has: "<channel> <suites, first match wins> <match: exact X.Y.Z | minor X.Y>".
RUSTUP_SRC=(
  "stable   trixie-backports,sid  exact"
  "nightly  sid,trixie-backports  minor"   # a nightly's library is newer than any release's
)

# bindgen wrappers: "<version> <root> <runner host|trixie|sid> <libclang variant>...";
# variants 9/11/13 = bullseye roots, 14/19/22 = host /usr/lib/llvm-N/lib, none = empty dir
# (clang-sys then panics: exit 101).  0.55.1 links libclang-11 directly (DT_NEEDED).
BINDGENS=(
  "0.55.1  bindgen-0.55.1  host    11"
  "0.60.1  bindgen-0.60.1  host    9 11 13 14 19 22 none"
  "0.71.1  bindgen-0.71.1  trixie  9 11 13 14 19 22 none"
  "0.72.1  bindgen-0.72.1  sid     9 11 13 14 19 22 none"
)

# Deliberately broken programs for tests: "<id>/<tool> <root-relative target>".
UNWRAPPED=(
  "unwrapped-rustc-1.63/rustc        rustc-1.63/usr/bin/rustc"       # exits 127: libs not found
  "unwrapped-bindgen-0.71.1/bindgen  bindgen-0.71.1/usr/bin/bindgen" # exits 1: GLIBC_2.39 missing
)

# Named toolchains for toolchains.toml: "<name> <bindgen id> <cc> <rust-lib-src root|->".
TOOLCHAINS=(
  "rustc-1.48      bindgen-0.60.1-lc14  clang-14  -"
  "rustc-1.63      bindgen-0.60.1-lc14  clang-14  -"
  "rustc-web-1.78  bindgen-0.71.1-lc19  clang-19  -"
  "rustc-web-1.85  bindgen-0.71.1-lc19  clang-19  -"
  "rustc-1.85.1    bindgen-0.71.1-lc19  clang-19  -"
  "rustc-web-1.96  bindgen-0.72.1-lc22  clang-22  -"
  "rustup-stable   bindgen-0.72.1-lc22  clang-22  rust-src-stable"
  "rustup-nightly  bindgen-0.72.1-lc22  clang-22  rust-src-nightly"
)

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
T0=${EPOCHREALTIME/[.,]/}
log()  { printf 'zoo: %s\n' "$*" >&2; }
note() { printf 'zoo:   note: %s\n' "$*" >&2; }
KPIDS=() UPIDS=()   # background kernel-extraction / unpack jobs not yet reaped
die() {
  printf 'zoo: ERROR: %s\n' "$*" >&2
  if [ "$BASHPID" = "$$" ]; then   # main shell: stop our own unreaped background jobs
    local p; for p in "${KPIDS[@]}" "${UPIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  fi
  exit 1
}
reap() {  # reap <array name>: wait for its first pid (removed before waiting)
  local -n q=$1; local p=${q[0]}
  q=("${q[@]:1}")
  wait "$p" || die "a background job ($1 pid $p) failed"
}
secs() { local us=$(( ${EPOCHREALTIME/[.,]/} - $1 )); printf '%d.%01d s' $((us / 1000000)) $((us % 1000000 / 100000)); }
STEP_T=0 STEP_NAME=
step() {  # step "<name>": ends the previous step (with its time), starts the next
  [ -n "$STEP_NAME" ] && log "   $STEP_NAME: $(secs "$STEP_T")"
  STEP_NAME=$1 STEP_T=${EPOCHREALTIME/[.,]/}
  [ -n "$STEP_NAME" ] && log "$STEP_NAME ..."
  return 0
}

fix_devnull() {
  [ -c /dev/null ] && return 0
  [ "$(id -u)" = 0 ] || die "/dev/null is not a character device (needs root to repair)"
  note "/dev/null is not a character device; recreating it"
  rm -f /dev/null && mknod -m 666 /dev/null c 1 3
}

mark_dirty() { if [ -e "$ZOO/.complete" ]; then rm -f "$ZOO/.complete"; fi; }

# write_if_changed <file> <mode> <content>: write "<content>\n" (via a temp file + rename)
# only when it differs.  Returns 0 if the file was (re)written, 1 if it was up to date
# (then nothing is touched, not even the directory).
write_if_changed() {   # (no forks when unchanged: this runs for every wrapper)
  local f=$1 mode=$2 content=$3 old=
  if [ -f "$f" ] && [ ! -L "$f" ] && { [ "$mode" != 755 ] || [ -x "$f" ]; }; then
    IFS= read -r -d '' old < "$f" || true
    [ "$old" = "$content"$'\n' ] && return 1
  fi
  printf '%s\n' "$content" > "$f.tmp.$$"
  chmod "$mode" "$f.tmp.$$"
  mv -f "$f.tmp.$$" "$f"
}

root_spec() {  # root_spec <name>: the ROOTS line for <name>
  local r n
  for r in "${ROOTS[@]}"; do read -r n _ <<<"$r"; [ "$n" = "$1" ] && { echo "$r"; return 0; }; done
  return 1
}

# private apt (never the system's sources)
APTX=$ZOO/apt
APTO=(-o "Dir::Etc::sourcelist=$APTX/sources.list" -o Dir::Etc::sourceparts=-
      -o "Dir::State::Lists=$APTX/lists" -o "Dir::Cache=$APTX/cache"
      -o "Dir::State::status=$APTX/status" -o APT::Sandbox::User=root
      -o Dir::Cache::pkgcache=pkgcache.bin -o Dir::Cache::srcpkgcache=srcpkgcache.bin)
# (explicit pkgcache: Debian's docker images set it to "", then every private apt call
# re-parses all 7 suites: ~3.6 s instead of ~0.8 s)
PRIVATE_APT_READY=0
private_apt() {  # one private `apt-get update` per run, only when something is downloaded
  [ "$PRIVATE_APT_READY" = 1 ] && return 0
  local kr=/usr/share/keyrings/debian-archive-keyring.gpg s a
  [ -f "$kr" ] || die "missing $kr (package debian-archive-keyring)"
  mkdir -p "$APTX/lists/partial" "$APTX/cache/archives/partial"
  [ -f "$APTX/status" ] || : > "$APTX/status"
  write_if_changed "$APTX/sources.list" 644 "$(for s in "${APT_SOURCES[@]}"; do
    read -ra a <<<"$s"; echo "deb [signed-by=$kr] http://deb.debian.org/${a[0]} ${a[1]} main"
  done)" || true
  log "   private apt-get update (${#APT_SOURCES[@]} suites)"
  apt-get "${APTO[@]}" update -qq
  fix_devnull
  PRIVATE_APT_READY=1
}
upstream() { local v=${1#*:}; echo "${v%%[-+~]*}"; }   # 1:9.0.1-16.1 -> 9.0.1
# pick_version <want> <version>...: the newest of the versions (a suite's, newest first) that
# <want> allows: "=V" exactly V; "~U" upstream U or U.*; "==V" V if present, else the newest
# (a root's other packages follow its first one where the suite has that version); "" the newest.
pick_version() {
  local want=$1 v; shift
  for v in "$@"; do
    case $want in
      =="$v"|="$v") echo "$v"; return 0 ;;
      \~*) local u; u=$(upstream "$v")
          [ "$u" = "${want#\~}" ] || [[ $u == "${want#\~}".* ]] && { echo "$v"; return 0; } ;;
    esac
  done
  case $want in ==*|"") [ $# -gt 0 ] && echo "$1" ;; esac
  return 0
}

# ---------------------------------------------------------------------------
# --check
# ---------------------------------------------------------------------------
expected_wrappers() {  # mandatory wrappers (from the tables) + those recorded by the last run
  local r id tool lc ch d a
  for r in "${RUSTCS[@]}"; do read -r id _ <<<"$r"; echo "$id/rustc"; echo "$id/rustdoc"; done
  for ch in "${RUSTUP_CHANNELS[@]}"; do
    d=$RUSTUP_TC/$ch-x86_64-unknown-linux-gnu/bin
    [ -x "$d/rustc" ] || continue
    for tool in "${RUST_TOOLS[@]}"; do [ -x "$d/$tool" ] && echo "rustup-$ch/$tool"; done
  done
  for r in "${BINDGENS[@]}"; do
    read -ra a <<<"$r"
    for lc in "${a[@]:3}"; do
      [ "$lc" = none ] && echo "bindgen-${a[0]}-nolibclang/bindgen" || echo "bindgen-${a[0]}-lc$lc/bindgen"
    done
  done
  [ -f "$ZOO/wrappers.list" ] && cat "$ZOO/wrappers.list"
  return 0
}

check_zoo() {
  local missing=() w v r l
  if [ ! -f "$ZOO/.complete" ] || [ "$(head -1 "$ZOO/.complete")" != "zoo-format $ZOO_FORMAT" ]; then
    missing+=("$ZOO/.complete (zoo-format $ZOO_FORMAT)")
  fi
  for v in "${KERNELS[@]}"; do
    if [ -f "$ZOO/kernels/linux-source-$v/Makefile" ] && [ -f "$ZOO/kernels/.linux-source-$v.done" ]; then
      # Debian may have upgraded linux-source-$v since the tree was extracted from it
      read -r _ had _ < "$ZOO/kernels/.linux-source-$v.done"
      now=$(dpkg-query -W -f='${Version}' "linux-source-$v" 2>/dev/null || echo "not installed")
      [ "$had" = "$now" ] || missing+=("kernel tree $ZOO/kernels/linux-source-$v is from linux-source-$v $had; installed is $now")
    else
      missing+=("kernel tree $ZOO/kernels/linux-source-$v")
    fi
  done
  for f in toolchains.toml versions.txt manifest.tsv; do [ -s "$ZOO/$f" ] || missing+=("$ZOO/$f"); done
  local torun=()
  while read -r w; do
    if [ -x "$ZOO/bin/$w" ]; then torun+=("$ZOO/bin/$w"); else missing+=("wrapper $ZOO/bin/$w"); fi
  done < <(expected_wrappers | LC_ALL=C sort -u)
  for r in "${UNWRAPPED[@]}"; do
    read -r l _ <<<"$r"
    [ -L "$ZOO/bin/$l" ] && [ -e "$ZOO/bin/$l" ] || missing+=("symlink $ZOO/bin/$l")
  done
  if [ ${#torun[@]} -gt 0 ]; then
    while read -r l; do [ -n "$l" ] && missing+=("$l"); done < <(
      printf '%s\0' "${torun[@]}" | xargs -0 -P 8 -n 1 sh -c \
        '"$1" --version >/dev/null 2>&1 || echo "wrapper $1 (--version failed)"' sh)
  fi
  if [ ${#missing[@]} -eq 0 ]; then
    log "zoo at $ZOO is complete (${#torun[@]} wrappers run)"; return 0
  fi
  printf '%s\n' "${missing[@]}"
  return 1
}

case "${1:-}" in
  --check)
    if [ ! -c /dev/null ]; then
      [ "$(id -u)" = 0 ] || { echo "/dev/null is not a character device"; exit 1; }
      fix_devnull
    fi
    check_zoo; exit $? ;;
  "") ;;
  -h|--help) sed -n '2,20p' "$SELF"; exit 0 ;;
  *) die "usage: $0 [--check]" ;;
esac

[[ $ZOO =~ ^/[A-Za-z0-9._/+-]+$ ]] || die "KRT_ZOO must be an absolute path of [A-Za-z0-9._/+-] (got '$ZOO')"
[[ $RUSTUP_TC =~ ^/[A-Za-z0-9._/+-]+$ ]] || RUSTUP_TC=/nonexistent
mkdir -p "$ZOO"/{kernels,roots,bin}
exec 9>>"$ZOO/.lock"
flock -n 9 || die "another toolchain-zoo.sh run holds $ZOO/.lock"
log "zoo root $ZOO"
fix_devnull

# ---------------------------------------------------------------------------
# 1. System packages (bookworm, the system's own sources)
# ---------------------------------------------------------------------------
step "[1/6] system packages (bookworm)"
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${SYSTEM_PACKAGES[@]}" 2>/dev/null \
  | awk '$2 == "installed" {print $1}' || true)
absent=()
for p in "${SYSTEM_PACKAGES[@]}"; do grep -qxF "$p" <<<"$installed" || absent+=("$p"); done
if [ ${#absent[@]} -eq 0 ]; then
  log "   all ${#SYSTEM_PACKAGES[@]} installed"
else
  [ "$(id -u)" = 0 ] || die "need root to install: ${absent[*]}"
  log "   installing: ${absent[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  fix_devnull
  apt-get install -y -q --no-install-recommends "${absent[@]}" >&2
  fix_devnull
fi

# ---------------------------------------------------------------------------
# 2. Kernel trees (extracted in the background while step 3 downloads)
# ---------------------------------------------------------------------------
step "[2/6] kernel trees"
for v in "${KERNELS[@]}"; do
  tarball=/usr/src/linux-source-$v.tar.xz tree=$ZOO/kernels/linux-source-$v
  marker=$ZOO/kernels/.linux-source-$v.done
  [ -f "$tarball" ] || die "missing $tarball"
  want="$(dpkg-query -W -f='${Package} ${Version}' linux-source-$v) $(stat -c '%s %Y' "$tarball")"
  if [ -f "$tree/Makefile" ] && [ "$(cat "$marker" 2>/dev/null)" = "$want" ]; then
    log "   linux-source-$v present"; continue
  fi
  mark_dirty
  log "   extracting $tarball (background)"
  (
    tmp=$ZOO/kernels/.tmp.linux-source-$v
    rm -rf "$tmp" "$marker"; mkdir -p "$tmp"
    t=${EPOCHREALTIME/[.,]/}
    tar -C "$tmp" -xJf "$tarball"
    [ -f "$tmp/linux-source-$v/Makefile" ] || die "$tarball has no linux-source-$v/Makefile"
    [ -e "$tree" ] && mv "$tree" "$tmp/old"
    mv "$tmp/linux-source-$v" "$tree"
    echo "$want" > "$marker"
    rm -rf "$tmp"
    log "   linux-source-$v extracted ($(secs "$t"))"
  ) &
  KPIDS+=($!)
done

# ---------------------------------------------------------------------------
# 3. Private-suite prefixes: $ZOO/roots/<name> (+ .done = spec and .debs unpacked)
# ---------------------------------------------------------------------------
step "[3/6] prefixes from Debian suites (private apt)"
fetch_root() {  # fetch_root <name> <suite[,suite...]> <pkg>...: resolve + download now, unpack in background
  local name=$1 suite=$2; shift 2
  local dest=$ZOO/roots/$name spec="$name $suite $*"
  if [ -f "$dest/.done" ] && [ "$(head -1 "$dest/.done")" = "spec: $spec" ]; then return 0; fi
  mark_dirty
  private_apt
  local t=${EPOCHREALTIME/[.,]/} p base opt want first= v args=() bases=() line
  local -A vers=() from=()   # package -> its versions in $suite, newest first; pkg=ver -> suite
  for p in "$@"; do p=${p%\?}; bases+=("${p%%[=~]*}"); done
  while IFS='|' read -r p v line; do
    p=${p// /} v=${v// /}; read -r _ line _ <<<"$line"
    [[ ,$suite, == *",${line%%/*},"* ]] || continue
    vers[$p]="${vers[$p]:-}${vers[$p]:+ }$v" from[$p=$v]=${from[$p=$v]:-${line%%/*}}
  done < <(apt-cache "${APTO[@]}" madison "${bases[@]}" 2>/dev/null)
  for p in "$@"; do
    opt=0; [[ $p == *\? ]] && { opt=1; p=${p%\?}; }
    base=${p%%[=~]*} want=
    # What the table asks for: pkg=<Debian version>, pkg~<upstream version>, or for the first
    # package of a versioned name (rustc-web-1.96, bindgen-0.72.1) that name's upstream version.
    case $p in
      *=*) want="=${p#*=}" ;;
      *~*) want="~${p#*~}" ;;
      *)   [ -z "$first" ] && [[ $name =~ -([0-9]+(\.[0-9]+)+)$ ]] && want="~${BASH_REMATCH[1]}" ;;
    esac
    # optional tools (rustfmt, clippy) must be exactly their rustc's version
    [ -n "$first" ] && [ -z "$want" ] && { if [ $opt = 1 ]; then want="=$first"; else want="==$first"; fi; }
    v=$(pick_version "$want" ${vers[$base]:-})
    if [ -z "$v" ]; then
      if [ $opt = 1 ]; then
        note "$name: $suite has no $base${want:+ ${want#==}} (it has: ${vers[$base]:-none}); skipped"; continue
      fi
      if [ -z "$first" ] && [ -n "$want" ]; then
        die "$suite now ships $base ${vers[$base]:-(none)}; the zoo expects $base ${want#[=~]} ($name), which Debian's archive no longer has: update the tables in scripts/toolchain-zoo.sh and the tests that name $name"
      fi
      die "$name: $base${want:+ ${want#==}} not found in $suite (it has: ${vers[$base]:-none})"
    fi
    [ -z "$first" ] && first=$v
    args+=("$base=$v")
  done
  log "   $name <= $suite: ${args[*]}"
  local tmp=$ZOO/roots/.tmp.$name
  rm -rf "$tmp"; mkdir -p "$tmp/debs" "$tmp/root"
  ( cd "$tmp/debs" && apt-get "${APTO[@]}" download -q=2 "${args[@]}" ) || die "$name: download failed"
  fix_devnull
  set -- "$tmp"/debs/*.deb
  [ $# = ${#args[@]} ] || die "$name: expected ${#args[@]} .debs, got $#"
  log "   $name downloaded ($# .debs, $(du -sh "$tmp/debs" | cut -f1), $(secs "$t"))"
  if [ ${#UPIDS[@]} -ge 2 ]; then reap UPIDS; fi   # at most 2 unpack jobs at a time
  (
    t=${EPOCHREALTIME/[.,]/}
    {
      echo "spec: $spec"
      for p in "${args[@]}"; do echo "origin: $p ${from[$p]}"; done
      for p in "$tmp"/debs/*.deb; do
        dpkg-deb -x "$p" "$tmp/root" || die "$name: dpkg-deb -x $(basename "$p") failed"
        echo "deb: $(basename "$p") sha256:$(sha256sum "$p" | cut -c1-64)"
      done
    } > "$tmp/root/.done.tmp"
    mv "$tmp/root/.done.tmp" "$tmp/root/.done"
    [ -e "$dest" ] && mv "$dest" "$tmp/old"
    mv "$tmp/root" "$dest"
    rm -rf "$tmp"
    log "   $name unpacked ($(secs "$t"))"
  ) &
  UPIDS+=($!)
}
for r in "${RUSTUP_SRC[@]}"; do
  read -r ch suites match <<<"$r"
  d=$RUSTUP_TC/$ch-x86_64-unknown-linux-gnu/bin
  [ -x "$d/rustc" ] || continue
  v=$(env -i PATH=$HOST_PATH LC_ALL=C "$d/rustc" --version 2>/dev/null | sed -n 's/^rustc \([0-9]*\.[0-9]*\)\.\([0-9]*\).*/\1 \2/p')
  [ -n "$v" ] || die "rustup $ch: '$d/rustc --version' did not print a version"
  read -r minor patch <<<"$v"
  [ "$match" = exact ] && want=$minor.$patch || want=$minor
  ROOTS+=("rust-src-$ch $suites rust-src~$want")
done
for r in "${ROOTS[@]}"; do read -ra a <<<"$r"; fetch_root "${a[@]}"; done
declare -A WANT_ROOT=()
for r in "${ROOTS[@]}"; do read -r n _ <<<"$r"; WANT_ROOT[$n]=1; done
for d in "$ZOO"/roots/*/; do
  n=${d%/}; n=${n##*/}
  [ -n "${WANT_ROOT[$n]:-}" ] || [ ! -f "$d.done" ] && continue
  note "removing root $n (no longer in the tables)"; rm -rf "${d%/}"; mark_dirty
done
step "[3/6] waiting for unpacking and kernel extraction"
while [ ${#UPIDS[@]} -gt 0 ]; do reap UPIDS; done
while [ ${#KPIDS[@]} -gt 0 ]; do reap KPIDS; done
rm -f "$APTX"/cache/*.bin   # 220 MB, rebuilt by the next private apt-get update
fix_devnull

# ---------------------------------------------------------------------------
# 4. Wrappers $ZOO/bin/<id>/<tool> (rewritten only when their content changes)
# ---------------------------------------------------------------------------
step "[4/6] wrappers"
R=$ZOO/roots
TL=$R/trixie-libc/$ARCHLIB SL=$R/sid-libc/$ARCHLIB
WRAPPERS=() NWRITTEN=0
wrap() {  # wrap <id> <tool> <command line>
  [ -d "$ZOO/bin/$1" ] || mkdir -p "$ZOO/bin/$1"
  local body
  printf -v body '#!/bin/sh\n# krt toolchain zoo: %s/%s (generated by scripts/toolchain-zoo.sh)\n%s' "$1" "$2" "$3"
  if write_if_changed "$ZOO/bin/$1/$2" 755 "$body"; then mark_dirty; NWRITTEN=$((NWRITTEN + 1)); fi
  WRAPPERS+=("$1/$2")
}
# run_host <libdirs> <binary> / run_loader <glibc libdir> <library path> <binary>: set $cmd
run_host()   { printf -v cmd 'LD_LIBRARY_PATH=%s exec %s "$@"' "$1" "$2"; }
run_loader() { printf -v cmd 'exec %s/ld-linux-x86-64.so.2 --library-path %s %s "$@"' "$1" "$2" "$3"; }

for r in "${RUSTCS[@]}"; do
  read -r id root runner extra <<<"$r"
  libs=$R/$root/$ARCHLIB
  [ "$extra" != - ] && libs=$libs:$R/$extra/$ARCHLIB
  for tool in "${RUST_TOOLS[@]}"; do
    bin=$R/$root/usr/bin/$tool
    if [ ! -x "$bin" ]; then
      case $tool in rustc|rustdoc) die "$bin missing";; esac
      continue
    fi
    case $runner in
      host)   run_host "$libs" "$bin" ;;
      trixie) run_loader "$TL" "$TL:$libs" "$bin" ;;
    esac
    # old clippy (1.63) takes its sysroot from $SYSROOT or else from `rustc --print sysroot`
    # of whatever rustc is on PATH (e.g. rustup's); newer ones ignore SYSROOT
    [ "$tool" = clippy-driver ] && cmd="SYSROOT=$R/$root/usr $cmd"
    wrap "$id" "$tool" "$cmd"
  done
done
for ch in "${RUSTUP_CHANNELS[@]}"; do
  d=$RUSTUP_TC/$ch-x86_64-unknown-linux-gnu/bin
  if [ ! -x "$d/rustc" ]; then note "no rustup $ch toolchain at $d; rustup-$ch skipped"; continue; fi
  for tool in "${RUST_TOOLS[@]}"; do
    [ -x "$d/$tool" ] && wrap "rustup-$ch" "$tool" "exec $d/$tool \"\$@\""
  done
done
mkdir -p "$ZOO/empty-libclang-dir"
for r in "${BINDGENS[@]}"; do
  read -ra a <<<"$r"; v=${a[0]} root=${a[1]} runner=${a[2]}
  bin=$R/$root/usr/bin/bindgen
  [ -x "$bin" ] || die "$bin missing"
  for lc in "${a[@]:3}"; do
    # lcdir: where clang-sys looks (LIBCLANG_PATH); libs: extra dirs for the dynamic loader
    # (a bullseye libclang needs its own libLLVM-N next to it)
    case $lc in
      none)     id=bindgen-$v-nolibclang lcdir=$ZOO/empty-libclang-dir libs= ;;
      9|11|13)  id=bindgen-$v-lc$lc lcdir=$R/libclang-$lc/$ARCHLIB libs=$lcdir ;;
      *)        id=bindgen-$v-lc$lc lcdir=/usr/lib/llvm-$lc/lib libs= ;;
    esac
    case $runner in
      host)   if [ -z "$libs" ]; then cmd="exec $bin \"\$@\""; else run_host "$libs" "$bin"; fi ;;
      trixie) run_loader "$TL" "$TL${libs:+:$libs}" "$bin" ;;
      sid)    run_loader "$SL" "$SL${libs:+:$libs}" "$bin" ;;
    esac
    wrap "$id" bindgen "LIBCLANG_PATH=$lcdir $cmd"
  done
done
for r in "${UNWRAPPED[@]}"; do
  read -r link target <<<"$r"
  mkdir -p "$ZOO/bin/${link%/*}"
  if [ "$(readlink "$ZOO/bin/$link" 2>/dev/null)" != "$R/$target" ]; then
    ln -sfn "$R/$target" "$ZOO/bin/$link"; mark_dirty; NWRITTEN=$((NWRITTEN + 1))
  fi
done
# prune wrappers this script generated earlier but no longer does (e.g. a rustup toolchain
# was removed), so that bin/ always mirrors the tables
declare -A KEEP=()
for w in "${WRAPPERS[@]}"; do KEEP[$w]=1; done
for r in "${UNWRAPPED[@]}"; do read -r l _ <<<"$r"; KEEP[$l]=1; done
for f in "$ZOO"/bin/*/*; do
  w=${f#"$ZOO"/bin/}
  [ -n "${KEEP[$w]:-}" ] && continue
  if [ ! -L "$f" ] && grep -q '^# krt toolchain zoo: .*(generated by scripts/toolchain-zoo.sh)$' "$f"; then
    note "removing stale wrapper $f"; rm -f "$f"; rmdir --ignore-fail-on-non-empty "${f%/*}"; mark_dirty
  fi
done
write_if_changed "$ZOO/wrappers.list" 644 "$(printf '%s\n' "${WRAPPERS[@]}" | LC_ALL=C sort)" && mark_dirty
log "   ${#WRAPPERS[@]} wrappers + ${#UNWRAPPED[@]} symlinks, $NWRITTEN (re)written"

# ---------------------------------------------------------------------------
# 5. versions.txt + toolchains.toml (only when some input changed)
# ---------------------------------------------------------------------------
step "[5/6] versions.txt, toolchains.toml"
fingerprint() {
  {
    echo "zoo-format $ZOO_FORMAT"
    sha256sum "$SELF" | cut -c1-64
    cat "${WRAPPERS[@]/#/$ZOO/bin/}" "$ZOO"/roots/*/.done "$ZOO"/kernels/.*.done
    for r in "${UNWRAPPED[@]}"; do read -r l _ <<<"$r"; readlink "$ZOO/bin/$l"; done
    for ch in "${RUSTUP_CHANNELS[@]}"; do
      for f in "$RUSTUP_TC/$ch-x86_64-unknown-linux-gnu"/bin/*; do stat -L -c '%n %s %Y' "$f"; done
    done
    dpkg-query -W -f='${Package} ${Version}\n' "${SYSTEM_PACKAGES[@]}" 2>/dev/null || true
  } | sha256sum | cut -c1-64
}
FP=$(fingerprint)
COMPLETE=$(printf 'zoo-format %s\nfingerprint %s\n' "$ZOO_FORMAT" "$FP")
if [ -f "$ZOO/.complete" ] && [ "$(cat "$ZOO/.complete")" = "$COMPLETE" ] \
   && [ -s "$ZOO/versions.txt" ] && [ -s "$ZOO/toolchains.toml" ] && [ -s "$ZOO/manifest.tsv" ]; then
  log "   nothing changed since the last complete run; kept"
else
  mark_dirty
  H=$ZOO/kernels/linux-source-6.12/scripts/rust_is_available_bindgen_libclang.h
  [ -f "$H" ] || die "missing $H"
  PROBE=$ZOO/.tmp.probe
  rm -rf "$PROBE"; mkdir -p "$PROBE"
  # rec <label> <cmd...>: "$ label", combined output, "[exit N]" when N != 0.  Clean env.
  rec() {
    local label=$1 out rc=0; shift
    out=$(env -i PATH=$HOST_PATH LC_ALL=C "$@" 2>&1) || rc=$?
    printf '$ %s\n%s\n' "$label" "$out"; [ $rc = 0 ] || echo "[exit $rc]"
  }
  probe_id() {  # probe_id <id>: $PROBE/<id>.txt (for versions.txt) and $PROBE/<id>.facts
    local id=$1 d=$ZOO/bin/$1 t out rc
    {
      echo "## $id"
      for t in "${RUST_TOOLS[@]}"; do
        [ -x "$d/$t" ] || continue
        rec "$t --version" "$d/$t" --version
        if [ "$t" = rustc ]; then
          rec "rustc -vV" "$d/rustc" -vV
          rec "rustc --print sysroot" "$d/rustc" --print sysroot
        fi
      done
      if [ -x "$d/bindgen" ]; then
        rec "bindgen --version" "$d/bindgen" --version
        rc=0; out=$(env -i PATH=$HOST_PATH LC_ALL=C "$d/bindgen" "$H" 2>&1 >/dev/null) || rc=$?
        out=$(sed -E "s/^thread '([^']*)' \([0-9]+\)/thread '\1' (<TID>)/" <<<"$out")  # 0.72.1 panics name the thread id
        printf '$ bindgen %s >/dev/null  (stderr)\n%s\n' "$H" "$out"
        [ $rc = 0 ] || echo "[exit $rc]"
        echo "libclang=$(grep -o 'clang version [0-9][0-9.]*' <<<"$out" | head -1 | cut -d' ' -f3)" > "$PROBE/$id.lc"
      fi
      echo
    } > "$PROBE/$id.txt"
    {  # facts for toolchains.toml descriptions: rustc=, bindgen=, libclang=
      sed -n '/^\$ rustc --version$/{n;s/^rustc \([^ ]*\).*/rustc=\1/p;q}' "$PROBE/$id.txt"
      sed -n '/^\$ bindgen --version$/{n;s/^bindgen \([^ ]*\).*/bindgen=\1/p;q}' "$PROBE/$id.txt"
      cat "$PROBE/$id.lc" 2>/dev/null || true
    } > "$PROBE/$id.facts"
  }
  mapfile -t IDS < <(printf '%s\n' "${WRAPPERS[@]%/*}" | LC_ALL=C sort -u)
  running=0
  for id in "${IDS[@]}"; do
    if [ $running -ge 4 ]; then wait -n || true; running=$((running - 1)); fi
    probe_id "$id" &
    running=$((running + 1))
  done
  wait
  versions=$(
    echo "# generated by scripts/toolchain-zoo.sh (zoo-format $ZOO_FORMAT) on $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "# rustc/rustdoc/rustfmt/clippy-driver/bindgen outputs of every wrapper under $ZOO/bin,"
    echo "# run with env -i PATH=$HOST_PATH LC_ALL=C"
    echo
    for id in "${IDS[@]}"; do cat "$PROBE/$id.txt"; done
    for r in "${UNWRAPPED[@]}"; do
      read -r l _ <<<"$r"
      echo "## ${l%/*} -> $(readlink "$ZOO/bin/$l")"
      rec "${l#*/} --version" "$ZOO/bin/$l" --version
      echo
    done
    echo "## host C compilers"
    for c in clang-14 clang-19 clang-22 gcc; do rec "$c --version" "$c" --version; done
  )
  # the first line carries a date: keep the old file when nothing else differs
  if [ -f "$ZOO/versions.txt" ] && [ "$(tail -n +2 "$ZOO/versions.txt")" = "$(tail -n +2 <<<"$versions")" ]; then :
  else write_if_changed "$ZOO/versions.txt" 644 "$versions" || true; fi

  fact() { sed -n "s/^$2=//p" "$PROBE/$1.facts" 2>/dev/null | head -1; }
  root_origin() {  # root_origin <root> <pkg>: the suite that root's <pkg> came from
    local o; o=$(sed -n "s/^origin: $2=[^ ]* //p" "$R/$1/.done" | head -1)
    [ -n "$o" ] && echo "$o" || sed -n 's/^spec: [^ ]* \([^ ]*\) .*/\1/p' "$R/$1/.done"
  }
  debver() {  # debver <root> <pkg>: Debian version unpacked into that root
    sed -n "s/^deb: $2_\([^_]*\)_.*/\1/p" "$R/$1/.done" | head -1 | sed 's/%3a/:/'
  }
  toml=$(
    echo "# generated by scripts/toolchain-zoo.sh -- krt toolchains file for the zoo at $ZOO"
    echo "# (real toolchains from Debian's archive; exact outputs in $ZOO/versions.txt)"
    for r in "${TOOLCHAINS[@]}"; do
      read -r name bg cc libsrc <<<"$r"
      d=$ZOO/bin/$name
      if [ ! -x "$d/rustc" ]; then note "toolchain $name skipped (no $d/rustc)"; continue; fi
      echo
      echo "[toolchain.\"$name\"]"
      for t in "${RUST_TOOLS[@]}"; do [ -x "$d/$t" ] && echo "$t = \"$d/$t\""; done
      echo "bindgen = \"$ZOO/bin/$bg/bindgen\""
      echo "cc = \"$cc\""
      bgsuite=$(root_spec "${bg%-*}" | awk '{print $2}')
      tail="$bgsuite bindgen $(fact "$bg" bindgen) (libclang $(fact "$bg" libclang)) + $cc"
      if [ "$libsrc" != - ]; then
        lib=("$R/$libsrc"/usr/src/rustc-*/library)
        [ ${#lib[@]} = 1 ] || die "no single library dir in $R/$libsrc/usr/src"
        echo "rust-lib-src = \"${lib[0]}\""
        tail="$tail; core source: Debian $(root_origin "$libsrc" rust-src) rust-src $(debver "$libsrc" rust-src)"
      fi
      case $name in
        rustup-*) desc="rustup ${name#rustup-} rustc $(fact "$name" rustc) + $tail" ;;
        *) read -r _ suite pkg _ <<<"$(root_spec "$name")"
           desc="Debian $suite $pkg $(fact "$name" rustc) + $tail" ;;
      esac
      echo "description = \"$desc\""
    done
  )
  write_if_changed "$ZOO/toolchains.toml" 644 "$toml" || true
  rm -rf "$PROBE"

  # manifest.tsv: every part that Debian or rustup can move under the tests, with the version
  # found and where it came from.  Tests read it instead of naming today's versions.
  declare -A SYSFROM=()
  while IFS='|' read -r p v line; do
    p=${p// /} v=${v// /}; read -r _ line _ <<<"$line"
    SYSFROM[$p=$v]=${SYSFROM[$p=$v]:-${line%%/*}}
  done < <(apt-cache madison "${SYSTEM_PACKAGES[@]}" 2>/dev/null)
  manifest=$(
    echo "# generated by scripts/toolchain-zoo.sh (zoo-format $ZOO_FORMAT): what the zoo at $ZOO was built from."
    echo "# Debian's archive and rustup move these parts; tests read this file instead of naming versions."
    printf '# part\tpackage\tversion\torigin\tupstream\n'
    for v in "${KERNELS[@]}"; do
      p=linux-source-$v ver=$(dpkg-query -W -f='${Version}' "linux-source-$v")
      kv=$(env -i PATH=$HOST_PATH LC_ALL=C make -s -C "$ZOO/kernels/linux-source-$v" kernelversion) \
        || die "make kernelversion failed in $ZOO/kernels/linux-source-$v"
      printf 'kernel:%s\t%s\t%s\t%s\t%s\n' "$v" "$p" "$ver" "${SYSFROM[$p=$ver]:-dpkg}" "$kv"
    done
    while read -r p ver; do
      printf 'system\t%s\t%s\t%s\t%s\n' "$p" "$ver" "${SYSFROM[$p=$ver]:-dpkg}" "$(upstream "$ver")"
    done < <(dpkg-query -W -f='${Package} ${Version}\n' "${SYSTEM_PACKAGES[@]}" | LC_ALL=C sort)
    for d in "$R"/*/.done; do
      n=${d%/.done}; n=${n##*/}
      sed -n 's/^deb: \([^_]*\)_\([^_]*\)_.*/\1 \2/p' "$d" | sed 's/%3a/:/' | while read -r p ver; do
        printf 'root:%s\t%s\t%s\t%s\t%s\n' "$n" "$p" "$ver" "$(root_origin "$n" "$p")" "$(upstream "$ver")"
      done
    done
    for ch in "${RUSTUP_CHANNELS[@]}"; do
      f=$RUSTUP_TC/$ch-x86_64-unknown-linux-gnu/bin/rustc
      [ -x "$f" ] || continue
      ver=$(env -i PATH=$HOST_PATH LC_ALL=C "$f" --version | sed 's/^rustc //')
      printf 'rustup:%s\trustc\t%s\trustup %s\t%s\n' "$ch" "$ver" "${f%/bin/rustc}" "${ver%%[ -]*}"
    done
  )
  write_if_changed "$ZOO/manifest.tsv" 644 "$manifest" || true
fi
fix_devnull

# ---------------------------------------------------------------------------
# 6. Done marker
# ---------------------------------------------------------------------------
step "[6/6] .complete"
write_if_changed "$ZOO/.complete" 644 "$COMPLETE" || log "   unchanged"
step ""
fix_devnull
# the parts that move under the tests, as found today (all of them: $ZOO/manifest.tsv)
log "found: $(awk -F'\t' '
  $1 ~ /^kernel:/ || ($1 == "system" && $2 ~ /^clang-/) { x = $2 " " $5 }
  $1 ~ /^root:(rustc|bindgen)/ && $2 ~ /^(rustc|rustc-web|bindgen)$/ { x = substr($1, 6) " " $5 }
  $1 ~ /^root:rust-src-/ && $2 == "rust-src" { x = substr($1, 6) " " $5 }
  $1 ~ /^rustup:/ { x = "rustup " substr($1, 8) " " $5 }
  x != "" { printf "%s%s", (n++ ? ", " : ""), x; x = "" }' "$ZOO/manifest.tsv")"
log "done in $(secs "$T0"): $(ls -1 "$ZOO/bin" | wc -l) wrapper ids under $ZOO/bin; $ZOO/toolchains.toml, $ZOO/manifest.tsv"

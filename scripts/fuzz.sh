#!/bin/sh
# Fuzzes every parser of outside text with Jazzer, one target at a time (each runs for the
# maxDuration its @FuzzTest gives, 60 s), and prints how many inputs each ran and whether it found
# a crash. A crash is saved under src/test/resources/.../<Class>Inputs/<method>/ by Jazzer: fix
# it, keep the file (it is then part of the regression corpus every `mvn -B test` runs).
#
#   scripts/fuzz.sh                 every target
#   scripts/fuzz.sh MatrixFuzzTest  the targets of one class
set -u
cd "$(dirname "$0")/.."
only="${1:-}"
targets="
kernel.source.ArchiveFuzzTest#plainTar
kernel.source.ArchiveFuzzTest#xzTarball
kernel.source.ArchiveFuzzTest#paxRecords
kernel.MinToolVersionFuzzTest#script
version.VersionFuzzTest#versions
features.ScannerFuzzTest#rustAttributes
features.ScannerFuzzTest#makefile
features.ScannerFuzzTest#kconfig
features.ScannerFuzzTest#versionGate
matrix.MatrixFuzzTest#matrixFile
matrix.MatrixFuzzTest#buildLog
matrix.MatrixFuzzTest#tarballExtraction
server.CellReportFuzzTest#cellReport
toolchain.ToolchainsFileFuzzTest#toolchainsFile
"
mvn -B -q -o test-compile -Dspotless.check.skip=true || exit 1
status=0
printf '%-50s %12s  %s\n' target executions result
for t in $targets; do
  case "$t" in *"$only"*) ;; *) continue ;; esac
  log=$(mktemp)
  JAZZER_FUZZ=1 timeout 600 mvn -B -o surefire:test -Dspotless.check.skip=true \
    -Dtest="dev.krt.$t" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1
  rc=$?
  runs=$(grep -ho 'Done [0-9]* runs' "$log" target/surefire-reports/*-output.txt 2>/dev/null | tail -1 | awk '{print $2}')
  if [ $rc -eq 0 ]; then result=ok; else result="FINDING (log: $log)"; status=1; fi
  printf '%-50s %12s  %s\n' "$t" "${runs:-?}" "$result"
  [ $rc -eq 0 ] && rm -f "$log"
done
exit $status

#!/usr/bin/env bash
#===- scripts/test.sh - Install, build and run every zara test suite ------===#
#
# The README's test command, and what .ci/run calls:
#
#   bash scripts/test.sh
#
# 1. installs the Debian packages (scripts/install-deps.sh; no-op if present),
# 2. builds zara into ./build (scripts/build.sh),
# 3. runs every suite, going on after a failing one:
#      check-zara              lit + FileCheck regression tests (test/)
#      check-zara-unit         GoogleTest unit tests, through ctest
#      check-zara-integration  ONNX conformance and DCGAN tests
#                              (integration_test/)
# 4. prints one line per suite and a closing line `N passed, N failed`
#    (`, N skipped` when lit skipped UNSUPPORTED tests); exits 1 if any test
#    failed or a suite could not run.
#
# Environment: ZARA_BUILD_DIR (default ./build), ZARA_JOBS (see build.sh),
# ZARA_SKIP_INSTALL=1 to skip step 1 (for machines without root).
#
#===----------------------------------------------------------------------===#
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${ZARA_BUILD_DIR:-$ROOT/build}
export ZARA_BUILD_DIR=$BUILD_DIR
RESULTS=$BUILD_DIR/test-results
PY=/usr/bin/python3

passed=0
failed=0
skipped=0
suite_lines=()

finish() {
  echo
  echo "== summary"
  for line in "${suite_lines[@]}"; do
    echo "  $line"
  done
  if [[ $skipped -gt 0 ]]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  if [[ $failed -gt 0 ]]; then
    exit 1
  fi
  exit 0
}

# A step that must succeed before any test can run (install, build): on
# failure it counts as one failed test and ends the run.
prerequisite() {
  local name=$1
  shift
  echo "== $name"
  if ! "$@"; then
    echo "test: error: $name failed" >&2
    suite_lines+=("$name: FAILED, no tests were run")
    failed=$((failed + 1))
    finish
  fi
}

if [[ "${ZARA_SKIP_INSTALL:-0}" != 1 ]]; then
  prerequisite "install-deps" bash "$ROOT/scripts/install-deps.sh"
fi
prerequisite "build" bash "$ROOT/scripts/build.sh"

mkdir -p "$RESULTS"

# Counts of a lit xunit report: "<passed> <failed> <skipped>".
lit_counts() {
  "$PY" - "$1" <<'PYEOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
total = failed = skipped = 0
for s in suites:
    for case in s.findall("testcase"):
        total += 1
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
print(total - failed - skipped, failed, skipped)
PYEOF
}

# Runs a lit suite through its ninja target, with an xunit report.
run_lit_suite() {
  local target=$1
  local xml=$RESULTS/$target.xml
  echo
  echo "== $target"
  rm -f "$xml"
  LIT_OPTS="${LIT_OPTS:-} --xunit-xml-output=$xml" \
    ninja -C "$BUILD_DIR" "$target"
  local rc=$?
  if [[ ! -f "$xml" ]]; then
    suite_lines+=("$target: FAILED to run (ninja exit code $rc)")
    failed=$((failed + 1))
    return
  fi
  local p f s
  read -r p f s < <(lit_counts "$xml")
  if [[ $rc -ne 0 && $f -eq 0 ]]; then
    # lit failed without a failing test (e.g. a configuration error).
    f=1
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + s))
  suite_lines+=("$target: $p ok, $f failing, $s unsupported")
}

# Runs the unit tests through check-zara-unit (ctest) and reads ctest's
# "N% tests passed, F tests failed out of T" line.
run_unit_suite() {
  local target=check-zara-unit
  local log=$RESULTS/$target.log
  echo
  echo "== $target"
  # (No `ninja | grep -q` under pipefail: grep's early exit fails ninja.)
  local targets
  targets=$(ninja -C "$BUILD_DIR" -t targets all 2>/dev/null)
  if ! grep -q "^$target:" <<<"$targets"; then
    suite_lines+=("$target: FAILED, target missing (GoogleTest not found?)")
    failed=$((failed + 1))
    return
  fi
  ninja -C "$BUILD_DIR" "$target" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local line t f
  line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" |
         tail -n 1)
  if [[ -z "$line" ]]; then
    suite_lines+=("$target: FAILED to run (ninja exit code $rc)")
    failed=$((failed + 1))
    return
  fi
  f=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  t=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
  if [[ $rc -ne 0 && $f -eq 0 ]]; then
    f=1
  fi
  passed=$((passed + t - f))
  failed=$((failed + f))
  suite_lines+=("$target: $((t - f)) ok, $f failing")
}

run_lit_suite check-zara
run_unit_suite
run_lit_suite check-zara-integration
finish

#!/usr/bin/env bash
# Runs every test: installs missing system packages, builds, and runs `swift test`.
# Tests that need X start their own Xvfb on a free display; no DISPLAY is needed or used.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
unset DISPLAY
swift build --build-tests
# The suite takes about 5 minutes; a watchdog stops it after 30 and says what hung (tools/watchdog.sh).
log=$(mktemp)
trap 'rm -f "$log"' EXIT
stdbuf -oL -eL swift test --skip-build "$@" > "$log" 2>&1 &
tests=$!
tail -n +1 -f --pid="$tests" "$log" &
printer=$!
bash tools/watchdog.sh "$tests" "$log" "${MIMIC_TEST_MINUTES:-30}" &
watchdog=$!
status=0
wait "$tests" || status=$?
wait "$printer" || true
kill "$watchdog" 2>/dev/null || true
exit "$status"

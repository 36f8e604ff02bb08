#!/usr/bin/env bash
# Replay timing benchmark: replays an episode of dense synthetic input (default 30 s at 600
# events/s: pointer motion, a click every 0.5 s, typing with Shift) onto a private Xvfb whose
# window receives every event, and prints the replay's timing error, sent − scheduled: p50/p99/max.
#
#   bash tools/bench-replay.sh [seconds] [events-per-second]
#   SCRATCH=.build-replay bash tools/bench-replay.sh      # another build folder
#
# Target (docs/replay.md): p99 ≤ 2 ms at speed 1.0 on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
rate=${2:-600}
scratch=${SCRATCH:-.build}
unset DISPLAY

for product in mimic mimic-test-fixtures; do
  if ! log=$(swift build -c release --scratch-path "$scratch" --product "$product" 2>&1); then
    echo "$log" | tail -30 >&2
    echo "bench-replay: building $product failed" >&2
    exit 1
  fi
done
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)

work=$(mktemp -d)
xvfb=""
window=""
cleanup() {
  exec 5>&- 2>/dev/null || true                      # closes the window's stdin: it exits
  [ -n "$window" ] && wait "$window" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null && wait "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

Xvfb -displayfd 3 -screen 0 1280x720x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
xvfb=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.05; done
display=":$(head -1 "$work/display")"

mkfifo "$work/window-in"
"$bin/mimic-test-fixtures" event-window "$display" <"$work/window-in" >"$work/window.log" &
window=$!
exec 5>"$work/window-in"
for _ in $(seq 100); do grep -q ready "$work/window.log" 2>/dev/null && break; sleep 0.05; done

"$bin/mimic-test-fixtures" dense-episode "$work/episode" "$seconds" "$rate"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin/mimic" replay "$work/episode" --display "$display"
echo "events the window received: $(grep -c -E '"type":"(motion|button|key)' "$work/window.log")"

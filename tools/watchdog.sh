#!/usr/bin/env bash
# Usage: tools/watchdog.sh PID LOG MINUTES
# Stops the test run PID (a `swift test` writing Swift Testing's output to LOG) when it is still running
# after MINUTES. A hung test would otherwise hold CI until its limit and say nothing; this names the tests
# that started and never ended, and prints the test process's threads (with gdb, when it is installed).
set -uo pipefail
pid=$1 log=$2 minutes=$3

# Every thread's stack of process $1, when gdb is installed.
print_threads() {
  command -v gdb >/dev/null || return 0
  echo "watchdog: threads of process $1 ($(tr '\0' ' ' < /proc/"$1"/cmdline | cut -c1-120)):"
  gdb -p "$1" -batch -ex "thread apply all bt 25" 2>/dev/null | grep -E '^(Thread|#)'
}

deadline=$(( $(date +%s) + minutes * 60 ))
while kill -0 "$pid" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    {
      echo
      echo "watchdog: the tests are still running after $minutes minutes (they take about 5); stopping them."
      echo "watchdog: tests that started and did not end:"
      awk '/^◇ Test / && !/^◇ Test case / && / started\.$/ {
             name = $0; sub(/^◇ Test /, "", name); sub(/ started\.$/, "", name); running[name] = 1 }
           /^(✔|✘) Test / && / (passed|failed) after / {
             name = $0; sub(/^(✔|✘) Test /, "", name); sub(/ (passed|failed) after .*$/, "", name)
             sub(/ with [0-9]+ test cases?$/, "", name); delete running[name] }
           END { for (name in running) if (name != "run") print "  " name }' "$log"
      for child in $(pgrep -P "$pid"); do
        # The test process, and any mimic it is waiting for.
        for process in "$child" $(pgrep -x -P "$child" mimic); do print_threads "$process"; done
        pkill -P "$child" 2>/dev/null  # what the tests started (Xvfb, mimic, chromium), so nothing is left behind
        kill -KILL "$child" 2>/dev/null
      done
      kill "$pid" 2>/dev/null
    } >&2
    exit 1
  fi
  sleep 10 < /dev/null > /dev/null 2>&1  # holds no pipe open once the watchdog is stopped
done

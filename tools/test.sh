#!/usr/bin/env bash
# Runs every test: installs missing system packages, builds, and runs `swift test`.
# Tests that need X start their own Xvfb on a free display; no DISPLAY is needed or used.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
unset DISPLAY
swift build --build-tests
swift test --skip-build "$@"

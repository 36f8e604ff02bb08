#!/usr/bin/env bash
# The main job, end to end on the built-in default: installs missing system packages, builds
# mimic in release mode, and runs `mimic demo` on a private Xvfb display.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
swift build -c release --product mimic
exec .build/release/mimic demo "$@"

#!/usr/bin/env bash
# Installs every system package Mimic needs to build, test and run, only when missing.
# Safe to run any number of times. Needs root or sudo only when something is missing.
set -euo pipefail

packages=(
  libx11-dev libxtst-dev libxext-dev libxfixes-dev   # X11, XTest/XRecord, XShm, XFixes
  libpng-dev                                         # PNG encode/decode
  libopenblas-dev                                    # cblas_sgemm
  xvfb xdotool x11-utils                             # private displays and outside input for tests
  chromium                                           # headless browser: the `mimic view` page tests
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt-get install, with one apt-get update before the first install of this run.
updated=no
apt_install() {
  if [ "$updated" = no ]; then as_root apt-get update -qq; updated=yes; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt_install "${missing[@]}"
fi

# numpy runs the reference model in tools/ that the tests compare against.
if ! python3 -c 'import numpy' 2>/dev/null; then
  echo "setup: installing numpy"
  python3 -m pip install -q numpy 2>/dev/null || {
    apt_install python3-numpy
  }
fi

# safetensors lets the tests open dataset shards the way a Python user would (safetensors.numpy).
if ! python3 -c 'import safetensors.numpy' 2>/dev/null; then
  echo "setup: installing safetensors"
  if ! python3 -m pip --version >/dev/null 2>&1; then
    apt_install python3-pip
  fi
  python3 -m pip install -q safetensors 2>/dev/null || python3 -m pip install -q --break-system-packages safetensors
fi

if ! command -v swift >/dev/null; then
  echo "setup: the Swift toolchain (6.x) is required and was not found on PATH" >&2
  exit 1
fi

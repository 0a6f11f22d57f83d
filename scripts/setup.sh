#!/usr/bin/env bash
# Creates .venv, installs the kiosk (with test tools when asked) and builds the models once.
# Usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
# Debian packages the mirror window needs (Qt's xcb plugin, a CJK font for Chinese).
RUNTIME_DEBS=(fonts-noto-cjk libegl1 libgl1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libxkbcommon-x11-0)
if command -v dpkg >/dev/null; then
  missing=()
  for p in "${RUNTIME_DEBS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "note: install these Debian packages for the mirror window: sudo apt-get install ${missing[*]}" >&2
    fi
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q -e .
fi
# Models and demo photos: pinned, hash-checked, cached; a no-op when already built.
.venv/bin/kiosk models build

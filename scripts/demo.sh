#!/usr/bin/env bash
# Sets up (first run only) and starts the demo mirror: the real app with the demo camera
# (real photos), the demo catalogue, an embedded MQTT broker and the hand-off service.
# Extra arguments go to `kiosk demo` (e.g. --windowed, --offscreen --scenario FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [[ " $* " != *" --offscreen "* ]]; then
  if command -v xvfb-run >/dev/null; then
    echo "No display: running the demo on a virtual screen (xvfb-run). Use a desktop to see it." >&2
    exec xvfb-run -a -s "-screen 0 1080x1920x24" .venv/bin/kiosk demo "$@"
  fi
  echo "No display: running offscreen (add --scenario FILE to take screenshots)." >&2
  exec .venv/bin/kiosk demo --offscreen "$@"
fi
exec .venv/bin/kiosk demo "$@"

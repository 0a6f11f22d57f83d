#!/usr/bin/env bash
# Sets up (first run only) and starts the demo mirror: the real app with the demo camera
# (real photos), the demo catalogue, an embedded MQTT broker and the hand-off service.
# Extra arguments go to `kiosk demo` (e.g. --windowed, --offscreen --scenario FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
args=" $* "
if [[ "$args" == *" --offscreen "* && "$args" != *" --scenario "* ]]; then
  # An offscreen mirror with no scenario would show nobody anything and never end.
  echo "error: --offscreen needs --scenario FILE (e.g. tests/scenarios/person_detected.yaml), which" >&2
  echo "drives the mirror, takes its screenshots and exits; or drop --offscreen to see it." >&2
  exit 2
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [[ "$args" != *" --offscreen "* ]]; then
  # No screen here: the mirror runs on a virtual one (Xvfb), which a VNC server or
  # `xwd -root -display :N` can show. Debian's xvfb is a setup.sh package.
  if ! command -v xvfb-run >/dev/null; then
    bash scripts/debian-packages.sh xvfb
  fi
  echo "No display: running the demo on a virtual screen (xvfb-run). On a desktop you see it;" >&2
  echo "here, try: bash scripts/demo.sh --offscreen --scenario tests/scenarios/person_detected.yaml" >&2
  exec xvfb-run -a -s "-screen 0 1080x1920x24" .venv/bin/kiosk demo "$@"
fi
exec .venv/bin/kiosk demo "$@"

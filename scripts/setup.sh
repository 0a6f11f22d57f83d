#!/usr/bin/env bash
# Creates .venv and installs exactly the locked versions (hash-checked), then the kiosk itself
# and its models. Usage: scripts/setup.sh [--test]
#   --test  also the test tools (requirements/test.lock) and the Debian packages the tests use
# Refresh the locks with `bash scripts/lock.sh` (see README, "Dependencies").
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
MODE=runtime
[ "${1:-}" = "--test" ] && MODE=test
LOCK=requirements/$MODE.lock

# Debian packages: the mirror window needs Qt's xcb plugin and a CJK font; the tests also
# need a real broker, browser, X server, PostgreSQL and strace.
DEBS=(fonts-noto-cjk libegl1 libgl1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libxkbcommon-x11-0 xvfb)
if [ "$MODE" = test ]; then
  DEBS+=(mosquitto mosquitto-clients nats-server chromium chromium-driver opencv-doc postgresql strace
    x11-xserver-utils systemd)
fi
bash scripts/debian-packages.sh "${DEBS[@]}"

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Install only when the lock changed since the last install (a stamp holds its hash).
STAMP=.venv/.installed-lock
stamp_of() { echo "$1 $(sha256sum "requirements/$1.lock" | cut -d' ' -f1)"; }
installed_as() {  # is the venv exactly this lock, as installed last time?
  [ "$(cat "$STAMP" 2>/dev/null)" = "$(stamp_of "$1")" ] && \
    .venv/bin/python scripts/lock_check.py "requirements/$1.lock" 2>/dev/null
}
WANT=$(stamp_of "$MODE")
# The test lock is the runtime lock plus the test tools: a venv set up for the tests runs
# the demo as it is (the demo does not uninstall the test tools).
if installed_as "$MODE" || { [ "$MODE" = runtime ] && installed_as test; }; then
  :
else
  extras=$(.venv/bin/python scripts/lock_check.py "$LOCK" --extras)
  if [ -n "$extras" ]; then
    # shellcheck disable=SC2086  # a list of names
    .venv/bin/python -m pip uninstall -q -y $extras
  fi
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r "$LOCK"
  # The kiosk itself, editable, built with the locked setuptools (no unpinned build env).
  .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
  .venv/bin/python scripts/lock_check.py "$LOCK"
  echo "$WANT" > "$STAMP"
fi
# Models and demo photos: pinned, hash-checked, cached; a no-op when already built.
.venv/bin/kiosk models build

#!/usr/bin/env bash
# Sets up (first run only) and runs every check: ruff, the import contract, the test suite.
# Integration tests need Debian's mosquitto, xvfb, chromium and chromium-driver (.ci/run installs them).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test || exit 1
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check kiosk hardware bench tests || exit 1
.venv/bin/lint-imports || exit 1
.venv/bin/python -m pytest "$@"
code=$?
if [ "$code" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$code"

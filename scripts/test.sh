#!/usr/bin/env bash
# Sets up (first run only) and runs every check: ruff, the import contracts, the type check,
# the test suite.
# setup.sh --test installs the Debian packages the tests need (as root; otherwise it prints
# the sudo line and stops) and the locked Python packages. Arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test || exit 1
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check kiosk hardware bench tests scripts || exit 1
.venv/bin/lint-imports || exit 1
.venv/bin/mypy || exit 1   # strict on the shopper core; the rest on an allow-list ([tool.mypy])
.venv/bin/python -m pytest "$@"
code=$?
if [ "$code" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$code"

#!/usr/bin/env bash
# Would the newest releases that pyproject.toml's ranges allow still work? Builds a throwaway
# venv with them (not the lock), runs the quick suite there and says which versions differ
# from the lock, so a breaking release (OpenCV 5.1, issue 13) is seen by us before users.
# Usage: scripts/check-latest.sh [pytest arguments; default: the quick suite]
set -uo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d /tmp/kiosk-latest.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
bash scripts/uv.sh pip compile pyproject.toml requirements/build.in --extra test --upgrade \
  --python-version 3.11 --quiet --no-header -o "$WORK/latest.txt" || exit 1
echo "== newest allowed releases that differ from requirements/test.lock"
diff <(grep -E '^[a-z0-9].*==' requirements/test.lock | sed 's/ .*//' | sort) \
     <(grep -E '^[a-z0-9].*==' "$WORK/latest.txt" | sed 's/ .*//' | sort) \
  | sed -n 's/^> /  newer: /p; s/^< /  locked: /p'
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q --no-cache-dir -r "$WORK/latest.txt" || exit 1
"$WORK/venv/bin/python" -m pip install -q --no-deps --no-build-isolation -e . || exit 1
"$WORK/venv/bin/kiosk" models build >/dev/null || exit 1
if [ $# -eq 0 ]; then
  set -- -q -x -p no:cacheprovider tests/unit tests/integration/test_vision_photos.py \
    tests/integration/test_vision_analyse_cli.py
fi
echo "== quick suite on the newest releases"
QT_QPA_PLATFORM=offscreen "$WORK/venv/bin/python" -m pytest "$@"
code=$?
[ "$code" -eq 0 ] && echo "check-latest: the newest allowed releases pass" \
  || echo "check-latest: the newest allowed releases FAIL (pytest exit $code): pin or fix before widening the lock"
exit "$code"

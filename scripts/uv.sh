#!/usr/bin/env bash
# Runs the pinned uv (the lock tool), installing it once into .cache/lock-tools.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.8
TOOLS=.cache/lock-tools
if [ "$("$TOOLS/bin/uv" --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  python3 -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install -q "uv==$UV_VERSION"
fi
exec "$TOOLS/bin/uv" "$@"

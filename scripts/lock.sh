#!/usr/bin/env bash
# Refreshes the lock files from pyproject.toml's ranges. Review the diff, run
# `bash scripts/test.sh`, and commit the locks in the same commit as the change that needed them.
# Target: CPython 3.11 on x86_64 Linux with glibc 2.36 (Debian 12, the machines we run on).
# Usage: scripts/lock.sh             keeps the pins it can, adds what pyproject now asks for
#        scripts/lock.sh --upgrade   moves every pin to the newest release the ranges allow
#        scripts/lock.sh --upgrade-package numpy   moves one
set -euo pipefail
cd "$(dirname "$0")/.."
compile() {  # output, then extra options
  local out=$1; shift
  bash scripts/uv.sh pip compile pyproject.toml requirements/build.in \
    --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_36 \
    --custom-compile-command "bash scripts/lock.sh" --quiet -o "$out" "$@"
}
compile requirements/runtime.lock "$@"
compile requirements/test.lock --extra test "$@"
echo "wrote requirements/runtime.lock and requirements/test.lock"

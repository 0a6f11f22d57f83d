#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are missing: as root with apt-get,
# otherwise it prints the exact command to run and fails (nothing half set up runs on).
set -euo pipefail
missing=()
for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "error: these Debian packages are missing and this machine has no apt-get:" >&2
  echo "  ${missing[*]}" >&2
  echo "install their equivalents with your package manager, then run this again" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "error: these Debian packages are missing; install them, then run this again:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null

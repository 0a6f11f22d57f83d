"""Does this Python environment hold exactly what a lock file pins?

    python scripts/lock_check.py requirements/test.lock           # report, exit 1 on drift
    python scripts/lock_check.py requirements/test.lock --extras  # print the names the lock lacks

Run with the venv's interpreter. Standard library only: it runs before anything is installed.
The project itself (installed editable) and pip are not pinned, so not compared.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

NOT_PINNED = {"pip", "smart-mirror-kiosk"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(lock: Path) -> dict[str, str]:
    pins = {}
    for line in lock.read_text().splitlines():
        if match := PIN.match(line):
            pins[canonical(match[1])] = match[2]
    return pins


def installed() -> dict[str, str]:
    found = {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()
             if d.metadata["Name"]}
    return {name: version for name, version in found.items() if name not in NOT_PINNED}


def drift(pins: dict[str, str], have: dict[str, str]) -> list[str]:
    problems = [f"{name}: lock pins {version}, installed {have.get(name, 'nothing')}"
                for name, version in sorted(pins.items()) if have.get(name) != version]
    problems += [f"{name}: installed {version}, not in the lock"
                 for name, version in sorted(have.items()) if name not in pins]
    return problems


def main(argv: list[str]) -> int:
    if not argv or not Path(argv[0]).is_file():
        print(__doc__, file=sys.stderr)
        return 2
    pins, have = pinned(Path(argv[0])), installed()
    if "--extras" in argv[1:]:
        print(" ".join(sorted(set(have) - set(pins))))
        return 0
    problems = drift(pins, have)
    for problem in problems:
        print(f"{argv[0]}: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} difference(s): run `bash scripts/setup.sh` to install the lock",
              file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

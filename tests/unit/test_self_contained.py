"""A clone on its own must work: nothing in the project reads a path outside its tree.

The steering folder beside this repository (`../shared`) exists only on the developers'
machines; a test or a script that reads it passes there and fails for everybody else.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# `../shared`, `parent / "shared"`, `parents[3]`-style climbs out of the repository
OUTSIDE = re.compile(r"\.\./shared|/\s*[\"']shared[\"']|parent\s*/\s*[\"']shared|parents\[[3-9]\]")


def _tracked_code() -> list[Path]:
    names = subprocess.run(["git", "ls-files", "*.py", "*.sh", "*.toml", "*.cfg", ".ci/run"],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return [ROOT / name for name in names if (ROOT / name).is_file()]


def test_no_code_reads_outside_the_repository():
    this = Path(__file__).resolve()
    offenders = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
                 for path in _tracked_code() if path.resolve() != this
                 for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1)
                 if OUTSIDE.search(line)]
    assert offenders == [], "paths outside the repository:\n" + "\n".join(offenders)


def test_the_pattern_catches_the_old_sample_path():
    assert OUTSIDE.search('SAMPLES = ROOT.parent / "shared" / "samples"')
    assert not OUTSIDE.search('SAMPLES = ROOT / "tests" / "data" / "shopify"')

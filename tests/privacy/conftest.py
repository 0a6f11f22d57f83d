"""Every privacy test leaves the shared temporary folder as it found it; ``audited``: the
no-frame-leaves rig's audit hook (tests/support/privacy_child.py) watching a test.

The planted leaks (tests/support/privacy_child.py --inject) write real frames; they go
under the test's own ``tmp_path``.  This check fails a test that leaves a kiosk debug
file in the system temporary folder (where the plants used to go, and where a careless
debug line would put one).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest

from tests.support import privacy_child

LEFTOVERS = ("kiosk-debug-*",)
_HOOKED: list[object] = []   # an audit hook cannot be removed: one per process, idle outside a test


def _leftovers() -> set[tuple[Path, int]]:
    """Each matching file with its mtime, so one rewritten over an old copy counts too."""
    folders = {Path(tempfile.gettempdir()), Path("/tmp")}
    found = set()
    for path in (p for folder in folders for pattern in LEFTOVERS for p in folder.glob(pattern)):
        try:
            found.add((path, path.stat().st_mtime_ns))
        except FileNotFoundError:
            continue
    return found


@pytest.fixture(autouse=True)
def nothing_left_in_tmp():
    before = _leftovers()
    yield
    left = sorted(str(path) for path, _ in _leftovers() - before)
    assert not left, f"the privacy test left files in the shared temporary folder: {left}"


@pytest.fixture
def audited(tmp_path):
    """The writes and sends seen while ``privacy_child.RUNNING[0]`` is set (the test sets it
    once a shopper's frame exists)."""
    if not _HOOKED:
        _HOOKED.append(tmp_path)
        sys.addaudithook(privacy_child.audit_hook(tmp_path.resolve()))
    privacy_child.VIOLATIONS.clear()
    yield privacy_child.VIOLATIONS
    privacy_child.RUNNING[0] = False

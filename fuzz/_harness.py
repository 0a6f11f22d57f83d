"""Shared plumbing for the atheris harnesses: run one target, allow only KioskErrors.

Usage (see docs/fuzzing.md):  .venv/bin/python fuzz/fuzz_config.py -max_total_time=600 fuzz/corpus/config
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def run(target: Callable[[bytes], None], instrumented: tuple[str, ...]) -> None:
    import atheris

    with atheris.instrument_imports(include=list(instrumented)):
        for name in instrumented:
            __import__(name)

    def one_input(data: bytes) -> None:
        from kiosk.errors import KioskError
        try:
            target(data)
        except KioskError:
            pass  # the documented way to refuse bad input; anything else is a finding

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()

"""A test that needs a Debian package the machine lacks: skipped on a developer's machine,
a failure under CI (``CI=true``), where `scripts/setup.sh --test` installs every package and
a silent skip would hide a broken set-up."""

from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing_package(reason: str, *, allow_module_level: bool = False):
    """Never returns: fails under CI, skips elsewhere, with ``reason`` (say what to install)."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: a missing package is a failure; "
                    f"bash scripts/setup.sh --test installs it)", pytrace=False)
    print(f"SKIP: {reason}")
    pytest.skip(reason, allow_module_level=allow_module_level)

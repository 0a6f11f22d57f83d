"""The pre-commit hooks run the checks exactly as scripts/test.sh does, so the two cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _test_sh_checks() -> list[str]:
    """scripts/test.sh's check lines before pytest, without '|| exit 1' and comments."""
    lines = (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8").splitlines()
    checks = [re.sub(r"\s*\|\|\s*exit 1.*$", "", line).strip() for line in lines
              if line.startswith(".venv/bin/") and "pytest" not in line]
    assert checks, "scripts/test.sh runs no .venv/bin check"
    return checks


def test_pre_commit_hooks_are_scripts_test_sh_checks_word_for_word():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert all(repo["repo"] == "local" for repo in config["repos"])
    assert [hook["entry"] for hook in hooks] == _test_sh_checks()
    for hook in hooks:
        assert hook["language"] == "system" and hook["pass_filenames"] is False, hook["id"]

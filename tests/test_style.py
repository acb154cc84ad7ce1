"""The code base stays ruff clean (lint and format), like the rest of the checks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_code_is_ruff_clean(command: list[str]) -> None:
    if not Path(RUFF).exists():
        pytest.skip("ruff is not installed")
    result = subprocess.run(
        [RUFF, *command, "reader", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_file_keeps_a_merge_conflicts_markers() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "*.py", "*.md", "*.toml", "*.tcss", "*.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    markers = ("<" * 7 + " ", "=" * 7 + "\n", ">" * 7 + " ")
    kept = [
        name
        for name in tracked
        if any(
            line.startswith(markers)
            for line in (ROOT / name).read_text("utf-8", errors="replace").splitlines(True)
        )
    ]
    assert kept == []

"""What a wheel carries: every data file the package reads, and the version it says."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path, PurePosixPath

import reader

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reader"


def _package_data() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return config["tool"]["setuptools"]["package-data"]["reader"]


def _matches(relative: PurePosixPath, pattern: str) -> bool:
    """Whether setuptools' package-data `pattern` takes this file."""
    if pattern.startswith("**/"):  # in any folder, the package's top included
        return relative.match(pattern[3:])
    return relative.match(pattern) and len(relative.parts) == len(PurePosixPath(pattern).parts)


def test_every_data_file_of_the_package_goes_into_the_wheel() -> None:
    patterns = _package_data()
    data = [
        PurePosixPath(path.relative_to(PACKAGE).as_posix())
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    assert data, "the package holds data files"
    missing = [str(path) for path in data if not any(_matches(path, p) for p in patterns)]
    assert missing == []


def test_the_sample_library_and_rules_are_found_through_the_package() -> None:
    from reader.view import sample_library

    assert (sample_library() / "000_e1f9cb036ec7b0a4.txt").is_file()
    from reader.boilerplate import load_catalogue

    assert load_catalogue().rules


def test_version_is_printed_and_is_the_package_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"reader {reader.__version__}"

"""Open a file with the system's own opener: never through a shell, only when asked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def system_opener(path: Path) -> str | None:
    """Hand `path` to the desktop's opener. Returns a reason if it could not."""
    if not path.is_file():
        return "the file is no longer there"
    if sys.platform == "win32":  # pragma: no cover - not exercised on CI
        try:
            os.startfile(path)  # type: ignore[attr-defined]
        except OSError as error:
            return str(error)
        return None
    command = "open" if sys.platform == "darwin" else "xdg-open"
    program = shutil.which(command)
    if program is None:
        return f"no {command} command on this system"
    try:
        subprocess.Popen(
            [program, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        return str(error)
    return None

"""Open a file with the system's own opener, or a link with the web browser:
never through a shell, and only when the user asks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import webbrowser
from pathlib import Path
from urllib.parse import urlsplit


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


def web_link(url: str | None) -> str | None:
    """`url` if it is one to hand to a browser: http or https, to a host, with
    nothing in it a terminal or a shell could take for something else."""
    if not url or len(url) > 2048 or not url.isascii() or not url.isprintable() or " " in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def browser_opener(url: str) -> str | None:
    """Hand an http(s) link to the standard browser module (never a shell).
    Returns a reason if it could not."""
    link = web_link(url)
    if link is None:
        return "only http and https links are opened"
    try:
        opened = webbrowser.open(link, new=2)
    except webbrowser.Error as error:
        return str(error)
    return None if opened else "no web browser found"

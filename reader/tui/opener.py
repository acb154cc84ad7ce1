"""Hand things to other programs: a file to the system's own opener, a link to
the web browser, text to the clipboard, an article to the pager and a file to
the editor. Never through a shell, and only when the user asks."""

from __future__ import annotations

import os
import shlex
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
        return (
            f"there is no {command} here (install xdg-utils for it); meanwhile e opens the file"
            " in $EDITOR and Y copies its path"
        )
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


# Clipboard programs, tried in turn: Wayland, X11 (two), macOS, Windows/WSL.
_CLIPBOARDS = (
    ("wl-copy",),
    ("xclip", "-selection", "clipboard"),
    ("xsel", "--clipboard", "--input"),
    ("pbcopy",),
    ("clip.exe",),
)


def system_clipboard(text: str) -> bool:
    """Put `text` on the desktop's clipboard with the first clipboard program
    found; False if there is none (or none took it)."""
    for command in _CLIPBOARDS:
        program = shutil.which(command[0])
        if program is None:
            continue
        try:
            done = subprocess.run(
                [program, *command[1:]],
                input=text.encode("utf-8"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=5,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return True
    return False


def command_of(variables: tuple[str, ...], fallbacks: tuple[str, ...]) -> list[str] | None:
    """The user's program for a job (the first of these environment variables
    set, split as a shell would split it, but never run by one), else the first
    fallback installed; None if there is neither."""
    for variable in variables:
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError:
                continue
            if words and shutil.which(words[0]):
                return [shutil.which(words[0]) or words[0], *words[1:]]
    for program in fallbacks:
        found = shutil.which(program)
        if found:
            return [found]
    return None


def run_program(command: list[str], text: str | None = None) -> str | None:
    """Run `command` in the terminal (the app suspended around it), feeding it
    `text`; returns a reason if it could not run."""
    try:
        subprocess.run(
            command, input=text.encode("utf-8") if text is not None else None, check=False
        )
    except OSError as error:
        return str(error)
    return None

"""Load: a path on disk to a decoded `Page`, or an `ArticleError` with a reason.

Which files are articles is decided here, by suffix, in one table. Files are
opened read-only and only regular files are read (never a FIFO or a device).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reader.formats.decode import decode, repair_mojibake
from reader.model import ArticleError, Page, PageKind, identity

SUFFIXES: dict[str, PageKind] = {
    ".html": PageKind.HTML,
    ".htm": PageKind.HTML,
    ".xhtml": PageKind.HTML,
    ".txt": PageKind.TEXT,
    ".text": PageKind.TEXT,
    ".md": PageKind.MARKDOWN,
}

MAX_BYTES = 64 * 1024 * 1024
# Share of control characters above which decoded "text" is taken for binary data.
_BINARY_SHARE = 0.05


def kind_of(path: Path) -> PageKind | None:
    """The kind of page a file name promises, or None for files reader skips."""
    return SUFFIXES.get(path.suffix.lower())


def load(path: Path, *, max_bytes: int = MAX_BYTES) -> Page:
    """Read and decode one article file."""
    kind = kind_of(path)
    if kind is None:
        raise ArticleError(path, f"not an article file ({path.suffix or 'no suffix'})")
    try:
        # Non-blocking, so that opening a FIFO named like an article returns at once.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ArticleError(path, error.strerror or str(error)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError(path, "not a regular file")
        if info.st_size > max_bytes:
            raise ArticleError(
                path, f"too large ({info.st_size / 2**20:.0f} MB, limit {max_bytes / 2**20:.0f} MB)"
            )
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(max_bytes + 1)
    except OSError as error:
        raise ArticleError(path, error.strerror or str(error)) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise ArticleError(path, f"too large (limit {max_bytes / 2**20:.0f} MB)")
    if not data.strip():
        raise ArticleError(path, "empty file" if not data else "nothing but blank space")
    text, encoding = decode(data, markup=kind is PageKind.HTML)
    if _looks_binary(text):
        raise ArticleError(path, "binary data, not text")
    return Page(
        path=path,
        kind=kind,
        text=repair_mojibake(text),
        encoding=encoding,
        size=len(data),
        ident=identity(data),
    )


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t\f")
    return controls / len(sample) > _BINARY_SHARE

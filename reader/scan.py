"""Scan: the article files under a folder, as they are found.

The walk is iterative (no recursion limit on deep trees), never follows symbolic
links (so a link loop or a link out of the library is never entered), and takes
regular files whose name `reader.formats` knows (`.json` and `.csv` only if
their first bytes are an export's). It leaves out what only looks like
articles: the `NAME_files/` folder a browser's "Save page complete" puts
beside `NAME.html`, and the `highlights/` of an Omnivore export (the user's
notes). What it will not read is said: a folder that cannot be listed, a
FIFO or a device named like an article, a symbolic link, a name that is not
UTF-8 are each a `Failure` with the reason, never an exception.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from stat import S_IFBLK, S_IFCHR, S_IFIFO, S_IFMT, S_IFSOCK, S_ISDIR

from reader.formats import SNIFFED, family_of_name, is_article_name, wanted
from reader.formats.exports import omnivore_root
from reader.model import Failure, FileStat


@dataclass(frozen=True, slots=True)
class Scan:
    paths: tuple[Path, ...]
    failures: tuple[Failure, ...]


# What a browser's "Save page complete" names the folder of a page's images,
# scripts and frames: NAME_files beside NAME.html.
_ASSET_FOLDER = "_files"
_PAGE_SUFFIXES = (".html", ".htm")


def _skipped(names: set[str], folder: Path) -> set[str]:
    """The subfolders of `folder` (whose entries are `names`) that hold no
    article of the user's: pages' asset folders, an Omnivore export's notes."""
    skipped = set()
    for name in names:
        if name.endswith(_ASSET_FOLDER):
            stem = name[: -len(_ASSET_FOLDER)]
            if any(stem + suffix in names for suffix in _PAGE_SUFFIXES):
                skipped.add(name)
    if "highlights" in names and "content" in names and omnivore_root(folder):
        skipped.add("highlights")
    return skipped


def walk(root: Path) -> Iterator[Path | Failure]:
    """The article files under `root` (or `root` itself if it is a file), as they
    are found, in a stable order: each folder's files by name, then its
    subfolders by name. A folder or file that cannot be looked at is a Failure."""
    for found in _walk(root, stat=False):
        yield found if isinstance(found, Failure) else found.path


def stat_walk(root: Path) -> Iterator[FileStat | Failure]:
    """`walk`, with each file's size, mtime and inode: what tells a changed file."""
    return _walk(root, stat=True)


def _walk(root: Path, *, stat: bool) -> Iterator[FileStat | Failure]:
    """The walk: each file with its stat (its folder entry's lstat, made once),
    or with zeros where `stat` is not wanted. (A warm start walks 100,000 files:
    the common case, a regular file with an article's name, takes the short way.)"""
    if not root.is_dir():
        if not is_article_name(root):
            yield Failure(root, "not an article file")
        elif stat:
            yield from _stat_of(str(root), None)
        else:
            yield FileStat(str(root), 0, 0, 0)
        return
    make = tuple.__new__
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=_name)
        except OSError as error:
            yield Failure(folder, error.strerror or str(error))
            continue
        subfolders = []
        skipped = _skipped({entry.name for entry in listing}, folder)
        where = folder.name
        for entry in listing:
            name = entry.name
            if name[0] == "." or name in skipped:
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(Path(entry.path))
                    continue
                family = family_of_name(name, where)
                if family is None and not entry.is_symlink():
                    continue
                if family in _PLAIN and entry.is_file(follow_symlinks=False) and name.isascii():
                    if stat:
                        info = entry.stat(follow_symlinks=False)
                        yield make(
                            FileStat, (entry.path, info.st_size, info.st_mtime_ns, info.st_ino)
                        )
                    else:
                        yield make(FileStat, (entry.path, 0, 0, 0))
                    continue
                found = _article_or_failure(entry, family)
                if isinstance(found, Failure):
                    yield found
                elif found is not None:
                    yield from _stat_of(found, entry) if stat else (FileStat(found, 0, 0, 0),)
            except FileNotFoundError:
                continue  # deleted while the folder was being read
            except OSError as error:
                yield Failure(Path(entry.path), error.strerror or str(error))
        stack.extend(reversed(subfolders))


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


# The families that need no look inside to be listed (not .json or .csv).
_PLAIN = frozenset({"html", "text", "markdown"})


def _stat_of(path: str, entry: os.DirEntry[str] | None) -> Iterator[FileStat | Failure]:
    try:
        info = entry.stat(follow_symlinks=False) if entry else os.lstat(path)
    except FileNotFoundError:
        return  # deleted since the folder was read
    except OSError as error:
        yield Failure(Path(path), error.strerror or str(error))
        return
    yield FileStat(path, info.st_size, info.st_mtime_ns, info.st_ino)


def _article_or_failure(entry: os.DirEntry[str], family: str | None) -> str | Failure | None:
    """An entry named like an article (of this `family`), or a link: the file
    to read, or why not."""
    if entry.is_symlink():
        path = Path(entry.path)
        try:
            target = os.stat(entry.path)
        except OSError as error:
            if family is None:
                return None
            return Failure(path, f"a symbolic link that leads nowhere ({error.strerror})")
        if S_ISDIR(target.st_mode):
            return Failure(path, "a link to a folder (links are not followed)")
        if family is None:
            return None
        return Failure(path, "a symbolic link (links are not followed)")
    if not entry.is_file(follow_symlinks=False):
        kind = entry.stat(follow_symlinks=False).st_mode
        what = _SPECIAL.get(S_IFMT(kind), "a special file")
        return Failure(Path(entry.path), f"not a regular file but {what}")
    if not _is_utf8(entry.name):
        # Paths are kept as text, in the cache and in the read state, which
        # cannot hold these bytes.
        return Failure(Path(entry.path), "its name is not valid UTF-8: rename it to read it")
    if family in SNIFFED and not wanted(Path(entry.path), family):
        return None  # a .json or .csv that is not an export
    return entry.path


_SPECIAL = {
    S_IFIFO: "a FIFO",
    S_IFCHR: "a character device",
    S_IFBLK: "a block device",
    S_IFSOCK: "a socket",
}


def _is_utf8(name: str) -> bool:
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def scan(root: Path) -> Scan:
    """Everything `walk` finds, at once."""
    found = list(walk(root))
    return Scan(
        tuple(item for item in found if isinstance(item, Path)),
        tuple(item for item in found if isinstance(item, Failure)),
    )

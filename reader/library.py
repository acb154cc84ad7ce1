"""Library: find the article files under a folder, read them, and thread them.

The walk is iterative (no recursion limit on deep trees), never follows symbolic
links (so a link loop or a link out of the library is never entered), and takes
regular files whose suffix `reader.formats` knows. A folder that cannot be
listed becomes a Failure with the reason, not an exception.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader import read_article
from reader.boilerplate import Catalogue, fold, recurring, recurring_key
from reader.formats import SUFFIXES, kind_of
from reader.model import Article, ArticleError, Failure, Thread
from reader.threads import NO_CHOICES, Choices, Fingerprint, group


@dataclass(frozen=True, slots=True)
class Scan:
    paths: tuple[Path, ...]
    failures: tuple[Failure, ...]


def _is_article(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SUFFIXES


def walk(root: Path) -> Iterator[Path | Failure]:
    """The article files under `root` (or `root` itself if it is a file), as they
    are found, in a stable order: each folder's files by name, then its
    subfolders by name. A folder or file that cannot be looked at is a Failure."""
    if not root.is_dir():
        yield root if kind_of(root) else Failure(root, "not an article file")
        return
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda e: e.name)
        except OSError as error:
            yield Failure(folder, error.strerror or str(error))
            continue
        subfolders = []
        for entry in listing:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False) and _is_article(entry.name):
                    yield Path(entry.path)
            except OSError as error:
                yield Failure(Path(entry.path), error.strerror or str(error))
        stack.extend(reversed(subfolders))


def scan(root: Path) -> Scan:
    """Everything `walk` finds, at once."""
    found = list(walk(root))
    return Scan(
        tuple(item for item in found if isinstance(item, Path)),
        tuple(item for item in found if isinstance(item, Failure)),
    )


def read_all(
    paths: Iterable[Path],
    catalogue: Catalogue,
    *,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[Article | Failure]:
    """Read each path in turn: an Article, or a Failure that says why not."""
    for path in paths:
        if cancelled():
            return
        try:
            yield read_article(path, catalogue)
        except ArticleError as error:
            yield error.failure()
        except Exception as error:  # a bug must cost one file, not the whole library
            yield Failure(path, f"could not be read: {type(error).__name__}: {error}")


def _repeats(article: Article, common: frozenset[int]) -> bool:
    """Whether the article has an unfolded paragraph the library repeats."""
    return any(
        article.fold_at(i) is None and recurring_key(block) in common
        for i, block in enumerate(article.blocks)
    )


def thread_library(
    articles: Sequence[Article],
    fingerprints: Sequence[Fingerprint],
    catalogue: Catalogue,
    choices: Choices = NO_CHOICES,
) -> tuple[list[Thread], dict[Path, Article]]:
    """Group the library's articles into threads, then fold the text the library
    repeats across stories (a site's disclaimer or sign-off). Returns the threads
    and the articles that gained folds, by path."""
    threads = group(articles, fingerprints, choices)
    common = recurring(thread.articles for thread in threads)
    if not common:
        return threads, {}
    refolded = {
        article.path: fold(article, catalogue, common)
        for thread in threads
        for article in thread.articles
        if _repeats(article, common)
    }
    threads = [
        Thread(thread.id, tuple(refolded.get(a.path, a) for a in thread.articles))
        for thread in threads
    ]
    return threads, refolded

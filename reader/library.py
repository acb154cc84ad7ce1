"""Library: find the article files under a folder, read them, and thread them.

The walk is iterative (no recursion limit on deep trees), never follows symbolic
links (so a link loop or a link out of the library is never entered), and takes
regular files whose suffix `reader.formats` knows. A folder that cannot be
listed becomes a Failure with the reason, not an exception.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_IFBLK, S_IFCHR, S_IFIFO, S_IFMT, S_IFSOCK, S_ISDIR
from typing import TypeVar

from reader import read_article
from reader.boilerplate import Catalogue, edge_keys, fold, recurring, unpack_keys
from reader.cache import Cache, Entry
from reader.codec import encode_article
from reader.formats import SUFFIXES, kind_of
from reader.model import (
    Article,
    ArticleError,
    ArticleInfo,
    Failure,
    FileStat,
    Indexed,
    Thread,
)
from reader.normalize import word_count
from reader.pool import Limits, Pool
from reader.threads import NO_CHOICES, Choices, Fingerprint, fingerprint, group

T = TypeVar("T")


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
                elif _is_article(entry.name) or entry.is_symlink():
                    found = _article_or_failure(entry)
                    if found is not None:
                        yield found
            except FileNotFoundError:
                continue  # deleted while the folder was being read
            except OSError as error:
                yield Failure(Path(entry.path), error.strerror or str(error))
        stack.extend(reversed(subfolders))


def _article_or_failure(entry: os.DirEntry[str]) -> Path | Failure | None:
    """An entry named like an article, or a link: the file to read, or why not."""
    path = Path(entry.path)
    if entry.is_symlink():
        try:
            target = os.stat(entry.path)
        except OSError as error:
            if not _is_article(entry.name):
                return None
            return Failure(path, f"a symbolic link that leads nowhere ({error.strerror})")
        if S_ISDIR(target.st_mode):
            return Failure(path, "a link to a folder (links are not followed)")
        if not _is_article(entry.name):
            return None
        return Failure(path, "a symbolic link (links are not followed)")
    if not entry.is_file(follow_symlinks=False):
        kind = entry.stat(follow_symlinks=False).st_mode
        what = _SPECIAL.get(S_IFMT(kind), "a special file")
        return Failure(path, f"not a regular file but {what}")
    if not _is_utf8(entry.name):
        # Paths are kept as text, in the cache and in the read state, which
        # cannot hold these bytes.
        return Failure(path, "its name is not valid UTF-8: rename it to read it")
    return path


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


def info_of(article: Article) -> ArticleInfo:
    """What the list and the threads keep of an article."""
    return ArticleInfo(
        key=str(article.path),
        title=article.title,
        source=article.source,
        aggregator=article.aggregator,
        section=article.section,
        byline=article.byline,
        day=article.published.toordinal() if article.published else 0,
        words=sum(word_count(block.text) for block in article.body),
        folds=len(article.folds),
        edges=edge_keys(article),
    )


def thread_library(
    infos: Sequence[ArticleInfo],
    fingerprints: Sequence[Fingerprint],
    choices: Choices = NO_CHOICES,
) -> tuple[list[Thread], frozenset[int]]:
    """Group the library's articles into threads, and find the text the library
    repeats across stories (a site's disclaimer or sign-off): the keys that
    `refold` then folds in each article shown."""
    threads = group(infos, fingerprints, choices)
    return threads, recurring(thread.articles for thread in threads)


def refold(article: Article, catalogue: Catalogue, common: frozenset[int]) -> Article:
    """The article with the library's repeated text folded too."""
    if common and any(key in common for key in unpack_keys(edge_keys(article))):
        return fold(article, catalogue, common)
    return article


def index_file(stat: FileStat, catalogue: Catalogue, megabytes: int | None = None) -> Indexed:
    """Read one file into what the cache keeps of it; a failure is a result too.
    (Runs in a worker process, under the pool's limits.)"""
    try:
        article = read_article(stat.path, catalogue)
        return Indexed(
            stat,
            info=info_of(article),
            article=encode_article(article),
            fingerprint=fingerprint(article).to_bytes(),
            text=article.body_text(),
        )
    except ArticleError as error:
        return Indexed(stat, failure=error.reason)
    except MemoryError:
        return Indexed(stat, failure=too_big(megabytes))
    except Exception as error:  # a bug must cost one file, not the whole library
        if megabytes and _near_memory_limit(megabytes):
            # libxml2 reports running out of memory as a syntax error.
            return Indexed(stat, failure=too_big(megabytes))
        return Indexed(stat, failure=f"could not be read: {type(error).__name__}: {error}")


def stat_walk(root: Path) -> Iterator[FileStat | Failure]:
    """`walk`, with each file's size, mtime and inode: what tells a changed file."""
    for found in walk(root):
        if isinstance(found, Failure):
            yield found
            continue
        try:
            info = os.stat(found, follow_symlinks=False)
        except FileNotFoundError:
            continue  # deleted since the folder was read
        except OSError as error:
            yield Failure(found, error.strerror or str(error))
            continue
        yield FileStat(found, info.st_size, info.st_mtime_ns, info.st_ino)


# Bump when what reading a file gives changes: every cached entry is read again.
PARSER_VERSION = "2026.11.22"


def cache_version(catalogue: Catalogue) -> str:
    """What a cached entry must have been made with to be used: this parser,
    these fold rules."""
    return f"{PARSER_VERSION}/{catalogue.digest}"


@dataclass(frozen=True, slots=True)
class Changes:
    """A scan's files against what the cache knows of them."""

    stale: tuple[FileStat, ...]  # new or changed (or cached by another version): to read
    gone: tuple[str, ...]  # keys cached, but no longer there
    current: frozenset[str]  # keys of the files found


def changes(found: Iterable[FileStat], known: Mapping[str, Entry], version: str) -> Changes:
    stale = []
    current = set()
    for stat in found:
        key = str(stat.path)
        current.add(key)
        entry = known.get(key)
        if entry is None or not entry.fresh(stat, version):
            stale.append(stat)
    gone = tuple(key for key in known if key not in current)
    return Changes(tuple(stale), gone, frozenset(current))


def too_big(megabytes: int | None) -> str:
    return f"needed more than {megabytes} MB of memory" if megabytes else "needed too much memory"


def _near_memory_limit(megabytes: int) -> bool:
    """Whether this process came close to its address-space limit (Linux only)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) >= 0.9 * megabytes * 1024
    except (OSError, ValueError):
        pass
    return False


BATCH_SECONDS = 0.1


def batches(items: Iterable[T]) -> Iterator[list[T]]:
    """`items` in lists, one every BATCH_SECONDS: few enough hand-overs to whoever
    shows progress, often enough that it fills in as the work goes."""
    batch: list[T] = []
    last = time.monotonic()
    for item in items:
        batch.append(item)
        if time.monotonic() - last >= BATCH_SECONDS:
            yield batch
            batch, last = [], time.monotonic()
    yield batch


def _nothing(*args: object) -> None:
    return None


@dataclass(slots=True)
class Indexer:
    """Brings the cache up to date with a folder, and groups the folder into
    threads: what the app runs in its worker, and `reader index` in the open.

    `run` walks the folder, drops the entries of files that are gone, reads the
    new and changed files in a `Pool`, and groups everything if anything
    changed (or nothing was ever grouped). What it learns goes to the hooks,
    batch by batch, as it goes.
    """

    root: Path
    cache: Cache
    version: str
    rules_file: Path | None = None
    limits: Limits = field(default_factory=Limits)
    workers: int = 0
    # Fingerprints of the files, loaded from the cache when a grouping needs them.
    fingerprints: dict[str, Fingerprint] = field(default_factory=dict)
    # Each file's thread as the cache has it: a grouping writes only the changes.
    thread_of: dict[str, str] = field(default_factory=dict)

    def run(
        self,
        known: Mapping[str, Entry],
        *,
        choices: Callable[[], Choices] = lambda: NO_CHOICES,
        first: Callable[[], Path | None] = lambda: None,
        cancelled: Callable[[], bool] = lambda: False,
        found: Callable[[list[FileStat], list[Failure]], object] = _nothing,
        reading: Callable[[int], object] = _nothing,
        indexed: Callable[[list[Indexed]], object] = _nothing,
        grouped: Callable[[list[Thread], frozenset[int]], object] = _nothing,
    ) -> Changes | None:
        """Returns what changed, or None if cancelled."""
        stats: list[FileStat] = []
        for batch in batches(stat_walk(self.root)):
            if cancelled():
                return None
            new = [item for item in batch if isinstance(item, FileStat)]
            stats.extend(new)
            found(new, [item for item in batch if isinstance(item, Failure)])
        change = changes(stats, known, self.version)
        infos = {k: e.info for k, e in known.items() if e.info and k in change.current}
        self.thread_of = {k: e.thread for k, e in known.items() if e.thread}
        if change.gone:
            self.cache.forget(change.gone)
            for key in change.gone:
                self.fingerprints.pop(key, None)
                self.thread_of.pop(key, None)
        if change.stale:
            reading(len(change.stale))
            with Pool(self.rules_file, self.limits, self.workers) as pool:
                results = pool.index(change.stale, first=first, cancelled=cancelled)
                for batch in batches(results):
                    self.cache.store(batch, self.version)
                    for result in batch:
                        infos.pop(result.key, None)
                        self.fingerprints.pop(result.key, None)
                        self.thread_of.pop(result.key, None)
                        if result.info is not None:
                            infos[result.key] = result.info
                    indexed(batch)
            if cancelled():
                return None
        # Files read by a run that was stopped before it grouped them have no
        # thread yet.
        ungrouped = any(
            entry.info is not None and entry.thread is None
            for key, entry in known.items()
            if key in change.current
        )
        if change.stale or change.gone or ungrouped:
            in_order = [info for stat in stats if (info := infos.get(str(stat.path)))]
            grouped(*self.group(in_order, choices()))
        return change

    def group(
        self, infos: Sequence[ArticleInfo], choices: Choices = NO_CHOICES
    ) -> tuple[list[Thread], frozenset[int]]:
        """Group these files (their fingerprints from the cache) and remember the
        threads in the cache; returns them, and the keys of repeated text."""
        missing = [info.key for info in infos if info.key not in self.fingerprints]
        if missing:
            self.fingerprints.update(self.cache.fingerprints(missing))
        infos = [info for info in infos if info.key in self.fingerprints]
        threads, common = thread_library(
            infos, [self.fingerprints[info.key] for info in infos], choices
        )
        self.cache.set_threads(threads, self.thread_of)
        self.thread_of = {info.key: thread.id for thread in threads for info in thread.articles}
        return threads, common


@dataclass(slots=True)
class Progress:
    """How far the reading of new and changed files has got."""

    done: int = 0
    total: int = 0
    # When the first files came back, and how many: the rate is counted from
    # there, so the workers' start does not make the first estimates too long.
    started: float = 0.0
    first: int = 0

    def add(self, count: int) -> None:
        if not self.done:
            self.started, self.first = time.monotonic(), count
        self.done += count

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        counted = self.done - self.first
        return counted / elapsed if elapsed > 0 and counted > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        rate = self.rate
        return (self.total - self.done) / rate if rate else None

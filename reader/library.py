"""The library: a folder brought up to date in the cache, and grouped into threads.

The `Indexer` is what the app runs in its worker and `reader index` in the
open: walk the folder (`reader.scan`), drop the cache's entries of files that
are gone, read the new and changed ones in worker processes (`reader.pool`),
store what they gave (`reader.cache`), and group the library into threads
when anything changed. What it learns goes to its caller's hooks, batch by
batch, as it goes; `Progress` says how far the reading has got.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from reader.boilerplate import Catalogue, recurring
from reader.cache import Cache, Entry, LibraryCache, Stamp
from reader.model import (
    Article,
    ArticleInfo,
    Failure,
    FileStat,
    Indexed,
    IndexedArticle,
    Thread,
)
from reader.pipeline import info_of
from reader.pool import Limits, Pool
from reader.scan import stat_walk
from reader.settings import Settings
from reader.threads import NO_CHOICES, Choices, Fingerprint, fingerprint, group

T = TypeVar("T")


def group_threads(articles: Sequence[Article], choices: Choices | None = None) -> list[Thread]:
    """Group copies of the same story; each thread is led by its fullest copy.
    A thread lists its copies as `ArticleInfo`s. `choices` are the user's own
    splits and merges, which win."""
    prints = [fingerprint(a) for a in articles]
    return group([info_of(a) for a in articles], prints, choices or Choices())


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


# Bump when what reading a file gives changes: every cached entry is read again.
PARSER_VERSION = "2026.11.24"


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
    new: int = 0  # of the stale, how many the cache did not know at all


def changes(found: Iterable[FileStat], known: Mapping[str, Entry | Stamp], version: str) -> Changes:
    stale = []
    current = set()
    new = 0
    for stat in found:
        key = str(stat.path)
        current.add(key)
        entry = known.get(key)
        if entry is None:
            new += 1
            stale.append(stat)
        elif not entry.fresh(stat, version):
            stale.append(stat)
    gone = tuple(key for key in known if key not in current)
    return Changes(tuple(stale), gone, frozenset(current), new)


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
    cache: LibraryCache
    version: str
    rules_file: Path | None = None
    limits: Limits = field(default_factory=Limits)
    workers: int = 0
    # Fingerprints of the articles, loaded from the cache when a grouping needs them.
    fingerprints: dict[str, Fingerprint] = field(default_factory=dict)
    # Each article's thread as the cache has it: a grouping writes only the changes.
    thread_of: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(
        cls,
        root: Path,
        settings: Settings,
        cache: Cache,
        catalogue: Catalogue,
        *,
        workers: int | None = None,
    ) -> Indexer:
        """The indexer of the library at `root` as the user's settings have it
        (`workers`, if given, instead of theirs)."""
        return cls(
            root,
            cache.library(root),
            cache_version(catalogue),
            settings.rules_file,
            Limits(settings.time_limit, settings.memory_limit),
            settings.workers if workers is None else workers,
        )

    def run(
        self,
        known: Mapping[str, Entry] | None = None,
        *,
        choices: Callable[[], Choices] = lambda: NO_CHOICES,
        first: Callable[[], Path | None] = lambda: None,
        cancelled: Callable[[], bool] = lambda: False,
        found: Callable[[list[FileStat], list[Failure]], object] = _nothing,
        reading: Callable[[int], object] = _nothing,
        indexed: Callable[[list[Indexed]], object] = _nothing,
        grouped: Callable[[list[Thread], frozenset[int]], object] = _nothing,
    ) -> Changes | None:
        """Returns what changed, or None if cancelled. `known` is what the
        cache holds of the library (its `entries`), if the caller has it; if
        not, the scan is checked against the files' stamps alone, and the
        entries are read only if something changed."""
        stats: list[FileStat] = []
        for batch in batches(stat_walk(self.root)):
            if cancelled():
                return None
            new = [item for item in batch if isinstance(item, FileStat)]
            stats.extend(new)
            found(new, [item for item in batch if isinstance(item, Failure)])
        change = changes(stats, known if known is not None else self.cache.stamps(), self.version)
        if known is None:
            if not change.stale and not change.gone and self.cache.listing_current():
                return change  # nothing new since the last grouping
            known = self.cache.entries()
        # What each file gave, by path; a file read again replaces it.
        held = {k: e.infos for k, e in known.items() if e.infos and k in change.current}
        self.thread_of = {
            info.key: thread
            for entry in known.values()
            for info, thread in zip(entry.infos, entry.threads, strict=True)
            if thread
        }
        if change.gone:
            self.cache.forget(change.gone)
            for key in change.gone:
                self._drop(known[key].infos)
        if change.stale:
            stale = change.stale
            borrowed = self.cache.borrow(stale, self.version)
            if borrowed:
                taken = set(borrowed)
                stale = tuple(stat for stat in stale if str(stat.path) not in taken)
                again = self.cache.entries()
                done = [_indexed(again[key]) for key in borrowed if key in again]
                self._took(done, held, known)
                indexed(done)
            reading(len(change.stale))
            if stale:
                with Pool(self.rules_file, self.limits, self.workers) as pool:
                    results = pool.index(stale, first=first, cancelled=cancelled)
                    for done in batches(results):
                        self.cache.store(done, self.version)
                        self._took(done, held, known)
                        indexed(done)
                if cancelled():
                    return None
        # Files read by a run that was stopped before it grouped them have no
        # thread yet.
        ungrouped = any(
            thread is None
            for key, entry in known.items()
            if key in change.current
            for thread in entry.threads
        )
        if change.stale or change.gone or ungrouped:
            in_order = [info for stat in stats for info in held.get(str(stat.path), ())]
            grouped(*self.group(in_order, choices()))
        return change

    def _took(
        self,
        done: Sequence[Indexed],
        held: dict[str, tuple[ArticleInfo, ...]],
        known: Mapping[str, Entry],
    ) -> None:
        """These files were read (or borrowed): what they hold replaces what they held."""
        for result in done:
            before = held.pop(result.key, None) or (
                known[result.key].infos if result.key in known else ()
            )
            self._drop(before)
            if result.articles:
                held[result.key] = result.infos

    def _drop(self, infos: Iterable[ArticleInfo]) -> None:
        for info in infos:
            self.fingerprints.pop(info.key, None)
            self.thread_of.pop(info.key, None)

    def group(
        self, infos: Sequence[ArticleInfo], choices: Choices = NO_CHOICES
    ) -> tuple[list[Thread], frozenset[int]]:
        """Group these articles (their fingerprints from the cache) and remember
        the threads in the cache; returns them, and the keys of repeated text."""
        missing = [info.key for info in infos if info.key not in self.fingerprints]
        if missing:
            self.fingerprints.update(self.cache.fingerprints(missing))
        infos = [info for info in infos if info.key in self.fingerprints]
        threads, common = thread_library(
            infos, [self.fingerprints[info.key] for info in infos], choices
        )
        self.cache.set_threads(threads, self.thread_of, choices.digest)
        self.thread_of = {info.key: thread.id for thread in threads for info in thread.articles}
        return threads, common

    def threads(
        self,
        choices: Choices = NO_CHOICES,
        *,
        found: Callable[[list[FileStat], list[Failure]], object] = _nothing,
        indexed: Callable[[list[Indexed]], object] = _nothing,
    ) -> list[Thread]:
        """The library brought up to date, and its threads as the app shows
        them: the last grouping, if nothing changed since and it was made with
        these choices; else grouped again."""
        made: list[list[Thread]] = []
        self.run(
            choices=lambda: choices,
            found=found,
            indexed=indexed,
            grouped=lambda threads, common: made.append(threads),
        )
        if made:
            return made[-1]
        listing = self.cache.listing()
        if listing is not None and listing.choices == choices.digest:
            return listing.threads
        entries = self.cache.entries()
        return self.group([info for e in entries.values() for info in e.infos], choices)[0]


def _indexed(entry: Entry) -> Indexed:
    """A cached entry as what reading its file gave (for the hooks: its infos,
    not its texts)."""
    stat = FileStat(Path(entry.key), entry.size, entry.mtime_ns, entry.inode)
    articles = tuple(IndexedArticle(info, b"", b"") for info in entry.infos)
    return Indexed(stat, articles, entry.failure)


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

"""The library: a folder brought up to date in the cache, and grouped into threads.

The `Indexer` is what the app runs in its worker and `reader index` in the
open: walk the folder (`reader.scan`), drop the cache's entries of files that
are gone, read the new and changed ones in worker processes (`reader.pool`),
store what they gave (`reader.cache`), and group the library into threads
when anything changed. What it learns goes to its caller's hooks, batch by
batch, as it goes; `Progress` says how far the reading has got.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from reader.boilerplate import (
    Catalogue,
    Recurring,
    edge_keys,
    fold,
    recurring,
    story_edges,
    unpack_keys,
)
from reader.cache import Cache, Entry, LibraryCache, Stamp
from reader.model import (
    Article,
    ArticleInfo,
    Failure,
    FileStat,
    Fold,
    Indexed,
    IndexedArticle,
    Thread,
    article_key,
)
from reader.pool import Limits, Pool
from reader.sanitize import clean_line
from reader.scan import stat_walk
from reader.settings import Settings
from reader.threads import (
    NO_CHOICES,
    CandidateIndex,
    Choices,
    Embed,
    Fingerprint,
    Grouping,
    MemoryIndex,
    fingerprint,
    group,
    group_library,
    regroup,
)

T = TypeVar("T")


def group_threads(articles: Sequence[Article], choices: Choices | None = None) -> list[Thread]:
    """Group copies of the same story; each thread is led by its fullest copy.
    A thread lists its copies as `ArticleInfo`s. `choices` are the user's own
    splits and merges, which win."""
    from reader.pipeline import info_of  # the HTML parsers load only if this is used

    prints = [fingerprint(a) for a in articles]
    return group([info_of(a) for a in articles], prints, choices or Choices())


@dataclass(frozen=True, slots=True)
class Found:
    """What grouping a library found besides its threads, for the articles
    shown: the keys of the text the library repeats across stories (a site's
    disclaimer or sign-off, which `refold` folds), the other stories of the
    library found in each page (folded with their titles), the pages that
    lost their own story, and each newer copy's older one."""

    common: frozenset[int] = frozenset()
    embeds: Mapping[str, tuple[Embed, ...]] = field(default_factory=dict)
    lost: frozenset[str] = frozenset()
    newer: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, grouping: Grouping, common: frozenset[int] | None = None) -> Found:
        """What `grouping` found; `common`, the repeated text's keys, if the
        caller has counted them already."""
        if common is None:
            common = recurring(thread.articles for thread in grouping.threads)
        return cls(common, dict(grouping.embeds), grouping.lost, dict(grouping.newer))

    def to_data(self) -> tuple[Any, ...]:
        """As plain data (what the cache's listing keeps)."""
        embeds = {
            key: [(embed.first, embed.end, embed.key, embed.title) for embed in found]
            for key, found in self.embeds.items()
        }
        return (sorted(self.common), embeds, sorted(self.lost), dict(self.newer))

    @classmethod
    def from_data(cls, data: Sequence[Any]) -> Found:
        """What `to_data` gave (nothing, for data of another shape)."""
        try:
            common, embeds, lost, newer = data
            return cls(
                frozenset(common),
                {key: tuple(Embed(*embed) for embed in found) for key, found in embeds.items()},
                frozenset(lost),
                dict(newer),
            )
        except (TypeError, ValueError):
            return cls()


NOTHING_FOUND = Found()


def refold(article: Article, catalogue: Catalogue, common: frozenset[int]) -> Article:
    """The article with the library's repeated text (`common`) folded too."""
    if common and any(key in common for key in unpack_keys(edge_keys(article))):
        return fold(article, catalogue, common)
    return article


def as_shown(article: Article, catalogue: Catalogue, found: Found) -> Article:
    """An article as the library shows it: with the text the library repeats
    folded (`refold`), the library's other stories found in it folded with
    their titles (a fold that a key follows to the story), and a note where
    its own story is lost or where it is a newer or older version of a copy."""
    key = article_key(article.path, article.member)
    article = refold(article, catalogue, found.common)
    notes = list(article.notes)
    if key in found.lost:
        notes.append(
            "its own story seems lost: what it holds is other stories of the library"
            " (folded below), so it is kept out of their threads"
        )
    older = found.newer.get(key)
    if older is not None:
        notes.append(f"a newer version of the copy in {_name(older)}: d shows what it adds")
    newer = next((new for new, old in found.newer.items() if old == key), None)
    if newer is not None:
        notes.append(f"an older version: the copy in {_name(newer)} updates it")
    folds = list(article.folds)
    for embed in found.embeds.get(key, ()):
        if not 0 <= embed.first < embed.end <= len(article.blocks):
            continue
        label = f"another story of the library: “{embed.title}”"
        inside = [
            n for n, fold in enumerate(folds) if fold.start < embed.end and embed.first < fold.end
        ]
        if not inside:
            folds.append(
                Fold("related", label, embed.first, embed.end, "library.embedded", target=embed.key)
            )
        elif (
            len(inside) == 1 and folds[inside[0]].kind == "related" and not folds[inside[0]].target
        ):
            # A rule folded it as related stories already: that fold leads to it.
            folds[inside[0]] = replace(folds[inside[0]], target=embed.key)
    folds.sort(key=lambda fold: fold.start)
    if folds == list(article.folds) and len(notes) == len(article.notes):
        return article
    return replace(article, folds=tuple(folds), notes=tuple(notes))


def _name(key: str) -> str:
    return clean_line(os.path.basename(key))


def thread_library(
    infos: Sequence[ArticleInfo],
    fingerprints: Sequence[Fingerprint],
    choices: Choices = NO_CHOICES,
) -> tuple[list[Thread], Found]:
    """Group the library's articles into threads, and what the grouping found
    (the text the library repeats, embedded stories, lost pages, newer copies)."""
    grouping = group_library(infos, fingerprints, choices)
    return list(grouping.threads), Found.of(grouping)


# Bump when what reading a file gives changes: every cached entry is read again.
PARSER_VERSION = "2026.12.07-11"  # a dash opening a line cut from a sentence is the sentence's


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
        key = stat.key
        current.add(key)
        entry = known.get(key)
        if entry is None:
            new += 1
            stale.append(stat)
        elif not entry.fresh(stat, version):
            stale.append(stat)
    gone = tuple(key for key in known if key not in current)
    return Changes(tuple(stale), gone, frozenset(current), new)


def scan_signature(stats: Sequence[FileStat], version: str) -> str:
    """A digest of a scan (every file's path, size, mtime and inode) and of the
    reader's version: the same digest, the same files as last time, unchanged."""
    digest = hashlib.blake2b(version.encode(), digest_size=16)
    digest.update(
        "\n".join(f"{s.key}\0{s.size}\0{s.mtime_ns}\0{s.inode}" for s in stats).encode(
            "utf-8", "surrogatepass"
        )
    )
    return digest.hexdigest()


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
    # Each article's thread as the cache has it: a grouping writes only the changes.
    thread_of: dict[str, str] = field(default_factory=dict)
    # The last grouping made in this process, and the index it filled: what a
    # regroup after a change starts from.
    grouping: Grouping | None = None
    index: CandidateIndex | None = None
    # The articles read again, and those gone (with their fingerprints), in
    # the run under way.
    _changed: set[str] = field(default_factory=set)
    _gone: dict[str, Fingerprint | None] = field(default_factory=dict)
    # The count of the last grouping's edge keys over its stories (`_count`),
    # and its threads' listing rows, by thread object (a regroup keeps the
    # threads it did not touch as they were: `keep`).
    _recurring: Recurring = field(default_factory=Recurring)
    _rows: dict[int, tuple[Thread, tuple[str, list[tuple[Any, ...]]]]] = field(default_factory=dict)

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
        grouped: Callable[[list[Thread], Found], object] = _nothing,
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
        signature = scan_signature(stats, self.version)
        # A listing made after the last file was stored has every file grouped.
        grouped_all = self.cache.listing_current()
        if known is None:
            # The scan as it was when the library was last brought up to date,
            # and no file stored since: nothing to read, forget or group.
            if signature == self.cache.signature() and grouped_all:
                return Changes((), (), frozenset(stat.key for stat in stats))
            change = changes(stats, self.cache.stamps(), self.version)
            if not change.stale and not change.gone and grouped_all:
                self.cache.set_signature(signature)
                return change  # nothing new since the last grouping
            known = self.cache.entries()
        else:
            change = changes(stats, known, self.version)
        if self.grouping is None and grouped_all:
            self._resume()
        # What each file gave, by path; a file read again replaces it.
        held = {k: e.infos for k, e in known.items() if e.infos and k in change.current}
        self.thread_of = {
            info.key: thread
            for entry in known.values()
            for info, thread in zip(entry.infos, entry.threads, strict=True)
            if thread
        }
        self._changed, self._gone = set(), {}
        if change.gone:
            gone_infos = [info for key in change.gone for info in known[key].infos]
            self._keep_gone(gone_infos)
            self.cache.forget(change.gone)
            for key in change.gone:
                self._drop(known[key].infos)
        if change.stale:
            stale = change.stale
            borrowed = self.cache.borrow(stale, self.version)
            if borrowed:
                taken = set(borrowed)
                stale = tuple(stat for stat in stale if stat.key not in taken)
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
        ungrouped = not grouped_all and any(
            thread is None
            for key, entry in known.items()
            if key in change.current
            for thread in entry.threads
        )
        if change.stale or change.gone or ungrouped:
            in_order = [info for stat in stats for info in held.get(stat.key, ())]
            if ungrouped:
                self.grouping = None  # the cache's threads are not all this process's
            chosen = choices()
            made = self.group(in_order, chosen, changed=self._changed, gone=self._gone, keep=False)
            grouped(*made)  # shown first, kept after: writing the listing takes longer
            self.keep(*made, chosen)
        self.cache.set_signature(signature)
        return change

    def _resume(self) -> None:
        """The last grouping as the cache keeps it, to regroup from (before this
        run stores or forgets anything: it is valid while the listing is)."""
        data, listing = self.cache.grouping(), self.cache.listing()
        if data is None or listing is None:
            return
        try:
            found, counts = data
        except (TypeError, ValueError):
            return
        self.grouping = Grouping.from_data(listing.threads, found)
        if self.grouping is not None:
            self.index = self.cache.candidates()
            self._recurring, self._rows = Recurring.from_data(counts), {}

    def _keep_gone(self, infos: Sequence[ArticleInfo]) -> None:
        """Articles that are going from the cache: a regroup still needs their
        fingerprints, to find the threads they were in."""
        if self.grouping is None:
            return
        keys = [info.key for info in infos]
        self._gone.update(self.cache.fingerprints(keys, compact=True))
        self._gone.update((key, self._gone.get(key)) for key in keys if key not in self._gone)

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
            now = {info.key for info in result.infos}
            went = [info for info in before if info.key not in now]
            if went:
                self._keep_gone(went)
            self._drop(before)
            self._changed.update(now)
            if result.articles:
                held[result.key] = result.infos

    def _drop(self, infos: Iterable[ArticleInfo]) -> None:
        for info in infos:
            self.thread_of.pop(info.key, None)

    def group(
        self,
        infos: Sequence[ArticleInfo],
        choices: Choices = NO_CHOICES,
        *,
        changed: Collection[str] | None = None,
        gone: Mapping[str, Fingerprint | None] | None = None,
        keep: bool = True,
    ) -> tuple[list[Thread], Found]:
        """Group these articles (all of the library's) and remember the threads
        in the cache; returns them, and what the grouping found. After a
        grouping in this process, only the threads that the `changed` and
        `gone` articles touch (or the user's new choices) are grouped again,
        from an index of the library kept in memory; else the whole library,
        its fingerprints read from the cache. With `keep`, the threads are
        written to the cache (else the caller does it: `keep`)."""
        if self.grouping is not None and self.index is not None:
            gone = gone or {}
            present = {info.key: info for info in infos}

            def load(keys: Collection[str]) -> Mapping[str, Fingerprint]:
                prints = self.cache.fingerprints([k for k in keys if k in present], compact=True)
                prints.update((k, p) for k in keys if (p := gone.get(k)) is not None)
                return prints

            grouping = regroup(
                self.grouping,
                present,
                load,
                changed=changed or (),
                gone=list(gone),
                index=self.index,
                choices=choices,
            )
        else:
            prints = self.cache.fingerprints([info.key for info in infos], compact=True)
            infos = [info for info in infos if info.key in prints]
            index = MemoryIndex()
            self.grouping, self._recurring, self._rows = None, Recurring(), {}
            grouping = group_library(infos, [prints[info.key] for info in infos], choices, index)
            # Kept in the cache from now on: a regroup in this process or the
            # next looks its candidates up there.
            table = self.cache.candidates()
            table.fill(index.pages())
            self.index = table
        before, self.grouping = self.grouping, grouping
        threads = list(grouping.threads)
        found = Found.of(grouping, self._count(before, threads))
        if keep:
            self.keep(threads, found, choices)
        return threads, found

    def keep(self, threads: Sequence[Thread], found: Found, choices: Choices) -> None:
        """Write the last grouping to the cache: each article's thread, and the
        listing a warm start shows (its rows made again only for the threads
        that changed)."""
        rows = self._rows
        flat = []
        for thread in threads:
            row = rows.get(id(thread))
            if row is None or row[0] is not thread:
                row = rows[id(thread)] = (thread, (thread.id, [tuple(i) for i in thread.articles]))
            flat.append(row[1])
        alive = {id(thread) for thread in threads}
        for gone in [n for n in rows if n not in alive]:
            del rows[gone]
        self.cache.set_threads(threads, self.thread_of, choices.digest, found.to_data(), flat)
        if self.grouping is not None:
            self.cache.set_grouping((self.grouping.to_data(), self._recurring.to_data()))
        self.thread_of = {info.key: thread.id for thread in threads for info in thread.articles}

    def _count(self, before: Grouping | None, threads: Sequence[Thread]) -> frozenset[int]:
        """The keys of the text the library repeats across its stories, counted
        again only for the threads that changed since the `before` grouping (a
        regroup keeps the threads it did not touch as the very same objects)."""
        counter = self._recurring
        old = {id(thread): thread for thread in before.threads} if before is not None else {}
        new = {id(thread): thread for thread in threads}
        for number, thread in old.items():
            if number not in new:
                counter.remove(story_edges(thread.articles))
        for number, thread in new.items():
            if number not in old:
                counter.add(story_edges(thread.articles))
        return counter.common()

    def threads(
        self,
        choices: Choices = NO_CHOICES,
        *,
        found: Callable[[list[FileStat], list[Failure]], object] = _nothing,
        indexed: Callable[[list[Indexed]], object] = _nothing,
    ) -> list[tuple[str, list[tuple[object, ...]]]]:
        """The library brought up to date, and its threads as the app shows
        them: the last grouping, if nothing changed since and it was made with
        these choices; else grouped again. Each thread is its id and its
        copies' infos as tuples (in ArticleInfo's order): a library of 100,000
        is printed without making an object a copy (`ArticleInfo._make` makes one)."""
        made: list[list[Thread]] = []
        self.run(
            choices=lambda: choices,
            found=found,
            indexed=indexed,
            grouped=lambda threads, common: made.append(threads),
        )
        if not made:
            rows = self.cache.listing_rows()
            if rows is not None and rows[1] == choices.digest:
                return rows[0]
            entries = self.cache.entries()
            made.append(
                self.group([info for e in entries.values() for info in e.infos], choices)[0]
            )
        return [(thread.id, [tuple(info) for info in thread.articles]) for thread in made[-1]]


def _indexed(entry: Entry) -> Indexed:
    """A cached entry as what reading its file gave (for the hooks: its infos,
    not its texts)."""
    stat = FileStat(entry.key, entry.size, entry.mtime_ns, entry.inode)
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

"""What the screen shows of a library, as plain data: no Textual here.

The app applies to a `View` what its indexer reports (files found, read,
grouped, gone), on the UI thread, and then tells the screen what changed; the
screen reads the view to draw the list and the article. So everything the
screen shows can be built, and tested, without a terminal:

- the files of the last scan in scan order, their infos and failures, and the
  threads they are grouped in (or, while only the head of the cached list is
  loaded, how many stories the whole list has);
- the user's marks (read, starred), on the articles' identities, as the state
  has them: a thread is read (or starred) when any of its copies is, so a
  mark stays with the story whatever the grouping does around it;
- the list's rows for a sort order (`rows`), and the last articles shown,
  decoded (`article`).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from reader.bulk import collector_paused
from reader.cache import Entry, Listing, file_of
from reader.library import NOTHING_FOUND, Found, Progress
from reader.model import Article, ArticleInfo, Failure, FileStat, Indexed, Thread
from reader.normalize import agreed_title
from reader.sanitize import clean_line
from reader.settings import Settings
from reader.threads import thread_order, threads_as_before

ARTICLES_KEPT = 64  # articles kept decoded, for going back and forth


@dataclass(frozen=True, slots=True)
class Library:
    """A folder of articles, as the user opened it."""

    root: Path
    sample: bool = False
    label: str | None = None  # how the header names it (default: the path, ~ for home)

    def display_name(self) -> str:
        if self.label is not None:
            return self.label
        if self.sample:
            return "sample"
        text, home = str(self.root), str(Path.home())
        return "~" + text[len(home) :] if text.startswith(home + "/") else text


def sample_library() -> Path:
    """The small library bundled with the package."""
    return Path(str(resources.files("reader").joinpath("sample")))


def resolve_library(path: Path | None, settings: Settings) -> Library:
    """The folder to open: the one given, else the configured one, else the sample."""
    if path is not None:
        return Library(path)
    if settings.library is not None and settings.library.exists():
        return Library(settings.library)
    return Library(sample_library(), sample=True)


class RowState(StrEnum):
    READY = "ready"
    PENDING = "pending"
    ERROR = "error"


class Row(NamedTuple):
    """What the list shows of a thread (or of a file not read yet, or unreadable).

    A named tuple, not a dataclass: a library of 100,000 files makes 100,000
    rows before the first paint, and a tuple is made ten times faster."""

    key: str
    title: str
    meta: str = ""  # the source, or for an error row the reason
    unread: bool = False
    state: RowState = RowState.READY
    copies: int = 1
    starred: bool = False


class Sort(StrEnum):
    """The list's orders, in the order `S` goes through them."""

    DATE = "date"  # newest first
    SOURCE = "source"
    TITLE = "title"
    OLDEST = "oldest"

    @property
    def label(self) -> str:
        return _SORT_LABELS[self]


_SORT_LABELS = {
    Sort.DATE: "newest first",
    Sort.SOURCE: "by source",
    Sort.TITLE: "by title",
    Sort.OLDEST: "oldest first",
}


class Show(StrEnum):
    """Which stories the list shows, in the order `v` goes through them."""

    ALL = "all"
    UNREAD = "unread"
    STARRED = "starred"


def failure_row(failure: Failure) -> Row:
    path, reason = failure.path, failure.reason
    return Row(str(path), clean_line(path.name), clean_line(reason), state=RowState.ERROR)


def source_of(thread: Thread) -> str:
    """Who published the story: the first copy that says, else the aggregator."""
    # Plain loops: a warm start asks this of every story with copies at once.
    for article in thread.articles:
        if article.source:
            return article.source
    for article in thread.articles:
        if article.aggregator:
            return article.aggregator
    return ""


def thread_rows(
    threads: Iterable[Thread], read: AbstractSet[str], starred: AbstractSet[str]
) -> list[Row]:
    """The list's rows for these threads: unread unless a copy was read,
    starred if a copy is. (A warm start makes 100,000 at once: the one-copy
    threads, most of them, take a shorter way.)"""
    rows = []
    ready = RowState.READY
    for thread in threads:
        articles = thread.articles
        if len(articles) == 1:
            lead = articles[0]
            ident = lead.ident
            row = (thread.id, lead.title, lead.source or lead.aggregator or "",
                   ident not in read, ready, 1, ident in starred)  # fmt: skip
        else:
            idents = [a.ident for a in articles]
            row = (thread.id, agreed_title([a.title for a in articles]), source_of(thread),
                   read.isdisjoint(idents), ready, len(articles),
                   not starred.isdisjoint(idents))  # fmt: skip
        rows.append(tuple.__new__(Row, row))
    return rows


def sort_key(sort: Sort) -> Callable[[Thread], tuple[object, ...]]:
    if sort is Sort.SOURCE:
        return lambda t: (source_of(t).casefold() or "\uffff", thread_order(t))
    if sort is Sort.TITLE:
        return lambda t: (t.title.casefold(), thread_order(t))
    return thread_order


def sorted_threads(threads: list[Thread], sort: Sort) -> list[Thread]:
    """The threads in `sort` order (the view keeps them newest first)."""
    if sort is Sort.DATE:
        return threads
    if sort is Sort.OLDEST:
        # Undated stories stay last, as they are when newest come first.
        dated = [t for t in threads if thread_order(t)[0]]
        return dated[::-1] + [t for t in threads if not thread_order(t)[0]]
    return sorted(threads, key=sort_key(sort))


def single(info: ArticleInfo) -> Thread:
    """A file read but not yet grouped: a story of its own, keyed by the file."""
    return Thread(id=info.key, articles=(info,))


@dataclass(frozen=True, slots=True)
class Session:
    """Where the reader was in a library, and how its list was set: what it
    opens at next time."""

    thread: str = ""  # the identity of the lead of the story that was open
    copy: int = 0  # which of its copies
    line: int = 0  # the article's line at the top of the pane
    sort: str = Sort.DATE.value
    show: str = Show.ALL.value
    source: str | None = None
    filter: str = ""  # the title filter
    search: str | None = None  # the full-text search
    reading: bool = False  # the article had the focus, not the list

    def to_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Session:
        """A session from what the state kept; anything odd in it is ignored."""

        def text(name: str, default: str) -> str:
            value = data.get(name)
            return value if isinstance(value, str) else default

        def number(name: str) -> int:
            value = data.get(name)
            return value if isinstance(value, int) and not isinstance(value, bool) else 0

        def maybe(name: str) -> str | None:
            value = data.get(name)
            return value if isinstance(value, str) else None

        sort, show = text("sort", Sort.DATE.value), text("show", Show.ALL.value)
        return cls(
            thread=text("thread", ""),
            copy=max(number("copy"), 0),
            line=max(number("line"), 0),
            sort=sort if sort in {s.value for s in Sort} else Sort.DATE.value,
            show=show if show in {s.value for s in Show} else Show.ALL.value,
            source=maybe("source"),
            filter=text("filter", ""),
            search=maybe("search"),
            reading=data.get("reading") is True,
        )


@dataclass(slots=True)
class View:
    """One library as the screen shows it. Written on the UI thread only."""

    library: Library
    # The article of a file as cached, as the library shows it with what its
    # grouping found (the second argument); None if it has not been read yet.
    load: Callable[[str, Found], Article | None]
    read: set[str] = field(default_factory=set)
    starred: set[str] = field(default_factory=set)
    keys: list[str] = field(default_factory=list)  # the files of the last scan, in scan order
    _scanning: list[str] = field(default_factory=list)  # the files of the scan under way
    infos: dict[str, ArticleInfo] = field(default_factory=dict)
    failures: dict[str, Failure] = field(default_factory=dict)
    threads: list[Thread] = field(default_factory=list)
    # While only the head of the cached list is shown: how many stories the
    # whole list has.
    partial: int | None = None
    # What the last grouping found besides the threads (repeated text, the
    # library's stories found in pages, lost pages, newer copies).
    findings: Found = NOTHING_FOUND
    indexing: bool = True
    progress: Progress = field(default_factory=Progress)
    session: Session = field(default_factory=Session)  # kept up to date by the screen
    # The files the walk could not take (links, FIFOs, odd names), by key: the
    # last scan's, replaced by each new one.
    walk_failures: dict[str, Failure] = field(default_factory=dict)
    _walked: dict[str, Failure] = field(default_factory=dict)  # the scan under way's
    _held: dict[str, tuple[str, ...]] = field(default_factory=dict)  # file: its article keys
    _articles: OrderedDict[str, Article] = field(default_factory=OrderedDict)
    _by_id: dict[str, Thread] = field(default_factory=dict)
    _of_file: dict[str, Thread] | None = None

    # ---- what the indexer reported ---------------------------------------------

    def show_listing(self, listing: Listing) -> None:
        """The list as the last grouping left it (nothing changed since): its
        head first, if that is what came, then the whole of it."""
        with collector_paused():
            self.infos.update(listing.infos)
            for key, reason in listing.failures.items():
                self.failures[key] = Failure(Path(key), reason)
            self._hold(listing.infos)
            self._set_threads(listing.threads)
            self.partial = listing.stories if len(listing.threads) < listing.stories else None
            found = Found.from_data(listing.found)
            if found != self.findings:
                self.findings = found
                self._articles.clear()

    def show_cache(self, known: dict[str, Entry]) -> bool:
        """What the cache knows, grouped as far as the last grouping went.
        False if it knows no article."""
        with collector_paused():
            ids = {}
            for key, entry in known.items():
                for info, thread in zip(entry.infos, entry.threads, strict=True):
                    self.infos[info.key] = info
                    if thread:
                        ids[info.key] = thread
                if entry.infos:
                    self._held[key] = tuple(info.key for info in entry.infos)
                elif entry.failure is not None:
                    self.failures[key] = Failure(Path(key), entry.failure)
            if not self.infos:
                return False
            self._set_threads(threads_as_before(self.infos.values(), ids))
            self.partial = None
            return True

    def scan_started(self) -> None:
        """A new scan of the folder begins (the last one may have been stopped)."""
        self._scanning, self._walked = [], {}

    def found(self, stats: Sequence[FileStat], failures: Sequence[Failure]) -> list[str]:
        """The scan found these files (and could not take these); returns the
        keys of those not listed yet: files the view does not know, and
        failures not shown before."""
        keys = [stat.key for stat in stats]
        self._scanning.extend(keys)
        held, shown = self._held, self.failures
        fresh = [key for key in keys if key not in held and key not in shown]
        for failure in failures:
            key = str(failure.path)
            self._walked[key] = failure
            if self.failures.get(key) != failure:
                if key not in self.failures:
                    fresh.append(key)
                self.failures[key] = failure
                self.walk_failures[key] = failure
        return fresh

    def reading(self, total: int) -> None:
        self.progress = Progress(0, total)
        self.indexing = True

    def indexed(self, results: Sequence[Indexed]) -> list[str]:
        """These files were read; returns their keys."""
        self.progress.add(len(results))
        for result in results:
            key = result.key
            for old in self._held.pop(key, (key,)):
                self._articles.pop(old, None)
                self.infos.pop(old, None)
            self.failures.pop(key, None)
            if result.articles:
                self.infos.update((info.key, info) for info in result.infos)
                self._held[key] = tuple(info.key for info in result.infos)
            else:
                self.failures[key] = Failure(result.path, result.failure or "unreadable")
        return [result.key for result in results]

    def grouped(self, threads: list[Thread], found: Found) -> None:
        self._set_threads(threads)
        self.partial = None
        if found != self.findings:
            self.findings = found
            self._articles.clear()

    def synced(self, gone: Iterable[str]) -> bool:
        """The sync ended; these files were gone. The walk's failures are now
        those of this scan."""
        gone_set = set(gone)
        for key in set(self.walk_failures) - set(self._walked):
            gone_set.add(key)
            del self.walk_failures[key]
        self.keys = self._scanning
        if gone_set:
            for key in gone_set:
                for old in self._held.pop(key, (key,)):
                    self.infos.pop(old, None)
                    self._articles.pop(old, None)
                self.failures.pop(key, None)
        self.indexing = False
        return bool(gone_set)

    def _hold(self, infos: Iterable[str]) -> None:
        for key in infos:
            file = file_of(key)
            if file == key:
                self._held[key] = (key,)
            else:
                self._held[file] = (*self._held.get(file, ()), key)

    def _set_threads(self, threads: list[Thread]) -> None:
        self.threads = threads
        self._by_id = {thread.id: thread for thread in threads}
        self._of_file = None

    # ---- what the screen asks --------------------------------------------------

    def article(self, key: str) -> Article | None:
        """The article of file `key`, or None if it has not been read yet."""
        article = self._articles.get(key)
        if article is None:
            article = self.load(key, self.findings)
            if article is None:
                return None
            self._articles[key] = article
            if len(self._articles) > ARTICLES_KEPT:
                self._articles.popitem(last=False)
        self._articles.move_to_end(key)
        return article

    def thread(self, key: str) -> Thread | None:
        """The thread a row stands for: a grouped one, or a file read but not
        grouped yet."""
        thread = self._by_id.get(key)
        if thread is not None:
            return thread
        info = self.infos.get(key)
        return single(info) if info else None

    def is_grouped(self, thread_id: str) -> bool:
        return thread_id in self._by_id

    def thread_of_file(self) -> dict[str, Thread]:
        """The thread of each file (made when first asked, after each grouping)."""
        if self._of_file is None:
            self._of_file = {a.key: t for t in self.threads for a in t.articles}
        return self._of_file

    def rows(self, sort: Sort) -> list[Row]:
        """One row per story in `sort` order, then the unreadable files."""
        rows = thread_rows(sorted_threads(self.threads, sort), self.read, self.starred)
        return rows + [failure_row(failure) for failure in self.failures.values()]

    def row(self, thread: Thread) -> Row:
        return thread_rows((thread,), self.read, self.starred)[0]

    def file_row(self, key: str) -> Row:
        """The row of one file: as a story of its own once read, else its name."""
        info = self.infos.get(key)
        if info is not None:
            return self.row(single(info))
        failure = self.failures.get(key)
        if failure is not None:
            return failure_row(failure)
        return Row(key, clean_line(os.path.basename(key)), "…", state=RowState.PENDING)

    def file_rows(self, key: str) -> list[Row]:
        """The rows of one file: one for each article it holds once read (a
        mailbox, an archive: several), else its name, or why it failed."""
        held = self._held.get(key, ())
        if len(held) > 1 or (held and held[0] != key):
            return [self.row(single(self.infos[k])) for k in held if k in self.infos]
        return [self.file_row(key)]

    def files(self) -> int:
        """How many files the library has: as the last scan found them, or as
        many as the first scan has found so far."""
        return max(len(self.keys), len(self._scanning))

    def sources(self) -> list[tuple[str, int]]:
        """The library's sources and how many stories each has, most first."""
        counts: dict[str, int] = {}
        for thread in self.threads:
            source = source_of(thread)
            if source:
                counts[source] = counts.get(source, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))

    def unread_count(self) -> int:
        return sum(1 for thread in self.threads if not self.is_read(thread))

    def is_read(self, thread: Thread) -> bool:
        """Whether any copy of the story was read."""
        read = self.read
        return bool(read) and any(info.ident in read for info in thread.articles)

    def is_starred(self, thread: Thread) -> bool:
        starred = self.starred
        return bool(starred) and any(info.ident in starred for info in thread.articles)

    # ---- the user's marks --------------------------------------------------------

    def mark(self, marks: set[str], thread: Thread, on: bool) -> None:
        """Mark every copy of the story (or take the mark off every copy)."""
        idents = set(thread.idents)
        if on:
            marks |= idents
        else:
            marks -= idents

    def set_marks(self, read: AbstractSet[str], starred: AbstractSet[str]) -> bool:
        """The marks as the state has them now (another instance may have
        written some); True if they changed."""
        if read == self.read and starred == self.starred:
            return False
        self.read, self.starred = set(read), set(starred)
        return True

"""The Textual app: owns what is known of the library, and the workers that learn it.

Nothing is parsed on the UI thread, and the screen never waits:

1. A warm start shows at once the list as the last grouping left it (the
   cache's listing) or, if files were read since, what the cache knows of
   each file, in the threads of the last grouping.

2. A thread worker walks the folder (a cold start lists file names as they are
   found), compares each file's size, mtime and inode with the cache, and has
   the new and changed ones read by a pool of worker processes, the file the
   user is looking at first. Results go to the cache and, in batches, to the
   screen (`call_from_thread`).
3. If anything changed, the library is grouped again in that worker.

The same happens again every `poll_seconds`, and when the user presses `R`.
Articles themselves stay in the cache and are read from it when shown.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from textual import work
from textual.app import App
from textual.notifications import SeverityLevel
from textual.worker import get_current_worker

from reader.boilerplate import Catalogue, load_catalogue
from reader.bulk import collector_paused
from reader.cache import Cache, Entry, Listing
from reader.library import Indexer, Progress
from reader.model import Article, ArticleInfo, Failure, FileStat, Indexed, Thread
from reader.pipeline import default_catalogue, refold
from reader.pool import prepare as prepare_pool
from reader.sanitize import clean_line
from reader.settings import DEFAULT_THEME, Settings
from reader.store import State
from reader.threads import threads_as_before
from reader.tui.bindings import APP
from reader.tui.help import HelpScreen
from reader.tui.main_screen import MainScreen
from reader.tui.opener import browser_opener, system_opener, web_link

_ARTICLES_KEPT = 64  # articles kept decoded, for going back and forth


@dataclass(frozen=True, slots=True)
class Library:
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


class ReaderApp(App[None]):
    """Browse a folder of saved articles, one story per thread."""

    TITLE = "reader"
    CSS_PATH = "app.tcss"
    BINDINGS = APP
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        library: Library,
        *,
        settings: Settings | None = None,
        theme: str | None = None,
        state: State | None = None,
        catalogue: Catalogue | None = None,
        cache: Cache | None = None,
        opener: Callable[[Path], str | None] = system_opener,
        browser: Callable[[str], str | None] = browser_opener,
    ) -> None:
        super().__init__()
        prepare_pool()
        self.settings = settings or Settings.load()
        self.library = Library(library.root.expanduser().resolve(), library.sample, library.label)
        self.state = state or State.open(self.settings.state_file)
        self.catalogue = catalogue or (
            load_catalogue(self.settings.rules_file) if settings else default_catalogue()
        )
        self.cache = cache or Cache.open(self.settings.cache_file)
        self.indexer = Indexer.from_settings(
            self.library.root, self.settings, self.cache, self.catalogue
        )
        self.opener = opener
        self.browser = browser
        # What the screen shows; written on the UI thread only.
        # Files are named by their keys (paths as text), as in the cache.
        self.keys: list[str] = []  # the files of the last scan, in scan order
        self.infos: dict[str, ArticleInfo] = {}
        self.failures: dict[str, Failure] = {}
        self.threads: list[Thread] = []
        # While only the head of the cached list is shown: how many stories
        # the whole list has.
        self.partial: int | None = None
        self.common: frozenset[int] = frozenset()  # what the library repeats
        self.read_paths: set[str] = self.state.read_paths()
        self.starred: set[str] = self.state.starred_paths()
        self.indexing = True
        self.progress = Progress()
        self.wanted: Path | None = None  # the file the user waits for
        self._articles: OrderedDict[str, Article] = OrderedDict()
        self._syncing = threading.Lock()
        wanted = theme or self.settings.theme
        self._theme_problem = None
        if wanted not in self.available_themes:
            self._theme_problem = f"unknown theme {wanted!r}; using {DEFAULT_THEME}"
            wanted = DEFAULT_THEME
        self.theme = wanted

    @property
    def main(self) -> MainScreen:
        return self.get_screen("main")  # type: ignore[return-value]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification, from any screen, as plain text on one line: its
        words may come from files (titles, names, reasons)."""
        super().notify(
            clean_line(message),
            title=clean_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_mount(self) -> None:
        self.install_screen(MainScreen(), name="main")
        self.push_screen("main")
        for problem in (
            *self.settings.problems,
            *self.catalogue.problems,
            self.state.problem,
            self.cache.problem,
            self._theme_problem,
        ):
            if problem:
                self.notify(problem, severity="warning", timeout=8)
        self.sync(first=True)
        if self.settings.poll_seconds:
            self.set_interval(self.settings.poll_seconds, self.action_rescan)

    # ---- learning the library (a worker thread) ------------------------------------

    @work(thread=True, group="sync", exit_on_error=False)
    def sync(self, first: bool = False) -> None:
        """Bring what the screen shows up to date with the folder."""
        if not self._syncing.acquire(blocking=False):
            return  # one is under way: it will see the same changes
        try:
            self._sync(first)
        finally:
            self._syncing.release()

    def _sync(self, first: bool) -> None:
        worker = get_current_worker()
        if first:
            # What a warm start makes lives as long as the app (see reader.bulk).
            with collector_paused(freeze=True):
                head = self.cache.listing(head=True)
                if head is not None:
                    self.call_from_thread(self._from_listing, head)
                listing = self.cache.listing()
                if listing is not None:
                    self.call_from_thread(self._from_listing, listing)
                known = self.cache.entries()
                if listing is None:
                    self.call_from_thread(self._from_cache, known)
        else:
            known = self.cache.entries()

        change = self.indexer.run(
            known,
            choices=lambda: self.call_from_thread(self.state.choices),
            first=lambda: self.wanted,
            cancelled=lambda: worker.is_cancelled,
            found=lambda stats, failures: self.call_from_thread(
                self._found, stats, failures, known
            ),
            reading=lambda total: self.call_from_thread(self._reading, total),
            indexed=lambda batch: self.call_from_thread(self._indexed, batch),
            grouped=lambda threads, common: self.call_from_thread(self._grouped, threads, common),
        )
        if change is not None:
            self.call_from_thread(self._synced, change.gone)

    @work(thread=True, group="group", exit_on_error=False)
    def regroup(self, infos: list[ArticleInfo]) -> None:
        """Group again (after a split or a merge), unless a sync will anyway."""
        if self._syncing.acquire(blocking=False):
            try:
                choices = self.call_from_thread(self.state.choices)
                self.call_from_thread(self._grouped, *self.indexer.group(infos, choices))
            finally:
                self._syncing.release()

    # ---- what the worker learnt (the UI thread) --------------------------------------

    def _from_listing(self, listing: Listing) -> None:
        """Show the list as the last grouping left it (nothing changed since):
        its head first, if that is what came, then the whole of it."""
        with collector_paused():
            self.infos.update(listing.infos)
            for key, reason in listing.failures.items():
                self.failures[key] = Failure(Path(key), reason)
            self.threads = listing.threads
            self.partial = listing.count if len(listing.threads) < listing.count else None
            self.main.threads_grouped()

    def _from_cache(self, known: dict[str, Entry]) -> None:
        """Show what the cache knows, grouped as far as the last grouping went."""
        with collector_paused():
            for key, entry in known.items():
                if entry.info is not None:
                    self.infos[key] = entry.info
                elif entry.failure is not None:
                    self.failures[key] = Failure(Path(key), entry.failure)
            if self.infos:
                ids = {key: entry.thread for key, entry in known.items() if entry.thread}
                self.threads = threads_as_before(self.infos.values(), ids)
                self.partial = None
                self.main.threads_grouped()

    def _found(
        self, stats: list[FileStat], failures: list[Failure], known: dict[str, Entry]
    ) -> None:
        keys = [str(stat.path) for stat in stats]
        self.keys.extend(keys)
        for failure in failures:
            self.failures[str(failure.path)] = failure
        self.main.files_found([key for key in keys if key not in known], failures)

    def _reading(self, total: int) -> None:
        self.progress = Progress(0, total)
        self.indexing = True
        self.main.show_status()

    def _indexed(self, results: list[Indexed]) -> None:
        self.progress.add(len(results))
        for result in results:
            key = result.key
            self._articles.pop(key, None)
            self.infos.pop(key, None)
            self.failures.pop(key, None)
            if result.info is not None:
                self.infos[key] = result.info
            else:
                self.failures[key] = Failure(result.path, result.failure or "unreadable")
        self.main.files_read([result.key for result in results])

    def _grouped(self, threads: list[Thread], common: frozenset[int]) -> None:
        self.threads, self.partial = threads, None
        if common != self.common:
            self.common = common
            self._articles.clear()
        self.main.threads_grouped()

    def _synced(self, gone: tuple[str, ...]) -> None:
        if gone:
            gone_set = set(gone)
            self.keys = [key for key in self.keys if key not in gone_set]
            for key in gone:
                self.infos.pop(key, None)
                self.failures.pop(key, None)
                self._articles.pop(key, None)
        self.indexing = False
        self.main.show_status()

    # ---- articles, read state, choices ---------------------------------------------

    def article(self, key: str) -> Article | None:
        """The article of file `key` as cached (and folded with what the library
        repeats), or None if it has not been read yet."""
        article = self._articles.get(key)
        if article is None:
            article = self.cache.article(key)
            if article is None:
                return None
            article = refold(article, self.catalogue, self.common)
            self._articles[key] = article
            if len(self._articles) > _ARTICLES_KEPT:
                self._articles.popitem(last=False)
        self._articles.move_to_end(key)
        return article

    def split_out(self, info: ArticleInfo) -> None:
        self.state.split_out(info.path)
        self._report_state_problem()
        self.regroup(list(self.infos.values()))

    def merge(self, first: Thread, second: Thread) -> None:
        self.state.merge(first.lead.path, second.lead.path)
        self._report_state_problem()
        self.regroup(list(self.infos.values()))

    def is_read(self, thread: Thread) -> bool:
        read = self.read_paths
        return bool(read) and all(info.key in read for info in thread.articles)

    def is_starred(self, thread: Thread) -> bool:
        starred = self.starred
        return bool(starred) and any(info.key in starred for info in thread.articles)

    def set_read(self, thread: Thread, read: bool) -> None:
        self.state.set_read(thread.keys, read)
        self._update(self.read_paths, thread, read)

    def set_starred(self, thread: Thread, starred: bool) -> None:
        self.state.set_starred(thread.keys, starred)
        self._update(self.starred, thread, starred)

    def _update(self, marks: set[str], thread: Thread, on: bool) -> None:
        keys = set(thread.keys)
        if on:
            marks |= keys
        else:
            marks -= keys
        self._report_state_problem()

    def _report_state_problem(self) -> None:
        if self.state.problem:
            self.notify(self.state.problem, severity="warning")

    # ---- actions ---------------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_rescan(self) -> None:
        self.sync()

    def open_original(self, path: Path) -> None:
        problem = self.opener(path)
        if problem:
            self.notify(f"Could not open {path.name}: {problem}", severity="error")
        else:
            self.notify(f"Opened {path.name}", timeout=3)

    def open_link(self, url: str | None) -> None:
        if not url:
            self.notify("This article names no web address", timeout=3)
            return
        link = web_link(url)
        if link is None:
            self.notify(f"Not opened: {url} (only http and https links are opened)", timeout=5)
            return
        problem = self.browser(link)
        if problem:
            self.notify(f"Could not open {link}: {problem}", severity="error")
        else:
            self.notify(f"Opened {link} in the browser", timeout=3)

    def on_unmount(self) -> None:
        self.workers.cancel_all()
        self.state.close()
        self.cache.close()

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.worker import get_current_worker

from reader.boilerplate import Catalogue, load_catalogue
from reader.bulk import collector_paused
from reader.cache import Cache, Entry, Listing
from reader.library import Indexer
from reader.model import Article, ArticleInfo, Failure, FileStat, Indexed, Thread
from reader.pipeline import default_catalogue, refold
from reader.pool import prepare as prepare_pool
from reader.sanitize import clean_line
from reader.settings import DEFAULT_THEME, Settings
from reader.store import State
from reader.threads import Choices
from reader.tui import messages
from reader.tui.bindings import APP, table
from reader.tui.help import HelpScreen
from reader.tui.main_screen import MainScreen
from reader.tui.opener import browser_opener, system_opener, web_link
from reader.view import Library, View, resolve_library, sample_library

__all__ = ["Library", "ReaderApp", "resolve_library", "sample_library"]


class ReaderApp(App[None]):
    """Browse a folder of saved articles, one story per thread."""

    TITLE = "reader"
    CSS_PATH = "app.tcss"
    BINDINGS = table(APP)
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
        library = Library(library.root.expanduser().resolve(), library.sample, library.label)
        self.state = state or State.open(self.settings.state_file)
        self.catalogue = catalogue or (
            load_catalogue(self.settings.rules_file) if settings else default_catalogue()
        )
        self.cache = cache or Cache.open(self.settings.cache_file)
        self.indexer = Indexer.from_settings(
            library.root, self.settings, self.cache, self.catalogue
        )
        self.shelf = self.indexer.cache  # this library's part of the cache
        self.opener = opener
        self.browser = browser
        marks = self.state.marks()
        self.view = View(library, load=self._load, read=set(marks.read), starred=set(marks.starred))
        # The digest of the choices the threads shown were grouped with.
        self._grouped_with: str | None = None
        self.main = MainScreen(self.view)
        self.wanted: Path | None = None  # the file the user waits for (read by the worker)
        self._syncing = threading.Lock()
        wanted = theme or self.settings.theme
        self._theme_problem = None
        if wanted not in self.available_themes:
            self._theme_problem = f"unknown theme {wanted!r}; using {DEFAULT_THEME}"
            wanted = DEFAULT_THEME
        self.theme = wanted

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
        self.install_screen(self.main, name="main")
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
            self.set_interval(self.settings.poll_seconds, self.sync)

    def _tell(self, message: Message) -> None:
        """Tell the screen what changed in the view."""
        self.main.post_message(message)

    # ---- learning the library (a worker thread) ------------------------------------

    @work(thread=True, group="sync", exit_on_error=False)
    def sync(self, first: bool = False) -> None:
        """Bring the view up to date with the folder."""
        if not self._syncing.acquire(blocking=False):
            return  # one is under way: it will see the same changes
        try:
            self._sync(first)
        finally:
            self._syncing.release()

    def _sync(self, first: bool) -> None:
        worker = get_current_worker()
        self.call_from_thread(self.view.scan_started)
        if first:
            # What a warm start makes lives as long as the app (see reader.bulk).
            with collector_paused(freeze=True):
                head = self.shelf.listing(head=True)
                if head is not None:
                    self.call_from_thread(self._show, self.view.show_listing, head)
                listing = self.shelf.listing()
                if listing is not None:
                    self.call_from_thread(self._show, self.view.show_listing, listing)
                known = None  # the stamps do, with a current listing
                if listing is None:
                    known = self.shelf.entries()
                    self.call_from_thread(self._show, self.view.show_cache, known)
        else:
            known = None

        change = self.indexer.run(
            known,
            choices=lambda: self.call_from_thread(self._current_choices),
            first=lambda: self.wanted,
            cancelled=lambda: worker.is_cancelled,
            found=lambda stats, failures: self.call_from_thread(self._found, stats, failures),
            reading=lambda total: self.call_from_thread(self._reading, total),
            indexed=lambda batch: self.call_from_thread(self._indexed, batch),
            grouped=lambda threads, common: self.call_from_thread(self._grouped, threads, common),
        )
        if change is not None:
            self.call_from_thread(self._synced, change.gone)

    @work(thread=True, group="group", exit_on_error=False)
    def regroup(self, infos: list[ArticleInfo]) -> None:
        """Group again (after a split or a merge, or choices another instance
        made), after the sync under way, if one is."""
        with self._syncing:
            if get_current_worker().is_cancelled:
                return
            choices = self.call_from_thread(self._current_choices)
            self.call_from_thread(self._grouped, *self.indexer.group(infos, choices))

    def _current_choices(self) -> Choices:
        choices = self.state.choices()
        self._grouped_with = choices.digest
        return choices

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(self, text: str) -> None:
        found = self.shelf.search(text)
        self.call_from_thread(self._tell, messages.SearchFinished(text, found))

    # ---- what the worker learnt (the UI thread) --------------------------------------

    def _show(self, apply: Callable[[Any], object], what: Listing | dict[str, Entry]) -> None:
        """A warm start: what the cache holds, shown before the walk."""
        if isinstance(what, Listing):
            self._grouped_with = what.choices
        if apply(what) is not False:
            self._tell(messages.ThreadsGrouped())

    def _found(self, stats: list[FileStat], failures: list[Failure]) -> None:
        self._tell(messages.FilesFound(self.view.found(stats, failures)))

    def _reading(self, total: int) -> None:
        self.view.reading(total)
        self._tell(messages.StatusChanged())

    def _indexed(self, results: list[Indexed]) -> None:
        self._tell(messages.FilesRead(self.view.indexed(results)))

    def _grouped(self, threads: list[Thread], common: frozenset[int]) -> None:
        self.view.grouped(threads, common)
        self._tell(messages.ThreadsGrouped())

    def _synced(self, gone: tuple[str, ...]) -> None:
        rows_went = self.view.synced(gone)
        # Marks another instance wrote, and marks on paths from the state's
        # first schema, for the files this library now knows.
        if self.state.has_legacy:
            self.state.adopt({key: info.ident for key, info in self.view.infos.items()})
        marks = self.state.marks()
        if self.view.set_marks(marks.read, marks.starred):
            rows_went = True
        if rows_went:
            self._tell(messages.ThreadsGrouped())
        else:
            self._tell(messages.StatusChanged())
        if marks.choices.digest != self._grouped_with and self.view.threads:
            self.regroup(list(self.view.infos.values()))

    def _load(self, key: str, common: frozenset[int]) -> Article | None:
        article = self.shelf.article(key)
        return refold(article, self.catalogue, common) if article is not None else None

    # ---- what the screen asks for ------------------------------------------------------

    @on(messages.Wanted)
    def _wanted(self, message: messages.Wanted) -> None:
        self.wanted = message.path

    @on(messages.SetRead)
    def _set_read(self, message: messages.SetRead) -> None:
        thread = message.thread
        self.state.set_read(thread.idents, message.read, paths=thread.keys)
        self._marked(self.view.read, thread, message.read)

    @on(messages.SetStarred)
    def _set_starred(self, message: messages.SetStarred) -> None:
        thread = message.thread
        self.state.set_starred(thread.idents, message.starred, paths=thread.keys)
        self._marked(self.view.starred, thread, message.starred)

    def _marked(self, marks: set[str], thread: Thread, on: bool) -> None:
        self.view.mark(marks, thread, on)
        self._report_state_problem()
        self._tell(messages.MarksChanged([thread]))

    @on(messages.SplitOut)
    def _split_out(self, message: messages.SplitOut) -> None:
        self.state.split_out(message.info.ident)
        self._report_state_problem()
        self.regroup(list(self.view.infos.values()))

    @on(messages.Join)
    def _join(self, message: messages.Join) -> None:
        self.state.merge(message.first.lead.ident, message.second.lead.ident)
        self._report_state_problem()
        self.regroup(list(self.view.infos.values()))

    @on(messages.Search)
    def _search(self, message: messages.Search) -> None:
        self.search(message.text)

    @on(messages.Rescan)
    def _rescan(self) -> None:
        self.sync()

    @on(messages.OpenFile)
    def _open_file(self, message: messages.OpenFile) -> None:
        path = message.path
        problem = self.opener(path)
        if problem:
            self.notify(f"Could not open {path.name}: {problem}", severity="error")
        else:
            self.notify(f"Opened {path.name}", timeout=3)

    @on(messages.OpenLink)
    def _open_link(self, message: messages.OpenLink) -> None:
        url = message.url
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

    def _report_state_problem(self) -> None:
        if self.state.problem:
            self.notify(self.state.problem, severity="warning")

    # ---- actions ---------------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def on_unmount(self) -> None:
        self.workers.cancel_all()
        self.state.close()
        self.cache.close()

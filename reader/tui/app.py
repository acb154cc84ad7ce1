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

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App, SuspendNotSupported
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.worker import get_current_worker

from reader.boilerplate import Catalogue, load_catalogue
from reader.bulk import collector_paused
from reader.cache import Cache, Entry, Listing
from reader.library import Changes, Found, Indexer, as_shown
from reader.model import Article, ArticleInfo, Failure, FileStat, Indexed, Thread
from reader.pipeline import default_catalogue
from reader.pool import prepare as prepare_pool
from reader.render import as_markdown, as_text
from reader.sanitize import clean_line
from reader.settings import DEFAULT_THEME, Settings
from reader.store import State
from reader.threads import Choices
from reader.tui import messages
from reader.tui.bindings import ALL, APP, table
from reader.tui.help import HelpScreen
from reader.tui.main_screen import MainScreen
from reader.tui.opener import (
    browser_opener,
    command_of,
    run_program,
    system_clipboard,
    system_opener,
    web_link,
)
from reader.tui.pickers import Choice, ChoicesScreen
from reader.view import Library, Session, View, resolve_library, sample_library

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
        clipboard: Callable[[str], bool] = system_clipboard,
        runner: Callable[[list[str], str | None], str | None] = run_program,
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
        self.system_clipboard = clipboard
        self.runner = runner
        marks = self.state.marks()
        self.view = View(library, load=self._load, read=set(marks.read), starred=set(marks.starred))
        self.view.session = Session.from_dict(self.state.session(str(library.root)))
        self._undo: list[Undoable] = []
        self._rescan_asked = False  # the user pressed R: say what the sync found
        # The digest of the choices the threads shown were grouped with.
        self._grouped_with: str | None = None
        self.main = MainScreen(self.view)
        self.wanted: Path | None = None  # the file the user waits for (read by the worker)
        self._syncing = threading.Lock()
        # The theme: --theme, else the last one picked (ctrl+p), else the config's.
        configured = self.settings.theme
        if configured not in self.available_themes:
            configured = DEFAULT_THEME
        wanted = theme or self.state.preference("theme") or configured
        self._theme_problem = None
        if wanted not in self.available_themes:
            self._theme_problem = f"unknown theme {wanted!r}; using {configured}"
            wanted = configured
        self.theme = wanted
        self._keymap_problems = self._apply_keymap()

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
            *self._keymap_problems,
        ):
            if problem:
                self.notify(problem, severity="warning", timeout=8)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.sync(first=True)
        if self.settings.poll_seconds:
            self.set_interval(self.settings.poll_seconds, self.sync)

    def _apply_keymap(self) -> list[str]:
        """The user's [keys] from config.toml, as far as they make sense; one
        line for each id that names no key and each key given twice in a place."""
        problems, keymap = [], {}
        known = {binding.id for bindings in ALL for binding in bindings if binding.id}
        for binding_id, keys in self.settings.keys:
            if binding_id not in known:
                problems.append(f"keys: no key is called {binding_id!r} (see ? for the names)")
            else:
                keymap[binding_id] = keys
        for bindings in ALL:  # each table is one place: a key may do one thing there
            holders: dict[str, list[str]] = {}
            for binding in bindings:
                for key in keymap.get(binding.id or "", binding.key).split(","):
                    holders.setdefault(key.strip(), []).append(binding.id or "")
            for key, ids in holders.items():
                if len(ids) > 1 and any(i in keymap for i in ids):
                    problems.append(f"keys: {key!r} is given to both {ids[0]} and {ids[1]}")
        if keymap:
            self.set_keymap(keymap)
        self.keymap = keymap
        return problems

    def _theme_changed(self, theme: object) -> None:
        self.state.set_preference("theme", self.theme)

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
            grouped=lambda threads, found: self.call_from_thread(self._grouped, threads, found),
        )
        if change is not None:
            self.call_from_thread(self._synced, change)

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

    def _grouped(self, threads: list[Thread], found: Found) -> None:
        self.view.grouped(threads, found)
        self._tell(messages.ThreadsGrouped())

    def _synced(self, change: Changes) -> None:
        rows_went = self.view.synced(change.gone)
        if self._rescan_asked:
            self._rescan_asked = False
            self.notify(_what_changed(change), timeout=4)
        self.state.save_session(str(self.view.library.root), self.view.session.to_dict())
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

    def _load(self, key: str, found: Found) -> Article | None:
        article = self.shelf.article(key)
        return as_shown(article, self.catalogue, found) if article is not None else None

    # ---- what the screen asks for ------------------------------------------------------

    @on(messages.Wanted)
    def _wanted(self, message: messages.Wanted) -> None:
        self.wanted = message.path

    @on(messages.SetRead)
    def _set_read(self, message: messages.SetRead) -> None:
        thread = message.thread
        if message.undoable:
            self._undo.append(Undoable("read", (thread,), self._marked_of(thread, self.view.read)))
        self._mark("read", [thread], message.read)

    @on(messages.SetStarred)
    def _set_starred(self, message: messages.SetStarred) -> None:
        thread = message.thread
        self._undo.append(Undoable("star", (thread,), self._marked_of(thread, self.view.starred)))
        self._mark("starred", [thread], message.starred)

    @on(messages.MarkAllRead)
    def _mark_all_read(self, message: messages.MarkAllRead) -> None:
        threads = tuple(message.threads)
        before = frozenset().union(*(self._marked_of(t, self.view.read) for t in threads))
        self._undo.append(Undoable("all", threads, before))
        self._mark("read", list(threads), True)
        count = len(threads)
        self.notify(f"Marked {count:,} {'story' if count == 1 else 'stories'} read (u undoes)")

    @staticmethod
    def _marked_of(thread: Thread, marks: set[str]) -> frozenset[str]:
        return frozenset(ident for ident in thread.idents if ident in marks)

    def _mark(self, kind: str, threads: list[Thread], on: bool) -> None:
        """Mark (or unmark) every copy of these stories, in the state and the view."""
        idents = [ident for thread in threads for ident in thread.idents]
        paths = [key for thread in threads for key in thread.keys]
        marks = self.view.read if kind == "read" else self.view.starred
        if kind == "read":
            self.state.set_read(idents, on, paths=paths)
        else:
            self.state.set_starred(idents, on, paths=paths)
        for thread in threads:
            self.view.mark(marks, thread, on)
        self._report_state_problem()
        self._tell(messages.MarksChanged(threads))

    def _restore_marks(
        self, kind: str, threads: tuple[Thread, ...], before: frozenset[str]
    ) -> None:
        """Put the marks on these stories back as they were (`before`)."""
        self._mark(kind, list(threads), False)
        if before:
            marks = self.view.read if kind == "read" else self.view.starred
            if kind == "read":
                self.state.set_read(sorted(before))
            else:
                self.state.set_starred(sorted(before))
            marks |= before
            self._tell(messages.MarksChanged(list(threads)))

    @on(messages.Undo)
    def _undo_last(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo", timeout=3)
            return
        last = self._undo.pop()
        first = last.threads[0] if last.threads else None
        title = f"“{first.title}”" if first is not None else ""
        if last.kind in ("read", "star"):
            self._restore_marks(
                "read" if last.kind == "read" else "starred", last.threads, last.before
            )
            what = "read mark" if last.kind == "read" else "star"
            self.notify(f"Undid the {what} on {title}", timeout=4)
        elif last.kind == "all":
            self._restore_marks("read", last.threads, last.before)
            self.notify(f"Undid marking {len(last.threads):,} stories read", timeout=4)
        elif last.kind == "split":
            self.state.undo_split(last.idents[0])
            self._regroup_for_choices()
            self.notify(f"Undid taking {title} out of its thread", timeout=4)
        elif last.kind == "join":
            self.state.undo_merge(*last.idents)
            self._regroup_for_choices()
            self.notify("Undid the join of two stories", timeout=4)

    def _regroup_for_choices(self) -> None:
        self._report_state_problem()
        self.regroup(list(self.view.infos.values()))

    @on(messages.SplitOut)
    def _split_out(self, message: messages.SplitOut) -> None:
        info = message.info
        thread = Thread(info.key, (info,))
        self._undo.append(Undoable("split", (thread,), idents=(info.ident,)))
        self.state.split_out(info.ident)
        self._regroup_for_choices()

    @on(messages.Join)
    def _join(self, message: messages.Join) -> None:
        first, second = message.first.lead.ident, message.second.lead.ident
        self._undo.append(Undoable("join", (message.first,), idents=(first, second)))
        self.state.merge(first, second)
        self._regroup_for_choices()

    @on(messages.ShowChoices)
    def _show_choices(self) -> None:
        infos: dict[str, ArticleInfo] = {}
        for info in self.view.infos.values():
            infos.setdefault(info.ident, info)

        def named(ident: str) -> str:
            info = infos.get(ident)
            return f"“{info.title}” ({info.path.name})" if info else "a file no longer here"

        choices = [
            Choice(kind, (a,), f"split out: {named(a)}")
            if kind == "alone"
            else Choice(kind, (a, b), f"joined: {named(a)} with {named(b)}")
            for kind, a, b in self.state.choice_order()
        ]

        def undo(choice: Choice | None) -> None:
            if choice is None:
                return
            if choice.kind == "alone":
                self.state.undo_split(choice.idents[0])
            else:
                self.state.undo_merge(*choice.idents)
            self._regroup_for_choices()
            self.notify(f"Undid: {choice.text}", timeout=4)

        self.push_screen(ChoicesScreen(choices), undo)

    @on(messages.Search)
    def _search(self, message: messages.Search) -> None:
        self.search(message.text)

    @on(messages.Rescan)
    def _rescan(self) -> None:
        self._rescan_asked = True
        self.sync()

    @on(messages.Page)
    def _page(self, message: messages.Page) -> None:
        command = command_of(("PAGER",), ("less", "more"))
        if command is None:
            self.notify("No pager: set $PAGER (less, for one)", severity="warning")
            return
        self._run(command, as_text(message.article))

    @on(messages.Edit)
    def _edit(self, message: messages.Edit) -> None:
        command = command_of(("VISUAL", "EDITOR"), ("nano", "vi"))
        if command is None:
            self.notify("No editor: set $EDITOR (nano, for one)", severity="warning")
            return
        self._run([*command, str(message.path)], None)

    def _run(self, command: list[str], text: str | None) -> None:
        """Run a program in the terminal, the app suspended around it."""
        try:
            with self.suspend():
                problem = self.runner(command, text)
        except SuspendNotSupported:  # no terminal to hand over (a test, a pipe)
            problem = self.runner(command, text)
        if problem:
            self.notify(f"Could not run {Path(command[0]).name}: {problem}", severity="error")

    @on(messages.Copy)
    def _copy(self, message: messages.Copy) -> None:
        self.copy_to_clipboard(message.text)  # through the terminal (OSC 52)
        if self.system_clipboard(message.text):
            self.notify(f"Copied {message.what}: {message.text}", timeout=4)
        else:
            self.notify(
                f"Sent {message.what} to the terminal's clipboard (if it takes none,"
                f" copy it from here): {message.text}",
                timeout=8,
            )

    @on(messages.Export)
    def _export(self, message: messages.Export) -> None:
        folder = self.settings.export_dir
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = _free_name(folder, message.article.title)
            path.write_text(as_markdown(message.article), "utf-8")
        except OSError as error:
            self.notify(f"Could not save it in {folder}: {error}", severity="error")
            return
        self.notify(f"Saved as Markdown: {path}", timeout=6)

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
            self.push_screen(HelpScreen(self.keymap))

    def on_unmount(self) -> None:
        self.workers.cancel_all()
        self.state.save_session(str(self.view.library.root), self.view.session.to_dict())
        self.state.close()
        self.cache.close()


@dataclass(frozen=True, slots=True)
class Undoable:
    """What `u` puts back: marks on stories as they were, or a split or a join."""

    kind: str  # read, star, all, split, join
    threads: tuple[Thread, ...]
    before: frozenset[str] = frozenset()  # the identities marked before
    idents: tuple[str, ...] = ()  # the split copy, or the joined pair


def _what_changed(change: Changes) -> str:
    """What a rescan found, in a line: "2 new, 1 changed, 1 gone" or "Nothing new"."""
    changed = len(change.stale) - change.new
    parts = [
        f"{change.new:,} new" if change.new else "",
        f"{changed:,} changed" if changed else "",
        f"{len(change.gone):,} gone" if change.gone else "",
    ]
    found = ", ".join(part for part in parts if part)
    return f"Rescan: {found}" if found else "Rescan: nothing new, changed or gone"


def _free_name(folder: Path, title: str) -> Path:
    """A file name in `folder` for an article called `title`, not taken yet."""
    stem = re.sub(r"[^\w\- ]+", "", title).strip().replace(" ", "-")[:80] or "article"
    path, number = folder / f"{stem}.md", 2
    while path.exists():
        path, number = folder / f"{stem}-{number}.md", number + 1
    return path

"""The main screen: the story list on the left, the article on the right.

It turns what the app holds (threads, infos of the files read so far, failures)
into rows and article views, and maps keys to them; it never reads a file
itself, and fetches an article from the app only to show it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input

from reader.model import ArticleInfo, Failure, Thread
from reader.sanitize import clean_line
from reader.threads import thread_order
from reader.tui.article_view import ArticleView
from reader.tui.bindings import FILTER, MAIN
from reader.tui.diff import DiffScreen
from reader.tui.status import Status, StatusBar
from reader.tui.thread_list import Row, RowState, ThreadList

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp


class Mode(StrEnum):
    FILTER = "filter"  # titles, as you type
    SEARCH = "search"  # every article's text, on enter


class QueryInput(Input):
    """Type to filter the list by title, or to search the text of every article."""

    BINDINGS = FILTER

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.mode = Mode.FILTER

    def action_cancel(self) -> None:
        self.value = ""
        self.screen.action_close_query()  # type: ignore[attr-defined]

    def action_accept(self) -> None:
        self.screen.accept_query()  # type: ignore[attr-defined]


class Sort(StrEnum):
    DATE = "date"
    SOURCE = "source"
    TITLE = "title"


def _failure_row(failure: Failure) -> Row:
    path, reason = failure.path, failure.reason
    return Row(str(path), clean_line(path.name), clean_line(reason), state=RowState.ERROR)


def _source(thread: Thread) -> str:
    """Who published the story: the first copy that says, else the aggregator."""
    # Plain loops: a warm start asks this of every story with copies at once.
    for article in thread.articles:
        if article.source:
            return article.source
    for article in thread.articles:
        if article.aggregator:
            return article.aggregator
    return ""


def _thread_rows(threads: Iterable[Thread], read: set[str], starred: set[str]) -> list[Row]:
    """The list's rows for these threads. (A warm start makes 100,000 at once:
    the one-copy threads, most of them, take a shorter way.)"""
    rows = []
    ready = RowState.READY
    for thread in threads:
        articles = thread.articles
        if len(articles) == 1:
            lead = articles[0]
            key = lead.key
            row = (thread.id, lead.title, lead.source or lead.aggregator or "",
                   key not in read, ready, 1, key in starred)  # fmt: skip
        else:
            keys = [a.key for a in articles]
            row = (thread.id, articles[0].title, _source(thread),
                   not read.issuperset(keys), ready, len(articles),
                   not starred.isdisjoint(keys))  # fmt: skip
        rows.append(tuple.__new__(Row, row))
    return rows


def _sort_key(sort: Sort):
    if sort is Sort.SOURCE:
        return lambda t: (_source(t).casefold() or "\uffff", thread_order(t))
    if sort is Sort.TITLE:
        return lambda t: (t.title.casefold(), thread_order(t))
    return thread_order


class MainScreen(Screen[None]):
    BINDINGS = MAIN

    def __init__(self) -> None:
        super().__init__()
        self.thread: Thread | None = None
        self.copy = 0
        self.merging: Thread | None = None  # the story J was pressed on, waiting for the other
        self.sort = Sort.DATE
        self.search: str | None = None  # what the last full-text search was for
        self.found: int | None = None  # how many stories it found
        self._by_key: dict[str, Thread] = {}
        self._thread_of_key: dict[str, Thread] | None = None
        self._grouped_before = False
        self._unread: int | None = None  # counted again when threads or marks change

    @property
    def reader(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield ThreadList(id="threads", empty_text="Looking for articles…")
                yield QueryInput(placeholder="filter titles", id="query")
            yield ArticleView(id="article")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ThreadList).focus()
        self.show_status()

    # ---- the app's data changed ------------------------------------------------

    def files_found(self, keys: list[str], failures: list[Failure]) -> None:
        """The scan found files the screen has not shown: list them, by name
        until they are read."""
        rows = [self._file_row(key) for key in keys] + [_failure_row(f) for f in failures]
        self.query_one(ThreadList).append_rows(rows)
        self.show_status()

    def files_read(self, keys: list[str]) -> None:
        """Some files were read: update their rows, and the article if it is one."""
        thread_list = self.query_one(ThreadList)
        for key in keys:
            thread_list.update_row(self._file_row(key))
        shown = self.query_one(ArticleView).article
        current = thread_list.highlighted
        waiting = self.thread is None and current is not None
        if current is not None and (waiting or (shown is not None and str(shown.path) in keys)):
            self._show_row(current, keep_place=True)
        self.show_status()

    def threads_grouped(self) -> None:
        """The threads are ready: one row per story, then the unreadable files."""
        app = self.reader
        # The app keeps its threads in date order already.
        threads = (
            app.threads if self.sort is Sort.DATE else sorted(app.threads, key=_sort_key(self.sort))
        )
        self._by_key = {thread.id: thread for thread in threads}
        self._thread_of_key = None
        rows = _thread_rows(threads, app.read_paths, app.starred)
        self._unread = sum(row.unread for row in rows)
        rows += [_failure_row(failure) for failure in app.failures.values()]
        thread_list = self.query_one(ThreadList)
        previous = self.thread
        thread_list.empty_text = "No articles here"
        thread_list.set_rows(rows)
        # Stay on the story the user went to; on the first grouping, unless the
        # user has moved, start at the newest.
        successor = None
        if previous is not None and (thread_list.moved_by_user or self._grouped_before):
            at = self._threads_by_file()
            successor = next((at[key] for key in previous.keys if key in at), None)
        if successor is not None:
            thread_list.move_to(successor.id)
        elif thread_list.visible_count:
            thread_list.cursor = 0
        self._grouped_before = True
        if thread_list.highlighted is not None:
            self._show_row(thread_list.highlighted, keep_place=True)
        self.show_status()

    def _thread_row(self, thread: Thread) -> Row:
        return _thread_rows((thread,), self.reader.read_paths, self.reader.starred)[0]

    def _threads_by_file(self) -> dict[str, Thread]:
        """The thread of each file (made when first asked, after each grouping)."""
        if self._thread_of_key is None:
            self._thread_of_key = {a.key: t for t in self._by_key.values() for a in t.articles}
        return self._thread_of_key

    def _file_row(self, key: str) -> Row:
        app = self.reader
        info = app.infos.get(key)
        if info is not None:
            return self._thread_row(self._single(info))
        failure = app.failures.get(key)
        if failure is not None:
            return _failure_row(failure)
        return Row(key, clean_line(os.path.basename(key)), "…", state=RowState.PENDING)

    @staticmethod
    def _single(info: ArticleInfo) -> Thread:
        """A file read but not yet grouped: a story of its own, keyed by the file."""
        return Thread(id=info.key, articles=(info,))

    def show_status(self) -> None:
        app = self.reader
        thread_list = self.query_one(ThreadList)
        query = self.query_one(QueryInput)
        filter_text = query.value.strip() if query.mode is Mode.FILTER else ""
        # Until the threads are grouped there are files, not stories, to count.
        grouped = bool(app.threads) and not (app.indexing and not self._grouped_before)
        stories = len(app.threads) if grouped else len(app.keys)
        if app.partial is not None:  # the head of the list: the rest is on its way
            stories = app.partial
        progress = app.progress
        self.query_one(StatusBar).show_status(
            Status(
                library=app.library.display_name(),
                sample=app.library.sample,
                stories=stories,
                unread=self._count_unread() if grouped and app.partial is None else 0,
                errors=len(app.failures),
                done=progress.done,
                total=progress.total,
                rate=progress.rate,
                seconds_left=progress.seconds_left,
                indexing=app.indexing,
                grouped=grouped,
                shown=thread_list.visible_count if filter_text else None,
                filter=filter_text,
                search=self.search,
                found=self.found,
                merging=self.merging.title if self.merging else None,
                hide_read=thread_list.hide_read,
                sort=self.sort.value,
            )
        )

    # ---- list and article --------------------------------------------------------

    def _thread_for(self, row: Row) -> Thread | None:
        thread = self._by_key.get(row.key)
        if thread is not None:
            return thread
        info = self.reader.infos.get(row.key)
        return self._single(info) if info else None

    def _show_row(self, row: Row | None, keep_place: bool = False) -> None:
        view = self.query_one(ArticleView)
        app = self.reader
        if row is None:
            self.thread = None
            view.show(None, placeholder="")
            return
        thread = self._thread_for(row)
        if thread is None:
            self.thread = None
            if row.state is RowState.ERROR:
                view.show(None, placeholder=f"Could not read {row.title}: {row.meta}")
            else:
                app.wanted = Path(row.key)
                view.show(None, placeholder=f"Reading {row.title}…")
            return
        if self.thread is None or thread.id != self.thread.id:
            self.copy = 0
        elif not keep_place:
            self.copy = min(self.copy, len(thread) - 1)
        self.thread = thread
        self.copy = min(self.copy, len(thread) - 1)
        self._show_copy()

    def _show_copy(self) -> None:
        thread, view, app = self.thread, self.query_one(ArticleView), self.reader
        if thread is None:
            return
        info = thread.articles[self.copy]
        article = app.article(info.key)
        if article is None:
            app.wanted = info.path
            view.show(None, placeholder=f"Reading {info.title}…")
            return
        view.show(article, self.copy + 1, len(thread))

    def on_thread_list_highlighted(self, message: ThreadList.Highlighted) -> None:
        self._show_row(message.row)

    def on_thread_list_selected(self, message: ThreadList.Selected) -> None:
        self._show_row(message.row)
        if self.thread is not None:
            self._mark(self.thread, True)
            self.query_one(ArticleView).focus()

    def _mark(self, thread: Thread, read: bool) -> None:
        self.reader.set_read(thread, read)
        self._refresh_rows(thread)

    def _count_unread(self) -> int:
        if self._unread is None:
            app = self.reader
            self._unread = sum(1 for t in app.threads if not app.is_read(t))
        return self._unread

    def _refresh_rows(self, thread: Thread) -> None:
        self._unread = None  # counted again when next shown

        thread_list = self.query_one(ThreadList)
        if thread.id in self._by_key:
            thread_list.update_row(self._thread_row(thread))
        else:
            for key in thread.keys:
                thread_list.update_row(self._file_row(key))

        self.show_status()

    def _sync(self) -> None:
        """Catch up with the list's cursor before acting on "this story": its
        Highlighted message may still be queued behind the key being handled."""
        row = self.query_one(ThreadList).highlighted
        thread = self._thread_for(row) if row is not None else None
        if (thread.id if thread else None) != (self.thread.id if self.thread else None):
            self._show_row(row)

    # ---- actions -----------------------------------------------------------------

    def action_switch_pane(self) -> None:
        thread_list = self.query_one(ThreadList)
        if thread_list.has_focus:
            self.query_one(ArticleView).focus()
        else:
            thread_list.focus()

    def action_toggle_fold(self) -> None:
        self._sync()
        view = self.query_one(ArticleView)
        if not view.toggle_fold():
            self.notify("No fold under the cursor (Z opens them all)", markup=False, timeout=3)

    def action_toggle_all_folds(self) -> None:
        self._sync()
        view = self.query_one(ArticleView)
        if view.article is None or not view.article.folds:
            self.notify("Nothing is folded in this article", markup=False, timeout=3)
            return
        view.toggle_all_folds()

    def action_copy(self, step: int) -> None:
        self._sync()
        thread = self.thread
        if thread is None or len(thread) < 2:
            self.notify("This story has only one copy", markup=False, timeout=3)
            return
        self.copy = (self.copy + step) % len(thread)
        self._show_copy()
        self._mark(thread, True)

    def action_page(self, direction: int) -> None:
        self._sync()
        self.query_one(ArticleView).page(direction)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "/" and "s" are priority keys; while the query line has the focus they
        # are characters.
        typing = self.query_one(QueryInput).has_focus
        return not (action in ("filter", "search") and typing)

    def _open_query(self, mode: Mode, placeholder: str) -> None:
        query = self.query_one(QueryInput)
        if query.mode is not mode:
            self._reset_query()
        query.mode, query.placeholder = mode, placeholder
        query.display = True
        # Focus now, not after a refresh: keys typed right after the key go in.
        self.set_focus(query)

    def action_filter(self) -> None:
        self._open_query(Mode.FILTER, "filter titles")

    def action_search(self) -> None:
        self._open_query(Mode.SEARCH, "search every article (enter)")

    def action_close_query(self, keep: bool = False) -> None:
        query = self.query_one(QueryInput)
        if not keep or not query.value.strip():
            self._reset_query()
        self.query_one(ThreadList).focus()
        self.show_status()

    def _reset_query(self) -> None:
        """Empty the query line, hide it, and undo what it did to the list."""
        query = self.query_one(QueryInput)
        query.value = ""
        query.display = False
        if query.mode is Mode.SEARCH:
            self._clear_search()
        else:
            self.query_one(ThreadList).set_filter("")

    def on_input_changed(self, event: Input.Changed) -> None:
        query = self.query_one(QueryInput)
        if event.input is query and query.mode is Mode.FILTER:
            self.query_one(ThreadList).set_filter(event.value)
            self.show_status()

    def accept_query(self) -> None:
        """Enter in the query line: keep the filter, or run the search."""
        query = self.query_one(QueryInput)
        if query.mode is Mode.SEARCH and query.value.strip():
            self.run_search(query.value.strip())
        self.action_close_query(keep=True)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, text: str) -> None:
        found = self.reader.cache.search(text)
        self.app.call_from_thread(self._searched, text, found)

    def _searched(self, text: str, found: set[str]) -> None:
        thread_list = self.query_one(ThreadList)
        at = self._threads_by_file()

        keys = {at[key].id for key in found if key in at}
        keys |= found  # rows of files not grouped yet
        self.search, self.found = text, len({k for k in keys if k in self._by_key} or keys)
        thread_list.hidden_text = f"No story contains “{clean_line(text)}”"
        thread_list.set_only(keys)
        self.query_one(ArticleView).highlight(re.findall(r"\w+", text))
        self.show_status()

    def _clear_search(self) -> None:
        self.search = self.found = None
        self.query_one(ThreadList).set_only(None)
        self.query_one(ArticleView).highlight(())

    def action_match(self, direction: int) -> None:
        view = self.query_one(ArticleView)
        if not view.terms:
            self.notify("Search first (s)", markup=False, timeout=3)
        elif not view.next_match(direction):
            where = "below" if direction > 0 else "above"
            self.notify(f"No more matches {where}", markup=False, timeout=2)

    def action_toggle_read(self) -> None:
        self._sync()
        if self.thread is not None:
            self._mark(self.thread, not self.reader.is_read(self.thread))

    def action_toggle_star(self) -> None:
        self._sync()
        if self.thread is not None:
            self.reader.set_starred(self.thread, not self.reader.is_starred(self.thread))
            self._refresh_rows(self.thread)

    def action_toggle_hide_read(self) -> None:
        thread_list = self.query_one(ThreadList)
        thread_list.set_hide_read(not thread_list.hide_read)
        self.show_status()

    def action_cycle_sort(self) -> None:
        order = list(Sort)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        if self.reader.threads:
            self.threads_grouped()
        self.notify(f"Sorted by {self.sort.value}", markup=False, timeout=2)

    def action_rescan(self) -> None:
        self.reader.action_rescan()
        self.notify("Looking for new and changed files", markup=False, timeout=2)

    def action_open_original(self) -> None:
        self._sync()
        view = self.query_one(ArticleView)
        if view.article is not None:
            self.reader.open_original(view.article.path)

    def action_open_link(self) -> None:
        self._sync()
        view = self.query_one(ArticleView)
        if view.article is not None:
            self.reader.open_link(view.article.url)

    def action_escape(self) -> None:
        query = self.query_one(QueryInput)
        if self.merging is not None:
            self.merging = None
            self.show_status()
        elif query.value or self.search is not None:
            query.mode = Mode.SEARCH if self.search is not None else query.mode
            self.action_close_query()
        elif not self.query_one(ThreadList).has_focus:
            self.query_one(ThreadList).focus()

    def action_compare(self) -> None:
        self._sync()
        thread, app = self.thread, self.reader
        if thread is None or len(thread) < 2:
            self.notify("This story has only one copy", markup=False, timeout=3)
            return
        # This copy against the lead; the lead against the next copy.
        other = 0 if self.copy else 1
        this_article = app.article(thread.articles[self.copy].key)
        other_article = app.article(thread.articles[other].key)
        if this_article is None or other_article is None:
            self.notify("Not read yet: try again in a moment", markup=False, timeout=3)
            return
        self.app.push_screen(DiffScreen(this_article, self.copy + 1, other_article, other + 1))

    def action_split_copy(self) -> None:
        self._sync()
        thread = self.thread
        if thread is None or len(thread) < 2 or not self.reader.threads:
            self.notify("This copy is already on its own", markup=False, timeout=3)
            return
        info = thread.articles[self.copy]
        self.reader.split_out(info)
        self.notify(
            f"Took “{info.title}” ({clean_line(info.path.name)}) out of the thread",
            markup=False,
            timeout=4,
        )

    def action_merge_threads(self) -> None:
        self._sync()
        thread = self.thread
        if thread is None or not self.reader.threads:
            return
        if self.merging is None or self.merging.id == thread.id:
            self.merging = thread
            self.show_status()
            return
        first, self.merging = self.merging, None
        self.reader.merge(first, thread)
        self.notify(f"Joined “{first.title}” with “{thread.title}”", markup=False, timeout=4)

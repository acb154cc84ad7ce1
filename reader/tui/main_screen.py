"""The main screen: the story list on the left, the article on the right.

It turns what the app holds (threads, articles read so far, failures) into rows
and article views, and maps keys to them; it never reads a file itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input

from reader.model import Article, Failure, Thread
from reader.sanitize import clean_line
from reader.tui.article_view import ArticleView
from reader.tui.bindings import FILTER, MAIN
from reader.tui.diff import DiffScreen
from reader.tui.status import Status, StatusBar
from reader.tui.thread_list import Row, RowState, ThreadList

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp


class FilterInput(Input):
    """Type to filter the story list by title."""

    BINDINGS = FILTER

    def action_cancel(self) -> None:
        self.value = ""
        self.screen.action_close_filter()  # type: ignore[attr-defined]

    def action_accept(self) -> None:
        self.screen.action_close_filter(keep=True)  # type: ignore[attr-defined]


def _failure_row(failure: Failure) -> Row:
    path, reason = failure.path, failure.reason
    return Row(str(path), clean_line(path.name), clean_line(reason), state=RowState.ERROR)


def _source(thread: Thread) -> str:
    """Who published the story: the first copy that says, else the aggregator."""
    source = next((a.source for a in thread.articles if a.source), None)
    return source or next((a.aggregator for a in thread.articles if a.aggregator), "")


class MainScreen(Screen[None]):
    BINDINGS = MAIN

    def __init__(self) -> None:
        super().__init__()
        self.thread: Thread | None = None
        self.copy = 0
        self.merging: Thread | None = None  # the story J was pressed on, waiting for the other
        self._grouped_before = False

        self._by_key: dict[str, Thread] = {}
        self._thread_of_path: dict[Path, Thread] = {}

    @property
    def reader(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield ThreadList(id="threads", empty_text="Looking for articles…")
                yield FilterInput(placeholder="filter titles", id="filter")
            yield ArticleView(id="article")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ThreadList).focus()
        self._show_status()

    # ---- the app's data changed ------------------------------------------------

    def files_found(self, paths: list[Path], failures: list[Failure]) -> None:
        """The scan found more files: list them (by name, until they are read)."""
        rows = [self._file_row(path) for path in paths] + [_failure_row(f) for f in failures]
        self.query_one(ThreadList).append_rows(rows)
        self._show_status()

    def threads_grouped(self) -> None:
        """The threads are ready: one row per story, then the unreadable files."""
        app = self.reader
        self._by_key = {thread.id: thread for thread in app.threads}
        self._thread_of_path = {path: t for t in app.threads for path in t.paths}
        rows = [self._thread_row(thread) for thread in app.threads]
        rows += [_failure_row(failure) for failure in app.failures.values()]
        thread_list = self.query_one(ThreadList)
        previous = self.thread
        thread_list.empty_text = "No articles here"
        thread_list.set_rows(rows)
        # Stay on the story the user went to; on the first grouping, unless the
        # user has moved, start at the newest.
        successor = None
        if previous is not None and (thread_list.moved_by_user or self._grouped_before):
            at = self._thread_of_path
            successor = next((at[path] for path in previous.paths if path in at), None)
        if successor is not None:
            thread_list.move_to(successor.id)
        elif thread_list.visible_count:
            thread_list.cursor = 0
        self._grouped_before = True
        self._show_status()

    def articles_read(self, paths: list[Path]) -> None:
        """Some files were read: update their rows (before the threads are grouped)."""
        thread_list = self.query_one(ThreadList)
        if not self.reader.threads:
            for path in paths:
                thread_list.update_row(self._file_row(path))
        current = thread_list.highlighted
        if current is not None and Path(current.key) in paths:
            self._show_row(current)
        self._show_status()

    def _thread_row(self, thread: Thread) -> Row:
        unread = not self.reader.is_read(thread)
        return Row(thread.id, thread.title, _source(thread), unread=unread, copies=len(thread))

    def _file_row(self, path: Path) -> Row:
        app = self.reader
        article = app.articles.get(path)
        if article is not None:
            thread = self._single(article)
            return Row(str(path), article.title, _source(thread), unread=not app.is_read(thread))
        failure = app.failures.get(path)
        if failure is not None:
            return _failure_row(failure)
        return Row(str(path), clean_line(path.name), "…", state=RowState.PENDING)

    @staticmethod
    def _single(article: Article) -> Thread:
        return Thread(id=str(article.path), articles=(article,))

    def _show_status(self) -> None:
        app = self.reader
        thread_list = self.query_one(ThreadList)
        filter_text = self.query_one(FilterInput).value
        # Until the threads are grouped there are files, not stories, to count.
        stories = len(app.threads) if app.threads else len(app.paths)
        unread = sum(1 for t in app.threads if not app.is_read(t))

        self.query_one(StatusBar).show_status(
            Status(
                library=app.library.display_name(),
                sample=app.library.sample,
                stories=stories,
                unread=unread,
                errors=len(app.failures),
                done=app.done,
                total=len(app.paths),
                indexing=app.indexing,
                shown=thread_list.visible_count if filter_text.strip() else None,
                filter=filter_text.strip(),
                merging=self.merging.title if self.merging else None,
            )
        )

    # ---- list and article --------------------------------------------------------

    def _thread_for(self, row: Row) -> Thread | None:
        thread = self._by_key.get(row.key)
        if thread is not None:
            return thread
        article = self.reader.articles.get(Path(row.key))
        return self._single(article) if article else None

    def _show_row(self, row: Row | None) -> None:
        view = self.query_one(ArticleView)
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
                view.show(None, placeholder=f"Reading {row.title}…")
                self.reader.read_first(Path(row.key))
            return
        if self.thread is None or thread.id != self.thread.id:
            self.copy = 0
        self.thread = thread
        self.copy = min(self.copy, len(thread) - 1)
        view.show(thread.articles[self.copy], self.copy + 1, len(thread))

    def on_thread_list_highlighted(self, message: ThreadList.Highlighted) -> None:
        self._show_row(message.row)

    def on_thread_list_selected(self, message: ThreadList.Selected) -> None:
        self._show_row(message.row)
        if self.thread is not None:
            self._mark(self.thread, True)
            self.query_one(ArticleView).focus()

    def _mark(self, thread: Thread, read: bool) -> None:
        self.reader.set_read(thread, read)
        thread_list = self.query_one(ThreadList)
        if self.reader.threads:
            thread_list.update_row(self._thread_row(thread))
        else:
            for path in thread.paths:
                thread_list.update_row(self._file_row(path))
        self._show_status()

    # ---- actions -----------------------------------------------------------------

    def _sync(self) -> None:
        """Catch up with the list's cursor before acting on "this story": its
        Highlighted message may still be queued behind the key being handled."""
        row = self.query_one(ThreadList).highlighted
        thread = self._thread_for(row) if row is not None else None
        if (thread.id if thread else None) != (self.thread.id if self.thread else None):
            self._show_row(row)

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
        self.query_one(ArticleView).show(thread.articles[self.copy], self.copy + 1, len(thread))
        self._mark(thread, True)

    def action_page(self, direction: int) -> None:
        self._sync()
        self.query_one(ArticleView).page(direction)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "/" is a priority key; while the filter has the focus it is just a character.
        return not (action == "filter" and self.query_one(FilterInput).has_focus)

    def action_filter(self) -> None:
        filter_input = self.query_one(FilterInput)
        filter_input.display = True
        # Focus now, not after a refresh: keys typed right after "/" go to the filter.
        self.set_focus(filter_input)

    def action_close_filter(self, keep: bool = False) -> None:
        filter_input = self.query_one(FilterInput)
        if not keep or not filter_input.value.strip():
            filter_input.value = ""
            filter_input.display = False
        self.query_one(ThreadList).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.query_one(ThreadList).set_filter(event.value)
            self._show_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.action_close_filter(keep=True)

    def action_toggle_read(self) -> None:
        self._sync()
        if self.thread is not None:
            self._mark(self.thread, not self.reader.is_read(self.thread))

    def action_open_original(self) -> None:
        self._sync()
        view = self.query_one(ArticleView)
        if view.article is not None:
            self.reader.open_original(view.article.path)

    def action_escape(self) -> None:
        filter_input = self.query_one(FilterInput)
        if self.merging is not None:
            self.merging = None
            self._show_status()
        elif filter_input.value:
            self.action_close_filter()
        elif not self.query_one(ThreadList).has_focus:
            self.query_one(ThreadList).focus()

    def action_compare(self) -> None:
        self._sync()
        thread = self.thread
        if thread is None or len(thread) < 2:
            self.notify("This story has only one copy", markup=False, timeout=3)
            return
        # This copy against the lead; the lead against the next copy.
        other = 0 if self.copy else 1
        self.app.push_screen(
            DiffScreen(thread.articles[self.copy], self.copy + 1, thread.articles[other], other + 1)
        )

    def action_split_copy(self) -> None:
        self._sync()
        thread = self.thread
        if thread is None or len(thread) < 2 or not self.reader.threads:
            self.notify("This copy is already on its own", markup=False, timeout=3)
            return
        article = thread.articles[self.copy]
        self.reader.split_out(article)
        self.notify(
            f"Took “{article.title}” ({clean_line(article.path.name)}) out of the thread",
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
            self._show_status()
            return
        first, self.merging = self.merging, None
        self.reader.merge(first, thread)
        self.notify(f"Joined “{first.title}” with “{thread.title}”", markup=False, timeout=4)

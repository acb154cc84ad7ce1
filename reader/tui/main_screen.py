"""The main screen: the story list on the left, the article on the right.

It shows the app's `View` (threads, infos of the files read so far, failures,
marks) as rows and an article, and maps keys to what they do; it never reads
a file itself. What changed comes from the app as messages (`FilesFound`,
`ThreadsGrouped`...), and what only the app may do (mark, split, join, search,
open, undo) goes to it as messages too (`reader.tui.messages`). Where the
reader is (the story, its copy, the line, the list's order and filters) is
kept in the view's `session`, which the app saves for next time.

Under 100 columns the screen shows one pane at a time: the list, then (enter)
the article, and escape goes back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input

from reader.model import Article, Thread
from reader.sanitize import clean_line
from reader.tui import messages
from reader.tui.article_view import ArticleView
from reader.tui.bindings import MAIN, QUERY, table
from reader.tui.diff import DiffScreen
from reader.tui.pickers import SourcePicker
from reader.tui.status import Status, StatusBar
from reader.tui.thread_list import ThreadList
from reader.view import Row, RowState, Show, Sort, View

NARROW = 100  # columns under which one pane shows at a time


class Mode(StrEnum):
    FILTER = "filter"  # the list's titles, as you type
    SEARCH = "search"  # every article's text, on enter
    FIND = "find"  # this article's text, on enter


_PLACEHOLDERS = {
    Mode.FILTER: "filter titles",
    Mode.SEARCH: "search every article (enter)",
    Mode.FIND: "find in this article (enter)",
}


class QueryInput(Input):
    """Type to filter the list by title, to search every article, or to find
    in the article shown."""

    BINDINGS = table(QUERY)

    @dataclass
    class Accepted(Message):
        """Enter: keep the filter, or run the search or the find."""

        value: str
        mode: Mode

    @dataclass
    class Cancelled(Message):
        """Escape: clear the line and what it did."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.mode = Mode.FILTER

    def action_cancel(self) -> None:
        self.value = ""
        self.post_message(self.Cancelled())

    def action_accept(self) -> None:
        self.post_message(self.Accepted(self.value, self.mode))


class MainScreen(Screen[None]):
    BINDINGS = table(MAIN)

    def __init__(self, view: View) -> None:
        super().__init__()
        self.view = view
        self.thread: Thread | None = None
        self.copy = 0
        self.merging: Thread | None = None  # the story J was pressed on, waiting for the other
        session = view.session
        self.sort = Sort(session.sort)
        self.show = Show(session.show)
        self.source = session.source
        self.search: str | None = None  # what the last full-text search was for
        self.found: int | None = None  # how many stories it found
        self.find: str | None = None  # what is looked for in the article
        self._restore = session if session.thread or session.search else None
        self._grouped_before = False
        self._unread: int | None = None  # counted again when threads or marks change

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                yield ThreadList(id="threads", empty_text="Looking for articles…")
                yield QueryInput(placeholder="filter titles", id="query")
            yield ArticleView(id="article")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        thread_list = self.query_one(ThreadList)
        thread_list.set_shown(
            hide_read=self.show is Show.UNREAD,
            starred_only=self.show is Show.STARRED,
            source=self.source,
        )
        title_filter = self.view.session.filter
        if title_filter:
            query = self.query_one(QueryInput)
            query.mode, query.value, query.display = Mode.FILTER, title_filter, True
            thread_list.set_filter(title_filter)
        if self.view.session.search:
            self.post_message(messages.Search(self.view.session.search))
        # At once, not after a refresh as `focus()` does: a key typed ahead
        # ("s" and a search) may move the focus before that refresh comes.
        self.set_focus(thread_list)
        self.show_status()

    # ---- the view changed ------------------------------------------------------------

    def on_files_found(self, message: messages.FilesFound) -> None:
        """The scan found files the screen has not shown: list them, by name
        until they are read."""
        rows = [self.view.file_row(key) for key in message.keys]
        self.query_one(ThreadList).append_rows(rows)
        self.show_status()

    def on_files_read(self, message: messages.FilesRead) -> None:
        """Some files were read: update their rows, and the article if it is one."""
        keys = message.keys
        thread_list = self.query_one(ThreadList)
        several = {}
        for key in keys:
            rows = self.view.file_rows(key)
            if len(rows) == 1 and rows[0].key == key:
                thread_list.update_row(rows[0])
            else:  # a mailbox, an archive: a row for each of its articles
                several[key] = rows
        thread_list.replace_rows(several)
        shown = self.query_one(ArticleView).article
        current = thread_list.highlighted
        waiting = self.thread is None and current is not None
        if current is not None and (waiting or (shown is not None and str(shown.path) in keys)):
            self._show_row(current, keep_place=True)
        self.show_status()

    def on_threads_grouped(self, message: messages.ThreadsGrouped | None = None) -> None:
        """The threads are ready: one row per story, then the unreadable files."""
        self._unread = None
        rows = self.view.rows(self.sort)
        thread_list = self.query_one(ThreadList)
        previous = self.thread
        thread_list.empty_text = "No articles here"
        thread_list.set_rows(rows)
        # Stay on the story the user went to; on the first grouping, unless the
        # user has moved, start where the last session was, or at the newest.
        successor = None
        if previous is not None and (thread_list.moved_by_user or self._grouped_before):
            at = self.view.thread_of_file()
            successor = next((at[key] for key in previous.keys if key in at), None)
        restored = self._restored_thread() if successor is None else None
        if successor is not None:
            thread_list.move_to(successor.id)
        elif restored is not None:
            thread_list.move_to(restored.id)
        elif thread_list.visible_count:
            thread_list.cursor = 0
        self._grouped_before = True
        if thread_list.highlighted is not None:
            self._show_row(thread_list.highlighted, keep_place=True)
        if restored is not None:
            self._finish_restore()
        self.show_status()

    def _restored_thread(self) -> Thread | None:
        """The story the last session had open, once the threads are known."""
        session = self._restore
        if session is None or not session.thread or self.thread is not None:
            return None
        for thread in self.view.threads:
            if session.thread in thread.idents:
                return thread
        return None

    def _finish_restore(self) -> None:
        session, self._restore = self._restore, None
        if session is None or self.thread is None:
            return
        self.copy = min(session.copy, len(self.thread) - 1)
        self._show_copy()
        view = self.query_one(ArticleView)
        # Back to reading, unless the user is already typing in the query line.
        if session.reading and not self.query_one(QueryInput).has_focus:
            self._show_pane(True)
        self.call_after_refresh(view.scroll_to_line, session.line)

    def on_status_changed(self, message: messages.StatusChanged) -> None:
        self.show_status()

    def on_marks_changed(self, message: messages.MarksChanged) -> None:
        self._unread = None  # counted again when next shown
        thread_list = self.query_one(ThreadList)
        for thread in message.threads:
            if self.view.is_grouped(thread.id):
                thread_list.update_row(self.view.row(thread))
            else:
                for key in thread.keys:
                    thread_list.update_row(self.view.file_row(key))
        self.show_status()

    def on_search_finished(self, message: messages.SearchFinished) -> None:
        text, found = message.text, message.found
        thread_list = self.query_one(ThreadList)
        at = self.view.thread_of_file()
        keys = {at[key].id for key in found if key in at}
        keys |= found  # rows of files not grouped yet
        grouped = {k for k in keys if self.view.is_grouped(k)}
        self.search, self.found = text, len(grouped or keys)
        self.find = None
        thread_list.hidden_text = f"No story contains “{clean_line(text)}”"
        thread_list.set_only(keys)
        self.query_one(ArticleView).highlight(re.findall(r"\w+", text))
        self._remember()
        self.show_status()

    def show_status(self) -> None:
        view = self.view
        thread_list = self.query_one(ThreadList)
        query = self.query_one(QueryInput)
        article = self.query_one(ArticleView)
        filter_text = query.value.strip() if query.mode is Mode.FILTER else ""
        # Until the threads are grouped there are files, not stories, to count.
        grouped = bool(view.threads) and not (view.indexing and not self._grouped_before)
        stories = len(view.threads) if grouped else view.files()
        if view.partial is not None:  # the head of the list: the rest is on its way
            stories = view.partial
        progress = view.progress
        self.query_one(StatusBar).show_status(
            Status(
                library=view.library.display_name(),
                sample=view.library.sample,
                stories=stories,
                unread=self._count_unread() if grouped and view.partial is None else 0,
                errors=len(view.failures),
                done=progress.done,
                total=progress.total,
                rate=progress.rate,
                seconds_left=progress.seconds_left,
                indexing=view.indexing,
                grouped=grouped,
                shown=thread_list.visible_count if filter_text else None,
                filter=filter_text,
                search=self.search,
                found=self.found,
                merging=self.merging.title if self.merging else None,
                hide_read=thread_list.hide_read,
                sort=self.sort.label if self.sort is not Sort.DATE else "",
                show=self.show.value,
                source=self.source,
                place=article.place if self.thread is not None else None,
                find=self.find,
                match=article.match_place if self.find else "",
            )
        )

    def _count_unread(self) -> int:
        if self._unread is None:
            self._unread = self.view.unread_count()
        return self._unread

    def _remember(self) -> None:
        """Keep where the reader is in the view's session (the app saves it)."""
        thread, article = self.thread, self.query_one(ArticleView)
        query = self.query_one(QueryInput)
        self.view.session = replace(
            self.view.session,
            thread=thread.lead.ident if thread is not None else "",
            copy=self.copy,
            line=int(article.scroll_y) if thread is not None else 0,
            sort=self.sort.value,
            show=self.show.value,
            source=self.source,
            filter=query.value.strip() if query.mode is Mode.FILTER else "",
            search=self.search,
            reading=article.has_focus,
        )

    # ---- list and article --------------------------------------------------------

    def _show_row(self, row: Row | None, keep_place: bool = False) -> None:
        view = self.query_one(ArticleView)
        if row is None:
            self.thread = None
            view.show(None, placeholder="")
            return
        thread = self.view.thread(row.key)
        if thread is None:
            self.thread = None
            if row.state is RowState.ERROR:
                view.show(None, placeholder=f"Could not read {row.title}: {row.meta}")
            else:
                self.post_message(messages.Wanted(Path(row.key)))
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
        thread, view = self.thread, self.query_one(ArticleView)
        if thread is None:
            return
        info = thread.articles[self.copy]
        article = self.view.article(info.key)
        if article is None:
            self.post_message(messages.Wanted(info.path))
            view.show(None, placeholder=f"Reading {info.title}…")
            return
        view.show(article, self.copy + 1, len(thread))
        if self.find:
            view.highlight((self.find,))
        self._remember()

    def on_thread_list_highlighted(self, message: ThreadList.Highlighted) -> None:
        # The row under the cursor now: the message may be older than the list
        # (rows replaced, the cursor moved again since it was sent).
        self._show_row(self.query_one(ThreadList).highlighted)
        self.show_status()

    def on_thread_list_selected(self, message: ThreadList.Selected) -> None:
        self._show_row(message.row)
        if self.thread is not None:
            self._open_article()

    def _open_article(self) -> None:
        """The story shown is being read: mark it, and go to its text."""
        if self.thread is None:
            return
        self.post_message(messages.SetRead(self.thread, True))
        self._show_pane(True)

    def _sync(self) -> None:
        """Catch up with the list's cursor before acting on "this story": its
        Highlighted message may still be queued behind the key being handled."""
        row = self.query_one(ThreadList).highlighted
        thread = self.view.thread(row.key) if row is not None else None
        if (thread.id if thread else None) != (self.thread.id if self.thread else None):
            self._show_row(row)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._remember()

    def on_article_view_scrolled(self, message: ArticleView.Scrolled) -> None:
        self._remember()
        self.show_status()

    # ---- actions -----------------------------------------------------------------

    def _show_pane(self, reading: bool) -> None:
        """Focus the article (`reading`) or the list; a narrow screen shows
        only the pane focused."""
        self.set_class(reading, "-reading")
        if reading:
            self.query_one(ArticleView).focus()
        else:
            self.query_one(ThreadList).focus()

    def action_switch_pane(self) -> None:
        self._show_pane(self.query_one(ThreadList).has_focus)

    def action_toggle_fold(self) -> None:
        self._sync()
        view = self.query_one(ArticleView)
        if not view.toggle_fold():
            self.notify("No fold under the cursor (Z opens them all)", markup=False, timeout=3)

    def action_follow(self) -> None:
        """Go to the story of the library that a fold here holds."""
        self._sync()
        target = self.query_one(ArticleView).fold_target()
        if target is None:
            self.notify(
                "No story of the library is folded here (> follows one)", markup=False, timeout=3
            )
            return
        thread = self.view.thread_of_file().get(target)
        thread_list = self.query_one(ThreadList)
        if thread is None:
            self.notify("That story is not in the list now", markup=False, timeout=3)
            return
        if not thread_list.move_to(thread.id):
            # Filtered out of the list: show every story again, then go there.
            self._reset_query()
            self.show, self.source = Show.ALL, None
            self._set_shown()
            thread_list.move_to(thread.id)
        thread_list.moved_by_user = True
        self._show_row(thread_list.highlighted)
        self._open_article()

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
        self.post_message(messages.SetRead(thread, True))

    def action_page(self, direction: int) -> None:
        self._sync()
        view = self.query_one(ArticleView)
        if direction > 0 and self.thread is not None and view.at_end:
            self._next_unread(1)  # read on, as less and mutt do
            return
        view.page(direction)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "/" and "s" are priority keys; while the query line has the focus they
        # are characters.
        typing = self.query_one(QueryInput).has_focus
        return not (action in ("find", "search") and typing)

    def _open_query(self, mode: Mode) -> None:
        query = self.query_one(QueryInput)
        if query.mode is not mode:
            self._reset_query()
        query.mode, query.placeholder = mode, _PLACEHOLDERS[mode]
        query.display = True
        # Focus now, not after a refresh: keys typed right after the key go in.
        self.set_focus(query)

    def action_find(self) -> None:
        """`/`: in the article, find in it; in the list, filter the titles."""
        article = self.query_one(ArticleView)
        if article.has_focus and article.article is not None:
            self._open_query(Mode.FIND)
        else:
            self._open_query(Mode.FILTER)

    def action_search(self) -> None:
        self._open_query(Mode.SEARCH)

    def action_close_query(self, keep: bool = False) -> None:
        query = self.query_one(QueryInput)
        finding = query.mode is Mode.FIND  # a find, kept or not, goes back to the article
        if not keep or not query.value.strip():
            self._reset_query()
        query.display = False
        self._show_pane(finding)
        self._remember()
        self.show_status()

    def _reset_query(self) -> None:
        """Empty the query line, hide it, and undo what it did."""
        query = self.query_one(QueryInput)
        query.value = ""
        query.display = False
        if query.mode is Mode.SEARCH:
            self._clear_search()
        elif query.mode is Mode.FIND:
            self._clear_find()
        else:
            self.query_one(ThreadList).set_filter("")

    def on_input_changed(self, event: Input.Changed) -> None:
        query = self.query_one(QueryInput)
        if event.input is query and query.mode is Mode.FILTER:
            self.query_one(ThreadList).set_filter(event.value)
            self.show_status()

    @on(QueryInput.Accepted)
    def _query_accepted(self, message: QueryInput.Accepted) -> None:
        """Enter in the query line: keep the filter, or run the search or the find."""
        text = message.value.strip()
        if message.mode is Mode.SEARCH and text:
            self.post_message(messages.Search(text))
        elif message.mode is Mode.FIND and text:
            self.find = text
            view = self.query_one(ArticleView)
            view.highlight((text,))
            view.first_match()
        self.action_close_query(keep=True)

    @on(QueryInput.Cancelled)
    def _query_cancelled(self) -> None:
        self.action_close_query()

    def _clear_search(self) -> None:
        self.search = self.found = None
        self.query_one(ThreadList).set_only(None)
        self.query_one(ArticleView).highlight(())

    def _clear_find(self) -> None:
        self.find = None
        self.query_one(ArticleView).highlight(())

    def action_match(self, direction: int) -> None:
        """n and N: the next match of a search or a find, else the next unread story."""
        view = self.query_one(ArticleView)
        if not view.terms:
            self._next_unread(direction)
            return
        if not view.next_match(direction):
            where = "below" if direction > 0 else "above"
            self.notify(f"No more matches {where}", markup=False, timeout=2)
        self.show_status()

    def _next_unread(self, direction: int) -> None:
        """Open the next (or previous) unread story in the list, as enter does."""
        thread_list = self.query_one(ThreadList)
        rows = thread_list.shown_rows
        start = thread_list.cursor
        order = range(start + 1, len(rows)) if direction > 0 else range(start - 1, -1, -1)
        for position in order:
            row = rows[position]
            if row.unread and row.state is RowState.READY:
                thread_list.moved_by_user = True
                thread_list.cursor = position
                self._show_row(row)
                self._open_article()
                return
        where = "below" if direction > 0 else "above"
        self.notify(f"No unread story {where}", markup=False, timeout=2)

    def action_toggle_read(self) -> None:
        self._sync()
        if self.thread is not None:
            read = not self.view.is_read(self.thread)
            self.post_message(messages.SetRead(self.thread, read, undoable=True))

    def action_toggle_star(self) -> None:
        self._sync()
        if self.thread is not None:
            starred = not self.view.is_starred(self.thread)
            self.post_message(messages.SetStarred(self.thread, starred))

    def action_mark_all_read(self) -> None:
        threads = [
            thread
            for row in self.query_one(ThreadList).shown_rows
            if row.state is RowState.READY
            and (thread := self.view.thread(row.key)) is not None
            and not self.view.is_read(thread)
        ]
        if not threads:
            self.notify("Every story shown is read already", markup=False, timeout=3)
            return
        self.post_message(messages.MarkAllRead(threads))

    def action_undo(self) -> None:
        self.post_message(messages.Undo())

    def action_choices(self) -> None:
        self.post_message(messages.ShowChoices())

    def _set_shown(self) -> None:
        self.query_one(ThreadList).set_shown(
            hide_read=self.show is Show.UNREAD,
            starred_only=self.show is Show.STARRED,
            source=self.source,
        )
        self._remember()
        self.show_status()

    def action_toggle_hide_read(self) -> None:
        self.show = Show.ALL if self.show is Show.UNREAD else Show.UNREAD
        self._set_shown()

    def action_cycle_show(self) -> None:
        order = list(Show)
        self.show = order[(order.index(self.show) + 1) % len(order)]
        self._set_shown()
        label = {Show.ALL: "every story", Show.UNREAD: "unread stories only"}
        shown = label.get(self.show, "starred stories only")
        self.notify(f"Showing {shown}", markup=False, timeout=2)

    def action_pick_source(self) -> None:
        if self.source is not None:
            self.source = None
            self._set_shown()
            self.notify("Showing every source", markup=False, timeout=2)
            return
        sources = self.view.sources()
        if not sources:
            self.notify("No story here names its source", markup=False, timeout=3)
            return

        def chosen(source: str | None) -> None:
            if source is not None:
                self.source = source
                self._set_shown()

        self.app.push_screen(SourcePicker(sources), chosen)

    def action_cycle_sort(self) -> None:
        order = list(Sort)
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        if self.view.threads:
            self.on_threads_grouped()
        self._remember()
        self.notify(f"Sorted {self.sort.label}", markup=False, timeout=2)

    def action_rescan(self) -> None:
        self.post_message(messages.Rescan())
        self.notify("Looking for new and changed files", markup=False, timeout=2)

    def _article_shown(self) -> Article | None:
        self._sync()
        return self.query_one(ArticleView).article

    def action_open_original(self) -> None:
        article = self._article_shown()
        if article is not None:
            self.post_message(messages.OpenFile(article.path))

    def action_open_link(self) -> None:
        article = self._article_shown()
        if article is not None:
            self.post_message(messages.OpenLink(article.url))

    def action_pager(self) -> None:
        article = self._article_shown()
        if article is not None:
            self.post_message(messages.Page(article))

    def action_edit(self) -> None:
        article = self._article_shown()
        if article is not None:
            self.post_message(messages.Edit(article.path))

    def action_copy_link(self) -> None:
        article = self._article_shown()
        if article is None:
            return
        if article.url:
            self.post_message(messages.Copy(article.url, "the article's address"))
        else:
            self.post_message(messages.Copy(str(article.path), "the file's path (no address)"))

    def action_copy_path(self) -> None:
        article = self._article_shown()
        if article is not None:
            self.post_message(messages.Copy(str(article.path), "the file's path"))

    def action_export(self) -> None:
        article = self._article_shown()
        if article is not None:
            self.post_message(messages.Export(article))

    def action_escape(self) -> None:
        query = self.query_one(QueryInput)
        article = self.query_one(ArticleView)
        if self.merging is not None:
            self.merging = None
            self.show_status()
        elif self.find is not None and article.has_focus:
            self._reset_query()  # the find's line too: the next escape goes back to the list
            self.show_status()
        elif query.value or self.search is not None:
            query.mode = Mode.SEARCH if self.search is not None else query.mode
            self.action_close_query()
        elif not self.query_one(ThreadList).has_focus:
            self._show_pane(False)

    def action_compare(self) -> None:
        self._sync()
        thread = self.thread
        if thread is None or len(thread) < 2:
            self.notify("This story has only one copy", markup=False, timeout=3)
            return
        # This copy against the lead; the lead against the next copy.
        other = 0 if self.copy else 1
        this_article = self.view.article(thread.articles[self.copy].key)
        other_article = self.view.article(thread.articles[other].key)
        if this_article is None or other_article is None:
            self.notify("Not read yet: try again in a moment", markup=False, timeout=3)
            return
        self.app.push_screen(DiffScreen(this_article, self.copy + 1, other_article, other + 1))

    def action_split_copy(self) -> None:
        self._sync()
        thread = self.thread
        if thread is None or len(thread) < 2 or not self.view.threads:
            self.notify("This copy is already on its own", markup=False, timeout=3)
            return
        info = thread.articles[self.copy]
        self.post_message(messages.SplitOut(info))
        self.notify(
            f"Took “{info.title}” ({clean_line(info.path.name)}) out of the thread (u undoes)",
            markup=False,
            timeout=4,
        )

    def action_merge_threads(self) -> None:
        self._sync()
        thread = self.thread
        if thread is None or not self.view.threads:
            return
        if self.merging is None or self.merging.id == thread.id:
            self.merging = thread
            self.show_status()
            return
        first, self.merging = self.merging, None
        self.post_message(messages.Join(first, thread))
        self.notify(
            f"Joined “{first.title}” with “{thread.title}” (u undoes)", markup=False, timeout=4
        )

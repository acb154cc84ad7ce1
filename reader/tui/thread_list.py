"""The story list: one row per thread, drawn a line at a time.

A line-API widget: it draws only the rows on screen, so 100,000 rows cost no
more to show than 100. The rows are a plain list; filtering by title rebuilds a
list of row indices, never widgets. Rendered lines are cached by row, width and
highlight.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.normalize import fold
from reader.tui.bindings import THREAD_LIST, table
from reader.view import Row, RowState

__all__ = ["Row", "RowState", "ThreadList"]


UNREAD_MARK = "●"
STAR_MARK = "★"


class ThreadList(ScrollView, can_focus=True):
    """The list of stories."""

    BINDINGS = table(THREAD_LIST)
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "thread-list--cursor",
        "thread-list--cursor-blurred",
        "thread-list--unread",
        "thread-list--meta",
        "thread-list--pending",
        "thread-list--error",
        "thread-list--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        """The cursor moved to a row."""

        def __init__(self, row: Row | None) -> None:
            super().__init__()
            self.row = row

    class Selected(Message):
        """A row was chosen (enter or click)."""

        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, empty_text: str = "No stories", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows: list[Row] = []
        # Titles casefolded for the filter: made when a filter first needs them.
        self._folded_titles: list[str] | None = None
        self._index: dict[str, int] = {}
        self._visible: list[int] = []
        self._filter = ""
        self._filter_text = ""  # as typed
        self._only: set[str] | None = None  # keys of the rows a search found
        self.hide_read = False
        self.starred_only = False
        self.source: str | None = None  # the one source shown, if any
        self.hidden_text = "Nothing to show"  # when there are rows, but all are hidden

        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self.empty_text = empty_text
        self.moved_by_user = False  # whether the cursor is where the user put it

    # ---- data ----------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Row]:
        return self._rows

    @property
    def visible_count(self) -> int:
        return len(self._visible)

    @property
    def highlighted(self) -> Row | None:
        if 0 <= self.cursor < len(self._visible):
            return self._rows[self._visible[self.cursor]]
        return None

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace every row, keeping the cursor on the same key where it still exists."""
        current = self.highlighted
        self._rows = list(rows)
        self._folded_titles = None
        self._index = {row.key: i for i, row in enumerate(self._rows)}
        self._cache.clear()
        self._refilter(keep=current.key if current else None)

    def append_rows(self, rows: Sequence[Row]) -> None:
        """Add rows at the end (files found by a scan still going on)."""
        start = len(self._rows)
        self._rows.extend(rows)
        for index, row in enumerate(rows, start):
            self._index[row.key] = index
        if self._folded_titles is not None:
            self._folded_titles.extend(fold(row.title) for row in rows)
        self._visible.extend(i for i in range(start, len(self._rows)) if self._shows(i))
        self.virtual_size = Size(self.size.width, len(self._visible))
        if start == 0 and self._visible:
            self.cursor = 0
        self.refresh()

    def update_row(self, row: Row) -> None:
        """Replace the row with the same key (a file read, a thread marked read)."""
        index = self._index.get(row.key)
        if index is None:
            return
        self._rows[index] = row
        if self._folded_titles is not None:
            self._folded_titles[index] = fold(row.title)
        self._cache.clear()
        self.refresh()

    def replace_rows(self, rows: Mapping[str, Sequence[Row]]) -> None:
        """Put rows in place of the row with each key (a file that, once read,
        holds several articles); the cursor stays on its row, or the first
        that replaced it."""
        if not any(key in self._index for key in rows):
            return
        current = self.highlighted
        keep = current.key if current else None
        if keep is not None and (replaced := rows.get(keep)):
            keep = replaced[0].key
        new: list[Row] = []
        for row in self._rows:
            new.extend(rows.get(row.key, (row,)))
        self._rows = new
        self._folded_titles = None
        self._index = {row.key: i for i, row in enumerate(self._rows)}
        self._cache.clear()
        self._refilter(keep=keep)

    def set_filter(self, text: str) -> None:
        """Show only rows whose title contains `text` (any case, accents alike)."""
        current = self.highlighted
        self._filter = fold(text).strip()
        self._filter_text = text.strip()
        self._refilter(keep=current.key if current else None)

    def set_only(self, keys: set[str] | None) -> None:
        """Show only the rows with these keys (None: all)."""
        current = self.highlighted
        self._only = keys
        self._refilter(keep=current.key if current else None)

    def set_hide_read(self, hide: bool) -> None:
        self.set_shown(hide_read=hide, starred_only=self.starred_only, source=self.source)

    def set_shown(self, *, hide_read: bool, starred_only: bool, source: str | None) -> None:
        """Show only unread rows, only starred ones, only one source's (or all)."""
        current = self.highlighted
        self.hide_read, self.starred_only, self.source = hide_read, starred_only, source
        self._refilter(keep=current.key if current else None)

    @property
    def shown_rows(self) -> list[Row]:
        """The rows shown, in order."""
        return [self._rows[index] for index in self._visible]

    def _titles(self) -> list[str]:
        if self._folded_titles is None:
            self._folded_titles = [fold(row.title) for row in self._rows]
        return self._folded_titles

    def _shows(self, index: int) -> bool:
        row = self._rows[index]
        ready = row.state is RowState.READY
        return (
            (not self._filter or self._filter in self._titles()[index])
            and (self._only is None or row.key in self._only)
            and not (self.hide_read and ready and not row.unread)
            and not (self.starred_only and not row.starred)
            and (self.source is None or (ready and row.meta == self.source))
        )

    def move_to(self, key: str) -> bool:
        """Put the cursor on the row with this key; False if it is not shown."""
        index = self._index.get(key)
        if index is not None and index in self._visible:
            self.cursor = self._visible.index(index)
            return True
        return False

    def _refilter(self, keep: str | None) -> None:
        if (
            self._filter
            or self._only is not None
            or self.hide_read
            or self.starred_only
            or self.source is not None
        ):
            self._visible = [i for i in range(len(self._rows)) if self._shows(i)]
        else:
            self._visible = list(range(len(self._rows)))
        self.virtual_size = Size(self.size.width, len(self._visible))
        position = 0
        if keep is not None and (index := self._index.get(keep)) is not None:
            try:
                position = self._visible.index(index)
            except ValueError:
                position = 0
        self.cursor = min(position, max(len(self._visible) - 1, 0))
        self.refresh()

    # ---- cursor ----------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache.clear()
        self.refresh()
        self.scroll_to_region_y(new)
        self.post_message(self.Highlighted(self.highlighted))

    def scroll_to_region_y(self, y: int) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        if y < self.scroll_y:
            self.scroll_to(y=y, animate=False, immediate=True)
        elif y >= self.scroll_y + height:
            self.scroll_to(y=y - height + 1, animate=False, immediate=True)

    def _move(self, delta: int) -> None:
        """Move the cursor on the user's behalf."""
        self.moved_by_user = True
        if self._visible:
            self.cursor = max(0, min(len(self._visible) - 1, self.cursor + delta))

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_first(self) -> None:
        self._move(-len(self._visible))

    def action_last(self) -> None:
        self._move(len(self._visible))

    def action_page_down(self) -> None:
        self._move(max(self.scrollable_content_region.height - 1, 1))

    def action_page_up(self) -> None:
        self._move(-max(self.scrollable_content_region.height - 1, 1))

    def action_select(self) -> None:
        row = self.highlighted
        if row is not None:
            self.post_message(self.Selected(row))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        position = int(self.scroll_y) + offset.y
        if 0 <= position < len(self._visible):
            self.moved_by_user = True
            self.cursor = position
            self.action_select()

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()  # cached lines carry the old theme's colours

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._visible))
        self._cache.clear()

    # ---- drawing ---------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        position = int(self.scroll_y) + y
        base = self.rich_style
        if not self._visible:
            if y == 0:
                message = self.empty_text
                if self._rows:
                    message = (
                        f"No titles match “{self._filter_text}”"
                        if self._filter
                        else self.hidden_text
                    )

                text = Text(message, style=self.get_component_rich_style("thread-list--empty"))
                return Strip(text.render(self.app.console)).extend_cell_length(width, base)
            return Strip.blank(width, base)
        if position >= len(self._visible):
            return Strip.blank(width, base)
        index = self._visible[position]
        selected = position == self.cursor
        key = (index, selected, selected and self.has_focus, width)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(self._rows[index], selected, width, base)
            self._cache[key] = strip
        return strip

    def _render_row(self, row: Row, selected: bool, width: int, base: Style) -> Strip:
        style = base
        if row.state is RowState.PENDING:
            style += self.get_component_rich_style("thread-list--pending")
        elif row.state is RowState.ERROR:
            style += self.get_component_rich_style("thread-list--error")
        elif row.unread:
            style += self.get_component_rich_style("thread-list--unread")
        meta_style = style + self.get_component_rich_style("thread-list--meta")
        if selected:
            name = "thread-list--cursor" if self.has_focus else "thread-list--cursor-blurred"
            cursor = self.get_component_rich_style(name)
            style += cursor
            meta_style = style + Style(
                bold=False, color=meta_style.color if not self.has_focus else None
            )

        star = STAR_MARK if row.starred else " "
        mark = UNREAD_MARK if row.unread and row.state is RowState.READY else " "
        if row.state is RowState.ERROR:
            mark = "!"
        mark = star + mark
        # The number of copies always shows; the source gives way first.
        count = f" ×{row.copies}" if row.copies > 1 else ""
        meta = Text(f" {row.meta}" if row.meta else "", style=meta_style)
        meta.truncate(max(width // 3 - len(count), 0), overflow="ellipsis")
        meta.append(f"{count} ", style=meta_style)
        title_width = max(width - 3 - meta.cell_len, 1)

        title = Text(row.title, style=style, no_wrap=True, overflow="ellipsis")
        title.truncate(title_width, overflow="ellipsis", pad=True)
        line = Text.assemble(Text(f"{mark} ", style=style), title, meta)
        return Strip(line.render(self.app.console)).adjust_cell_length(width, style)

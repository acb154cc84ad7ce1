"""The header line: app name, library, counts, what is filtered, and indexing progress."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from reader.render import duration, progress_bar
from reader.sanitize import clean_line


@dataclass(frozen=True, slots=True)
class Status:
    library: str
    sample: bool = False
    stories: int = 0
    unread: int = 0
    errors: int = 0
    done: int = 0
    total: int = 0
    rate: float = 0.0  # files read a second
    seconds_left: float | None = None
    indexing: bool = False
    grouped: bool = True  # stories are threads (else: files, not grouped yet)
    shown: int | None = None  # rows left by the title filter, when one is set
    filter: str = ""
    search: str | None = None
    found: int | None = None
    merging: str | None = None  # the title of a story waiting to be merged
    hide_read: bool = False
    sort: str = ""  # the list's order, if not newest first
    show: str = "all"  # which stories: all, unread or starred
    source: str | None = None  # the one source shown, if the list is narrowed to one
    place: int | None = None  # how far through the article the reader is, in percent
    find: str | None = None  # what is being looked for in the article
    match: str = ""  # which match of it the cursor is on: "3 of 12", "no match"


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def status_content(status: Status, width: int | None = None) -> Content:
    """The header line as Content: every piece of data is plain text, never
    markup. If it is wider than `width`, the library's path is shortened
    first (the counts and what is going on matter more)."""
    library_text = "the sample library" if status.sample else clean_line(status.library)
    rest = _after_library(status)
    if width is not None:
        room = width - (len(" reader ─ ") + sum(len(_plain(part)) for part in rest))
        library_text = shorten_path(library_text, max(room, 12))
    library = (library_text, "italic" if status.sample else "")
    return Content.assemble((" reader ", "bold"), "─ ", library, *rest)


def _plain(part: tuple[str, str] | str) -> str:
    return part if isinstance(part, str) else part[0]


def shorten_path(text: str, width: int) -> str:
    """A path cut down to `width` characters from the left, on a folder
    boundary where it can be: "~/Articles/2024/world" -> "…/2024/world"."""
    if len(text) <= width:
        return text
    tail = text[-(width - 1) :]
    cut = tail.find("/")
    if 0 <= cut < len(tail) - 1:
        tail = tail[cut:]
    return "…" + tail


def _after_library(status: Status) -> list[tuple[str, str] | str]:
    counts = (
        _count(status.stories, "story", "stories")
        if status.grouped
        else _count(status.stories, "file", "files")
    )
    if status.unread:
        counts += f" · {status.unread:,} unread"
    if status.errors:
        counts += f" · {status.errors:,} unreadable"
    parts: list[tuple[str, str] | str] = [" ─ ", counts]
    if status.sort:
        parts += [f" · {status.sort}"]
    if status.hide_read:
        parts += [" · read hidden"]
    if status.show == "starred":
        parts += [" · starred only"]
    if status.source is not None:
        parts += [" · from ", (clean_line(status.source), "bold")]
    if status.shown is not None:
        matches = {0: "no title matches", 1: "1 title matches"}.get(
            status.shown, f"{status.shown:,} titles match"
        )
        parts += [" ─ ", (f"{matches} “{clean_line(status.filter)}”", "bold")]
    if status.search is not None:
        found = {0: "no story contains", 1: "1 story contains"}.get(
            status.found or 0, f"{status.found:,} stories contain"
        )
        parts += [" ─ ", (f"{found} “{clean_line(status.search)}”", "bold")]
    if status.find is not None:
        parts += [" ─ ", (f"“{clean_line(status.find)}”: {status.match}", "bold")]
    if status.merging is not None:
        title = clean_line(status.merging)
        title = title if len(title) <= 28 else title[:27] + "…"
        parts += [" ─ ", (f"J on the other story joins “{title}”", "bold"), " · esc cancels"]
    if status.indexing and status.total:
        parts += [
            " ─ reading ",
            progress_bar(status.done, status.total),
            f" {status.done:,}/{status.total:,}",
        ]
        if status.rate:
            parts += [f" · {status.rate:,.0f}/s"]
        if status.seconds_left is not None and status.done < status.total:
            parts += [f" · {duration(status.seconds_left)} left"]
    if status.place is not None:
        parts += [f" ─ {status.place}%"]
    return parts


class StatusBar(Static):
    """The one-line header at the top of the screen."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._status: Status | None = None

    def show_status(self, status: Status) -> None:
        self._status = status
        self.update(status_content(status, self.size.width or None))

    def on_resize(self) -> None:
        if self._status is not None:
            self.update(status_content(self._status, self.size.width or None))

"""The header line: app name, library, counts, and indexing progress."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from reader.sanitize import clean_line

_BAR_WIDTH = 12
_BAR = "█"
_BAR_EMPTY = "▁"


@dataclass(frozen=True, slots=True)
class Status:
    library: str
    sample: bool = False
    stories: int = 0
    unread: int = 0
    errors: int = 0
    done: int = 0
    total: int = 0
    indexing: bool = False
    shown: int | None = None  # rows left by the filter, when one is set
    filter: str = ""
    merging: str | None = None  # the title of a story waiting to be merged


def progress_bar(done: int, total: int, width: int = _BAR_WIDTH) -> str:
    filled = round(width * done / total) if total else 0
    return f"▕{_BAR * filled}{_BAR_EMPTY * (width - filled)}▏"


def status_content(status: Status) -> Content:
    """The header line as Content: every piece of data is plain text, never markup."""
    library = (
        ("the sample library", "italic") if status.sample else (clean_line(status.library), "")
    )
    parts: list[tuple[str, str] | str] = [(" reader ", "bold"), "─ ", library]

    noun = ("file", "files") if status.indexing else ("story", "stories")
    counts = f"{status.stories} {noun[0] if status.stories == 1 else noun[1]}"

    if status.unread:
        counts += f" · {status.unread} unread"
    if status.errors:
        counts += f" · {status.errors} unreadable"
    parts += [" ─ ", counts]
    if status.shown is not None:
        matches = {0: "no title matches", 1: "1 title matches"}.get(
            status.shown, f"{status.shown} titles match"
        )
        parts += [" ─ ", (f"{matches} “{clean_line(status.filter)}”", "bold")]
    if status.merging is not None:
        parts += [
            " ─ ",
            ("join “", "bold"),
            (clean_line(status.merging), "bold"),
            ("” with: go to the other story, J (esc: cancel)", "bold"),
        ]
    if status.indexing and status.total:
        percent = 100 * status.done // status.total
        parts += [" ─ indexing ", progress_bar(status.done, status.total), f" {percent}%"]
    return Content.assemble(*parts)


class StatusBar(Static):
    """The one-line header at the top of the screen."""

    def show_status(self, status: Status) -> None:
        self.update(status_content(status))

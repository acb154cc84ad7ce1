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
    sort: str = "date"


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def status_content(status: Status) -> Content:
    """The header line as Content: every piece of data is plain text, never markup."""
    library = (
        ("the sample library", "italic") if status.sample else (clean_line(status.library), "")
    )
    parts: list[tuple[str, str] | str] = [(" reader ", "bold"), "─ ", library]
    counts = (
        _count(status.stories, "story", "stories")
        if status.grouped
        else _count(status.stories, "file", "files")
    )
    if status.unread:
        counts += f" · {status.unread:,} unread"
    if status.errors:
        counts += f" · {status.errors:,} unreadable"
    parts += [" ─ ", counts]
    if status.sort != "date":
        parts += [f" · by {status.sort}"]
    if status.hide_read:
        parts += [" · read hidden"]
    if status.shown is not None:
        matches = {0: "no title matches", 1: "1 title matches"}.get(
            status.shown, f"{status.shown:,} titles match"
        )
        parts += [" ─ ", (f"{matches} “{clean_line(status.filter)}”", "bold")]
    if status.search is not None:
        found = {0: "no story contains", 1: "1 story contains"}.get(
            status.found or 0, f"{status.found:,} stories contain"
        )
        parts += [" ─ ", (f"{found} “{clean_line(status.search)}” (n/N: next)", "bold")]
    if status.merging is not None:
        parts += [
            " ─ ",
            (f"join “{clean_line(status.merging)}” with: go to the other story, J", "bold"),
            " (esc: cancel)",
        ]
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
    return Content.assemble(*parts)


class StatusBar(Static):
    """The one-line header at the top of the screen."""

    def show_status(self, status: Status) -> None:
        self.update(status_content(status))

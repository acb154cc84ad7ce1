"""The messages between the app and its screen.

The app owns the library (its `View`, the state, the cache, the workers); the
screen shows the view and maps keys to requests. The app tells the screen
what changed with the first group (they do not bubble); the screen asks the
app for what only the app may do with the second (they bubble up to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from reader.model import Article, ArticleInfo, Thread

# ---- app to screen: what changed in the view ---------------------------------------


@dataclass
class FilesFound(Message, bubble=False):
    """The scan found files the screen has not listed (by name until read),
    or could not take them (error rows)."""

    keys: list[str]


@dataclass
class FilesRead(Message, bubble=False):
    """These files were read (or failed to be)."""

    keys: list[str]


@dataclass
class ThreadsGrouped(Message, bubble=False):
    """The view's threads were replaced."""


@dataclass
class StatusChanged(Message, bubble=False):
    """Counts or progress changed: the header is to be drawn again."""


@dataclass
class MarksChanged(Message, bubble=False):
    """The user's marks on these threads changed."""

    threads: list[Thread]


@dataclass
class SearchFinished(Message, bubble=False):
    """A full-text search ended: the keys of the files that hold `text`."""

    text: str
    found: set[str]


# ---- screen to app: what the user asks for -------------------------------------------


@dataclass
class Wanted(Message):
    """The user waits for this file: read it next."""

    path: Path


@dataclass
class SetRead(Message):
    thread: Thread
    read: bool
    undoable: bool = False  # the user's own m (u undoes it), not a story opened


@dataclass
class SetStarred(Message):
    thread: Thread
    starred: bool


@dataclass
class SplitOut(Message):
    """Take this copy out of its thread, for good."""

    info: ArticleInfo


@dataclass
class Join(Message):
    """These two stories are one, for good."""

    first: Thread
    second: Thread


@dataclass
class Search(Message):
    """Search the text of every article for `text`."""

    text: str


@dataclass
class Rescan(Message):
    """Look for new, changed and deleted files now."""


@dataclass
class OpenFile(Message):
    """Open the file with the system's opener."""

    path: Path


@dataclass
class OpenLink(Message):
    """Open the article's web address in the browser."""

    url: str | None


@dataclass
class MarkAllRead(Message):
    """Mark every one of these stories read (the ones the list shows)."""

    threads: list[Thread]


@dataclass
class Undo(Message):
    """Undo the last mark, star, split or join."""


@dataclass
class ShowChoices(Message):
    """List the user's splits and joins, to undo any of them."""


@dataclass
class Page(Message):
    """Show this article in the user's pager."""

    article: Article


@dataclass
class Edit(Message):
    """Open this file in the user's editor."""

    path: Path


@dataclass
class Copy(Message):
    """Put this text on the clipboard; `what` names it for the message."""

    text: str
    what: str


@dataclass
class Export(Message):
    """Save this article as Markdown."""

    article: Article

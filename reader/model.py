"""The plain data that flows between the stages: Page, Block, Fold, Article, Thread.

Every stage imports this module; it imports no stage. All records are frozen so a
stage can hand them on (to a worker thread, to the screen) without copying.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple


class PageKind(StrEnum):
    HTML = "html"
    TEXT = "text"
    MARKDOWN = "markdown"
    # A list of saved links (a Pocket or Instapaper export): shown as one
    # entry that lists them, never taken for an article. Read as plain text.
    LINKS = "links"


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    LIST_ITEM = "list_item"
    CAPTION = "caption"
    NOTE = "note"  # an editor's note about the copy ("This article was amended on …")
    PREFORMATTED = "preformatted"


@dataclass(frozen=True, slots=True)
class Page:
    """A file read from disk and decoded: the input of extraction."""

    path: Path
    kind: PageKind
    text: str
    encoding: str
    size: int
    # What names this page whatever its file is called or wherever it is
    # moved: a digest of the bytes it was read from (see `identity`); for a
    # member of a container, of the member's own bytes.
    ident: str = ""
    # What the file around the page knows of it (a mail's subject and date, an
    # export's metadata, a clipping's front matter): hints that extraction
    # uses where the page itself says nothing better. None: not known.
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    byline: str | None = None
    source: str | None = None
    # Its place in a file that holds many (a mailbox, an archive, an export):
    # 1-based; 0 when the file is the one article. `unit` names what the file
    # holds ("message", "page", "chapter", "entry").
    member: int = 0
    unit: str | None = None
    # How many characters open `text` as the sender's own note, not the text
    # the file passes on (a reply's words over the quote it sends, and the
    # "On ..., X wrote:" line; a forward's note and the forwarded header).
    preamble: int = 0

    @property
    def key(self) -> str:
        """The article's key: the file's path, or `path#n` for the n-th member."""
        return article_key(self.path, self.member)


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of article text. `level` is the heading level or list depth;
    `role`, what the page's markup says the block is part of when that is
    not the article ("comments", "related", "nav"...: a fold kind), or
    "link" for a paragraph that is all link (folded or not by where it
    stands), for folding to weigh."""

    kind: BlockKind
    text: str
    level: int = 0
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Fold:
    """A run of blocks `start:end` recognised as boilerplate. Folded, never deleted."""

    kind: str
    label: str
    start: int
    end: int
    rule: str
    aggregator: str | None = None
    # For another story of the library found in the page: the key of its file
    # (a key goes to it).
    target: str | None = None

    @property
    def size(self) -> int:
        return self.end - self.start

    def __contains__(self, index: object) -> bool:
        return isinstance(index, int) and self.start <= index < self.end


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: metadata, the blocks in reading order, and its folds."""

    path: Path
    kind: PageKind
    title: str
    blocks: tuple[Block, ...]
    folds: tuple[Fold, ...] = ()
    source: str | None = None
    aggregator: str | None = None
    section: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    url: str | None = None
    notes: tuple[str, ...] = ()
    ident: str = ""  # the page's identity (see `identity`): what the user's marks are on
    # Its place in a file that holds many (see `Page.member`), and how the meta
    # line says it: "message 3 of 120".
    member: int = 0
    place: str | None = None

    @property
    def key(self) -> str:
        """The article's key: the file's path, or `path#n` for the n-th member."""
        return article_key(self.path, self.member)

    def fold_at(self, index: int) -> Fold | None:
        """The fold that holds block `index`, if any."""
        for fold in self.folds:
            if index in fold:
                return fold
        return None

    @property
    def body(self) -> tuple[Block, ...]:
        """The blocks that are not folded: the article itself."""
        folded = {i for fold in self.folds for i in range(fold.start, fold.end)}
        return tuple(b for i, b in enumerate(self.blocks) if i not in folded)

    def body_text(self) -> str:
        """The article's text without its folds, one block a paragraph."""
        return "\n\n".join(block.text for block in self.body)


def article_key(path: Path | str, member: int = 0) -> str:
    """How an article is named in the cache, the state and the CLI: its file's
    path, or `path#n` for the n-th article of a file that holds many (a
    mailbox, an archive, an export: even when it holds one)."""
    return f"{path}#{member}" if member else str(path)


def identity(data: bytes) -> str:
    """What names an article for the user's marks (read, starred, split, joined):
    a digest of the bytes it was read from. It stays when the file is renamed
    or its library moved (unlike the path), and when the reader's extraction
    changes (unlike its text); it changes when the file does."""
    return hashlib.blake2b(data, digest_size=8).hexdigest()


class FileStat(NamedTuple):
    """A file as a scan saw it: what tells whether it changed since. (A scan
    of 100,000 files makes 100,000 of these: the path is kept as text.)"""

    key: str  # the file's path
    size: int
    mtime_ns: int
    inode: int

    @property
    def path(self) -> Path:
        return Path(self.key)


@dataclass(frozen=True, slots=True)
class IndexedArticle:
    """One article of a file, ready for the cache: its info, the article
    encoded, its fingerprint, and its plain text for search."""

    info: ArticleInfo
    article: bytes
    fingerprint: bytes
    text: str = ""


@dataclass(frozen=True, slots=True)
class Indexed:
    """What reading one file gave: its articles (most files hold one), or the
    reason it failed; and how long the reading took."""

    stat: FileStat
    articles: tuple[IndexedArticle, ...] = ()
    failure: str | None = None
    seconds: float = 0.0
    # Members of a container that could not be read, one line each ("message
    # 7: too large"), while the rest could: `reader check` says so.
    problems: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return Path(self.stat.key)

    @property
    def key(self) -> str:
        return str(self.stat.key)

    @property
    def infos(self) -> tuple[ArticleInfo, ...]:
        return tuple(article.info for article in self.articles)

    @property
    def info(self) -> ArticleInfo | None:
        """The first article's info (None if the file gave none)."""
        return self.articles[0].info if self.articles else None


class ArticleInfo(NamedTuple):
    """What the list and the threads need to know of an article, without its text.

    A library of 100,000 articles keeps one of these per file in memory (and the
    text in the cache), and a warm start makes all of them at once: so a named
    tuple, which is made several times faster than a dataclass, and the path
    kept as text (`key`), which is made and hashed faster than a Path."""

    key: str  # the file's path
    title: str
    source: str | None = None
    aggregator: str | None = None
    section: str | None = None
    byline: str | None = None
    # The date published, as its ordinal (0: not known): a warm start makes
    # 100,000 of these from the cache's listing with no call per field.
    day: int = 0
    words: int = 0  # of its body, folds left out
    folds: int = 0
    # Keys of its opening and closing paragraphs, to find what a site repeats:
    # 64-bit integers, packed (see `reader.boilerplate.edge_keys`).
    edges: bytes = b""
    ident: str = ""  # the article's identity (see `identity`): what the user's marks are on

    @property
    def path(self) -> Path:
        return Path(self.key)

    @property
    def published(self) -> dt.date | None:
        return dt.date.fromordinal(self.day) if self.day else None


@dataclass(frozen=True, slots=True)
class Failure:
    """A file that could not be turned into an Article, and why."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class Thread:
    """The copies of one story. The lead (the fullest copy) comes first."""

    id: str  # the lead's key: unique, as a file leads one thread at most

    articles: tuple[ArticleInfo, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, thread_id: str, articles: tuple[ArticleInfo, ...]) -> Thread:
        """The same as `Thread(thread_id, articles)`, made a third as long: a
        warm start makes 100,000 (a frozen dataclass's own init goes through
        `object.__setattr__` with checks a known thread needs not)."""
        thread = object.__new__(cls)
        object.__setattr__(thread, "id", thread_id)
        object.__setattr__(thread, "articles", articles)
        return thread

    @property
    def lead(self) -> ArticleInfo:
        return self.articles[0]

    @property
    def title(self) -> str:
        return self.lead.title

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(a.path for a in self.articles)

    @property
    def keys(self) -> tuple[str, ...]:
        """The copies' paths, as text."""
        return tuple(a.key for a in self.articles)

    @property
    def idents(self) -> tuple[str, ...]:
        """The copies' identities: what the user's marks are on."""
        return tuple(a.ident for a in self.articles)

    def __len__(self) -> int:
        return len(self.articles)


class ArticleError(Exception):
    """A file could not be read as an article; `reason` is one line for the user."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def failure(self) -> Failure:
        return Failure(self.path, self.reason)

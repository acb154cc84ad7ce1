"""The cache: what reading each file gave, in SQLite in the platformdirs cache dir.

One cache holds any number of libraries. A library is its resolved root
folder (`Cache.library(root)`); it has its own files, its own last grouping
(the *listing*), its own write count (*generation*) and its own failures, so
opening one never shows another's rows, and switching back is a warm start.
Nested roots (`~/Articles` and `~/Articles/2024`) are separate libraries;
a file one of them has read is not read again for the other: its entry is
copied (`LibraryCache.borrow`).

In a library, an entry is keyed by path and is good while the file's size,
mtime_ns and inode, and the reader's version (the extraction code and the fold
rules), are the same; so a warm start only has to stat the files. A file holds
one article or, for the formats that hold many (a mailbox, an archive), each
of them as an article row keyed `path#n`. An article row holds its info (for
the list and the threads), its identity, the thread it was last put in, and,
apart, the article and fingerprint (`content`) and the text, in a full-text
index (FTS5) for search.

The last grouping is also kept whole, as the listing: every thread with its
copies' infos, in the list's order, in one blob. A warm start of 100,000
files shows it in a fraction of what reading 100,000 rows takes. It is used
only if none of the library's files was stored or forgotten since it was made
(the library's generation), and only if its checksum holds.

The cache is disposable: nothing in it is the user's. A corrupt file is moved
aside and a new one made; one made by a newer reader, or that cannot be made,
is left alone and the cache lives in memory and says so once (`problem`). It
is WAL-journalled with a busy timeout, so the indexer writes while the screen
reads, each thread on its own connection.
"""

from __future__ import annotations

import marshal
import re
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from reader.bulk import collector_paused
from reader.codec import decode_article
from reader.dbfile import schema_of
from reader.model import Article, ArticleInfo, FileStat, Indexed, Thread
from reader.threads import MAX_BUCKET, Fingerprint

SCHEMA_VERSION = 8
_META = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
# A warm start reads every row of `files` and `articles`: so the info is kept
# in columns, not a document, and the article and fingerprint (kilobytes each)
# in a table of their own, `content`, so that the scan reads megabytes, not the
# whole cache. An article's content and search rows have the article's id for
# rowid: FTS5 finds a row by rowid at once, but by any other column only by
# reading its whole index.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS libraries (
    id INTEGER PRIMARY KEY,
    root TEXT NOT NULL UNIQUE,
    generation INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    library INTEGER NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    version TEXT NOT NULL,
    failure TEXT,
    UNIQUE (library, path)
);
-- What another library (a nested root) read of a path: see LibraryCache.borrow.
CREATE INDEX IF NOT EXISTS files_by_path ON files (path);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    file INTEGER NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT,
    aggregator TEXT,
    section TEXT,
    byline TEXT,
    day INTEGER,  -- published: the date's ordinal
    words INTEGER,
    folds INTEGER,
    edges BLOB,
    ident TEXT,
    thread TEXT
);
CREATE INDEX IF NOT EXISTS articles_of_file ON articles (file);
CREATE INDEX IF NOT EXISTS articles_by_key ON articles (key);
CREATE TABLE IF NOT EXISTS content (
    id INTEGER PRIMARY KEY,
    article BLOB NOT NULL,
    fingerprint BLOB NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS search
    USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
-- The library's candidate index (reader.threads.index): each page's keys, as
-- signed 64-bit integers, so that a regroup needs not the whole library. A
-- page is named by a number (`pages`): a key is held by a row of three ints.
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    library INTEGER NOT NULL,
    page TEXT NOT NULL,
    UNIQUE (library, page)
);
CREATE TABLE IF NOT EXISTS candidates (
    library INTEGER NOT NULL,
    key INTEGER NOT NULL,
    page INTEGER NOT NULL
);

-- What the last grouping found besides its threads (kept with the listing's
-- generation): what a regroup in another process starts from.
CREATE TABLE IF NOT EXISTS groupings (
    library INTEGER PRIMARY KEY,
    generation INTEGER NOT NULL,
    data BLOB NOT NULL
);
-- A library's last grouping: part 0 the whole list, part 1 its head (see
-- LibraryCache.listing).
CREATE TABLE IF NOT EXISTS listing (
    library INTEGER NOT NULL,
    part INTEGER NOT NULL CHECK (part IN (0, 1)),
    generation INTEGER NOT NULL,
    checksum INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (library, part)
);
"""
# Made after the candidates are filled (a bulk insert into an indexed table
# takes twice as long).
_CANDIDATE_INDEXES = """
CREATE INDEX IF NOT EXISTS candidates_by_key ON candidates (library, key);
CREATE INDEX IF NOT EXISTS candidates_by_page ON candidates (page);
"""
_TABLES = (
    "libraries",
    "pages",
    "files",
    "articles",
    "content",
    "search",
    "listing",
    "candidates",
    "groupings",
)
_INFO = "key, title, source, aggregator, section, byline, day, words, folds, edges, ident"
_BUSY_MS = 5000
# Threads in the listing's head (see `LibraryCache.listing`): more than any screen shows.
HEAD_THREADS = 200

_TOKEN = re.compile(r"\w+")


class Listing(NamedTuple):
    """The list as the last grouping left it: threads in order, and the files
    that could not be read (key: reason)."""

    threads: list[Thread]
    failures: dict[str, str]
    infos: dict[str, ArticleInfo]  # every thread's copies, by key
    stories: int  # threads in the whole list (more than `threads` in a head)
    choices: str  # the digest of the user's choices it was grouped with
    # What the grouping found besides its threads, as plain data (see
    # `reader.library.Found`): the repeated text's keys, embedded stories by
    # page, lost pages, newer copies.
    found: tuple[Any, ...] = ()


class Stamp(NamedTuple):
    """What tells whether a file changed since the cache read it (and whether
    reading it failed): all a warm start with a current listing needs."""

    key: str
    size: int
    mtime_ns: int
    inode: int
    version: str
    failure: str | None

    def fresh(self, stat: FileStat, version: str) -> bool:
        """Whether this entry still describes the file, as it is now."""
        return _fresh(self, stat, version)


def _fresh(entry: Stamp | Entry, stat: FileStat, version: str) -> bool:
    return (
        entry.version == version
        and entry.size == stat.size
        and entry.mtime_ns == stat.mtime_ns
        and entry.inode == stat.inode
    )


class Entry(NamedTuple):
    """A file as the cache last saw it (100,000 of them on a warm start): what
    tells whether it changed, and what reading it gave, each of its articles
    with the thread it was last put in."""

    key: str
    size: int
    mtime_ns: int
    inode: int
    version: str
    failure: str | None
    infos: tuple[ArticleInfo, ...]
    threads: tuple[str | None, ...]

    @property
    def info(self) -> ArticleInfo | None:
        """The first article's info (None if the file gave none)."""
        return self.infos[0] if self.infos else None

    def fresh(self, stat: FileStat, version: str) -> bool:
        """Whether this entry still describes the file, as it is now."""
        return _fresh(self, stat, version)


def search_query(text: str) -> str | None:
    """An FTS5 query for what the user typed: every word, as a prefix. None if
    there is no word in it. Words are quoted, so no input is FTS syntax."""
    words = _TOKEN.findall(text)
    return " ".join(f'"{word}"*' for word in words) if words else None


class Cache:
    """The cache database; `library(root)` is one library's part of it."""

    def __init__(
        self, path: Path | None, problem: str | None = None, busy_ms: int = _BUSY_MS
    ) -> None:
        self.path = path
        self.problem = problem
        self.busy_ms = busy_ms  # how long to wait for another program's lock
        self._local = threading.local()
        self._memory: sqlite3.Connection | None = None
        if path is None:
            # One shared in-memory database: connections of different threads
            # would each get their own, so it is opened once, for all of them.
            # (SQLite's serialised mode makes the one connection safe to share.)
            self._memory = sqlite3.connect(":memory:", check_same_thread=False)
            self._create(self._memory)

    @classmethod
    def open(cls, path: Path | None, busy_ms: int = _BUSY_MS) -> Cache:
        """The cache at `path` (made if missing, remade if corrupt or of an
        older schema), or in memory."""
        if path is None:
            return cls(None)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _not_newer(path, busy_ms)  # before anything is written to it, WAL included
            cache = cls(path, busy_ms=busy_ms)
            cache._check()
            return cache
        except _Newer as newer:
            # Another reader's, and newer: not ours to drop.
            return cls(None, problem=f"cache kept in memory only ({path}: {newer})")
        except sqlite3.OperationalError as error:
            # Locked (by another program) or not to be opened: not corrupt, so
            # not to be moved aside from under whoever has it.
            return cls(None, problem=f"cache kept in memory only ({path}: {error})")
        except sqlite3.DatabaseError as error:
            moved = _move_aside(path)
            if moved is not None:
                try:
                    cache = cls(path, problem=f"cache was unreadable ({error}); moved to {moved}")
                    cache._check()
                    return cache
                except (OSError, sqlite3.Error):
                    pass
            return cls(None, problem=f"cache kept in memory only ({path}: {error})")
        except OSError as error:
            return cls(None, problem=f"cache kept in memory only ({path}: {error})")

    def _connection(self) -> sqlite3.Connection:
        if self._memory is not None:
            return self._memory
        assert self.path is not None  # a cache not in memory is a file
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=self.busy_ms / 1000)
            connection.execute(f"PRAGMA busy_timeout = {self.busy_ms}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            self._local.connection = connection
        return connection

    @staticmethod
    def _create(db: sqlite3.Connection) -> None:
        db.executescript(_META + _SCHEMA + _CANDIDATE_INDEXES)
        with db:
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)",
                (str(SCHEMA_VERSION),),
            )

    def _check(self) -> None:
        """Create the tables; those of an older schema are dropped first."""
        db = self._connection()
        db.executescript(_META)
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        schema = int(row[0]) if row is not None and row[0].isdigit() else 0
        if schema > SCHEMA_VERSION:
            raise _Newer(f"made by a newer reader (schema {schema}); left as it is")
        if schema < SCHEMA_VERSION:
            with db:
                for table in (*_TABLES, "entries"):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
        self._create(db)

    def library(self, root: Path) -> LibraryCache:
        """The part of the cache that is the library at `root` (made if new)."""
        text = str(root)
        db = self._connection()
        with db:
            db.execute("INSERT OR IGNORE INTO libraries (root) VALUES (?)", (text,))
        (number,) = db.execute("SELECT id FROM libraries WHERE root = ?", (text,)).fetchone()
        return LibraryCache(self, number, root)

    def find(self, path: Path, version: str) -> tuple[LibraryCache, str] | None:
        """The library that holds this file as it is now (read by this
        version), and the file's key there; None if none does."""
        try:
            key = str(path.resolve())
            stat = path.stat()
        except (OSError, RuntimeError):
            return None
        row = (
            self._connection()
            .execute(
                "SELECT libraries.id, libraries.root FROM files"
                " JOIN libraries ON libraries.id = files.library"
                " WHERE files.path = ? AND version = ? AND size = ? AND mtime_ns = ? AND inode = ?"
                " ORDER BY length(libraries.root) DESC LIMIT 1",
                (key, version, stat.st_size, stat.st_mtime_ns, stat.st_ino),
            )
            .fetchone()
        )
        return (LibraryCache(self, row[0], Path(row[1])), key) if row else None

    def libraries(self) -> dict[str, int]:
        """Every library the cache holds: root, and how many files."""
        rows = self._connection().execute(
            "SELECT root, (SELECT COUNT(*) FROM files WHERE library = libraries.id)"
            " FROM libraries ORDER BY root"
        )
        return dict(rows.fetchall())

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


class _Newer(Exception):
    pass


def _not_newer(path: Path, busy_ms: int) -> None:
    """Raise _Newer if the cache at `path` was made by a newer reader."""
    schema = schema_of(path, busy_ms)
    if schema is not None and schema > SCHEMA_VERSION:
        raise _Newer(f"made by a newer reader (schema {schema}); left as it is")


class LibraryCache:
    """One library's files, articles, listing and search, in the cache."""

    def __init__(self, cache: Cache, number: int, root: Path) -> None:
        self.cache = cache
        self.number = number
        self.root = root

    @property
    def problem(self) -> str | None:
        return self.cache.problem

    def _db(self) -> sqlite3.Connection:
        return self.cache._connection()

    def _bump(self, db: sqlite3.Connection) -> None:
        db.execute("UPDATE libraries SET generation = generation + 1 WHERE id = ?", (self.number,))

    def entries(self) -> dict[str, Entry]:
        """Everything the cache knows of the library, by path (no texts): for a
        warm start."""
        db = self._db()
        with collector_paused():
            make = tuple.__new__
            infos: dict[int, list[tuple[ArticleInfo, str | None]]] = {}
            rows = db.execute(
                f"SELECT file, {_INFO}, thread FROM articles WHERE file IN"
                " (SELECT id FROM files WHERE library = ?) ORDER BY id",
                (self.number,),
            )
            # tuple.__new__ makes the named tuples without a Python call each: this
            # loop is most of a warm start's wait for its first paint.
            for (file, key, title, source, aggregator, section, byline, day, words, folds,
                 edges, ident, thread) in rows:  # fmt: skip
                info = make(ArticleInfo, (
                    key, title, source, aggregator, section, byline, day, words, folds, edges,
                    ident,
                ))  # fmt: skip
                infos.setdefault(file, []).append((info, thread))
            entries = {}
            rows = db.execute(
                "SELECT id, path, size, mtime_ns, inode, version, failure FROM files"
                " WHERE library = ?",
                (self.number,),
            )
            nothing: tuple[()] = ()
            for number, key, size, mtime, inode, version, failure in rows:
                held = infos.get(number)
                found, threads = (
                    (tuple(i for i, _ in held), tuple(t for _, t in held))
                    if held
                    else (nothing, nothing)
                )
                entries[key] = make(
                    Entry, (key, size, mtime, inode, version, failure, found, threads)
                )
        return entries

    def stamps(self) -> dict[str, Stamp]:
        """Each file's stamp, by path: what a scan is checked against."""
        with collector_paused():
            rows = self._db().execute(
                "SELECT path, size, mtime_ns, inode, version, failure FROM files WHERE library = ?",
                (self.number,),
            )
            make = tuple.__new__
            return {row[0]: make(Stamp, row) for row in rows}

    def failures(self) -> dict[str, str]:
        """The files that could not be read, and why."""
        rows = self._db().execute(
            "SELECT path, failure FROM files WHERE library = ? AND failure IS NOT NULL",
            (self.number,),
        )
        return dict(rows.fetchall())

    def listing_current(self) -> bool:
        """Whether the last grouping has every change to the library in it."""
        row = (
            self._db()
            .execute(
                "SELECT 1 FROM listing WHERE library = ? AND part = 0 AND generation ="
                " (SELECT generation FROM libraries WHERE id = ?)",
                (self.number, self.number),
            )
            .fetchone()
        )
        return row is not None

    def fingerprints(self, keys: Iterable[str], compact: bool = False) -> dict[str, Fingerprint]:
        """The fingerprints of these articles (`compact`: as a grouping holds
        them, in half the memory). One of another format (a cache written by
        another version) is left out: its file is read again."""
        wanted = set(keys)
        db = self._db()
        if len(wanted) < 1000:  # a few articles: look each up; many: read them all
            rows: Iterable[tuple[str, bytes]] = (
                (key, row[0])
                for key in wanted
                if (row := db.execute(_FINGERPRINT_OF, (self.number, key)).fetchone()) is not None
            )
        else:
            rows = db.execute(
                "SELECT articles.key, content.fingerprint FROM articles JOIN content USING (id)"
                " WHERE articles.file IN (SELECT id FROM files WHERE library = ?)",
                (self.number,),
            )
        prints = {}
        for key, blob in rows:
            if key in wanted:
                try:
                    prints[key] = Fingerprint.from_bytes(blob, compact)
                except ValueError:
                    continue
        return prints

    def article(self, key: str) -> Article | None:
        row = (
            self._db()
            .execute(
                "SELECT content.article FROM articles JOIN content USING (id)"
                " JOIN files ON files.id = articles.file"
                " WHERE files.library = ? AND articles.key = ?",
                (self.number, key),
            )
            .fetchone()
        )
        return decode_article(row[0]) if row else None

    def store(self, results: Iterable[Indexed], version: str) -> None:
        """Keep what reading these files gave, in one transaction."""
        db = self._db()
        with db:
            self._bump(db)
            for result in results:
                stat = result.stat
                old = db.execute(
                    "SELECT id FROM files WHERE library = ? AND path = ?",
                    (self.number, result.key),
                ).fetchone()
                if old is not None:
                    _forget_articles(db, old[0])
                row = db.execute(
                    "INSERT OR REPLACE INTO files"
                    " (id, library, path, size, mtime_ns, inode, version, failure)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        old[0] if old else None, self.number, result.key, stat.size,
                        stat.mtime_ns, stat.inode, version, result.failure,
                    ),
                )  # fmt: skip
                for read in result.articles:
                    article = db.execute(
                        f"INSERT INTO articles (file, {_INFO}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (row.lastrowid, *read.info),
                    )
                    db.execute(
                        "INSERT INTO content (id, article, fingerprint) VALUES (?, ?, ?)",
                        (article.lastrowid, read.article, read.fingerprint),
                    )
                    db.execute(
                        "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)",
                        (article.lastrowid, read.info.title, read.text),
                    )

    def borrow(self, stats: Sequence[FileStat], version: str) -> list[str]:
        """Take from other libraries (nested roots) what they read of these very
        files, as they are now: a file is read once, whichever library met it
        first. Returns the paths taken."""
        db = self._db()
        taken: list[str] = []
        others = db.execute(
            "SELECT 1 FROM files WHERE library != ? LIMIT 1", (self.number,)
        ).fetchone()
        if others is None:  # no other library holds a file: nothing to borrow
            return taken
        with db:
            for stat in stats:
                key = str(stat.path)
                source = db.execute(
                    "SELECT id, failure FROM files WHERE path = ? AND library != ? AND version = ?"
                    " AND size = ? AND mtime_ns = ? AND inode = ? LIMIT 1",
                    (key, self.number, version, stat.size, stat.mtime_ns, stat.inode),
                ).fetchone()
                if source is None:
                    continue
                if not taken:
                    self._bump(db)
                old = db.execute(
                    "SELECT id FROM files WHERE library = ? AND path = ?", (self.number, key)
                ).fetchone()
                if old is not None:
                    _forget_articles(db, old[0])
                    db.execute("DELETE FROM files WHERE id = ?", old)
                new_file = db.execute(
                    "INSERT INTO files (library, path, size, mtime_ns, inode, version, failure)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (self.number, key, stat.size, stat.mtime_ns, stat.inode, version, source[1]),
                ).lastrowid
                for (number,) in db.execute(
                    "SELECT id FROM articles WHERE file = ? ORDER BY id", (source[0],)
                ).fetchall():
                    copy = db.execute(
                        f"INSERT INTO articles (file, {_INFO}) SELECT ?, {_INFO}"
                        " FROM articles WHERE id = ?",
                        (new_file, number),
                    ).lastrowid
                    db.execute(
                        "INSERT INTO content (id, article, fingerprint)"
                        " SELECT ?, article, fingerprint FROM content WHERE id = ?",
                        (copy, number),
                    )
                    db.execute(
                        "INSERT INTO search (rowid, title, body)"
                        " SELECT ?, title, body FROM search WHERE rowid = ?",
                        (copy, number),
                    )
                taken.append(key)
        return taken

    def forget(self, gone: Iterable[str]) -> None:
        """Drop the entries of files that are gone."""
        db = self._db()
        with db:
            self._bump(db)
            for key in gone:
                row = db.execute(
                    "SELECT id FROM files WHERE library = ? AND path = ?", (self.number, key)
                ).fetchone()
                if row is not None:
                    _forget_articles(db, row[0])
                    db.execute("DELETE FROM files WHERE id = ?", row)

    def set_threads(
        self,
        threads: Sequence[Thread],
        before: Mapping[str, str | None] | None = None,
        choices: str = "",
        found: tuple[Any, ...] = (),
        flat: Sequence[tuple[str, list[tuple[Any, ...]]]] | None = None,
    ) -> None:
        """Remember the threads (in the list's order) for the next start: each
        article's, and the whole listing, with the digest of the user's
        `choices` they were grouped with. `before` (each article's thread as
        the cache has it, if the caller knows) spares writing those that stay;
        `flat`, the threads as the listing keeps them (each its id and its
        copies' infos as plain tuples), if the caller has them made."""
        db = self._db()
        before = before or {}
        with db:
            db.executemany(
                "UPDATE articles SET thread = ? WHERE key = ? AND file IN"
                " (SELECT id FROM files WHERE library = ? AND path = ?)",
                [
                    (thread.id, info.key, self.number, file_of(info.key))
                    for thread in threads
                    for info in thread.articles
                    if before.get(info.key) != thread.id
                ],
            )
            failures = db.execute(
                "SELECT path, failure FROM files WHERE library = ? AND failure IS NOT NULL",
                (self.number,),
            )
            if flat is None:
                flat = [(t.id, [tuple(info) for info in t.articles]) for t in threads]
            # Part 0: the whole list; part 1: its head, a screenful and more,
            # which loads in a millisecond and so paints before the whole is read.
            for part, data in (
                (
                    0,
                    marshal.dumps(
                        (list(flat), dict(failures.fetchall()), len(flat), choices, found)
                    ),
                ),
                (1, marshal.dumps((list(flat[:HEAD_THREADS]), {}, len(flat), choices, found))),
            ):
                db.execute(
                    "INSERT OR REPLACE INTO listing (library, part, generation, checksum, data)"
                    " VALUES (?, ?, (SELECT generation FROM libraries WHERE id = ?), ?, ?)",
                    (self.number, part, self.number, zlib.crc32(data), data),
                )

    def listing(self, *, head: bool = False) -> Listing | None:
        """The threads and failures as the last grouping left them, if none of
        the library's files was stored or forgotten since; else None. With
        `head`, only the first `HEAD_THREADS` threads (and no failures)."""
        data = self._listing_data(head)
        if data is None:
            return None
        threads, failures, count, choices, found = data
        with collector_paused():
            make, thread_of = tuple.__new__, Thread.of
            listing = [
                thread_of(thread_id, tuple([make(ArticleInfo, info) for info in infos]))
                for thread_id, infos in threads
            ]
            by_key = {info[0]: info for thread in listing for info in thread.articles}
        return Listing(listing, failures, by_key, count, choices, found)

    def listing_rows(self) -> tuple[list[tuple[str, list[tuple[object, ...]]]], str] | None:
        """The last grouping as `listing` gives it, but as it is kept: each
        thread its id and its copies' infos as plain tuples (in ArticleInfo's
        order), and the digest of the choices it was made with. For a reader
        of every thread at once (`reader threads`), without making objects."""
        data = self._listing_data(head=False)
        return (data[0], data[3]) if data is not None else None

    def _listing_data(self, head: bool) -> tuple[Any, dict[str, str], int, str, Any] | None:
        db = self._db()
        row = db.execute(
            "SELECT data, checksum FROM listing WHERE library = ? AND part = ? AND generation ="
            " (SELECT generation FROM libraries WHERE id = ?)",
            (self.number, 1 if head else 0, self.number),
        ).fetchone()
        if row is None or zlib.crc32(row[0]) != row[1]:
            return None
        with collector_paused():
            try:
                threads, failures, count, choices, found = marshal.loads(row[0])
            except (EOFError, ValueError, TypeError, OverflowError):
                return None  # not what this version writes
        return threads, failures, count, choices, found

    def candidates(self) -> CandidateTable:
        """The library's candidate index, in the cache."""
        return CandidateTable(self)

    def set_grouping(self, data: Any) -> None:
        """Keep what the last grouping found (plain data), at the library's
        generation: valid while the listing is."""
        blob = marshal.dumps(data)
        db = self._db()
        with db:
            db.execute(
                "INSERT OR REPLACE INTO groupings (library, generation, data) VALUES"
                " (?, (SELECT generation FROM libraries WHERE id = ?), ?)",
                (self.number, self.number, blob),
            )

    def grouping(self) -> Any | None:
        """What `set_grouping` kept, if no file was stored or forgotten since."""
        row = (
            self._db()
            .execute(
                "SELECT data FROM groupings WHERE library = ? AND generation ="
                " (SELECT generation FROM libraries WHERE id = ?)",
                (self.number, self.number),
            )
            .fetchone()
        )
        if row is None:
            return None
        try:
            return marshal.loads(row[0])
        except (EOFError, ValueError, TypeError):
            return None

    def signature(self) -> str | None:
        """The digest of the scan the library was last brought up to date with
        (see `Indexer.run`)."""
        row = (
            self._db()
            .execute("SELECT value FROM meta WHERE key = ?", (f"signature:{self.number}",))
            .fetchone()
        )
        return row[0] if row else None

    def set_signature(self, signature: str) -> None:
        db = self._db()
        with db:
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (f"signature:{self.number}", signature),
            )

    def found(self) -> tuple[Any, ...]:
        """What the last grouping found besides its threads (see `Listing.found`),
        if it is current; else nothing."""
        data = self._listing_data(head=True)
        return data[4] if data is not None else ()

    def search(self, text: str, limit: int = 100_000) -> set[str]:
        """The articles whose title or text has every word of `text` (as prefixes)."""
        query = search_query(text)
        if query is None:
            return set()
        rows = self._db().execute(
            "SELECT articles.key FROM search JOIN articles ON articles.id = search.rowid"
            " WHERE search MATCH ? AND articles.file IN"
            " (SELECT id FROM files WHERE library = ?) LIMIT ?",
            (query, self.number, limit),
        )
        return {key for (key,) in rows}

    def close(self) -> None:
        self.cache.close()


_FINGERPRINT_OF = (
    "SELECT content.fingerprint FROM articles JOIN content USING (id)"
    " JOIN files ON files.id = articles.file WHERE files.library = ? AND articles.key = ?"
)


def file_of(key: str) -> str:
    """The path of the file an article key names: `path#n` for the n-th
    article of a file that holds several, else the path itself."""
    head, mark, number = key.rpartition("#")
    return head if mark and number.isdigit() else key


_HALF = 1 << 63


def _signed(key: int) -> int:
    """A 64-bit key as SQLite keeps integers (signed)."""
    return key - (1 << 64) if key >= _HALF else key


def _unsigned(key: int) -> int:
    return key + (1 << 64) if key < 0 else key


class CandidateTable:
    """A library's candidate index (`reader.threads.index.CandidateIndex`) in
    the cache: pages by key, so that a regroup in a new process looks up the
    candidates of what changed without the rest of the library."""

    def __init__(self, shelf: LibraryCache) -> None:
        self._shelf = shelf

    def _page(self, db: sqlite3.Connection, page: str, make: bool) -> int | None:
        number = self._shelf.number
        if make:
            db.execute("INSERT OR IGNORE INTO pages (library, page) VALUES (?, ?)", (number, page))
        row = db.execute(
            "SELECT id FROM pages WHERE library = ? AND page = ?", (number, page)
        ).fetchone()
        return row[0] if row else None

    def add(self, page: str, keys: Iterable[int]) -> None:
        db, number = self._shelf._db(), self._shelf.number
        with db:
            ident = self._page(db, page, make=True)
            db.execute("DELETE FROM candidates WHERE page = ?", (ident,))
            db.executemany(
                "INSERT INTO candidates (library, key, page) VALUES (?, ?, ?)",
                [(number, _signed(key), ident) for key in set(keys)],
            )

    def discard(self, page: str) -> None:
        db = self._shelf._db()
        with db:
            ident = self._page(db, page, make=False)
            if ident is not None:
                db.execute("DELETE FROM candidates WHERE page = ?", (ident,))
                db.execute("DELETE FROM pages WHERE id = ?", (ident,))

    def holders(self, keys: Iterable[int]) -> dict[int, list[str]]:
        db, number = self._shelf._db(), self._shelf.number
        wanted = [_signed(key) for key in set(keys)]
        found: dict[int, list[str]] = {}
        for start in range(0, len(wanted), 400):
            chunk = wanted[start : start + 400]
            marks = ",".join("?" * len(chunk))
            counts = db.execute(
                f"SELECT key, COUNT(*) FROM candidates WHERE library = ? AND key IN ({marks})"
                " GROUP BY key",
                (number, *chunk),
            ).fetchall()
            small = [key for key, count in counts if count <= MAX_BUCKET]
            for key, count in counts:
                if count > MAX_BUCKET:  # no evidence of a story: any MAX_BUCKET + 1 will do
                    found[_unsigned(key)] = [
                        page
                        for (page,) in db.execute(
                            "SELECT pages.page FROM candidates JOIN pages ON pages.id ="
                            " candidates.page WHERE candidates.library = ? AND key = ? LIMIT ?",
                            (number, key, MAX_BUCKET + 1),
                        )
                    ]
            if small:
                marks = ",".join("?" * len(small))
                for key, page in db.execute(
                    "SELECT key, pages.page FROM candidates JOIN pages ON pages.id ="
                    f" candidates.page WHERE candidates.library = ? AND key IN ({marks})",
                    (number, *small),
                ):
                    found.setdefault(_unsigned(key), []).append(page)
        return found

    def fill(self, pages: Iterable[tuple[str, Iterable[int]]]) -> None:
        """The whole index at once (after a full grouping), in one transaction:
        the look-up indexes are dropped for the bulk insert and made again."""
        db, number = self._shelf._db(), self._shelf.number
        with db:
            db.execute(
                "DELETE FROM candidates WHERE page IN (SELECT id FROM pages WHERE library = ?)",
                (number,),
            )
            db.execute("DELETE FROM pages WHERE library = ?", (number,))
            db.execute("DROP INDEX IF EXISTS candidates_by_key")
            db.execute("DROP INDEX IF EXISTS candidates_by_page")
            rows: list[tuple[int, int, int]] = []
            for page, keys in pages:
                ident = db.execute(
                    "INSERT INTO pages (library, page) VALUES (?, ?)", (number, page)
                ).lastrowid
                assert ident is not None
                rows.extend((number, _signed(key), ident) for key in keys)
                if len(rows) > 200_000:
                    db.executemany("INSERT INTO candidates VALUES (?, ?, ?)", rows)
                    rows = []
            db.executemany("INSERT INTO candidates VALUES (?, ?, ?)", rows)
            for statement in _CANDIDATE_INDEXES.strip().split(";"):
                if statement.strip():
                    db.execute(statement)


def _forget_articles(db: sqlite3.Connection, file: int) -> None:
    ids = [(row[0],) for row in db.execute("SELECT id FROM articles WHERE file = ?", (file,))]
    db.executemany("DELETE FROM search WHERE rowid = ?", ids)
    db.executemany("DELETE FROM content WHERE id = ?", ids)
    db.execute("DELETE FROM articles WHERE file = ?", (file,))


def _move_aside(path: Path) -> Path | None:
    target = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.unlink()
    except OSError:
        return None
    return target

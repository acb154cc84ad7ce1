"""The cache: what reading each file gave, in SQLite in the platformdirs cache dir.

An entry is keyed by path and is good while the file's size, mtime_ns and inode,
and the reader's version (the extraction code and the fold rules), are the
same; so a warm start only has to stat the files. An entry holds the article
(for showing it), its info and fingerprint (for the list and the threads), the
thread the file was last put in, and the text, in a full-text index (FTS5) for
search.

The last grouping is also kept whole, as the *listing*: every thread with its
copies' infos, in the list's order, in one blob. A warm start of 100,000 files
shows it in a fraction of what reading 100,000 rows takes. It is used only if
no file was stored or forgotten since it was made (the cache counts its
writes: the `generation`), and only if its checksum holds.

The cache is disposable: nothing in it is the user's. A corrupt file is moved
aside and a new one made; if none can be made, the cache lives in memory and
says so once (`problem`). It is WAL-journalled with a busy timeout, so the
indexer writes while the screen reads, each thread on its own connection.
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
from typing import NamedTuple

from reader.bulk import collector_paused
from reader.codec import decode_article
from reader.model import Article, ArticleInfo, FileStat, Indexed, Thread
from reader.threads import Fingerprint

SCHEMA_VERSION = "7"
_META = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', '0');
"""
# A warm start reads every row of `files`: so the info is kept in columns, not
# a document, and the article and fingerprint (kilobytes each) in a table of
# their own, `content`, so that the scan reads megabytes, not the whole cache.
# A file's content and search rows have the file's id for rowid: FTS5 finds a
# row by rowid at once, but by any other column only by reading its whole index.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    version TEXT NOT NULL,
    title TEXT,
    source TEXT,
    aggregator TEXT,
    section TEXT,
    byline TEXT,
    day INTEGER,  -- published: the date's ordinal
    words INTEGER,
    folds INTEGER,
    edges BLOB,
    failure TEXT,
    thread TEXT
);
CREATE TABLE IF NOT EXISTS content (
    id INTEGER PRIMARY KEY,
    article BLOB NOT NULL,
    fingerprint BLOB NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS search
    USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
-- The last grouping: row 0 the whole list, row 1 its head (see Cache.listing).
CREATE TABLE IF NOT EXISTS listing (
    id INTEGER PRIMARY KEY CHECK (id IN (0, 1)),
    generation INTEGER NOT NULL,
    checksum INTEGER NOT NULL,
    data BLOB NOT NULL
);
"""
_BUMP = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'"
_COLUMNS = (
    "id, path, size, mtime_ns, inode, version, title, source, aggregator, section, byline,"
    " day, words, folds, edges, failure"
)
_FINGERPRINT_OF = (
    "SELECT content.fingerprint FROM files JOIN content USING (id) WHERE files.path = ?"
)
_BUSY_MS = 5000
# Threads in the listing's head (see `Cache.listing`): more than any screen shows.
HEAD_THREADS = 200

_TOKEN = re.compile(r"\w+")


class Listing(NamedTuple):
    """The list as the last grouping left it: threads in order, and the files
    that could not be read (key: reason)."""

    threads: list[Thread]
    failures: dict[str, str]
    infos: dict[str, ArticleInfo]  # every thread's copies, by key
    stories: int  # threads in the whole list (more than `threads` in a head)


class Entry(NamedTuple):
    """A file as the cache last saw it (100,000 of them on a warm start)."""

    key: str
    size: int
    mtime_ns: int
    inode: int
    version: str
    info: ArticleInfo | None
    failure: str | None
    thread: str | None

    def fresh(self, stat: FileStat, version: str) -> bool:
        """Whether this entry still describes the file, as it is now."""
        return (
            self.version == version
            and self.size == stat.size
            and self.mtime_ns == stat.mtime_ns
            and self.inode == stat.inode
        )


def search_query(text: str) -> str | None:
    """An FTS5 query for what the user typed: every word, as a prefix. None if
    there is no word in it. Words are quoted, so no input is FTS syntax."""
    words = _TOKEN.findall(text)
    return " ".join(f'"{word}"*' for word in words) if words else None


class Cache:
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
            self._memory.executescript(_META + _SCHEMA)
            self._memory.commit()

    @classmethod
    def open(cls, path: Path | None, busy_ms: int = _BUSY_MS) -> Cache:
        """The cache at `path` (made if missing, remade if corrupt), or in memory."""
        if path is None:
            return cls(None)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            cache = cls(path, busy_ms=busy_ms)
            cache._check()
            return cache
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

    def _check(self) -> None:
        """Create the tables; those of another schema are dropped first."""
        db = self._connection()
        db.executescript(_META)
        with db:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None or row[0] != SCHEMA_VERSION:
                for table in ("files", "content", "search", "listing"):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)",
                    (SCHEMA_VERSION,),
                )
        db.executescript(_SCHEMA)

    def entries(self) -> dict[str, Entry]:
        """Everything the cache knows, by path (no texts): for a warm start."""
        with collector_paused():
            rows = self._connection().execute(
                "SELECT path, size, mtime_ns, inode, version, title, source, aggregator, section,"
                " byline, day, words, folds, edges, failure, thread FROM files"
            )
            entries = {}
            # tuple.__new__ makes the named tuples without a Python call each: this
            # loop is most of a warm start's wait for its first paint.
            make = tuple.__new__
            for (key, size, mtime, inode, version, title, source, aggregator, section, byline,
                 day, words, folds, edges, failure, thread) in rows:  # fmt: skip
                info = None
                if title is not None:
                    info = make(ArticleInfo, (
                        key, title, source, aggregator, section, byline, day, words, folds, edges
                    ))  # fmt: skip
                entries[key] = make(
                    Entry, (key, size, mtime, inode, version, info, failure, thread)
                )
        return entries

    def fingerprints(self, keys: Iterable[str]) -> dict[str, Fingerprint]:
        wanted = set(keys)
        db = self._connection()
        if len(wanted) < 1000:  # a few files: look each up; many: read them all
            rows: Iterable[tuple[str, bytes]] = (
                (key, row[0])
                for key in wanted
                if (row := db.execute(_FINGERPRINT_OF, (key,)).fetchone()) is not None
            )
        else:
            rows = db.execute(
                "SELECT files.path, content.fingerprint FROM files JOIN content USING (id)"
            )
        return {key: Fingerprint.from_bytes(blob) for key, blob in rows if key in wanted}

    def article(self, key: str) -> Article | None:
        row = (
            self._connection()
            .execute(
                "SELECT content.article FROM files JOIN content USING (id) WHERE files.path = ?",
                (key,),
            )
            .fetchone()
        )
        return decode_article(row[0]) if row else None

    def store(self, results: Iterable[Indexed], version: str) -> None:
        """Keep what reading these files gave, in one transaction."""
        db = self._connection()
        with db:
            db.execute(_BUMP)
            for result in results:
                stat, info, key = result.stat, result.info, result.key
                fields = (
                    (
                        info.title, info.source, info.aggregator, info.section, info.byline,
                        info.day, info.words, info.folds, info.edges,
                    )
                    if info is not None
                    else (None,) * 9
                )  # fmt: skip
                old = db.execute("SELECT id FROM files WHERE path = ?", (key,)).fetchone()
                if old is not None:
                    db.execute("DELETE FROM search WHERE rowid = ?", old)
                    db.execute("DELETE FROM content WHERE id = ?", old)
                row = db.execute(
                    f"INSERT OR REPLACE INTO files ({_COLUMNS})"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        old[0] if old else None, key, stat.size, stat.mtime_ns, stat.inode,
                        version, *fields, result.failure,
                    ),
                )  # fmt: skip
                if info is not None and result.article and result.fingerprint:
                    db.execute(
                        "INSERT INTO content (id, article, fingerprint) VALUES (?, ?, ?)",
                        (row.lastrowid, result.article, result.fingerprint),
                    )
                    db.execute(
                        "INSERT INTO search (rowid, title, body) VALUES (?, ?, ?)",
                        (row.lastrowid, info.title, result.text),
                    )

    def forget(self, gone: Iterable[str]) -> None:
        """Drop the entries of files that are gone."""
        keys = [(key,) for key in gone]
        db = self._connection()
        with db:
            db.execute(_BUMP)
            for table in ("search", "content"):
                db.executemany(
                    f"DELETE FROM {table} WHERE rowid = (SELECT id FROM files WHERE path = ?)",
                    keys,
                )
            db.executemany("DELETE FROM files WHERE path = ?", keys)

    def set_threads(
        self, threads: Sequence[Thread], before: Mapping[str, str | None] | None = None
    ) -> None:
        """Remember the threads (in the list's order) for the next start: each
        file's, and the whole listing. `before` (each file's thread as the cache
        has it, if the caller knows) spares writing the files that stay put."""
        db = self._connection()
        before = before or {}
        with db:
            db.executemany(
                "UPDATE files SET thread = ? WHERE path = ?",
                [
                    (thread.id, info.key)
                    for thread in threads
                    for info in thread.articles
                    if before.get(info.key) != thread.id
                ],
            )
            failures = db.execute("SELECT path, failure FROM files WHERE failure IS NOT NULL")
            flat = [(t.id, [tuple(info) for info in t.articles]) for t in threads]
            # Row 0: the whole list; row 1: its head, a screenful and more, which
            # loads in a millisecond and so paints before the whole is read.
            for row, data in (
                (0, marshal.dumps((flat, dict(failures.fetchall()), len(flat)))),
                (1, marshal.dumps((flat[:HEAD_THREADS], {}, len(flat)))),
            ):
                db.execute(
                    "INSERT OR REPLACE INTO listing (id, generation, checksum, data)"
                    " VALUES (?, (SELECT value FROM meta WHERE key = 'generation'), ?, ?)",
                    (row, zlib.crc32(data), data),
                )

    def listing(self, *, head: bool = False) -> Listing | None:
        """The threads and failures as the last grouping left them, if no file
        was stored or forgotten since; else None. With `head`, only the first
        `HEAD_THREADS` threads (and no failures)."""
        db = self._connection()
        row = db.execute(
            "SELECT data, checksum FROM listing WHERE id = ? AND generation ="
            " (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation')",
            (1 if head else 0,),
        ).fetchone()
        if row is None or zlib.crc32(row[0]) != row[1]:
            return None
        with collector_paused():
            try:
                threads, failures, count = marshal.loads(row[0])
                make = tuple.__new__
                listing = [
                    Thread(thread_id, tuple([make(ArticleInfo, info) for info in infos]))
                    for thread_id, infos in threads
                ]
                by_key = {info[0]: info for thread in listing for info in thread.articles}
                return Listing(listing, failures, by_key, count)
            except (EOFError, ValueError, TypeError, OverflowError):
                return None  # not what this version writes

    def search(self, text: str, limit: int = 100_000) -> set[str]:
        """The files whose title or text has every word of `text` (as prefixes)."""
        query = search_query(text)
        if query is None:
            return set()
        rows = self._connection().execute(
            "SELECT files.path FROM search JOIN files ON files.id = search.rowid"
            " WHERE search MATCH ? LIMIT ?",
            (query, limit),
        )
        return {key for (key,) in rows}

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


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

"""State: what the user has read, kept in SQLite in the platformdirs data dir.

State is the user's (unlike the cache, it cannot be rebuilt), so every change
is its own transaction. If the database cannot be opened (read-only home,
corrupt or locked file), the reader keeps working with state in memory and
says so in one line (`problem`).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from reader.threads import Choices

_SCHEMA = """
CREATE TABLE IF NOT EXISTS read (
    path TEXT PRIMARY KEY,
    read_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS starred (
    path TEXT PRIMARY KEY,
    starred_at REAL NOT NULL
);
-- The user's say over threads: a copy split out ('alone', path, ''), or two
-- copies whose threads are one ('merge', path, path).
CREATE TABLE IF NOT EXISTS thread_choice (
    kind TEXT NOT NULL CHECK (kind IN ('alone', 'merge')),
    a TEXT NOT NULL,
    b TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, a, b)
);
"""


class State:
    def __init__(self, connection: sqlite3.Connection, problem: str | None = None) -> None:
        self._db = connection
        self.problem = problem
        with self._db:
            self._db.executescript(_SCHEMA)

    @classmethod
    def open(cls, path: Path | None, busy_ms: int = 5000) -> State:
        """The state database at `path`, or in memory (with a `problem`) if unusable."""
        if path is None:
            return cls(sqlite3.connect(":memory:", check_same_thread=False))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # WAL and a busy timeout: a second reader on the same state waits its
            # turn to write instead of failing, and readers never block.
            connection = sqlite3.connect(path, timeout=busy_ms / 1000, check_same_thread=False)
            connection.execute(f"PRAGMA busy_timeout = {busy_ms}")
            connection.execute("PRAGMA journal_mode = WAL")
            state = cls(connection)
            state.read_paths()  # fails now, not later, on a corrupt file
            return state
        except (OSError, sqlite3.Error) as error:
            memory = sqlite3.connect(":memory:", check_same_thread=False)
            return cls(memory, problem=f"read state kept in memory only ({path}: {error})")

    def read_paths(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT path FROM read")}

    def starred_paths(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT path FROM starred")}

    def set_read(self, paths: Iterable[Path | str], read: bool = True) -> None:
        self._mark("read", paths, read)

    def set_starred(self, paths: Iterable[Path | str], starred: bool = True) -> None:
        self._mark("starred", paths, starred)

    def _mark(self, table: str, paths: Iterable[Path | str], on: bool) -> None:
        keys = [str(p) for p in paths]
        if on:
            now = time.time()
            self._write(
                *((f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", (k, now)) for k in keys)
            )
        else:
            self._write(*((f"DELETE FROM {table} WHERE path = ?", (k,)) for k in keys))

    def choices(self) -> Choices:
        """The copies the user split out and the threads they merged."""
        rows = self._db.execute("SELECT kind, a, b FROM thread_choice").fetchall()
        return Choices(
            alone=frozenset(a for kind, a, _ in rows if kind == "alone"),
            merged=tuple(sorted((a, b) for kind, a, b in rows if kind == "merge")),
        )

    def split_out(self, path: Path) -> None:
        """Keep this copy out of any thread: undoes merges that involved it too."""
        key = str(path)
        self._write(
            ("DELETE FROM thread_choice WHERE kind = 'merge' AND (a = ? OR b = ?)", (key, key)),
            ("INSERT OR IGNORE INTO thread_choice (kind, a) VALUES ('alone', ?)", (key,)),
        )

    def merge(self, first: Path, second: Path) -> None:
        """The threads of these two copies are one story. (A copy split out stays
        out of automatic grouping; this only joins the two threads.)"""
        a, b = sorted((str(first), str(second)))
        self._write(
            ("INSERT OR IGNORE INTO thread_choice (kind, a, b) VALUES ('merge', ?, ?)", (a, b)),
        )

    def _write(self, *statements: tuple[str, tuple[object, ...]]) -> None:
        """Run statements in one transaction; a failure becomes `problem`."""
        try:
            with self._db:
                for sql, parameters in statements:
                    self._db.execute(sql, parameters)
        except sqlite3.Error as error:
            self.problem = f"could not save: {error}"

    def close(self) -> None:
        self._db.close()

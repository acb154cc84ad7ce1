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

_SCHEMA = """
CREATE TABLE IF NOT EXISTS read (
    path TEXT PRIMARY KEY,
    read_at REAL NOT NULL
)
"""


class State:
    def __init__(self, connection: sqlite3.Connection, problem: str | None = None) -> None:
        self._db = connection
        self.problem = problem
        with self._db:
            self._db.execute(_SCHEMA)

    @classmethod
    def open(cls, path: Path | None) -> State:
        """The state database at `path`, or in memory (with a `problem`) if unusable."""
        if path is None:
            return cls(sqlite3.connect(":memory:", check_same_thread=False))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=2.0, check_same_thread=False)
            connection.execute("PRAGMA busy_timeout = 2000")
            state = cls(connection)
            state.read_paths()  # fails now, not later, on a corrupt file
            return state
        except (OSError, sqlite3.Error) as error:
            memory = sqlite3.connect(":memory:", check_same_thread=False)
            return cls(memory, problem=f"read state kept in memory only ({path}: {error})")

    def read_paths(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT path FROM read")}

    def set_read(self, paths: Iterable[Path], read: bool = True) -> None:
        keys = [(str(p),) for p in paths]
        try:
            with self._db:
                if read:
                    now = time.time()
                    self._db.executemany(
                        "INSERT OR REPLACE INTO read (path, read_at) VALUES (?, ?)",
                        [(k, now) for (k,) in keys],
                    )
                else:
                    self._db.executemany("DELETE FROM read WHERE path = ?", keys)
        except sqlite3.Error as error:
            self.problem = f"could not save read state: {error}"

    def close(self) -> None:
        self._db.close()

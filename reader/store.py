"""State: the user's marks, kept in SQLite in the platformdirs data dir.

The marks are what the user read and starred, the copies they split out of a
thread and the stories they joined. They are on articles' identities
(`reader.model.identity`: a digest of the bytes a copy was read from), not
on paths, so they survive renaming a file or moving the whole library, and
they follow the story: a thread is read or starred when any of its copies is,
whatever the grouping does around it. Each mark keeps the path it was made
on, as a hint for people reading the database.

State is the user's (unlike the cache, it cannot be rebuilt), so every change
is its own transaction, and nothing is ever dropped:

- A database of the first schema (marks on paths) is upgraded in place: its
  marks wait in `legacy` until the reader meets the files at those paths and
  learns their identities (`adopt`).
- A database made by a newer reader, or one that cannot be opened (read-only
  home, corrupt or locked file), is left untouched: the reader keeps its
  marks in memory and says so in one line (`problem`).

A second instance on the same state waits its turn to write (WAL and a busy
timeout) and sees the other's marks when it reads them again (`marks`).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reader.dbfile import read_only, schema_of
from reader.threads import Choices

SCHEMA = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- What the user read and starred, by identity; `path`: where it was, as a hint.
CREATE TABLE IF NOT EXISTS mark (
    kind TEXT NOT NULL CHECK (kind IN ('read', 'starred')),
    ident TEXT NOT NULL,
    path TEXT NOT NULL DEFAULT '',
    at REAL NOT NULL,
    PRIMARY KEY (kind, ident)
);
-- The user's say over threads: a copy split out ('alone', ident, ''), or two
-- copies whose threads are one ('merge', ident, ident).
CREATE TABLE IF NOT EXISTS choice (
    kind TEXT NOT NULL CHECK (kind IN ('alone', 'merge')),
    a TEXT NOT NULL,
    b TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, a, b)
);
-- Where the reader was in each library (by root), as JSON: what it opens at.
CREATE TABLE IF NOT EXISTS session (library TEXT PRIMARY KEY, data TEXT NOT NULL);
-- The user's choices made in the app rather than in config.toml (the theme).
CREATE TABLE IF NOT EXISTS preference (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Marks of the first schema, on paths, until their files are met again.
CREATE TABLE IF NOT EXISTS legacy (
    kind TEXT NOT NULL CHECK (kind IN ('read', 'starred', 'alone', 'merge')),
    a TEXT NOT NULL,
    b TEXT NOT NULL DEFAULT '',
    at REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, a, b)
);
"""

# The first schema had these tables, and no `meta`.
_FIRST = {
    "read": "SELECT 'read', path, '', read_at FROM read",
    "starred": "SELECT 'starred', path, '', starred_at FROM starred",
    "thread_choice": "SELECT kind, a, b, 0 FROM thread_choice",
}


@dataclass(frozen=True, slots=True)
class Marks:
    """The user's marks as the state has them."""

    read: frozenset[str]
    starred: frozenset[str]
    choices: Choices


class NewerSchema(Exception):
    pass


def _not_newer(path: Path, busy_ms: int) -> None:
    """Raise NewerSchema if the database at `path` was made by a newer reader."""
    schema = schema_of(path, busy_ms)
    if schema is not None and schema > SCHEMA:
        raise NewerSchema(schema)


class State:
    def __init__(self, connection: sqlite3.Connection, problem: str | None = None) -> None:
        self._db = connection
        self.problem = problem
        self._upgrade()
        self._legacy = self._db.execute("SELECT 1 FROM legacy LIMIT 1").fetchone() is not None

    @classmethod
    def open(cls, path: Path | None, busy_ms: int = 5000) -> State:
        """The state database at `path`, or in memory (with a `problem`) if unusable."""
        if path is None:
            return cls(sqlite3.connect(":memory:", check_same_thread=False))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _not_newer(path, busy_ms)  # before anything is written to it, WAL included
            # WAL and a busy timeout: a second reader on the same state waits its
            # turn to write instead of failing, and readers never block.
            connection = sqlite3.connect(path, timeout=busy_ms / 1000, check_same_thread=False)
            connection.execute(f"PRAGMA busy_timeout = {busy_ms}")
            connection.execute("PRAGMA journal_mode = WAL")
            state = cls(connection)
            state.marks()  # fails now, not later, on a corrupt file
            return state
        except NewerSchema as newer:
            reason, readable = f"made by a newer reader (schema {newer}); left as it is", False
        except (OSError, sqlite3.Error) as error:
            reason, readable = str(error), True
        memory = cls(
            sqlite3.connect(":memory:", check_same_thread=False),
            problem=f"read state kept in memory only ({path}: {reason})",
        )
        if readable:
            memory._copy_from(path, busy_ms)
        return memory

    def _copy_from(self, path: Path, busy_ms: int) -> None:
        """The marks of a database that cannot be written (read-only, locked),
        read without writing to it, so that they still show."""
        try:
            source = read_only(path, busy_ms)
        except (OSError, ValueError, sqlite3.Error):
            return
        try:
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
            copies = {t: t for t in ("mark", "choice", "legacy", "session", "preference")}
            selects = [(copies[t], f"SELECT * FROM {t}") for t in copies if t in tables]
            selects += [("legacy", select) for t, select in _FIRST.items() if t in tables]
            with self._db:
                for table, select in selects:
                    for row in source.execute(select):
                        marks = ", ".join("?" * len(row))
                        self._db.execute(f"INSERT OR IGNORE INTO {table} VALUES ({marks})", row)
        except sqlite3.Error:
            return
        finally:
            source.close()
        self._legacy = self._db.execute("SELECT 1 FROM legacy LIMIT 1").fetchone() is not None

    def _upgrade(self) -> None:
        """Make the tables; bring a first-schema database up to this one."""
        db = self._db
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if "meta" in tables:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is not None and int(row[0]) > SCHEMA:
                raise NewerSchema(row[0])
        with db:
            db.executescript("BEGIN;" + _SCHEMA)
            for table, select in _FIRST.items():
                if table in tables:
                    db.execute(f"INSERT OR IGNORE INTO legacy (kind, a, b, at) {select}")
                    db.execute(f"DROP TABLE {table}")
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA),)
            )

    # ---- reading -----------------------------------------------------------------

    def marks(self) -> Marks:
        rows = self._db.execute("SELECT kind, ident FROM mark").fetchall()
        return Marks(
            read=frozenset(ident for kind, ident in rows if kind == "read"),
            starred=frozenset(ident for kind, ident in rows if kind == "starred"),
            choices=self.choices(),
        )

    def read_marks(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT ident FROM mark WHERE kind = 'read'")}

    def starred_marks(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT ident FROM mark WHERE kind = 'starred'")}

    def choices(self) -> Choices:
        """The copies the user split out and the threads they merged."""
        rows = self._db.execute("SELECT kind, a, b FROM choice").fetchall()
        return Choices(
            alone=frozenset(a for kind, a, _ in rows if kind == "alone"),
            merged=tuple(sorted((a, b) for kind, a, b in rows if kind == "merge")),
        )

    # ---- marking -------------------------------------------------------------------

    def set_read(self, idents: Iterable[str], read: bool = True, paths: Iterable[str] = ()) -> None:
        self._mark("read", idents, read, paths)

    def set_starred(
        self, idents: Iterable[str], starred: bool = True, paths: Iterable[str] = ()
    ) -> None:
        self._mark("starred", idents, starred, paths)

    def _mark(self, kind: str, idents: Iterable[str], on: bool, paths: Iterable[str]) -> None:
        keys = [str(ident) for ident in idents]
        hints = [str(path) for path in paths] or [""] * len(keys)
        if on:
            now = time.time()
            self._write(
                *(
                    ("INSERT OR REPLACE INTO mark VALUES (?, ?, ?, ?)", (kind, key, hint, now))
                    for key, hint in zip(keys, hints, strict=False)
                )
            )
        else:
            self._write(
                *(("DELETE FROM mark WHERE kind = ? AND ident = ?", (kind, key)) for key in keys)
            )

    def split_out(self, ident: str) -> None:
        """Keep this copy out of any thread: undoes merges that involved it too."""
        self._write(
            ("DELETE FROM choice WHERE kind = 'merge' AND (a = ? OR b = ?)", (ident, ident)),
            ("INSERT OR IGNORE INTO choice (kind, a) VALUES ('alone', ?)", (ident,)),
        )

    def merge(self, first: str, second: str) -> None:
        """The threads of these two copies are one story. (A copy split out stays
        out of automatic grouping; this only joins the two threads.)"""
        a, b = sorted((first, second))
        self._write(("INSERT OR IGNORE INTO choice (kind, a, b) VALUES ('merge', ?, ?)", (a, b)))

    def undo_split(self, ident: str) -> None:
        self._write(("DELETE FROM choice WHERE kind = 'alone' AND a = ?", (ident,)))

    def undo_merge(self, first: str, second: str) -> None:
        a, b = sorted((first, second))
        self._write(("DELETE FROM choice WHERE kind = 'merge' AND a = ? AND b = ?", (a, b)))

    def choice_order(self) -> list[tuple[str, str, str]]:
        """The splits and joins as (kind, a, b), oldest first."""
        return self._db.execute("SELECT kind, a, b FROM choice ORDER BY rowid").fetchall()

    # ---- where the reader was, and what it was set to ------------------------------------

    def session(self, library: str) -> dict[str, object]:
        row = self._db.execute("SELECT data FROM session WHERE library = ?", (library,)).fetchone()
        if row is None:
            return {}
        try:
            data = json.loads(row[0])
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def save_session(self, library: str, data: Mapping[str, object]) -> None:
        text = json.dumps(dict(data), ensure_ascii=True)
        self._write(("INSERT OR REPLACE INTO session VALUES (?, ?)", (library, text)))

    def preference(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM preference WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_preference(self, key: str, value: str) -> None:
        self._write(("INSERT OR REPLACE INTO preference VALUES (?, ?)", (key, value)))

    # ---- the first schema's marks ----------------------------------------------------

    @property
    def has_legacy(self) -> bool:
        """Whether marks on paths wait for their files to be met again."""
        return self._legacy

    def adopt(self, identities: Mapping[str, str]) -> bool:
        """Turn the marks on these paths (path: identity) into marks on their
        identities. True if any mark moved."""
        if not self._legacy:
            return False
        rows = self._db.execute("SELECT kind, a, b, at FROM legacy").fetchall()
        statements: list[tuple[str, tuple[object, ...]]] = []
        for kind, a, b, at in rows:
            ident_a = identities.get(a)
            if ident_a is None or (kind == "merge" and b not in identities):
                continue
            values: tuple[object, ...]
            if kind in ("read", "starred"):
                sql, values = (
                    "INSERT OR IGNORE INTO mark VALUES (?, ?, ?, ?)",
                    (kind, ident_a, a, at),
                )
            elif kind == "alone":
                sql, values = (
                    "INSERT OR IGNORE INTO choice (kind, a) VALUES ('alone', ?)",
                    (ident_a,),
                )
            else:
                sql = "INSERT OR IGNORE INTO choice (kind, a, b) VALUES ('merge', ?, ?)"
                values = tuple(sorted((ident_a, identities[b])))
            statements.append((sql, values))
            statements.append(
                ("DELETE FROM legacy WHERE kind = ? AND a = ? AND b = ?", (kind, a, b))
            )
        if statements:
            self._write(*statements)
        self._legacy = self._db.execute("SELECT 1 FROM legacy LIMIT 1").fetchone() is not None
        return bool(statements)

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

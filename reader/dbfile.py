"""The reader's SQLite files (the cache, the state): what a file says of itself,
read without writing to it.

Opening a database for use writes to it at once (the WAL journal mode is
recorded in its header), so a file made by a newer reader is told apart
before that: such a file is not ours to change.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def schema_of(path: Path, busy_ms: int = 5000) -> int | None:
    """The schema number a database file records in its `meta` table, or None
    (no file, no such table, not a database, locked for longer than `busy_ms`:
    the caller finds out on opening)."""
    if not path.exists():
        return None
    try:
        db = read_only(path, busy_ms)
    except sqlite3.Error:
        return None
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.Error:
        return None
    finally:
        db.close()
    return int(row[0]) if row is not None and str(row[0]).isdigit() else None


def read_only(path: Path, busy_ms: int) -> sqlite3.Connection:
    """A connection that cannot write to the file."""
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=busy_ms / 1000)

"""Read state: saved at once, survives a restart, and never stops the app when broken."""

from __future__ import annotations

from pathlib import Path

from reader.store import State


def test_read_marks_survive_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "data" / "state.sqlite3"
    state = State.open(db)
    state.set_read([Path("/a.txt"), Path("/b.txt")])
    state.set_read([Path("/b.txt")], read=False)
    state.close()
    assert State.open(db).read_paths() == {"/a.txt"}


def test_a_corrupt_database_falls_back_to_memory_with_a_problem(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    state = State.open(db)
    assert state.problem and "memory" in state.problem
    state.set_read([Path("/a.txt")])
    assert state.read_paths() == {"/a.txt"}
    assert db.read_bytes() == b"this is not a database" * 100


def test_an_unwritable_place_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    state = State.open(blocker / "sub" / "state.sqlite3")
    assert state.problem is not None
    state.set_read([Path("/a.txt")])
    assert state.read_paths() == {"/a.txt"}


def test_thread_choices_are_remembered(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    state = State.open(db)
    state.merge(Path("/b.txt"), Path("/a.txt"))
    state.merge(Path("/c.txt"), Path("/d.txt"))
    state.split_out(Path("/c.txt"))
    state.close()
    choices = State.open(db).choices()
    assert choices.merged == ((str(Path("/a.txt")), str(Path("/b.txt"))),)
    assert choices.alone == {str(Path("/c.txt"))}

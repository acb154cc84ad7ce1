"""Read state: saved at once, survives a restart, and never stops the app when broken."""

from __future__ import annotations

from pathlib import Path

from reader.store import State


def test_read_marks_survive_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "data" / "state.sqlite3"
    state = State.open(db)
    state.set_read(["a", "b"])
    state.set_read(["b"], read=False)
    state.close()
    assert State.open(db).read_marks() == {"a"}


def test_a_corrupt_database_falls_back_to_memory_with_a_problem(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    state = State.open(db)
    assert state.problem and "memory" in state.problem
    state.set_read(["a"])
    assert state.read_marks() == {"a"}
    assert db.read_bytes() == b"this is not a database" * 100


def test_an_unwritable_place_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    state = State.open(blocker / "sub" / "state.sqlite3")
    assert state.problem is not None
    state.set_read(["a"])
    assert state.read_marks() == {"a"}


def test_thread_choices_are_remembered(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    state = State.open(db)
    state.merge("b", "a")
    state.merge("c", "d")
    state.split_out("c")
    state.close()
    choices = State.open(db).choices()
    assert choices.merged == (("a", "b"),)
    assert choices.alone == {"c"}

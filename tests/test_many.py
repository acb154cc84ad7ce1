"""A file that holds many articles, as the app and the CLI show it: a row for
each, `reader show FILE#n`, and threads keyed by article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.tui.thread_list import RowState, ThreadList

from .conftest import make_app, settle

LETTERS = ("Harbour bridge stays open", "Night market returns", "Ferry timetable changes")


def _mbox(path: Path) -> None:
    messages = []
    for n, title in enumerate(LETTERS):
        body = "\n\n".join(
            f"{title}: the council heard on Tuesday that part {p} of the plan for {title.lower()} "
            f"would go ahead after residents in ward {n}{p} wrote in their hundreds."
            for p in range(5)
        )
        messages.append(
            f"From letter@example.com Mon Jun  {n + 2} 07:00:00 2025\n"
            f"From: The Letter <letter@example.com>\nSubject: {title}\n"
            f"Date: Mon, {n + 2} Jun 2025 07:00:00 +0000\n"
            f"Content-Type: text/plain; charset=utf-8\n\n{body}\n\n"
        )
    path.write_text("".join(messages))


async def test_a_mailbox_of_three_messages_is_three_rows(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    _mbox(library / "letters.mbox")
    app = make_app(library, tmp_path / "home")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = app.screen.query_one(ThreadList).rows
        assert sorted(row.title for row in rows) == sorted(LETTERS)
        assert all(row.state is RowState.READY for row in rows)
        assert {row.key for row in rows} == {f"{library / 'letters.mbox'}#{n}" for n in (1, 2, 3)}


def test_the_view_shows_a_row_for_each_article_of_a_file_once_read(tmp_path: Path) -> None:
    from reader.boilerplate import load_catalogue
    from reader.model import FileStat
    from reader.pipeline import index_file
    from reader.view import Library, View

    path = tmp_path / "letters.mbox"
    _mbox(path)
    view = View(Library(tmp_path), load=lambda key, common: None)
    view.found([FileStat(path, 1, 0, 0)], [])
    assert [row.state for row in view.file_rows(str(path))] == [RowState.PENDING]
    view.indexed([index_file(FileStat(path, 1, 0, 0), load_catalogue(None))])
    rows = view.file_rows(str(path))
    assert [row.title for row in rows] == list(LETTERS)
    assert [row.key for row in rows] == [f"{path}#{n}" for n in (1, 2, 3)]


def test_reader_show_prints_the_nth_article_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "letters.mbox"
    _mbox(path)
    assert main(["show", f"{path}#2", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(LETTERS[1]) and "from letters.mbox, message 2 of 3" in out
    assert main(["show", f"{path}#9", "--no-cache"]) == 1
    assert "no article 9" in capsys.readouterr().err


def test_threads_json_names_each_article_by_its_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _mbox(tmp_path / "letters.mbox")
    assert main(["threads", str(tmp_path), "--json", "--no-cache"]) == 0
    files = sorted(f for thread in json.loads(capsys.readouterr().out) for f in thread["files"])
    assert files == ["letters.mbox#1", "letters.mbox#2", "letters.mbox#3"]

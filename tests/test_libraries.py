"""Many folders, one truth: each library keeps to itself in the cache, the marks
follow the story wherever its files go, and the CLI agrees with the app."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from reader.boilerplate import load_catalogue
from reader.cache import SCHEMA_VERSION, Cache
from reader.cli import main
from reader.library import Indexer, cache_version
from reader.model import Failure, FileStat, Indexed
from reader.settings import Settings
from reader.store import State
from reader.tui.status import StatusBar
from reader.tui.thread_list import RowState, ThreadList

from .conftest import (
    DAILY8_SEED,
    FIXTURES,
    INKL_SEED,
    Browser,
    Opener,
    ident,
    make_app,
    settle,
)

SIZE = (100, 30)
LIBRARY = FIXTURES / "library"
SEED_TITLE = "Turkiye and Israel hold talks to avoid clashes in Syria"


def _copy(files: list[Path], folder: Path) -> Path:
    folder.mkdir(parents=True)
    for file in files:
        shutil.copy2(file, folder / file.name)
    return folder


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    set_rows, append_rows = ThreadList.set_rows, ThreadList.append_rows

    def spy_set(self, rows):
        seen.extend(row.title for row in rows)
        return set_rows(self, rows)

    def spy_append(self, rows):
        seen.extend(row.title for row in rows)
        return append_rows(self, rows)

    monkeypatch.setattr(ThreadList, "set_rows", spy_set)
    monkeypatch.setattr(ThreadList, "append_rows", spy_append)
    return seen


# ---- one library at a time (B1) -------------------------------------------------------


async def test_a_second_library_never_shows_the_first_ones_stories(
    tmp_path: Path, spy: list[str]
) -> None:
    first = _copy([INKL_SEED, DAILY8_SEED], tmp_path / "A")
    second = _copy([LIBRARY / "museum.txt"], tmp_path / "B")
    app = make_app(first, tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
    spy.clear()
    other = make_app(second, tmp_path / "home")
    async with other.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = other.screen.query_one(ThreadList).rows
        assert [row.title for row in rows] == ["Maritime museum reopens after flood repairs"]
        assert all(row.unread for row in rows)
    assert SEED_TITLE not in spy
    # The first library's cache survived: going back is a warm start.
    again = make_app(first, tmp_path / "home")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.view.progress.total == 0
        (row,) = again.screen.query_one(ThreadList).rows
        assert row.copies == 2 and not row.unread


async def test_an_empty_folder_opened_after_another_shows_nothing_of_it(
    tmp_path: Path, spy: list[str]
) -> None:
    first = tmp_path / "A"
    first.mkdir()
    (first / "loop.txt").symlink_to(first / "loop.txt")
    shutil.copy2(INKL_SEED, first / INKL_SEED.name)
    async with make_app(first, tmp_path / "home").run_test(size=SIZE) as pilot:
        await settle(pilot)
    spy.clear()
    empty = tmp_path / "B"
    empty.mkdir()
    app = make_app(empty, tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert app.screen.query_one(ThreadList).rows == []
        assert "unreadable" not in str(app.screen.query_one(StatusBar).render())
    assert spy == []


# ---- error rows (B2) -------------------------------------------------------------------


async def test_the_walks_error_rows_are_replaced_by_each_scan_never_repeated(
    tmp_path: Path,
) -> None:
    library = _copy([LIBRARY / "museum.txt"], tmp_path / "lib")
    (library / "link.txt").symlink_to(library / "museum.txt")
    os.mkfifo(library / "pipe.txt")
    app = make_app(library, tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(3):
            await pilot.press("R")
            await settle(pilot)
        rows = app.screen.query_one(ThreadList).rows
        assert sorted(r.title for r in rows if r.state is RowState.ERROR) == [
            "link.txt",
            "pipe.txt",
        ]
        assert "2 unreadable" in str(app.screen.query_one(StatusBar).render())
        (library / "link.txt").unlink()
        await pilot.press("R")
        await settle(pilot)
        rows = app.screen.query_one(ThreadList).rows
        assert [r.title for r in rows if r.state is RowState.ERROR] == ["pipe.txt"]
        assert "1 unreadable" in str(app.screen.query_one(StatusBar).render())


# ---- marks follow the story (B4), whatever happens to the files ------------------------


async def test_a_story_read_as_one_copy_stays_read_when_another_copy_joins_it(
    tmp_path: Path,
) -> None:
    library = _copy([LIBRARY / "ferry-teaser.txt"], tmp_path / "lib")
    app = make_app(library, tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
    shutil.copy2(LIBRARY / "ferry-full.txt", library / "ferry-full.txt")
    again = make_app(library, tmp_path / "home")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (row,) = [r for r in again.screen.query_one(ThreadList).rows if r.copies > 1]
        assert not row.unread
        assert row.key == str(library / "ferry-full.txt")  # the other copy leads now


async def test_moving_the_library_keeps_every_mark(tmp_path: Path) -> None:
    library = _copy([INKL_SEED, DAILY8_SEED, LIBRARY / "museum.txt"], tmp_path / "old")
    app = make_app(library, tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = app.screen.query_one(ThreadList)
        while thread_list.highlighted.title != SEED_TITLE:
            await pilot.press("j")
        await pilot.press("enter", "asterisk")
        await pilot.pause()
    moved = tmp_path / "new-disk" / "articles"
    moved.parent.mkdir()
    library.rename(moved)
    again = make_app(moved, tmp_path / "home")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = {r.title: r for r in again.screen.query_one(ThreadList).rows}
        seeds = rows[SEED_TITLE]
        assert not seeds.unread and seeds.starred
        museum = rows["Maritime museum reopens after flood repairs"]
        assert museum.unread and not museum.starred


async def test_a_rescan_picks_up_the_marks_another_instance_wrote(tmp_path: Path) -> None:
    library = _copy([LIBRARY / "museum.txt"], tmp_path / "lib")
    app = make_app(library, tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (row,) = app.screen.query_one(ThreadList).rows
        assert row.unread
        other = State.open(app.settings.state_file)  # another reader, another connection
        other.set_read([ident(library / "museum.txt")])
        other.set_starred([ident(library / "museum.txt")])
        other.close()
        await pilot.press("R")
        await settle(pilot)
        (row,) = app.screen.query_one(ThreadList).rows
        assert not row.unread and row.starred


async def test_marks_on_paths_from_the_first_schema_are_kept(tmp_path: Path) -> None:
    home = tmp_path / "home"
    state_file = home / "data" / "state.sqlite3"
    state_file.parent.mkdir(parents=True)
    library = _copy([INKL_SEED, DAILY8_SEED, LIBRARY / "museum.txt"], tmp_path / "lib")
    with sqlite3.connect(state_file) as old:  # the first schema, as a user has it
        old.executescript(
            "CREATE TABLE read (path TEXT PRIMARY KEY, read_at REAL NOT NULL);"
            "CREATE TABLE starred (path TEXT PRIMARY KEY, starred_at REAL NOT NULL);"
            "CREATE TABLE thread_choice (kind TEXT NOT NULL, a TEXT NOT NULL,"
            " b TEXT NOT NULL DEFAULT '', PRIMARY KEY (kind, a, b));"
        )
        old.execute("INSERT INTO read VALUES (?, 1.0)", (str(library / "museum.txt"),))
        old.execute("INSERT INTO starred VALUES (?, 1.0)", (str(library / INKL_SEED.name),))
        old.execute(
            "INSERT INTO thread_choice VALUES ('alone', ?, '')",
            (str(library / DAILY8_SEED.name),),
        )
    app = make_app(library, home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = {r.key: r for r in app.screen.query_one(ThreadList).rows}
        assert not rows[str(library / "museum.txt")].unread
        assert rows[str(library / INKL_SEED.name)].starred
        assert len(rows) == 3  # the Daily8 copy stays out of the seed thread
    state = State.open(state_file)
    assert state.read_marks() == {ident(library / "museum.txt")}
    assert not state.has_legacy


def test_a_state_from_a_newer_reader_is_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
        db.execute("INSERT INTO meta VALUES ('schema', '99')")
    before = path.read_bytes()
    state = State.open(path)
    assert state.problem and "newer" in state.problem and "memory" in state.problem
    state.set_read(["a"])
    assert state.read_marks() == {"a"}
    state.close()
    assert path.read_bytes() == before


def test_a_read_only_state_still_shows_its_marks(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    state = State.open(path)
    state.set_read(["a"])
    state.close()
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        opened = State.open(path)
        if opened.problem is None:
            pytest.skip("this user can write read-only files (root)")
        assert opened.read_marks() == {"a"}
    finally:
        tmp_path.chmod(0o755)
        path.chmod(0o644)


def test_a_cache_from_a_newer_reader_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION + 1),))
    before = path.read_bytes()
    cache = Cache.open(path)
    assert cache.problem and "newer" in cache.problem
    cache.close()
    assert path.read_bytes() == before


# ---- nested roots ------------------------------------------------------------------------


def test_a_nested_library_takes_what_its_parent_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = tmp_path / "all"
    _copy([INKL_SEED, DAILY8_SEED], parent / "world")
    _copy([LIBRARY / "museum.txt"], parent / "local")
    catalogue = load_catalogue(None)
    cache = Cache.open(tmp_path / "cache.sqlite3")
    whole = Indexer(parent, cache.library(parent), cache_version(catalogue), workers=1)
    assert whole.run(whole.cache.entries()) is not None

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("nothing should be read again")

    monkeypatch.setattr("reader.library.Pool", no_pool)
    nested = Indexer(parent / "world", cache.library(parent / "world"), whole.version)
    grouped: list[int] = []
    nested.run(nested.cache.entries(), grouped=lambda threads, common: grouped.append(len(threads)))
    assert grouped == [1]
    assert set(nested.cache.entries()) == {
        str(parent / "world" / INKL_SEED.name),
        str(parent / "world" / DAILY8_SEED.name),
    }
    assert len(whole.cache.entries()) == 3  # the parent keeps its own


# ---- the CLI and the app agree (B6) --------------------------------------------------------


def _two_stories(folder: Path) -> Path:
    return _copy([INKL_SEED, DAILY8_SEED, LIBRARY / "museum.txt"], folder)


def test_reader_threads_follows_the_joins_and_splits_made_in_the_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = _two_stories(tmp_path / "lib")
    assert main(["threads", str(library), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    state = State.open(Settings.load().state_file)  # where the app keeps them
    state.merge(ident(library / "museum.txt"), ident(library / INKL_SEED.name))
    state.set_read([ident(library / "museum.txt")])
    state.close()
    assert main(["threads", str(library), "--json"]) == 0
    (thread,) = json.loads(capsys.readouterr().out)
    assert len(thread["files"]) == 3 and thread["read"] and not thread["starred"]
    state = State.open(Settings.load().state_file)
    state.split_out(ident(library / DAILY8_SEED.name))
    state.close()
    assert main(["threads", str(library), "--json", "--no-cache"]) == 0
    assert sorted(len(t["files"]) for t in json.loads(capsys.readouterr().out)) == [1, 2]


async def test_the_app_and_reader_threads_print_the_same_threads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.tui.app import Library, ReaderApp

    library = _two_stories(tmp_path / "lib")
    # The app on the CLI's own dirs (the platformdirs ones, under the test's home).
    settings = replace(Settings.load(), workers=1)
    app = ReaderApp(Library(library), settings=settings, opener=Opener(), browser=Browser())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = sorted(sorted(t.keys) for t in app.view.threads)
    assert main(["threads", str(library), "--json"]) == 0
    printed = sorted(
        sorted(str(library / f) for f in t["files"]) for t in json.loads(capsys.readouterr().out)
    )
    assert printed == shown


def test_reader_threads_on_a_read_library_reads_nothing_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = _two_stories(tmp_path / "lib")
    assert main(["index", str(library)]) == 0
    capsys.readouterr()

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("nothing should be read again")

    monkeypatch.setattr("reader.library.Pool", no_pool)
    assert main(["threads", str(library), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


# ---- a run killed half way ------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found.update(int(n) for n in task.read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in status


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_reader_index_killed_half_way_leaves_no_worker_and_finishes_the_same(
    tmp_path: Path,
) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    for n in range(40):
        (library / f"{n:02}.txt").write_text(
            f"Story {n} of the harbour\n\n" + f"The harbour master number {n} said. " * 300,
            encoding="utf-8",
        )
    shutil.copy2(INKL_SEED, library / INKL_SEED.name)
    shutil.copy2(DAILY8_SEED, library / DAILY8_SEED.name)

    def env(home: Path) -> dict[str, str]:
        return {
            **os.environ,
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_DATA_HOME": str(home / "data"),
        }

    home = tmp_path / "killed"
    run = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", str(library), "--workers", "2"],
        env=env(home),
        stderr=subprocess.DEVNULL,
    )
    cache_file = home / "cache" / "reader" / "index.sqlite3"
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    stored = 0
    while time.monotonic() < deadline and run.poll() is None:
        workers |= {pid for pid in _children(run.pid) if _alive(pid)}
        if cache_file.exists():
            try:
                with sqlite3.connect(cache_file, timeout=0.1) as db:
                    stored = db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
            except sqlite3.Error:
                stored = 0
        if stored and len(workers) >= 2:
            break
        time.sleep(0.02)
    if run.poll() is not None:
        pytest.skip("the run ended before it could be stopped half way")
    run.send_signal(signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert workers and not any(_alive(pid) for pid in workers)

    def threads(home: Path) -> list[list[str]]:
        printed = subprocess.run(
            [sys.executable, "-m", "reader", "threads", str(library), "--json"],
            env=env(home),
            capture_output=True,
            text=True,
            check=True,
        )
        return sorted(sorted(t["files"]) for t in json.loads(printed.stdout))

    subprocess.run(
        [sys.executable, "-m", "reader", "index", str(library)],
        env=env(home),
        check=True,
        capture_output=True,
    )
    assert threads(home) == threads(tmp_path / "clean")


# ---- the view alone ------------------------------------------------------------------------


def test_the_view_keeps_a_story_read_whatever_the_grouping(tmp_path: Path) -> None:
    from reader.threads import make_thread
    from reader.view import Library, View

    teaser = _stat_info("teaser", "t1")
    full = _stat_info("full", "f1")
    view = View(Library(tmp_path), load=lambda key, common: None)
    view.indexed([teaser])
    single = view.thread("teaser")
    assert single is not None
    view.mark(view.read, single, True)
    view.grouped([make_thread([full.info, teaser.info])], frozenset())  # type: ignore[list-item]
    (thread,) = view.threads
    assert view.is_read(thread) and thread.lead.key == "full"
    assert not view.rows(view_sort())[0].unread


def view_sort():
    from reader.view import Sort

    return Sort.DATE


def _stat_info(key: str, ident_: str) -> Indexed:
    from reader.model import ArticleInfo, IndexedArticle

    words = 300 if key == "full" else 50
    info = ArticleInfo(key, "Ferry fares to rise", words=words, ident=ident_)
    return Indexed(FileStat(Path(key), 1, 1, 1), (IndexedArticle(info, b"", b""),))


def test_walk_failures_are_a_set_keyed_by_file(tmp_path: Path) -> None:
    from reader.view import Library, View

    view = View(Library(tmp_path), load=lambda key, common: None)
    link = Failure(tmp_path / "link.txt", "a symbolic link (links are not followed)")
    for _ in range(3):
        view.scan_started()
        fresh = view.found([], [link])
        view.synced(())
    assert fresh == [] and list(view.failures) == [str(link.path)]
    view.scan_started()
    view.found([], [])
    assert view.synced(()) and view.failures == {}


def test_a_grouping_made_by_other_rules_is_made_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = _two_stories(tmp_path / "lib")
    assert main(["threads", str(library), "--json"]) == 0
    capsys.readouterr()
    regrouped: list[int] = []
    group = Indexer.group

    def counting(self, infos, choices):  # type: ignore[no-untyped-def]
        regrouped.append(len(infos))
        return group(self, infos, choices)

    monkeypatch.setattr(Indexer, "group", counting)
    assert main(["threads", str(library), "--json"]) == 0
    assert regrouped == []  # the same rules: the grouping kept is used
    monkeypatch.setattr("reader.threads.grouping.GROUPING", "other rules")
    assert main(["threads", str(library), "--json"]) == 0
    assert regrouped == [3]


def test_a_new_file_regroups_only_what_it_touches_and_as_a_full_grouping_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = _copy([INKL_SEED, LIBRARY / "museum.txt", LIBRARY / "ferry-full.txt"], tmp_path / "l")
    catalogue = load_catalogue(None)
    cache = Cache.open(tmp_path / "cache.sqlite3")
    indexer = Indexer(library, cache.library(library), cache_version(catalogue), workers=1)
    made: list[list[list[str]]] = []

    def grouped(threads, found):  # type: ignore[no-untyped-def]
        made.append(sorted(sorted(Path(k).name for k in t.keys) for t in threads))

    indexer.run(grouped=grouped)
    assert indexer.grouping is not None
    fulls: list[int] = []
    import reader.library as library_module

    whole = library_module.group_library

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        fulls.append(1)
        return whole(*args, **kwargs)

    monkeypatch.setattr(library_module, "group_library", counted)
    shutil.copy2(DAILY8_SEED, library / DAILY8_SEED.name)  # another copy of the seed story
    (library / "museum.txt").unlink()
    indexer.run(grouped=grouped)
    assert fulls == []  # regrouped, not grouped whole
    fresh = Indexer(library, Cache.open(None).library(library), indexer.version, workers=1)
    fresh.run(grouped=grouped)
    assert fulls == [1]
    assert (
        made[1]
        == made[2]
        == [
            sorted([DAILY8_SEED.name, INKL_SEED.name]),
            ["ferry-full.txt"],
        ]
    )

"""Snapshots of the screens (SVGs in the top-level snapshots/ folder).

Update them deliberately, after looking at the differences in the report:
    pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

from .conftest import SEEDS, make_app, settle

SIZE = (110, 34)


def test_seed_library_opened(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(SEEDS, tmp_path), terminal_size=SIZE, run_before=settle)


def test_fold_opened(snap_compare, tmp_path: Path) -> None:
    async def open_first_fold(pilot) -> None:
        await settle(pilot)
        await pilot.press("tab", "j", "z")

    assert snap_compare(make_app(SEEDS, tmp_path), terminal_size=SIZE, run_before=open_first_fold)


def test_second_copy(snap_compare, tmp_path: Path) -> None:
    async def next_copy(pilot) -> None:
        await settle(pilot)
        await pilot.press("right_square_bracket", "tab", "G")

    assert snap_compare(make_app(SEEDS, tmp_path), terminal_size=SIZE, run_before=next_copy)


def test_help_screen(snap_compare, tmp_path: Path) -> None:
    async def help_(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")

    assert snap_compare(make_app(SEEDS, tmp_path), terminal_size=SIZE, run_before=help_)


def test_filter(snap_compare, tmp_path: Path) -> None:
    async def filter_(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"syria")

    assert snap_compare(make_app(SEEDS, tmp_path), terminal_size=SIZE, run_before=filter_)


def test_compare_copies(snap_compare, tmp_path: Path) -> None:
    async def compare(pilot) -> None:
        await settle(pilot)
        await pilot.press("right_square_bracket", "d")

    assert snap_compare(make_app(SEEDS, tmp_path), terminal_size=SIZE, run_before=compare)


def test_resumed_where_it_was_left(snap_compare, tmp_path: Path) -> None:
    async def read_some(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket", "space")
        await pilot.pause()

    first = make_app(SEEDS, tmp_path)

    async def reopen(pilot) -> None:
        await settle(pilot)
        await pilot.pause()

    # The first run only leaves a session behind; the snapshot is of the second.
    import asyncio

    async def run_first() -> None:
        async with first.run_test(size=SIZE) as pilot:
            await read_some(pilot)

    asyncio.run(run_first())
    assert snap_compare(make_app(SEEDS, tmp_path), terminal_size=SIZE, run_before=reopen)


def test_one_pane_at_80_columns_list(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(SEEDS, tmp_path), terminal_size=(80, 24), run_before=settle)


def test_one_pane_at_80_columns_article(snap_compare, tmp_path: Path) -> None:
    async def open_story(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")

    assert snap_compare(make_app(SEEDS, tmp_path), terminal_size=(80, 24), run_before=open_story)


def test_undo_says_what_it_undid(snap_compare, tmp_path: Path) -> None:
    async def mark_and_undo(pilot) -> None:
        await settle(pilot)
        await pilot.press("m", "u")
        await pilot.pause()

    assert snap_compare(make_app(SEEDS, tmp_path), terminal_size=SIZE, run_before=mark_and_undo)


def test_find_in_the_article(snap_compare, tmp_path: Path) -> None:
    async def find(pilot) -> None:
        await settle(pilot)
        await pilot.press("tab", "slash", *"israel", "enter", "n")
        await pilot.pause()

    assert snap_compare(make_app(SEEDS, tmp_path), terminal_size=SIZE, run_before=find)

"""The app, driven by its keys and the mouse, as a user would."""

from __future__ import annotations

from pathlib import Path

from textual import events

from reader.store import State
from reader.tui.article_view import ArticleView
from reader.tui.main_screen import QueryInput
from reader.tui.thread_list import RowState, ThreadList

from .conftest import DAILY8_SEED, INKL_SEED, SEEDS, Opener, ident, make_app, settle

SIZE = (100, 30)


async def test_the_seed_library_opens_as_one_unread_thread_of_two(tmp_path: Path) -> None:
    app = make_app(SEEDS, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = app.screen.query_one(ThreadList).rows
        assert [(r.title, r.meta, r.copies, r.unread) for r in rows] == [
            ("Turkiye and Israel hold talks to avoid clashes in Syria", "Al Jazeera", 2, True)
        ]

        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.path == INKL_SEED
        assert view.lines[1].text.plain == "Al Jazeera · World · copy 1 of 2 · via inkl"


async def test_enter_opens_the_story_and_marks_it_read_for_good(tmp_path: Path) -> None:
    app = make_app(SEEDS, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert app.screen.query_one(ArticleView).has_focus
        assert not app.screen.query_one(ThreadList).rows[0].unread
    assert State.open(app.settings.state_file).read_marks() == {
        ident(INKL_SEED),
        ident(DAILY8_SEED),
    }


async def test_m_toggles_read_and_the_mark_survives_a_restart(tmp_path: Path) -> None:
    app = make_app(SEEDS, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        assert not app.screen.query_one(ThreadList).rows[0].unread
        await pilot.press("m")
        assert app.screen.query_one(ThreadList).rows[0].unread
        await pilot.press("m")
    again = make_app(SEEDS, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not again.screen.query_one(ThreadList).rows[0].unread


async def test_brackets_step_through_the_copies(tmp_path: Path) -> None:
    app = make_app(SEEDS, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("right_square_bracket")
        assert view.article.path == DAILY8_SEED
        assert view.lines[1].text.plain == "copy 2 of 2 · via Daily8"
        await pilot.press("right_square_bracket")
        assert view.article.path == INKL_SEED
        await pilot.press("left_square_bracket")
        assert view.article.path == DAILY8_SEED


async def test_z_opens_and_closes_the_fold_under_the_cursor(tmp_path: Path) -> None:
    app = make_app(SEEDS, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("tab")
        assert view.has_focus
        fold_line = next(y for y, line in enumerate(view.lines) if line.fold == 0)
        while view.cursor_line < fold_line:
            await pilot.press("j")
        assert view.lines[view.cursor_line].text.plain == "▸ inkl sign-up banner · 4 lines · inkl"
        await pilot.press("z")
        assert view.open_folds == {0}
        texts = [line.text.plain for line in view.lines]
        assert "│ Get all your news in one place." in texts
        await pilot.press("enter")
        assert view.open_folds == set()


async def test_capital_z_opens_every_fold_then_closes_them(tmp_path: Path) -> None:
    app = make_app(SEEDS, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        await pilot.press("Z")
        assert view.open_folds == {0, 1, 2}
        await pilot.press("Z")
        assert view.open_folds == set()


async def test_clicking_a_fold_line_opens_it(tmp_path: Path) -> None:
    app = make_app(SEEDS, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        y = next(y for y, line in enumerate(view.lines) if line.fold == 0)
        await pilot.click(ArticleView, offset=(view.gutter.left + 2, y))
        assert view.open_folds == {0}


async def test_slash_filters_the_list_by_title_and_escape_clears_it(tmp_path: Path) -> None:
    app = make_app(SEEDS, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = app.screen.query_one(ThreadList)
        await pilot.press("slash", *"SYRIA")
        assert app.screen.query_one(QueryInput).has_focus

        assert thread_list.visible_count == 1
        await pilot.press(*"xx")
        assert thread_list.visible_count == 0
        await pilot.press("escape")
        assert thread_list.visible_count == 1
        assert thread_list.has_focus


async def test_o_hands_the_original_file_to_the_opener(tmp_path: Path) -> None:
    opener = Opener()
    app = make_app(SEEDS, tmp_path, opener)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert opener.opened == [INKL_SEED]


async def test_cursor_keys_move_through_the_list(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    for n in range(40):
        (library / f"{n:02}.txt").write_text(
            f"Story number {n} about the harbour\n\nThe harbour master said on day {n} "
            f"that ships number {n * 7} and {n * 11} would dock after the storm had passed.\n",
            encoding="utf-8",
        )
    app = make_app(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = app.screen.query_one(ThreadList)
        assert thread_list.visible_count == 40
        await pilot.press("G")
        assert thread_list.cursor == 39
        await pilot.press("k", "up")
        assert thread_list.cursor == 37
        await pilot.press("g")
        assert thread_list.cursor == 0
        await pilot.press("j", "down", "pagedown")
        assert thread_list.cursor > 2


async def test_an_unreadable_file_is_an_error_row_with_its_reason(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "good.txt").write_text(INKL_SEED.read_text("utf-8"), "utf-8")
    (library / "broken\x1b]0;pwned\x07.html").write_bytes(bytes(range(256)) * 20)
    app = make_app(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = app.screen.query_one(ThreadList).rows
        errors = [r for r in rows if r.state is RowState.ERROR]
        assert len(errors) == 1
        assert errors[0].title == "broken.html"
        assert "binary" in errors[0].meta


async def test_markup_in_article_text_is_shown_verbatim_and_is_inert(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "markup.txt").write_text(
        "[@click=app.quit]Click me[/] and [/] and [bold]x[/bold]\n\n"
        "The harbour master said [@click=app.quit]this[/] and [red]that[/red] on Monday, "
        "when the storm had passed and the boats came back in.\n",
        encoding="utf-8",
    )
    app = make_app(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = app.screen.query_one(ThreadList).rows[0]
        assert row.title == "[@click=app.quit]Click me[/] and [/] and [bold]x[/bold]"
        view = app.screen.query_one(ArticleView)
        assert view.lines[0].text.plain.startswith("[@click=app.quit]Click me[/]")
        await pilot.click(ThreadList, offset=(4, 0))
        await pilot.click(ArticleView, offset=(view.gutter.left + 3, 0))
        await pilot.pause()
        assert app.is_running


async def test_a_new_theme_restyles_the_article(tmp_path: Path) -> None:
    app = make_app(SEEDS, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        before = view.lines[0].text.spans[0].style
        app.theme = "textual-light"
        await pilot.pause()
        assert view.lines[0].text.spans[0].style != before


async def test_d_compares_this_copy_with_the_lead(tmp_path: Path) -> None:
    from reader.tui.diff import DiffScreen

    app = make_app(SEEDS, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket", "d")
        assert isinstance(app.screen, DiffScreen)
        text = str(app.screen.query_one("#diff-text").render())
        assert "Only in copy 2 (via Daily8)" in text
        assert "Only in copy 1 (Al Jazeera · World · via inkl)" in text
        assert "caption: Israel has carried out hundreds of air strikes" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, DiffScreen)


async def test_a_split_and_a_merge_are_remembered(tmp_path: Path) -> None:
    app = make_app(SEEDS, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket", "X")
        await settle(pilot)
        rows = app.screen.query_one(ThreadList).rows
        assert [r.copies for r in rows] == [1, 1]
    again = make_app(SEEDS, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = again.screen.query_one(ThreadList)
        assert len(thread_list.rows) == 2
        await pilot.press("J", "j", "J")
        await settle(pilot)
        assert [r.copies for r in thread_list.rows] == [2]
    third = make_app(SEEDS, tmp_path)
    async with third.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [r.copies for r in third.screen.query_one(ThreadList).rows] == [2]


async def test_keys_typed_fast_act_on_the_story_under_the_cursor(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    for n in range(3):
        (library / f"{n}.txt").write_text(
            f"Story {n} about the harbour\n\nThe harbour master said on day {n} that ships "
            f"number {n * 7} and {n * 11} would dock after the storm had passed.\n",
            encoding="utf-8",
        )
    app = make_app(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = app.screen.query_one(ThreadList)
        # Both keys are queued before either is handled, as when typed quickly.
        app.post_message(events.Key("j", "j"))
        app.post_message(events.Key("m", "m"))
        await pilot.pause()
        assert [r.unread for r in thread_list.rows] == [True, False, True]


def _story(folder: Path, name: str, title: str, text: str) -> Path:
    path = folder / name
    path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return path


def _three_stories(folder: Path) -> Path:
    """A library of three stories, each with one copy (it is `folder`)."""
    folder.mkdir()
    _story(
        folder,
        "a.txt",
        "Ferry fares to rise",
        "Fares across the bay will rise by a tenth in April, the port authority said on Tuesday.",
    )
    _story(
        folder,
        "b.txt",
        "Museum reopens after flood",
        "The maritime museum reopened on Saturday, months after a winter flood filled it.",
    )
    _story(
        folder,
        "c.txt",
        "Keepers return to the lighthouse",
        "Two keepers moved into the restored cottages at Skerry Point, the first in forty years.",
    )
    return folder


async def test_s_searches_every_article_and_n_goes_to_the_matches(tmp_path: Path) -> None:
    app = make_app(_three_stories(tmp_path / "lib"), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = app.screen.query_one(ThreadList)
        await pilot.press("s", *"flood", "enter")
        await settle(pilot)
        assert [row.title for row in thread_list.rows if row.key in thread_list._only] == [
            "Museum reopens after flood"
        ]
        assert thread_list.visible_count == 1
        view = app.screen.query_one(ArticleView)
        assert view.matches
        await pilot.press("n")
        assert view.cursor_line == view.matches[1] if len(view.matches) > 1 else view.matches[0]
        await pilot.press("escape")
        assert thread_list.visible_count == 3


async def test_a_search_typed_ahead_of_the_app_runs_and_keeps_the_focus(tmp_path: Path) -> None:
    # Keys typed while the app starts: the terminal, not yet the app's, turns
    # enter into a newline (ctrl+j); and the list's first focus must not come
    # after them and take the line away.
    app = make_app(_three_stories(tmp_path / "lib"), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        query = screen.query_one(QueryInput)
        query.focus()
        await pilot.pause()
        screen.on_mount()
        assert screen.focused is screen.query_one(ThreadList)  # at once, not after a refresh
        await pilot.press("s", *"flood", "ctrl+j")
        await settle(pilot)
        thread_list = screen.query_one(ThreadList)
        assert thread_list.visible_count == 1 and screen.search == "flood"


async def test_star_hide_read_and_sort(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    _three_stories(library)
    app = make_app(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = app.screen.query_one(ThreadList)
        assert [r.title for r in thread_list.rows] == [
            "Ferry fares to rise",
            "Keepers return to the lighthouse",
            "Museum reopens after flood",
        ]
        await pilot.press("asterisk")
        assert thread_list.rows[0].starred
        await pilot.press("enter", "tab", "M")
        assert thread_list.visible_count == 2
        await pilot.press("M", "S", "S")
        assert thread_list.visible_count == 3
        assert app.screen.sort.value == "title"
    again = make_app(library, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = again.screen.query_one(ThreadList).rows
        assert (rows[0].title, rows[0].starred, rows[0].unread) == (
            "Ferry fares to rise",
            True,
            False,
        )


async def test_new_and_deleted_files_are_picked_up_by_a_rescan(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    _three_stories(library)
    app = make_app(library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = app.screen.query_one(ThreadList)
        assert len(thread_list.rows) == 3
        (library / "b.txt").unlink()
        _story(
            library,
            "d.txt",
            "Harbour wall repaired",
            "The council finished repairing the harbour wall on Friday, a month early.",
        )
        await pilot.press("R")
        await settle(pilot)
        assert sorted(r.title for r in thread_list.rows) == [
            "Ferry fares to rise",
            "Harbour wall repaired",
            "Keepers return to the lighthouse",
        ]


async def test_a_warm_start_shows_the_threads_without_reading_anything(tmp_path: Path) -> None:
    app = make_app(SEEDS, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    again = make_app(SEEDS, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.view.progress.total == 0  # nothing was read again
        rows = again.screen.query_one(ThreadList).rows
        assert [(r.copies, r.meta) for r in rows] == [(2, "Al Jazeera")]
        view = again.screen.query_one(ArticleView)
        assert view.article is not None and view.article.path == INKL_SEED

"""A reader to live in: resume, read on, undo, views, finding, one pane when
narrow, the user's keys and theme, and the programs it hands things to."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from reader.tui.article_view import ArticleView
from reader.tui.help import HelpScreen
from reader.tui.main_screen import MainScreen, QueryInput
from reader.tui.opener import system_opener
from reader.tui.pickers import ChoicesScreen, SourcePicker
from reader.tui.status import StatusBar
from reader.tui.thread_list import ThreadList
from reader.view import Session, Sort

from .conftest import DAILY8_SEED, INKL_SEED, make_app, settle

SIZE = (110, 34)
SEED_TITLE = "Turkiye and Israel hold talks to avoid clashes in Syria"
STORY = "The {0} harbour master said on {1} that the ships would dock after the storm."


def _library(folder: Path, seeds: bool = True) -> Path:
    """The seeds (one story, two copies) and three short stories of their own."""
    folder.mkdir(parents=True)
    if seeds:
        for seed in (INKL_SEED, DAILY8_SEED):
            shutil.copy2(seed, folder / seed.name)
    for name, title, source, text in (
        ("a.txt", "Ferry fares to rise", "Harbour News", STORY.format("old", "Monday")),
        ("b.txt", "Museum reopens after the flood in Zürich", "Valley Times", STORY.format(
            "Zurich", "Tuesday") + " Zürich and Zurich and ZÜRICH are one city."),
        ("c.txt", "Keepers return to the lighthouse", "Harbour News", STORY.format(
            "new", "Friday")),
    ):  # fmt: skip
        (folder / name).write_text(f"{title}\n\nSource: {source}\n\n{text}\n", encoding="utf-8")
    return folder


def _status(app) -> str:
    return str(app.screen.query_one(StatusBar).render())


def _messages(app) -> list[str]:
    return [notice.message for notice in app._notifications]


@asynccontextmanager
async def _opened(tmp_path: Path, size: tuple[int, int] = SIZE) -> AsyncIterator[tuple[Any, Any]]:
    """The app on the test library, settled: (app, pilot)."""
    app = make_app(_library(tmp_path / "lib"), tmp_path / "home")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot


async def _go_to(pilot, title: str) -> None:
    thread_list = pilot.app.screen.query_one(ThreadList)
    for _ in range(len(thread_list.rows)):
        if thread_list.highlighted is not None and thread_list.highlighted.title == title:
            return
        await pilot.press("j")
    raise AssertionError(f"no row {title!r}")


# ---- resume ----------------------------------------------------------------------------


async def test_reopening_puts_back_the_story_its_copy_its_place_and_the_lists_settings(
    tmp_path: Path,
) -> None:
    library = _library(tmp_path / "lib")
    app = make_app(library, tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _go_to(pilot, SEED_TITLE)
        await pilot.press("enter", "right_square_bracket", "space")
        await pilot.pause()
        line = int(app.screen.query_one(ArticleView).scroll_y)
        assert line > 0
        await pilot.press("S")  # by source
    again = make_app(library, tmp_path / "home")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, MainScreen) and screen.sort is Sort.SOURCE
        view = screen.query_one(ArticleView)
        assert view.article is not None and view.article.path == library / DAILY8_SEED.name
        assert view.has_focus and int(view.scroll_y) == line
        assert screen.query_one(ThreadList).highlighted.title == SEED_TITLE
        assert "by source" in _status(again) and "%" in _status(again)


async def test_going_back_to_the_article_read_last_time_leaves_a_query_being_typed(
    tmp_path: Path,
) -> None:
    app = make_app(_library(tmp_path / "lib"), tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("s", *"tal")  # typed while the last session is put back
        screen._restore = Session(thread=screen.thread.idents[0], reading=True)
        screen._finish_restore()
        await pilot.pause()
        assert screen.query_one(QueryInput).has_focus
        await pilot.press("k")
        assert screen.query_one(QueryInput).value == "talk"


async def test_a_title_filter_is_kept_for_next_time(tmp_path: Path) -> None:
    library = _library(tmp_path / "lib")
    async with make_app(library, tmp_path / "home").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"ferry", "enter")
    again = make_app(library, tmp_path / "home")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = again.screen.query_one(ThreadList)
        assert [row.title for row in thread_list.shown_rows] == ["Ferry fares to rise"]
        assert again.screen.query_one(QueryInput).value == "ferry"


# ---- read on ---------------------------------------------------------------------------


async def test_space_at_the_end_of_an_article_opens_the_next_unread_story(tmp_path: Path) -> None:
    library = _library(tmp_path / "lib", seeds=False)
    app = make_app(library, tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = app.screen.query_one(ThreadList)
        first = thread_list.highlighted.title
        await pilot.press("enter", "space")  # a short story: its end is on screen
        await pilot.pause()
        assert thread_list.highlighted.title != first
        assert app.screen.query_one(ArticleView).has_focus
        assert sum(not row.unread for row in thread_list.rows) == 2


async def test_n_and_N_with_no_search_go_to_the_next_and_previous_unread_story(
    tmp_path: Path,
) -> None:
    library = _library(tmp_path / "lib", seeds=False)
    app = make_app(library, tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = app.screen.query_one(ThreadList)
        await pilot.press("m", "G")  # the first read; to the last
        await pilot.press("N")
        assert thread_list.cursor == 1 and not thread_list.highlighted.unread  # opened
        await pilot.press("N")
        assert thread_list.cursor == 1 and "No unread story above" in _messages(app)
        await pilot.press("g", "n")
        assert thread_list.cursor == 2


# ---- mark all, undo, choices ----------------------------------------------------------------


async def test_A_marks_the_stories_shown_and_u_undoes_it(tmp_path: Path) -> None:
    async with _opened(tmp_path) as (app, pilot):
        thread_list = app.screen.query_one(ThreadList)
        await pilot.press("slash", *"harbour", "enter")  # no title has it: nothing shown
        await pilot.press("escape", "slash", *"fe", "enter", "A")
        await pilot.pause()
        read = {row.title for row in thread_list.rows if not row.unread}
        assert read == {"Ferry fares to rise"}
        await pilot.press("escape", "A")
        await pilot.pause()
        assert all(not row.unread for row in thread_list.rows)
        await pilot.press("u")
        await pilot.pause()
        assert {row.title for row in thread_list.rows if not row.unread} == read
        assert any("Undid marking 3 stories read" in m for m in _messages(app))
        await pilot.press("u", "u")
        await pilot.pause()
        assert all(row.unread for row in thread_list.rows)
        assert "Nothing to undo" in _messages(app)


async def test_u_undoes_a_star_a_mark_a_split_and_a_join_in_turn(tmp_path: Path) -> None:
    async with _opened(tmp_path) as (app, pilot):
        thread_list = app.screen.query_one(ThreadList)
        await _go_to(pilot, SEED_TITLE)
        await pilot.press("right_square_bracket", "X")
        await settle(pilot)
        assert len(thread_list.rows) == 5
        await pilot.press("u")
        await settle(pilot)
        assert len(thread_list.rows) == 4
        await pilot.press("g", "asterisk", "m")
        await pilot.pause()
        assert thread_list.rows[0].starred and not thread_list.rows[0].unread
        await pilot.press("u")
        await pilot.pause()
        assert thread_list.rows[0].starred and thread_list.rows[0].unread
        await pilot.press("u")
        await pilot.pause()
        assert not thread_list.rows[0].starred


async def test_C_lists_the_splits_and_joins_and_enter_undoes_one(tmp_path: Path) -> None:
    async with _opened(tmp_path) as (app, pilot):
        thread_list = app.screen.query_one(ThreadList)
        await _go_to(pilot, "Ferry fares to rise")
        await pilot.press("J")
        await _go_to(pilot, "Keepers return to the lighthouse")
        await pilot.press("J")
        await settle(pilot)
        assert len(thread_list.rows) == 3
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, ChoicesScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert len(thread_list.rows) == 4
        assert any(m.startswith("Undid: joined:") for m in _messages(app))


# ---- views and sorting --------------------------------------------------------------------


async def test_v_shows_all_then_unread_then_starred_and_f_one_source(tmp_path: Path) -> None:
    async with _opened(tmp_path) as (app, pilot):
        thread_list = app.screen.query_one(ThreadList)
        await pilot.press("asterisk", "m")
        await pilot.pause()
        await pilot.press("v")
        assert thread_list.visible_count == 3  # unread only
        await pilot.press("v")
        assert thread_list.visible_count == 1 and "starred only" in _status(app)
        await pilot.press("v", "f")
        await pilot.pause()
        assert isinstance(app.screen, SourcePicker)
        await pilot.press("enter")  # the source with most stories
        await pilot.pause()
        assert {row.meta for row in thread_list.shown_rows} == {"Harbour News"}
        assert "from Harbour News" in _status(app)
        await pilot.press("f")
        assert thread_list.visible_count == 4


async def test_S_says_what_each_press_sorts_by(tmp_path: Path) -> None:
    app = make_app(_library(tmp_path / "lib"), tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S", "S", "S", "S")
        said = [m for m in _messages(app) if m.startswith("Sorted")]
        assert said == [
            "Sorted by source",
            "Sorted by title",
            "Sorted oldest first",
            "Sorted newest first",
        ]


# ---- finding, accents ------------------------------------------------------------------------


async def test_slash_in_the_article_finds_in_it_and_counts_the_matches(tmp_path: Path) -> None:
    app = make_app(_library(tmp_path / "lib"), tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _go_to(pilot, "Museum reopens after the flood in Zürich")
        await pilot.press("tab", "slash", *"zurich", "enter")
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        assert len(view.occurrences) == 5  # the title's, the text's, and three more
        assert "“zurich”: 1 of 5" in _status(app)
        assert view.has_focus  # back in the article, to step through them
        await pilot.press("n", "n")
        assert "3 of 5" in _status(app)
        await pilot.press("N")
        assert "2 of 5" in _status(app)
        await pilot.press("escape")
        assert view.terms == () and "“zurich”" not in _status(app)


async def test_the_title_filter_treats_accents_alike(tmp_path: Path) -> None:
    app = make_app(_library(tmp_path / "lib"), tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = app.screen.query_one(ThreadList)
        await pilot.press("slash", *"Türkiye")
        assert [row.title for row in thread_list.shown_rows] == [SEED_TITLE]
        await pilot.press("escape", "slash", *"zurich")
        assert thread_list.visible_count == 1


async def test_a_search_highlights_the_words_however_they_are_accented(tmp_path: Path) -> None:
    app = make_app(_library(tmp_path / "lib"), tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", *"Zürich", "enter")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert len(view.occurrences) == 5
        await pilot.press("n")
        assert view.cursor_line == view.occurrences[0] or view.match_index is not None


# ---- one pane when narrow --------------------------------------------------------------------


NARROW = (80, 24)


def _shown(app: Any) -> list[bool]:
    """Whether the list and the article are shown."""
    return [app.screen.query_one("#list-pane").display, app.screen.query_one(ArticleView).display]


async def test_a_narrow_terminal_shows_one_pane_at_a_time(tmp_path: Path) -> None:
    async with _opened(tmp_path, NARROW) as (app, pilot):
        assert app.screen.has_class("-narrow")
        assert _shown(app) == [True, False]
        await pilot.press("enter")
        await pilot.pause()
        assert _shown(app) == [False, True]
        await pilot.press("escape")
        await pilot.pause()
        assert _shown(app) == [True, False]
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert _shown(app) == [True, True]


async def test_a_narrow_terminal_shows_the_list_after_a_find_is_cleared_and_escape(
    tmp_path: Path,
) -> None:
    # Escape clears the find; the next goes back to the list, which is shown.
    async with _opened(tmp_path, NARROW) as (app, pilot):
        await pilot.press("enter", "slash", *"syria", "enter", "escape")
        await pilot.pause()
        assert _shown(app) == [False, True] and app.screen.query_one(ArticleView).has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert _shown(app) == [True, False] and app.screen.query_one(ThreadList).has_focus


async def test_a_find_given_up_goes_back_to_the_article_it_was_in(tmp_path: Path) -> None:
    async with _opened(tmp_path, NARROW) as (app, pilot):
        await pilot.press("enter", "slash", *"syr", "escape")
        await pilot.pause()
        assert _shown(app) == [False, True] and app.screen.query_one(ArticleView).has_focus
        assert not app.screen.query_one(QueryInput).display


async def test_a_narrow_header_shortens_the_path_before_the_counts(tmp_path: Path) -> None:
    deep = tmp_path / "a-rather-long-folder-name" / "with-another-long-one" / "articles"
    library = _library(deep)
    app = make_app(library, tmp_path / "home")
    app.view.library = type(app.view.library)(app.view.library.root)  # the path, not a label
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = _status(app)
        assert "4 stories" in header and "4 unread" in header
        assert "…/" in header and header.index("articles") < header.index("4 stories")


# ---- the user's keys and theme --------------------------------------------------------------


def _config(home: Path, text: str) -> None:
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(text, encoding="utf-8")


async def test_keys_from_the_config_rebind_and_bad_ones_are_reported(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _config(home, '[keys]\ntoggle-star = "f2"\nno-such-key = "x"\nfold = "m"\n')
    app = make_app(_library(tmp_path / "lib"), home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        problems = [m for m in _messages(app) if m.startswith("keys:")]
        assert problems == [
            "keys: no key is called 'no-such-key' (see ? for the names)",
            "keys: 'm' is given to both fold and toggle-read",
        ]
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.query_one(ThreadList).rows[0].starred
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text").render())
        assert "f2" in help_text


async def test_the_theme_picked_is_remembered_and_an_unknown_one_falls_back_to_the_configs(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    _config(home, 'theme = "nord"\n')
    library = _library(tmp_path / "lib")
    app = make_app(library, home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        app.theme = "gruvbox"  # as ctrl+p's "Change theme" does
        await pilot.pause()
    again = make_app(library, home)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "gruvbox"
    wrong = make_app(library, home, theme="no-such-theme")
    async with wrong.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert wrong.theme == "nord"
        assert "unknown theme 'no-such-theme'; using nord" in _messages(wrong)


# ---- out of the reader -------------------------------------------------------------------


async def test_pager_editor_copy_and_export(tmp_path: Path) -> None:
    ran: list[tuple[list[str], str | None]] = []
    copied: list[str] = []
    library = _library(tmp_path / "lib")
    home = tmp_path / "home"
    app = make_app(
        library,
        home,
        runner=lambda command, text: ran.append((command, text)),
        clipboard=lambda text: copied.append(text) or True,
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _go_to(pilot, "Ferry fares to rise")
        await pilot.press("P", "e", "y", "Y", "E")
        await pilot.pause()
    (_, text), (editor, _) = ran
    assert text is not None and text.startswith("Ferry fares to rise\n")
    assert editor[-1] == str(library / "a.txt")
    assert copied == [str(library / "a.txt"), str(library / "a.txt")]  # no address: the path
    (saved,) = (home / "data" / "exports").iterdir()
    assert saved.name == "Ferry-fares-to-rise.md"
    assert saved.read_text("utf-8").startswith("# Ferry fares to rise")


def test_o_without_an_opener_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    reason = system_opener(INKL_SEED)
    assert reason is not None and "xdg-utils" in reason and "Y copies its path" in reason


# ---- small faults from the walk ----------------------------------------------------------------


async def test_R_says_what_it_found(tmp_path: Path) -> None:
    library = _library(tmp_path / "lib", seeds=False)
    app = make_app(library, tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert "Rescan: nothing new, changed or gone" in _messages(app)
        (library / "d.txt").write_text("A new story\n\n" + STORY.format("third", "Sunday"))
        (library / "a.txt").unlink()
        await pilot.press("R")
        await settle(pilot)
        assert "Rescan: 1 new, 1 gone" in _messages(app)


async def test_a_long_reason_wraps_in_the_article_pane(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    name = "a-file-whose-name-is-long-enough-to-need-a-second-line-" * 2 + ".txt"
    (library / name).write_bytes(b"\x00\x01\x02 binary" * 50)
    app = make_app(library, tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        text = " ".join(line.text.plain for line in view.lines)
        assert len(view.lines) > 1 and "binary data, not text" in text


async def test_opening_the_last_fold_scrolls_it_into_view(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    body = "\n\n".join(STORY.format(n, "Monday") for n in range(40))
    related = "\n".join(f"Another story number {n}" for n in range(12))
    (library / "long.txt").write_text(f"A long story\n\n{body}\n\nRelated Stories\n{related}\n")
    app = make_app(library, tmp_path / "home")
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        assert view.article is not None and view.article.folds
        await pilot.press("tab", "G")
        view.cursor_line = next(y for y, line in enumerate(view.lines) if line.fold is not None)
        await pilot.press("z")
        await pilot.pause()
        last = max(y for y, line in enumerate(view.lines) if line.fold is not None)
        height = view.scrollable_content_region.height
        assert view.scroll_y <= last < view.scroll_y + height


async def test_the_join_hint_fits_at_120_columns(tmp_path: Path) -> None:
    app = make_app(_library(tmp_path / "lib"), tmp_path / "home")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await _go_to(pilot, SEED_TITLE)
        await pilot.press("J")
        header = _status(app)
        assert "esc cancels" in header and len(header) <= 120


async def test_the_help_screen_names_star_and_scrolls_with_j_and_k(tmp_path: Path) -> None:
    app = make_app(_library(tmp_path / "lib"), tmp_path / "home")
    async with app.run_test(size=(100, 16)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        box = app.screen.query_one("#help-box")
        assert "asterisk" not in str(app.screen.query_one("#help-text").render())
        await pilot.press("j", "j", "j")
        assert box.scroll_y == 3
        await pilot.press("G")
        assert box.scroll_y == box.max_scroll_y > 3
        await pilot.press("g")
        assert box.scroll_y == 0


# ---- what the library finds in its pages ---------------------------------------------------


def _embedding_library(folder: Path) -> Path:
    from .newsroom import paragraphs

    folder.mkdir(parents=True)
    host, guest = paragraphs("the host story", 6), paragraphs("the museum story", 6)
    (folder / "museum.txt").write_text(
        "Museum reopens after the winter flood\n\n" + "\n\n".join(guest) + "\n", "utf-8"
    )
    # The page's own story, then the museum's whole text under a box heading
    # no fold rule knows.
    (folder / "host.txt").write_text(
        "Harbour ferry fares to rise in spring\n\n"
        + "\n\n".join(host)
        + "\n\nElsewhere in the paper\n\n"
        + "\n\n".join(guest)
        + "\n",
        "utf-8",
    )
    return folder


async def test_another_story_found_in_a_page_is_folded_and_greater_than_goes_to_it(
    tmp_path: Path,
) -> None:
    app = make_app(_embedding_library(tmp_path / "lib"), tmp_path / "home")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread_list = app.screen.query_one(ThreadList)
        assert [row.copies for row in thread_list.rows] == [1, 1]  # not one thread
        await _go_to(pilot, "Harbour ferry fares to rise in spring")
        view = app.screen.query_one(ArticleView)
        (fold,) = [f for f in view.article.folds if f.target]
        assert fold.label == "another story of the library: “Museum reopens after the winter flood”"
        await pilot.press("tab")
        view.cursor_line = next(y for y, line in enumerate(view.lines) if line.fold is not None)
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert thread_list.highlighted.title == "Museum reopens after the winter flood"
        assert view.article.path.name == "museum.txt"

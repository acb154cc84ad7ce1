"""Hostile and broken files: each gives a clean article or an error with a reason.

The cases come from `tests/hostile`; every displayed string of every article
they give is checked for terminal escapes and control characters.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import read_article
from reader.boilerplate import load_catalogue
from reader.cache import Cache
from reader.model import Article, ArticleError, FileStat
from reader.pipeline import index_file
from reader.pool import Limits, Pool
from reader.render import as_markdown, as_text, fold_line, meta_line
from reader.scan import scan, stat_walk
from reader.settings import Settings
from reader.store import State
from reader.tui.app import Library, ReaderApp
from reader.tui.opener import web_link
from reader.tui.thread_list import ThreadList
from tests.conftest import SEEDS, Browser, ident, make_app, settle
from tests.hostile import (
    ARTICLE_WORDS,
    CASES,
    HUGE_BYTES,
    Case,
    build_tree,
    html_page,
    html_paragraphs,
    remove_tree,
    write_cases,
)

# What must never reach the terminal: C0 but newline and tab, DEL, C1, bidi
# controls, zero-width and tag characters, lone surrogates.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
    "\U000e0000-\U000e007f\ud800-\udfff]"
)


def assert_clean(text: str) -> None:
    found = UNSAFE.search(text)
    assert found is None, f"unsafe {found.group()!r} in {text[max(found.start() - 20, 0) :][:60]!r}"


def displayed(article: Article) -> list[str]:
    """Every string of the article that the screen or the CLI shows."""
    strings = [article.title, meta_line(article), as_text(article, expand=True)]
    strings += [as_markdown(article, expand=True)]
    strings += [fold_line(fold) for fold in article.folds]
    strings += [v for v in (article.source, article.byline, article.section) if v]
    return strings


def check(case: Case, path: Path) -> None:
    try:
        article = read_article(path)
    except ArticleError as error:
        assert case.reason is not None, f"{case.name}: {error.reason}"
        assert case.reason in error.reason
        assert_clean(error.reason)
        return
    assert case.shows is not None, f"{case.name} gave an article, not an error"
    text = as_text(article)
    assert case.shows in text, f"{case.name}: {text[:300]!r}"
    for string in displayed(article):
        assert_clean(string)


SMALL = [case for case in CASES if not case.big]
BIG = [case for case in CASES if case.big]


@pytest.mark.parametrize("case", SMALL, ids=[case.name for case in SMALL])
def test_each_hostile_file_reads_as_a_clean_article_or_an_error(case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.make())
    check(case, path)


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    write_cases(folder)
    return folder


@pytest.mark.parametrize("case", BIG, ids=[case.name for case in BIG])
def test_each_huge_file_reads_as_a_clean_article_or_an_error(case: Case, big_files: Path) -> None:
    check(case, big_files / case.name)


def test_a_file_over_the_size_limit_is_an_error_without_being_read(big_files: Path) -> None:
    path = big_files / "huge.html"
    assert path.stat().st_size == HUGE_BYTES
    with pytest.raises(ArticleError, match="too large"):
        read_article(path)


def test_a_file_over_the_time_limit_is_an_error_row_and_the_rest_go_on(
    big_files: Path, tmp_path: Path
) -> None:
    slow = big_files / "long-line.html"
    quick = tmp_path / "quick.txt"
    quick.write_text("Quick one\n\nThe harbour bridge stays open to walkers for now.\n")
    stats = [FileStat(p, p.stat().st_size, 0, 0) for p in (slow, quick)]
    with Pool(limits=Limits(seconds=0.2, megabytes=1024), workers=1) as pool:
        results = {r.stat.path: r for r in pool.index(stats)}
    assert results[slow].failure == "took longer than 0.2 s"
    assert results[quick].info is not None


def test_a_file_over_the_memory_limit_is_an_error_row(big_files: Path) -> None:
    path = big_files / "long-line.html"
    stat = FileStat(path, path.stat().st_size, 0, 0)
    # (Reading this 20 MB line takes about 160 MB of address space.)
    with Pool(limits=Limits(seconds=60, megabytes=120), workers=1) as pool:
        (result,) = pool.index([stat])
    assert result.failure == "needed more than 120 MB of memory"


def test_index_file_never_raises_on_a_hostile_file(tmp_path: Path) -> None:
    catalogue = load_catalogue(None)
    for case in SMALL:
        path = tmp_path / case.name
        path.write_bytes(case.make())
        result = index_file(FileStat(path, 0, 0, 0), catalogue)
        assert (result.info is None) == (case.reason is not None), case.name


# ---- the filesystem ------------------------------------------------------------------


@pytest.fixture
def odd_tree(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "lib"
    build_tree(root, tmp_path / "outside")
    yield root
    remove_tree(root)


def test_every_odd_file_in_a_folder_is_named_with_a_reason(odd_tree: Path) -> None:
    root = odd_tree
    found = scan(root)
    reasons = {failure.path.name: failure.reason for failure in found.failures}
    assert reasons["fifo.html"] == "not a regular file but a FIFO"
    assert "leads nowhere" in reasons["loop-a.html"]
    assert "leads nowhere" in reasons["dangling.txt"]
    assert reasons["out.txt"] == "a symbolic link (links are not followed)"
    assert (
        reasons["out-folder"]
        == reasons["loop-folder"]
        == "a link to a folder (links are not followed)"
    )
    assert "not valid UTF-8" in reasons[os.fsdecode(b"bad-\xff\xfe.html")]
    names = {path.name for path in found.paths}
    assert {"plain.txt", "bottom.txt", "[@click=app.quit]click me[bold].txt"} <= names
    assert all(path.is_relative_to(root) for path in found.paths)
    assert len(found.paths) + len(found.failures) == 15


def test_a_file_deleted_during_a_scan_is_left_out(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"{name}\n\nText.\n")
    scanning = stat_walk(tmp_path)
    first = next(scanning)
    (tmp_path / "b.txt").unlink()
    rest = list(scanning)
    assert [item.path.name for item in (first, *rest)] == ["a.txt", "c.txt"]


def test_a_file_deleted_before_it_is_read_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    result = index_file(FileStat(path, 10, 0, 0), load_catalogue(None))
    assert result.failure == "No such file or directory"


def test_an_unreadable_file_is_an_error_with_its_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Locked\n\nText.\n")
    real_open = os.open

    def refuse(name: object, *args: object, **kwargs: object) -> int:
        if Path(str(name)) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

    # As root (CI containers) chmod 000 stops nothing, so the refusal is simulated.
    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ArticleError, match="Permission denied"):
        read_article(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_a_file_without_read_permission_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("Locked\n\nText.\n")
    path.chmod(0)
    with pytest.raises(ArticleError, match="Permission denied"):
        read_article(path)


def test_a_device_named_like_an_article_is_not_read(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")  # read through a link when asked for by name
    with pytest.raises(ArticleError, match="not a regular file"):
        read_article(link)


# ---- state and cache -----------------------------------------------------------------


@pytest.mark.parametrize("kind", [State, Cache], ids=["state", "cache"])
def test_a_locked_database_is_used_in_memory_and_left_alone(kind: type, tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    kind.open(path).close()
    before = sorted(p.name for p in tmp_path.iterdir())
    lock = sqlite3.connect(path, isolation_level=None)
    lock.execute("PRAGMA locking_mode = EXCLUSIVE")
    lock.execute("BEGIN EXCLUSIVE")
    try:
        opened = kind.open(path, busy_ms=100)
        assert opened.problem and "memory" in opened.problem and "locked" in opened.problem
        assert "\n" not in opened.problem
    finally:
        lock.rollback()
        lock.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # not moved aside


async def test_the_app_keeps_working_when_no_state_can_be_kept(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "story.txt").write_text(
        "A story\n\nThe harbour bridge stays open to walkers while engineers look at it.\n"
    )
    blocked = tmp_path / "home-is-a-file"
    blocked.write_text("")  # every directory under it is impossible
    settings = Settings.load(
        config_dir=blocked / "config", cache_dir=blocked / "cache", data_dir=blocked / "data"
    )
    app = ReaderApp(Library(library, label="lib"), settings=settings, opener=lambda path: None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        problems = [n.message for n in app._notifications]
        assert any("read state kept in memory only" in p for p in problems)
        assert any("cache kept in memory only" in p for p in problems)
        assert all("\n" not in p for p in problems)
        (row,) = app.screen.query_one(ThreadList).rows
        assert row.title == "A story"
        await pilot.press("m")
        await pilot.pause()
        assert app.state.read_marks() == {ident(library / "story.txt")}
    assert blocked.read_text() == ""


# ---- links, the network, the user's files ----------------------------------------------


@pytest.mark.parametrize(
    ("url", "opened"),
    [
        ("https://example.com/story?id=1", True),
        ("http://example.com/", True),
        ("HTTPS://example.com/", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,<script>1</script>", False),
        ("ftp://example.com/x", False),
        ("https://", False),
        ("https://example.com/\x1b]52;c;eA==\x07", False),
        ("https://example.com/a b", False),
        ("https://exa\u202emple.com/", False),
        ("https://example.com/$(reboot)`id`;rm", True),  # inert: no shell ever sees it
    ],
)
def test_only_http_and_https_links_are_handed_to_the_browser(url: str, opened: bool) -> None:
    assert (web_link(url) is not None) is opened


async def test_capital_o_opens_the_article_link_only_when_asked_and_only_http(
    tmp_path: Path,
) -> None:
    library = tmp_path / "lib"
    library.mkdir()
    (library / "a.txt").write_text(
        "Safe link\nURL: https://example.com/a\n\n"
        "The harbour bridge stays open to walkers while engineers look at the arch.\n"
    )
    (library / "b.html").write_text(
        html_page(
            "Bad link",
            "<p>A choir from the valley sang at the opening of the new library on Sunday.</p>",
            head='<meta property="og:url" content="javascript:alert(1)">',
        )
    )
    browser = Browser()
    app = make_app(library, tmp_path, browser=browser)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert browser.opened == []  # nothing is opened by itself
        titles = [row.title for row in app.screen.query_one(ThreadList).rows]
        await pilot.press(*["j"] * titles.index("Safe link"), "O")
        await pilot.pause()
        assert browser.opened == ["https://example.com/a"]
        await pilot.press("g", *["j"] * titles.index("Bad link"), "O")
        await pilot.pause()
        assert browser.opened == ["https://example.com/a"]
        assert "only http and https" in list(app._notifications)[-1].message


def _network_events() -> list[str]:
    events: list[str] = []
    watched = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request")

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event in watched and _listening:
            events.append(event)

    sys.addaudithook(hook)  # hooks cannot be removed: this one is switched off after
    return events


_listening = False


def test_reading_hostile_pages_fetches_nothing(tmp_path: Path) -> None:
    global _listening
    page = html_page(
        "Fetch nothing",
        '<img src="http://tracker.example/p.gif"><link rel="stylesheet" href="http://x.example/s.css">'
        '<script src="https://x.example/a.js"></script><iframe src="https://x.example/"></iframe>'
        '<video poster="http://x.example/v.jpg"></video><object data="http://x.example/o"></object>'
        '<p style="background:url(http://x.example/b.png)">'
        + ARTICLE_WORDS
        + "</p>"
        + html_paragraphs(4),
        head='<link rel="preload" href="https://x.example/font.woff2">'
        '<meta http-equiv="refresh" content="0;url=http://x.example/">',
    )
    (tmp_path / "fetch.html").write_text(page)
    write_cases(tmp_path, big=False)
    events = _network_events()
    _listening = True
    try:
        for path in sorted(tmp_path.iterdir()):
            with contextlib.suppress(ArticleError):
                read_article(path)
    finally:
        _listening = False
    assert events == []


def _fingerprint_of_folder(root: Path) -> dict[str, tuple[str, int, int]]:
    """Each file's content hash, mtime and mode: what any write would change."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            info = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(root))] = (digest, info.st_mtime_ns, info.st_mode)
    return found


async def test_a_whole_session_leaves_every_file_of_the_library_as_it_was(
    tmp_path: Path,
) -> None:
    library = tmp_path / "lib"
    # The containers are left to test_containers_are_only_read (no screen:
    # a row each would double this test's time).
    write_cases(library / "hostile", big=False, containers=False)
    shutil.copytree(SEEDS, library / "seeds")
    before = _fingerprint_of_folder(library)
    app = make_app(library, tmp_path / "home")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        rows = app.screen.query_one(ThreadList).rows
        assert len(rows) >= 8  # a few stories, their copies, and error rows
        for _ in rows:
            await pilot.press("enter", "Z", "Z", "m", "m", "]", "tab", "j")
            await pilot.press("tab")
            await pilot.pause()
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("q")
    assert _fingerprint_of_folder(library) == before
    assert sorted(p.name for p in library.iterdir()) == ["hostile", "seeds"]


def test_escapes_in_the_users_own_rules_never_reach_a_fold_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[rule]]\nid = "mine"\nkind = "promo"\n'
        'label = "promo \\u001b]52;c;eA==\\u0007[@click=app.quit]x"\n'
        'aggregator = "Agg\\u009b2J"\nlines = ["Buy our mugs today"]\n',
        encoding="utf-8",
    )
    catalogue = load_catalogue(rules)
    story = tmp_path / "story.txt"
    story.write_text(f"A story\n\n{ARTICLE_WORDS}\n\nBuy our mugs today\n", encoding="utf-8")
    article = read_article(story, catalogue)
    (fold,) = article.folds
    assert fold_line(fold) == "▸ promo [@click=app.quit]x · 1 line · Agg"


def test_reading_every_hostile_container_leaves_it_as_it_was(tmp_path: Path) -> None:
    written = write_cases(tmp_path / "lib", big=False)
    before = _fingerprint_of_folder(tmp_path)
    catalogue = load_catalogue(None)
    for name in written:
        path = tmp_path / "lib" / name
        index_file(FileStat(path, path.stat().st_size, 0, 0), catalogue)
    assert _fingerprint_of_folder(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lib"]  # nothing extracted

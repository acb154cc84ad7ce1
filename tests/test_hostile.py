"""Hostile and broken files: each gives a clean article or an error with a reason.

The cases come from `tests/hostile`; every displayed string of every article
they give is checked for terminal escapes and control characters.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reader import read_article
from reader.boilerplate import load_catalogue
from reader.library import index_file
from reader.model import Article, ArticleError, FileStat
from reader.pool import Limits, Pool
from reader.render import as_markdown, as_text, fold_line, meta_line
from tests.hostile import CASES, HUGE_BYTES, Case, write_cases

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
    with Pool(limits=Limits(seconds=60, megabytes=400), workers=1) as pool:
        (result,) = pool.index([stat])
    assert result.failure == "needed more than 400 MB of memory"


def test_index_file_never_raises_on_a_hostile_file(tmp_path: Path) -> None:
    catalogue = load_catalogue(None)
    for case in SMALL:
        path = tmp_path / case.name
        path.write_bytes(case.make())
        result = index_file(FileStat(path, 0, 0, 0), catalogue)
        assert (result.info is None) == (case.reason is not None), case.name

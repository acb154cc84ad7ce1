"""Comparing two copies: paragraphs only one has, quote style and spacing aside."""

from __future__ import annotations

from pathlib import Path

from reader import read_article
from reader.boilerplate import load_catalogue
from reader.compare import compare
from reader.model import Article, Block, BlockKind, PageKind

from .conftest import DAILY8_SEED, INKL_SEED

CATALOGUE = load_catalogue(None)


def _article(*texts: str) -> Article:
    blocks = tuple(Block(BlockKind.PARAGRAPH, t) for t in texts)
    return Article(path=Path("x.txt"), kind=PageKind.TEXT, title="x", blocks=blocks)


def test_the_seeds_differ_only_by_inkls_caption() -> None:
    inkl, daily8 = read_article(INKL_SEED, CATALOGUE), read_article(DAILY8_SEED, CATALOGUE)
    result = compare(inkl, daily8)
    assert [b.kind for b in result.only_first] == [BlockKind.CAPTION]
    assert result.only_second == ()


def test_quotes_dashes_and_spacing_do_not_count() -> None:
    a = _article("He said “the fares – all of them – will rise”.")
    b = _article("he said  'the fares - all of them - will rise'")
    assert compare(a, b).same


def test_a_paragraph_added_in_an_update_is_found() -> None:
    a = _article("First paragraph of the story.", "Second paragraph of the story.")
    b = _article(
        "First paragraph of the story.",
        "An update: the minister resigned.",
        "Second paragraph of the story.",
    )
    result = compare(a, b)
    assert result.only_first == ()
    assert [x.text for x in result.only_second] == ["An update: the minister resigned."]


def test_paragraphs_run_together_or_cut_short_still_match() -> None:
    full = _article("One two three four. Five six seven eight.")
    teaser = _article("One two three four.", "Five six")
    assert compare(teaser, full).only_first == ()


def test_folded_blocks_are_left_out() -> None:
    inkl = read_article(INKL_SEED, CATALOGUE)
    texts = {b.text for b in compare(inkl, _article("nothing alike")).only_first}
    assert "Sign up to read this article" not in texts

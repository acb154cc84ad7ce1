"""The shared wording of meta lines and fold lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reader.model import Article, Fold, PageKind
from reader.render import fold_line, meta_line


def _article(**fields: object) -> Article:
    return Article(path=Path("a.txt"), kind=PageKind.TEXT, title="T", blocks=(), **fields)  # type: ignore[arg-type]


def test_meta_line_leaves_out_what_is_unknown() -> None:
    assert meta_line(_article()) == ""
    assert meta_line(_article(aggregator="Daily8"), 2, 3) == "copy 2 of 3 · via Daily8"


def test_meta_line_has_the_storys_facts_then_this_copys() -> None:
    article = _article(
        source="Al Jazeera",
        section="World",
        aggregator="inkl",
        published=dt.date(2025, 3, 4),
        byline="A. Writer",
    )
    assert meta_line(article, 1, 2) == (
        "Al Jazeera · World · 4 Mar 2025 · by A. Writer · copy 1 of 2 · via inkl"
    )

    assert "copy" not in meta_line(article, 1, 1)


def test_meta_line_says_by_once_however_the_page_wrote_it() -> None:
    for byline in ("By Ruth Fenwick", "Story by Ruth Fenwick", "by: Ruth Fenwick", "Ruth Fenwick"):
        assert meta_line(_article(byline=byline)) == "by Ruth Fenwick"


def test_fold_line_says_kind_size_and_aggregator() -> None:
    assert fold_line(Fold("paywall", "paywall prompt", 3, 6, "r", "inkl")) == (
        "▸ paywall prompt · 3 lines · inkl"
    )
    assert fold_line(Fold("promo", "inkl sign-up banner", 0, 1, "r"), opened=True) == (
        "▾ inkl sign-up banner · 1 line"
    )

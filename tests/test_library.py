"""The library: which files are found, and threading with what the library repeats."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from reader import read_article
from reader.boilerplate import load_catalogue
from reader.library import refold, thread_library
from reader.model import Article, Failure
from reader.pipeline import info_of, read_all
from reader.scan import scan
from reader.threads import fingerprint

CATALOGUE = load_catalogue(None)
NOTICE = (
    "This story was produced by the Coastal Reporting Collaborative, an independent "
    "newsroom, and is republished here under a Creative Commons licence."
)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_scan_finds_article_files_in_subfolders_in_a_stable_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.html", "notes.md", "photo.jpg", ".hidden.txt", "sub/c.txt"):
        _write(tmp_path / name, "x")
    assert [p.relative_to(tmp_path).as_posix() for p in scan(tmp_path).paths] == [
        "a.html",
        "b.txt",
        "notes.md",
        "sub/c.txt",
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_scan_never_follows_symbolic_links(tmp_path: Path) -> None:
    outside = _write(tmp_path / "outside" / "secret.txt", "x")
    library = tmp_path / "library"
    _write(library / "a.txt", "x")
    (library / "loop").symlink_to(library)
    (library / "out").symlink_to(outside.parent)
    (library / "link.txt").symlink_to(outside)
    assert [p.name for p in scan(library).paths] == ["a.txt"]


def test_an_unreadable_file_is_a_failure_with_a_reason(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.txt", "A title\n\nSome text of the story, long enough.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(bytes(range(256)) * 10)
    results = list(read_all([good, bad], CATALOGUE))
    assert isinstance(results[0], Article)
    assert isinstance(results[1], Failure) and "binary" in results[1].reason


STORIES = (
    "The harbour master said on Monday that the boats would sail again once the storm "
    "had passed and the pier was repaired.",
    "Ferry fares across the bay will rise by a tenth in April, blaming fuel and repairs "
    "to the older boats, the port authority said.",
    "The maritime museum reopened on Saturday, eighteen months after a winter flood "
    "filled its lower gallery with seawater and mud.",
    "Two keepers moved into the restored lighthouse cottages at Skerry Point, the first "
    "to live there for forty years, the trust said.",
)


def test_threading_the_library_folds_what_closes_many_stories(tmp_path: Path) -> None:
    paths = [
        _write(tmp_path / f"{n}.txt", f"Story {n} of the coast\n\n{text}\n\n{NOTICE}\n")
        for n, text in enumerate(STORIES)
    ]

    articles = [read_article(p, CATALOGUE) for p in paths]
    assert all(NOTICE in a.body_text() for a in articles)
    infos = [info_of(a) for a in articles]
    threads, found = thread_library(infos, [fingerprint(a) for a in articles])
    common = found.common
    assert len(threads) == 4 and common
    for article in articles:
        shown = refold(article, CATALOGUE, common)
        assert NOTICE not in shown.body_text()
        assert shown.folds[-1].kind == "repeated"


def test_as_shown_folds_the_librarys_stories_and_notes_lost_and_newer_copies() -> None:
    from reader.library import Found, as_shown
    from reader.model import Block, BlockKind, Fold, PageKind
    from reader.threads import Embed

    blocks = tuple(Block(BlockKind.PARAGRAPH, f"Paragraph {n} of it.") for n in range(6))
    article = Article(Path("/lib/host.txt"), PageKind.TEXT, "Host", blocks)
    found = Found(
        embeds={"/lib/host.txt": (Embed(3, 6, "/lib/guest.txt", "Guest story"),)},
        lost=frozenset({"/lib/host.txt"}),
        newer={"/lib/host.txt": "/lib/old.txt"},
    )
    shown = as_shown(article, CATALOGUE, found)
    (fold,) = shown.folds
    assert (fold.start, fold.end, fold.target) == (3, 6, "/lib/guest.txt")
    assert fold.label == "another story of the library: “Guest story”"
    assert any("own story seems lost" in note for note in shown.notes)
    assert any("newer version of the copy in old.txt" in note for note in shown.notes)
    # A rule's related-stories fold over the same blocks is the one that leads there.
    folded = replace(article, folds=(Fold("related", "related stories", 3, 6, "rule"),))
    (fold,) = as_shown(folded, CATALOGUE, found).folds
    assert (fold.rule, fold.target) == ("rule", "/lib/guest.txt")
    # Nothing found: the article as it was.
    assert as_shown(article, CATALOGUE, Found()) is article

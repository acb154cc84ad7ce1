"""A folder of what people keep (tests/keep): every format listed, read, titled,
dated, its address kept, its body found; no asset or link list taken for an
article; copies of one story in different formats in one thread."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.boilerplate import load_catalogue
from reader.library import group_threads
from reader.model import Article, PageKind
from reader.normalize import normalize
from reader.pipeline import articles_of
from reader.scan import scan
from tests.keep import Entry, Truth, build

CATALOGUE = load_catalogue(None)


@pytest.fixture(scope="module")
def keep(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    root = tmp_path_factory.mktemp("keep")
    return root, build(root)


@pytest.fixture(scope="module")
def read(keep: tuple[Path, Truth]) -> dict[str, list[Article]]:
    root, truth = keep
    return {
        name: articles_of(root / name, CATALOGUE)[0]
        for name, entry in truth.items()
        if entry.role != "hidden"
    }


def _squash(text: str) -> str:
    return " ".join(normalize(text).split())


def _articles(truth: Truth) -> list[tuple[str, Entry]]:
    return [(name, entry) for name, entry in truth.items() if entry.role == "article"]


def test_the_walk_lists_every_article_file_and_nothing_else(keep: tuple[Path, Truth]) -> None:
    root, truth = keep
    listed = {path.relative_to(root).as_posix() for path in scan(root).paths}
    assert listed == {name for name, entry in truth.items() if entry.role != "hidden"}


def test_every_format_gives_its_articles_titled_with_their_whole_body(
    keep: tuple[Path, Truth], read: dict[str, list[Article]]
) -> None:
    _, truth = keep
    for name, entry in _articles(truth):
        articles = read[name]
        assert [a.title for a in articles] == [e.shown_title for e in entry.articles], name
        for expected, article in zip(entry.articles, articles, strict=True):
            body = _squash(article.body_text())
            missing = [s for s in expected.story.sentences if _squash(s) not in body]
            assert not missing, f"{name}: {missing[:2]}"


def test_every_format_that_knows_the_address_and_date_keeps_them(
    keep: tuple[Path, Truth], read: dict[str, list[Article]]
) -> None:
    _, truth = keep
    # Wallabag's TXT and Markdown, its 2019 EPUB and a gzipped text note say neither.
    silent = {"exports/wallabag.txt", "exports/wallabag.md", "exports/wallabag-2019.epub",
              "browser/notes.txt.gz"}  # fmt: skip
    for name, entry in _articles(truth):
        if name in silent:
            continue
        for expected, article in zip(entry.articles, read[name], strict=True):
            assert article.url == expected.address, name
            assert article.published is not None, name


def test_a_file_that_holds_many_keys_each_article_by_its_place(
    keep: tuple[Path, Truth], read: dict[str, list[Article]]
) -> None:
    root, truth = keep
    for name, entry in _articles(truth):
        for n, article in enumerate(read[name], 1):
            if entry.container:
                assert article.key == f"{root / name}#{n}"
                assert article.place is not None and article.place.endswith(
                    f" {n} of {len(entry.articles)}"
                )
            else:
                assert article.key == str(root / name) and article.place is None


def test_link_lists_are_one_entry_that_lists_the_links(
    keep: tuple[Path, Truth], read: dict[str, list[Article]]
) -> None:
    _, truth = keep
    for name, entry in truth.items():
        if entry.role == "links":
            (article,) = read[name]
            assert article.kind is PageKind.LINKS
            assert "saved link" in article.title
            assert all("https://" in block.text for block in article.body)


def test_front_matter_is_metadata_never_body(read: dict[str, list[Article]]) -> None:
    for name in ("clippings/obsidian.md", "clippings/markdownload.md"):
        (article,) = read[name]
        text = article.body_text()
        assert "source:" not in text and "---" not in text and "created:" not in text
    (obsidian,) = read["clippings/obsidian.md"]
    assert obsidian.byline == "Amara Osei"  # from [[Amara Osei]]


def test_clipper_and_newsletter_furniture_is_folded(read: dict[str, list[Article]]) -> None:
    (markdownload,) = read["clippings/markdownload.md"]
    assert "Excerpt" not in markdownload.body_text()
    (omnivore,) = read["clippings/omnivore-obsidian.md"]
    assert "Read on Omnivore" not in omnivore.body_text()
    text_mail = read["mail/letters.mbox"][1]
    body = text_mail.body_text()
    for furniture in ("Restack", "Forwarded this email", "Unsubscribe", "Market St", "View in"):
        assert furniture not in body
    folded = " ".join(b.text for f in text_mail.folds for b in text_mail.blocks[f.start : f.end])
    assert "Unsubscribe" in folded  # folded, not deleted


def test_copies_of_one_story_in_different_formats_thread_together(
    keep: tuple[Path, Truth], read: dict[str, list[Article]]
) -> None:
    _, truth = keep
    articles = [a for name, entry in _articles(truth) for a in read[name]]
    story_of = {
        article.key: expected.story.number
        for name, entry in _articles(truth)
        for expected, article in zip(entry.articles, read[name], strict=True)
    }
    for thread in group_threads(articles):
        assert len({story_of[key] for key in thread.keys}) == 1, thread.keys
    stories = {n for n in story_of.values()}
    assert len(group_threads(articles)) == len(stories)


def test_reader_check_reads_every_article_and_lists_no_link_list_as_one(
    keep: tuple[Path, Truth], tmp_path: Path
) -> None:
    root, truth = keep
    result = subprocess.run(
        [sys.executable, "-m", "reader", "check", str(root), "--workers", "1"],
        capture_output=True,
        text=True,
        env={
            "XDG_CONFIG_HOME": str(tmp_path),
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        },
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    articles = sum(len(e.articles) for e in truth.values() if e.role == "article")
    links = sum(1 for e in truth.values() if e.role == "links")
    assert sum(1 for line in lines if line.startswith("ok ")) == articles
    assert sum(1 for line in lines if line.startswith("links ")) == links
    assert f"{articles} articles, {links} lists of links" in lines[-1]
    assert "mail/letters.mbox#3" in result.stdout

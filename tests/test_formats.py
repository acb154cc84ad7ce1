"""Loading files: which files are articles, and every way a read can fail."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.formats import load
from reader.model import ArticleError, PageKind

from .conftest import FIXTURES, INKL_SEED


def test_suffixes_decide_the_kind_of_page() -> None:
    assert load(INKL_SEED).kind is PageKind.TEXT
    assert load(FIXTURES / "html" / "article.html").kind is PageKind.HTML
    assert load(FIXTURES / "text" / "notes.md").kind is PageKind.MARKDOWN


def test_a_page_keeps_its_size_and_encoding() -> None:
    page = load(FIXTURES / "html" / "cp1252.html")
    assert page.encoding == "cp1252"
    assert page.size == (FIXTURES / "html" / "cp1252.html").stat().st_size
    assert "Café" in page.text


def test_an_unknown_suffix_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8")
    with pytest.raises(ArticleError, match="not an article file"):
        load(path)


def test_a_missing_file_is_an_error_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="No such file"):
        load(tmp_path / "gone.txt")


def test_a_directory_named_like_an_article_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "folder.html").mkdir()
    with pytest.raises(ArticleError):
        load(tmp_path / "folder.html")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_like_an_article_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ArticleError, match="not a regular file"):
        load(fifo)


def test_files_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(ArticleError, match="too large"):
        load(path, max_bytes=100)


def test_binary_data_with_an_article_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ArticleError, match="binary"):
        load(path)


def test_a_file_is_only_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nBody text.")
    path.chmod(0o444)
    before = path.stat()
    load(path)
    after = path.stat()
    assert (before.st_mtime_ns, before.st_size) == (after.st_mtime_ns, after.st_size)

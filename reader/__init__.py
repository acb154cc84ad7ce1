"""reader: a terminal reader for saved news articles.

The public API, used by the command line and the app alike:

    article = read_article(path)       # one file -> Article (or ArticleError)
    threads = group_threads(articles)  # copies of one story -> one Thread
    text = body_text(article)          # the article without its folds
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from reader.boilerplate import Catalogue, fold, load_catalogue
from reader.extract import extract as extract_article
from reader.formats import load
from reader.model import (
    Article,
    ArticleError,
    ArticleInfo,
    Block,
    BlockKind,
    Failure,
    Fold,
    Page,
    PageKind,
    Thread,
)
from reader.settings import Settings
from reader.threads import Choices, fingerprint, group

__all__ = [
    "Article",
    "ArticleError",
    "ArticleInfo",
    "Block",
    "BlockKind",
    "Catalogue",
    "Choices",
    "Failure",
    "Fold",
    "Page",
    "PageKind",
    "Thread",
    "body_text",
    "default_catalogue",
    "group_threads",
    "read_article",
]
__version__ = "0.1.0"


@cache
def default_catalogue() -> Catalogue:
    """The built-in fold rules merged with the user's `rules.toml`."""
    return load_catalogue(Settings.load().rules_file)


def read_article(path: Path | str, catalogue: Catalogue | None = None) -> Article:
    """Read, clean and fold one article file. Raises ArticleError with a reason."""
    path = Path(path)
    catalogue = catalogue or default_catalogue()
    page = load(path)
    try:
        article = extract_article(page, catalogue.is_boilerplate)
    except RecursionError:
        raise ArticleError(path, "markup nested too deeply to read") from None
    if not article.blocks:
        raise ArticleError(path, "no text found in it")
    return fold(article, catalogue)


def group_threads(articles: Sequence[Article], choices: Choices | None = None) -> list[Thread]:
    """Group copies of the same story; each thread is led by its fullest copy.
    A thread lists its copies as `ArticleInfo`s. `choices` are the user's own
    splits and merges, which win."""
    from reader.library import info_of

    prints = [fingerprint(a) for a in articles]
    return group([info_of(a) for a in articles], prints, choices or Choices())


def body_text(article: Article) -> str:
    """The article's text without its folds, one block a paragraph."""
    return article.body_text()

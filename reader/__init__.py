"""reader: a terminal reader for saved news articles.

The public API, used by the command line and the app alike:

    article = read_article(path)       # one file -> Article (or ArticleError)
    threads = group_threads(articles)  # copies of one story -> one Thread
    text = body_text(article)          # the article without its folds

The names are loaded when first used, so that importing one part of the
package (the state, the cache) does not load the HTML parsers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "reader.model",
    "ArticleError": "reader.model",
    "ArticleInfo": "reader.model",
    "Block": "reader.model",
    "BlockKind": "reader.model",
    "Failure": "reader.model",
    "Fold": "reader.model",
    "Page": "reader.model",
    "PageKind": "reader.model",
    "Thread": "reader.model",
    "Catalogue": "reader.boilerplate",
    "Choices": "reader.threads",
    "body_text": "reader.pipeline",
    "default_catalogue": "reader.pipeline",
    "read_article": "reader.pipeline",
    "group_threads": "reader.library",
}

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

if TYPE_CHECKING:
    from reader.boilerplate import Catalogue
    from reader.library import group_threads
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
    from reader.pipeline import body_text, default_catalogue, read_article
    from reader.threads import Choices


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'reader' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return [*globals(), *_EXPORTS]

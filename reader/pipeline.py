"""One file through the stages: load, extract, fold; then what the library keeps of it.

`read_article` is the whole pipeline for one file (what `reader show`
prints); `index_file` is the same, turned into what the cache keeps (the
article encoded, its info, its fingerprint, its text for search), with any
failure as a result rather than an exception: it runs in a worker process,
where a bug must cost one file, not the library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path

from reader.boilerplate import Catalogue, edge_keys, fold, load_catalogue, unpack_keys
from reader.codec import encode_article
from reader.extract import extract
from reader.formats import load
from reader.model import (
    Article,
    ArticleError,
    ArticleInfo,
    Failure,
    FileStat,
    Indexed,
    IndexedArticle,
)
from reader.normalize import word_count
from reader.settings import Settings
from reader.threads import fingerprint


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
        article = extract(page, catalogue.is_boilerplate)
    except RecursionError:
        raise ArticleError(path, "markup nested too deeply to read") from None
    if not article.blocks:
        raise ArticleError(path, "no text found in it")
    return fold(article, catalogue)


def body_text(article: Article) -> str:
    """The article's text without its folds, one block a paragraph."""
    return article.body_text()


def read_all(
    paths: Iterable[Path],
    catalogue: Catalogue,
    *,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[Article | Failure]:
    """Read each path in turn: an Article, or a Failure that says why not."""
    for path in paths:
        if cancelled():
            return
        try:
            yield read_article(path, catalogue)
        except ArticleError as error:
            yield error.failure()
        except Exception as error:  # a bug must cost one file, not the whole library
            yield Failure(path, f"could not be read: {type(error).__name__}: {error}")


def info_of(article: Article) -> ArticleInfo:
    """What the list and the threads keep of an article."""
    return ArticleInfo(
        key=str(article.path),
        title=article.title,
        source=article.source,
        aggregator=article.aggregator,
        section=article.section,
        byline=article.byline,
        day=article.published.toordinal() if article.published else 0,
        words=sum(word_count(block.text) for block in article.body),
        folds=len(article.folds),
        edges=edge_keys(article),
        ident=article.ident,
    )


def refold(article: Article, catalogue: Catalogue, common: frozenset[int]) -> Article:
    """The article with the library's repeated text (`common`) folded too."""
    if common and any(key in common for key in unpack_keys(edge_keys(article))):
        return fold(article, catalogue, common)
    return article


def index_file(stat: FileStat, catalogue: Catalogue, megabytes: int | None = None) -> Indexed:
    """Read one file into what the cache keeps of it; a failure is a result too.
    (Runs in a worker process, under the pool's limits.)"""
    try:
        article = read_article(stat.path, catalogue)
        indexed = IndexedArticle(
            info_of(article),
            encode_article(article),
            fingerprint(article).to_bytes(),
            article.body_text(),
        )
        return Indexed(stat, (indexed,))
    except ArticleError as error:
        return Indexed(stat, failure=error.reason)
    except MemoryError:
        return Indexed(stat, failure=too_big(megabytes))
    except Exception as error:  # a bug must cost one file, not the whole library
        if megabytes and _near_memory_limit(megabytes):
            # libxml2 reports running out of memory as a syntax error.
            return Indexed(stat, failure=too_big(megabytes))
        return Indexed(stat, failure=f"could not be read: {type(error).__name__}: {error}")


def too_big(megabytes: int | None) -> str:
    return f"needed more than {megabytes} MB of memory" if megabytes else "needed too much memory"


def _near_memory_limit(megabytes: int) -> bool:
    """Whether this process came close to its address-space limit (Linux only)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) >= 0.9 * megabytes * 1024
    except (OSError, ValueError):
        pass
    return False

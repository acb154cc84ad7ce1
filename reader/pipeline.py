"""One file through the stages: load, extract, fold; then what the library keeps of it.

A file holds one article or, for a mailbox, an archive or an export, many:
`read_articles` reads them all, `read_article` one (the file's, or its n-th
for the key `FILE#n`: what `reader show` prints); `index_file` is the same,
turned into what the cache keeps of each article (the article encoded, its
info, its fingerprint, its text for search), with any failure as a result
rather than an exception: it runs in a worker process, where a bug must cost
one file, not the library.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

from reader.boilerplate import Catalogue, edge_keys, fold, load_catalogue
from reader.codec import encode_article
from reader.extract import extract
from reader.formats import MAX_BYTES, Unreadable, load_pages
from reader.formats.common import text_page
from reader.model import (
    Article,
    ArticleError,
    ArticleInfo,
    Failure,
    FileStat,
    Indexed,
    IndexedArticle,
    Page,
    PageKind,
)
from reader.normalize import word_count
from reader.settings import Settings
from reader.threads import fingerprint


@cache
def default_catalogue() -> Catalogue:
    """The built-in fold rules merged with the user's `rules.toml`."""
    return load_catalogue(Settings.load().rules_file)


def split_key(key: Path | str) -> tuple[Path, int]:
    """The file and the place in it an article key names: `FILE#3` is the
    third article of FILE (unless a file of that very name exists); any other
    key is a file (0)."""
    text = str(key)
    head, mark, number = text.rpartition("#")
    if mark and number.isdigit() and int(number) > 0 and not os.path.lexists(text):
        return Path(head), int(number)
    return Path(text), 0


def _article(page: Page, catalogue: Catalogue) -> Article:
    try:
        article = extract(page, catalogue.is_boilerplate)
    except RecursionError:
        raise ArticleError(page.path, "markup nested too deeply to read") from None
    if not article.blocks:
        raise ArticleError(page.path, "no text found in it")
    if page.member:
        article = replace(article, member=page.member)
    return fold(article, catalogue)


def articles_of(
    path: Path,
    catalogue: Catalogue,
    *,
    member: int = 0,
    tick: Callable[[], object] = lambda: None,
) -> tuple[list[Article], list[str]]:
    """The articles of a file (only its `member`-th, if given), and what could
    not be read of its members, one line each. `tick` is called after each
    article (the pool gives each its own time). Raises ArticleError if the
    file gives no article."""
    articles: list[Article] = []
    problems: list[str] = []
    units: dict[int, str] = {}
    last = 0
    for page in load_pages(path):
        if isinstance(page, Unreadable):
            problems.append(page.reason)
            last = max(last, page.member)
            continue
        last = max(last, page.member)
        if not page.member:  # the file is the article
            articles.append(_article(page, catalogue))
            break
        if member and page.member != member:
            continue
        units[page.member] = page.unit or "article"
        try:
            articles.append(_article(page, catalogue))
        except ArticleError as error:
            problems.append(f"{units[page.member]} {page.member}: {error.reason}")
        tick()
    if not articles:
        if member:
            reason = next((p for p in problems if p.split(":")[0].endswith(f" {member}")), None)
            raise ArticleError(path, reason or f"it holds no article {member} (it holds {last})")
        if problems:
            raise ArticleError(path, problems[0] if len(problems) == 1 else _summary(problems))
        raise ArticleError(path, "no article found in it")
    placed = [
        replace(a, place=f"{units[a.member]} {a.member} of {last:,}") if a.member else a
        for a in articles
    ]
    return placed, problems


def _summary(problems: list[str]) -> str:
    return f"none of its {len(problems):,} articles could be read ({problems[0]})"


def read_articles(path: Path | str, catalogue: Catalogue | None = None) -> list[Article]:
    """Every article of a file, read, cleaned and folded. Raises ArticleError
    with a reason if it gives none."""
    return articles_of(Path(path), catalogue or default_catalogue())[0]


def read_article(path: Path | str, catalogue: Catalogue | None = None) -> Article:
    """Read, clean and fold one article: a file's, or, for a key `FILE#n`, the
    n-th of a file that holds many (a file that holds many, given alone, gives
    its first). Raises ArticleError with a reason."""
    file, member = split_key(path)
    articles, _ = articles_of(file, catalogue or default_catalogue(), member=member)
    return articles[0]


def read_data(data: bytes, catalogue: Catalogue | None = None, name: str = "-") -> Article:
    """One article from bytes that come from no file (standard input): HTML if
    they start as markup does, else Markdown or plain text. Raises ArticleError."""
    if len(data) > MAX_BYTES:
        raise ArticleError(Path(name), f"too large (limit {MAX_BYTES // 2**20} MB)")
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype", b"<html", b"<?xml")) or (
        head.startswith(b"<") and any(tag in head for tag in (b"<body", b"<p", b"<div", b"<h1"))
    ):
        kind = PageKind.HTML
    elif head.startswith((b"---\n", b"# ")):
        kind = PageKind.MARKDOWN
    else:
        kind = PageKind.TEXT
    return _article(text_page(Path(name), kind, data), catalogue or default_catalogue())


def body_text(article: Article) -> str:
    """The article's text without its folds, one block a paragraph."""
    return article.body_text()


def read_all(
    paths: Iterable[Path],
    catalogue: Catalogue,
    *,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[Article | Failure]:
    """Read each path in turn: its Articles, or a Failure that says why not."""
    for path in paths:
        if cancelled():
            return
        try:
            yield from read_articles(path, catalogue)
        except ArticleError as error:
            yield error.failure()
        except Exception as error:  # a bug must cost one file, not the whole library
            yield Failure(path, f"could not be read: {type(error).__name__}: {error}")


def info_of(article: Article) -> ArticleInfo:
    """What the list and the threads keep of an article."""
    return ArticleInfo(
        key=article.key,
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


def index_file(
    stat: FileStat,
    catalogue: Catalogue,
    megabytes: int | None = None,
    tick: Callable[[], object] = lambda: None,
) -> Indexed:
    """Read one file into what the cache keeps of each of its articles; a
    failure is a result too. (Runs in a worker process, under the pool's
    limits; `tick` after each article of a file that holds many.)"""
    try:
        articles, problems = articles_of(stat.path, catalogue, tick=tick)
        indexed = tuple(
            IndexedArticle(
                info_of(article),
                encode_article(article),
                fingerprint(article).to_bytes(),
                article.body_text(),
            )
            for article in articles
        )
        return Indexed(stat, indexed, problems=tuple(problems))
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

"""In-process entry points for ../shared/tools' scorers, on the product's own path.

    python ../shared/tools/extraction_score.py run --corpus readability-test-pages \
        --func benchmarks/scoring.py:body_text --extractor readability,trafilatura

`body_text(html, path)` is what `reader show --body-only` prints, without the
process start-up: the file at `path` read as the reader reads it (its bytes
decoded and repaired, extracted, folded). Only where there is no such file is
the scorer's `html` string used instead.
"""

from __future__ import annotations

from pathlib import Path

from reader.boilerplate import fold
from reader.extract import extract
from reader.model import ArticleError, Page, PageKind
from reader.pipeline import default_catalogue, read_article


def body_text(html: str, path: str = "") -> str:
    catalogue = default_catalogue()
    try:
        if path and Path(path).is_file():
            return read_article(Path(path), catalogue).body_text()
        page = Page(Path(path or "page.html"), PageKind.HTML, html, "utf-8", len(html))
        return fold(extract(page, catalogue.is_boilerplate), catalogue).body_text()
    except ArticleError:
        return ""  # what `reader show --body-only` prints for it: nothing

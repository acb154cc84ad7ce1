"""In-process entry points for ../shared/tools' scorers.

    python ../shared/tools/extraction_score.py run --corpus readability-test-pages \
        --func benchmarks/scoring.py:body_text --extractor readability,trafilatura

`body_text(html, path)` is what `reader show --body-only` prints, without the
process start-up: the whole pipeline (extract, fold) from an HTML string.
"""

from __future__ import annotations

from pathlib import Path

from reader import default_catalogue
from reader.boilerplate import fold
from reader.extract import extract
from reader.model import Page, PageKind


def body_text(html: str, path: str = "") -> str:
    catalogue = default_catalogue()
    page = Page(Path(path or "page.html"), PageKind.HTML, html, "utf-8", len(html))
    return fold(extract(page, catalogue.is_boilerplate), catalogue).body_text()

"""What reader's whole pipeline costs beside raw readability-lxml, page by page.

    python benchmarks/pipeline_speed.py [CORPUS_DIR] [--passes 3]

For every page of a corpus (folders with source.html, by default the
readability test pages) both are run back to back, in turns, so that a
machine that slows down slows both: raw `readability.Document(html)
.summary()` and reader's pipeline from the same decoded text (metadata,
readability, the block walk, header reading, folding). Printed for each:
pages per CPU-second, and p50/p95 CPU milliseconds per page (the median over
--passes of each page's time), and the pipeline's cost relative to raw.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import statistics
import time
from pathlib import Path

from readability import Document

from reader import default_catalogue
from reader.boilerplate import fold
from reader.extract import extract
from reader.model import Page, PageKind

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared/corpus/readability-test-pages"


def raw(html: str, path: Path) -> None:
    Document(html).summary(html_partial=True)


def pipeline(html: str, path: Path) -> None:
    catalogue = default_catalogue()
    page = Page(path, PageKind.HTML, html, "utf-8", len(html))
    fold(extract(page, catalogue.is_boilerplate), catalogue)


def cpu_ms(function, html: str, path: Path) -> float:
    start = time.process_time()
    with contextlib.suppress(Exception):  # a page it cannot read costs what it cost
        function(html, path)
    return (time.process_time() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    pages = [
        (folder / "source.html", (folder / "source.html").read_bytes().decode("utf-8", "replace"))
        for folder in sorted(args.corpus.iterdir())
        if (folder / "source.html").exists()
    ]
    default_catalogue()  # loaded once, as in the app
    times: dict[str, list[list[float]]] = {"readability-lxml": [], "reader pipeline": []}
    for path, html in pages:
        runs = {name: [] for name in times}
        for _ in range(args.passes):
            runs["readability-lxml"].append(cpu_ms(raw, html, path))
            runs["reader pipeline"].append(cpu_ms(pipeline, html, path))
        for name, values in runs.items():
            times[name].append(values)
    print(f"{len(pages)} pages, median of {args.passes} passes per page")
    print(f"{'':18} {'pages/cpu-s':>11} {'p50 ms':>7} {'p95 ms':>7} {'total s':>8}")
    totals = {}
    for name, per_page in times.items():
        medians = sorted(statistics.median(values) for values in per_page)
        totals[name] = sum(medians) / 1000
        p50 = medians[len(medians) // 2]
        p95 = medians[min(len(medians) - 1, int(0.95 * len(medians)))]
        rate = len(pages) / totals[name]
        print(f"{name:18} {rate:>11.1f} {p50:>7.1f} {p95:>7.1f} {totals[name]:>8.2f}")

    extra = totals["reader pipeline"] / totals["readability-lxml"] - 1
    print(f"reader's pipeline costs {extra:+.1%} beside raw readability-lxml")


if __name__ == "__main__":
    main()

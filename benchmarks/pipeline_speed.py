"""What reader's whole per-file cost is beside raw readability-lxml, page by page.

    python benchmarks/pipeline_speed.py [CORPUS_DIR ...] [--passes 3]

For every page of each corpus (by default both dev corpora: the readability
test pages, folders with source.html, and trafilatura-eval, pages/*.html)
both are run back to back, in turns, so that a machine that slows down slows
both:

- raw: the file's bytes decoded as UTF-8, then `readability.Document(html)
  .summary()`: what readability-lxml alone costs;
- reader: the whole cost of one file as the library pays it: load (read,
  decode, repair), extract (metadata, readability, the block walk, header
  reading), fold, and the fingerprint the threads are grouped by.

Printed for each corpus: pages per CPU-second, p50/p95 CPU milliseconds per
page (the median over --passes of each page's time), and reader's cost as a
share of raw readability-lxml's.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from readability import Document

from reader import default_catalogue
from reader.pipeline import read_article
from reader.threads import fingerprint

SHARED = Path(__file__).resolve().parent.parent.parent / "shared/corpus"
DEFAULT = (SHARED / "readability-test-pages", SHARED / "trafilatura-eval")


def raw(path: Path) -> None:
    html = path.read_bytes().decode("utf-8", "replace")
    Document(html).summary(html_partial=True)


def reader(path: Path) -> None:
    fingerprint(read_article(path, default_catalogue()))


def cpu_ms(function: Callable[[Path], None], path: Path) -> float:
    start = time.process_time()
    with contextlib.suppress(Exception):  # a page it cannot read costs what it cost
        function(path)
    return (time.process_time() - start) * 1000


def pages_of(corpus: Path) -> list[Path]:
    if (corpus / "pages").is_dir():
        return sorted((corpus / "pages").glob("*.html"))
    return sorted(
        folder / "source.html" for folder in corpus.iterdir() if (folder / "source.html").exists()
    )


def measure(corpus: Path, passes: int) -> dict[str, float]:
    paths = pages_of(corpus)
    times: dict[str, list[float]] = {"readability-lxml": [], "reader": []}
    for path in paths:
        runs: dict[str, list[float]] = {name: [] for name in times}
        for _ in range(passes):
            runs["readability-lxml"].append(cpu_ms(raw, path))
            runs["reader"].append(cpu_ms(reader, path))
        for name, values in runs.items():
            times[name].append(statistics.median(values))
    print(f"{corpus.name}: {len(paths)} pages, median of {passes} passes per page")
    print(f"  {'':18} {'pages/cpu-s':>11} {'p50 ms':>7} {'p95 ms':>7} {'total s':>8}")
    totals = {}
    for name, medians in times.items():
        medians.sort()
        totals[name] = sum(medians) / 1000
        p50 = medians[len(medians) // 2]
        p95 = medians[min(len(medians) - 1, int(0.95 * len(medians)))]
        rate = len(paths) / totals[name]
        print(f"  {name:18} {rate:>11.1f} {p50:>7.1f} {p95:>7.1f} {totals[name]:>8.2f}")
    share = totals["reader"] / totals["readability-lxml"]
    print(f"  reader's whole per-file cost: {share:.2f}x raw readability-lxml's")
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", type=Path, default=list(DEFAULT))
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    default_catalogue()  # loaded once, as in the app
    for corpus in args.corpora:
        measure(corpus, args.passes)


if __name__ == "__main__":
    main()

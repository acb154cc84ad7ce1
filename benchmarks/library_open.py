"""How fast a big library opens: scan, first paint of the list, and the app's memory.

    python benchmarks/library_open.py [--files 1000 10000 100000] [--dir /tmp/reader-bench]

Generates libraries of small article files (html and txt mixed) once under
--dir, then opens each in the app headless and reports the time until the
first rows are on screen, the time until every file has its row, and max RSS.
Reading and grouping the files goes on in the background; it is not timed here.

"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import itertools
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

from reader.settings import Settings
from reader.tui.app import Library, ReaderApp
from reader.tui.thread_list import ThreadList

GENERATOR = "2"  # bump when the files it makes change: libraries are made again


def _vocabulary(rng: random.Random, size: int = 20_000) -> tuple[list[str], list[float]]:
    """Made-up words with Zipf's law for their frequencies, as in real text: a few
    very common words, a long tail of rare ones. (So five-word runs repeat
    across stories about as often as they do in news, not by the thousand.)"""
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ou", "ai")]
    words = sorted(
        {"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(size)},
        key=len,
    )
    weights = [1 / rank**1.05 for rank in range(1, len(words) + 1)]
    return words, list(itertools.accumulate(weights))


def _story(rng: random.Random, words: list[str], weights: list[float]) -> tuple[str, list[str]]:
    def sentence(length: int) -> str:
        return " ".join(rng.choices(words, cum_weights=weights, k=length)).capitalize() + "."

    title = sentence(rng.randint(6, 10))[:-1]
    paragraphs = [
        " ".join(sentence(rng.randint(8, 25)) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(3, 7))
    ]
    return title, paragraphs


def generate(folder: Path, count: int) -> None:
    """`count` files (about 150 to 600 words each), html and txt in turn; every
    third file is another copy (with a promo line, in the other format) of the
    story before it. Made once: a marker file says which generator made them."""
    marker = folder / ".generated"
    if marker.is_file() and marker.read_text() == f"{GENERATOR}/{count}":
        return
    if folder.is_dir():
        for sub in folder.glob("d[0-9][0-9][0-9]"):
            shutil.rmtree(sub)
    vocabulary = _vocabulary(random.Random(0))
    day = datetime.date(2026, 11, 1)
    for n in range(count):
        sub = folder / f"d{n // 1000:03}"
        sub.mkdir(parents=True, exist_ok=True)
        story = n - 1 if n % 3 == 2 else n
        title, body = _story(random.Random(story), *vocabulary)
        if story != n:
            body.append("Download the app for the latest news.")
        published = (day - datetime.timedelta(days=story % 2000)).isoformat()
        if n % 2:
            (sub / f"a{n:06}.txt").write_text(f"{title}\n\n" + "\n\n".join(body))
        else:
            paragraphs = "".join(f"<p>{p}</p>" for p in body)
            (sub / f"a{n:06}.html").write_text(
                f"<html><head><title>{title}</title>"
                f'<meta property="article:published_time" content="{published}">'
                f"</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
            )
    marker.write_text(f"{GENERATOR}/{count}")


async def first_paint(folder: Path, count: int) -> tuple[float, float]:
    """Seconds from start to the first rows on screen, and to a row for every file."""
    home = Path(tempfile.mkdtemp())
    settings = Settings.load(home / "c", home / "k", home / "d")
    app = ReaderApp(Library(folder, label="bench"), settings=settings)
    start = time.perf_counter()
    first = None
    async with app.run_test(size=(100, 40)) as pilot:
        rows = app.screen.query_one(ThreadList).rows
        while len(rows) < count:
            if first is None and rows:
                first = time.perf_counter() - start
            await pilot.pause(0.005)
        listed = time.perf_counter() - start
        app.workers.cancel_all()
    return first or listed, listed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "reader-bench")
    args = parser.parse_args()
    print(f"{'files':>8}  {'first rows s':>12}  {'all listed s':>12}  {'max RSS MB':>10}")
    for count in args.files:
        folder = args.dir / f"lib{count}"
        generate(folder, count)
        first, listed = asyncio.run(first_paint(folder, count))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{count:>8}  {first:>12.2f}  {listed:>12.2f}  {rss:>10.0f}")


if __name__ == "__main__":
    main()

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
import random
import resource
import tempfile
import time
from pathlib import Path

from reader.settings import Settings
from reader.tui.app import Library, ReaderApp
from reader.tui.thread_list import ThreadList

WORDS = (
    "harbour ferry fares rise spring port authority said council museum storm boats "
    "lighthouse keepers market quay tide table school library fines night trains"
).split()


def generate(folder: Path, count: int) -> None:
    """`count` files, html and txt in turn; every third file is another copy
    (with a promo line, in the other format) of the story before it."""
    if folder.is_dir() and sum(1 for _ in folder.rglob("*.*")) == count:
        return
    for n in range(count):
        sub = folder / f"d{n // 1000:03}"
        sub.mkdir(parents=True, exist_ok=True)
        story = n - 1 if n % 3 == 2 else n
        rng = random.Random(story)
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        body = [" ".join(rng.choice(WORDS) for _ in range(40)) + "." for _ in range(4)]
        title = f"{title} {story}"
        if story != n:
            body.append("Download the app for the latest news.")
        if n % 2:
            (sub / f"a{n:06}.txt").write_text(f"{title}\n\n" + "\n\n".join(body))
        else:
            paragraphs = "".join(f"<p>{p}</p>" for p in body)
            (sub / f"a{n:06}.html").write_text(
                f"<html><head><title>{title}</title></head>"
                f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
            )


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

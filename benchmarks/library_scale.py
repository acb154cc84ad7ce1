"""A library of 1k, 10k and 100k files: how fast it opens, indexes and answers.

    python benchmarks/library_scale.py [--files 1000 10000 100000] [--dir DIR]

Generates libraries of small article files (html and txt mixed, every third
file another copy of the story before it) once under --dir, and keeps an
indexed cache for each there too (the first run indexes them all: about four
minutes at 100k, and says how long and how much memory it took). Each figure
comes from a fresh process, so memory is that process's alone:

  cold paint    app start to the first rows on screen, with an empty cache
  index 1w/2w   files read and stored per second by 1 and by 2 worker processes
                (the first 3,000 files, into an empty cache; the processes'
                start left out), and the speed-up
  warm paint    app start to the first rows, with the cache full
  warm threads  app start to the list showing every thread, with the cache full
  key p50/p95   a cursor move to an article on screen, cached (ms)
  peak MB       the warm app's peak memory (max RSS)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from library_open import generate  # noqa: E402

INDEX_SAMPLE = 3_000


def _settings(home: Path):
    from reader.settings import Settings

    return Settings.load(home / "config", home / "cache", home / "data")


def _indexer(folder: Path, home: Path, workers: int, only: int | None = None):
    from reader.boilerplate import load_catalogue
    from reader.cache import Cache
    from reader.library import Indexer, cache_version

    settings = _settings(home)
    cache = Cache.open(settings.cache_file).library(folder)
    indexer = Indexer(folder, cache, cache_version(load_catalogue(None)), None, workers=workers)
    return indexer, cache


def phase_index(folder: Path, home: Path, workers: int) -> dict[str, float]:
    """Files a second read (and stored) by `workers` processes, over the first
    INDEX_SAMPLE files, from the first file done to the last: the processes'
    start (about half a second, once per run) is left out."""
    from reader.library import batches, changes
    from reader.model import FileStat
    from reader.pool import Pool
    from reader.scan import stat_walk

    indexer, cache = _indexer(folder, home, workers)
    stats = [s for s in stat_walk(folder) if isinstance(s, FileStat)][:INDEX_SAMPLE]
    stale = changes(stats, {}, indexer.version).stale
    first = None
    with Pool(None, indexer.limits, workers) as pool:
        for batch in batches(pool.index(stale)):  # as the Indexer stores them
            first = first or time.perf_counter()
            cache.store(batch, indexer.version)
    if first is None:
        return {"files_per_s": 0.0}  # nothing was stale: nothing indexed
    seconds = time.perf_counter() - first
    return {"files_per_s": (len(stale) - 1) / seconds}


def phase_fill(folder: Path, home: Path) -> dict[str, float]:
    """Index the whole library into the kept cache (once)."""
    indexer, _ = _indexer(folder, home, 0)
    done = {"n": 0}

    def progress(batch: list) -> None:
        done["n"] += len(batch)
        print(f"\r  indexing {folder.name}: {done['n']:,}", end="", file=sys.stderr, flush=True)

    start = time.perf_counter()
    indexer.run(indexed=progress)
    print(file=sys.stderr)
    return {
        "files": done["n"],
        "seconds": time.perf_counter() - start,
        "peak_mb": _peak_mb(resource.RUSAGE_SELF),
        "workers_peak_mb": _peak_mb(resource.RUSAGE_CHILDREN),
    }


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


async def _open_app(folder: Path, home: Path, keys: bool) -> dict[str, float]:
    from reader.tui.app import Library, ReaderApp
    from reader.tui.thread_list import ThreadList

    app = ReaderApp(Library(folder, label="bench"), settings=_settings(home))
    start = time.perf_counter()
    figures: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        thread_list = app.screen.query_one(ThreadList)
        while not thread_list.rows:
            await pilot.pause(0.005)
        figures["first_paint_s"] = time.perf_counter() - start
        if keys:
            while not app.view.threads or app.view.partial is not None:
                await pilot.pause(0.005)

            figures["threads_s"] = time.perf_counter() - start
            latencies = []
            rows = list(thread_list.rows)
            for row in random.Random(1).sample(rows, min(200, len(rows))):
                app.view._articles.clear()
                begin = time.perf_counter()
                app.main._show_row(row)
                view = app.main.query_one("ArticleView")
                for y in range(40):
                    view.render_line(y)
                latencies.append((time.perf_counter() - begin) * 1000)
            latencies.sort()
            figures["key_p50_ms"] = latencies[len(latencies) // 2]
            figures["key_p95_ms"] = latencies[int(0.95 * (len(latencies) - 1))]
        app.workers.cancel_all()
    figures["peak_mb"] = _peak_mb(resource.RUSAGE_SELF)
    return figures


def phase(name: str, folder: Path, home: Path, workers: int) -> dict[str, float]:
    if name == "index":
        return phase_index(folder, home, workers)
    if name == "fill":
        return phase_fill(folder, home)
    return asyncio.run(_open_app(folder, home, keys=name == "warm"))


def run_phase(name: str, folder: Path, home: Path, workers: int = 0) -> dict[str, float]:
    """One measurement in a process of its own."""
    command = [sys.executable, __file__, "--phase", name, str(folder), str(home), str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--phase":
        name, folder, home, workers = (
            sys.argv[2],
            Path(sys.argv[3]),
            Path(sys.argv[4]),
            int(sys.argv[5]),
        )
        print(json.dumps(phase(name, folder, home, workers)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "reader-bench")
    args = parser.parse_args()
    print(
        f"{'files':>8} {'cold paint s':>12} {'index 1w/s':>10} {'index 2w/s':>10} {'2w/1w':>6}"
        f" {'warm paint s':>12} {'warm threads s':>14} {'key p50':>8} {'key p95':>8} {'peak MB':>8}"
    )
    filled: list[str] = []
    for count in args.files:
        folder = args.dir / f"lib{count}"
        generate(folder, count)
        cold = run_phase("cold", folder, Path(tempfile.mkdtemp()))
        one = run_phase("index", folder, Path(tempfile.mkdtemp()), 1)["files_per_s"]
        two = run_phase("index", folder, Path(tempfile.mkdtemp()), 2)["files_per_s"]
        kept = args.dir / f"home{count}"
        fill = run_phase("fill", folder, kept)  # minutes the first time; then only a scan
        if fill["files"]:
            filled.append(
                f"{count:>8}: indexed {fill['files']:,} files in {fill['seconds']:.0f} s"
                f" ({os.cpu_count()} workers), grouped them; peak {fill['peak_mb']:.0f} MB"
                f" (a worker: {fill['workers_peak_mb']:.0f} MB)"
            )
        warm = run_phase("warm", folder, kept)

        print(
            f"{count:>8} {cold['first_paint_s']:>12.2f} {one:>10.0f} {two:>10.0f}"
            f" {two / one:>6.2f} {warm['first_paint_s']:>12.2f} {warm['threads_s']:>14.2f}"
            f" {warm['key_p50_ms']:>8.1f} {warm['key_p95_ms']:>8.1f} {warm['peak_mb']:>8.0f}",
            flush=True,
        )

    for line in filled:
        print(line)


if __name__ == "__main__":
    main()

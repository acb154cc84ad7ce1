"""Many libraries in one cache: a warm `reader threads` beside the cold index,
the app's warm first paint, switching between libraries, and a regroup after
one new file.

    python benchmarks/libraries.py [--files 20000 100000] [--switch 10000] [--dir DIR]

For each size, a library of generated article files (see library_open.py) is
read into an empty cache by `reader index` (cold), then `reader threads
--json` is run on it three times (warm: nothing to read; the median is
printed), each a process of its own as a user runs them. Then, in the same
cache, the app is opened on it (first rows on screen) and one new file is
added to it and `reader index` runs again: how long the regroup took (the
grouping alone, as the indexer reports it) and the whole run.

("regroup": from the new file stored to the threads shown, in a new
process; "again": the same after taking the file away, in that process.)

Switching: two libraries of --switch files each are read into one cache; the
app is opened on the first, then on the second, each in a fresh process; for
the second, the time to its first rows and whether any row of the first
library ever showed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from library_open import generate  # noqa: E402


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
    }


def _timed(command: list[str], home: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=_env(home), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - start


def _reader(*args: str) -> list[str]:
    return [sys.executable, "-m", "reader", *args]


async def _paint(folder: Path, home: Path) -> dict[str, object]:
    from reader.settings import Settings
    from reader.tui.app import Library, ReaderApp
    from reader.tui.thread_list import ThreadList

    os.environ.update(_env(home))
    app = ReaderApp(Library(folder), settings=Settings.load())
    start = time.perf_counter()
    foreign = 0
    async with app.run_test(size=(120, 40)) as pilot:
        thread_list = app.screen.query_one(ThreadList)
        while not thread_list.rows:
            await pilot.pause(0.002)
        seconds = time.perf_counter() - start
        root = str(folder.resolve())
        for _ in range(50):  # the first screens, as the warm start goes on
            foreign += sum(1 for row in thread_list.rows if not row.key.startswith(root))
            await pilot.pause(0.02)
        app.workers.cancel_all()
    return {"first_paint_s": seconds, "foreign_rows": foreign}


def _paint_in_a_process(folder: Path, home: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--paint", str(folder), str(home)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _regroup(folder: Path, home: Path) -> dict[str, float]:
    """Add one file (another copy of a story in the library) and index again,
    in this new process (it regroups from what the cache kept); then take it
    away and index again in the same process (it regroups from what it holds)."""
    from reader.boilerplate import load_catalogue
    from reader.cache import Cache
    from reader.library import Indexer
    from reader.settings import Settings

    os.environ.update(_env(home))
    source = next(iter(sorted(folder.rglob("*.txt"))))
    copy = source.with_name(f"zz-new-copy-{time.time_ns()}.txt")
    shutil.copy2(source, copy)
    settings = Settings.load()
    cache = Cache.open(settings.cache_file)
    indexer = Indexer.from_settings(folder, settings, cache, load_catalogue(settings.rules_file))
    marks: dict[str, float] = {}

    def run() -> float:
        start = marks["read"] = time.perf_counter()
        indexer.run(
            indexed=lambda batch: marks.__setitem__("read", time.perf_counter()),
            grouped=lambda threads, found: marks.__setitem__("grouped", time.perf_counter()),
        )
        return time.perf_counter() - start

    spent = {"run_s": run()}
    # From the new file stored (or the scan done) to the threads shown: the regroup.
    spent["group_s"] = marks["grouped"] - marks["read"]
    copy.unlink()
    run()
    spent["again_s"] = marks["grouped"] - marks["read"]
    return spent


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--paint":
        print(json.dumps(asyncio.run(_paint(Path(sys.argv[2]), Path(sys.argv[3])))))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--regroup":
        print(json.dumps(_regroup(Path(sys.argv[2]), Path(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--switch", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "reader-bench")
    args = parser.parse_args()

    print(
        f"{'files':>8} {'cold index s':>12} {'warm threads s':>14} {'warm/cold':>9}"
        f" {'warm paint s':>12} {'regroup s':>9} {'+1 file run s':>13} {'again s':>8}"
    )
    for count in args.files:
        folder = args.dir / f"lib{count}"
        generate(folder, count)
        home = Path(tempfile.mkdtemp(prefix=f"reader-libraries-{count}-"))
        cold = _timed(_reader("index", str(folder)), home)
        warm = statistics.median(
            _timed(_reader("threads", str(folder), "--json"), home) for _ in range(3)
        )
        paint = _paint_in_a_process(folder, home)
        done = subprocess.run(
            [sys.executable, __file__, "--regroup", str(folder), str(home)],
            capture_output=True,
            text=True,
            check=True,
        )
        regroup = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{count:>8} {cold:>12.1f} {warm:>14.2f} {warm / cold:>9.2%}"
            f" {paint['first_paint_s']:>12.2f} {regroup['group_s']:>9.2f}"
            f" {regroup['run_s']:>13.2f} {regroup['again_s']:>8.2f}",
            flush=True,
        )
        shutil.rmtree(home, ignore_errors=True)

    home = Path(tempfile.mkdtemp(prefix="reader-libraries-switch-"))
    first, second = args.dir / f"switch-a-{args.switch}", args.dir / f"switch-b-{args.switch}"
    generate(first, args.switch)
    generate(second, args.switch)
    for folder in (first, second):
        _timed(_reader("index", str(folder)), home)
    _paint_in_a_process(first, home)
    other = _paint_in_a_process(second, home)
    print(
        f"switching between two {args.switch:,}-file libraries: first paint of the other"
        f" {other['first_paint_s']:.2f} s, rows of the first shown: {other['foreign_rows']}"
    )
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

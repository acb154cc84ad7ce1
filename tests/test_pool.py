"""Reading in worker processes: results, limits, and the file the user waits for."""

from __future__ import annotations

from pathlib import Path

from reader.model import FileStat
from reader.pool import Limits, Pool
from reader.scan import stat_walk

from .conftest import DAILY8_SEED, INKL_SEED, SEEDS


def _stats(root: Path) -> list[FileStat]:
    return [item for item in stat_walk(root) if isinstance(item, FileStat)]


def test_the_pool_reads_every_file() -> None:
    with Pool(workers=2) as pool:
        results = list(pool.index(_stats(SEEDS)))
    assert {r.path for r in results} == {INKL_SEED, DAILY8_SEED}
    assert all(
        r.info is not None and a.article and a.fingerprint for r in results for a in r.articles
    )


def test_a_file_over_the_time_limit_is_an_error_and_the_rest_go_on() -> None:
    with Pool(limits=Limits(seconds=0.0001), workers=1) as pool:
        results = list(pool.index(_stats(SEEDS)))
    assert len(results) == 2
    assert {r.failure for r in results} == {"took longer than 0.0001 s"}


def test_the_file_asked_for_goes_first(tmp_path: Path) -> None:
    for n in range(6):
        (tmp_path / f"{n}.txt").write_text(f"Story {n}\n\nSome text about story {n}.\n")
    wanted = tmp_path / "5.txt"
    with Pool(workers=1) as pool:
        order = [r.path for r in pool.index(_stats(tmp_path), first=lambda: wanted)]
    assert order[0] == wanted


def _sleeper(ready) -> None:  # type: ignore[no-untyped-def]
    import time

    ready.send(None)
    time.sleep(3)


def _spinner(ready) -> None:  # type: ignore[no-untyped-def]
    ready.send(None)
    while True:
        pass


def test_the_time_limit_counts_the_files_own_cpu_not_the_wait() -> None:
    import multiprocessing
    import sys
    import time

    import pytest

    from reader.pool import _cpu_seconds, _Worker

    if not sys.platform.startswith("linux"):
        pytest.skip("CPU time is read from /proc")
    context = multiprocessing.get_context("spawn")
    for target, over in ((_sleeper, False), (_spinner, True)):
        parent, child = context.Pipe()
        process = context.Process(target=target, args=(child,), daemon=True)
        process.start()
        try:
            parent.recv()  # started (its imports cost CPU too, before the task)
            worker = _Worker(process, None, ready=True)  # type: ignore[arg-type]
            worker.started, worker.cpu = time.monotonic(), _cpu_seconds(process.pid)
            time.sleep(1.0)  # the sleeper waits, the spinner works
            # On a loaded machine the spinner may wait for a core: let it work enough.
            give_up = time.monotonic() + 1.0
            while over and (_cpu_seconds(process.pid) or 0) - worker.cpu < 0.6:
                if time.monotonic() > give_up:
                    break
                time.sleep(0.05)
            worker.deadline = time.monotonic() - 0.01  # the clock says: too long
            assert worker.over_limit(0.5) is over
        finally:
            process.kill()
            process.join()

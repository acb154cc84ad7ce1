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

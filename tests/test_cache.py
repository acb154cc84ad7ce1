"""The cache: entries stay good while files do, it can be searched, and a broken
cache file never stops the reader."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader import read_article
from reader.boilerplate import load_catalogue
from reader.cache import HEAD_THREADS, Cache, LibraryCache, search_query
from reader.library import Indexer, cache_version, changes
from reader.model import FileStat, Thread
from reader.pipeline import index_file
from reader.scan import stat_walk
from reader.threads import make_thread

from .conftest import DAILY8_SEED, INKL_SEED, SEEDS

INKL, DAILY8 = str(INKL_SEED), str(DAILY8_SEED)

CATALOGUE = load_catalogue(None)
VERSION = cache_version(CATALOGUE)


def _stats(root: Path) -> list[FileStat]:
    return [item for item in stat_walk(root) if isinstance(item, FileStat)]


def _filled(path: Path) -> LibraryCache:
    cache = Cache.open(path).library(SEEDS)
    cache.store([index_file(stat, CATALOGUE) for stat in _stats(SEEDS)], VERSION)
    return cache


def test_what_was_read_comes_back_the_same(tmp_path: Path) -> None:
    cache = _filled(tmp_path / "cache.sqlite3")
    assert cache.article(INKL) == read_article(INKL_SEED, CATALOGUE)
    entries = cache.entries()
    assert entries[DAILY8].info.title == "Turkiye and Israel hold talks to avoid clashes in Syria"
    assert set(cache.fingerprints([INKL, DAILY8])) == {INKL, DAILY8}


def test_only_new_and_changed_files_are_read_again(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    for name in ("a.txt", "b.txt"):
        (library / name).write_text(f"Title {name}\n\nThe text of {name}, a story.\n")
    cache = Cache.open(tmp_path / "cache.sqlite3").library(library)
    cache.store([index_file(s, CATALOGUE) for s in _stats(library)], VERSION)
    (library / "b.txt").write_text("Title b\n\nThe text of b, changed and longer now.\n")
    (library / "c.txt").write_text("Title c\n\nA new story.\n")
    (library / "a.txt").unlink()
    found = changes(_stats(library), cache.entries(), VERSION)
    assert sorted(s.path.name for s in found.stale) == ["b.txt", "c.txt"]
    assert [Path(key).name for key in found.gone] == ["a.txt"]
    # Other fold rules make every entry stale.
    assert len(changes(_stats(library), cache.entries(), "other").stale) == 2


def test_threads_are_remembered_for_the_next_start(tmp_path: Path) -> None:
    cache = _filled(tmp_path / "cache.sqlite3")
    infos = [entry.info for entry in cache.entries().values()]
    thread: Thread = make_thread(infos)
    cache.set_threads([thread])
    assert {t for entry in cache.entries().values() for t in entry.threads} == {thread.id}


def test_search_finds_words_in_the_text(tmp_path: Path) -> None:
    cache = _filled(tmp_path / "cache.sqlite3")
    assert cache.search("Palmyra") == {INKL, DAILY8}
    assert cache.search("erdog") == {INKL, DAILY8}  # a prefix
    assert cache.search("Palmyra Bollywood") == set()
    assert cache.search('"unbalanced (') == set()  # quotes, brackets: never query syntax


def test_search_queries_quote_every_word() -> None:
    assert search_query('ferry "fares"') == '"ferry"* "fares"*'
    assert search_query("--- !!") is None


def test_a_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"not a database at all " * 200)
    cache = Cache.open(path)
    assert cache.problem and "moved to" in cache.problem
    assert list(tmp_path.glob("cache.sqlite3.corrupt-*"))
    shelf = cache.library(SEEDS)
    shelf.store([index_file(s, CATALOGUE) for s in _stats(SEEDS)], VERSION)
    assert len(shelf.entries()) == 2


def test_a_cache_that_cannot_be_made_lives_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = Cache.open(blocker / "cache.sqlite3")
    assert cache.problem and "memory" in cache.problem
    shelf = cache.library(SEEDS)
    shelf.store([index_file(s, CATALOGUE) for s in _stats(SEEDS)], VERSION)
    assert shelf.article(INKL) is not None


def test_the_last_grouping_comes_back_whole_until_a_file_is_stored(tmp_path: Path) -> None:
    cache = _filled(tmp_path / "cache.sqlite3")
    thread = make_thread(entry.info for entry in cache.entries().values() if entry.info)
    cache.set_threads([thread])
    listing = cache.listing()
    assert listing is not None
    assert listing.threads == [thread]
    cache.store([index_file(_stats(SEEDS)[0], CATALOGUE)], VERSION)
    assert cache.listing() is None  # stale: the entries are read instead


def test_the_head_of_the_listing_is_the_first_threads_and_knows_the_whole_count(
    tmp_path: Path,
) -> None:
    cache = _filled(tmp_path / "cache.sqlite3")
    info = next(entry.info for entry in cache.entries().values() if entry.info)
    threads = [
        Thread(f"{info.key}#{n}", (info._replace(title=f"Story {n}"),))
        for n in range(HEAD_THREADS + 50)
    ]
    cache.set_threads(threads)
    head, whole = cache.listing(head=True), cache.listing()
    assert head is not None and whole is not None
    assert head.threads == threads[:HEAD_THREADS] and head.stories == len(threads)
    assert whole.threads == threads and whole.stories == len(threads)


def test_a_damaged_listing_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    cache = _filled(path)
    cache.set_threads([make_thread(e.info for e in cache.entries().values() if e.info)])
    cache.close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE listing SET data = CAST('not marshal' AS BLOB)")
    assert Cache.open(path).library(SEEDS).listing() is None


def test_files_read_by_a_run_stopped_before_grouping_are_grouped_next_time(
    tmp_path: Path,
) -> None:
    cache = _filled(tmp_path / "cache.sqlite3")  # read, but never grouped
    indexer = Indexer(SEEDS, cache, VERSION)
    grouped: list[list[Thread]] = []
    change = indexer.run(cache.entries(), grouped=lambda threads, common: grouped.append(threads))
    assert change is not None and not change.stale  # nothing read again
    assert [len(thread) for thread in grouped[0]] == [2]
    assert indexer.run(cache.entries(), grouped=lambda *a: grouped.append([])) is not None
    assert len(grouped) == 1  # grouped, and remembered

"""The `reader` command: the app, and the same pipeline without the screen.

    reader [PATH]                     open the app on a folder (or the configured
                                      library, or the bundled sample)
    reader show FILE [--format text|markdown|json] [--expand] [--body-only]
    reader threads PATH... [--json]
    reader index PATH                 read a folder into the cache, with progress
    reader check PATH                 read every file afresh: ok or why not, and how long

A file that cannot be read is one line on stderr and a non-zero exit status,
never a traceback. Everything printed comes from sanitised text.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from reader import __version__
from reader.boilerplate import load_catalogue
from reader.model import Article, ArticleError, ArticleInfo, Failure, FileStat
from reader.normalize import agreed_title
from reader.sanitize import clean_line
from reader.settings import Settings

COMMANDS = ("open", "show", "threads", "index", "check")
IDENT = ArticleInfo._fields.index("ident")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A terminal reader for saved news articles.",
        epilog="With no command, `reader [PATH]` opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    open_ = commands.add_parser("open", help="open the app (the default command)")
    open_.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="a folder of articles (default: the library in the config, else a sample)",
    )
    open_.add_argument("--theme", help="a Textual theme name, e.g. nord or textual-light")

    show = commands.add_parser(
        "show", help="print one article, cleaned (FILE#3: the third of a mailbox or an archive)"
    )
    show.add_argument(
        "file", type=Path, help="an article file, FILE#n for the n-th of many, - for stdin"
    )
    show.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    show.add_argument("--expand", action="store_true", help="print folded blocks in full")
    show.add_argument(
        "--body-only", action="store_true", help="only the article's text, folds left out"
    )
    show.add_argument(
        "--no-cache", action="store_true", help="read the file afresh, not as the cache has it"
    )

    index = commands.add_parser(
        "index", help="read a folder into the cache, with a progress bar (for large imports)"
    )
    index.add_argument("path", type=Path)
    index.add_argument(
        "--workers", type=int, default=None, help="processes that read files (default: one a core)"
    )

    check = commands.add_parser(
        "check",
        help="read every file under PATH afresh (no cache), under the time and memory"
        " limits, and say for each: ok or the reason it failed, and how long it took",
    )
    check.add_argument("path", type=Path)
    check.add_argument(
        "--workers", type=int, default=None, help="processes that read files (default: one a core)"
    )

    threads = commands.add_parser("threads", help="group articles into threads")
    threads.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    threads.add_argument("--json", action="store_true", help="print JSON")
    threads.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file afresh and keep nothing (the user's choices still apply)",
    )
    return parser


def _error(path: Path | str, reason: str) -> None:
    print(f"reader: {clean_line(str(path))}: {clean_line(reason)}", file=sys.stderr)


def _show(args: argparse.Namespace) -> int:
    from reader.cache import Cache
    from reader.library import Found, as_shown, cache_version
    from reader.model import article_key
    from reader.pipeline import read_article, split_key

    if args.body_only and (args.format != "text" or args.expand):
        _error("show", "--body-only prints the article's text alone: not with --format or --expand")
        return 2
    if args.file.is_dir():
        _error(args.file, "a folder, not an article file (reader FOLDER opens it in the app)")
        return 1
    settings = Settings.load()
    catalogue = load_catalogue(settings.rules_file)
    _report(settings.rules_file, catalogue.problems)
    if str(args.file) == "-":  # standard input: read, never cached
        from reader.formats import MAX_BYTES
        from reader.pipeline import read_data

        try:
            given = read_data(sys.stdin.buffer.read(MAX_BYTES + 1), catalogue)
        except ArticleError as error:
            _error("standard input", error.reason)
            return 1
        sys.stdout.write(_shown(given, args))
        return 0
    article: Article | None = None
    # FILE#3: the third article of a file that holds many (a mailbox, an archive).
    file, member = split_key(args.file)
    if not args.no_cache:
        # As the app shows it: the cache's copy, with the library's repeated
        # text folded, if the file is in a library and has not changed since.
        cache = Cache.open(settings.cache_file)
        found = cache.find(file, cache_version(catalogue))
        if found is not None:
            shelf, key = found
            # A file that holds many, asked for whole: its first article.
            for wanted in (article_key(key, member),) if member else (key, article_key(key, 1)):
                article = shelf.article(wanted)
                if article is not None:
                    article = as_shown(article, catalogue, Found.from_data(shelf.found()))
                    break
        cache.close()
    if article is None:
        try:
            article = read_article(args.file, catalogue)
        except ArticleError as error:
            _error(error.path, error.reason)
            return 1
    sys.stdout.write(_shown(article, args))
    return 0


def _shown(article: Article, args: argparse.Namespace) -> str:
    from reader.render import as_json, as_markdown, as_text, body_only

    if args.body_only:
        return body_only(article)
    if args.format == "json":
        return as_json(article)
    if args.format == "markdown":
        return as_markdown(article, expand=args.expand)
    return as_text(article, expand=args.expand)


def _relative_to(roots: Sequence[Path]) -> Callable[[str], str]:
    """A key's path relative to the first of `roots` it is under (as given on
    the command line; the keys are the resolved paths), else the key."""
    bases = [
        os.path.join(str(root.resolve() if root.is_dir() else root.resolve().parent), "")
        for root in roots
    ]

    def relative(key: str) -> str:
        for base in bases:
            if key.startswith(base):
                key = key[len(base) :]
                break
        return key if os.sep == "/" else key.replace(os.sep, "/")

    return relative


def _threads(args: argparse.Namespace) -> int:
    """The threads of one or more libraries, as the app groups them: from the
    cache (brought up to date first) and with the user's own splits and joins."""
    from reader.cache import Cache
    from reader.library import Indexer, thread_library
    from reader.render import meta_line
    from reader.store import State

    settings = Settings.load()
    _report(settings.config_file, settings.problems)
    catalogue = load_catalogue(settings.rules_file)
    _report(settings.rules_file, catalogue.problems)
    cache = Cache.open(None if args.no_cache else settings.cache_file)
    if cache.problem:
        _error(settings.cache_file, cache.problem)
    state = State.open(settings.state_file)
    status = 0
    roots = [root.resolve() for root in args.paths if root.exists() or root.is_symlink()]
    for root in args.paths:
        if not (root.exists() or root.is_symlink()):
            _error(root, "no such file or folder")
            status = 1
    choices = state.choices()
    indexers = [Indexer.from_settings(root, settings, cache, catalogue) for root in roots]
    sets = []
    for indexer in indexers:

        def walked(stats: list[FileStat], failures: list[Failure]) -> None:
            for failure in failures:
                _error(failure.path, failure.reason)

        sets.append(indexer.threads(choices, found=walked))
        for key, reason in indexer.cache.failures().items():
            _error(key, reason)
    if state.has_legacy:
        state.adopt(
            {str(info[0]): str(info[IDENT]) for rows in sets for _, infos in rows for info in infos}
        )
        choices = state.choices()
    if len(sets) == 1:
        rows = sets[0]
    else:  # several libraries: their copies of one story are one thread too
        infos = [ArticleInfo._make(info) for rows in sets for _, copies in rows for info in copies]
        prints = {}
        for indexer in indexers:
            prints.update(indexer.cache.fingerprints(info.key for info in infos))
        infos = [info for info in infos if info.key in prints]
        threads, _ = thread_library(infos, [prints[info.key] for info in infos], choices)
        rows = [(thread.id, [tuple(info) for info in thread.articles]) for thread in threads]
    marks = state.marks()
    state.close()
    cache.close()
    relative = _relative_to(args.paths)
    if args.json:
        read, starred = marks.read, marks.starred
        data = [
            {
                # The lead's path names the thread; relative, like the files.
                "id": relative(copies[0][0]),  # type: ignore[arg-type]
                "title": agreed_title([info[1] for info in copies]),  # type: ignore[misc]
                "files": [relative(info[0]) for info in copies],  # type: ignore[arg-type]
                "read": any(info[IDENT] in read for info in copies),
                "starred": any(info[IDENT] in starred for info in copies),
            }
            for _, copies in rows
        ]
        # ASCII: file names may hold escapes or bytes that are not UTF-8. (dumps,
        # not dump: only dumps takes the C encoder.)
        sys.stdout.write(json.dumps(data, ensure_ascii=True, separators=(",", ":")) + "\n")
        return status
    for _, copies in rows:
        infos = [ArticleInfo._make(info) for info in copies]
        count = f"  ({len(infos)} copies)" if len(infos) > 1 else ""
        print(f"{clean_line(agreed_title([info.title for info in infos]))}{count}")
        for article in infos:
            name = clean_line(relative(article.key))
            print(f"  {name}  {clean_line(meta_line(article))}".rstrip())
    return status


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def _report(origin: Path, problems: Iterable[str]) -> None:
    for problem in problems:
        _error(origin, problem)


def _index(args: argparse.Namespace) -> int:
    from reader.cache import Cache
    from reader.library import Indexer, Progress
    from reader.render import duration, progress_bar
    from reader.store import State

    if not args.path.exists():
        _error(args.path, "no such file or folder")
        return 1
    if not args.path.is_dir():
        _error(args.path, "not a folder: reader index reads a folder into the cache")
        return 1
    settings = Settings.load()
    _report(settings.config_file, settings.problems)
    catalogue = load_catalogue(settings.rules_file)
    _report(settings.rules_file, catalogue.problems)
    cache = Cache.open(settings.cache_file)
    if cache.problem:
        _error(settings.cache_file, cache.problem)
    started = time.monotonic()
    counts = {"files": 0, "failed": 0}
    progress = Progress()

    # A bar redrawn in place on a terminal; into a pipe or a log, a plain line
    # now and then (every 5 s) and the last one.
    terminal = sys.stderr.isatty()
    shown = {"at": 0.0}

    def show(final: bool = False) -> None:
        now = time.monotonic()
        if not terminal and not final and now - shown["at"] < 5:
            return
        shown["at"] = now
        if not progress.total:
            line = f"{counts['files']:,} files found"
        else:
            done, total, left = progress.done, progress.total, progress.seconds_left
            line = f"{progress_bar(done, total, 24)} {done:,}/{total:,}"
            if progress.rate:
                line += f" · {progress.rate:,.0f}/s"
            if left is not None and done < total:
                line += f" · {duration(left)} left"
        if terminal:
            print(f"\r{line:<72}", end="\n" if final else "", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)

    def found(stats: list, failures: list) -> None:
        counts["files"] += len(stats)
        for failure in failures:
            _error(failure.path, failure.reason)
        show()

    def reading(total: int) -> None:
        progress.total = total
        show()

    def indexed(batch: list) -> None:
        progress.add(len(batch))
        counts["failed"] += sum(1 for result in batch if result.failure)
        show()

    indexer = Indexer.from_settings(
        args.path.resolve(), settings, cache, catalogue, workers=args.workers
    )
    stories: list = []
    state = State.open(settings.state_file)
    change = indexer.run(
        indexer.cache.entries(),
        choices=state.choices,
        found=found,
        reading=reading,
        indexed=indexed,
        grouped=lambda threads, common: stories.extend(threads),
    )
    show(final=True)
    elapsed = time.monotonic() - started
    gone = len(change.gone) if change else 0
    summary = (
        f"{counts['files']:,} files: {progress.done:,} read ({counts['failed']:,} unreadable), "
        f"{gone:,} gone, the rest unchanged; "
    )
    noun = "story" if len(stories) == 1 else "stories"
    summary += f"{len(stories):,} {noun}; " if stories else "threads unchanged; "

    print(summary + f"{elapsed:.1f} s", file=sys.stderr)
    cache.close()
    state.close()
    return 0


def _check(args: argparse.Namespace) -> int:
    """One line an article, in the order the scan finds the files: ok (title,
    words, folds) or error (the reason), and the seconds its file took; a
    list of links (a Pocket or Instapaper export) says so. A file that holds
    many articles has a line for each (`FILE#n`), and one for each of its
    members that could not be read. Exit status 1 if anything failed."""
    from reader.codec import decode_article
    from reader.model import Indexed, PageKind
    from reader.pool import Limits, Pool
    from reader.scan import stat_walk

    root = args.path
    if not root.exists() and not root.is_symlink():
        _error(root, "no such file or folder")
        return 1
    settings = Settings.load()
    for problem in settings.problems:
        _error(settings.config_file, problem)
    base = root if root.is_dir() else root.parent

    def name(path: Path | str) -> str:
        path = Path(path)
        try:
            return clean_line(path.relative_to(base).as_posix())
        except ValueError:
            return clean_line(str(path))

    found = list(stat_walk(root))
    order = {item.path: n for n, item in enumerate(found)}
    done: dict[int, Failure | Indexed] = {
        n: item for n, item in enumerate(found) if isinstance(item, Failure)
    }
    counts = {"ok": 0, "error": 0, "articles": 0, "links": 0, "parts": 0}
    slowest: Indexed | None = None
    printed = 0

    def flush() -> None:
        nonlocal printed
        while printed in done:
            item = done.pop(printed)
            printed += 1
            if isinstance(item, Failure):
                counts["error"] += 1
                print(f"error       –  {name(item.path)}  {clean_line(item.reason)}")
                continue
            if not item.articles:
                counts["error"] += 1
                reason = clean_line(item.failure or "unreadable")
                print(f"error  {item.seconds:6.2f} s  {name(item.path)}  {reason}")
                continue
            counts["ok"] += 1
            seconds = f"{item.seconds:6.2f} s"
            for read in item.articles:
                info = read.info
                if decode_article(read.article).kind is PageKind.LINKS:
                    counts["links"] += 1
                    about = f"“{clean_line(info.title)}” · a list of links, not an article"
                    print(f"links  {seconds}  {name(info.key)}  {about}")
                else:
                    counts["articles"] += 1
                    folds = f" · {_count(info.folds, 'fold', 'folds')}" if info.folds else ""
                    about = f"“{clean_line(info.title)}” · {info.words:,} words{folds}"
                    print(f"ok     {seconds}  {name(info.key)}  {about}")
                seconds = " " * len(seconds)
            for problem in item.problems:
                counts["parts"] += 1
                print(f"error  {seconds}  {name(item.path)}  {clean_line(problem)}")

    stats = [item for item in found if isinstance(item, FileStat)]
    workers = args.workers if args.workers is not None else settings.workers
    limits = Limits(settings.time_limit, settings.memory_limit)
    with Pool(settings.rules_file, limits, workers) as pool:
        flush()
        for result in pool.index(stats):
            done[order[result.path]] = result
            if slowest is None or result.seconds > slowest.seconds:
                slowest = result
            flush()
    flush()
    total = counts["ok"] + counts["error"]
    summary = f"{total:,} files: {counts['ok']:,} ok, {counts['error']:,} with errors"
    if counts["articles"] != counts["ok"] or counts["links"] or counts["parts"]:
        # Some file holds many articles, or is a list of links: count them apart.
        summary += f"; {counts['articles']:,} articles"
        if counts["links"]:
            summary += f", {counts['links']:,} lists of links"
        if counts["parts"]:
            summary += f", {counts['parts']:,} unreadable in files that hold many"
    if slowest is not None:
        summary += f"; slowest {name(slowest.path)} ({slowest.seconds:.2f} s)"
    print(summary)
    return 1 if counts["error"] or counts["parts"] else 0


def _open(args: argparse.Namespace) -> int:
    from reader.tui.app import ReaderApp, resolve_library

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Drawn into a file or a pipe, the app would write screen codes there and
        # wait for keys that never come.
        _error("reader", "the app needs a terminal; for a list of the threads: reader threads PATH")
        return 2
    settings = Settings.load()
    if args.path is not None and not args.path.exists():
        _error(args.path, "no such file or folder")
        return 1
    library = resolve_library(args.path, settings)
    app = ReaderApp(library, settings=settings, theme=args.theme)
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "open")
    args = _parser().parse_args(argv)
    handlers = {
        "open": _open,
        "show": _show,
        "threads": _threads,
        "index": _index,
        "check": _check,
    }
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`| head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # the promise: one line, never a traceback
        target = getattr(args, "file", None) or getattr(args, "path", None) or "reader"
        _error(target, f"unexpected error: {type(error).__name__}: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())

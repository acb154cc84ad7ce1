"""The `reader` command: the app, and the same pipeline without the screen.

    reader [PATH]                     open the app on a folder (or the configured
                                      library, or the bundled sample)
    reader show FILE [--format text|markdown|json] [--expand] [--body-only]
    reader threads PATH... [--json]

A file that cannot be read is one line on stderr and a non-zero exit status,
never a traceback. Everything printed comes from sanitised text.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.model import ArticleError
from reader.sanitize import clean_line

COMMANDS = ("open", "show", "threads")


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

    show = commands.add_parser("show", help="print one article, cleaned")
    show.add_argument("file", type=Path)
    show.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    show.add_argument("--expand", action="store_true", help="print folded blocks in full")
    show.add_argument(
        "--body-only", action="store_true", help="only the article's text, folds left out"
    )

    threads = commands.add_parser("threads", help="group articles into threads")
    threads.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    threads.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _error(path: Path | str, reason: str) -> None:
    print(f"reader: {clean_line(str(path))}: {clean_line(reason)}", file=sys.stderr)


def _show(args: argparse.Namespace) -> int:
    from reader import read_article
    from reader.render import as_json, as_markdown, as_text, body_only

    try:
        article = read_article(args.file)
    except ArticleError as error:
        _error(error.path, error.reason)
        return 1
    if args.body_only:
        output = body_only(article)
    elif args.format == "json":
        output = as_json(article)
    elif args.format == "markdown":
        output = as_markdown(article, expand=args.expand)
    else:
        output = as_text(article, expand=args.expand)
    sys.stdout.write(output)
    return 0


def _relative(path: Path, roots: Sequence[Path]) -> str:
    for root in roots:
        base = root if root.is_dir() else root.parent
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _threads(args: argparse.Namespace) -> int:
    from reader import default_catalogue, group_threads
    from reader.library import read_all, scan
    from reader.model import Article
    from reader.render import meta_line

    articles: list[Article] = []
    status = 0
    for root in args.paths:
        if not root.exists():
            _error(root, "no such file or folder")
            status = 1
            continue
        found = scan(root)
        for failure in found.failures:
            _error(failure.path, failure.reason)
        for result in read_all(found.paths, default_catalogue()):
            if isinstance(result, Article):
                articles.append(result)
            else:
                _error(result.path, result.reason)
    threads = group_threads(articles)
    if args.json:
        data = [
            {
                "id": thread.id,
                "title": thread.title,
                "files": [_relative(a.path, args.paths) for a in thread.articles],
            }
            for thread in threads
        ]
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return status
    for thread in threads:
        copies = f"  ({len(thread)} copies)" if len(thread) > 1 else ""
        print(f"{thread.title}{copies}")
        for article in thread.articles:
            print(f"  {_relative(article.path, args.paths)}  {meta_line(article)}".rstrip())
    return status


def _open(args: argparse.Namespace) -> int:
    from reader.settings import Settings
    from reader.tui.app import ReaderApp, resolve_library

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
    handlers = {"open": _open, "show": _show, "threads": _threads}
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

"""The Textual app: owns the library's data and the workers that fill it.

Parsing never runs on the UI thread. One thread worker scans the folder and
reads every file, handing batches to the UI with `call_from_thread`; when all
are read it groups them into threads. A second worker reads the file the user
is looking at first, if the indexer has not got to it yet. The screens only
show what the app holds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeVar

from textual import work
from textual.app import App
from textual.worker import get_current_worker

from reader import default_catalogue, read_article
from reader.boilerplate import Catalogue, load_catalogue
from reader.library import read_all, thread_library, walk
from reader.model import Article, ArticleError, Failure, Thread
from reader.sanitize import clean_line
from reader.settings import DEFAULT_THEME, Settings
from reader.store import State
from reader.threads import Fingerprint, fingerprint
from reader.tui.bindings import APP
from reader.tui.help import HelpScreen
from reader.tui.main_screen import MainScreen
from reader.tui.opener import system_opener

T = TypeVar("T")
_BATCH_SECONDS = 0.1


def _batches(items: Iterable[T]) -> Iterator[list[T]]:
    """`items` in lists, one every _BATCH_SECONDS: few enough hand-overs to the UI
    thread, often enough that the screen fills in as the work goes."""
    batch: list[T] = []
    last = time.monotonic()
    for item in items:
        batch.append(item)
        if time.monotonic() - last >= _BATCH_SECONDS:
            yield batch
            batch, last = [], time.monotonic()
    yield batch


@dataclass(frozen=True, slots=True)
class Library:
    root: Path
    sample: bool = False
    label: str | None = None  # how the header names it (default: the path, ~ for home)

    def display_name(self) -> str:
        if self.label is not None:
            return self.label
        if self.sample:
            return "sample"
        text, home = str(self.root), str(Path.home())
        return "~" + text[len(home) :] if text.startswith(home + "/") else text


def sample_library() -> Path:
    """The small library bundled with the package."""
    return Path(str(resources.files("reader").joinpath("sample")))


def resolve_library(path: Path | None, settings: Settings) -> Library:
    """The folder to open: the one given, else the configured one, else the sample."""
    if path is not None:
        return Library(path)
    if settings.library is not None and settings.library.exists():
        return Library(settings.library)
    return Library(sample_library(), sample=True)


class ReaderApp(App[None]):
    """Browse a folder of saved articles, one story per thread."""

    TITLE = "reader"
    CSS_PATH = "app.tcss"
    BINDINGS = APP
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        library: Library,
        *,
        settings: Settings | None = None,
        theme: str | None = None,
        state: State | None = None,
        catalogue: Catalogue | None = None,
        opener: Callable[[Path], str | None] = system_opener,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings.load()
        self.library = Library(library.root.expanduser().resolve(), library.sample, library.label)

        self.state = state or State.open(self.settings.state_file)
        self.catalogue = catalogue or (
            load_catalogue(self.settings.rules_file) if settings else default_catalogue()
        )
        self.opener = opener
        self.paths: list[Path] = []
        self.articles: dict[Path, Article] = {}
        self.failures: dict[Path, Failure] = {}
        self.threads: list[Thread] = []
        self.fingerprints: dict[Path, Fingerprint] = {}
        self.read_paths: set[str] = self.state.read_paths()
        self.indexing = True
        self.done = 0
        wanted = theme or self.settings.theme
        self._theme_problem = None
        if wanted not in self.available_themes:
            self._theme_problem = f"unknown theme {wanted!r}; using {DEFAULT_THEME}"
            wanted = DEFAULT_THEME
        self.theme = wanted

    @property
    def main(self) -> MainScreen:
        return self.get_screen("main")  # type: ignore[return-value]

    def on_mount(self) -> None:
        self.install_screen(MainScreen(), name="main")
        self.push_screen("main")
        for problem in (
            *self.settings.problems,
            *self.catalogue.problems,
            self.state.problem,
            self._theme_problem,
        ):
            if problem:
                self.notify(clean_line(problem), severity="warning", markup=False, timeout=8)
        self.index_library()

    # ---- reading the library ---------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def index_library(self) -> None:
        worker = get_current_worker()
        for found in _batches(walk(self.library.root)):
            if worker.is_cancelled:
                return
            self.call_from_thread(self._found, found)
        # The UI thread has taken every batch: self.paths is complete.
        todo = [path for path in self.paths if path not in self.articles]
        results = read_all(todo, self.catalogue, cancelled=lambda: worker.is_cancelled)
        for batch in _batches(results):
            self.call_from_thread(self._read, batch)
        if worker.is_cancelled:
            return
        self._group()

    @work(thread=True, exclusive=True, group="group", exit_on_error=False)
    def regroup(self) -> None:
        """Group again (after a split or a merge), unless the indexer will anyway."""
        if not self.indexing:
            self._group()

    def _group(self) -> None:
        """Fingerprint what is new and group everything. Runs in a worker thread."""
        articles = [self.articles[p] for p in self.paths if p in self.articles]
        prints = []
        for article in articles:
            print_ = self.fingerprints.get(article.path)
            if print_ is None:
                print_ = self.fingerprints[article.path] = fingerprint(article)
            prints.append(print_)
        choices = self.call_from_thread(self.state.choices)
        threads, refolded = thread_library(articles, prints, self.catalogue, choices)
        self.call_from_thread(self._grouped, threads, refolded)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def read_first(self, path: Path) -> None:
        """Read the file the user is looking at, ahead of the indexer."""
        try:
            result: Article | Failure = read_article(path, self.catalogue)
        except ArticleError as error:
            result = error.failure()
        self.call_from_thread(self._read, [result])

    def _found(self, found: list[Path | Failure]) -> None:
        paths = [item for item in found if isinstance(item, Path)]
        failures = [item for item in found if isinstance(item, Failure)]
        self.paths.extend(paths)
        for failure in failures:
            self.failures[failure.path] = failure
        self.main.files_found(paths, failures)

    def _read(self, results: list[Article | Failure]) -> None:
        for result in results:
            if isinstance(result, Article):
                if result.path not in self.articles:
                    self.done += 1
                self.articles[result.path] = result
            else:
                if result.path not in self.failures:
                    self.done += 1
                self.failures[result.path] = result
        self.main.articles_read([r.path for r in results])

    def _grouped(self, threads: list[Thread], refolded: dict[Path, Article]) -> None:
        self.articles.update(refolded)
        self.threads = threads
        self.indexing = False
        self.main.threads_grouped()

    # ---- read state --------------------------------------------------------------

    def split_out(self, article: Article) -> None:
        self.state.split_out(article.path)
        self._report_state_problem()
        self.regroup()

    def merge(self, first: Thread, second: Thread) -> None:
        self.state.merge(first.lead.path, second.lead.path)
        self._report_state_problem()
        self.regroup()

    def _report_state_problem(self) -> None:
        if self.state.problem:
            self.notify(clean_line(self.state.problem), severity="warning", markup=False)

    def is_read(self, thread: Thread) -> bool:
        return all(str(path) in self.read_paths for path in thread.paths)

    def set_read(self, thread: Thread, read: bool) -> None:
        self.state.set_read(thread.paths, read)
        keys = {str(path) for path in thread.paths}
        if read:
            self.read_paths |= keys
        else:
            self.read_paths -= keys
        self._report_state_problem()

    # ---- actions -----------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_original(self, path: Path) -> None:
        problem = self.opener(path)
        if problem:
            self.notify(
                f"Could not open {clean_line(path.name)}: {clean_line(problem)}",
                severity="error",
                markup=False,
            )
        else:
            self.notify(f"Opened {clean_line(path.name)}", markup=False, timeout=3)

    def on_unmount(self) -> None:
        self.state.close()

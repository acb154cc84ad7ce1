"""Test configuration: snapshots in the top-level snapshots/ folder, hermetic rendering,
and no test ever touching the real user's config, cache or data dirs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import pytest_textual_snapshot
from syrupy.location import PyTestLocation
from textual.widgets import Input

TESTS_DIR = Path(__file__).resolve().parent
SNAPSHOT_ROOT = TESTS_DIR.parent / "snapshots"
FIXTURES = TESTS_DIR / "fixtures"
SEEDS = FIXTURES / "seeds"
INKL_SEED = SEEDS / "000_e1f9cb036ec7b0a4.txt"
DAILY8_SEED = SEEDS / "001_d2b7e4925b8ba621.txt"


class TopLevelSVGExtension(pytest_textual_snapshot.SVGImageExtension):
    """Same SVG normalisation as the plugin; only the directory differs."""

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        # tests/test_snapshots.py::test_x -> snapshots/test_snapshots/test_x.svg
        relative = Path(test_location.filepath).resolve().parent.relative_to(TESTS_DIR)
        return str(SNAPSHOT_ROOT / relative / test_location.basename)


# snap_compare() resolves this module global at call time.
pytest_textual_snapshot.SVGImageExtension = TopLevelSVGExtension


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    home = tmp_path_factory.mktemp("home")
    for variable in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    # NO_COLOR is read per App instance -> monochrome SVGs if set in the shell.
    monkeypatch.delenv("NO_COLOR", raising=False)
    import textual.constants

    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")
    # The Input cursor blinks on a wall-clock timer; freeze it.
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    from reader import default_catalogue

    default_catalogue.cache_clear()


def ident(path: Path) -> str:
    """What the user's marks on the article in this file are on."""
    from reader.model import identity

    return identity(path.read_bytes())


class Opener:
    """Stands in for the system opener: records what it was asked to open."""

    def __init__(self) -> None:
        self.opened: list[Path] = []

    def __call__(self, path: Path) -> str | None:
        self.opened.append(path)
        return None


class Browser:
    """Stands in for the web browser: records the links it was asked to open."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, url: str) -> str | None:
        self.opened.append(url)
        return None


def make_app(
    root: Path,
    home: Path,
    opener: Opener | None = None,
    browser: Browser | None = None,
    **options: object,
):
    """The app on `root`, with config, cache and state under `home`; nothing
    is ever handed to the system's opener, a real browser, the clipboard or
    another program (`options` may give stand-ins for them)."""
    from reader.settings import Settings
    from reader.tui.app import Library, ReaderApp

    settings = Settings.load(
        config_dir=home / "config", cache_dir=home / "cache", data_dir=home / "data"
    )
    # One reading process: a test's library is a handful of files, and a
    # second process costs a second start-up (the pool has its own tests).
    settings = replace(settings, workers=1)
    return ReaderApp(
        Library(root, label=root.name),
        settings=settings,
        opener=opener or Opener(),
        browser=browser or Browser(),
        clipboard=options.pop("clipboard", lambda text: False),
        runner=options.pop("runner", lambda command, text: None),
        **options,
    )


async def settle(pilot) -> None:
    """Wait until the library is read and grouped, and the screen has caught up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()

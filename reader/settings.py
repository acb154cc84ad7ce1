"""Where reader keeps things, and the user's settings: the one place paths come from.

Config (settings and the user's own fold rules) lives in the platformdirs config
dir, the disposable cache in the cache dir, read state in the data dir. Every path
can be injected, so tests never touch a real user's directories.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

APP_NAME = "reader"
DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True, slots=True)
class Settings:
    config_dir: Path
    cache_dir: Path
    data_dir: Path
    theme: str = DEFAULT_THEME
    library: Path | None = None
    workers: int = 0  # processes that read files; 0: one per core
    poll_seconds: float = 30.0  # how often the library is looked at for changes
    time_limit: float = 10.0  # seconds one file may take to read
    memory_limit: int = 1024  # megabytes one file may take to read
    keys: tuple[tuple[str, str], ...] = ()  # the user's keymap: binding id, keys
    export: Path | None = None  # where `E` saves articles (default: the data dir's exports)
    problems: tuple[str, ...] = ()

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def rules_file(self) -> Path:
        return self.config_dir / "rules.toml"

    @property
    def state_file(self) -> Path:
        return self.data_dir / "state.sqlite3"

    @property
    def cache_file(self) -> Path:
        return self.cache_dir / "index.sqlite3"

    @property
    def export_dir(self) -> Path:
        return self.export or self.data_dir / "exports"

    @classmethod
    def load(
        cls,
        config_dir: Path | None = None,
        cache_dir: Path | None = None,
        data_dir: Path | None = None,
    ) -> Settings:
        """Settings from the config file in `config_dir` (platformdirs by default).

        A missing file gives the defaults; a broken one gives the defaults and a
        line in `problems` that the app shows, never an exception.
        """
        settings = cls(
            config_dir=config_dir or platformdirs.user_config_path(APP_NAME),
            cache_dir=cache_dir or platformdirs.user_cache_path(APP_NAME),
            data_dir=data_dir or platformdirs.user_data_path(APP_NAME),
        )
        try:
            with settings.config_file.open("rb") as file:
                data = tomllib.load(file)
        except FileNotFoundError:
            return settings
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            return replace(settings, problems=(f"{settings.config_file}: {error}",))
        problems: list[str] = []
        theme = data.get("theme", DEFAULT_THEME)
        if not isinstance(theme, str):
            problems.append(f"{settings.config_file}: theme must be a string")
            theme = DEFAULT_THEME
        library = data.get("library")
        if library is not None and not isinstance(library, str):
            problems.append(f"{settings.config_file}: library must be a path string")
            library = None

        keys: list[tuple[str, str]] = []
        table = data.get("keys", {})
        if not isinstance(table, dict):
            problems.append(f'{settings.config_file}: [keys] must be a table of id = "keys"')
            table = {}
        for binding, value in table.items():
            if isinstance(value, str) and value.strip():
                keys.append((str(binding), value.strip()))
            else:
                problems.append(f"{settings.config_file}: keys.{binding} must be a string of keys")
        export = data.get("export_dir")
        if export is not None and not isinstance(export, str):
            problems.append(f"{settings.config_file}: export_dir must be a path string")
            export = None

        def number(name: str, default: float) -> float:
            value = data.get(name, default)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                problems.append(f"{settings.config_file}: {name} must be a number, 0 or more")
                return default
            return value

        return replace(
            settings,
            theme=theme,
            library=Path(library).expanduser() if library else None,
            workers=int(number("workers", settings.workers)),
            poll_seconds=float(number("poll_seconds", settings.poll_seconds)),
            time_limit=float(number("time_limit", settings.time_limit)),
            memory_limit=int(number("memory_limit", settings.memory_limit)),
            keys=tuple(keys),
            export=Path(export).expanduser() if export else None,
            problems=tuple(problems),
        )

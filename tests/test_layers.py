"""The house keeps its shape: each module imports only from the floors below it,
stages never import one another, nothing imports in a circle, and the parts
that need no HTML parser do not load one."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "reader"

# Floors, lowest first; a module may import from its own floor and those below.
FLOORS: tuple[tuple[str, ...], ...] = (
    # codec is the model as bytes: the pipeline's index entry holds the article so.
    # bulk pauses the cycle collector for whoever makes many objects at once.
    ("model", "normalize", "sanitize", "settings", "render", "codec", "bulk"),
    ("formats", "extract", "boilerplate", "threads", "compare"),
    ("pipeline",),
    ("scan", "pool", "cache", "dbfile", "store", "library"),
    ("view",),
    ("tui",),
    ("cli", "__main__"),
)
STAGES = FLOORS[1]


def _part(module: str) -> str:
    """The top-level part of `reader` a module belongs to: reader.extract.html -> extract."""
    return module.split(".")[1]


def _floor(part: str) -> int:
    return next(n for n, floor in enumerate(FLOORS) if part in floor)


def _imports() -> dict[str, set[str]]:
    """Each module of the package, and the modules of the package it imports
    (anywhere in it, functions too; not under `if TYPE_CHECKING`)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text("utf-8"))
        checking = {
            id(node)
            for branch in ast.walk(tree)
            if isinstance(branch, ast.If) and "TYPE_CHECKING" in ast.unparse(branch.test)
            for inner in branch.body
            for node in ast.walk(inner)
        }
        found: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in checking:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                found.update(n for n in names if n.startswith("reader."))
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("reader."))
        graph[module] = {name for name in found if _exists(name)}
    return graph


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


GRAPH = _imports()


def test_every_module_belongs_to_a_floor() -> None:
    parts = {_part(module) for module in GRAPH if module != "reader"}
    assert parts <= {part for floor in FLOORS for part in floor}


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m != "reader"))
def test_a_module_imports_nothing_above_its_floor_and_no_other_stage(module: str) -> None:
    part = _part(module)
    for imported in GRAPH[module]:
        other = _part(imported)
        assert _floor(other) <= _floor(part), f"{module} imports {imported}, a floor above"
        if part in STAGES and other in STAGES:
            assert other == part, f"stage {module} imports stage {imported}"


def test_no_module_imports_in_a_circle() -> None:
    state: dict[str, int] = {}  # 1: on the path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(GRAPH.get(module, ())):
            if state.get(imported) == 1:
                circle = [*path[path.index(imported) :], imported]
                pytest.fail("import circle: " + " -> ".join(circle))
            if imported not in state:
                visit(imported, [*path, imported])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])


def test_the_package_face_loads_nothing_until_asked() -> None:
    assert GRAPH["reader"] == set()


@pytest.mark.parametrize("module", ["reader", "reader.store", "reader.cache", "reader.settings"])
def test_the_state_cache_and_settings_load_no_html_parser(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "print(' '.join(m for m in ('lxml', 'bs4', 'readability', 'textual') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []


def test_the_package_face_gives_what_it_names() -> None:
    import reader

    for name in reader.__all__:
        assert getattr(reader, name) is not None
    with pytest.raises(AttributeError):
        _ = reader.no_such_name  # type: ignore[attr-defined]

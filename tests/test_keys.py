"""Every key is in the one table, and the help screen and the README say the same."""

from __future__ import annotations

from pathlib import Path

from reader.tui.bindings import ALL, GROUPS
from reader.tui.help import help_content, key_label

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
KEYS_TABLE = README.split("## Keys", 1)[1].split("\n## ", 1)[0]
SHOWN = [binding for _, bindings in GROUPS for binding in bindings]


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    for bindings in ALL:
        for binding in bindings:
            assert binding.id and binding.tooltip, binding


def test_the_help_screen_lists_every_key_of_the_main_screen() -> None:
    text = help_content().plain
    for binding in SHOWN:
        assert binding.tooltip in text, binding.id
    star = next(line for line in text.splitlines() if "Star the story" in line)
    assert "asterisk" not in text and star.strip().startswith("* ")


def test_the_readme_names_every_key_and_its_id() -> None:
    for binding in SHOWN:
        if binding.id.startswith(("query-", "choice")):
            continue  # the keys of a line and a list, said in the rows of / and C
        assert f"`{binding.id}`" in KEYS_TABLE, binding.id
        for key in key_label(binding).split():
            assert f"`{key}`" in KEYS_TABLE, (binding.id, key)


def test_a_keymap_is_shown_in_help() -> None:
    assert "ctrl+n" in help_content({"next": "ctrl+n"}).plain

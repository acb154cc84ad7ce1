"""The `?` screen: every key, read from the bindings table (as the user's keymap
has it), grouped by where it works."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui.bindings import GROUPS, HELP, table

_KEY_NAMES = {
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "slash": "/",
    "asterisk": "*",
    "greater_than_sign": ">",
    "space": "space",
    "escape": "esc",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "down": "↓",
    "up": "↑",
}


def key_label(binding: Binding, keymap: Mapping[str, str] | None = None) -> str:
    """The keys of a binding as a person writes them ("j ↓", "*", "[")."""
    keys = (keymap or {}).get(binding.id or "", binding.key)
    names = [_KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(",")]
    return " ".join(dict.fromkeys(names))


def help_content(keymap: Mapping[str, str] | None = None) -> Content:
    lines: list[Content] = []
    for title, bindings in GROUPS:
        lines.append(Content.styled(title, "bold $accent"))
        seen: set[str] = set()
        for binding in bindings:
            if binding.id in seen:
                continue
            seen.add(binding.id or binding.action)
            lines.append(
                Content.assemble(
                    (f"  {key_label(binding, keymap):<14}", "bold"),
                    binding.tooltip or binding.description,
                )
            )
        lines.append(Content(""))
    lines.append(
        Content.styled("The mouse works too: click a story, click a ▸ line to open it.", "italic")
    )
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The keys, in a box over the app; the cursor keys scroll it."""

    BINDINGS = table(HELP)

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self._keymap = dict(keymap or {})

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc to close"
            yield Static(help_content(self._keymap), id="help-text")

    def _box(self) -> VerticalScroll:
        return self.query_one("#help-box", VerticalScroll)

    def action_cursor_down(self) -> None:
        self._box().scroll_down(animate=False)

    def action_cursor_up(self) -> None:
        self._box().scroll_up(animate=False)

    def action_first(self) -> None:
        self._box().scroll_home(animate=False)

    def action_last(self) -> None:
        self._box().scroll_end(animate=False)

    def action_page_down(self) -> None:
        self._box().scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self._box().scroll_page_up(animate=False)

    def action_close(self) -> None:
        self.dismiss()

"""The `?` screen: every key, read from the bindings table, grouped by where it works."""

from __future__ import annotations

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
    "space": "space",
    "escape": "esc",
    "pagedown": "pgdn",
    "pageup": "pgup",
}


def key_label(binding: Binding) -> str:
    keys = [_KEY_NAMES.get(key, key) for key in binding.key.split(",")]
    return " ".join(dict.fromkeys(keys))


def help_content() -> Content:
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
                    (f"  {key_label(binding):<14}", "bold"),
                    binding.tooltip or binding.description,
                )
            )
        lines.append(Content(""))
    lines.append(
        Content.styled("The mouse works too: click a story, click a ▸ line to open it.", "italic")
    )
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The keys, in a box over the app."""

    BINDINGS = table(HELP)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc to close"
            yield Static(help_content(), id="help-text")

    def action_close(self) -> None:
        self.dismiss()

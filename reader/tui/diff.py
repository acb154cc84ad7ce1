"""The `d` screen: what this copy has that the lead has not, and the reverse."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.compare import compare
from reader.model import Article, Block, BlockKind
from reader.render import meta_line
from reader.tui.bindings import DIFF, table


def _name(article: Article, copy: int) -> str:
    meta = meta_line(article)
    return f"copy {copy}" + (f" ({meta})" if meta else "")


def _section(title: str, blocks: tuple[Block, ...]) -> Text:
    text = Text()
    text.append(title + "\n", style="bold")

    if not blocks:
        text.append("  nothing\n", style="italic dim")
    for block in blocks:
        mark = "caption: " if block.kind is BlockKind.CAPTION else ""
        text.append(f"  + {mark}{block.text}\n")
    return text


def comparison_text(this: Article, this_copy: int, other: Article, other_copy: int) -> Text:
    """The comparison as plain Text: every word from the articles, no markup."""
    result = compare(this, other)
    if result.same:
        return Text(
            f"{_name(this, this_copy)} and {_name(other, other_copy)} have the same "
            "paragraphs (quote style, punctuation and spacing aside).",
            style="italic",
        )
    return Text.assemble(
        _section(f"Only in {_name(this, this_copy)}", result.only_first),
        "\n",
        _section(f"Only in {_name(other, other_copy)}", result.only_second),
    )


class DiffScreen(ModalScreen[None]):
    """Compares two copies of a story, paragraph by paragraph."""

    BINDINGS = table(DIFF)

    def __init__(self, this: Article, this_copy: int, other: Article, other_copy: int) -> None:
        super().__init__()
        self._text = comparison_text(this, this_copy, other, other_copy)
        self._title = f"copy {this_copy} and copy {other_copy}"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="diff-box") as box:
            box.border_title = f"Compare {self._title}"
            box.border_subtitle = "esc to close"
            yield Static(self._text, id="diff-text")

    def action_close(self) -> None:
        self.dismiss()

"""Small lists in a box over the app: the user's splits and joins (`C`, enter
undoes one), and the sources to narrow the list to (`f`).

Each returns what was chosen through `dismiss` (None for nothing); every line
is plain text (`Content`), never markup: titles and sources come from files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.sanitize import clean_line
from reader.tui.bindings import CHOICES, PICKER, table


@dataclass(frozen=True, slots=True)
class Choice:
    """A split or a join the user made, as the list shows it."""

    kind: str  # "alone" or "merge"
    idents: tuple[str, ...]
    text: str


class ChoicesScreen(ModalScreen[Choice | None]):
    """The splits and joins, most recent last; enter undoes the highlighted one."""

    BINDINGS = table(CHOICES)

    def __init__(self, choices: Sequence[Choice]) -> None:
        super().__init__()
        self._choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box") as box:
            box.border_title = "Your splits and joins"
            box.border_subtitle = "enter undoes · esc closes"
            if not self._choices:
                yield Static(Content("You have not split or joined any story."), id="picker-empty")
            else:
                yield OptionList(
                    *(Option(Content(clean_line(choice.text))) for choice in self._choices),
                    id="picker-list",
                )

    def action_undo_choice(self) -> None:
        if not self._choices:
            self.dismiss(None)
            return
        highlighted = self.query_one(OptionList).highlighted
        self.dismiss(self._choices[highlighted] if highlighted is not None else None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._choices[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)


class SourcePicker(ModalScreen[str | None]):
    """The library's sources, most stories first; enter shows only that one's."""

    BINDINGS = table(PICKER)

    def __init__(self, sources: Sequence[tuple[str, int]]) -> None:
        super().__init__()
        self._sources = list(sources)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box") as box:
            box.border_title = "Show the stories of"
            box.border_subtitle = "enter chooses · esc closes"
            yield OptionList(
                *(
                    Option(Content(f"{clean_line(name)}  ({count:,})"))
                    for name, count in self._sources
                ),
                id="picker-list",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._sources[event.option_index][0])

    def action_close(self) -> None:
        self.dismiss(None)

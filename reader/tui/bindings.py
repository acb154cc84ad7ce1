"""Every key the app answers to, in one table: the footer, the help screen and the
widgets all read it from here.

Each binding has an id, so a user keymap can rebind it (`App.set_keymap`), and
a tooltip, which the help screen shows.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType


def table(bindings: list[Binding]) -> list[BindingType]:
    """A widget's BINDINGS from one of these tables (Textual's type for them
    also admits tuples)."""
    return [*bindings]


APP = [
    Binding("q", "quit", "Quit", id="quit", tooltip="Quit reader"),
    Binding(
        "question_mark,f1", "help", "Help", key_display="?", id="help", tooltip="Show the keys"
    ),
]

# Keys that work whichever pane has the focus.
MAIN = [
    Binding(
        "tab", "switch_pane", "Pane", id="switch-pane", tooltip="Switch between list and article"
    ),
    Binding(
        "z", "toggle_fold", "Fold", id="fold", tooltip="Open or close the fold under the cursor"
    ),
    Binding(
        "Z",
        "toggle_all_folds",
        "All folds",
        id="fold-all",
        show=False,
        tooltip="Open or close every fold",
    ),
    Binding(
        "left_square_bracket",
        "copy(-1)",
        "Prev copy",
        key_display="[",
        show=False,
        id="copy-prev",
        tooltip="Previous copy of this story",
    ),
    Binding(
        "right_square_bracket",
        "copy(1)",
        "Other copy",
        key_display="]",
        id="copy-next",
        tooltip="Next copy of this story",
    ),
    Binding(
        "space", "page(1)", "Page", show=False, id="page-down", tooltip="Page down in the article"
    ),
    Binding("b", "page(-1)", "Page up", show=False, id="page-up", tooltip="Page up in the article"),
    # A priority binding runs as the key arrives, before the keys typed after it
    # are handed to the list: so "/syria" typed at speed all lands in the filter.
    Binding(
        "slash",
        "filter",
        "Filter",
        key_display="/",
        id="filter",
        tooltip="Filter the list by title",
        priority=True,
    ),
    Binding("m", "toggle_read", "Read", id="toggle-read", tooltip="Mark the story read or unread"),
    # Priority, like "/": what is typed right after it belongs to the search.
    Binding(
        "s",
        "search",
        "Search",
        id="search",
        tooltip="Search the text of every article",
        priority=True,
    ),
    Binding("n", "match(1)", "Next match", show=False, id="match-next", tooltip="Next match"),
    Binding("N", "match(-1)", "Prev match", show=False, id="match-prev", tooltip="Previous match"),
    Binding(
        "asterisk",
        "toggle_star",
        "Star",
        key_display="*",
        show=False,
        id="toggle-star",
        tooltip="Star the story, or take its star away",
    ),
    Binding(
        "M",
        "toggle_hide_read",
        "Hide read",
        show=False,
        id="hide-read",
        tooltip="Hide read stories",
    ),
    Binding(
        "S",
        "cycle_sort",
        "Sort",
        show=False,
        id="sort",
        tooltip="Sort by date, then by source, then by title",
    ),
    Binding(
        "R", "rescan", "Rescan", show=False, id="rescan", tooltip="Look for new and changed files"
    ),
    Binding(
        "d",
        "compare",
        "Compare",
        show=False,
        id="compare",
        tooltip="Compare this copy with the lead, paragraph by paragraph",
    ),
    Binding(
        "X",
        "split_copy",
        "Split out",
        show=False,
        id="split-copy",
        tooltip="Take this copy out of its thread (remembered)",
    ),
    Binding(
        "J",
        "merge_threads",
        "Merge",
        show=False,
        id="merge-threads",
        tooltip="Join with another story: J here, J there (remembered)",
    ),
    Binding(
        "o",
        "open_original",
        "Original",
        show=False,
        id="open-original",
        tooltip="Open the original file with the system's opener",
    ),
    Binding(
        "O",
        "open_link",
        "Link",
        show=False,
        id="open-link",
        tooltip="Open the article's http(s) link in the browser",
    ),
    Binding(
        "escape",
        "escape",
        "Back",
        show=False,
        id="back",
        tooltip="Cancel a merge, clear the filter, or go back to the list",
    ),
]

# Cursor keys, shared by the list and the article view (each has its own actions).
CURSOR = [
    Binding("j,down", "cursor_down", "Down", show=False, id="down", tooltip="Move down"),
    Binding("k,up", "cursor_up", "Up", show=False, id="up", tooltip="Move up"),
    Binding("g,home", "first", "First", show=False, id="first", tooltip="Go to the top"),
    Binding("G,end", "last", "Last", show=False, id="last", tooltip="Go to the bottom"),
    Binding(
        "pagedown", "page_down", "Page down", show=False, id="cursor-page-down", tooltip="Page down"
    ),
    Binding("pageup", "page_up", "Page up", show=False, id="cursor-page-up", tooltip="Page up"),
]

THREAD_LIST = [
    *CURSOR,
    Binding("enter", "select", "Open", id="open", tooltip="Read the highlighted story"),
]

ARTICLE = [
    *CURSOR,
    Binding(
        "enter",
        "toggle_fold",
        "Fold",
        show=False,
        id="enter-fold",
        tooltip="Open or close the fold under the cursor",
    ),
]

FILTER = [
    Binding("escape", "cancel", "Clear", id="filter-clear", tooltip="Clear the filter"),
    Binding(
        "enter,down",
        "accept",
        "Keep",
        key_display="enter",
        id="filter-keep",
        tooltip="Keep the filter and go to the list",
    ),
]

DIFF = [
    Binding("escape,q,d", "close", "Close", id="diff-close", tooltip="Close the comparison"),
]

HELP = [
    Binding("escape,q,question_mark,f1", "close", "Close", id="help-close", tooltip="Close help"),
]

# The help screen lists these groups, in this order.
GROUPS = (
    ("Anywhere", APP + MAIN),
    ("Moving, in the list and in the article", CURSOR),
    ("Story list", [b for b in THREAD_LIST if b not in CURSOR]),
    ("Article", [b for b in ARTICLE if b not in CURSOR]),
    ("Filter", FILTER),
)

"""Every key the app answers to, in one table: the footer, the help screen, the
README's table and the widgets all read it from here (a test checks the
README against it).

Each binding has an id, so the user's `[keys]` in config.toml can rebind it
(`App.set_keymap`), and a tooltip, which the help screen shows.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType


def table(bindings: list[Binding]) -> list[BindingType]:
    """A widget's BINDINGS from one of these tables (Textual's type for them
    also admits tuples)."""
    return [*bindings]


def _key(key: str, action: str, description: str, id: str, tooltip: str, **more: object) -> Binding:
    """A binding kept out of the footer unless `show=True` is given."""
    options: dict[str, object] = {"show": False, **more}
    return Binding(key, action, description, id=id, tooltip=tooltip, **options)  # type: ignore[arg-type]


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
    _key("Z", "toggle_all_folds", "All folds", "fold-all", "Open or close every fold"),
    _key(
        "greater_than_sign",
        "follow",
        "Go to story",
        "follow",
        "Go to the library's story folded under the cursor (found in this page)",
        key_display=">",
    ),
    _key(
        "left_square_bracket",
        "copy(-1)",
        "Prev copy",
        "copy-prev",
        "Previous copy of this story",
        key_display="[",
    ),
    Binding(
        "right_square_bracket",
        "copy(1)",
        "Copies",
        key_display="]",
        id="copy-next",
        tooltip="Next copy of this story",
    ),
    _key(
        "space",
        "page(1)",
        "Page",
        "page-down",
        "Page down in the article; at its end, the next unread story",
    ),
    _key("b", "page(-1)", "Page up", "page-up", "Page up in the article"),
    # A priority binding runs as the key arrives, before the keys typed after it
    # are handed to the list: so "/syria" typed at speed all lands in the line.
    Binding(
        "slash",
        "find",
        "Find",
        key_display="/",
        id="find",
        tooltip="Filter the list by title (in the list) or find in the article (in the article)",
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
    _key(
        "n",
        "match(1)",
        "Next",
        "next",
        "Next match (after a search or a find), else the next unread story",
    ),
    _key(
        "N",
        "match(-1)",
        "Previous",
        "previous",
        "Previous match (after a search or a find), else the previous unread story",
    ),
    _key(
        "asterisk",
        "toggle_star",
        "Star",
        "toggle-star",
        "Star the story, or take its star away",
        key_display="*",
    ),
    _key("A", "mark_all_read", "All read", "mark-all-read", "Mark every story shown read"),
    _key("u", "undo", "Undo", "undo", "Undo the last m, A, *, X or J (again: the one before)"),
    _key("M", "toggle_hide_read", "Hide read", "hide-read", "Hide read stories (again: show them)"),
    _key(
        "v", "cycle_show", "Show", "show", "Show all stories, then unread only, then starred only"
    ),
    _key("f", "pick_source", "Source", "source", "Show one source's stories (again: all)"),
    _key(
        "S",
        "cycle_sort",
        "Sort",
        "sort",
        "Sort newest first, then by source, by title, oldest first",
    ),
    _key("R", "rescan", "Rescan", "rescan", "Look for new and changed files now"),
    _key(
        "d",
        "compare",
        "Compare",
        "compare",
        "Compare this copy with the lead, paragraph by paragraph",
    ),
    _key("X", "split_copy", "Split out", "split-copy", "Take this copy out of its thread"),
    _key(
        "J",
        "merge_threads",
        "Join",
        "merge-threads",
        "Join with another story: J here, J there",
    ),
    _key("C", "choices", "Choices", "choices", "List your splits and joins, and undo any"),
    _key(
        "o",
        "open_original",
        "Original",
        "open-original",
        "Open the original file with the system's opener",
    ),
    _key(
        "O",
        "open_link",
        "Link",
        "open-link",
        "Open the article's http(s) address in the browser",
    ),
    _key("P", "pager", "Pager", "pager", "Read the article in your $PAGER"),
    _key("e", "edit", "Edit", "edit", "Open the file in your $EDITOR"),
    _key("y", "copy_link", "Copy link", "copy-link", "Copy the article's address (or its path)"),
    _key("Y", "copy_path", "Copy path", "copy-path", "Copy the file's path"),
    _key("E", "export", "Export", "export", "Save the article as Markdown"),
    _key(
        "escape",
        "escape",
        "Back",
        "back",
        "Cancel a join, clear a search, or go back to the list",
    ),
]

# Cursor keys, shared by the list and the article view (each has its own actions).
CURSOR = [
    _key("j,down", "cursor_down", "Down", "down", "Move down"),
    _key("k,up", "cursor_up", "Up", "up", "Move up"),
    _key("g,home", "first", "First", "first", "Go to the top"),
    _key("G,end", "last", "Last", "last", "Go to the bottom"),
    _key("pagedown", "page_down", "Page down", "cursor-page-down", "Page down"),
    _key("pageup", "page_up", "Page up", "cursor-page-up", "Page up"),
]

THREAD_LIST = [
    *CURSOR,
    Binding("enter", "select", "Open", id="open", tooltip="Read the highlighted story"),
]

ARTICLE = [
    *CURSOR,
    _key("enter", "toggle_fold", "Fold", "enter-fold", "Open or close the fold under the cursor"),
]

QUERY = [
    Binding("escape", "cancel", "Clear", id="query-clear", tooltip="Clear the line and its effect"),
    # ctrl+j too: an enter typed before the app has the terminal arrives as a
    # newline (the terminal was still translating it).
    Binding(
        "enter,ctrl+j,down",
        "accept",
        "Keep",
        key_display="enter",
        id="query-keep",
        tooltip="Keep the filter, or run the search or the find",
    ),
]

DIFF = [
    Binding("escape,q,d", "close", "Close", id="diff-close", tooltip="Close the comparison"),
]

HELP = [
    Binding("escape,q,question_mark,f1", "close", "Close", id="help-close", tooltip="Close help"),
    *CURSOR,
]

CHOICES = [
    Binding("enter", "undo_choice", "Undo", id="choice-undo", tooltip="Undo this split or join"),
    Binding("escape,q,C", "close", "Close", id="choices-close", tooltip="Close the list"),
]

PICKER = [
    Binding("escape,q", "close", "Close", id="picker-close", tooltip="Close without choosing"),
]

# The help screen lists these groups, in this order.
GROUPS = (
    ("Anywhere", APP + MAIN),
    ("Moving, in the list, the article and help", CURSOR),
    ("Story list", [b for b in THREAD_LIST if b not in CURSOR]),
    ("Article", [b for b in ARTICLE if b not in CURSOR]),
    ("Filter, search and find line", QUERY),
    ("Splits and joins list", CHOICES),
)

# Every table, for the user's keymap: ids it may name.
ALL = (APP, MAIN, THREAD_LIST, ARTICLE, QUERY, DIFF, HELP, CHOICES, PICKER)

"""The article pane: title, meta line, blocks and folds, drawn a line at a time.

The article is laid out once per width (and again when a fold opens or
closes) into a list of lines; only the lines on screen are drawn. A line cursor
says which fold `z` and enter act on. Text is only ever turned into `rich.Text`
objects, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.model import Article, Block, BlockKind
from reader.normalize import fold, fold_map
from reader.render import bullet, fold_line, meta_line
from reader.tui.bindings import ARTICLE, table

_QUOTE_BAR = "▌ "
_FOLD_BAR = "│ "


@dataclass(frozen=True, slots=True)
class Line:
    """One screen line of the laid-out article."""

    text: Text
    fold: int | None = None  # the fold this line opens, closes or belongs to
    blank: bool = False


_BLANK = Line(Text(""), blank=True)


def _text(content: str, style: Style) -> Text:
    """`content` styled by a span: rich drops a Text's own style when it renders."""
    text = Text(content)
    text.stylize(style)
    return text


def _in_list(blocks: tuple[Block, ...], index: int, fold_starts: object) -> bool:
    """Whether block `index` is a list item followed by another, with no fold between."""
    following = index + 1
    return (
        blocks[index].kind is BlockKind.LIST_ITEM
        and following < len(blocks)
        and blocks[following].kind is BlockKind.LIST_ITEM
        and following not in fold_starts  # type: ignore[operator]
    )


class ArticleView(ScrollView, can_focus=True):
    """Shows one copy of a story."""

    BINDINGS = table(ARTICLE)
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--meta",
        "article-view--note",
        "article-view--heading",
        "article-view--quote",
        "article-view--caption",
        "article-view--preformatted",
        "article-view--fold",
        "article-view--folded",
        "article-view--cursor",
        "article-view--match",
        "article-view--placeholder",
    }

    class Scrolled(Message):
        """The article moved in the pane (the screen keeps the place)."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.Scrolled)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.article: Article | None = None
        self.copy = 1
        self.copies = 1
        self.placeholder = ""
        self.open_folds: set[int] = set()
        self.cursor_line = 0
        self.terms: tuple[str, ...] = ()  # words to mark: what the user searched for
        self.matches: list[int] = []  # lines where they are
        self.occurrences: list[int] = []  # the line of each match, one entry a match
        self.match_index: int | None = None  # the match the cursor went to last
        self._lines: list[Line] = []
        self._width = 0
        self._theme = ""

    # ---- what to show ----------------------------------------------------------

    def show(
        self, article: Article | None, copy: int = 1, copies: int = 1, placeholder: str = ""
    ) -> None:
        """Show `article` (or, with None, the placeholder text) from the top."""
        same = (
            article is not None and self.article is not None and article.path == self.article.path
        )
        self.article, self.copy, self.copies = article, copy, copies
        self.placeholder = placeholder
        if not same:
            self.open_folds = set()
            self.cursor_line = 0
        self._relayout()
        if not same:
            self.scroll_to(y=0, animate=False, immediate=True)

    @property
    def lines(self) -> list[Line]:
        return self._lines

    def highlight(self, terms: Iterable[str]) -> None:
        """Mark these words wherever they are (any case, accents alike: "Zurich"
        finds "Zürich"); `n` and `N` go to them."""
        self.terms = tuple(t for t in terms if t.strip())
        self.match_index = None
        self._relayout()

    def _mark_matches(self, lines: list[Line]) -> list[int]:
        self.occurrences = []
        terms = [fold(term) for term in self.terms]
        if not terms:
            return []
        style = self._style("match")
        found: list[int] = []
        for y, line in enumerate(lines):
            if line.blank:
                continue
            folded, origin = fold_map(line.text.plain)
            spans = []
            for term in terms:
                start = folded.find(term)
                while start >= 0:
                    spans.append((origin[start], origin[start + len(term) - 1] + 1))
                    start = folded.find(term, start + len(term))
            for start, end in sorted(spans):
                line.text.stylize(style, start, end)
                self.occurrences.append(y)
            if spans:
                found.append(y)
        return found

    def next_match(self, direction: int) -> bool:
        """Move the cursor to the next (or, with -1, previous) match."""
        count = len(self.occurrences)
        if self.match_index is None:
            if direction > 0:
                after = [n for n, y in enumerate(self.occurrences) if y > self.cursor_line]
            else:
                after = [n for n, y in enumerate(self.occurrences) if y < self.cursor_line][::-1]
            if not after:
                return False
            self.match_index = after[0]
        elif 0 <= self.match_index + direction < count:
            self.match_index += direction
        else:
            return False
        self._set_cursor(self.occurrences[self.match_index])
        return True

    def first_match(self) -> bool:
        """Go to the first match on screen or below it (else the first of all)."""
        if not self.occurrences:
            return False
        top = int(self.scroll_y)
        below = [n for n, y in enumerate(self.occurrences) if y >= top]
        self.match_index = below[0] if below else 0
        self._set_cursor(self.occurrences[self.match_index])
        return True

    @property
    def match_place(self) -> str:
        """Which match the cursor is on, as the header says it: "3 of 12"."""
        count = len(self.occurrences)
        if not count:
            return "no match"
        if self.match_index is None:
            return f"{count:,} {'match' if count == 1 else 'matches'}"
        return f"{self.match_index + 1:,} of {count:,}"

    @property
    def place(self) -> int | None:
        """How far down the article the screen's last line is, in percent."""
        if self.article is None or not self._lines:
            return None
        height = self.scrollable_content_region.height
        bottom = min(int(self.scroll_y) + height, len(self._lines))
        return round(100 * bottom / len(self._lines))

    @property
    def at_end(self) -> bool:
        """Whether the article's last line is on the screen."""
        height = self.scrollable_content_region.height
        return int(self.scroll_y) + height >= len(self._lines)

    def scroll_to_line(self, y: int) -> None:
        """Put line `y` at the top of the pane (as far as the article allows)."""
        self.scroll_to(y=max(0, y), animate=False, immediate=True)
        self.cursor_line = min(max(int(self.scroll_y), 0), max(len(self._lines) - 1, 0))
        self.refresh()

    def _relayout(self) -> None:
        self._theme = self.app.theme
        self._width = max(self.scrollable_content_region.width, 10)
        self._lines = self._layout(self._width)
        self.matches = self._mark_matches(self._lines)

        self.cursor_line = min(self.cursor_line, max(len(self._lines) - 1, 0))
        self.virtual_size = Size(self._width, len(self._lines))
        self.refresh()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.post_message(self.Scrolled())

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._relayout()
        self.post_message(self.Scrolled())  # how much of it shows has changed

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Lines carry their styles: a new theme means laying them out again.
        if self._theme != self.app.theme:
            self._relayout()

    # ---- layout ----------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"article-view--{name}")

    def _wrap(
        self,
        content: str,
        style: Style,
        width: int,
        first: str = "",
        rest: str = "",
        fold: int | None = None,
    ) -> list[Line]:
        """`content` wrapped to `width`, each line prefixed (the first with `first`)."""
        inner = max(width - max(len(first), len(rest)), 5)
        out = []
        text = _text(content, style)
        for n, piece in enumerate(text.wrap(self.app.console, inner, overflow="fold")):
            prefix = _text(first if n == 0 else rest, style)
            out.append(Line(Text.assemble(prefix, piece), fold=fold))
        return out

    def _layout(self, width: int) -> list[Line]:
        article = self.article
        if article is None:
            # Wrapped, never cut: it may be a file's name and the reason it failed.
            return (
                self._wrap(self.placeholder, self._style("placeholder"), width)
                if self.placeholder
                else []
            )
        lines = self._wrap(article.title, self._style("title"), width)
        meta = meta_line(article, self.copy, self.copies)
        if meta:
            lines += self._wrap(meta, self._style("meta"), width)
        for note in article.notes:
            lines += self._wrap(note, self._style("note"), width)
        lines.append(_BLANK)
        index = 0
        blocks = article.blocks
        skip_title = (
            bool(blocks)
            and blocks[0].kind is BlockKind.HEADING
            and blocks[0].text.casefold() == article.title.casefold()
        )
        folds = {fold.start: (n, fold) for n, fold in enumerate(article.folds)}
        while index < len(blocks):
            if index in folds:
                number, fold = folds[index]
                opened = number in self.open_folds
                lines.append(Line(_text(fold_line(fold, opened), self._style("fold")), fold=number))
                if opened:
                    folded = self._style("folded")
                    for block in blocks[fold.start : fold.end]:
                        lines += self._block(block, width, folded, bar=_FOLD_BAR, fold=number)
                lines.append(_BLANK)
                index = fold.end
                continue
            if not (index == 0 and skip_title):
                lines += self._block(blocks[index], width)
                if not _in_list(blocks, index, folds):
                    lines.append(_BLANK)
            index += 1
        while lines and lines[-1].blank:
            lines.pop()
        return lines

    def _block(
        self,
        block: Block,
        width: int,
        extra: Style | None = None,
        bar: str = "",
        fold: int | None = None,
    ) -> list[Line]:
        kind = block.kind
        style = Style()
        first = rest = ""
        if kind is BlockKind.HEADING:
            style = self._style("heading")
        elif kind is BlockKind.QUOTE:
            style = self._style("quote")
            first = rest = _QUOTE_BAR
        elif kind in (BlockKind.CAPTION, BlockKind.NOTE):
            style = self._style("caption")
        elif kind is BlockKind.LIST_ITEM:
            indent = "  " * max(block.level - 1, 0)
            mark = bullet(block)
            first, rest = indent + mark, indent + " " * len(mark)
        if extra is not None:
            style += extra
        if kind is BlockKind.PREFORMATTED:
            pre = self._style("preformatted") + (extra or Style())
            return [Line(_text(bar + line, pre), fold=fold) for line in block.text.split("\n")]
        return self._wrap(block.text, style, width, bar + first, bar + rest, fold=fold)

    # ---- folds -----------------------------------------------------------------

    def fold_near_cursor(self) -> int | None:
        """The fold under the cursor or, failing that, the next fold on screen."""
        if not self._lines:
            return None
        here = self._lines[min(self.cursor_line, len(self._lines) - 1)].fold
        if here is not None:
            return here
        bottom = int(self.scroll_y) + self.scrollable_content_region.height
        for line in self._lines[self.cursor_line : bottom]:
            if line.fold is not None:
                return line.fold
        return None

    def fold_target(self) -> str | None:
        """The key of the library's story folded near the cursor, if it is one."""
        number = self.fold_near_cursor()
        if number is None or self.article is None:
            return None
        return self.article.folds[number].target

    def toggle_fold(self, number: int | None = None) -> bool:
        """Open or close a fold (by default the one near the cursor). False if none."""
        number = self.fold_near_cursor() if number is None else number
        if number is None or self.article is None:
            return False
        opened = number not in self.open_folds
        if opened:
            self.open_folds.add(number)
        else:
            self.open_folds.discard(number)
        self._relayout()
        lines = [y for y, line in enumerate(self._lines) if line.fold == number]
        if lines:
            header, last = lines[0], lines[-1]
            self._set_cursor(header)
            if opened:
                # Show what opened: as much of it as the pane holds, header first.
                height = self.scrollable_content_region.height
                if last >= self.scroll_y + height:
                    self.scroll_to(y=min(header, last - height + 1), animate=False, immediate=True)
        return True

    def toggle_all_folds(self) -> bool:
        """Open every fold, or close them all if all are open. Returns True if opened."""
        if self.article is None or not self.article.folds:
            return False
        everything = set(range(len(self.article.folds)))
        self.open_folds = set() if self.open_folds >= everything else everything
        self._relayout()
        return bool(self.open_folds)

    # ---- cursor and scrolling ----------------------------------------------------

    def _set_cursor(self, y: int) -> None:
        y = max(0, min(y, len(self._lines) - 1))
        self.cursor_line = y
        height = self.scrollable_content_region.height
        if y < self.scroll_y:
            self.scroll_to(y=y, animate=False, immediate=True)
        elif y >= self.scroll_y + height:
            self.scroll_to(y=y - height + 1, animate=False, immediate=True)
        self.refresh()

    def _step(self, direction: int) -> None:
        """Move the cursor to the next line with text in `direction`."""
        y = self.cursor_line + direction
        while 0 <= y < len(self._lines) and self._lines[y].blank:
            y += direction
        if 0 <= y < len(self._lines):
            self._set_cursor(y)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_first(self) -> None:
        self._set_cursor(0)

    def action_last(self) -> None:
        self._set_cursor(len(self._lines) - 1)

    def page(self, direction: int) -> None:
        """Scroll a screenful, taking the cursor along."""
        height = max(self.scrollable_content_region.height - 1, 1)
        offset = self.cursor_line - int(self.scroll_y)
        self.scroll_to(y=self.scroll_y + direction * height, animate=False, immediate=True)
        self._set_cursor(int(self.scroll_y) + offset)

    def action_page_down(self) -> None:
        self.page(1)

    def action_page_up(self) -> None:
        self.page(-1)

    def action_toggle_fold(self) -> None:
        if not self.toggle_fold():
            self.app.bell()

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        y = int(self.scroll_y) + offset.y
        if 0 <= y < len(self._lines):
            self._set_cursor(y)
            if self._lines[y].fold is not None and (
                event.chain > 1 or self._lines[y].text.plain[:1] in ("▸", "▾")
            ):
                self.toggle_fold(self._lines[y].fold)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # ---- drawing ---------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        position = int(self.scroll_y) + y
        base = self.rich_style
        if position >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[position]
        text = line.text
        style = base
        if position == self.cursor_line and self.has_focus:
            cursor = self.get_component_rich_style("article-view--cursor", partial=True)
            style = base + cursor
            text = text.copy()
            text.stylize(cursor)
        strip = Strip(text.render(self.app.console))
        return strip.apply_style(base).adjust_cell_length(width, style).crop(0, width)

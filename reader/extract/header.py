"""The header lines of a copy: title, source, section, byline, date and captions.

Pasted copies start with the aggregator's furniture and the story's header
lines; an HTML article starts with its kicker and byline. The header is the
part before the first paragraph of running prose. In it, lines that match the
metadata patterns (`metadata.toml`: "By …", "Published …", "Source: …", dates)
become metadata; the headline is the last headline-shaped line; above it, a
known section name and the publisher's name (often printed twice, as logo and
text) become section and source; lines between headline and prose are photo
captions. Lines the fold rules recognise are never taken for any of these.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.extract.dates import mentions_date, parse_date
from reader.extract.paragraphs import Paragraphs
from reader.extract.vocabulary import DASH_SEPARATOR, FIELD_SEPARATOR, Vocabulary, first_value
from reader.model import Block, BlockKind
from reader.normalize import SENTENCE_END, is_prose, line_key, prose_start, word_count

_ISO_DATETIME = re.compile(
    r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?(?:Z|[+-]\d\d:?\d\d)?"
)
# An initialism after a name (a degree: "MA", "PhD", "MD").
_INITIALS = re.compile(r"(?:[A-Z][A-Z.]{1,3}|Ph\.?D)\b")
# A publication's name and its section in one field ("Eastern Shore Mercury — Business").
_NAME_AND_SECTION = re.compile(r"\s+[—–-]\s+")
# Between the cells of a menu bar pasted as one line ("Sections  Sign in").
_MENU_CELLS = re.compile(r"\S {2,}\S")
_MENU_BAR_CELLS = 3
# Between the steps of a trail ("World › Europe", "Telegraph / Sport").
_BREADCRUMB = re.compile(r"\s+[/›>»]\s+")

_HEADLINE_WORDS = range(2, 26)
# A sentence's full stop, inside closing quotes or brackets or not (not an ellipsis).
_FULL_STOP = re.compile(r"(?<!\.\.)\.[\"'”’)\]]*$")
# ... but for the point of an abbreviation a headline may end with ("Tues.",
# "Inc.", "U.S."): a capitalised word of four letters at most, or initials.
_ABBREVIATION_END = re.compile(r"(?:(?<![\w.])[A-Z][a-z]{0,3}|(?<!\w)(?:[A-Z]\.){1,3}[A-Z])\.$")
_SHORT_LINE_WORDS = 6
# Lines a story's own header may have between its headline and its text.
_OWN_HEADER_LINES = 4
_USUAL_HEADLINE_WORDS = 16
# Header lines come before this many blocks, however few of them are prose.
_HEADER_BLOCKS = 60
# A menu under a site's name has at least this many lines.
_LOGO_MENU_LINES = 3


@dataclass(slots=True)
class Header:
    title: str | None = None
    source: str | None = None
    section: str | None = None
    byline: str | None = None
    published_text: str | None = None
    url: str | None = None
    # A name that shared a line with a date ("Sarah Martinez · Updated …"): the
    # source, or the author if the source is known from elsewhere.
    unplaced: str | None = None
    consumed: set[int] = field(default_factory=set)
    captions: set[int] = field(default_factory=set)
    # Other prose above the story's own header (a box's whole story): not the article's.
    before_story: range = range(0)

    @property
    def published(self) -> dt.date | None:
        return parse_date(self.published_text or "")

    def place_unplaced(self) -> None:
        if self.unplaced is None:
            return
        if self.source is None:
            self.source = self.unplaced
        elif self.byline is None:
            self.byline = self.unplaced
        self.unplaced = None


_CLOCK_WORDS = frozenset(
    "mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday am "
    "pm at on gmt utc bst cet cest eet eest est edt et cst cdt ct mst mdt mt pst pdt pt ist "
    "jst hkt sgt aest aedt awst nzst nzdt of the a p m".split()
)


def _is_date_line(text: str) -> bool:
    """A line that is a date and little else ("Sun 16 Sep 2023 12.25 GMT")."""
    if word_count(text) > 9 or not mentions_date(text):
        return False
    if _ISO_DATETIME.fullmatch(text.strip()):
        return True
    words = re.findall(r"[^\W\d_]+", text.lower())
    months = {
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
    return all(w in _CLOCK_WORDS or w[:3] in months for w in words)


def _is_headline(block: Block, vocabulary: Vocabulary) -> bool:
    text = block.text
    if block.kind not in (BlockKind.PARAGRAPH, BlockKind.HEADING):
        return False
    if word_count(text) not in _HEADLINE_WORDS or len(text) > 250:
        return False
    if _is_menu_bar(text):
        return False
    if _FULL_STOP.search(text) and not _ABBREVIATION_END.search(text):
        return False
    return first_value(vocabulary.caption_credit, text) is None


def _is_menu_bar(text: str) -> bool:
    """A line of a menu's items between separators ("Home | News | Contact"):
    three or more, none over two words."""
    cells = FIELD_SEPARATOR.split(text)
    return len(cells) >= _MENU_BAR_CELLS and all(word_count(cell) <= 2 for cell in cells)


def _is_caption(block: Block, vocabulary: Vocabulary) -> bool:
    """A line between headline and text that describes a photo: it credits one,
    or it is not a sentence (a short lede that is one stays body text)."""
    if block.kind is not BlockKind.PARAGRAPH or word_count(block.text) < 4:
        return False
    credited = first_value(vocabulary.caption_credit, block.text) is not None
    return credited or SENTENCE_END.search(block.text) is None


def _is_publication_name(text: str, vocabulary: Vocabulary) -> bool:
    """A line that is a publication's name ("City Journal Online", "The Harbour Times")."""
    return _is_name(text) and vocabulary.is_publication(text)


def _is_name(text: str) -> bool:
    """A person's name on a line of its own ("Patricia Turner")."""
    parts = text.split()
    return 2 <= len(parts) <= 4 and all(
        p[:1].isupper() and p.replace("-", "").replace("'", "").replace(".", "").isalpha()
        for p in parts
    )


def _probe(text: str, vocabulary: Vocabulary) -> Header:
    """What a header line says, read on its own."""
    probe = Header()
    _take_metadata(probe, text, vocabulary, in_trailer=False)
    return probe


def _byline_or_date(text: str, vocabulary: Vocabulary) -> bool:
    """Whether a header line gives a byline or a date ("By …", "Posted 2 May 2025")."""
    probe = _probe(text, vocabulary)
    return probe.byline is not None or probe.published_text is not None


def _header_at(
    i: int, blocks: tuple[Block, ...], prose: list[bool], vocabulary: Vocabulary
) -> int | None:
    """If block `i` is a headline whose byline or date follows (within
    `_OWN_HEADER_LINES` lines, a photo's caption among
    them) and then two paragraphs of prose: where that prose begins."""
    if prose[i] or not _is_headline(blocks[i], vocabulary):
        return None
    if _byline_or_date(blocks[i].text, vocabulary):
        return None
    dated = False
    for j in range(i + 1, min(i + 1 + _OWN_HEADER_LINES, len(blocks) - 1)):
        if prose[j]:
            return j if dated and prose[j + 1] else None
        if word_count(blocks[j].text) > 20:
            return None
        dated = dated or _byline_or_date(blocks[j].text, vocabulary)
    return None


def _credit_line(text: str, vocabulary: Vocabulary) -> bool:
    """Whether a header line gives a byline, a date or the source ("By …",
    "Posted 2 May 2025", "site.com | via Daily Brief"): what a headline has
    under it."""
    probe = _probe(text, vocabulary)
    return probe.byline is not None or probe.published_text is not None or probe.source is not None


def _bylined(
    i: int, blocks: tuple[Block, ...], skip: list[bool], end: int, vocabulary: Vocabulary
) -> bool:
    """Whether a byline, a date or the source follows block `i` within
    `_OWN_HEADER_LINES` lines (before `end`)."""
    following = range(i + 1, min(i + 1 + _OWN_HEADER_LINES, end))
    return any(not skip[j] and _credit_line(blocks[j].text, vocabulary) for j in following)


def _bylined_ones(
    found: list[int],
    lines: list[int],
    blocks: tuple[Block, ...],
    skip: list[bool],
    end: int,
    vocabulary: Vocabulary,
) -> list[int]:
    """Of the headline-shaped lines `found`, those that a byline, date or
    source follows before the next of `lines` (headline-shaped lines too): one
    with another between is not the credited one."""
    return [
        i
        for i in found
        if _bylined(i, blocks, skip, min([end, *(j for j in lines if j > i)]), vocabulary)
    ]


def _own_header(
    blocks: tuple[Block, ...],
    prose: list[bool],
    skip: list[bool],
    body_start: int,
    vocabulary: Vocabulary,
) -> tuple[int, int] | None:
    """A story's own header below other prose: (its headline, where its text
    begins), when the page's top gives neither byline nor date and the page
    has exactly one such header below its first prose. A page that carries a
    box's whole story above the one it was saved for ("Editor's pick", "Top
    story") prints the story's headline, byline and date where it starts; a
    digest has several headers, and its first story is as much the page's as
    any other."""
    if any(
        not prose[i]
        and not skip[i]
        and word_count(blocks[i].text) <= 20
        and _byline_or_date(blocks[i].text, vocabulary)
        for i in range(body_start)
    ):
        return None
    # Text start -> headline: of the headline-shaped lines over one byline (a
    # section's trail above the headline is one too), the last is the headline.
    found: dict[int, int] = {}
    for i in range(body_start + 1, len(blocks) - 2):
        if (start := _header_at(i, blocks, prose, vocabulary)) is not None:
            found[start] = i
            if len(found) > 1:  # a digest: no need to look further
                return None
    if not found:
        return None
    ((start, headline),) = found.items()
    return (headline, start) if start <= _HEADER_BLOCKS else None


def _box_start(blocks: tuple[Block, ...], prose: list[bool], body_start: int) -> int:
    """Where the box holding the prose from `body_start` begins: its label and
    headline, up to two short lines directly above it."""
    start = body_start
    while (
        start > 0
        and body_start - start < 2
        and not prose[start - 1]
        and word_count(blocks[start - 1].text) <= _SHORT_LINE_WORDS * 2
    ):
        start -= 1
    return start


# Words a publication's name may keep in lower case ("Nation and World").
_NAME_JOINERS = frozenset("of the and & on in at for de la".split())


def _is_masthead(text: str, vocabulary: Vocabulary) -> bool:
    """A line that can name a publication: its words capitalised ("Glenrock
    Valley News", "WIRED"), or one of publication_words; not a kicker ("Don't
    miss", "Editor's pick"), a trail ("Sport | World") or a sentence."""
    if vocabulary.is_publication(text) and not FIELD_SEPARATOR.search(text):
        return True
    words = text.split()
    return bool(words) and all(
        (w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_JOINERS)
        and w.replace("-", "").replace("'", "").replace("’", "").replace(".", "").isalnum()
        for w in words
    )


def read_header(
    paragraphs: Paragraphs,
    vocabulary: Vocabulary,
    is_boilerplate: Callable[[str], bool],
    *,
    known_title: str | None = None,
    menu_lines: int = 4,
) -> Header:
    """Title, source, section, byline, date and captions from a copy's header lines.

    With `known_title` (from an HTML page's metadata) only a line that repeats it
    is taken for the headline.
    """
    blocks, after_blank = paragraphs.blocks, paragraphs.after_blank
    count = len(blocks)
    skip = [is_boilerplate(block.text) for block in blocks]
    header = Header()
    prose = [
        not skip[i] and block.kind is not BlockKind.HEADING and is_prose(block.text)
        for i, block in enumerate(blocks)
    ]
    body_start = min(prose_start(prose, _HEADER_BLOCKS), _HEADER_BLOCKS)
    own = (
        None
        if known_title is not None
        else _own_header(blocks, prose, skip, body_start, vocabulary)
    )
    if own is not None:
        header.before_story = range(_box_start(blocks, prose, body_start), own[0])
        body_start = own[1]

    last_prose = max(
        (i for i, b in enumerate(blocks) if not skip[i] and is_prose(b.text)), default=count - 1
    )
    trailer = range(max(body_start, last_prose + 1), count)
    for i in (*range(body_start), *trailer):
        if i in header.before_story:
            continue
        # A paragraph of prose above the story's text is a teaser or a lede, not a field.
        if skip[i] or prose[i] or word_count(blocks[i].text) > 20:
            continue
        if _take_metadata(header, blocks[i].text, vocabulary, in_trailer=i >= body_start):
            header.consumed.add(i)

    def usable(i: int) -> bool:
        return not skip[i] and i not in header.consumed

    title_at: int | None
    if own is not None:
        title_at = own[0]
    elif known_title is not None:
        key = line_key(known_title)
        title_at = next(
            (i for i in range(body_start) if usable(i) and line_key(blocks[i].text) == key), None
        )
    elif any(usable(i) and blocks[i].kind is BlockKind.HEADING for i in range(body_start)):
        title_at = next(
            i for i in range(body_start) if usable(i) and blocks[i].kind is BlockKind.HEADING
        )
    else:
        # Headlines are short; a long headline-shaped line is usually a photo caption.
        candidates = [
            i for i in range(body_start) if usable(i) and _is_headline(blocks[i], vocabulary)
        ]
        # "Headline / Publication / Byline": the publication's name is the source.
        names = [i for i in candidates if _is_publication_name(blocks[i].text, vocabulary)]
        if len(names) < len(candidates):
            candidates = [i for i in candidates if i not in names]
        longer = [i for i in candidates if word_count(blocks[i].text) >= 3]
        usual = [i for i in longer if word_count(blocks[i].text) <= _USUAL_HEADLINE_WORDS]
        likely = usual or longer or candidates

        # A headline is followed by its byline or date: a caption or a line
        # of the story's data (a venue, a kick-off time) above the text is not.
        # (A long one that is, where no usual one is: "Save for later" above it.)
        bylined = _bylined_ones(likely, longer, blocks, skip, body_start, vocabulary)
        if not bylined and likely is usual:
            bylined = _bylined_ones(longer, longer, blocks, skip, body_start, vocabulary)
        title_at = next(iter(reversed(bylined or likely)), None)
    if title_at is None:
        header.place_unplaced()
        return header
    header.title = blocks[title_at].text
    header.consumed.add(title_at)

    for i in range(title_at + 1, body_start):
        if not usable(i):
            continue
        text = blocks[i].text
        if _is_publication_name(text, vocabulary):
            if header.source is None:
                header.source = text
                header.consumed.add(i)
        elif header.byline is None and _is_name(text):
            header.byline = text
            header.consumed.add(i)
        elif _is_caption(blocks[i], vocabulary):
            header.captions.add(i)

    _read_masthead(
        header, blocks, after_blank, title_at, usable, skip.__getitem__, vocabulary, menu_lines
    )
    header.place_unplaced()
    if header.source is None:
        header.source = _logo(blocks, after_blank, title_at, skip, vocabulary)
    return header


def _logo(
    blocks: tuple[Block, ...],
    after_blank: frozenset[int],
    title_at: int,
    skip: list[bool],
    vocabulary: Vocabulary,
) -> str | None:
    """The site's name where a copied page starts its menu with it: a group of
    lines above the headline whose first names a publication and whose others
    are section names or site furniture ("Daily Courier / World / Sport / Sign in")."""
    starts = [i for i in range(title_at) if i == 0 or i in after_blank]
    for start in starts:
        end = next((s for s in starts if s > start), title_at)
        first, rest = blocks[start].text, range(start + 1, end)
        if skip[start] or len(rest) < _LOGO_MENU_LINES or vocabulary.is_section(first):
            continue
        if not (_is_name(first) or vocabulary.is_publication(first)):
            continue
        menu = sum(1 for i in rest if skip[i] or vocabulary.is_section(blocks[i].text))
        if menu >= 0.75 * len(rest):
            return first
    return None


def _read_masthead(
    header: Header,
    blocks: tuple[Block, ...],
    after_blank: frozenset[int],
    title_at: int,
    usable: Callable[[int], bool],
    known: Callable[[int], bool],
    vocabulary: Vocabulary,
    menu_lines: int,
) -> None:
    """Section, source and byline from the short lines just above the headline
    (`known`: whether a line is one the catalogue knows as boilerplate):
    "Source / Section", "Source / Source" (logo and name) or "Source / Author /
    Section"."""
    above: list[int] = []
    i = title_at - 1
    while i >= 0 and len(above) < 3:
        if i in header.consumed:
            i -= 1
            continue
        if usable(i) and (_MENU_CELLS.search(blocks[i].text) or _is_menu_bar(blocks[i].text)):
            i -= 1  # a menu bar pasted as one line
            continue
        if not usable(i) or word_count(blocks[i].text) > _SHORT_LINE_WORDS:
            break
        if is_prose(blocks[i].text) or _in_menu(blocks, after_blank, i, usable, menu_lines):
            break
        if not vocabulary.is_publication(blocks[i].text) and _among_menu_items(
            blocks, after_blank, i, known
        ):
            break
        above.append(i)
        if i in after_blank:  # the first line of its group: what is above is not ours
            break
        i -= 1
    if above and vocabulary.is_section(blocks[above[0]].text):
        header.section = blocks[above[0]].text
        header.consumed.add(above.pop(0))
        if len(above) == 2:
            author, source = (blocks[i].text for i in above)
            if _is_name(author) and author != source and not vocabulary.is_publication(author):
                header.byline = header.byline or author
                header.consumed.add(above.pop(0))
    if (
        above
        and not vocabulary.is_section(blocks[above[0]].text)
        and _is_masthead(blocks[above[0]].text, vocabulary)
    ):
        source_at = above[0]
        source, section = _split_section(blocks[source_at].text, vocabulary)
        header.source = header.source or source
        header.section = header.section or section
        header.consumed.add(source_at)
        # Logo text and name: the same line twice.
        while source_at - 1 >= 0 and blocks[source_at - 1].text == blocks[source_at].text:
            source_at -= 1
            header.consumed.add(source_at)


def _group(after_blank: frozenset[int], index: int, count: int) -> range:
    """The lines of the group (between blank lines) that block `index` is in."""
    first = index
    while first > 0 and first not in after_blank:
        first -= 1
    last = index
    while last + 1 < count and last + 1 not in after_blank:
        last += 1
    return range(first, last + 1)


def _among_menu_items(
    blocks: tuple[Block, ...], after_blank: frozenset[int], index: int, known: Callable[[int], bool]
) -> bool:
    """Whether block `index` is the one line of its group that is not a menu
    item the catalogue knows, two of them at least ("Open in app", "Sign in",
    then "Write"): another item of that menu (unless it names a publication,
    which the caller asks first: "Sign in / Subscribe / Harbour News")."""
    group = _group(after_blank, index, len(blocks))
    items = [j for j in group if known(j) and word_count(blocks[j].text) <= 3]
    return len(items) >= 2 and [j for j in group if not known(j)] == [index]


def _in_menu(
    blocks: tuple[Block, ...],
    after_blank: frozenset[int],
    index: int,
    usable: Callable[[int], bool],
    menu_lines: int,
) -> bool:
    """Whether block `index` sits in a group of many short lines: a site menu."""
    group = _group(after_blank, index, len(blocks))
    short = sum(1 for i in group if usable(i) and word_count(blocks[i].text) <= 3)
    return short >= menu_lines


def _take_metadata(header: Header, text: str, vocabulary: Vocabulary, *, in_trailer: bool) -> bool:
    """Store what a header line says; True if the line was metadata."""
    if (url := first_value(vocabulary.url, text)) is not None:
        header.url = header.url or url
        return True
    if (source := first_value(vocabulary.source, text)) is not None:
        header.source = header.source or source
        return True
    if first_value(vocabulary.saved, text) is not None:
        return True
    if in_trailer:
        return False
    # "By Sandra King · 28 June 2025": each field is read, not the line as a byline.
    if FIELD_SEPARATOR.search(text) and _take_fields(header, text, vocabulary):
        return True
    if DASH_SEPARATOR.search(text) and _take_fields(
        header, text, vocabulary, DASH_SEPARATOR, least=3, dated=True
    ):
        return True
    if _BREADCRUMB.search(text) and _take_breadcrumb(header, text, vocabulary):
        return True
    if first_value(vocabulary.noise, text) is not None:
        return True
    if (byline := first_value(vocabulary.byline, text)) is not None:
        header.byline = header.byline or byline
        return True
    if (published := _date_text(text, vocabulary)) is not None:
        header.published_text = header.published_text or published
        return True
    return False


def _date_text(text: str, vocabulary: Vocabulary) -> str | None:
    """The date a header line gives ("Updated 2 May 2025", "Sun 16 Sep 2023 12.25 GMT")."""
    if (published := first_value(vocabulary.published, text)) is not None:
        return published
    return text if _is_date_line(text) else None


def byline_and_publication(byline: str, vocabulary: Vocabulary) -> tuple[str, str | None]:
    """A byline that names the writer's publication too ("Linda White, The
    Fallowfield Post"): (the writer, the publication). One that names a wire
    agency ("Joseph Smith, Reuters") gives the writer alone: the agency is not
    the copy's publisher. Any other byline stays as the page wrote it ("Ann
    Lee, Jo Marsh" are two writers; "Brenda Goodman, MA WebMD Health News"
    has a degree after the name)."""
    name, comma, rest = byline.partition(", ")
    if not comma or "," in rest or not _is_name(name.removeprefix("By ")):
        return byline, None
    if vocabulary.is_agency(rest):
        return name, None
    if _is_publication_name(rest, vocabulary) and not _INITIALS.match(rest):
        return name, rest
    return byline, None


def split_byline(text: str, vocabulary: Vocabulary) -> tuple[str | None, str | None]:
    """A byline as a page writes it, less the date, reading time and age that
    share its line: (byline, date text). A "byline" that is only a date
    ("Published 7 July 2023") is a date."""
    kept: list[str] = []
    date: str | None = None
    for part in FIELD_SEPARATOR.split(text.strip()):
        if (published := _date_text(part, vocabulary)) is not None:
            date = date or published
        elif first_value(vocabulary.noise, part) is None:
            kept.append(part)
    return " · ".join(kept) or None, date


def _take_breadcrumb(header: Header, text: str, vocabulary: Vocabulary) -> bool:
    """A trail that ends in a section: "Harbour Telegraph / Lisa Patel / Technology".
    A publication's name in it is the source; a person's name, the byline."""
    parts = _BREADCRUMB.split(text)
    if not 2 <= len(parts) <= 4 or not vocabulary.is_section(parts[-1]):
        return False
    if any(word_count(part) > 4 for part in parts):
        return False
    header.section = header.section or parts[-1]
    names = [part for part in dict.fromkeys(parts[:-1]) if _is_name(part)]
    for name in names:
        if vocabulary.is_publication(name) or name == parts[0]:
            header.source = header.source or name
        else:
            header.byline = header.byline or name
    return True


def _split_section(field: str, vocabulary: Vocabulary) -> tuple[str, str | None]:
    """A field that names a publication and its section ("Eastern Shore Mercury
    — Business"): (name, section); else (field, None)."""
    parts = _NAME_AND_SECTION.split(field)
    if len(parts) == 2 and vocabulary.is_section(parts[1]):
        return parts[0], parts[1]
    return field, None


def _take_field(header: Header, text: str, vocabulary: Vocabulary) -> bool:
    """Store what one field of a line of several says, of what only a field
    says (a domain, "via …"); True if it was such a field."""
    if (domain := first_value(vocabulary.field_source, text)) is not None:
        header.source = header.source or domain
        return True
    return first_value(vocabulary.field_noise, text) is not None


def _take_fields(
    header: Header,
    text: str,
    vocabulary: Vocabulary,
    separator: re.Pattern[str] = FIELD_SEPARATOR,
    *,
    least: int = 2,
    dated: bool = False,
) -> bool:
    """A line of `least` to five fields ("The Weekly Hive · Published 2 May
    2025"), a date among them if `dated` (fields parted by dashes are: a
    headline has dashes)."""
    parts = separator.split(text)
    if not least <= len(parts) <= 5:
        return False
    probe = Header()
    known = [
        _take_metadata(probe, part, vocabulary, in_trailer=False)
        or _take_field(probe, part, vocabulary)
        for part in parts
    ]
    if not any(known) or (dated and probe.published_text is None):
        return False
    rest = [part for part, ok in zip(parts, known, strict=True) if not ok]
    if any(word_count(part) > 5 for part in rest):
        return False
    if rest:
        rest[0], section = _split_section(rest[0], vocabulary)
        header.section = header.section or section
    header.byline = header.byline or probe.byline
    header.published_text = header.published_text or probe.published_text
    header.url = header.url or probe.url
    header.source = header.source or probe.source
    header.unplaced = header.unplaced or (rest[0] if rest else None)
    return True

"""The words and patterns extraction recognises, loaded once from `metadata.toml`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from reader.normalize import line_key

# Between the fields of one header line ("The Weekly Hive · 2 May 2025",
# "World | Headline").
FIELD_SEPARATOR = re.compile(r"\s+[·|•/]\s+")
# Dashes part fields too, but only on a line of three or more with a date among
# them ("aerobuzz.de - Bob Fischer - 2022-02-04"): a headline has dashes.
DASH_SEPARATOR = re.compile(r"\s+[-–—]\s+")
# A title's last part after a separator ("Headline - feedly").
_TITLE_TAIL = re.compile(r"\s+[-–—|·•«»]\s+(?P<tail>[^-–—|·•«»]{2,40})$")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    aggregators: dict[str, str]
    sections: frozenset[str]
    publication_words: frozenset[str]
    byline: tuple[re.Pattern[str], ...]
    published: tuple[re.Pattern[str], ...]
    source: tuple[re.Pattern[str], ...]
    url: tuple[re.Pattern[str], ...]
    saved: tuple[re.Pattern[str], ...]
    field_source: tuple[re.Pattern[str], ...]
    field_noise: tuple[re.Pattern[str], ...]
    noise: tuple[re.Pattern[str], ...]
    kicker: tuple[re.Pattern[str], ...]
    caption_credit: tuple[re.Pattern[str], ...]
    editor_note: tuple[re.Pattern[str], ...]
    comment_verbs: tuple[str, ...]
    # What a part of the article's markup is, by tag and by class or id word.
    markup_tags: dict[str, str]
    markup_words: tuple[tuple[str, re.Pattern[str]], ...]

    def headline(self, title: str) -> str:
        """`title` without a kicker ("Explained: …", "…, explained"), a
        section's name before it ("World | …") or an aggregator's after it
        ("… - feedly": the reader it was saved from, not the story's)."""
        title = first_value(self.kicker, title) or title
        tail = _TITLE_TAIL.search(title)
        if tail and self.aggregator(tail["tail"]) and len(title[: tail.start()]) > 10:
            title = title[: tail.start()]
        first, *rest = FIELD_SEPARATOR.split(title, maxsplit=1)
        return rest[0] if rest and len(rest[0]) > 10 and self.is_section(first) else title

    def role_of(self, tag: str, marks: str) -> str | None:
        """The role of an element with this tag and class-and-id text, if it
        is not the article's ("comments", "related", "nav"...)."""
        role = self.markup_tags.get(tag)
        if role is not None or not marks:
            return role
        marks = marks.lower()
        return next((role for role, pattern in self.markup_words if pattern.search(marks)), None)

    def aggregator(self, site_name: str | None) -> str | None:
        """The aggregator a site name belongs to ("MSN", "Yahoo News"...), if any."""
        return self.aggregators.get(line_key(site_name)) if site_name else None

    def is_section(self, line: str) -> bool:
        return line_key(line) in self.sections

    def is_agency(self, line: str) -> bool:
        """Whether a line is one word of publication_words ("Reuters", "Bloomberg")."""
        return line_key(line) in self.publication_words

    def is_publication(self, line: str) -> bool:
        """Whether a name-shaped line names a publication ("The Capital Post")."""
        words = line_key(line).split()
        return bool(words) and (
            words[0] == "the" or any(w in self.publication_words for w in words)
        )


def first_value(patterns: tuple[re.Pattern[str], ...], line: str) -> str | None:
    """The value the first matching pattern captures from `line`, or None."""
    for pattern in patterns:
        match = pattern.search(line)
        if match:
            value = match.groupdict().get("value") or match.group(0)
            return value.strip()
    return None


def _compile(patterns: list[str], flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, flags) for p in patterns)


@cache
def vocabulary() -> Vocabulary:
    text = resources.files("reader.extract").joinpath("metadata.toml").read_text("utf-8")
    data = tomllib.loads(text)
    header = data["header"]
    return Vocabulary(
        aggregators={
            line_key(site): name
            for name, sites in data["aggregators"].items()
            for site in (name, *sites)
        },
        sections=frozenset(line_key(s) for s in data["sections"]),
        publication_words=frozenset(data["publication_words"]),
        byline=_compile(header["byline"]),
        published=_compile(header["published"]),
        source=_compile(header["source"]),
        url=_compile(header["url"]),
        saved=_compile(header["saved"]),
        field_source=_compile(header["field_source"]),
        field_noise=_compile(header["field_noise"]),
        noise=_compile(header["noise"]),
        kicker=_compile(header["kicker"]),
        # Credits are told apart by their capitals ("Emily Martin/AFP"): match case.
        caption_credit=_compile(header["caption_credit"], 0),
        editor_note=_compile(data["editor_note"]),
        comment_verbs=tuple(data["comment_verbs"]),
        markup_tags={k: v for k, v in data["markup"].items() if isinstance(v, str)},
        markup_words=tuple(
            (role, re.compile("|".join(f"(?:{w})" for w in words)))
            for role, words in data["markup"]["words"].items()
        ),
    )

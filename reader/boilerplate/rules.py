"""The fold rule catalogue: rules as data, loaded from TOML and merged with the user's.

The built-in catalogue is `catalogue.toml` beside this module. A user's
`rules.toml` in the config dir has the same shape; a user rule with the id of a
built-in one replaces it (`enabled = false` switches it off), new ids add rules.
A broken user file never stops the reader: its problems are reported and the
built-in catalogue is used.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.normalize import line_key, word_count
from reader.sanitize import clean_line


class Region(StrEnum):
    """How far a rule that opens a region reaches past the block that opened it."""

    END = "end"  # to the end of the article
    SHORT = "short"  # over the short lines that follow
    PROSE = "prose"  # up to the next paragraph of running text


LABELS: dict[str, str] = {
    "paywall": "paywall prompt",
    "subscribe": "subscription offer",
    "app": "app promotion",
    "newsletter": "newsletter sign-up",
    "related": "related stories",
    "box": "another story on the page",
    "reply": "the sender's note",
    "error": "the site's error message",
    "comments": "comments",
    "share": "share buttons",
    "cookie": "cookie notice",
    "ad": "advertisement",
    "promo": "promotion",
    "nav": "site navigation",
    "tags": "tags",
    "footer": "site footer",
    "credit": "credits",
    "bio": "about the author",
    "repeated": "text this site repeats",
}

_SEEN_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    label: str
    lines: frozenset[str] = frozenset()
    patterns: tuple[re.Pattern[str], ...] = ()
    region: Region | None = None
    max_words: int = 30
    aggregator: str | None = None
    examples: tuple[str, ...] = ()
    # The patterns as one expression: one search a block instead of one each.
    _any: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.patterns:
            joined = "|".join(f"(?:{p.pattern})" for p in self.patterns)
            object.__setattr__(self, "_any", re.compile(joined))

    def matches(self, text: str, key: str | None = None, words: int | None = None) -> bool:
        """Whether this rule recognises a block with this text (`key` is its
        `line_key` and `words` its word count, when the caller has them)."""
        if (word_count(text) if words is None else words) > self.max_words:
            return False
        key = line_key(text) if key is None else key
        return key in self.lines or (self._any is not None and self._any.search(key) is not None)


@dataclass(frozen=True, slots=True)
class Structure:
    """Thresholds of the structural detectors (runs of menu lines, prose)."""

    nav_min_lines: int = 4
    nav_max_words: int = 3
    short_words: int = 12
    prose_words: int = 12
    # An "end" region stops where this many paragraphs of prose in a row
    # resume: the article's own text, not a box's teasers.
    prose_run: int = 3


@dataclass(frozen=True, slots=True)
class Catalogue:
    rules: tuple[Rule, ...]
    structure: Structure = Structure()
    problems: tuple[str, ...] = ()
    digest: str = ""  # of the TOML it was read from: folds cached under other rules are stale
    # Where each aggregator's pages live (`[aggregators]`): evidence that a page is its.
    domains: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Blocks are matched twice (by the header reader, then by folding), and the
    # same furniture recurs from page to page: answers are remembered.
    _seen: dict[str, Rule | None] = field(default_factory=dict, compare=False, repr=False)
    _longest: int = field(default=0, compare=False, repr=False)

    def __post_init__(self) -> None:
        longest = max((rule.max_words for rule in self.rules), default=0)
        object.__setattr__(self, "_longest", longest)

    def match(self, text: str) -> Rule | None:
        """The first rule that recognises `text`, in catalogue order."""
        words = word_count(text)
        if words > self._longest:
            return None
        if text in self._seen:
            return self._seen[text]
        key = line_key(text)
        found = next((rule for rule in self.rules if rule.matches(text, key, words)), None)
        if len(self._seen) >= _SEEN_LIMIT:
            self._seen.clear()
        self._seen[text] = found
        return found

    def is_boilerplate(self, text: str) -> bool:
        return self.match(text) is not None

    def match_unclaimed(self, text: str) -> Rule | None:
        """The first rule that recognises `text` without naming an aggregator:
        what the line is on a page that gives no evidence of the aggregator."""
        key, words = line_key(text), word_count(text)
        return next(
            (r for r in self.rules if r.aggregator is None and r.matches(text, key, words)), None
        )

    def on_site_of(self, aggregator: str, url: str | None) -> bool:
        """Whether `url` is on one of `aggregator`'s own domains."""
        if not url:
            return False
        host = urlsplit(url).hostname or ""
        return any(
            host == domain or host.endswith("." + domain)
            for domain in self.domains.get(aggregator, ())
        )


class RuleError(ValueError):
    pass


def _rule(raw: dict[str, Any], origin: str) -> Rule:
    try:
        rule_id = raw["id"]
        kind = raw["kind"]
    except KeyError as missing:
        raise RuleError(f"{origin}: a rule needs {missing.args[0]!r}") from None
    if not isinstance(rule_id, str) or not isinstance(kind, str):
        raise RuleError(f"{origin}: id and kind must be strings")
    if kind not in LABELS:
        raise RuleError(
            f"{origin}: rule {rule_id!r}: unknown kind {kind!r} (one of {', '.join(LABELS)})"
        )
    try:
        patterns = tuple(re.compile(p) for p in raw.get("patterns", ()))
    except (re.error, TypeError) as error:
        raise RuleError(f"{origin}: rule {rule_id!r}: bad pattern: {error}") from None
    region = raw.get("region")
    try:
        region = Region(region) if region is not None else None
    except ValueError:
        raise RuleError(
            f"{origin}: rule {rule_id!r}: region must be one of {', '.join(Region)}"
        ) from None
    lines = raw.get("lines", ())
    if not all(isinstance(line, str) for line in lines):
        raise RuleError(f"{origin}: rule {rule_id!r}: lines must be strings")
    if not lines and not patterns:
        raise RuleError(f"{origin}: rule {rule_id!r} has neither lines nor patterns")
    return Rule(
        id=rule_id,
        kind=kind,
        # The user's rules file is text too: nothing in it reaches the terminal raw.
        label=clean_line(str(raw.get("label") or "")) or LABELS.get(kind, kind),
        lines=frozenset(line_key(line) for line in lines),
        patterns=patterns,
        region=region,
        max_words=int(raw.get("max_words", 30)),
        aggregator=clean_line(str(raw["aggregator"])) if raw.get("aggregator") else None,
        examples=tuple(raw.get("examples", ())),
    )


def _parse(data: dict[str, Any], origin: str) -> tuple[list[Rule], set[str], list[str]]:
    """Rules, ids switched off, and problems, from one TOML document."""
    rules: list[Rule] = []
    disabled: set[str] = set()
    problems: list[str] = []
    for raw in data.get("rule", []):
        if not isinstance(raw, dict):
            problems.append(f"{origin}: [[rule]] entries must be tables")
            continue
        if raw.get("enabled", True) is False:
            disabled.add(str(raw.get("id")))
            continue
        try:
            rules.append(_rule(raw, origin))
        except (RuleError, ValueError, TypeError) as error:
            problems.append(str(error))
    return rules, disabled, problems


def _builtin() -> str:
    return resources.files("reader.boilerplate").joinpath("catalogue.toml").read_text("utf-8")


def load_catalogue(user_file: Path | None = None) -> Catalogue:
    """The built-in catalogue merged with the user's rules file, if there is one."""
    digest_source = _builtin()
    data = tomllib.loads(digest_source)
    rules, _, problems = _parse(data, "built-in catalogue")
    domains = _domains(data.get("aggregators", {}), "built-in catalogue", problems)
    if user_file is not None:
        try:
            user_text = user_file.read_text("utf-8")
            digest_source += user_text
            user_data = tomllib.loads(user_text)
        except FileNotFoundError:
            user_data = {}
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            user_data = {}
            problems.append(f"{user_file}: {error}")
        user_rules, disabled, user_problems = _parse(user_data, str(user_file))
        problems.extend(user_problems)
        replaced = {rule.id for rule in user_rules} | disabled
        # The user's rules come first: they win where both match.
        rules = user_rules + [rule for rule in rules if rule.id not in replaced]
        domains |= _domains(user_data.get("aggregators", {}), str(user_file), problems)
    return Catalogue(
        rules=tuple(rules),
        structure=Structure(**data.get("structure", {})),
        problems=tuple(problems),
        digest=hashlib.sha1(digest_source.encode(), usedforsecurity=False).hexdigest()[:12],
        domains=domains,
    )


def _domains(raw: Any, origin: str, problems: list[str]) -> dict[str, tuple[str, ...]]:
    """An `[aggregators]` table: name = ["domain", ...]."""
    if not isinstance(raw, dict):
        problems.append(f"{origin}: [aggregators] must be a table")
        return {}
    domains: dict[str, tuple[str, ...]] = {}
    for name, listed in raw.items():
        if not isinstance(listed, list) or not all(isinstance(d, str) for d in listed):
            problems.append(f"{origin}: aggregator {name!r}: domains must be a list of strings")
            continue
        domains[clean_line(name)] = tuple(d.lower().strip(".") for d in listed)
    return domains

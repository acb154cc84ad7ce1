"""Publication dates from the forms pages write them in: ISO 8601, English prose
and numbers ("28/05/2025", "18.12.2023").

Only calendar dates are kept (a thread sorts by day). Relative forms ("20h",
"2 hours ago") have no fixed day and give None, and so does a date in numbers
that reads both ways ("10/09/2025": 10 September in London, October 9 in New
York): a wrong date is worse than none.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_FORMS = (
    re.compile(r"(?<!\d)" + _YEAR + r"-(?P<month>\d\d)-(?P<day>\d\d)(?!\d)"),
    re.compile(r"(?<!\d)" + _YEAR + r"/(?P<month>\d\d?)/(?P<day>\d\d?)(?!\d)"),
    re.compile(r"(?<![\w])" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR, re.I),
    re.compile(r"(?<![\w])" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.I),
)
# Day and month in numbers, in either order with slashes; day first with dots.
_NUMERIC = re.compile(
    r"(?<![\w/.])(?P<first>\d{1,2})(?P<mark>[/.])(?P<second>\d{1,2})(?P=mark)"
    + _YEAR
    + r"(?![\d/.]\d)"
)


def _numeric(match: re.Match[str]) -> dt.date | None:
    first, second = int(match["first"]), int(match["second"])
    if match["mark"] == "." or first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first:
        day, month = second, first
    else:
        return None
    try:
        return dt.date(int(match["year"]), month, day)
    except ValueError:
        return None


def mentions_date(text: str) -> bool:
    """Whether `text` writes a calendar date, even one that reads both ways."""
    return parse_date(text) is not None or _NUMERIC.search(text[:200]) is not None


def parse_date(text: str) -> dt.date | None:
    """The first calendar date written in `text`, or None."""
    if not text:
        return None
    for form in _FORMS:
        match = form.search(text[:200])
        if match is None:
            continue
        month = match.group("month")
        number = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
        try:
            return dt.date(int(match.group("year")), number, int(match.group("day")))
        except ValueError:
            continue
    match = _NUMERIC.search(text[:200])
    return _numeric(match) if match else None

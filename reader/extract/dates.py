"""Publication dates from the forms pages write them in: ISO 8601 and English prose.

Only calendar dates are kept (a thread sorts by day). Relative forms ("20h",
"2 hours ago") have no fixed day and give None.
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
    return None

"""Publication dates in the forms pages write them."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.extract.dates import mentions_date, parse_date


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-02-06T05:47:00Z", dt.date(2024, 2, 6)),
        ("Mon 18 Dec 2023 02.12 GMT", dt.date(2023, 12, 18)),
        ("Updated Thu, September 10, 2024 at 9:19 AM UTC", dt.date(2024, 9, 10)),
        ("28/05/2025", dt.date(2025, 5, 28)),
        ("12/31/2024", dt.date(2024, 12, 31)),
        ("18.12.2023", dt.date(2023, 12, 18)),
    ],
)
def test_dates_are_read_in_the_forms_pages_write(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["10/09/2025", "01/02/2024"])
def test_a_date_that_reads_both_ways_gives_no_day_but_is_a_date(text: str) -> None:
    assert parse_date(text) is None
    assert mentions_date(text)


@pytest.mark.parametrize("text", ["v1.2.2023", "2h", "31/02/2024", "page 3/4/2024x"])
def test_what_is_not_a_calendar_day_gives_none(text: str) -> None:
    assert parse_date(text) is None

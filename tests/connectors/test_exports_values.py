"""Cell values of export files: localized dates, no-year days, numbers as exports print them."""

from __future__ import annotations

from datetime import date, time

import pytest

from creatorkit.connectors.exports import values


@pytest.mark.parametrize(("raw", "expected"), [
    ("Apr 29, 2020", date(2020, 4, 29)),
    ("August 9", values.MonthDay(8, 9)),
    ("8 de marzo", values.MonthDay(3, 8)),
    ("29 abr. 2020", date(2020, 4, 29)),
    ("1er mars", values.MonthDay(3, 1)),
    ("12 décembre 2025", date(2025, 12, 12)),
    ("9. März 2024", date(2024, 3, 9)),
    ("3 de março", values.MonthDay(3, 3)),
    ("18 tháng Sáu", values.MonthDay(6, 18)),
    ("2026-11-01T00:00:00", date(2026, 11, 1)),
    ("02.11.2026", date(2026, 11, 2)),
    ("Feb 29", values.MonthDay(2, 29)),
])
def test_dates_in_several_languages(raw, expected):
    assert values.day(raw) == expected


@pytest.mark.parametrize(("when", "anchor", "expected"), [
    (values.MonthDay(12, 31), date(2026, 1, 2), date(2025, 12, 31)),
    (values.MonthDay(1, 2), date(2026, 1, 2), date(2026, 1, 2)),
    (values.MonthDay(2, 29), date(2026, 3, 1), date(2024, 2, 29)),
    (date(2020, 5, 1), date(2026, 1, 1), date(2020, 5, 1)),
])
def test_no_year_days_resolve_to_the_latest_on_or_before_the_anchor(when, anchor, expected):
    assert values.on_or_before(when, anchor) == expected


@pytest.mark.parametrize(("parse", "raw", "expected"), [
    (values.count, "1,204", 1204),
    (values.count, "1.204", 1204),
    (values.count, "1 204 300", 1204300),
    (values.signed_count, "-3", -3),
    (values.signed_count, "\u22123", -3),
    (values.count, "undefined", None),
    (values.count, "", None),
    (values.number, "1.234,5", 1234.5),
    (values.number, "5,9", 5.9),
    (values.percent, "5.9", 0.059),
    (values.share, "41%", 0.41),
    (values.duration, "0:05:02", 302),
    (values.duration, "761", 761),
])
def test_numbers_with_separators_percent_signs_and_missing_values(parse, raw, expected):
    assert parse(raw) == expected


@pytest.mark.parametrize(("parse", "raw", "reason"), [
    (values.count, "abc", "is not a number"),
    (values.count, "1.5", "is not a whole number"),
    (values.count, "12,34,5", "is not a number (misplaced thousands separator)"),
    (values.count, "-3", "is negative"),
    (values.count, "9" * 25, "is out of range (beyond 10,000,000,000,000)"),
    (values.count, "9" * 5000, "is out of range (beyond 10,000,000,000,000)"),
    (values.number, "9" * 5000, "is out of range (beyond 1,000,000,000,000,000)"),
    (values.number, float("nan"), "is not a finite number"),
    (values.count, float("inf"), "is not a finite number"),
    (values.duration, "99999999999999999999:00:00", "is not a duration (H:MM:SS)"),
    (values.number, "1e5", "is not a number"),
    (values.share, "1.2", "is not a share between 0 and 1"),
    (values.hour, "24", "is not an hour of the day (0-23)"),
    (values.duration, "1:75", "is not a duration (H:MM:SS)"),
    (values.day, "13/45/2026", "is not a valid date"),
    (values.day, "Monday 9 March", "is not a date"),
    (values.day, "", "is not a date"),
    (values.filled, " ", "is empty"),
])
def test_values_that_do_not_fit_their_column_say_why(parse, raw, reason):
    with pytest.raises(values.BadCell) as caught:
        parse(raw)
    assert caught.value.reason == reason


def test_numeric_dates_follow_the_column_order_but_dots_are_always_day_first():
    assert values.day("11/02/2026") == date(2026, 11, 2)
    assert values.day("11/02/2026", order="dmy") == date(2026, 2, 11)
    assert values.day("11.02.2026") == date(2026, 2, 11)
    assert values.moment("11/02/2026 5:30 PM") == (date(2026, 11, 2), time(17, 30))

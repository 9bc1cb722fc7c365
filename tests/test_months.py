"""The calendar's words: one spelling, read the same by every module."""

import re

from claimcheck import months


def test_month_numbers_follow_the_calendar() -> None:
    assert months.MONTH_NUMBER["jan"] == 1
    assert months.MONTH_NUMBER["may"] == 5
    assert months.MONTH_NUMBER["dec"] == 12
    assert len(months.MONTH_NUMBER) == 12
    assert months.MONTH_SHORT[8] == "Sep"


def test_month_pattern_reads_names_and_newsroom_abbreviations() -> None:
    whole = re.compile(rf"^{months.MONTH_RE}$")
    for word in ("January", "Jan", "Sept", "Sep", "September", "June", "Jun", "May"):
        assert whole.match(word), word
    for word in ("Janu", "Mayo", "Octo", "january"):
        assert not whole.match(word), word
    assert re.fullmatch(months.MONTH_RE.lower(), "sept")


def test_weekday_patterns() -> None:
    short = re.compile(rf"^{months.WEEKDAY_RE}$")
    for word in ("Mon", "Tue", "Tues", "Tuesday", "Thurs", "Thursday", "Sat", "Sunday"):
        assert short.match(word), word
    full = re.compile(rf"^{months.WEEKDAY_FULL_RE}$")
    assert full.match("Wednesday") and not full.match("Wed")
    assert len(months.WEEKDAYS) == 7


def test_every_month_and_weekday_name_matches_its_own_pattern() -> None:
    for name in months.MONTHS:
        assert re.fullmatch(months.MONTH_RE, name.title()), name
        assert re.fullmatch(months.MONTH_RE, name[:3].title()), name
    for name in months.WEEKDAYS:
        assert re.fullmatch(months.WEEKDAY_RE, name.title()), name


def test_calendar_words_hold_every_spelling_of_a_month_and_weekday() -> None:
    for word in ("march", "mar", "sept", "sep", "monday", "december"):
        assert word in months.CALENDAR_WORDS, word
    assert "sept" in months.MONTH_ABBREVIATIONS and "mon" not in months.CALENDAR_WORDS

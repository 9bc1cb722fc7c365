"""Page dates: metadata first, then a published line, date line or dated dateline at the top."""

from __future__ import annotations

import pytest

from claimcheck.models import FRAGMENT, SENTENCE, Document, Unit
from claimcheck.pagedate import date_in_head_unit, page_date, parse_date


@pytest.mark.parametrize(
    ("text", "iso", "how"),
    [
        ("Published Mar 3, 2021", "2021-03-03", "published line"),
        ("Last updated on 2024-08-13 by the desk", "2024-08-13", "published line"),
        ("LIVE · Updated 3:41 AM EST, Sun January 7, 2024", "2024-01-07", "published line"),
        ("**Issued: Monday, 8 January 2024, 09:00 PT**", "2024-01-08", "published line"),
        ("14/01/2026 12:47", "2026-01-14", "date line"),
        ("| Aug 13, 2024", "2024-08-13", "date line"),
        # a byline whose parts are set apart by middle dots; the dots are not words
        ("*Harbour Daily · Wire · 2 January 2024, 15:20*", "2024-01-02", "date line"),
        ("Wednesday, 14 August 2024", "2024-08-14", "date line"),
        # a masthead of any length: the date is a part of its own between separators
        ("Harbor Wire Business | Monday 25 March 2024 | 10:02 ET", "2024-03-25", "date line"),
        ("*Gulf Coast Freight Journal · Markets · 9 November 2023, 08:15 CST*", "2023-11-09",
         "date line"),
        ("Wire Service | Monday, Aug. 5, 2024, 4:12 p.m. JST", "2024-08-05", "date line"),
        ("Daily Courant · UK news · Tuesday, 9 January 2024 · updated 16:40", "2024-01-09",
         "date line"),
        # an ISO date that runs on into its time, read year-month-day
        ("Published: 2024-09-04T06:15:00Z", "2024-09-04", "published line"),
        ("Port Vell, August 13, 2024 The council met to vote.", "2024-08-13", "dateline"),
        ("OSLO, Aug 13 (Wire) - Fishermen protested.", "--08-13", "dateline"),
    ],
)
def test_date_at_the_top_of_a_page(text: str, iso: str, how: str) -> None:
    found = date_in_head_unit(text)
    assert found is not None
    assert (found.iso, found.how) == (iso, how)
    assert parse_date(text[found.start : found.end]) == iso


@pytest.mark.parametrize(
    "text",
    [
        "In 1958 the virus was found in monkeys.",  # a year alone
        "The council declared it on August 14, 2024, after a vote.",  # a date in a sentence
        "May 2022 was wet.",  # month and year: when, not a page date
        "On 23 August 2023, the lander touched down.",  # a preposition is no place name
        "In March 2024, the council voted.",
        # after a separator, but a sentence goes on past the date
        "Home | News | The council voted on 9 November 2023 to close the road.",
        "Prices | 9 November 2023 saw the biggest fall in a decade.",
        # a timeline's entry: a date with no year, a colon, what happened
        "\U0001F969 May 1: DeSantis bans lab-grown meat in Florida, first state ever.",
    ],
)
def test_no_page_date_in_a_sentence(text: str) -> None:
    assert date_in_head_unit(text) is None


def test_invalid_dates_are_refused() -> None:
    assert parse_date("31/02/2024") == ""
    assert parse_date("13/25/2024") == ""
    assert parse_date("12/25/2024") == "2024-12-25"  # month first only when it must be
    assert parse_date("2024-09-04") == "2024-09-04"  # ISO is year, month, day
    assert parse_date("2024-02-30") == ""


def _units(texts: list[tuple[str, str]]) -> list[Unit]:
    return [Unit("d", i, 0, len(t), t, kind) for i, (t, kind) in enumerate(texts)]


def test_metadata_wins_and_text_fills_in() -> None:
    units = _units([("Headline here", FRAGMENT), ("Published: 3 March 2021", FRAGMENT)])
    assert page_date(Document("d", "d.txt", "", date="2020-01-02"), units).how == "metadata"
    found = page_date(Document("d", "d.txt", ""), units)
    assert (found.iso, found.unit) == ("2021-03-03", 1)


def test_date_far_down_the_page_is_not_the_page_date() -> None:
    texts = [("A sentence about something.", SENTENCE)] * 6 + [("14/01/2026", FRAGMENT)]
    assert page_date(Document("d", "d.txt", ""), _units(texts)).iso == ""


def test_a_dates_year_is_zero_when_it_has_none() -> None:
    from claimcheck.pagedate import PageDate

    assert PageDate("2024-01-02", "dateline").year == 2024
    assert PageDate("--01-02", "dateline").year == 0  # a dateline gave no year
    assert PageDate("", "").year == 0

"""The weeks a corpus's dated reports cover (``newswindow``)."""

from __future__ import annotations

from datetime import date

from claimcheck.newswindow import NewsWindow, news_window
from claimcheck.pagedate import PageDate
from claimcheck.pagekind import EXPLAINER, NEWS_REPORT, PageKind


def _news(iso: str, kind: str = NEWS_REPORT) -> PageKind:
    return PageKind(kind, 0.9, PageDate(iso, "date line"))


def test_each_report_adds_its_weeks_and_close_ones_merge() -> None:
    window = news_window([_news("2024-06-05"), _news("2024-06-20"), _news("2019-12-02")])
    assert window == NewsWindow((
        (date(2019, 11, 18), date(2019, 12, 16)),
        (date(2024, 5, 22), date(2024, 7, 4)),
    ))  # fmt: skip
    assert window.contains("June 18, 2024", 0, month_only=False)
    assert window.contains("2 July 2024", 0, month_only=False)
    assert not window.contains("1 August 2024", 0, month_only=False)
    # the years between two stretches of reports are not covered
    assert not window.contains("April 2021", 0, month_only=True)
    assert window.contains("December 2019", 0, month_only=True)


def test_a_month_is_inside_when_any_of_its_days_is() -> None:
    window = news_window([_news("2024-07-03")])
    assert window.contains("June 2024", 0, month_only=True)  # 19 June .. 17 July
    assert not window.contains("May 2024", 0, month_only=True)


def test_a_date_without_a_year_is_read_in_the_given_year() -> None:
    window = news_window([_news("2024-01-02")])
    assert window.contains("4 January", 2024, month_only=False)
    assert not window.contains("4 January", 2023, month_only=False)
    assert not window.contains("4 January", 0, month_only=False)  # no year to read it in
    assert not window.contains("29 February", 2023, month_only=False)  # no such day


def test_only_dated_news_pages_count() -> None:
    undated = PageKind(NEWS_REPORT, 0.9)
    yearless = _news("--03-14")
    assert news_window([_news("2024-06-05", EXPLAINER), undated, yearless]) is None

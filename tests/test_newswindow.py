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
    assert window.contains(2024, 6, 18)
    assert window.contains(2024, 7, 2)
    assert not window.contains(2024, 8, 1)
    # the years between two stretches of reports are not covered
    assert not window.contains(2021, 4)
    assert window.contains(2019, 12)


def test_a_month_is_inside_when_any_of_its_days_is() -> None:
    window = news_window([_news("2024-07-03")])  # 19 June .. 17 July
    assert window.contains(2024, 6) and window.contains(2024, 7)
    assert not window.contains(2024, 5) and not window.contains(2024, 8)


def test_a_day_that_does_not_exist_is_not_inside() -> None:
    window = news_window([_news("2023-02-20")])
    assert window.contains(2023, 2, 28)
    assert not window.contains(2023, 2, 29)


def test_only_dated_news_pages_count() -> None:
    undated = PageKind(NEWS_REPORT, 0.9)
    yearless = _news("--03-14")
    assert news_window([_news("2024-06-05", EXPLAINER), undated, yearless]) is None

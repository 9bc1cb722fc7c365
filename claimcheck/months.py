"""The calendar's words, spelled once: month and weekday names, their abbreviations and
numbers, and the regex alternations that find them in running text.

Every module that reads dates (page dates, date lines, the fact guard, suggestions, the
evidence's wording) takes them from here, so a spelling added here ("Sept") is read
everywhere.
"""

from __future__ import annotations

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# "jan" -> 1 ... "dec" -> 12: a month's first three letters name it.
MONTH_NUMBER = {m[:3]: i for i, m in enumerate(MONTHS, 1)}
# "jan" ... "dec" and "sept": the short forms a newsroom writes, lower case.
MONTH_ABBREVIATIONS = (*MONTH_NUMBER, "sept")
# Words that name a time, never a party: "March", "Sept", "Monday".
CALENDAR_WORDS = frozenset((*MONTHS, *MONTH_ABBREVIATIONS, *WEEKDAYS))
# "Jan" ... "Dec": how the evidence writes a month.
MONTH_SHORT = tuple(m[:3].title() for m in MONTHS)

# A month name or its abbreviation as a newsroom writes it ("Jan", "Sept", "June").
MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# German month names that MONTH_RE does not already read (April, August, September and
# November are spelled alike): a German date, "am 3. März 2026", for the segmenter
MONTH_DE_RE = "Januar|Jänner|Februar|März|Mai|Juni|Juli|Oktober|Dezember"
# A weekday or its abbreviation ("Tue", "Thurs", "Saturday").
WEEKDAY_RE = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?"
# A weekday written in full ("Monday"), never an abbreviation.
WEEKDAY_FULL_RE = "(?:" + "|".join(w.title() for w in WEEKDAYS) + ")"

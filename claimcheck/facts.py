"""The checkable facts of a claim core, and when two claims conflict.

A claim's numbers, years, ordinals, weekdays, months and polarity are what a
fact-check is about: "the 18th meeting" and "the 17th meeting" differ in one token,
which every similarity score forgives. Two claims conflict when both carry a fact of
the same kind and neither side's values contain the other's (18th vs 17th; {14000,
511} vs {14000, 600}), or when exactly one is negated. A value on one side only is an
omission, not a conflict: "14,000 cases and 511 deaths" and "14,000 cases" can be
the same claim, and so can a quote with and without "on Friday". Numbers within
``NUMBER_TOLERANCE`` of each other are one figure, rounded or approximate ("nearly $3
billion" and "$2.9 billion"; "1,456 deaths" and "about 1,500"), and a copy cut short
("...") has unknown polarity: neither conflicts with the full figure or text.

Two refinements keep the guard from splitting what is one claim told twice:

* A number is a count *of something*: its unit is the word after it ("500 deaths",
  "four countries", "1.6-mile") or a currency ("$2.9 billion", "US$3 billion"; scale
  words multiply), and only numbers of the same unit are compared. "Nearly $3 billion
  over four years" and "$2.9 billion which will unlock $7 billion" state no different
  figure; "14,000 cases and 511 deaths" and "14,000 cases and 600 deaths" do. Clock
  times ("1:30") are their own kind, and so are a day of a month ("August 2", "Aug. 2",
  "2 August": one date, and "June 6" / "June 10" two) and a number in a name ("Crew-9",
  "Flight 1282", "737 MAX 9": codes, so "737 MAX" is no count of MAXes).
  A duration is one unit, in seconds ("90 minutes" is "1.5 hours"; "22.5 minutes" is
  no "22.5 hours"), a short unit's plural is its singular ("1 hour" / "3 hours"), and a
  comparative before the noun is skipped ("50 more calories" counts calories).
* A negation denies the words it governs (the next content words of its clause: "did
  not *provide* a *date*", "no *credible evidence*"). One side negated is a conflict
  only when the other side asserts one of those words ("did not approve the plan" vs
  "approved the plan"); a negated clause the other side lacks is an omission ("declared
  an emergency and said there was no evidence of terrorism" vs "declared an
  emergency"). A negated comparative denies nothing: "no hurricane had made landfall
  with stronger winds" is "the strongest hurricane".

Facts are read from the claim core (``core.claim_cores``), so a weekday inside a
stripped attribution frame ("..., the minister said on Friday") is no fact of the
claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import numpy as np

from .letters import digit_run_starts, letter_words
from .months import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from .stopwords import STOP_WORDS

_NUMBER_WORDS = dict(
    zip(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split(),  # noqa: SIM905
        range(21),
        strict=True,
    )
) | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
     "ninety": 90, "hundred": 100, "dozen": 12}  # fmt: skip
_ORDINAL_WORDS = dict(
    zip(
        """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
        thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth
        twentieth""".split(),  # noqa: SIM905
        range(1, 21),
        strict=True,
    )
)
# A share's fraction words and their denominators ("a third of", "half of": ``_shares``).
_FRACTIONS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "tenth": 10}
_WEEKDAYS = frozenset(WEEKDAYS)
# "may" and "march" are too often verbs to count as months without a number beside them.
_VERB_MONTHS = frozenset({"may", "march"})
_MONTHS = frozenset(MONTHS) - _VERB_MONTHS
_FULL_MONTH = {m[:3]: m for m in MONTHS}  # a date's "aug" -> its month, "august"
# Function words: never a number's unit nor a negated word ("one *of* the piers");
# prepositions and connectives beyond the matching keys' stop words too.
_FUNCTION_WORDS = STOP_WORDS | frozenset(
    """yet even ever since among across around within per via toward towards upon onto amid
    despite though although unless whether already still""".split()  # noqa: SIM905
)
_NEGATIONS = frozenset(
    """no not nor never without none nobody nothing neither cannot can't don't doesn't
    didn't isn't wasn't aren't weren't hasn't haven't hadn't won't wouldn't couldn't
    shouldn't mustn't ain't cant dont doesnt didnt isnt wasnt arent werent hasnt havent
    hadnt wont wouldnt couldnt shouldnt unable""".split()  # noqa: SIM905
)


# Per negation of a claim core, the words it governs (``_governed``).
Denied = frozenset[tuple[str, ...]]


@dataclass(frozen=True)
class Facts:
    """Values by kind ("number", "year", "ordinal", "weekday", "month", "time", "code", "date") and
    polarity. A number's value is "unit|amount" (``_number``); ``denied``: per negation
    of the core, the words it governs (``_STEM`` forms; none: it denies the whole claim)."""

    values: frozenset[tuple[str, str]]
    negated: bool | None  # None: unknown (a truncated text with no negation in view)
    denied: Denied = frozenset()

    def kinds(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for kind, value in self.values:
            out.setdefault(kind, set()).add(value)
        return {k: frozenset(v) for k, v in out.items()}


NO_FACTS = Facts(frozenset(), False)

# "advise against drinking it" is "advise not to drink it": a negation after a
# directive ("warned against", "recommends against"), and nothing after other words
_AGAINST = "against"
_DIRECTIVES = ("advi", "warn", "recommend", "caution", "urg", "counsel")
# Only the tokens that can be facts: numbers, and the fact and negation words as whole
# words (one regex pass; scanning every word in Python cost seconds a million claims).
_FACT_WORDS = sorted(
    {*_NUMBER_WORDS, *_ORDINAL_WORDS, *_FRACTIONS, *_WEEKDAYS, *_MONTHS, *_NEGATIONS, _AGAINST,
     "twice"},
    key=len, reverse=True,
)


def _trie(words: Sequence[str]) -> str:
    """One regex alternation of ``words`` factored by common prefix ("mon(?:day)"...).
    re tries a flat alternation's branches one by one at every word start; the
    factored form rejects a non-fact word at its first letter or two (5x faster on
    generated news). Same matches: the fact words are whole words (the lookarounds
    in ``_FACT_RE``), so at most one of them fits at a position, in any branch order."""
    if not words:
        return ""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[:1], []).append(w[1:])
    parts = []
    for first in sorted(by_first):
        rests = by_first[first]
        optional = "" in rests
        inner = _trie(sorted(r for r in rests if r))
        if not inner:
            parts.append(re.escape(first))
        else:
            tail = f"(?:{inner})" + ("?" if optional else "")
            parts.append(re.escape(first) + tail)
    return "|".join(parts)


_NUMBER_OR_WORD = (
    r"\d{1,2}:\d\d(?!\d)|\d+(?:[.,]\d+)*(?:st|nd|rd|th)?"
    r"|(?<![^\W\d_])(?:" + _trie(_FACT_WORDS) + r")(?![^\W\d_])"
)
# "...n't": tried only where a word starts (or right after "1st", whose letters the
# number took): tried inside a word, it rescanned the rest of the word at every letter.
# Inside a word it can only match where it would have matched at the word's start,
# which findall reaches first, so the tokens are the same.
_FACT_RE = re.compile(
    _NUMBER_OR_WORD
    + r"|(?:(?<![^\W\d_])|(?<=\d(?:st|nd|rd|th)))[^\W\d_]+n['’]t\b"
)
# Without an apostrophe before a "t" the "n't" branch cannot match: skip it.
_FACT_RE_NO_NT = re.compile(_NUMBER_OR_WORD)


# A negation word that denies nothing: "not long after" is "soon after" (what a synonym
# spinner makes of "shortly after"). ("not only ... but also" too, but letting it
# through joined the sample's boilerplate: precision 0.307 -> 0.299.)
# "not long after", and "not until 2044" / "will not reopen until May": a time, told
# by what does not happen before it
_NO_DENIAL = re.compile(r"\s+(?:long\s+(?:after|before|ago)|(?:[a-z]+\s+){0,2}until)\b")


# "No hurricane had made landfall with stronger winds", "no day had wiped out more
# points": a negated comparative is a superlative ("the strongest"), not a denial.
_COMPARED = re.compile(
    r"[^,;:.!?()]*?\b(?:more|less|fewer|greater|larger|bigger|higher|lower|stronger|weaker"
    r"|worse|better|deadlier|faster|longer|heavier|costlier)\b"
)
_SUPERLATIVE_NEGATIONS = frozenset({"no", "never", "nothing", "none", "nobody"})


def _denies_nothing(text: str, m: re.Match[str]) -> bool:
    """Is the negation word at ``m`` one that denies nothing: "not long after", a
    negated comparative (a superlative), or a reply's "No," opening the text (a forum
    answer: "No, the offer is for people whose convictions were quashed" says the offer
    is)?"""
    if _NO_DENIAL.match(text, m.end()) is not None:
        return True
    if m.group() in _SUPERLATIVE_NEGATIONS and _COMPARED.match(text, m.end()) is not None:
        return True
    return m.group() == "no" and text.startswith(",", m.end()) and not text[: m.start()].strip()


# A copy cut short ("... the board ...") may have lost a negation the full text has.
_TRUNCATED = re.compile(r"(?:\.\.\.|…)[\"”’')\]]?\s*$")


def facts_of(core: str) -> Facts:
    """The facts of one claim core. ``negated`` is None when the core shows no negation
    but is cut short: the missing part may hold one, so polarity is unknown."""
    return _facts(core)


# A time told in a named zone: "11:33 a.m. Lisbon time", "10:33 GMT", "9:30 p.m. ET". Wire
# copies restate the hour for their readers, so such a time is no fact to compare.
_ZONE_AFTER = re.compile(
    r"\s*(?:[ap]\.?m\.?)?\s*(?:(?:gmt|utc|bst|cet|cest|eet|eest|wet|west|[ecmp][sd]?t|jst|aest)"
    r"\b|(?:[^\W\d_]+ ){1,2}time\b)"
)


def _facts(core: str, found: Iterable[str] = (), digits: Sequence[int] | None = None) -> Facts:
    """``facts_of(core)``; with ``digits`` (an ASCII core without "'t": where its digit
    runs start) and ``found`` (its letter runs that are fact words), the fact regex is
    tried only where it can match (``_candidates``) instead of scanning every position."""
    values: set[tuple[str, str]] = set()
    negated: bool | None = False
    denied: set[tuple[str, ...]] = set()
    text = core.casefold()
    if digits is not None:
        matches: Iterable[re.Match[str]] = _matches_at(text, _candidates(text, found, digits))
    else:
        pattern = _FACT_RE if "'t" in text or "’t" in text else _FACT_RE_NO_NT
        matches = pattern.finditer(text)
    run: list[re.Match[str]] = []  # number words in a row: "two hundred and forty"
    shares = _shares(text, values)
    for m in matches:
        tok = m.group()
        if shares and any(a <= m.start() < b for a, b in shares):
            continue  # a share's words ("one in ten") are its parts, not counts
        if tok == "twice":
            values.add(("number", "time|2"))  # "twice the nicotine": "two times"
            continue
        if tok in _NUMBER_WORDS:
            if tok == "one" and text.startswith(" of ", m.end()):
                continue  # "one of the places": a member, not a count
            if run and _WORD_JOIN.fullmatch(text, run[-1].end(), m.start()):
                run.append(m)
                continue
            _add_spelled(text, run, values, core)
            run = [m]
            continue
        if run:
            _add_spelled(text, run, values, core)
            run = []
        if tok[0].isdigit():
            kind, value = _digit_fact(tok)
            if kind == "time" and _ZONE_AFTER.match(text, m.end()):
                continue  # "11:33 a.m. Lisbon time": a local rendering of the wire's "12:33"
            if kind == "year" and _DECADE.match(text, m.end()) and value.endswith("0"):
                kind = "decade"  # "the 1990s": the years of "in 1995" too, no conflict
            elif kind == "year" and _counted_year(text, m.start(), m.end()):
                kind = "number"  # "at 1897 parts per billion", "sold 2000 cars"
            if kind == "number":
                kind, value = _named_number(core, text, m.start(), m.end()) or (
                    kind, _number(text, m.start(), m.end(), float(value), core))
            values.add((kind, value))
            if kind == "date":  # "on March 7" is in March: no "back in January"
                values.add(("month", _FULL_MONTH[value[:3]]))
        elif tok == _AGAINST:
            directive = _word_before(text, m.start())[0].startswith(_DIRECTIVES)
            governed = _governed(text, m.end()) if directive else []
            if governed:  # ("a design experts had warned against": its object is before it)
                negated = True
                denied.add(tuple(governed))
        elif tok in _NEGATIONS or tok.endswith("n't") or tok.endswith("n’t"):
            if not _denies_nothing(text, m):
                negated = True
                denied.add(tuple(_governed(text, m.end())))
        elif tok in _ORDINAL_WORDS:
            values.add(("ordinal", str(_ORDINAL_WORDS[tok])))
        elif tok in _WEEKDAYS:
            values.add(("weekday", tok))
        elif tok in _MONTHS:
            values.add(("month", tok))
    _add_spelled(text, run, values, core)
    if not negated and ("..." in core or "…" in core) and _TRUNCATED.search(core):
        negated = None
    if not values and negated is False:
        return NO_FACTS
    return Facts(frozenset(values), negated, frozenset(denied))


_WORD_JOIN = re.compile(r"[\s-]+(?:and\s+)?")

# A share told in words is a percentage, and a loose one: "one in ten" is 10%, "a third
# of" 33%, "nearly half" 50% ("one in ten" and "1.8%" are two figures; "one in five" and
# "18%" one). Its number words are its parts, no counts of their own.
_SMALL_WORDS = tuple(w for w, v in _NUMBER_WORDS.items() if 0 < v <= 10)
_SMALL = "|".join(_SMALL_WORDS)
_SHARE_RE = re.compile(
    rf"(?<![^\W\d_])(?:(?P<n>{_SMALL}|\d{{1,2}}) (?:in|out of) (?:every )?"
    rf"(?P<m>{_SMALL}|twenty|hundred|thousand|\d{{1,3}}(?:,000)?)(?!\w|[.,]\d"
    r"|[\s-](?:years?|months?|weeks?|days?|hours?|minutes?)\b)"
    rf"|(?P<k>a|one|two|three|four)[\s-](?P<f>third|quarter|fourth|fifth|tenth)s?(?= of\b)"
    r"|half(?= of\b| the\b| their\b| its\b| all\b| them\b))"
    r"(?! of (?:a |one )?(?:percent|per cent|percentage|point|%))"  # "a quarter of a percent"
)
_SHARE_WORDS = _NUMBER_WORDS | {"a": 1}
_HALVES = frozenset({"first", "second", "latter", "former", "back", "front", "other", "top",
                     "bottom", "lower", "upper", "northern", "southern", "eastern", "western"})
SHARE = "~~"  # a share's hedge mark: compared within ``SHARE_TOLERANCE``
_LOOSE = len(SHARE)  # ``_amount``'s hedge level of a share


def _shares(text: str, values: set[tuple[str, str]]) -> list[tuple[int, int]]:
    """Add each share of ``text`` to ``values`` as a loose percentage; their spans."""
    spans: list[tuple[int, int]] = []
    for at in _share_starts(text):
        if spans and at < spans[-1][1]:
            continue
        m = _SHARE_RE.match(text, at)
        if m is None:
            continue
        if m.group("n"):
            n, d = (_SHARE_WORDS.get(x) or float(x.replace(",", "")) for x in m.group("n", "m"))
        elif m.group("f"):
            n, d = _SHARE_WORDS[m.group("k")], _FRACTIONS[m.group("f")]
        elif _word_before(text, m.start())[0] in _HALVES:
            continue  # "the second half of last year": a time, no share
        else:
            n, d = 1, 2
        if 0 < n < d:
            values.add(("number", f"%|{100 * n / d:.3g}{SHARE}"))
            spans.append(m.span())
    return spans


_SHARE_SEPARATORS = (" in ", " out of ")


def _share_starts(text: str) -> list[int]:
    """Where a share can start: the number before each " in " / " out of ", the word
    before each fraction word, and each "half" (found with ``str`` methods: a scan of the
    share pattern over every text cost half again the fact table's time at 1M)."""
    starts = []
    for sep in _SHARE_SEPARATORS:
        i = text.find(sep)
        while i > 0:
            if text[i - 1].isdigit() or text.endswith(_SMALL_WORDS, 0, i):
                starts.append(_word_start(text, i))
            i = text.find(sep, i + 1)
    for word in _FRACTIONS:
        if word not in text:
            continue
        i = text.find(word)
        while i >= 0:
            starts.append(i if word == "half" else _word_start(text, i))
            i = text.find(word, i + 1)
    return sorted(set(starts)) if len(starts) > 1 else starts


def _word_start(text: str, end: int) -> int:
    """Where the word ending at ``end`` (exclusive; after a space or hyphen if there is
    one) starts."""
    if end > 0 and text[end - 1] in " -":
        end -= 1
    j = end
    while j > 0 and text[j - 1].isalnum():
        j -= 1
    return j


def _add_spelled(
    text: str, run: Sequence[re.Match[str]], values: set[tuple[str, str]], core: str = ""
) -> None:
    """The number words of ``run`` as one figure when they spell one ("two hundred and
    forty" thousand, "twenty-six" billion), else each alone."""
    if not run:
        return
    whole = _spelled([m.group() for m in run]) if len(run) > 1 else None
    if whole is not None:
        values.add(("number", _number(text, run[0].start(), run[-1].end(), whole, core)))
        return
    for m in run:
        values.add(("number", _number(text, m.start(), m.end(), _NUMBER_WORDS[m.group()], core)))


def _spelled(words: Sequence[str]) -> float | None:
    """The value of number words that spell one number below a thousand, or None:
    "twenty six" 26, "two hundred and forty" 240; "nine eleven", "one two" are none."""
    value, last = 0, ""
    for w in words:
        v = _NUMBER_WORDS[w]
        if w == "hundred":
            if not 0 < value < 10 or last != "unit":
                return None
            value, last = value * 100, "hundred"
        elif w == "dozen":
            return None
        elif v >= 20:
            if last in ("tens", "unit"):
                return None
            value, last = value + v, "tens"
        else:
            if last == "unit" or (last == "tens" and v >= 10):
                return None
            value, last = value + v, "unit"
    return float(value)


def _candidates(text: str, found: Iterable[str], digits: Sequence[int]) -> list[int]:
    """Every position where ``_FACT_RE_NO_NT`` can match in ``text`` (ASCII, lower
    case), in order, and some where it cannot: where a digit run starts (a match ends
    after a whole run of digits, an ordinal suffix or a word, so none starts inside a
    run), and wherever a fact word of ``found`` (the text's letter runs that are fact
    words: the word branch matches a whole letter run) occurs."""
    out = list(digits)
    for word in found:
        i = text.find(word)
        while i >= 0:
            out.append(i)
            i = text.find(word, i + 1)
    out.sort()
    return out


def _matches_at(text: str, starts: Sequence[int]) -> Iterator[re.Match[str]]:
    """``_FACT_RE_NO_NT.finditer(text)``, trying only ``starts`` (sorted; every place a
    match can start among them): the same matches, since finditer takes the first
    position from the last match's end where one starts. A scan of every position cost
    ~13 us a generated core, most of reading its facts; a few anchored tries ~1 us."""
    end = 0
    match = _FACT_RE_NO_NT.match
    for p in starts:
        if p >= end:
            m = match(text, p)
            if m is not None:
                end = m.end()
                yield m


# After a number: a scale word, then "%"/"percent" or the counted noun.
_AFTER_NUMBER = re.compile(
    r"[\s\-\u2010\u2011]*(?:(thousand|million|billion|trillion|bn|mn|tn)\b\.?)?[\s\-\u2010\u2011]*"
    r"(%|per\s*cent\b|°|[^\W\d_]+)?"
)
# A temperature is one unit however it is written: "1.6 °C", "1.6C", "1.6 degrees", "88 F".
_DEGREES = frozenset({"°", "c", "f", "celsi", "fahre", "degre"})
# A count of people is one unit whatever noun counts them: "people", "residents",
# "individuals", a study's "patients", "adults", "volunteers", "subjects", or a nation's
# people ("Americans", "Koreans": a capitalised plural). (Over the gold of our corpora the
# study's nouns split no pair of one claim and 180 pairs of different ones.)
_PERSONS = frozenset(
    {"peopl", "perso", "indiv", "resid", "citiz", "inhab", "patie", "adult", "volun", "subje"})
_DEMONYM_PLURAL = "ans"  # "Americans", "Koreans", "Indonesians"
_SCALE = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "trillion": 1e12, "tn": 1e12}  # fmt: skip
# A currency before the figure: a sign or an ISO 4217 code ("SEK 11 million"); not the
# codes that are English words too ("try", "cop", "pen", "rub").
_CURRENCY_BEFORE = re.compile(
    r"(?:[$€£¥₹₩₽₺₦₱₫₪฿]|\b(?:usd|us|eur|gbp|jpy|inr|lkr|rs|sdr|cny|rmb|chf|aud|cad|sek|nok"
    r"|dkk|isk|kr|krw|brl|mxn|zar|hkd|sgd|nzd|pln|czk|huf|idr|thb|php|myr|vnd|egp|ngn|kes"
    r"|pkr|bdt|uah|ils|sar|aed|qar|ars|clp|twd)\.?)\s*$"
)
# A currency named after the figure ("11 million kronor", "300 Swedish kronor").
_CURRENCY_AFTER = frozenset(
    """dollar dollars euro euros pound pounds rupee rupees yen yuan renminbi peso pesos
    krona kronor krone kroner franc francs lira lire rand ruble rubles rouble roubles rupiah
    baht ringgit dirham dirhams riyal riyals shekel shekels zloty zlotys forint koruna naira
    shilling shillings hryvnia taka cedi cedis kwacha reais""".split()  # noqa: SIM905
)
# A nationality before the currency's name: "Swedish kronor", "Thai baht", "Saudi riyals".
_NATIONALITY_END = ("ish", "ian", "ese", "an", "ic", "i")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)\b")  # the next word, whole
# Between a figure and what it counts: "50 more calories" counts calories, as "300 calories".
_COMPARATIVES = frozenset({"more", "fewer", "less", "extra", "additional"})
_NOT_CONTENT = _FUNCTION_WORDS | _NEGATIONS  # never a unit, a negated word or a content word
_STEM = 5  # words are compared by their first letters: "declared" ~ "declare", "deaths" ~ "death"


def _stem(word: str) -> str:
    return word[:_STEM]


# A unit of measure is one unit spelled or abbreviated: "1.5 milligrams" / "1.0 mg",
# "140 mph" / "140 miles", "15 gigawatts" / "15 GW" (the names' shared stems would also
# merge "millimetres" with "milligrams"). Durations map to the names _SECONDS reads.
_UNIT_NAMES = {
    name: unit
    for unit, names in (
        ("mg", "mg milligram milligrams milligramme milligrammes"),
        ("g", "g gram grams gramme grammes"),
        ("kg", "kg kgs kilogram kilograms kilogramme kilogrammes kilo kilos"),
        ("mm", "mm millimetre millimetres millimeter millimeters"),
        ("cm", "cm centimetre centimetres centimeter centimeters"),
        ("km", "km kms kilometre kilometres kilometer kilometers kph"),
        ("mi", "mi mile miles mph"),
        ("ft", "ft foot feet"),
        ("ml", "ml millilitre millilitres milliliter milliliters"),
        ("l", "l litre litres liter liters"),
        ("lb", "lb lbs"),
        ("kw", "kw kilowatt kilowatts kwh"),
        ("mw", "mw megawatt megawatts mwh"),
        ("gw", "gw gigawatt gigawatts gwh"),
        ("hours", "hr hrs"),
        ("minutes", "min mins"),
        ("seconds", "sec secs"),
    )
    for name in names.split()
}


# A duration is one unit in whichever it is told: the stems of its units, in seconds.
_SECONDS = {"secon": 1, "minut": 60, "hour": 3600, "hours": 3600, "day": 86400,
            "days": 86400, "week": 604800, "weeks": 604800}  # fmt: skip


def _singular(unit: str) -> str:
    """A short unit's stem without its plural "s" ("cases" -> "case"; a longer word's
    stem has lost it already: "deaths" -> "death")."""
    if len(unit) == _STEM and unit[-1] == "s" and unit[-2] not in "sui":
        return unit[:-1]
    return unit


# A scale glued to the figure: "240k", "$4m", "£1.2bn", "$3tn" ("m" and "b" only after a
# currency: "a 50m wall" is metres).
_GLUED_SCALE = re.compile(r"(k|m|b|bn|mn|tn)\b")
_GLUED = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9, "mn": 1e6, "tn": 1e12}


_AND_A_HALF = re.compile(r" and a half\b")
# A duration in two units is one figure in the larger: "4 minutes and 28 seconds" is
# 4.47 minutes, as "just under four and a half minutes" says it (not a bare 4).
_DURATION_PARTS = {"hour": "minute", "hours": "minute", "minut": "second"}
_DURATION_NEXT = re.compile(
    r"(?:,| and)? (\d{1,2}|[a-z]+(?:-[a-z]+)?) (minute|second|min|sec|s)s?\b"
)  # "4 minutes and 28 seconds", "4 min 28 s"
_DURATION_ABBREVIATED = {"min": "minute", "sec": "second", "s": "second"}


def _duration_part(text: str, end: int, smaller: str) -> float:
    """The smaller unit's share after a duration's figure at ``end`` ("... and 28
    seconds": 28/60), or 0."""
    m = _DURATION_NEXT.match(text, end)
    if m is None or _DURATION_ABBREVIATED.get(m.group(2), m.group(2)) != smaller:
        return 0.0
    part, words = m.group(1), m.group(1).split("-")
    if part.isdigit():
        value: float | None = int(part)
    elif all(w in _NUMBER_WORDS for w in words):
        value = _spelled(words)  # "twenty-eight" 28, "eight" 8
    else:
        return 0.0
    return value / 60 if value is not None and value < 60 else 0.0


def _capitalised(core: str, text: str, at: int) -> bool:
    """Is the word at ``at`` in ``text`` (``core`` casefolded) capitalised in ``core``?"""
    word = core[at : at + 2] if len(core) == len(text) else ""
    return len(word) == 2 and word[0].isupper() and word[1].islower()


def _number(text: str, start: int, end: int, amount: float, core: str = "") -> str:
    """A number's value as "unit|amount": the amount scaled ("2.9 billion" -> 2.9e9,
    "$4m" -> 4e6), the unit the currency, "%", or the counted word's stem ("" when none
    follows)."""
    money = _CURRENCY_BEFORE.search(text, max(0, start - 5), start) is not None
    half = _AND_A_HALF.match(text, end) if text.startswith(" and a", end) else None
    if half is not None:  # "two and a half hours": 2.5 of them, not a bare 2
        amount, end = amount + 0.5, half.end()
    glued = _GLUED_SCALE.match(text, end) if end < len(text) and text[end].isalpha() else None
    if glued is not None and (money or glued.group(1) not in ("m", "b")):
        amount *= _GLUED[glued.group(1)]
        end = glued.end()
    after = _AFTER_NUMBER.match(text, end)
    scale, word = (after.group(1), after.group(2)) if after else (None, None)
    if scale:
        amount *= _SCALE[scale]
    word_at = after.start(2) if word else 0
    if word in _UNIT_NAMES:
        word = _UNIT_NAMES[word]
    elif word in _COMPARATIVES or (
        word and len(word) > 5 and word.endswith("ed") and word not in _NOT_CONTENT
    ):
        # a participle or a comparative before the counted noun: "five confirmed deaths"
        # counts deaths, "50 more calories" calories
        nxt = _NEXT_WORD.match(text, after.end())
        if nxt is not None and nxt.group(1) not in _NOT_CONTENT:
            word, word_at = nxt.group(1), nxt.start(1)
    if word and not money and word.endswith(_NATIONALITY_END):
        nxt = _NEXT_WORD.match(text, after.end())
        money = nxt is not None and nxt.group(1) in _CURRENCY_AFTER
    if money or word in _CURRENCY_AFTER:
        unit = "$"
    elif word and (word == "%" or "".join(word.split()) == "percent"):
        unit = "%"
    elif word and word not in _NOT_CONTENT:
        unit = _stem(word)
        if unit in _DEGREES:
            unit = "°"
        elif unit in _PERSONS or (
            word.endswith(_DEMONYM_PLURAL) and _capitalised(core, text, word_at)):
            unit = "peopl"  # "31.6 million Americans" counts people, as "31.6 million people"
        elif unit in _DURATION_PARTS:
            amount += _duration_part(text, after.end(), _DURATION_PARTS[unit])
        if unit in _SECONDS:  # "90 minutes" is "1.5 hours"; "22.5 minutes" is no "22.5 hours"
            unit, amount = "secon", amount * _SECONDS[unit]
        else:
            unit = _singular(unit)  # "1 hour" / "3 hours", "1 case" / "2 cases": one unit
    else:
        unit = ""
    # a bound or an estimate ("fewer than 125", "about $3 billion") may round: "~" marks it
    return f"{unit}|{amount:.6g}{'~' if _hedged(text, start) else ''}"


_HEDGES = frozenset((
    "about", "nearly", "almost", "around", "roughly", "approximately", "some", "over",
    "under", "than", "least", "most", "estimated"))  # fmt: skip


def _hedged(text: str, start: int) -> bool:
    """Does a hedge word ("about", "fewer than", "up to") come just before the number at
    ``start`` (``text`` casefolded; a currency sign or "~" may sit between)? Word lookups,
    not a regex tried at every character of the run-up: this runs for every number."""
    before = text[max(0, start - 16) : start].rstrip(" $€£¥₹~(")
    words = before.rsplit(None, 2)
    if not words:
        return False
    return words[-1] in _HEDGES or (words[-1] == "to" and len(words) > 1 and words[-2] == "up")


# A number that is part of a name or a date is no count: "Crew-9", "Flight 1282", "737
# MAX 9" (a designation, compared as a code: "Category 4" / "Category 5" still differ),
# "August 2", "Aug. 2", "3 November" (the day of a month: a date).
_MONTH_NAMES = {m: m[:3] for m in (*MONTHS, *MONTH_ABBREVIATIONS)}
_MONTH_AFTER = re.compile(r" ([^\W\d_]+)")
_RANGE_AFTER = re.compile(r"\s*(?:[-\u2010-\u2014]|to\b|and\b|or\b)\s*\d")
_RANGE_BEFORE = re.compile(r"\d\s*(?:[-\u2010-\u2014]|to|and|or)\s*$")
_SCALED = re.compile(r"\s*(?:" + "|".join(_SCALE) + r")\b")  # "3 billion": an amount
_NOT_A_NAME = _FUNCTION_WORDS | _NEGATIONS | _WEEKDAYS | frozenset(
    "about nearly almost around roughly some over under only just".split())  # noqa: SIM905


def _named_number(core: str, text: str, start: int, end: int) -> tuple[str, str] | None:
    """("date", "aug 2") for a day of a month, ("code", "9") for a number in a name; None
    for a count. ``text`` is ``core`` casefolded (a name's capital is read from ``core``
    when the two align). Cheap tests first: this runs for every number of every claim."""
    amount = text[start:end]
    if not amount.isdigit():
        return None
    word, dot, w0 = _word_before(text, start)
    day = int(amount) <= 31
    month = _MONTH_NAMES.get(word) if word and day else None
    if month is not None and word in _VERB_MONTHS and not _capital(core, text, w0):
        month = None  # "troops march 5 miles"
    after = _MONTH_AFTER.match(text, end) if day and month is None else None
    if after is not None and not _month_after(core, text, after):
        after = None
    code = (
        month is None and after is None and bool(word) and not dot and word not in _NOT_A_NAME
        and (text[start - 1] == "-" or (w0 > 0 and _capital(core, text, w0)))
    )  # "crew-9", "covid-19"; "Flight 1282", "MAX 9"
    if not (month or after or code):
        return None
    if _RANGE_AFTER.match(text, end) or _RANGE_BEFORE.search(text, max(0, start - 8), start):
        return None  # "1 to 4 January", "January 1-4": a span, not one day
    if _CURRENCY_BEFORE.search(text, max(0, start - 5), start) or _SCALED.match(text, end):
        return None  # "USD 3 billion": an amount
    if code:
        return ("code", amount)
    return ("date", f"{month or after.group(1)[:3]} {int(amount)}")  # type: ignore[union-attr]


def _month_after(core: str, text: str, after: re.Match[str]) -> bool:
    """Is the word after a day's number a month? "May" and "March" only with their
    capital ("on 5 May 2026", "5 March"; "5 may be linked" counts five)."""
    word = after.group(1)
    return word in _MONTHS or (word in _VERB_MONTHS and _capital(core, text, after.start(1)))


def _capital(core: str, text: str, at: int) -> bool:
    """Does the word at ``at`` of ``text`` (``core`` casefolded) start with a capital in
    ``core``? (Only when the two align; else no.)"""
    return len(core) == len(text) and core[at].isupper()


def _word_before(text: str, start: int) -> tuple[str, bool, int]:
    """The letters of the word just before a number, separated by one space or a hyphen
    ("max 9", "crew-9", "sept. 24"): (word, whether a dot ends it, where it starts)."""
    k = start - 1
    if k < 1 or text[k] not in " -":
        return "", False, -1
    dot = text[k - 1] == "."
    if dot:
        k -= 1
    j = k
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return text[j:k], dot, j


_CLAUSE_WORD = re.compile(r"[^\W\d_]+|[,;:.!?()]")
_DENIED_WORDS = 2  # how many content words after a negation it governs


def _governed(text: str, end: int) -> list[str]:
    """The stems of the first content words after a negation, within its clause."""
    out: list[str] = []
    for m in _CLAUSE_WORD.finditer(text, end):
        word = m.group()
        if not word[0].isalpha():
            break
        if word in _NOT_CONTENT:
            continue
        out.append(_stem(word))
        if len(out) == _DENIED_WORDS:
            break
    return out


_LETTERS = re.compile(r"[^\W\d_]+")


def content_stems(core: str) -> frozenset[str]:
    """The stems of a core's content words (what a negation's words are looked up in)."""
    return frozenset(
        w[:_STEM] for w in _LETTERS.findall(core.casefold()) if w not in _NOT_CONTENT
    )


_DECADE = re.compile(r"['’]?s\b")  # "1990s", "1990's"
# A year-like figure that counts something: a plural noun after it, and before it a word
# that is no time preposition, determiner or month ("in 2024 people ...", "the 2024
# elections", "October 2023 was" and "2024 marks ..." at the start are years).
_YEAR_BEFORE = re.compile(
    r"(?:^|[^\w\s]\s*|\b(?:in|since|by|until|till|from|of|during|after|before|through|to"
    r"|the|a|an|its|their|his|her|this|that|early|late|mid|between|for|on|fiscal|calendar|"
    + "|".join(MONTHS + MONTH_ABBREVIATIONS)
    + r")\s+)$"
)


def _counted_year(text: str, start: int, end: int) -> bool:
    after = _NEXT_WORD.match(text, end)
    if after is None:
        return False
    word = after.group(1)
    return (
        len(word) >= 3
        and word.endswith("s")
        and word not in _NOT_CONTENT
        and word != "years"
        # "up to 2000 soldiers": the core dropped the comma of "2,000"; a hedge says count
        and (_YEAR_BEFORE.search(text, max(0, start - 12), start) is None or _hedged(text, start))
    )


@lru_cache(maxsize=65536)  # years and round figures repeat across millions of claims
def _digit_fact(tok: str) -> tuple[str, str]:
    if ":" in tok:
        return ("time", tok)
    if tok.count(".") > 1:  # "9.3.5", "192.168.0.1": a version or an address, no amount
        return ("code", tok)
    if tok[-2:] in ("st", "nd", "rd", "th"):
        return ("ordinal", tok[:-2].lstrip("0") or "0")
    plain = tok.replace(",", "")
    if len(tok) == 4 and tok.isdigit() and 1800 <= int(tok) <= 2099:  # never "2,000"
        return ("year", plain)
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return ("number", plain.lstrip("0") or "0")


def conflict(
    a: Facts, b: Facts, words_a: frozenset[str] | None = None, words_b: frozenset[str] | None = None
) -> bool:
    """Do two claims state different values of the same kind of fact (or opposite
    polarity)? Omissions are not conflicts. ``words_a``/``words_b``: the cores'
    ``content_stems``, to tell a denial of the other side's words from a negated clause
    it lacks (without them, any one-sided negation conflicts)."""
    if a.negated is not None and b.negated is not None and a.negated != b.negated:
        neg, other = (a, words_b) if a.negated else (b, words_a)
        if other is None or _denies(neg.denied, other):
            return True
    if not a.values or not b.values:
        return False
    ka, kb = a.kinds(), b.kinds()
    for kind in ka.keys() & kb.keys():
        test = _numbers_conflict if kind == "number" else _sets_conflict
        if test(ka[kind], kb[kind]):
            return True
    return False


def _denies(denied: Denied, other_words: frozenset[str]) -> bool:
    """Does one of the negations (``denied``: the words each governs) deny what the other
    side says: are all its words there? One word is not enough: "a 70 kg adult with no
    other source of the sweetener" denies nothing of "each can holds 200 to 300 mg of the
    sweetener". (A negation with no word after it in its clause denies the whole claim.)"""
    return not denied or any(all(_said(w, other_words) for w in words) for words in denied)


def _said(stem: str, words: frozenset[str]) -> bool:
    """Is ``stem`` among ``words``, a short word's inflection too ("ban" / "bans")?"""
    return stem in words or (
        len(stem) < _STEM and any(w.startswith(stem) and len(w) <= _STEM for w in words)
    )


NUMBER_TOLERANCE = 0.05  # relative: 2.9 ~ 3 and 1,456 ~ 1,500, but 17 != 18, 14,000 != 15,000
EXACT_BELOW = 100  # whole numbers under this are counts told exactly: 59 != 60


def _near_subset(small: Sequence[tuple[float, int]], big: Sequence[tuple[float, int]]) -> bool:
    """Is every number of ``small`` within the tolerance of one of ``big``?"""
    return all(any(_one_figure(v, w, hv, hw) for w, hw in big) for v, hv in small)


SHARE_TOLERANCE = 0.15  # relative, for a share told in words: "nearly half" ~ 45%, not 38%


def _one_figure(v: float, w: float, v_hedged: int = 0, w_hedged: int = 0) -> bool:
    """Rounded or approximate tellings of one figure. A count under 100 is told exactly
    ("59 stolen bases" is not "60"), and so are two counts neither of which is round nor
    hedged ("111 dead" is not "115 dead"; "1,456" may be "1,500", "fewer than 125" 121).
    Within the tolerance one must round to the other, or only one be hedged ("fewer than
    125" bounds 121): two values given to the same place, both hedged or neither, are two
    figures ("about 8.3 metres" / "about 8.5")."""
    if v == w:
        return True
    if max(v_hedged, w_hedged) == _LOOSE:  # a share in words ("one in five" ~ 18%)
        return abs(v - w) <= SHARE_TOLERANCE * max(abs(v), abs(w))
    hedged = v_hedged or w_hedged
    if v.is_integer() and w.is_integer() and (
        max(abs(v), abs(w)) < EXACT_BELOW or not (hedged or v % 10 == 0 or w % 10 == 0)):
        return False
    if abs(v - w) > NUMBER_TOLERANCE * max(abs(v), abs(w)):
        return False
    if v_hedged != w_hedged:  # a bound or an approximation of the other's figure
        return True
    # One telling must round to the other: "2.9" is "nearly 3" and "1,456" "about 1,500",
    # but figures given to the same place ("about 8.5 metres", "about 8.3 metres"; "4.4%",
    # "4.5%") are two figures.
    pv, pw = _last_place(v), _last_place(w)
    return pv != pw and abs(v - w) <= max(pv, pw) / 2


@lru_cache(maxsize=1 << 12)
def _last_place(x: float) -> float:
    """The place of a number's last significant digit: 8.5 -> 0.1, 1,500 -> 100."""
    exponent = Decimal(repr(x)).normalize().as_tuple().exponent
    return 10.0 ** exponent if isinstance(exponent, int) else 1.0


@lru_cache(maxsize=1 << 16)
def _by_unit(
    values: frozenset[str],
) -> dict[str, tuple[frozenset[str], tuple[tuple[float, int], ...]]]:
    """A set of numbers ("unit|amount") by unit: the values and their amounts (cached:
    the same few sets meet in many pairs)."""
    out: dict[str, set[str]] = {}
    for v in values:
        out.setdefault(v.partition("|")[0], set()).add(v)
    return {
        u: (frozenset(vs), tuple(_amount(v) for v in vs))
        for u, vs in out.items()
    }


def _amount(value: str) -> tuple[float, int]:
    """A number's amount and how it is hedged: 0 not, 1 a hedge ("unit|121~"), ``_LOOSE``
    a share in words ("%|10~~")."""
    amount = value.rpartition("|")[2]
    bare = amount.rstrip("~")
    return float(bare), len(amount) - len(bare)


@dataclass(frozen=True)
class FactTable:
    """The facts of many claims as integer arrays, so that checking millions of pairs
    is array comparisons, not a Python call per pair (``conflict`` per pair took most
    of the fact guard's time at a million claims).

    negated: per claim, 0 no, 1 yes, 2 unknown (a truncated core); sets: per claim and
    kind (``KINDS``), the id of its value set of that kind (0: none); values: id -> value
    set; denied: per negated claim, its ``Facts.denied``; cores: the texts (a one-sided
    negation is checked against the other side's words)."""

    negated: np.ndarray
    sets: np.ndarray
    values: list[frozenset[str]]
    denied: dict[int, Denied]
    cores: Sequence[str]

    def conflicts(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``conflict`` of claims a[i] and b[i], for every i (bool array)."""
        na, nb = self.negated[a], self.negated[b]
        clash = np.zeros(len(a), dtype=bool)
        one_sided = np.flatnonzero((na != nb) & (na != UNKNOWN) & (nb != UNKNOWN))
        if len(one_sided):
            clash[one_sided] = self._denials(a[one_sided], b[one_sided], na[one_sided] == 1)
        single = np.fromiter(
            (len(v) == 1 for v in self.values), dtype=bool, count=len(self.values)
        )
        for k, kind in enumerate(KINDS):
            ia, ib = self.sets[a, k], self.sets[b, k]
            differ = (ia > 0) & (ib > 0) & (ia != ib)
            if kind == "number":  # within the tolerance is one figure: test each pair
                some = np.flatnonzero(differ)
                if len(some):
                    clash[some] |= self._neither_contains(ia[some], ib[some], near=True)
                continue
            # two different one-value sets: neither contains the other
            clash |= differ & single[ia] & single[ib]
            many = np.flatnonzero(differ & ~(single[ia] & single[ib]))
            if len(many):
                clash[many] |= self._neither_contains(ia[many], ib[many])
        return clash

    def _denials(self, a: np.ndarray, b: np.ndarray, a_negated: np.ndarray) -> np.ndarray:
        """Per pair with one side negated: does its negation deny the other side's words?"""
        words: dict[int, frozenset[str]] = {}
        out = np.empty(len(a), dtype=bool)
        pairs = zip(a.tolist(), b.tolist(), a_negated.tolist(), strict=True)
        for k, (i, j, first) in enumerate(pairs):
            neg, other = (i, j) if first else (j, i)
            denied = self.denied.get(neg, frozenset())
            if denied and other not in words:
                words[other] = content_stems(self.cores[other])
            out[k] = _denies(denied, words.get(other, frozenset()))
        return out

    def _neither_contains(self, ia: np.ndarray, ib: np.ndarray, near: bool = False) -> np.ndarray:
        """Per pair of set ids: neither set contains the other (``near``: not even
        within ``NUMBER_TOLERANCE``); one test per distinct pair of ids."""
        code = ia.astype(np.int64) << 32 | ib.astype(np.int64)
        uniq, back = np.unique(code, return_inverse=True)
        test = _numbers_conflict if near else _sets_conflict
        out = np.fromiter(
            (
                test(va, vb)
                for va, vb in (
                    (self.values[int(c) >> 32], self.values[int(c) & 0xFFFFFFFF])
                    for c in uniq.tolist()
                )
            ),
            dtype=bool,
            count=len(uniq),
        )
        return out[back.ravel()]


UNKNOWN = 2  # FactTable.negated: polarity unknown


def _sets_conflict(va: frozenset[str], vb: frozenset[str]) -> bool:
    return not (va <= vb or vb <= va)


def _numbers_conflict(va: frozenset[str], vb: frozenset[str]) -> bool:
    """Numbers of some unit both sides count, neither within the tolerance of the other's."""
    if not _sets_conflict(va, vb):
        return False
    ua, ub = _by_unit(va), _by_unit(vb)
    for unit in ua.keys() & ub.keys():
        (sa, xa), (sb, xb) = ua[unit], ub[unit]
        if _sets_conflict(sa, sb) and not (_near_subset(xa, xb) or _near_subset(xb, xa)):
            return True
    return False


KINDS = ("number", "year", "decade", "ordinal", "weekday", "month", "time", "code", "date")


def fact_table(cores: Sequence[str], rows: np.ndarray | None = None) -> FactTable:
    """``FactTable`` of ``cores``; with ``rows``, only those cores are read (the others
    count as having no facts: pass the rows that will be compared)."""
    n = len(cores)
    negated = np.zeros(n, dtype=np.int8)
    sets = np.zeros((n, len(KINDS)), dtype=np.int32)
    ids: dict[frozenset[str], int] = {frozenset(): 0}
    denied: dict[int, Denied] = {}
    kind_col = {k: j for j, k in enumerate(KINDS)}
    todo = list(range(n)) if rows is None else rows.tolist()
    for i, kinds, polarity, governed in _row_facts(cores, todo):
        negated[i] = polarity
        if polarity == 1:
            denied[i] = governed
        for kind, values in kinds.items():
            sets[i, kind_col[kind]] = ids.setdefault(values, len(ids))
    return FactTable(negated, sets, list(ids), denied, cores)


Polarity = int  # FactTable.negated: 0 no, 1 yes, UNKNOWN


def _row_facts(
    cores: Sequence[str], rows: list[int]
) -> Iterator[tuple[int, dict[str, frozenset[str]], Polarity, Denied]]:
    """(row, its values by kind, its polarity, the words its negations govern) of each
    row with facts."""
    texts = [cores[i] for i in rows]
    # where digit runs start and the letter words, of each plain ASCII text (else None)
    runs, letters = digit_run_starts(texts), letter_words(texts)
    for i, text, words, digits in zip(rows, texts, letters, runs, strict=True):
        found = None
        if words is not None and "'t" not in text and "'T" not in text:
            found = _FACT_WORD_SET.intersection(words.split())
            if not (digits or found or "..." in text):  # no fact (``_FACT_RE``, ``_TRUNCATED``)
                continue
        if found is None or digits or not found.isdisjoint(_READ_ON):
            facts = _facts(text) if found is None else _facts(text, found, digits)
            if facts is not NO_FACTS:
                polarity = UNKNOWN if facts.negated is None else int(facts.negated)
                yield i, facts.kinds(), polarity, facts.denied
            continue
        kinds = _word_facts(found)
        truncated = "..." in text and _TRUNCATED.search(text) is not None  # ASCII: no "…"
        if kinds or truncated:
            yield i, kinds, UNKNOWN if truncated else 0, frozenset()


# ``facts_of`` from a text's letter runs alone, where they give the same facts as its
# scan (2-3x faster than the scan over every position): an ASCII text (its letter runs
# are ``letters.letter_words``), without "'t" (no "n't" branch), without a digit or a
# number or negation word: a number's unit and a negation's words are read from the
# text after them (``_number``, ``_governed``), so those texts are scanned.
# (a share, "a third of", and "twice" are read by the scan too)
_READ_ON = frozenset(_NUMBER_WORDS) | _NEGATIONS | {_AGAINST, "twice"} | frozenset(_FRACTIONS)
# Each other fact word's (kind, value).
_WORD_FACT: dict[str, tuple[str, str]] = {
    **{w: ("month", w) for w in _MONTHS},
    **{w: ("weekday", w) for w in _WEEKDAYS},
    **{w: ("ordinal", str(v)) for w, v in _ORDINAL_WORDS.items()},
}


def _word_facts(words: Iterable[str]) -> dict[str, frozenset[str]]:
    """Values by kind of a text's fact words (months, weekdays, ordinal words)."""
    kinds: dict[str, set[str]] = {}
    for tok in words:
        kind, value = _WORD_FACT[tok]
        kinds.setdefault(kind, set()).add(value)
    return {k: frozenset(v) for k, v in kinds.items()}


def concat_tables(tables: Sequence[FactTable]) -> FactTable:
    """One table of the claims of ``tables`` in turn, as ``fact_table`` of all their
    cores would answer ``conflicts``: a value set's id in a later table is mapped to the
    id the same set has in the earlier ones (equal sets, equal ids), and each table's
    rows (its negations' words, its cores) follow the earlier tables' rows."""
    ids: dict[frozenset[str], int] = {frozenset(): 0}
    sets = []
    denied: dict[int, Denied] = {}
    cores: list[str] = []
    for table in tables:
        offset = len(cores)
        remap = np.fromiter(
            (ids.setdefault(v, len(ids)) for v in table.values),
            dtype=np.int32,
            count=len(table.values),
        )
        sets.append(remap[table.sets])
        denied.update((row + offset, words) for row, words in table.denied.items())
        cores.extend(table.cores)
        assert len(cores) == offset + len(table.negated)  # one core per row
    return FactTable(
        np.concatenate([t.negated for t in tables]) if tables else np.zeros(0, dtype=np.int8),
        np.concatenate(sets) if sets else np.zeros((0, len(KINDS)), dtype=np.int32),
        list(ids),
        denied,
        cores,
    )


_FACT_WORD_SET = frozenset(_FACT_WORDS)

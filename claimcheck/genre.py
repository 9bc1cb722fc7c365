"""A page's genre in its own words: the label a site puts on a piece ("Opinion:",
"Explainer |", "COMMENTARY", "By Ann Lee, columnist", a wiki's "From Wikipedia, the free
encyclopedia").

Outlets label what is not a report, and the label is the surest sign of it: an
opinion piece argues and an explainer recaps, whatever dates and quotes they cite.
``pagekind`` weighs a label as decisive evidence; ``segment`` reads a line opened
by one as a title, not a claim ("Explainer: why the port is betting on a bigger
harbour").
"""

from __future__ import annotations

import re

OPINION = "opinion"
EXPLAINER = "explainer"

_LABELS = {
    OPINION: r"opinion|op-?ed|commentary|editorial|viewpoint|perspective"
    r"|guest (?:column|essay)|letters? to the editor",
    EXPLAINER: r"explainer|explained|faq|q\s?&\s?a|guide",
}
# the label, then a separator and the title ("Opinion: ...", "Explainer | "); a news
# analysis argues as a column does, but "Analysis" alone is also a menu item
_TITLE_LABELS = {**_LABELS, OPINION: _LABELS[OPINION] + "|(?:news )?analysis"}
_TITLED = {
    genre: re.compile(rf"^(?:{words})\s*[:|–—-]\s*\S", re.IGNORECASE)
    for genre, words in _TITLE_LABELS.items()
}
# A listicle's title: a count, then what it lists ("7 Things Nobody Tells You About ...",
# "The 10 best ...", "Top 5 reasons ..."): a list written to be shared, not a report.
LISTICLE = "listicle"
_LISTICLE = re.compile(
    r"^(?:the\s+)?(?:top\s+)?\d{1,2}\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:things|facts|reasons|ways|tips|myths|secrets|signs|lessons|mistakes|surprising)\b",
    re.IGNORECASE,
)
# the label alone on its line ("COMMENTARY"); a lone "Guide" or "FAQ" may be a menu item
_ALONE = re.compile(rf"^(?:{_LABELS[OPINION]})\s*$", re.IGNORECASE)
_COLUMNIST = re.compile(r"^by\b.{0,60},\s*(?:an?\s+)?(?:[a-z]+\s+)?columnist\b", re.IGNORECASE)
# A wiki's tagline under its title: "From Wikipedia, the free encyclopedia" (a reference
# page recaps what others reported)
_ENCYCLOPEDIA = re.compile(r"^from\s+\S.{0,40},\s+the\s+(?:free\s+)?(?:\w+\s+)?encyclopedia\.?$",
                           re.IGNORECASE)
# A navigation line lists sections with "|": "Opinion | Sport | World" labels no page.
_NAV = re.compile(r"\|[^|]*\|")


# A columnist's bio closing the page: "Ann Lee writes about football every Thursday.",
# "Raj Patel is a contributing columnist.", "Ann Lee is a former trader who writes about
# markets." (reports carry no author bio)
_BIO = re.compile(
    r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3}\s+"
    r"(?:is\s+an?\s+(?:[\w-]+\s+){0,4}(?:columnist|commentator|contributing (?:writer|editor))"
    r"|(?:is\s+an?\s+[^.]{1,80}?\s+who\s+)?writes\s+(?:about|on|a\s+(?:weekly|monthly)|regularly))\b"
)


def is_columnist_bio(text: str) -> bool:
    """Is this line an opinion writer's bio ("Ann Lee writes about football ...")?"""
    return len(text) < 200 and _BIO.match(text.strip()) is not None


def _titled(text: str) -> tuple[str, int] | None:
    """The genre a stripped line opens with as a title's label, and where it ends."""
    if _NAV.search(text):
        return None
    for genre, pattern in _TITLED.items():
        m = pattern.match(text)
        if m:
            return genre, m.end()
    m = _LISTICLE.match(text.lstrip("#* "))
    return (LISTICLE, len(text)) if m else None


def title_label(text: str) -> str | None:
    """The genre a title or heading line opens with ("Opinion | Why ..."), or None."""
    found = _titled(text.strip())
    return found[0] if found else None


def head_label(text: str) -> tuple[str, int] | None:
    """The genre a non-claim line at a page's head states, and where the label ends:
    a labelled title, the label alone, or a columnist's byline."""
    t = text.strip()
    found = _titled(t)
    if found is not None:
        return found
    if _ALONE.match(t) or _COLUMNIST.match(t):
        return OPINION, len(t)
    if _ENCYCLOPEDIA.match(t):
        return EXPLAINER, len(t)
    return None


def wiki_edit_link(text: str) -> bool:
    """A wiki's section edit link: "[edit]" alone, or closing a heading ("Cause[edit]")."""
    return text.rstrip().endswith(("[edit]", "[edit source]"))

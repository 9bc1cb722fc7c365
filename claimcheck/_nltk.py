"""nltk's sentence-splitter classes, imported without scikit-learn and scipy.stats.

nltk's package ``__init__`` imports its scikit-learn wrapper, which imports
scikit-learn and scipy whenever they are installed: +1 s per process start on an
idle machine (+2-3 s on a busy one), paid by every ``claimcheck`` run and every
worker process, though only ``claimcheck.learn`` uses scikit-learn. Its collocation
metrics import ``scipy.stats`` (for Fisher's exact test and ``betai``, which Punkt
never calls): another ~0.7 s of CPU per process. Blocking the names while nltk loads
makes those optional imports fail quietly, as nltk intends for machines without
them; the block is lifted at once, so ``import sklearn`` works as usual afterwards.
"""

from __future__ import annotations

import sys
from typing import Any

_blocked = [name for name in ("sklearn", "scipy.stats") if name not in sys.modules]
for _name in _blocked:
    sys.modules[_name] = None  # type: ignore[assignment]  # makes `import NAME` fail
try:
    from nltk.tokenize.punkt import (  # noqa: E402
        PunktLanguageVars,
        PunktParameters,
        PunktSentenceTokenizer,
        PunktToken,
    )
    from nltk.tokenize.punkt import _re_non_punct as NON_PUNCT_RE  # noqa: E402
finally:
    for _name in _blocked:
        if sys.modules.get(_name, 0) is None:
            del sys.modules[_name]

__all__ = [
    "NON_PUNCT_RE",
    "PunktLanguageVars",
    "PunktParameters",
    "PunktSentenceTokenizer",
    "PunktToken",
    "porter_stemmer",
    "snowball_stemmer",
    "unguarded",
]


# The stemmers, from nltk as loaded above: a process that imported ``nltk.stem`` first
# (grouping's helper process, which segments nothing) paid ~1 CPU-s for the optional
# imports blocked here.
def porter_stemmer() -> Any:
    from nltk.stem import PorterStemmer

    return PorterStemmer()


def snowball_stemmer(language: str) -> Any:
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(language)


def unguarded(pattern: Any) -> Any:
    """An nltk pattern without its timeout wrapper: nltk (3.10+) compiles every
    pattern with the ``regex`` module inside ``nltk.redos.TimedPattern``, whose
    per-call timeout handling costs ~3 us a call against ~0.2 us for the match itself
    (Punkt calls them once per token and per sentence: ~17 CPU-s of segmenting a
    million sentences). The compiled ``regex`` pattern inside is the same engine and
    pattern, so matches are the same; a pattern nltk does not wrap is returned as is."""
    return getattr(pattern, "_rx", pattern)

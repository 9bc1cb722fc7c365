"""A document's language, as an ISO 639-1 code ("en", "fr", "zh"), or "" if unsure.

Cheap first, a model only when needed. English prose, the bulk of what
claimcheck reads, is recognised by its function words ("the", "of", "and" are a
fifth of any English text) without loading anything. Han, kana and hangul
name their language by script. Everything else goes to py3langid (a
naive Bayes model over byte n-grams for 97 languages, shipped in its wheel, no
download): its model takes ~2 s to load, once per process, and then ~3 ms a
document. Only the head of a document is looked at (``SAMPLE`` characters).

Measured (benchmarks/lang_cost.py): the English corpora in this repo and in the
shared benchmarks never load the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Corpus, Group

# The languages the suggester reads; "": unsure (short texts), treated as English.
SUGGEST_LANGS = frozenset({"en", ""})
SAMPLE = 2000  # characters: enough for a stable answer, cheap on a 50 MB one-liner
MIN_CONFIDENCE = 0.8  # the model's normalised probability below which we say ""
ENGLISH_SHARE = 0.15  # English function words among the words of an English text

_ENGLISH = frozenset(
    {
        "the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "as", "was",
        "by", "it", "are", "be", "this", "from", "at", "an", "has", "have", "said",
        "which", "or", "will", "not", "its", "were", "been", "had", "their", "they", "he",
        "she", "we", "but",
    }
)  # fmt: skip
_LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff]")
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")
_LETTER = re.compile(r"[^\W\d_]")
_OTHER_LETTER = re.compile(r"[^\W\d_A-Za-z]")  # a letter outside ASCII


def detect(text: str) -> str:
    """The language of ``text``; "" when there is too little to tell, or the
    model is not sure."""
    sample = text[:SAMPLE]
    if _looks_english(sample):
        return "en"
    letters = len(_LETTER.findall(sample))
    if letters < 3:
        return ""
    by_script = _by_script(sample, letters)
    if by_script:
        return by_script
    lang, confidence = _model().classify(sample)
    return str(lang) if confidence >= MIN_CONFIDENCE else ""


def _looks_english(sample: str) -> bool:
    words = _LATIN_WORD.findall(sample.lower())
    if len(words) < 4:
        return False
    if sum(map(_ENGLISH.__contains__, words)) < ENGLISH_SHARE * len(words):  # C loop
        return False
    # Mostly Latin letters: a Greek page with an English menu line ("The Team", "Contact
    # us") has English words enough among its few Latin ones, and was called English.
    # Latin words' letters at least half of all letters: as many as the letters outside
    # ASCII (counting only those lists far fewer characters than counting every letter).
    return sum(map(len, words)) >= len(_OTHER_LETTER.findall(sample))


def _by_script(sample: str, letters: int) -> str:
    """Japanese (kana), Korean (hangul) or Chinese (han alone) by their scripts."""
    if len(_KANA.findall(sample)) * 10 >= letters:
        return "ja"
    if len(_HANGUL.findall(sample)) * 2 >= letters:
        return "ko"
    if len(_HAN.findall(sample)) * 2 >= letters:
        return "zh"
    return ""


@lru_cache(maxsize=1)
def _model() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def unsuggested_why(corpus: Corpus) -> Callable[[Group], str]:
    """The evidence of a group left without a suggestion: why, when its page's language
    is the reason (a blank cell alone reads as a bug), else "". Nothing for a corpus
    with no suggestion at all (``--no-suggest``)."""
    if not any(g.suggestion for g in corpus.groups):
        return lambda group: ""
    langs = {d.doc_id: d.lang for d in corpus.documents}
    units = corpus.units

    def why(group: Group) -> str:
        lang = langs.get(units[group.representative].doc_id, "")
        if group.suggestion is not None or lang in SUGGEST_LANGS:
            return ""
        return (
            f"No suggestion: its page is in another language ({lang}), and the"
            " suggester's rules read English only."
        )

    return why

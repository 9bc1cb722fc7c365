"""Small hand-made corpora for the store and label-export tests.

Built directly from the models, not through the grouper or the suggester, so the
tests pin the store's behaviour whatever those modules decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from claimcheck.models import (
    DATED_NEWS,
    GENERIC,
    HEADING,
    SENTENCE,
    UNSUPPORTED,
    Corpus,
    Document,
    Evidence,
    Group,
    Suggestion,
    Unit,
)

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"

# (doc path, [(kind, text)]); equal texts across documents form one group.
DOCS: Sequence[tuple[str, list[tuple[str, str]]]] = (
    ("a.txt", [
        (HEADING, "Budget news"),
        (SENTENCE, "On 3 May 2021 the minister announced a new budget."),
        (SENTENCE, "Defence is vital to every nation."),
        (SENTENCE, "=HYPERLINK(\"http://evil\") is a claim too."),
    ]),
    ("b.txt", [
        (SENTENCE, "On 3 May 2021 the minister announced a new budget."),
        (SENTENCE, "Experts say the army is the best in Asia."),
    ]),
    ("c.txt", [
        (SENTENCE, "Defence is vital to every nation."),
        (SENTENCE, "A rare claim about Zanzibar ferries."),
        (SENTENCE, "On 3 May 2021 the minister announced a new budget."),
    ]),
)  # fmt: skip
SUGGESTIONS = {
    "On 3 May 2021 the minister announced a new budget.": (DATED_NEWS, 0.9, "date", 3, 13),
    "Defence is vital to every nation.": (GENERIC, 0.6, "evaluative", 11, 16),
    "Experts say the army is the best in Asia.": (UNSUPPORTED, 0.3, "speaker", 0, 11),
}


def make_corpus(docs: Sequence[tuple[str, list[tuple[str, str]]]] = DOCS) -> Corpus:
    corpus = Corpus(root="mem")
    for n, (path, parts) in enumerate(docs):
        doc_id = f"doc{n}"
        text, offset = [], 0
        for i, (kind, unit_text) in enumerate(parts):
            corpus.units.append(Unit(doc_id, i, offset, offset + len(unit_text), unit_text, kind))
            text.append(unit_text)
            offset += len(unit_text) + 1
        corpus.documents.append(Document(doc_id, path, "\n".join(text), title=path.upper()))
    by_text: dict[str, list[int]] = {}
    for i, unit in enumerate(corpus.units):
        if unit.is_claim:
            by_text.setdefault(unit.text, []).append(i)
    for text, members in by_text.items():
        docs = len({corpus.units[m].doc_id for m in members})
        group = Group("g-" + text[:12].lower().replace(" ", "-"), members, docs)
        if text in SUGGESTIONS:
            label, conf, signal, start, end = SUGGESTIONS[text]
            evidence = tuple(Evidence(m, start, end, signal, label) for m in members)
            group.suggestion = Suggestion(label, conf, f"{signal} found", evidence)
        corpus.groups.append(group)
    return corpus


def group_of(corpus: Corpus, text: str) -> str:
    return next(g.group_id for g in corpus.groups if corpus.units[g.members[0]].text == text)

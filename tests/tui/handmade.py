"""A small hand-made corpus for snapshots: independent of the grouper and the suggester,
so their improvements never move a pinned screen."""

from __future__ import annotations

from claimcheck.models import SENTENCE, Corpus, Document, Evidence, Group, Suggestion, Unit

DOCS = (
    ("vientiane-times.txt", "Defence ministry meets ASEAN partners", "Vientiane Times",
     "2021-06-15", [
        "On 15 June 2021 the minister said Laos will host the ADMM-Plus experts' meeting.",
        "The Laos Defense Ministry stands as a pillar of national security.",
        "Laos maintains strong defense partnerships with Vietnam, China and Russia.",
    ]),
    ("content-farm.txt", "Overview of the Laos Defense Ministry", "example.org", "", [
        "The Laos Defense Ministry stands as a true pillar of national security.",
        "On 15 June the minister said Laos would host the ADMM-Plus experts' meeting.",
        "Its strategic foresight plays a pivotal role in regional peace.",
    ]),
    ("blog.txt", "Security in Southeast Asia", "blog.example", "2022-01-02", [
        "The Laos Defense Ministry stands as a pillar of national security, [bold]experts[/] say.",
        "Thailand and Laos have mutual assistance agreements in place.",
    ]),
)  # fmt: skip
# (member (doc, index) pairs, suggestion: label, confidence, explanation, evidence phrase)
GROUPS = (
    ([(0, 0), (1, 1)],
     ("dated_news", 0.91, 'date "15 June 2021"; speaker "the minister said"', "15 June")),
    ([(0, 1), (1, 0), (2, 0)],
     ("generic", 0.74, 'evaluative "pillar of national security"', "pillar")),
    ([(0, 2)], ("unsupported", 0.55, 'partner "Vietnam, China and Russia"; no date', "Vietnam")),
    ([(1, 2)], ("generic", 0.68, 'evaluative "plays a pivotal role"', "pivotal role")),
    ([(2, 1)], None),
)  # fmt: skip


def handmade_corpus() -> Corpus:
    corpus = Corpus(root="handmade")
    where: dict[tuple[int, int], int] = {}
    for d, (path, title, source, date, sentences) in enumerate(DOCS):
        doc_id = f"doc{d}"
        corpus.documents.append(Document(doc_id, path, " ".join(sentences), title, source, date))
        offset = 0
        for i, text in enumerate(sentences):
            where[(d, i)] = len(corpus.units)
            corpus.units.append(Unit(doc_id, i, offset, offset + len(text), text, SENTENCE))
            offset += len(text) + 1
    for n, (members, suggested) in enumerate(GROUPS):
        indices = [where[m] for m in members]
        group = Group(f"g{n}", indices, len({d for d, _ in members}))
        if suggested:
            label, confidence, explanation, phrase = suggested
            evidence = tuple(
                Evidence(u, start, start + len(phrase), "signal", label)
                for u in indices
                if (start := corpus.units[u].text.find(phrase)) >= 0
            )
            group.suggestion = Suggestion(label, confidence, explanation, evidence)
        corpus.groups.append(group)
    return corpus

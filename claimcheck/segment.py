"""Sentence segmentation with offsets (placeholder: replaced by the real splitter)."""

from __future__ import annotations

from nltk.tokenize.punkt import PunktSentenceTokenizer

from .models import FRAGMENT, HEADING, SENTENCE, Span

_PUNKT = PunktSentenceTokenizer()


def segment(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if body:
            base = pos + line.index(body)
            if not body.endswith((".", "!", "?", '"', "”")):
                kind = HEADING if len(body.split()) <= 12 else SENTENCE
                spans.append(Span(base, base + len(body), kind if len(body.split()) > 1 else FRAGMENT))
            else:
                for s, e in _PUNKT.span_tokenize(body):
                    spans.append(Span(base + s, base + e, SENTENCE))
        pos += len(line)
    return spans


def split_sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text)]

"""A pooled prior (round 11, not shipped): group features for a model trained across
the dev corpora, and the model applied with numpy.

The features are non-topical: what the rules concluded (label, confidence, the signal
names of their evidence), the kinds of the pages the group is on, the group's shape
(size, documents) and its representative's shape (length, digits, quotes, a small
closed list of function and reporting words). No content words: a model of 16 corpora
must not learn their topics.

Numpy only (no scikit-learn at inference): ``features`` builds the design matrix and
``Prior`` applies coefficients stored as JSON (``benchmarks/train_prior.py`` fits them).
Measured leave-one-corpus-out by ``benchmarks/prior_loco.py``; it lost to the rules
(docs/learn.md, "Round 11: a pooled prior, measured"), so it lives here, not in the
package.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claimcheck.models import LABELS, Corpus, Group
from claimcheck.pagekind import KINDS

PAGE_PREFIX = "page_"  # page-level evidence (suggest.page_context)
OWN_SIGNALS = (
    "date", "time", "weekday", "relative_time", "event", "in_window", "dateline", "speaker",
    "source", "reporting", "quote", "agency", "entity", "country", "acronym", "number",
    "relation", "year", "in_year", "month_year", "evaluative", "hedge", "opener", "opinion",
    "no_specifics", "plain_fact", "argued", "sweeping", "hypothetical", "advice",
    "prediction", "background", "event_report",
)  # fmt: skip
PAGE_SIGNALS = ("page_date", "attribution", "news_time", "dateline", "byline")
_TIME = frozenset({"date", "time", "weekday", "relative_time", "event", "in_window"})
_ATTRIBUTION = frozenset({"speaker", "source", "reporting", "quote", "agency", "dateline"})
# A closed list of function and reporting words: how a sentence is said, not what about.
CUE_WORDS = (
    ("modal", r"\b(?:will|would|could|may|might|should|must|can)\b"),
    ("said", r"\b(?:said|says|told|according|announced|stated|added)\b"),
    ("first_person", r"\b(?:i|we|our|us|my)\b"),
    ("second_person", r"\b(?:you|your)\b"),
    ("third_pronoun", r"^(?:he|she|they|it|this|these|that)\b"),
    ("negation", r"\b(?:not|no|never|n't)\b"),
    ("comparative", r"\b(?:more|most|less|least|than)\b"),
    ("time_word", r"\b(?:yesterday|today|tonight|week|month|ago|earlier|later)\b"),
    ("generic_det", r"\b(?:many|some|often|usually|always|every|all)\b"),
)
_CUES = [(name, re.compile(rx)) for name, rx in CUE_WORDS]
_WORD = re.compile(r"\w+")


def feature_names(interactions: bool = True) -> list[str]:
    """The columns of ``features``, in order (stored with the coefficients: a model
    trained on other columns is refused). ``interactions``: with revision 1's columns."""
    names = [f"rule_{lab}" for lab in (*LABELS, "none")]
    names += [f"rule_{lab}_x_conf" for lab in LABELS]
    names += ["rule_conf", "rule_thin", "own_time", "own_attribution", "page_only"]
    names += [f"sig_{s}" for s in OWN_SIGNALS]
    names += [f"page_sig_{s}" for s in PAGE_SIGNALS] + ["page_sig_any"]
    names += [f"kind_share_{k}" for k in KINDS]
    names += ["kind_conf_mean", "news_share", "rep_kind_news", "rep_page_dated"]
    names += [f"doc_mix_{lab}" for lab in LABELS]
    names += ["log_size", "log_docs", "cross_doc"]
    names += ["log_words", "digit", "quote_mark", "ends_colon", "question"]
    names += [f"cue_{name}" for name, _ in CUE_WORDS]
    if interactions:
        names += [f"rule_{lab}_x_{f}" for lab in LABELS for f in INTERACTIONS]
    return names


# Revision 1 (round 11): the rules' label times these, so the model can read a feature
# differently for each of the rules' labels (a linear model cannot, otherwise).
INTERACTIONS = ("news_share", "rep_kind_news", "page_only", "rule_thin", "cross_doc",
                "log_docs", "own_time", "own_attribution")  # fmt: skip


def _doc_mixes(corpus: Corpus) -> dict[str, Counter[str]]:
    """Per document, the rules' labels of the groups with a member on it."""
    out: dict[str, Counter[str]] = {}
    units = corpus.units
    for g in corpus.groups:
        label = g.suggestion.label if g.suggestion else ""
        for doc in {units[m].doc_id for m in g.members}:
            out.setdefault(doc, Counter())[label] += 1
    return out


def _group_row(
    corpus: Corpus, g: Group, mixes: dict[str, Counter[str]], interactions: bool
) -> list[float]:
    s = g.suggestion
    units = corpus.units
    label = s.label if s else None
    conf = s.confidence if s else 0.0
    signals = [e.signal for e in s.evidence] if s else []
    own = Counter(n for n in signals if not n.startswith(PAGE_PREFIX))
    page = {n[len(PAGE_PREFIX) :] for n in signals if n.startswith(PAGE_PREFIX)}
    onehot = [float(label == lab) for lab in LABELS] + [float(label is None)]
    has_time = any(own.get(n) for n in _TIME)
    has_attr = any(own.get(n) for n in _ATTRIBUTION)
    row = [*onehot, *(o * conf for o in onehot[:3]), conf, float(label is not None and conf < 0.5)]
    row += [float(has_time), float(has_attr), float(bool(page) and not has_time and not has_attr)]
    row += [float(own.get(n, 0) > 0) for n in OWN_SIGNALS]
    row += [float(p in page) for p in PAGE_SIGNALS] + [float(bool(page))]
    docs = list(dict.fromkeys(units[m].doc_id for m in g.members))
    kinds = [corpus.kinds.get(d) for d in docs]
    known = [k for k in kinds if k is not None]
    row += [sum(k.kind == kind for k in known) / len(known) if known else 0.0 for kind in KINDS]
    row.append(float(np.mean([k.confidence for k in known])) if known else 0.0)
    row.append(sum(k.is_news for k in known) / len(docs) if docs else 0.0)
    rep = corpus.kinds.get(units[g.representative].doc_id)
    row += [float(rep is not None and rep.is_news), float(rep is not None and bool(rep.date.iso))]
    mix: Counter[str] = Counter()
    for d in docs:
        mix.update(mixes.get(d, Counter()))
    total = sum(mix[lab] for lab in LABELS)
    row += [mix[lab] / total if total else 0.0 for lab in LABELS]
    row += [math.log1p(g.size), math.log1p(g.n_docs), float(g.n_docs > 1)]
    text = units[g.representative].text
    low = text.lower()
    row += [
        math.log1p(len(_WORD.findall(text))),
        float(any(c.isdigit() for c in text)),
        float('"' in text or "“" in text),
        float(text.rstrip().endswith(":")),
        float(text.rstrip().endswith("?")),
    ]
    row += [float(bool(rx.search(low))) for _, rx in _CUES]
    return row + _interactions(row) if interactions else row


def _interactions(row: list[float]) -> list[float]:
    at = {name: i for i, name in enumerate(feature_names(False))}
    return [row[at[f"rule_{lab}"]] * row[at[f]] for lab in LABELS for f in INTERACTIONS]


def features(corpus: Corpus, interactions: bool = True) -> np.ndarray:
    """One row per group of ``corpus`` (in ``corpus.groups`` order), ``feature_names``
    columns."""
    mixes = _doc_mixes(corpus)
    rows = [_group_row(corpus, g, mixes, interactions) for g in corpus.groups]
    return np.array(rows, dtype=float).reshape(len(rows), len(feature_names(interactions)))


@dataclass(frozen=True)
class Prior:
    """A fitted multinomial logistic regression over standardized ``features``."""

    classes: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # classes x features
    intercept: np.ndarray
    corpora: tuple[str, ...] = ()  # what it was trained on
    names: tuple[str, ...] = ()  # its feature columns (``feature_names``)

    def proba(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def to_json(self) -> dict:
        return {
            "features": list(self.names), "classes": list(self.classes),
            "mean": _rounded(self.mean), "scale": _rounded(self.scale),
            "coef": [_rounded(r) for r in self.coef], "intercept": _rounded(self.intercept),
            "corpora": list(self.corpora),
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict) -> Prior:
        if data["features"] not in (feature_names(True), feature_names(False)):
            raise ValueError("prior: the model was trained on other features")
        return cls(tuple(data["classes"]), np.array(data["mean"]), np.array(data["scale"]),
                   np.array(data["coef"]), np.array(data["intercept"]),
                   tuple(data.get("corpora", ())), tuple(data["features"]))  # fmt: skip

    @classmethod
    def load(cls, path: Path) -> Prior:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def _rounded(values: Sequence[float] | np.ndarray) -> list[float]:
    # 6 significant decimals: the file is the same on every re-run and platform
    return [round(float(v), 6) for v in values]

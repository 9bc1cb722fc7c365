"""Learning from the reviewer: a gated model over the rules' signals.

The rules (``suggest.py``) suggest a label for every group. Once a reviewer has
labelled some groups, a logistic regression over what the rules saw (their
label and confidence, the signal families of their evidence, the member pages'
kind) and cheap text features (hashed word 1-2-grams of the representative) can
learn the reviewer's own reading of the corpus.

It takes over only behind a gate (``fit``):

* at least two labels seen, and every label seen has ``MIN_PER_LABEL``
  examples: below that a fold of cross-validation holds one or two examples of a
  label and the comparison is noise (a learner trained on the first 20 groups of
  three explainer pages did far worse than the rules);
* the model speaks only for groups whose rules' label it was tested on: the
  reviewer labelled ``MIN_PER_LABEL`` groups the rules gave that label, and on them
  the model's out-of-fold predictions were surely right more often than the rules'
  (a sign test, ``MAX_SIGN_P``): ``Learned.trusted``. Elsewhere the
  rules' suggestion stays. Without it a reviewer going down the queue sorted by
  suggestion trained the model on two of the rules' labels and it rewrote the third,
  below the rules;
* and only within the range of the rules' confidence it was tested on, per trusted
  label (``Learned.domain``): a reviewer going "least sure first" labels the groups the
  rules are least sure of, and a model that beat the rules there rewrote surer ones,
  below the rules (horizon, k = 50: -0.114);
* with that restriction, the model's macro-F1 in stratified k-fold cross-validation
  on the reviewer's labels beats the rules' macro-F1 on the same groups by ``MIN_GAIN``, averaged
  over ``CV_REPEATS`` shuffles (a tie keeps the rules: they explain themselves),
  and the win is sure: the model's out-of-fold predictions beat the rules in
  ``MIN_WIN_CHANCE`` of bootstrap resamples of the labelled groups. With 20-60
  labels the cross-validated figure alone is noisy: on labels that are pure
  noise it favoured the model by more than ``MIN_GAIN`` half the time.

Otherwise the rules stay, and ``Learned.reason`` says why. A label the reviewer
never used is outside the model: where the rules suggest it, the rules' suggestion
stays (the model could never predict it).

Input is plain records (``GroupRecord``) built from a Corpus (``corpus_records``)
or from a review project's rows (``project_records``), so the CLI, the review app
and the benchmark learn from the same features. No UI here.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.stats import binomtest
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from . import carry as carrying
from .carry import NO_CARRY, Carry
from .models import DATED_NEWS, LABELS, Corpus, Suggestion
from .store import LearningRows, SuggestionRow
from .suggest import ATTRIBUTION_SIGNALS, GENERIC_SIGNALS, SPECIFIC_SIGNALS, TIME_SIGNALS

MIN_PER_LABEL = 5  # examples of every label seen, before cross-validation means anything
MIN_GAIN = 0.02  # CV macro-F1 points the model must win by
CV_FOLDS = 5  # at most; fewer when a label has fewer examples
CV_REPEATS = 3  # shuffles of the folds, averaged: 20-100 labels make one split noisy
BOOTSTRAPS = 500  # resamples of the labelled groups for the win's sureness
MIN_WIN_CHANCE = 0.95  # the model must win in this share of them (a one-sided test);
# 0.9 let through models that lost on the rest of a corpus (benchmarks/learn_curve.py)
MAX_SIGN_P = 0.01  # a rules' label the model may overrule: in cross-validation, on groups
# the rules gave that label, a sign test on those only one of the two gets right must favour
# the model at this level (7 to 0, 10 to 1 at least). "3 more right" let through models
# right on 5 of the 12 groups they changed; 0.05 (5 to 0) let the model in on 5 of 765
# (corpus, order, k) runs of learn_curve in round 9, and it lost on the rest in all 5
HASH_FEATURES = 2**10  # hashed 1-2-grams: collisions matter little at 20-500 labels, and
# L-BFGS time grows with the weights (2**12 made a fit 3x slower)
PAGE_PREFIX = "page_"  # page-level evidence (suggest.page_context): the page is a news page

_FAMILIES = (
    ("time", TIME_SIGNALS),
    ("attribution", ATTRIBUTION_SIGNALS),
    ("specific", SPECIFIC_SIGNALS),
    ("generic", GENERIC_SIGNALS),
)
# Single signals worth a column of their own: each moves the rules' verdict on its own.
_SIGNALS = ("date", "speaker", "quote", "reporting", "entity", "number", "year", "in_year",
            "evaluative", "hedge", "no_specifics")  # fmt: skip
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class GroupRecord:
    """What the learner knows of one group: the rules' view and the pages it is on."""

    group_id: str
    text: str  # the representative's text
    size: int
    n_docs: int
    rule_label: str | None
    rule_confidence: float
    rule_explanation: str
    signals: tuple[str, ...]  # signal names of the rules' evidence (no page-level ones)
    news_share: float  # share of member documents that are news pages
    doc_mix: tuple[float, float, float]  # rules' label shares on the member pages (LABELS order)
    related: tuple[tuple[str, float], ...] = ()  # the closest other groups (Group.related)


@dataclass(slots=True)
class Learned:
    """The gate's outcome: a fitted model in use, or the rules with the reason."""

    use_model: bool
    reason: str  # one line: why the rules stay, or the cross-validation figures
    n_labels: int
    model_f1: float | None = None
    rules_f1: float | None = None
    classes: tuple[str, ...] = ()
    # The rules' labels ("" for none) the model may overrule: where the reviewer labelled
    # enough of the groups the rules gave that label, and the model won on them.
    trusted: tuple[str, ...] = ()
    # Per trusted rules' label, the range of the rules' confidence over the labelled groups
    # it was tested on: the model overrules only groups inside it.
    domain: dict[str, tuple[float, float]] = field(default_factory=dict)
    _model: LogisticRegression | None = field(default=None, repr=False)
    # The reviewer's dated news carried to close rewordings (carry.py), beside the model
    carry: Carry = NO_CARRY

    @property
    def headline(self) -> str:
        """One line on whose suggestions are shown: the model's, carried labels, or the
        rules' (with the gate's reason)."""
        parts = [f"suggestions learned from {self.n_labels} labels"] if self.use_model else []
        if self.carry.use:
            n = len(self.carry.to)
            parts.append(f"dated news carried to {n} close rewording{'s' * (n != 1)}")
        return "; ".join(parts) or self.reason

    @property
    def in_use(self) -> bool:
        """Do any suggestions come from the reviewer's labels?"""
        return self.use_model or self.carry.use


# --------------------------------------------------------------------------- records


def _doc_mix(counts: Counter[str]) -> tuple[float, float, float]:
    total = sum(counts[lab] for lab in LABELS)
    if not total:
        return (0.0, 0.0, 0.0)
    a, b, c = (counts[lab] / total for lab in LABELS)
    return (a, b, c)


def build_records(
    groups: Iterable[tuple[str, str, int, int, str | None, float | None, str]],
    member_docs: Mapping[str, Sequence[str]],
    signals: Mapping[str, Sequence[str]],
    news_docs: set[str],
    related: Mapping[str, Sequence[tuple[str, float]]] | None = None,
) -> list[GroupRecord]:
    """Records from plain rows.

    ``groups``: (group_id, text, size, n_docs, rule label, rule confidence, explanation);
    ``member_docs``: group_id -> the doc id of each member; ``signals``: group_id -> the
    rules' evidence signal names; ``news_docs``: doc ids the rules read as news pages;
    ``related``: group_id -> its related groups with their scores.
    """
    related = related or {}
    groups = list(groups)
    per_doc: dict[str, Counter[str]] = {}
    for gid, _, _, _, label, _, _ in groups:
        for doc in member_docs.get(gid, ()):
            per_doc.setdefault(doc, Counter())[label or ""] += 1
    out = []
    for gid, text, size, n_docs, label, conf, expl in groups:
        docs = list(dict.fromkeys(member_docs.get(gid, ())))
        mix: Counter[str] = Counter()
        for doc in docs:
            mix.update(per_doc.get(doc, Counter()))
        news = sum(d in news_docs for d in docs) / len(docs) if docs else 0.0
        sig = tuple(s for s in signals.get(gid, ()) if not s.startswith(PAGE_PREFIX))
        out.append(
            GroupRecord(gid, text, size, n_docs, label, conf or 0.0, expl or "", sig, news,
                        _doc_mix(mix), tuple(related.get(gid, ())))
        )  # fmt: skip
    return out


def corpus_records(corpus: Corpus) -> list[GroupRecord]:
    """Records of every group of a corpus whose suggestions were made by the rules."""
    units = corpus.units
    news = {
        units[e.unit_index].doc_id
        for g in corpus.groups
        if g.suggestion is not None
        for e in g.suggestion.evidence
        if e.signal.startswith(PAGE_PREFIX) and 0 <= e.unit_index < len(units)
    }
    rows = []
    member_docs: dict[str, list[str]] = {}
    signals: dict[str, list[str]] = {}
    for g in corpus.groups:
        s = g.suggestion
        rows.append((g.group_id, units[g.representative].text, g.size, g.n_docs,
                     s.label if s else None, s.confidence if s else None,
                     s.explanation if s else ""))  # fmt: skip
        member_docs[g.group_id] = [units[m].doc_id for m in g.members]
        signals[g.group_id] = [e.signal for e in s.evidence] if s else []
    related = {g.group_id: g.related for g in corpus.groups}
    return build_records(rows, member_docs, signals, news, related)


def project_records(rows: LearningRows) -> list[GroupRecord]:
    """Records of every group of a review project, from the rules' stored suggestions."""
    group_of = {uid: gid for gid, uid, _ in rows.members}
    member_docs: dict[str, list[str]] = {}
    for gid, _, doc in rows.members:
        member_docs.setdefault(gid, []).append(doc)
    signals: dict[str, list[str]] = {}
    news: set[str] = set()
    for uid, signal, doc in rows.evidence:
        if signal.startswith(PAGE_PREFIX):
            news.add(doc)
        elif uid in group_of:  # a unit's own evidence is its group's (one group a unit)
            signals.setdefault(group_of[uid], []).append(signal)
    related: dict[str, list[tuple[str, float]]] = {}
    for gid, other, score in rows.related:
        related.setdefault(gid, []).append((other, score))
    return build_records(rows.groups, member_docs, signals, news, related)


# --------------------------------------------------------------------------- features

_HASHER = HashingVectorizer(
    n_features=HASH_FEATURES, ngram_range=(1, 2), alternate_sign=False, norm="l2",
    lowercase=True, token_pattern=r"(?u)\b\w+\b",
)  # fmt: skip


def _dense(r: GroupRecord) -> list[float]:
    onehot = [float(r.rule_label == lab) for lab in LABELS]
    counts = Counter(r.signals)
    families = [math.log1p(sum(counts[s] for s in names)) for _, names in _FAMILIES]
    single = [float(counts[s] > 0) for s in _SIGNALS]
    words = len(_WORD.findall(r.text))
    return [
        *onehot,
        *(o * r.rule_confidence for o in onehot),
        r.rule_confidence,
        *families,
        *single,
        r.news_share,
        float(r.news_share > 0),
        *r.doc_mix,
        math.log1p(r.size),
        math.log1p(r.n_docs),
        float(r.n_docs > 1),
        math.log1p(words) / 4,
        float(any(c.isdigit() for c in r.text)),
        float('"' in r.text or "“" in r.text),
        float(r.text.rstrip().endswith(":")),
    ]


def features(records: Sequence[GroupRecord]) -> sparse.csr_matrix:
    """The design matrix: dense rule/page features beside hashed text n-grams."""
    dense = sparse.csr_matrix(np.array([_dense(r) for r in records], dtype=float))
    text = _HASHER.transform([r.text for r in records])
    return sparse.hstack([dense, text], format="csr")


def _new_model() -> LogisticRegression:
    # balanced: the reviewer's first labels are rarely balanced, and macro-F1 is the goal
    return LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)


# --------------------------------------------------------------------------- the gate


def _macro_f1(gold: Sequence[str], pred: Sequence[str | None], labels: Sequence[str]) -> float:
    pred = [p or "" for p in pred]
    return float(f1_score(gold, pred, labels=list(labels), average="macro", zero_division=0))


def _fit(x: sparse.csr_matrix, y: np.ndarray) -> LogisticRegression:
    model = _new_model()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, y)
    return model


def _cv_predictions(x: sparse.csr_matrix, y: np.ndarray, folds: int) -> list[np.ndarray]:
    """Out-of-fold predictions of every labelled group, once per shuffle of the folds."""
    out = []
    for repeat in range(CV_REPEATS):
        pred = np.empty(len(y), dtype=object)
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=repeat)
        for train, test in splitter.split(x, y):
            pred[test] = _fit(x[train], y[train]).predict(x[test])
        out.append(pred)
    return out


def _macro_f1_weighted(
    y: np.ndarray, pred: np.ndarray, seen: Sequence[str], weights: np.ndarray
) -> np.ndarray:
    """Macro-F1 over ``seen`` for each row of ``weights`` (bootstrap counts per example)."""
    total = np.zeros(weights.shape[0])
    for lab in seen:
        is_y, is_p = (y == lab), (pred == lab)
        tp = weights @ (is_y & is_p)
        fp = weights @ (~is_y & is_p)
        fn = weights @ (is_y & ~is_p)
        denom = 2 * tp + fp + fn
        total += np.divide(2 * tp, denom, out=np.zeros_like(total), where=denom > 0)
    return total / len(seen)


def _win_chance(
    y: np.ndarray, model: list[np.ndarray], rules: np.ndarray, seen: Sequence[str]
) -> float:
    """Share of bootstrap resamples of the labelled groups where the model's out-of-fold
    macro-F1 (averaged over the shuffles) beats the rules': how sure the win is."""
    rng = np.random.default_rng(0)
    weights = rng.multinomial(len(y), np.full(len(y), 1 / len(y)), size=BOOTSTRAPS)
    m = np.mean([_macro_f1_weighted(y, p, seen, weights) for p in model], axis=0)
    r = _macro_f1_weighted(y, rules, seen, weights)
    return float(np.mean(m > r))


def fit(
    records: Sequence[GroupRecord],
    labels: Mapping[str, str],
    near: carrying.Neighbours | None = None,
    texts: Mapping[str, str] | None = None,
) -> Learned:
    """Fit on the reviewer's ``labels`` (group_id -> label) and decide whether to use it;
    beside the model, whether to carry the reviewer's dated news to close rewordings
    (``carry.py``; ``near``: ``neighbours(records)``, ``texts``: ``rep_texts(records)``,
    if already built).

    Never raises on degenerate input: no labels, one label, unknown labels, or
    groups the records do not hold all end in ``Learned(use_model=False)``.
    """
    # One BLAS thread: these problems are tiny, and OpenBLAS's threads spinning against
    # a busy machine (or the review app's UI thread) made one fit 4.5 s instead of 0.05 s.
    with threadpool_limits(limits=1):
        learned = _gate(records, labels)
    known = {r.group_id: r.rule_label for r in records}
    mine = {g: lab for g, lab in labels.items() if g in known and lab in LABELS}
    near = neighbours(records) if near is None else near
    texts = rep_texts(records) if texts is None else texts
    learned.carry = carrying.fit(near, known, mine, texts)
    return learned


def rep_texts(records: Sequence[GroupRecord]) -> dict[str, str]:
    """Each group's representative text, by group id (what carrying compares)."""
    return {r.group_id: r.text for r in records}


def neighbours(records: Sequence[GroupRecord]) -> dict[str, dict[str, float]]:
    """The records' related groups, both ways (``carry.neighbours``)."""
    return carrying.neighbours((r.group_id, o, s) for r in records for o, s in r.related)


def too_few(labels: Iterable[str]) -> Learned | None:
    """The gate's first two conditions, on the label counts alone: the rules' Learned
    with the reason when they fail, else None (cheap: no records, no features)."""
    counts = Counter(lab for lab in labels if lab in LABELS)
    n = sum(counts.values())
    if not counts:
        return Learned(False, "rules kept: no labels yet", n)
    if len(counts) < 2:
        (only,) = counts
        return Learned(False, f"rules kept: only 1 label seen ({_label_text(only)})", n)
    thin = sorted(lab for lab, c in counts.items() if c < MIN_PER_LABEL)
    if thin:
        few = ", ".join(f"{_label_text(lab)} {counts[lab]}" for lab in thin)
        return Learned(
            False, f"rules kept: too few labels of {few} (needs {MIN_PER_LABEL} of each)", n
        )
    return None


def _trusted(y: np.ndarray, rules: np.ndarray, predictions: list[np.ndarray]) -> list[str]:
    """The rules' labels the model may overrule: those the reviewer labelled at least
    ``MIN_PER_LABEL`` groups of where, among those groups, the ones only the model's
    out-of-fold predictions got right outnumber the ones only the rules got right, by a
    one-sided sign test (McNemar's, exact) at ``MAX_SIGN_P``.

    A model is only evidence where it was tested: trained on the groups the rules call
    dated news and generic (a reviewer going down the queue sorted by suggestion), it
    rewrote every group the rules call unsupported, and lost to the rules there.
    """
    out = []
    for lab, n in sorted(Counter(rules).items()):
        if n < MIN_PER_LABEL:
            continue
        mine = rules == lab
        model_right = [p[mine] == y[mine] for p in predictions]
        rules_right = rules[mine] == y[mine]
        # the groups only one of them gets right, averaged over the shuffles of the folds
        wins = round(float(np.mean([np.sum(m & ~rules_right) for m in model_right])))
        losses = round(float(np.mean([np.sum(~m & rules_right) for m in model_right])))
        if wins > losses and _sign_p(wins, losses) <= MAX_SIGN_P:
            out.append(str(lab))
    return out


def _sign_p(wins: int, losses: int) -> float:
    """One-sided exact sign test: the chance of ``wins`` or more of ``wins + losses`` coin
    tosses."""
    return float(binomtest(wins, wins + losses, 0.5, alternative="greater").pvalue)


def _keep_untrusted(pred: np.ndarray, rules: np.ndarray, trusted: Sequence[str]) -> np.ndarray:
    """``pred`` where the rules' label is trusted to the model, the rules' label elsewhere."""
    return np.where(np.isin(rules, list(trusted)), pred, rules)


def _gate(records: Sequence[GroupRecord], labels: Mapping[str, str]) -> Learned:
    by_id = {r.group_id: r for r in records}
    train = [(by_id[g], lab) for g, lab in labels.items() if g in by_id and lab in LABELS]
    n = len(train)
    counts = Counter(lab for _, lab in train)
    early = too_few(lab for _, lab in train)
    if early is not None:
        return early
    seen = tuple(sorted(counts))
    x = features([r for r, _ in train])
    y = np.array([lab for _, lab in train], dtype=object)
    folds = min(CV_FOLDS, min(counts.values()))
    rules = np.array([r.rule_label or "" for r, _ in train], dtype=object)
    raw = _cv_predictions(x, y, folds)
    trusted = _trusted(y, rules, raw)
    predictions = [_keep_untrusted(p, rules, trusted) for p in raw]
    model_f1 = float(np.mean([_macro_f1(list(y), list(p), seen) for p in predictions]))
    rules_f1 = _macro_f1(list(y), list(rules), seen)
    figures = f"cross-validated macro-F1 {model_f1:.2f} vs rules {rules_f1:.2f} on {n} labels"
    if not trusted:
        return Learned(False, f"rules kept: {figures}; the model beats the rules on none of "
                       "their labels", n, model_f1, rules_f1, seen)  # fmt: skip
    chance = _win_chance(y, predictions, rules, seen) if model_f1 >= rules_f1 + MIN_GAIN else 0.0
    if chance < MIN_WIN_CHANCE:
        if model_f1 >= rules_f1 + MIN_GAIN:
            figures += f", a win in only {chance:.0%} of resamples"
        return Learned(False, f"rules kept: {figures}", n, model_f1, rules_f1, seen)
    domain = _domain([r for r, _ in train], trusted)
    figures += "; overrules only the rules' " + ", ".join(  # say where the rules still speak
        f"{_label_text(t) if t else 'no suggestion'} (their confidence {lo:.2f}-{hi:.2f})"
        for t, (lo, hi) in domain.items()
    )
    model = _fit(x, y)
    return Learned(True, f"learned: {figures}", n, model_f1, rules_f1, seen, tuple(trusted),
                   domain, model)  # fmt: skip


def _domain(
    tested: Sequence[GroupRecord], trusted: Sequence[str]
) -> dict[str, tuple[float, float]]:
    """Per trusted rules' label, the rules' confidence range of the labelled groups of it:
    the groups the model was tested on. The app's "least sure first" sort makes the
    labelled groups the rules' least sure, unlike the rest."""
    out = {}
    for t in trusted:
        conf = [r.rule_confidence for r in tested if (r.rule_label or "") == t]
        out[t] = (min(conf), max(conf))
    return out


def _label_text(label: str) -> str:
    return label.replace("_", " ")


# --------------------------------------------------------------------------- suggestions


@dataclass(frozen=True, slots=True)
class Update:
    """A group's suggestion after learning (label, confidence, explanation)."""

    group_id: str
    label: str | None
    confidence: float | None
    explanation: str
    learned: bool  # from your labels: the model, or carried dated news (else the rules')


# labels, confidences, learned or not, and where carried dated news came from (or None)
Choices = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _choices(
    records: Sequence[GroupRecord], learned: Learned, x: sparse.csr_matrix | None = None
) -> Choices:
    """Every record's suggestion as arrays: the model's where it is in use, except where
    the rules suggest a label the reviewer never used (the model cannot predict it);
    the rules' otherwise; then dated news where the reviewer's is carried (``carry.py``:
    a label on a close rewording outweighs a reading of the sentence alone).
    Vectorised: the review app runs this over 100,000 groups."""
    labels = np.array([r.rule_label for r in records], dtype=object)
    conf = np.array([r.rule_confidence if r.rule_label else np.nan for r in records])
    used = np.zeros(len(records), dtype=bool)
    if learned.use_model and learned._model is not None and records:
        with threadpool_limits(limits=1):  # see fit
            proba = learned._model.predict_proba(features(records) if x is None else x)
        best = proba.argmax(axis=1)
        outside = np.array([r.rule_label is not None and r.rule_label not in learned.classes
                            for r in records])  # fmt: skip
        used = ~outside & _in_domain(records, learned.domain)
        labels = np.where(used, learned._model.classes_[best].astype(object), labels)
        conf = np.where(used, proba.max(axis=1).round(3), conf)
    carried = np.full(len(records), None, dtype=object)
    if learned.carry.use:
        sure = carrying.precision(learned.carry)
        for i, r in enumerate(records):
            found = learned.carry.to.get(r.group_id)
            if found is not None:
                labels[i], conf[i], used[i], carried[i] = DATED_NEWS, sure, True, found
    return labels, conf, used, carried


def _in_domain(
    records: Sequence[GroupRecord], domain: Mapping[str, tuple[float, float]]
) -> np.ndarray:
    """Whether the model may overrule each record: its rules' label is trusted and their
    confidence inside the range the model was tested on (``Learned.domain``)."""
    bounds = np.array(
        [domain.get(r.rule_label or "", (np.inf, -np.inf)) for r in records], dtype=float
    ).reshape(-1, 2)  # an untrusted label's empty range takes nothing
    conf = np.array([r.rule_confidence for r in records])
    return (conf >= bounds[:, 0] - _EPS) & (conf <= bounds[:, 1] + _EPS)


_EPS = 1e-9  # confidences are rounded floats: the bounds themselves are inside


def _update(
    r: GroupRecord, label: str | None, conf: float, learned: bool, n: int,
    carried: tuple[str, float] | None = None, texts: Mapping[str, str] | None = None,
) -> Update:  # fmt: skip
    if not learned:
        return Update(r.group_id, r.rule_label, r.rule_confidence if r.rule_label else None,
                      r.rule_explanation, False)  # fmt: skip
    if carried is not None:
        other, score = carried
        quoted = _quote((texts or {}).get(other, ""))
        line = (f"{_label_text(DATED_NEWS)}: your label on a close rewording ({score:.2f}"
                f"{', ' + quoted if quoted else ''}) carried to it")  # fmt: skip
    else:
        line = f"{_label_text(label or '')}: learned from {n} of your labels (p {conf:.2f})"
    if r.rule_explanation:  # the rules' label, then their sentence (evidence.py)
        said = f"{_label_text(r.rule_label)}. " if r.rule_label else ""
        line += f"; rules: {said}{r.rule_explanation}"
    return Update(r.group_id, label, float(conf), line, True)


_QUOTED = 60  # characters of the labelled rewording an explanation quotes


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    return f"“{text if len(text) <= _QUOTED else text[: _QUOTED - 1].rstrip() + '…'}”"


def _texts(records: Sequence[GroupRecord], learned: Learned) -> dict[str, str]:
    """The texts of the labelled groups carried from (for the explanations)."""
    sources = {other for other, _ in learned.carry.to.values()}
    return {r.group_id: r.text for r in records if r.group_id in sources}


def updates(
    records: Sequence[GroupRecord],
    learned: Learned,
    skip: Iterable[str] = (),
    x: sparse.csr_matrix | None = None,
) -> list[Update]:
    """The suggestion each record should show, except for groups in ``skip``.

    With the model in use, its label and probability replace the rules' unless the
    rules suggest a label the reviewer never used; the rules' explanation is kept
    after the model's. Otherwise every record gets the rules' suggestion back.
    ``x``: the features of all ``records``, if already built.
    """
    skipped = set(skip)
    labels, conf, used, carried = _choices(records, learned, x)
    n, texts = learned.n_labels, _texts(records, learned)
    return [
        _update(r, labels[i], conf[i], bool(used[i]), n, carried[i], texts)
        for i, r in enumerate(records)
        if r.group_id not in skipped
    ]


class Learner:
    """One project's records and their features, built once, refit as labels come in.

    The review app keeps one and calls ``refit`` from a worker thread: the groups
    and the rules' suggestions do not change while it runs, only the labels.
    ``refit`` returns only the suggestions that changed materially since the last
    (label, learned or not, or confidence by ``CONFIDENCE_STEP``): at 100,000 groups
    rewriting every probability's third decimal every 5 labels was most of the cost.
    """

    def __init__(self, records: Sequence[GroupRecord]) -> None:
        self.records = list(records)
        self._x: sparse.csr_matrix | None = None
        self._index = {r.group_id: i for i, r in enumerate(self.records)}
        self._near = neighbours(self.records)
        self._rep_texts = rep_texts(self.records)
        # What each group shows: unknown before the first refit (a project may hold an
        # earlier session's learned suggestions), which therefore returns every group.
        self._shown: Choices | None = None

    @property
    def x(self) -> sparse.csr_matrix:
        if self._x is None:
            self._x = features(self.records)
        return self._x

    def refit(self, labels: Mapping[str, str]) -> tuple[Learned, list[Update]]:
        """The gate on ``labels``, and the unlabelled groups whose suggestion changed."""
        learned = fit(self.records, labels, self._near, self._rep_texts)
        new = _choices(self.records, learned, self.x if learned.use_model else None)
        (old_label, old_conf, old_used, old_from), (label, conf, used, came) = (
            self._shown or new, new)  # fmt: skip
        moved = (label != old_label) | (used != old_used) | (self._shown is None)
        moved |= came != old_from
        moved |= np.nan_to_num(np.abs(conf - old_conf), nan=0.0) >= CONFIDENCE_STEP
        for gid in labels:
            i = self._index.get(gid)
            if i is not None:
                moved[i] = False  # a labelled group keeps what it showed
        self._shown = (
            np.where(moved, label, old_label), np.where(moved, conf, old_conf),
            np.where(moved, used, old_used), np.where(moved, came, old_from),
        )  # fmt: skip
        n, texts = learned.n_labels, _texts(self.records, learned)
        out = [_update(self.records[i], label[i], conf[i], bool(used[i]), n, came[i], texts)
               for i in np.flatnonzero(moved)]  # fmt: skip
        return learned, out


CONFIDENCE_STEP = 0.05  # a learned confidence that moved less is not rewritten


def suggestion_rows(items: Iterable[Update]) -> list[SuggestionRow]:
    """Updates as ``Project.set_suggestions`` takes them."""
    return [(u.group_id, u.label, u.confidence, u.explanation) for u in items]


def apply_to_corpus(corpus: Corpus, learned: Learned, records: Sequence[GroupRecord]) -> int:
    """Replace the corpus's suggestions by the learned ones (rules' evidence kept).

    With the rules kept, each explanation says why. Returns the groups the model
    suggested for.
    """
    by_id = {u.group_id: u for u in updates(records, learned)}
    n = 0
    for g in corpus.groups:
        u = by_id.get(g.group_id)
        if u is None or u.label is None:
            continue
        evidence = g.suggestion.evidence if g.suggestion else ()
        explanation = u.explanation if u.learned else f"{u.explanation} ({learned.reason})"
        g.suggestion = Suggestion(u.label, u.confidence or 0.0, explanation, evidence)
        n += u.learned
    return n

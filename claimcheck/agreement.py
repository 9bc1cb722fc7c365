"""Agreement between reviewers: Cohen's kappa per pair, Krippendorff's alpha over all.

The input is each reviewer's labels (reviewer -> {group_id: label}), as
``store.reviewers.labels_by_reviewer`` derives them from the decision log; skipped
groups carry no label and do not count. Figures come from well-kept implementations:
scikit-learn's ``cohen_kappa_score`` and ``confusion_matrix``, and the ``krippendorff``
package's nominal alpha (units a single reviewer labelled carry no pairable values and
do not count, as the measure defines). "Per label" is the same figure on one label
against the rest. A figure that is undefined (one label only, or no shared group) is
None: 0/0, not a number to print.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from .models import LABELS

Labels = Mapping[str, Mapping[str, str]]  # reviewer -> {group_id: label}


@dataclass(frozen=True)
class Pair:
    """Two reviewers on the groups both labelled."""

    a: str
    b: str
    shared: int  # groups both labelled
    agreed: int
    kappa: float | None
    kappa_per_label: dict[str, float | None]
    confusion: list[list[int]]  # rows: a's label, columns: b's label, in ``labels`` order


@dataclass(frozen=True)
class Agreement:
    reviewers: list[str]
    labels: list[str]
    labelled: dict[str, int]  # groups each reviewer labelled
    units: int  # groups labelled by two reviewers or more (what alpha counts)
    alpha: float | None
    alpha_per_label: dict[str, float | None]
    pairs: list[Pair] = field(default_factory=list)
    disputed: list[str] = field(default_factory=list)  # groups given different labels


def disputed(labels: Labels) -> list[str]:
    """Groups two reviewers gave different labels, sorted: the adjudication queue."""
    seen: dict[str, set[str]] = {}
    for given in labels.values():
        for gid, label in given.items():
            seen.setdefault(gid, set()).add(label)
    return sorted(g for g, found in seen.items() if len(found) > 1)


def overlap(labels: Labels) -> list[str]:
    """Groups two reviewers or more labelled, sorted: what agreement is measured on, and
    the queue of ``review --adjudicate-all``."""
    return _units(labels, sorted(labels))


def agreement(labels: Labels, label_set: Sequence[str] = LABELS) -> Agreement:
    """Every figure for ``labels`` (reviewers sorted by name)."""
    reviewers = sorted(labels)
    names = list(label_set)
    shared_units = _units(labels, reviewers)
    pairs = [_pair(a, b, labels[a], labels[b], names) for a, b in combinations(reviewers, 2)]
    return Agreement(
        reviewers=reviewers,
        labels=names,
        labelled={r: len(labels[r]) for r in reviewers},
        units=len(shared_units),
        alpha=_alpha(labels, reviewers, shared_units, lambda x: names.index(x)),
        alpha_per_label={
            lab: _alpha(labels, reviewers, shared_units, lambda x, lab=lab: float(x == lab))
            for lab in names
        },
        pairs=pairs,
        disputed=disputed(labels),
    )


def _units(labels: Labels, reviewers: list[str]) -> list[str]:
    count: dict[str, int] = {}
    for r in reviewers:
        for gid in labels[r]:
            count[gid] = count.get(gid, 0) + 1
    return sorted(g for g, n in count.items() if n > 1)


def _pair(a: str, b: str, la: Mapping[str, str], lb: Mapping[str, str], names: list[str]) -> Pair:
    from sklearn.metrics import confusion_matrix

    shared = sorted(set(la) & set(lb))
    ya, yb = [la[g] for g in shared], [lb[g] for g in shared]
    confusion = (
        confusion_matrix(ya, yb, labels=names).tolist() if shared
        else [[0] * len(names) for _ in names]
    )  # fmt: skip
    return Pair(
        a, b, len(shared), sum(x == y for x, y in zip(ya, yb, strict=True)),
        _kappa(ya, yb, names),
        {lab: _kappa([x == lab for x in ya], [y == lab for y in yb], [False, True])
         for lab in names},
        confusion,
    )  # fmt: skip


def _kappa(ya: Sequence[Any], yb: Sequence[Any], names: Sequence[Any]) -> float | None:
    from sklearn.metrics import cohen_kappa_score

    if not ya:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 0/0 (one label only): None below
        value = float(cohen_kappa_score(ya, yb, labels=list(names)))
    return None if math.isnan(value) else value


def _alpha(labels: Labels, reviewers: list[str], units: list[str], code: Any) -> float | None:
    """Krippendorff's nominal alpha over ``units`` (reviewers x units, NaN = not labelled)."""
    import krippendorff
    import numpy as np

    if not units:
        return None
    data = np.array(
        [[code(labels[r][g]) if g in labels[r] else np.nan for g in units] for r in reviewers],
        dtype=float,
    )
    if len(set(data[~np.isnan(data)].tolist())) < 2:
        return None  # one value only: alpha is 0/0 (the package refuses it)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def as_json(result: Agreement) -> dict[str, Any]:
    """The figures as plain JSON values (``claimcheck agreement --format json``)."""
    return {
        "reviewers": result.reviewers,
        "labels": result.labels,
        "labelled": result.labelled,
        "units": result.units,
        "alpha": result.alpha,
        "alpha_per_label": result.alpha_per_label,
        "pairs": [
            {"a": p.a, "b": p.b, "shared": p.shared, "agreed": p.agreed, "kappa": p.kappa,
             "kappa_per_label": p.kappa_per_label, "confusion": p.confusion}
            for p in result.pairs
        ],
        "disputed": len(result.disputed),
    }  # fmt: skip


def as_table(result: Agreement) -> str:
    """The figures as plain text for a terminal."""
    if len(result.reviewers) < 2:
        found = ", ".join(result.reviewers) or "nobody"
        return f"agreement needs two reviewers' labels; this project has labels by {found}\n"
    lines = [
        "labelled: " + ", ".join(f"{r} {n:,}" for r, n in result.labelled.items()),
        f"Krippendorff's alpha (nominal), {result.units:,} groups labelled by two or more:"
        f" {_fmt(result.alpha)}",
        "  per label: " + _per_label(result.alpha_per_label),
        f"groups with different labels: {len(result.disputed):,}",
    ]
    width = max(len(lab) for lab in result.labels)
    for p in result.pairs:
        share = f"{p.agreed / p.shared:.1%}" if p.shared else "-"
        corner = f"{p.a} (rows) / {p.b}"
        first = max(width, len(corner)) + 2
        lines += [
            "",
            f"{p.a} vs {p.b}: {p.shared:,} shared groups, {p.agreed:,} agreed ({share}),"
            f" Cohen's kappa {_fmt(p.kappa)}",
            "  per label: " + _per_label(p.kappa_per_label),
            f"  {corner:<{first}}" + "".join(f"{lab:>{width + 2}}" for lab in result.labels),
        ]
        for lab, row in zip(result.labels, p.confusion, strict=True):
            lines.append(f"  {lab:<{first}}" + "".join(f"{n:>{width + 2},}" for n in row))
    return "\n".join(lines) + "\n"


def _per_label(values: Mapping[str, float | None]) -> str:
    return ", ".join(f"{label} {_fmt(v)}" for label, v in values.items())


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"

"""The dask engine gives the same groups as the local one (LocalCluster)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from claimcheck.group import GroupOptions, group_units  # noqa: E402
from claimcheck.models import Unit  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def test_dask_matches_local() -> None:
    from gen_corpus import generate

    from claimcheck.dask_engine import DaskExecutor

    texts, _, _ = generate(4000, seed=2)
    units = [Unit(f"d{i % 50}", i, 0, len(t), t, "sentence") for i, t in enumerate(texts)]
    opts = GroupOptions(brute_force_max=500)  # force the LSH path (the mapped step)
    local = group_units(units, opts)
    with DaskExecutor() as executor:
        dask = group_units(units, opts, executor=executor)
    assert [(g.group_id, g.members, g.n_docs, g.related) for g in dask] == [
        (g.group_id, g.members, g.n_docs, g.related) for g in local
    ]

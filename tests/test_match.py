"""The lexical matcher: idf weighting, containment and its length guard; the semantic
matcher's failure modes."""

from __future__ import annotations

import numpy as np
import pytest

from claimcheck.match.lexical import LexicalMatcher


def _model(keys: list[str]):
    return LexicalMatcher().fit(keys, keys)


def test_rare_shared_words_outweigh_common_ones() -> None:
    common = ["health year said report"] * 6
    keys = [*common, "tedros convene committee health", "tedros convene committee year"]
    m = _model(keys)
    rare, frequent = m.score(np.array([6, 0]), np.array([7, 1]))
    assert rare > 0.5
    assert frequent == pytest.approx(1.0, abs=1e-5)  # identical texts


def test_containment_for_truncated_copies_with_length_guard() -> None:
    full = "drc report 14000 case 511 death start year neighbour country confirm"
    cut = "drc report 14000 case 511 death start"
    tiny = "drc report"
    m = _model([full, cut, tiny, "unrelated word list here please now"])
    s_cut, s_tiny = m.score(np.array([0, 0]), np.array([1, 2]))
    assert s_cut >= 0.85  # contained, long enough
    assert s_tiny < 0.6  # a fragment does not swallow a long sentence


def test_neighbours_equal_scores() -> None:
    keys = ["a b c d e f", "a b c d e g", "x y z w v u", "a b c x y z"]
    m = _model(keys)
    a, b, s = m.neighbours(0.0)
    assert np.all(a < b)
    assert np.allclose(s, m.score(a, b), atol=1e-5)


def test_semantic_unavailable_is_one_line_exit_1(monkeypatch, capsys, tmp_path) -> None:
    import builtins

    from claimcheck import cli
    from claimcheck.match import semantic

    monkeypatch.setattr(semantic, "_MODEL", [])  # no model loaded by an earlier test
    real_import = builtins.__import__

    def no_wordllama(name, *args, **kwargs):
        if name.startswith("wordllama"):
            raise ImportError("No module named 'wordllama'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_wordllama)
    (tmp_path / "a.txt").write_text("The dam opened in 2020.\n", encoding="utf-8")
    out = str(tmp_path / "o.csv")
    code = cli.main(["group", str(tmp_path), "-o", out, "--model", "wordllama"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and "pip install" in err[0] and "wordllama" in err[0]
    assert not (tmp_path / "o.csv").exists()


def test_semantic_model_failing_to_load_is_reported(monkeypatch, capsys, tmp_path) -> None:
    pytest.importorskip("wordllama")
    import wordllama

    from claimcheck import cli
    from claimcheck.match import semantic

    monkeypatch.setattr(semantic, "_MODEL", [])  # no model loaded by an earlier test

    def broken(*args, **kwargs):
        raise OSError("weights file is corrupt")

    monkeypatch.setattr(wordllama.WordLlama, "load", broken)
    (tmp_path / "a.txt").write_text("The dam opened in 2020.\n", encoding="utf-8")
    out = str(tmp_path / "o.csv")
    code = cli.main(["group", str(tmp_path), "-o", out, "--model", "wordllama"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and "corrupt" in err[0]


def test_minilm_failing_to_load_is_one_line_exit_1(monkeypatch, capsys, tmp_path) -> None:
    from claimcheck import cli
    from claimcheck.match import minilm

    def broken() -> None:
        raise OSError("weights_int8.npz: truncated")

    monkeypatch.setattr(minilm, "encoder", broken)
    (tmp_path / "a.txt").write_text("The dam opened in 2020.\n", encoding="utf-8")
    code = cli.main(["group", str(tmp_path), "-o", str(tmp_path / "o.csv"), "--semantic"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1
    assert "truncated" in err[0] and "reinstall claimcheck" in err[0]
    assert not (tmp_path / "o.csv").exists()


def test_semantic_grouping_runs_end_to_end(tmp_path) -> None:
    pytest.importorskip("wordllama")
    import json

    from claimcheck import cli

    (tmp_path / "a.txt").write_text(
        "The agency declared the outbreak a continental emergency on Tuesday.\n"
        "Rice harvests in the north were larger than expected.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "On Tuesday the agency announced that the outbreak was a continental emergency.\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.jsonl"
    assert cli.main(["group", str(tmp_path), "-o", str(out), "--semantic", "-q"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    claims = [r for r in rows if r["is_claim"]]
    assert len(claims) == 3
    first, rice, second = claims[0], claims[1], claims[2]
    assert first["group_id"] == second["group_id"] != rice["group_id"]


def test_pair_scores_are_the_unit_row_products_bit_for_bit() -> None:
    """``score`` takes cosine and shared weight from one product over the shared words;
    it must give the very bits of the two separate row products (an LSH candidate's
    score decides ties and thresholds at scale)."""
    rng = np.random.default_rng(3)
    vocab = [f"w{i}" for i in range(40)]
    keys = [" ".join(rng.choice(vocab, size=rng.integers(3, 15))) for _ in range(300)]
    m = _model(keys)
    a = np.sort(rng.integers(0, 300, 5000))
    b = rng.integers(0, 300, 5000)
    cos = np.asarray(m.unit[a].multiply(m.unit[b]).sum(axis=1)).ravel()
    shared = np.asarray(m.weighted[a].multiply(m.binary[b]).sum(axis=1)).ravel()
    assert np.array_equal(m.score(a, b), m._combine(cos, shared, a, b))


def test_the_weighted_matrix_made_on_demand_is_the_idf_of_each_word() -> None:
    from scipy import sparse

    from claimcheck.match.lexical import LexicalMatcher

    keys = ["alpha beta gamma", "beta delta", "alpha alpha epsilon", "zeta"]
    model = LexicalMatcher().fit(keys, keys)
    assert "weighted" not in vars(model)  # not kept by the fit
    expected = (model.binary @ sparse.diags(model.idf)).toarray()
    assert np.array_equal(model.weighted.toarray(), expected)
    assert np.allclose(np.asarray(model.weighted.sum(axis=1)).ravel(), model.weight)

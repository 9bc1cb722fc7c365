"""MiniLM in numpy: the shipped model loads and embeds, paraphrases score above
unrelated sentences, a text's embedding does not depend on its batch, and a model that
cannot load says so in one line."""

from __future__ import annotations

import numpy as np
import pytest

from claimcheck.match import minilm
from claimcheck.match.semantic import SemanticUnavailable, minilm_matcher

# Our own sentences: a claim, its rewording with other words, an unrelated claim.
CLAIM = "The regulator fined the railway operator for repeated safety breaches."
REWORDED = "The watchdog penalised the rail company because it broke safety rules again and again."
UNRELATED = "The museum opens a new wing for modern art next spring."


def test_embeddings_are_unit_rows_of_the_model_width() -> None:
    emb = minilm.encoder().embed([CLAIM, REWORDED, UNRELATED])
    assert emb.shape == (3, 384) and emb.dtype == np.float32
    assert np.allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)


def test_a_rewording_scores_far_above_an_unrelated_sentence() -> None:
    a, b, c = minilm.encoder().embed([CLAIM, REWORDED, UNRELATED])
    assert a @ b > 0.5
    assert a @ c < 0.2
    assert a @ b - a @ c > 0.4


def test_a_texts_embedding_does_not_depend_on_its_batch() -> None:
    enc = minilm.encoder()
    alone = enc.embed([CLAIM])[0]
    padded = enc.embed([UNRELATED * 5, CLAIM, "Short."], batch=2)[1]  # longer batch mates
    assert np.allclose(alone, padded, atol=1e-5)
    assert np.array_equal(enc.embed([CLAIM, REWORDED]), enc.embed([CLAIM, REWORDED]))


def test_long_texts_are_cut_at_the_models_limit() -> None:
    emb = minilm.encoder().embed([" ".join(["word"] * 2000)])
    assert emb.shape == (1, 384) and np.isfinite(emb).all()


def test_a_model_that_cannot_load_is_one_line_with_what_to_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken() -> minilm.Encoder:
        raise OSError("weights_int8.npz: no such file")

    monkeypatch.setattr(minilm, "encoder", broken)
    with pytest.raises(SemanticUnavailable) as err:
        minilm_matcher().embedder.load()
    assert "MiniLM" in str(err.value) and "reinstall claimcheck" in str(err.value)
    assert "\n" not in str(err.value)


def test_the_minilm_blend_groups_a_rewording_words_alone_miss() -> None:
    from claimcheck.group import _keys_and_tokens, _normalize_many
    from claimcheck.match.lexical import LexicalMatcher

    passive = "The rail operator was fined by the regulator after breaking safety rules again."
    texts = [CLAIM, passive, UNRELATED]
    keys, tokens = _keys_and_tokens(_normalize_many(texts), "stem")
    pair = (np.array([0]), np.array([1]))
    blended = minilm_matcher().fit(texts, keys, tokens).score(*pair)[0]
    words = LexicalMatcher().fit(texts, keys, tokens).score(*pair)[0]
    assert blended >= 0.5 > words  # grouping's default threshold is 50

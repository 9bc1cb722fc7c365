"""Grouping: determinism, no chaining, duplicates, the pair-set figures, LSH vs brute force."""

from __future__ import annotations

import contextlib
import random
import sys
from pathlib import Path

import numpy as np
import pytest

from claimcheck.group import GroupOptions, group_units, normalize, score_text_pairs
from claimcheck.models import Unit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def units_of(texts: list[str], doc_of=lambda i: f"d{i % 3}") -> list[Unit]:
    return [Unit(doc_of(i), i, 0, len(t), t, "sentence") for i, t in enumerate(texts)]


def as_sets(units: list[Unit], groups) -> set[frozenset[str]]:
    return {frozenset(units[m].text for m in g.members) for g in groups}


def test_normalize_quotes_dashes_case_punctuation() -> None:
    assert normalize("The Nation’s “Defence” — ＦＵＬＬ-width!") == "the nations defence full width"


def test_bulk_normalize_equals_normalize_text_by_text() -> None:
    from claimcheck.group import _normalize_many

    rng = random.Random(5)
    pieces = ["a", "B", " ", "  ", ",", "--", "\n", "'", "’", "é", "1", "_", "\t", ". "]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    texts += ["", " ", "...", "  lead and trail  ", "all ascii, with: punctuation!"]
    assert _normalize_many(texts, chunk=97) == [normalize(t) for t in texts]
    ascii_only = [t for t in texts if t.isascii()]
    assert _normalize_many(ascii_only, chunk=50) == [normalize(t) for t in ascii_only]


def test_unique_texts_match_their_definition() -> None:
    """The distinct normalised texts, sorted; each text's index among them; the first
    raw text of each (array steps over first-seen numbers: same as the dictionaries)."""
    from claimcheck.group import _unique_texts

    rng = random.Random(11)
    pieces = ["A b", "a  b", "a b!", "c", "C.", "", " ", "é", "E\u0301", "zz", "Zz"]
    for n in (0, 1, 2, 50, 3000):
        texts = [rng.choice(pieces) for _ in range(n)]
        norms, inv, raws, lang_of = _unique_texts(texts, None)
        assert norms == sorted({normalize(t) for t in texts})
        assert [norms[i] for i in inv.tolist()] == [normalize(t) for t in texts]
        assert raws == [next(t for t in texts if normalize(t) == m) for m in norms]
        assert inv.dtype == np.int64 and lang_of == {}


def test_row_minima_packed_match_one_gather_per_row() -> None:
    """MinHash rows four to a 64-bit gather, texts a chunk at a time: the same minima
    as a gather and a reduceat per row, for 1-7 rows, any chunk size, one-word texts."""
    from claimcheck.group import row_minima

    rng = np.random.default_rng(4)
    for _ in range(300):
        n, vocab = int(rng.integers(1, 60)), int(rng.integers(1, 40))
        sizes = rng.integers(1, 9, n)
        cuts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        ids = rng.integers(0, vocab, int(sizes.sum())).astype(np.int32)
        rows = int(rng.integers(1, 8))
        tables = [rng.integers(0, 1 << 16, vocab).astype(np.uint16) for _ in range(rows)]
        got = row_minima(tables, ids, cuts, chunk=int(rng.integers(1, 30)))
        want = [np.minimum.reduceat(t[ids], cuts) for t in tables]
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert g.dtype == w.dtype and np.array_equal(g, w)


def test_chunked_text_steps_give_the_same_keys_and_tokens() -> None:
    from claimcheck.group import _keys_and_tokens, _normalize_many

    rng = random.Random(9)
    words = ["Laos", "defence", "ministry", "the", "of", "signed", "2024", "not", "army's"]
    texts = [" ".join(rng.choices(words, k=rng.randint(1, 9))) + "." for _ in range(500)]
    norms = _normalize_many(texts)
    keys, (ids, starts, vocab) = _keys_and_tokens(norms, "stem")
    assert _normalize_many(texts, chunk=37) == norms
    ckeys, (cids, cstarts, cvocab) = _keys_and_tokens(norms, "stem", chunk=23)
    assert ckeys == keys
    assert [cvocab[i] for i in cids] == [vocab[i] for i in ids]
    assert cstarts.tolist() == starts.tolist()
    assert [
        " ".join(vocab[i] for i in ids[s:e])
        for s, e in zip(starts, [*starts[1:], len(ids)], strict=True)
    ] == keys


def test_partition_singletons_and_order() -> None:
    texts = [
        "Laos hosts the ASEAN defence ministers meeting in Vientiane this week.",
        "A completely different sentence about rice harvests in the north.",
        "Laos hosts the ASEAN defence ministers' meeting in Vientiane this week!",
    ]
    units = units_of(texts) + [Unit("d9", 9, 0, 3, "Top", "heading")]
    groups = group_units(units)
    members = sorted(m for g in groups for m in g.members)
    assert members == [0, 1, 2]  # every claim exactly once, the heading not at all
    assert [g.size for g in groups] == [2, 1]
    assert [min(g.members) for g in groups] == sorted(min(g.members) for g in groups)


def test_empty_and_headings_only() -> None:
    assert group_units([]) == []
    assert group_units([Unit("d", 0, 0, 3, "Top", "heading")]) == []
    assert [g.size for g in group_units(units_of(["", "!!!", "..."]))] == [3]


def test_exact_duplicates_collapse_and_n_docs() -> None:
    boiler = "Subscribe to our newsletter for the latest defence news."
    texts = [boiler] * 500 + ["Laos and Thailand signed a border security pact on Monday."]
    units = units_of(texts, doc_of=lambda i: f"doc{i % 7}")
    groups = group_units(units)
    assert len(groups) == 2
    assert groups[0].size == 500 and groups[0].n_docs == 7 and groups[0].members[0] == 0


def test_no_chaining_every_member_close_to_its_group() -> None:
    # A chain a~b~c~d of sentences that each share most words with the next: average
    # linkage never puts the far ends together, single link would.
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima".split()  # noqa: SIM905
    chain = [" ".join(words[i : i + 8]) + "." for i in range(0, 5)]
    units = units_of(chain)
    groups = group_units(units, GroupOptions(threshold=60, related_floor=10))
    score, _ = score_text_pairs(chain[:-1], chain[1:])
    assert (score >= 0.6).all()  # every neighbour pair alone would be merged
    for g in groups:
        assert not {0, 4} <= set(g.members)
        texts = [chain[m] for m in g.members]
        for t in texts:  # each member's mean score to the rest reaches the threshold
            others = [o for o in texts if o != t]
            if others:
                s, _ = score_text_pairs([t] * len(others), others)
                assert s.mean() >= 0.6 - 1e-6


def test_missing_fact_groups_different_fact_does_not() -> None:
    quote = "The new bridge across the Mekong will open to traffic in March, officials confirmed"
    units = units_of(
        [
            quote + ".",
            quote + ", the minister said in a statement on Friday.",
            quote.replace("will open", "will not open") + ".",
            "The 18th meeting of defence ministers adopted the border protocol in Vientiane.",
            "The 17th meeting of defence ministers adopted the border protocol in Vientiane.",
        ]
    )
    groups = group_units(units)
    together = {frozenset(g.members) for g in groups}
    assert frozenset({0, 1}) in together  # "on Friday" is in the stripped frame
    assert not any({0, 2} <= m or {3, 4} <= m for m in together)
    # nor are they "related" at score 0 (a new user read a list padded with 0.0 entries)
    assert all(score > 0 for g in groups for _, score in g.related)


@pytest.mark.parametrize(
    "pair",
    [
        ("The 18th meeting of defence ministers adopted the border protocol in Vientiane.",
         "The 17th meeting of defence ministers adopted the border protocol in Vientiane."),
        ("The new bridge across the Mekong will open to traffic in March, officials said.",
         "The new bridge across the Mekong will not open to traffic in March, officials said."),
    ],
)  # fmt: skip
def test_a_pair_the_fact_guard_blocks_is_related_never_grouped(pair: tuple[str, str]) -> None:
    (raw,), (clash,) = score_text_pairs([pair[0]], [pair[1]])
    assert clash and raw >= GroupOptions().threshold / 100  # it would group but for the guard
    units = units_of(list(pair))
    groups = group_units(units)
    by_member = {m: g for g in groups for m in g.members}
    one, two = by_member[0], by_member[1]
    assert one is not two
    assert one.related == [(two.group_id, round(0.5 * float(raw), 3))]
    assert two.related == [(one.group_id, round(0.5 * float(raw), 3))]
    off = group_units(units, GroupOptions(related_conflict=0))
    assert [(g.group_id, g.members) for g in off] == [(g.group_id, g.members) for g in groups]
    assert all(not g.related for g in off)  # 0: the blocked pair relates nothing


def test_related_scores_discount_only_the_blocked_pairs() -> None:
    from claimcheck.group import related_scores

    raw = np.array([0.9, 0.4, 0.8, 0.3], dtype=np.float32)
    guarded_s = np.array([0.0, 0.4, 0.8, 0.0], dtype=np.float32)  # pairs 0 and 3 blocked
    got = related_scores(raw, guarded_s, 0.5)
    assert got.dtype == np.float32
    assert got.tolist() == pytest.approx([0.45, 0.4, 0.8, 0.15])
    assert related_scores(raw, guarded_s, 0.0) is guarded_s
    assert related_scores(raw, raw, 0.5) is raw  # no guard: nothing blocked
    with pytest.raises(ValueError, match="related_conflict"):
        GroupOptions(related_conflict=1.5)


def test_related_groups_rank_paraphrases_below_the_threshold() -> None:
    texts = [
        "The health agency declared the outbreak a continental emergency on Tuesday.",
        "On Tuesday the continental health body announced that the outbreak was an emergency.",
        "Rice harvests in the northern provinces were larger than expected this year.",
    ]
    units = units_of(texts)
    groups = group_units(units, GroupOptions(threshold=95, related_floor=10))
    by_member = {m: g for g in groups for m in g.members}
    assert by_member[0] is not by_member[1]
    related = dict(by_member[0].related)
    assert by_member[1].group_id in related
    assert related[by_member[1].group_id] > related.get(by_member[2].group_id, 0.0)


def test_cores_in_groups() -> None:
    units = units_of(['"We will reopen the border," the minister said on Friday.'])
    [g] = group_units(units)
    assert g.cores == ["We will reopen the border."]


@pytest.mark.parametrize("brute_force_max", [5000, 0])  # exact, and LSH + rare pairs
def test_same_ids_twice_and_under_shuffle(brute_force_max: int) -> None:
    from gen_corpus import generate

    texts, _, _ = generate(1500, seed=3)
    units = units_of(texts)
    opts = GroupOptions(brute_force_max=brute_force_max)
    g1, g2 = group_units(units, opts), group_units(units, opts)
    assert [(g.group_id, g.members) for g in g1] == [(g.group_id, g.members) for g in g2]
    shuffled = texts[:]
    random.Random(5).shuffle(shuffled)
    su = units_of(shuffled)
    g3 = group_units(su, opts)
    ids = lambda us, gs: {g.group_id: frozenset(us[m].text for m in g.members) for g in gs}  # noqa: E731
    assert ids(units, g1) == ids(su, g3)


def test_pair_set_figures_hold() -> None:
    from pairs_eval import decisions, prf

    pred, same = decisions(ROOT / "tests/data/pairs.csv")
    p, r, f1 = prf(pred, same)
    # Copies 35/35 at the default threshold 50.
    assert p >= 0.66 and r >= 0.6 and f1 >= 0.64  # measured: P 0.688 R 0.625 F1 0.655


@pytest.mark.parametrize("n", [3000])
def test_lsh_path_agrees_with_exact(n: int) -> None:
    from gen_corpus import generate

    texts, _, _ = generate(n, seed=11)
    units = units_of(texts)
    exact = group_units(units, GroupOptions(brute_force_max=10**6))
    lsh = group_units(units, GroupOptions(brute_force_max=0))
    pairs = lambda gs: {  # noqa: E731
        (x, y) for g in gs for x in g.members for y in g.members if x < y
    }
    truth, found = pairs(exact), pairs(lsh)
    assert len(found & truth) / max(len(truth), 1) >= 0.97
    assert len(found - truth) / max(len(found), 1) <= 0.03


def test_all_non_ascii_chunks_normalise_without_crash() -> None:
    """Day-one bug: a chunk where every text (or none) is ASCII crashed the bulk path."""
    from claimcheck.group import _normalize_many

    french = [
        "Le ministre a déclaré que le barrage était ouvert en 2020.",
        "La réforme a été adoptée.",
    ]
    curly = ["The ministry’s plan was adopted.", "It’s the army’s unit."]
    chinese = ["部长宣布大坝于2020年开放。"]
    for texts in (french, curly, chinese, french + ["plain ascii"], ["plain"] * 3):
        assert _normalize_many(texts) == [normalize(t) for t in texts]
        assert _normalize_many(texts, chunk=1) == [normalize(t) for t in texts]
    units = units_of(french + curly)
    assert sorted(m for g in group_units(units) for m in g.members) == list(range(len(units)))


def test_stemming_in_the_documents_language() -> None:
    from claimcheck.group import foreign_key

    # Snowball's French stemmer: "ouvert"/"ouverte", "barrage"/"barrages" meet
    assert foreign_key("barrage", "fr") == foreign_key("barrages", "fr")
    assert foreign_key("ouverte", "fr") == foreign_key("ouvert", "fr")
    assert foreign_key("部长宣布大坝", "zh") == "部长宣布大坝"  # no stemmer: words whole
    texts = [
        "Le ministre a confirmé que les barrages du nord étaient ouverts depuis mars.",
        "Le ministre a confirmé que le barrage du nord était ouvert depuis mars.",
        "La récolte de riz a été abondante dans les provinces du sud cette année.",
    ]
    units = [Unit(f"d{i}", i, 0, len(t), t, "sentence") for i, t in enumerate(texts)]
    langs = {f"d{i}": "fr" for i in range(3)}
    french = group_units(units, langs=langs)
    assert {frozenset(g.members) for g in french} == {frozenset({0, 1}), frozenset({2})}
    # the same texts read as English (Porter) score lower: the endings stay apart
    from claimcheck.group import fit_texts

    fr = fit_texts(texts[:2], langs=["fr", "fr"])
    en = fit_texts(texts[:2])
    pair = np.array([0]), np.array([1])
    assert fr.model.score(*pair)[0] > en.model.score(*pair)[0]


def test_keys_by_language_stem_english_texts_only_in_english() -> None:
    """Mixed languages: English texts keep their English stem keys, the others get
    their own language's, text by text as if alone (English keys are made only for
    the English texts, not for all and then thrown away)."""
    from claimcheck.group import _keys_and_tokens, _keys_by_language, _token_ids, foreign_key

    norms = [
        "the dams were opened in 2020",
        "les barrages étaient ouverts en 2020",
        "部长宣布大坝",
        "prices rose sharply",
    ]
    langs = ["en", "fr", "zh", ""]
    keys, tokens = _keys_by_language(norms, langs)
    english, _ = _keys_and_tokens([norms[0], norms[3]], "stem")
    assert keys == [english[0], foreign_key(norms[1], "fr"), norms[2], english[1]]
    assert keys[1] != norms[1]  # stemmed in French
    expected = _token_ids(keys)
    assert all((got == want).all() for got, want in zip(tokens[:2], expected[:2], strict=True))
    assert tokens[2] == expected[2]
    assert _keys_by_language(norms[1:3], langs[1:3])[0] == [keys[1], keys[2]]  # no English


def _related_by_definition(gid_of_label, label, a, b, s, top):
    """Each group's related list straight from its definition: the best score per other
    group, ranked by score, then the other group's id; the top ``top``. A pair the fact
    guard blocked (score 0) relates nothing."""
    best: dict[int, dict[int, float]] = {}
    for x, y, v in zip(label[a].tolist(), label[b].tolist(), s.tolist(), strict=True):
        if x == y or v <= 0:
            continue
        for p, q in ((x, y), (y, x)):
            mine = best.setdefault(p, {})
            mine[q] = max(mine.get(q, -1.0), v)
    return {
        gid_of_label[x]: [
            (gid_of_label[y], round(v, 3))
            for y, v in sorted(other.items(), key=lambda t: (-t[1], gid_of_label[t[0]]))[:top]
        ]
        for x, other in best.items()
    }


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_related_ranking_matches_its_definition_with_ties(seed: int) -> None:
    from claimcheck.group import _add_related, _related_pairs
    from claimcheck.models import Group

    rng = np.random.default_rng(seed)
    n, m = 300, 3000
    label = rng.integers(0, 60, n)
    a, b = rng.integers(0, n, m), rng.integers(0, n, m)
    # scores on a coarse grid, and some guarded to 0: many ties to break by group id
    s = (rng.integers(0, 8, m) / 8).astype(np.float32)
    gid_of_label = {int(x): f"g{rng.integers(1 << 40):011x}" for x in np.unique(label)}
    groups = [Group(gid, [x], 1) for x, gid in gid_of_label.items()]
    _add_related(groups, gid_of_label, _related_pairs(label, a, b, s), 5)
    expected = _related_by_definition(gid_of_label, label, a, b, s, 5)
    assert {g.group_id: g.related for g in groups if g.related} == expected


def _rare_pairs_by_definition(texts: list[list[int]], hashes: np.ndarray, k: int) -> set:
    """Pairs of texts sharing two of their k rarest distinct words found in more than one
    text (document frequency, ties by hash), straight from the definition."""
    df: dict[int, int] = {}
    for words in texts:
        for w in set(words):
            df[w] = df.get(w, 0) + 1
    rarest = [
        set(sorted({w for w in words if df[w] > 1}, key=lambda w: (df[w], int(hashes[w])))[:k])
        for words in texts
    ]
    return {
        (i, j)
        for i in range(len(texts))
        for j in range(i + 1, len(texts))
        if len(rarest[i] & rarest[j]) >= 2
    }


@pytest.mark.parametrize("k", [2, 4])
def test_rare_pair_candidates_match_their_definition(k: int) -> None:
    from claimcheck.group import _decode, rare_pair_candidates, word_hashes

    rng = np.random.default_rng(k)
    vocab = [f"w{i}" for i in range(300)]  # many words in one text only, some in few
    texts = [rng.integers(0, 300, rng.integers(0, 12)).tolist() for _ in range(300)]
    ids = np.array([w for t in texts for w in t], dtype=np.int32)
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    hashes = word_hashes(vocab)
    codes = rare_pair_candidates(ids, starts, hashes, lengths, k, max_bucket=10_000)
    a, b = _decode(codes)
    found = set(zip(a.tolist(), b.tolist(), strict=True))
    assert found == _rare_pairs_by_definition(texts, hashes, k)
    assert len(found) > 0
    chunked = rare_pair_candidates(ids, starts, hashes, lengths, k, 10_000, chunk=7)
    assert np.array_equal(chunked, codes)


def test_rare_pairs_find_a_copy_that_shares_few_words_but_the_rare_ones() -> None:
    """Two sentences sharing a rare name and number among different common words: the
    tf-idf score joins them, and the rare-pair key offers them as candidates even where
    MinHash bands over their word sets (Jaccard ~0.3) would not."""
    from claimcheck.group import _decode, fit_texts, rare_pair_candidates, word_hashes

    filler = [f"the agency said officials would review plans for region {i}" for i in range(300)]
    x = "Vinbang district recorded 3074 cases"
    y = "officials confirmed Vinbang had 3074 new patients this week overall"
    fitted = fit_texts([*filler, x, y])
    ids, starts, words = fitted.tokens
    lengths = np.diff(np.append(starts, len(ids)))
    codes = rare_pair_candidates(ids, starts, word_hashes(words), lengths, 4, 200)
    a, b = _decode(codes)
    ix, iy = fitted.inv[-2], fitted.inv[-1]
    assert (min(ix, iy), max(ix, iy)) in set(zip(a.tolist(), b.tolist(), strict=True))


def test_stem_keys_of_parts_join_as_the_keys_of_the_whole() -> None:
    from claimcheck.group import _keys_and_tokens, _normalize_many, _stem_keys, _tokens_of

    rng = random.Random(4)
    words = ["Laos", "defence", "ministries", "signed", "2024", "not", "army's", "talks"]
    texts = [" ".join(rng.choices(words, k=rng.randint(1, 7))) for _ in range(300)]
    for extra in ([], ["the of and"]):  # a key of stop words falls back to its text
        norms = _normalize_many(texts + extra)
        keys, (ids, starts, vocab) = _keys_and_tokens(norms, "stem")
        for cut in (0, 1, 150, len(norms)):
            pkeys, (pids, pstarts, pvocab) = _tokens_of(
                [_stem_keys(norms[:cut]), _stem_keys(norms[cut:], chunk=40)]
            )
            assert pkeys == keys
            assert pvocab == vocab and pids.tolist() == ids.tolist()
            assert pstarts.tolist() == starts.tolist()


@contextlib.contextmanager
def _helper(kill: bool = False):
    from claimcheck.helper import Helper

    helper = Helper()
    if kill:  # a helper that died: its share is done here
        helper._process.terminate()
        helper._process.join()
    try:
        yield helper
    finally:
        helper.close()


@pytest.mark.parametrize("kill", [False, True])
def test_a_helper_process_gives_the_same_groups(monkeypatch, kill: bool) -> None:
    import claimcheck.group as group

    rng = random.Random(8)
    words = ["the", "ministry", "said", "14,000", "cases", "were", "reported", "on", "Friday"]
    words += ["not", "15,000", "in", "Laos", "16th", "he", "told", "reporters"]
    texts = [" ".join(rng.choices(words, k=rng.randint(4, 12))) + "." for _ in range(400)]
    texts += ["The World Health Organization (WHO) met.", "WHO met on Monday, he said."]
    units = units_of(texts)
    opts = GroupOptions(brute_force_max=100)  # the LSH path, whose facts come from the helper
    alone = group_units(units, opts)
    monkeypatch.setattr(group, "HELPER_MIN_TEXTS", 10)
    shared = group_units(units, opts, helper=lambda: _helper(kill))
    key = [(g.group_id, g.members, g.n_docs, g.cores, g.related) for g in alone]
    assert [(g.group_id, g.members, g.n_docs, g.cores, g.related) for g in shared] == key


def test_rare_slices_join_as_the_rare_pair_candidates() -> None:
    """The rare-pair codes found in slices (in a thread beside the bands' scoring) are,
    together, exactly ``rare_pair_candidates``."""
    from claimcheck.group import (
        GroupOptions,
        _rare_part_codes,
        _sorted_unique,
        rare_pair_candidates,
        word_hashes,
    )

    rng = np.random.default_rng(9)
    vocab = [f"w{i}" for i in range(400)]
    texts = [rng.integers(0, 400, rng.integers(1, 14)).tolist() for _ in range(500)]
    ids = np.array([w for t in texts for w in t], dtype=np.int32)
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    hashes = word_hashes(vocab)
    opts = GroupOptions(max_bucket=20)  # some buckets are paired by length windows
    parts = _rare_part_codes((ids, starts, vocab), hashes, opts)
    whole = rare_pair_candidates(ids, starts, hashes, lengths, opts.rare_pairs, 20)
    assert len(whole) > 0 and len(parts) == 8
    assert np.array_equal(_sorted_unique(np.concatenate(parts)), whole)


def test_pair_parts_join_as_the_scored_pairs_of_one_pass() -> None:
    """The LSH path's parts (bands' pairs, then rare pairs) are disjoint, each in (a, b)
    order, and joined give every pair once, in (a, b) order, with the model's scores."""
    from claimcheck.executor import LocalExecutor
    from claimcheck.group import GroupOptions, _merge_parts, fit_texts, pair_parts, scored_pairs

    rng = random.Random(3)
    words = [f"word{i}" for i in range(60)] + ["Vinbang", "3074", "Tedros", "ferry"]
    texts = [" ".join(rng.choices(words, k=rng.randint(5, 12))) for _ in range(400)]
    opts = GroupOptions(brute_force_max=50)  # the LSH path at 400 texts
    fitted = fit_texts(texts, (), opts)
    parts = list(pair_parts(fitted.model, fitted.tokens, opts, LocalExecutor()))
    assert len(parts) == 2
    codes = [set(zip(a.tolist(), b.tolist(), strict=True)) for a, b, _ in parts]
    assert not codes[0] & codes[1]
    a, b, s = _merge_parts(parts)
    assert np.all((a[1:] > a[:-1]) | ((a[1:] == a[:-1]) & (b[1:] > b[:-1])))
    assert np.array_equal(s, fitted.model.score(a, b))
    joined = scored_pairs(fitted.model, fitted.tokens, opts, LocalExecutor())[:3]
    assert all(np.array_equal(x, y) for x, y in zip(joined, (a, b, s), strict=True))


@pytest.mark.parametrize("threads", [2, 3])
def test_threaded_scoring_equals_one_slice_at_a_time(threads: int) -> None:
    """Candidate slices scored in threads give the pairs, order and score bits of the
    same slices scored one after the other, and of one pass over all candidates."""
    from claimcheck.group import _decode, _encode, _score_codes, _sorted_unique, fit_texts

    rng = random.Random(5)
    words = [f"word{i}" for i in range(50)] + ["Vinbang", "3074", "Tedros"]
    texts = [" ".join(rng.choices(words, k=rng.randint(4, 12))) for _ in range(300)]
    model = fit_texts(texts).model
    nrng = np.random.default_rng(5)
    a = nrng.integers(0, 299, 5000)
    b = a + nrng.integers(1, 300 - a)
    codes = _sorted_unique(_encode(a, b))
    serial = _score_codes(model, codes, 0.2, step=137, threads=1)
    threaded = _score_codes(model, codes, 0.2, step=137, threads=threads)
    da, db = _decode(codes)
    s = model.score(da, db)
    keep = s >= 0.2
    assert 0 < keep.sum() < len(codes)
    for got in (serial, threaded):
        want = [da[keep], db[keep], s[keep]]
        assert [x.tobytes() for x in got] == [x.tobytes() for x in want]
    empty = _score_codes(model, codes[:0], 0.2)
    assert [len(x) for x in empty] == [0, 0, 0]


def test_rounded_is_pythons_round() -> None:
    """float32 scores by the array path, others by Python's round per distinct value;
    both equal ``round(u, 3)`` (every float32 in [0, 1.25) was checked once)."""
    from claimcheck.group import _rounded

    rng = np.random.default_rng(0)
    halves = (np.arange(0, 1250) + 0.5) / 1000  # x.xxx5: the ties, as near as float32 gets
    near = np.concatenate([halves, np.nextafter(halves, 0), np.nextafter(halves, 2)])
    for v in (rng.random(200_000), near):
        for dtype in (np.float32, np.float64):
            x = v.astype(dtype)
            assert _rounded(x) == [round(u, 3) for u in x.tolist()]

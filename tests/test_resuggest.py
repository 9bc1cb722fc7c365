"""Suggestions recomputed for some groups of a built corpus equal the batch's own."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from claimcheck.models import Corpus
from claimcheck.pipeline import RunOptions, build_corpus
from claimcheck.resuggest import resuggest, set_page_kinds

from .test_store_constraints import FILES, write


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("corpus")
    write(folder, FILES)
    return build_corpus([str(folder)], RunOptions(workers=1))


def _shown(corpus: Corpus) -> list[tuple]:
    return [
        (g.group_id, g.suggestion.label, g.suggestion.confidence, g.suggestion.explanation,
         g.suggestion.evidence) if g.suggestion else (g.group_id,)
        for g in corpus.groups
    ]  # fmt: skip


def test_resuggest_gives_what_the_batch_gave(corpus: Corpus) -> None:
    again = copy.deepcopy(corpus)
    for g in again.groups:
        g.suggestion = None
    assert resuggest(again, range(len(again.groups))) == list(range(len(again.groups)))
    assert _shown(again) == _shown(corpus)


def test_page_kinds_set_by_id_or_by_path_and_only_their_groups_change(corpus: Corpus) -> None:
    a = next(d for d in corpus.documents if Path(d.path).name == "a.txt")
    assert corpus.kinds[a.doc_id].is_news
    by_id, by_path = copy.deepcopy(corpus), copy.deepcopy(corpus)
    changed = set_page_kinds(by_id, [(a.doc_id, a.path, "other")])
    # an edited page has another doc id: its path still finds it
    assert set_page_kinds(by_path, [("gone", a.path, "other")]) == changed
    assert _shown(by_path) == _shown(by_id)
    assert by_id.kinds[a.doc_id].kind == "other" and by_id.kinds[a.doc_id].overridden
    on_a = {i for i, g in enumerate(corpus.groups)
            if any(corpus.units[m].doc_id == a.doc_id for m in g.members)}  # fmt: skip
    assert set(changed) == on_a
    before, after = _shown(corpus), _shown(by_id)
    assert [i for i in range(len(before)) if before[i] != after[i]] != []
    assert all(before[i] == after[i] for i in range(len(before)) if i not in on_a)
    assert set_page_kinds(copy.deepcopy(corpus), [("gone", "nowhere.txt", "other")]) == []

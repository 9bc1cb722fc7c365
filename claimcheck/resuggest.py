"""Suggestions recomputed for some groups of a built corpus: groups a reviewer's repair
reshaped (a member split out, two groups joined), and the groups on a page whose kind a
reviewer set. Only the documents of those groups' members are judged again (the
suggester's per-page half), so the cost follows the groups touched, not the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .models import Corpus

# A reviewer's page kind as a project keeps it: (doc_id, document path, kind).
PageKindOverride = tuple[str, str, str]


def resuggest(corpus: Corpus, indices: Iterable[int]) -> list[int]:
    """Recompute the suggestion of ``corpus.groups[i]`` for each ``i``, as
    ``suggest_groups`` would give it on the corpus as it is now (its page kinds
    included). Returns the indices given a suggestion."""
    from .suggest import combine, some_unit_verdicts

    wanted = sorted(set(indices))
    if not wanted:
        return []
    units, groups = corpus.units, corpus.groups
    docs = {units[m].doc_id for i in wanted for m in groups[i].members}
    verdicts = some_unit_verdicts(corpus, docs)
    done = []
    for i in wanted:
        group = groups[i]
        if all(m in verdicts for m in group.members):  # every member a judged claim
            group.suggestion = combine(group, verdicts, units)
            done.append(i)
    return done


def set_page_kinds(corpus: Corpus, overrides: Sequence[PageKindOverride]) -> list[int]:
    """A reviewer's page kinds applied to a re-read corpus: each page found (by doc id,
    else by path: a page edited since is still the reviewer's page) takes the kind set,
    and the suggestions of the groups with a member there follow (groups that have a
    suggestion: one without is outside the suggester's languages, or suggestions are
    off). Returns the indices of the groups recomputed."""
    from .pagekind import with_kind
    from .suggest import document_kinds

    if not overrides:
        return []
    by_id = {d.doc_id for d in corpus.documents}
    by_path = {d.path: d.doc_id for d in corpus.documents}
    kinds: dict[str, str] = {}
    for doc_id, path, kind in overrides:
        found = doc_id if doc_id in by_id else by_path.get(path)
        if found is not None:
            kinds[found] = kind
    if not kinds:
        return []
    missing = [d for d in kinds if d not in corpus.kinds]
    corpus.kinds.update(document_kinds(corpus, missing) if missing else {})
    for doc_id, kind in kinds.items():
        corpus.kinds[doc_id] = with_kind(corpus.kinds[doc_id], kind)
    units = corpus.units
    touched = [
        i
        for i, g in enumerate(corpus.groups)
        if g.suggestion is not None and any(units[m].doc_id in kinds for m in g.members)
    ]
    return resuggest(corpus, touched)

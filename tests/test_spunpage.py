"""Spun pages: a page whose claims are synonym-swapped copies of another page's is a
content farm, found from the groups. Our own sentences: a wire report, an outlet's
verbatim copy of it, and a spinner's version (content words swapped one for one)."""

from __future__ import annotations

from pathlib import Path

from claimcheck.models import Corpus
from claimcheck.pagekind import CONTENT_FARM, NEWS_REPORT, with_kind
from claimcheck.pipeline import RunOptions, build_corpus
from claimcheck.resuggest import resuggest, set_page_kinds
from claimcheck.spunpage import spun_pages

WIRE = [
    "The regional water authority said on Tuesday that the new treatment plant near "
    "Riverton would open in June and serve 40,000 homes across the Elm valley.",
    "The plant cost about 210 million dollars and was paid for with a state loan that "
    "the authority must repay over the next thirty years.",
    "Engineers finished testing the main filters last week, and the first water from the "
    "plant reached homes in the northern districts on Monday morning.",
    "The authority's chief engineer told reporters that the old plant would stay in "
    "service as a backup until at least the end of the year.",
]
SPUN = [
    "The local water agency stated on Tuesday that the fresh purification facility near "
    "Riverton would launch in June and supply 40,000 households throughout the Elm valley.",
    "The facility price about 210 million bucks and was paid for with a state mortgage "
    "that the agency should repay over the following thirty years.",
    "Technicians completed checking the primary filters final week, and the very first "
    "water from the facility arrived at houses in the northern areas on Monday morning.",
    "The agency's main engineer informed journalists that the outdated facility would "
    "remain in service as a backup till at the very least the finish of the year.",
]
HEAD = "RIVERTON, May 3 (Valley Wire) - "


def write(folder: Path, pages: dict[str, list[str]]) -> Corpus:
    folder.mkdir()
    for name, sentences in pages.items():
        (folder / name).write_text(HEAD + "\n\n".join(sentences) + "\n", encoding="utf-8")
    return build_corpus([str(folder)], RunOptions(workers=1))


def doc_id(corpus: Corpus, name: str) -> str:
    return next(d.doc_id for d in corpus.documents if Path(d.path).name == name)


def test_a_spinners_page_is_found_with_its_source_and_a_swap(tmp_path: Path) -> None:
    corpus = write(tmp_path / "c", {"wire.txt": WIRE, "copy.txt": WIRE, "spun.txt": SPUN})
    found = spun_pages(corpus.units, corpus.groups)
    spun = doc_id(corpus, "spun.txt")
    assert list(found) == [spun]  # the original and its verbatim copy are not
    page = found[spun]
    assert page.source in {doc_id(corpus, "wire.txt"), doc_id(corpus, "copy.txt")}
    assert len(page.units) == 4 and page.claims == 4
    original, swapped = page.swap
    assert original != swapped and "synonym-swapped" in page.detail
    assert {corpus.units[i].doc_id for i in page.units} == {spun}


def test_a_spinner_that_swaps_capitalised_words_too_is_found(tmp_path: Path) -> None:
    """Spinners swap names' synonyms as well ("Americans" -> "People", "the United
    States" -> "the USA"): the sentences are still spun copies of the report's."""
    wire = [
        WIRE[0],
        WIRE[1],
        "A survey last year found that fewer than half of Americans knew the plant's water "
        "would come from the river rather than from wells.",
        "The authority is the third largest water supplier in the United States by the "
        "number of homes it serves, behind two utilities in California.",
    ]
    spun = [
        SPUN[0],
        SPUN[1],
        "A ballot closing yr discovered that fewer than half of People knew the facility's "
        "water would come from the river moderately than from wells.",
        "The agency is the third greatest water provider within the USA by the quantity of "
        "households it serves, behind two utilities in California.",
    ]
    corpus = write(tmp_path / "c", {"wire.txt": wire, "copy.txt": wire, "spun.txt": spun})
    found = spun_pages(corpus.units, corpus.groups)
    assert list(found) == [doc_id(corpus, "spun.txt")]
    assert len(found[doc_id(corpus, "spun.txt")].units) == 4


def test_the_spinner_is_the_side_with_the_rarer_words(tmp_path: Path) -> None:
    # with only the two pages, each side's swapped words are on one page: no side is
    # the rarer, so neither is called a spinner
    corpus = write(tmp_path / "two", {"wire.txt": WIRE, "spun.txt": SPUN})
    assert spun_pages(corpus.units, corpus.groups) == {}


def test_an_outlets_light_edits_are_no_spinning(tmp_path: Path) -> None:
    # one or two words changed a sentence, as a copy editor does
    edits = {"would open": "will open", "homes across": "homes in", "about": "roughly",
             "next thirty": "coming thirty", "finished": "completed", "reached": "got to",
             "stay in service": "remain in service", "until": "through"}
    edited = []
    for s in WIRE:
        for old, new in edits.items():
            s = s.replace(old, new)
        edited.append(s)
    corpus = write(tmp_path / "e", {"wire.txt": WIRE, "copy.txt": WIRE, "edited.txt": edited})
    assert spun_pages(corpus.units, corpus.groups) == {}


def test_two_spun_sentences_in_a_page_of_its_own_are_no_spun_page(tmp_path: Path) -> None:
    own = [
        "Residents in the southern suburbs have complained for years about the taste of "
        "their tap water and the brown colour it takes after heavy rain.",
        "A local campaign group collected more than two thousand signatures last winter "
        "asking the council to publish its water testing results every month.",
        "Several restaurants along the river front said they had installed their own "
        "filters long before the authority announced its plans for the new plant.",
    ]
    corpus = write(
        tmp_path / "f", {"wire.txt": WIRE, "copy.txt": WIRE, "mixed.txt": SPUN[:2] + own}
    )
    assert spun_pages(corpus.units, corpus.groups) == {}


def test_the_spun_page_is_a_content_farm_unless_the_reviewer_says(tmp_path: Path) -> None:
    corpus = write(tmp_path / "k", {"wire.txt": WIRE, "copy.txt": WIRE, "spun.txt": SPUN})
    spun = doc_id(corpus, "spun.txt")
    page = corpus.kinds[spun]
    assert page.kind == CONTENT_FARM
    assert page.evidence[0].feature == "spun_copy" and "synonym-swapped" in page.reason
    assert corpus.kinds[doc_id(corpus, "wire.txt")].kind == NEWS_REPORT
    # the reviewer's kind stands
    set_page_kinds(corpus, [(spun, "spun.txt", NEWS_REPORT)])
    assert corpus.kinds[spun] == with_kind(page, NEWS_REPORT)


def test_a_spun_pages_suggestions_are_the_same_when_recomputed(tmp_path: Path) -> None:
    # resuggest (a reviewer's repair, a page kind set) judges pages on corpus.kinds,
    # which now holds the spun page's kind: the same suggestions as the batch run
    corpus = write(tmp_path / "r", {"wire.txt": WIRE, "copy.txt": WIRE, "spun.txt": SPUN})
    before = [g.suggestion for g in corpus.groups]
    assert resuggest(corpus, range(len(corpus.groups))) == list(range(len(corpus.groups)))
    assert [g.suggestion for g in corpus.groups] == before

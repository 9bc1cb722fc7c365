"""Near-copies and spun copies are a must-link for clustering, unless the fact guard
blocks them."""

from __future__ import annotations

import random

import numpy as np
from rapidfuzz import fuzz

from claimcheck.cluster import cluster_pairs
from claimcheck.group import GroupOptions, group_units
from claimcheck.nearcopy import (
    NEAR_COPY_RATIO,
    copies,
    must_link,
    names,
    near_copies,
    spun_copy,
    words,
)
from tests.test_group import as_sets, units_of

COPY = "The health agency said the outbreak had spread to four new provinces this week."
EDITED = "The health agency said that the outbreak has spread to 4 new provinces this week."
REWORDED = "Four more provinces now report the disease, officials at the agency told reporters."


def test_light_edits_are_near_copies_rewordings_are_not() -> None:
    texts = [COPY, EDITED, REWORDED]
    a, b = np.array([0, 0, 1]), np.array([1, 2, 2])
    assert near_copies(texts, a, b).tolist() == [True, False, False]
    assert not near_copies(texts, a, b, ratio=0).any()  # 0: off


def test_agrees_with_fuzz_ratio_on_random_pairs() -> None:
    """The length pre-filter never drops a pair that reaches the ratio."""
    rng = random.Random(7)
    words = ["the", "agency", "said", "é", "ministry", "4", "provinces", "", "!", "ü"]
    texts = [COPY, EDITED, ""]
    for _ in range(300):
        base = rng.choice(texts)
        cut = rng.randrange(len(base) + 1)
        texts.append(base[:cut] + " ".join(rng.choices(words, k=rng.randrange(4))))
    a = np.array([rng.randrange(len(texts)) for _ in range(2000)])
    b = np.array([rng.randrange(len(texts)) for _ in range(2000)])
    want = [fuzz.ratio(texts[i], texts[j]) >= NEAR_COPY_RATIO for i, j in zip(a, b, strict=True)]
    assert near_copies(texts, a, b).tolist() == want
    assert near_copies(texts, a[:0], b[:0]).tolist() == []


def test_blocked_pairs_stay_blocked() -> None:
    texts = [COPY, EDITED]
    a, b = np.array([0]), np.array([1])
    assert must_link(texts, a, b, np.array([0.4], dtype=np.float32)).tolist() == [1.0]
    assert must_link(texts, a, b, np.array([0.0], dtype=np.float32)).tolist() == [0.0]


def test_a_copy_outvoted_by_average_linkage_stays_with_its_twin() -> None:
    # 0-2 a tight cluster; 3 close to it (0.8) and to its copy 4 (0.45); 4 close to
    # nothing else. Average linkage puts 3 with the cluster and 4 alone.
    texts = ["alpha one", "beta two", "gamma three", COPY, EDITED]
    a = np.array([0, 0, 1, 0, 1, 2, 3])
    b = np.array([1, 2, 2, 3, 3, 3, 4])
    s = np.array([0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.45], dtype=np.float32)
    plain = cluster_pairs(5, a, b, s, 0.5, np.arange(5))
    assert plain[3] == plain[0] != plain[4]
    linked = cluster_pairs(5, a, b, must_link(texts, a, b, s), 0.5, np.arange(5))
    assert linked[3] == linked[4] != linked[0]
    assert linked[0] == linked[1] == linked[2]


def test_grouping_joins_near_copies_below_the_threshold() -> None:
    units = units_of([COPY, EDITED, REWORDED])
    strict = GroupOptions(threshold=99)
    assert frozenset({COPY, EDITED}) in as_sets(units, group_units(units, strict))
    off = GroupOptions(threshold=99, near_copy=0)
    assert len(group_units(units, off)) == 3


def test_a_different_fact_is_no_light_edit() -> None:
    units = units_of(
        [
            "Ministers met at the 18th regional security meeting in the capital on Wednesday.",
            "Ministers met at the 17th regional security meeting in the capital on Wednesday.",
        ]
    )
    assert len(group_units(units)) == 2
    assert len(group_units(units, GroupOptions(fact_guard=False))) == 1


def test_must_link_with_known_near_copies_is_the_same() -> None:
    texts = [COPY, EDITED, "an unrelated sentence about ferries"]
    a, b = np.array([0, 0, 1]), np.array([1, 2, 2])
    s = np.array([0.4, 0.3, 0.0], dtype=np.float32)
    near = near_copies(texts, a, b)
    assert must_link(texts, a, b, s, near=near).tolist() == must_link(texts, a, b, s).tolist()
    assert must_link(texts, a, b, s, near=near).tolist() == [1.0, s[1], 0.0]


# Spun copies. Our own sentences: a wire-style sentence and a synonym spinner's version
# of it (content words swapped one for one; names, numbers and function words kept).
WIRE = (
    "The regional water authority said on Tuesday that the new treatment plant near "
    "Riverton would open in June and serve 40,000 homes across the Elm valley."
)
SPUN = (
    "The local water agency stated on Tuesday that the fresh purification facility near "
    "Riverton would launch in June and supply 40,000 households throughout the Elm valley."
)


def spun(x: str, y: str) -> bool:
    return spun_copy(words(x), words(y), names(x), names(y))


def test_a_spun_copy_is_one_even_below_the_near_copy_ratio() -> None:
    assert fuzz.ratio(WIRE, SPUN) < NEAR_COPY_RATIO  # no near-copy by characters
    assert spun(WIRE, SPUN) and spun(SPUN, WIRE)
    texts = [WIRE, SPUN, REWORDED]
    a, b = np.array([0, 0, 1]), np.array([1, 2, 2])
    assert copies(texts, a, b).tolist() == [True, False, False]
    assert copies(texts, a, b, spun=False).tolist() == near_copies(texts, a, b).tolist()
    assert not copies(texts, a, b, ratio=0).any()  # 0: off, spun copies too


def test_grouping_joins_a_spun_copy_below_the_threshold() -> None:
    units = units_of([WIRE, SPUN, REWORDED])
    strict = GroupOptions(threshold=99)
    assert frozenset({WIRE, SPUN}) in as_sets(units, group_units(units, strict))
    assert len(group_units(units, GroupOptions(threshold=99, spun_copy=False))) == 3


def test_a_number_swapped_for_another_is_no_spinner_edit() -> None:
    assert not spun(WIRE, SPUN.replace("40,000", "25,000"))
    # the same edit on a number one side only (a word the other side has) is a swap
    assert spun(WIRE, SPUN.replace("40,000 households", "forty thousand households"))


def test_two_sentences_of_one_template_are_no_spun_copy() -> None:
    # the same frame with other places: names swapped, none kept
    nairobi = (
        "Officials in Nairobi and Mombasa reported that heavy rains had flooded several "
        "markets and forced dozens of schools to close early this week."
    )
    lagos = (
        "Officials in Lagos and Abuja reported that strong winds had damaged several "
        "stadiums and forced hundreds of clinics to shut early this week."
    )
    assert not spun(nairobi, lagos)
    assert spun_copy(words(nairobi), words(lagos))  # what the names rule is for
    # a frame shared by chance: too short to tell
    short_a = "Critics of the plan said higher fares would push commuters back into cars."
    short_b = "Backers of the plan said lower fares would draw commuters out of their cars."
    assert not spun(short_a, short_b)


def test_a_name_opening_the_core_counts_as_a_name_kept() -> None:
    # A core that lost its dateline ("CANBERRA (XYZ) -") opens with a name; left out of
    # the names, one swapped name ("Senate" -> "Upper") outweighed none kept.
    wire = (
        "Kenya's Senate this week passed a law that bars children under 16 from "
        "holding accounts on the biggest social media platforms."
    )
    spun_ = (
        "Kenya's Upper house this week handed a law that bars kids under 16 from "
        "holding accounts on the greatest social media platforms."
    )
    assert spun(wire, spun_) and "kenyas" in names(wire)
    assert names("NATO said on Monday it would act.") == {"nato", "monday"}
    assert names("The Senate said so.") == {"senate"}  # a sentence's capital is no name
    assert names("Let's see what Paris does.") == {"paris"}


def test_a_spinner_may_swap_a_name_and_the_words_beside_it_as_one_run() -> None:
    # "Health Organization's cancer research" -> "Well being Group's most cancers
    # analysis": one word for two, a plural and "most" make one run of six swapped words
    wire = (
        "The Regional Health Organization's cancer research arm on Monday classified the "
        "solvent, a cleaning agent in paint thinners and hundreds of other products, as "
        "possibly harmful to humans."
    )
    spun_text = (
        "The Regional Well being Group's most cancers analysis arm on Monday categorized the "
        "solvent, a cleaning agent in paint thinners and lots of of different merchandise, as "
        "presumably dangerous to people."
    )
    assert spun(wire, spun_text) and spun(spun_text, wire)


def test_words_swapped_wholesale_or_added_are_no_spun_copy() -> None:
    # a phrase rewritten (seven words for five), and a clause added inside
    rewritten = SPUN.replace(
        "the fresh purification facility near", "a plant that cleans river water by"
    )
    assert not spun(WIRE, rewritten)
    inserted = SPUN.replace(
        "near Riverton", "which the council first proposed in a budget vote near Riverton"
    )
    assert not spun(WIRE, inserted)


def test_a_spun_copy_cut_short_is_one() -> None:
    # a spinner's page that also dropped the sentence's last clause, and the reverse:
    # the wire with a clause the spun page never had
    cut = (
        "The local water agency stated on Tuesday that the fresh purification facility near "
        "Riverton would launch in June."
    )
    assert spun(WIRE, cut) and spun(cut, WIRE)
    longer = SPUN.rstrip(".") + ", a spokesperson for the agency told local reporters."
    assert spun(WIRE, longer)
    # cut too short to tell a copy from a shared opening
    assert not spun(WIRE, "The local water agency stated on Tuesday that the plant would open.")
    # the cut copy's opening must be the spun sentence's, not any of its words
    tail = (
        "Riverton would launch in June and supply 40,000 households throughout the Elm "
        "valley, officials said."
    )
    assert not spun(WIRE, tail)


def test_a_spun_copy_with_another_fact_stays_apart() -> None:
    other_month = SPUN.replace("June", "July")
    assert spun(WIRE, other_month)  # a one-word swap like any other...
    units = units_of([WIRE, other_month, REWORDED])
    pair = frozenset({WIRE, other_month})
    assert pair not in as_sets(units, group_units(units, GroupOptions(threshold=99)))
    unguarded = GroupOptions(threshold=99, fact_guard=False)  # ...which the guard blocks
    assert pair in as_sets(units, group_units(units, unguarded))


def test_a_dateline_on_one_side_is_read_past_in_the_cores() -> None:
    dated = "RIVERTON, Jan 5 (Wire Service) - " + WIRE
    texts = [dated, SPUN]
    a, b = np.array([0]), np.array([1])
    assert not copies(texts, a, b).any()  # the texts alone: ten words more on one side
    assert copies(texts, a, b, cores=[WIRE, SPUN]).tolist() == [True]

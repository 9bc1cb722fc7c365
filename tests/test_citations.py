from __future__ import annotations

import pytest

from claimcheck.citations import CITE_MARKS
from claimcheck.core import claim_core


@pytest.mark.parametrize("mark", ["[5]", "[1][2]", "[3-5]", "[a]", "[citation needed]", "[note 2]"])
def test_reference_marks(mark: str) -> None:
    assert CITE_MARKS.fullmatch(mark)


@pytest.mark.parametrize("text", ["[edit]", "[Reuters]", "[1234]", "[sic]"])
def test_other_brackets_are_no_reference_marks(text: str) -> None:
    assert CITE_MARKS.fullmatch(text) is None


def test_a_claim_core_drops_reference_marks() -> None:
    # the "5" of "[5]" would be a second figure for the fact guard
    assert claim_core("Transits were limited to 32 in July 2023.[5]") == (
        "Transits were limited to 32 in July 2023."
    )


def test_reference_marks_pattern_equals_the_repeated_group_form() -> None:
    # CITE_MARKS opens with the literal "[" (so re skips to it); same matches as "(?:mark)+"
    import random
    import re

    from claimcheck.citations import CITE_MARK

    grouped = re.compile(rf"(?:{CITE_MARK})+")
    rng = random.Random(7)
    pieces = ["[", "]", "[5]", "[1][2]", "[3-5]", "[ a ]", "[note 12]", "[citation needed]",
              " ", "x", "7", ",", "-", "[1 , 2]", "[1234]", "\n"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in CITE_MARKS.finditer(text)] == [
            m.span() for m in grouped.finditer(text)
        ]
        assert CITE_MARKS.sub("", text) == grouped.sub("", text)

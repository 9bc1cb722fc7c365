"""One stop-word list for matching keys and the fact guard; negations stay out of it."""

from __future__ import annotations

from claimcheck.group import stem_key
from claimcheck.stopwords import STOP_WORDS


def test_negations_are_no_stop_words() -> None:
    assert not {"no", "nor", "not"} & STOP_WORDS
    assert "not" in stem_key("the board has not approved the plan").split()
    assert "the" not in stem_key("the board has not approved the plan").split()

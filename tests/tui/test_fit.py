"""claimcheck.tui.fit: whole words or an ellipsis, the distinguishing words shown."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text

from claimcheck.tui.fit import ELLIPSIS, distinct_text, first_fit, fit_words

WORDS = st.lists(st.text("abcdé語", min_size=1, max_size=9), min_size=1, max_size=12)


@given(WORDS, st.integers(2, 60))
def test_fit_words_keeps_whole_words(words: list[str], width: int) -> None:
    text = " ".join(words)
    fitted = fit_words(text, width)
    assert Text(fitted).cell_len <= width
    if fitted == text:
        return
    assert fitted.endswith(ELLIPSIS)
    kept = fitted[:-1].split(" ")
    if kept != words[: len(kept)]:  # only a first word longer than the room is cut
        assert len(kept) == 1 and words[0].startswith(kept[0])
        assert Text(words[0]).cell_len > width - 1


def test_distinct_text_shows_where_neighbours_differ() -> None:
    a = "The Laos Defense Ministry stands as a pillar of national security"
    b = "The Laos Defense Ministry stands as a true pillar of national security"
    assert fit_words(a, 30) == fit_words(b, 30)  # cut at the same words: cannot be told apart
    shown_a, shown_b = distinct_text(a, [b], 30), distinct_text(b, [a], 30)
    assert shown_a != shown_b
    assert shown_a.startswith(f"{ELLIPSIS}a pillar") and shown_b.startswith(f"{ELLIPSIS}a true")
    assert distinct_text(a, [b], 200) == a  # room for all of it: all of it
    assert distinct_text(a, ["Something else"], 30) == fit_words(a, 30)


def test_first_fit_takes_the_most_detailed_that_fits() -> None:
    long, short = Text("1,234/5,000 labelled, 25%"), Text("1,234/5,000 25%")
    assert first_fit([long, short], 40) is long
    assert first_fit([long, short], 20) is short
    assert first_fit([long, short], 8).plain == "1,234/5…"  # one word, longer than the room
    assert first_fit([Text("one two three")], 9).plain == "one two…"

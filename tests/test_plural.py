from claimcheck.plural import plural


def test_one_is_singular_and_the_rest_plural() -> None:
    assert plural(1, "document") == "1 document"
    assert plural(0, "document") == "0 documents"
    assert plural(2, "decision") == "2 decisions"
    assert plural(1234, "row") == "1,234 rows"


def test_irregular_plural() -> None:
    assert plural(1, "match", "matches") == "1 match"
    assert plural(3, "match", "matches") == "3 matches"

"""English function words: what a claim's matching keys and its facts leave out.

One list for grouping's scoring keys (``group.stem_key``) and the fact guard
(``facts``: a word that is never a number's unit nor a negated word). Negations are not
in it: "has not recorded" must not match "has recorded".
"""

from __future__ import annotations

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself of off on once only or other
    our ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very was
    we were what when where which while who whom why will with would you your yours yourself
    yourselves s t""".split()  # noqa: SIM905 (readable list)
)

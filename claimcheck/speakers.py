"""A transcript's or interview's speaker label, defined once: the segmenter reads what a
speaker says after it (a short reply is no claim), and the claim core drops it (who
speaks is no part of what is said, and "[00:09] JUNE: " holds no clock time and no
month of the claim)."""

from __future__ import annotations

# "CROWE: ", "**A:** ", "Jonas Brenner (host): ", "GUEST (Amara): ", after a timestamp in
# an auto-generated transcript ("[00:03:21] DANA WEISSKOPF: ").
SPEAKER_LABEL = (
    r"(?:\[\d{1,2}(?::\d{2}){1,2}\]\s*)?"
    r"(?:\*\*)?(?:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}|Q|A)(?: \([^)]{1,30}\))?:(?:\*\*)?\s+"
)

"""How well grouping survives the ways outlets copy a sentence (near-duplicate recall).

A corpus's claims are rewritten by the edits news copies make (a dateline, an
attribution frame, reported speech, truncation, number and spelling conventions,
quote styles, an appended sentence), each edit alone, and every (original, copy) pair
is scored as grouping scores pairs (``group.score_text_pairs``, the fact guard
included). A pair is kept when it scores at or above the grouping threshold with no
fact conflict. The edits are general: none is fitted to a sentence of any corpus.

    python benchmarks/copy_variants.py [DIR ...]      # default: corpus/ (the sample)

Prints, per edit, the share of copies that would still group with their original.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimcheck.group import GroupOptions, score_text_pairs  # noqa: E402
from claimcheck.pipeline import RunOptions, build_corpus  # noqa: E402

Edit = Callable[[str, random.Random], "str | None"]


def _body(text: str) -> str:
    return text.rstrip().rstrip(".")


def dateline(text: str, rng: random.Random) -> str:
    place = rng.choice(["GENEVA", "NEW YORK", "LONDON, England", "NAIROBI, Kenya"])
    tag = rng.choice(["(AP) —", "(Reuters) -", "—", "(AFP) -"])
    return f"{place} {tag} {text}"


def said_frame(text: str, rng: random.Random) -> str:
    who = rng.choice(["the ministry said", "officials said on Tuesday",
                      "the agency said in a statement", "a spokesperson told reporters"])
    return f"{_body(text)}, {who}."


def reported(text: str, rng: random.Random) -> str | None:
    if not text[:1].isupper() or text.split()[0].isupper():
        return None
    who = rng.choice(["The minister said that", "Officials said", "The report noted that"])
    return f"{who} {text[0].lower()}{text[1:]}"


def quoted(text: str, rng: random.Random) -> str:
    who = rng.choice(["he said", "the statement said", "she told reporters"])
    return f"“{_body(text)},” {who}."


def truncated(text: str, rng: random.Random) -> str | None:
    words = text.split()
    if len(words) < 12:
        return None
    return " ".join(words[: max(8, int(len(words) * 0.65))]) + " ..."


def appended(text: str, rng: random.Random) -> str:
    # A copy that runs the next sentence on (a lost break); no negation in it: a
    # negation added by a run-on sentence is a real change of polarity to the guard.
    more = rng.choice(["The talks will resume next month.", "Details were due later.",
                       "Markets were closed for the holiday."])
    return f"{text.rstrip()} {more}"


_NUM = re.compile(r"(\$|US\$)?(\d+(?:\.\d+)?) (million|billion)")


def number_style(text: str, rng: random.Random) -> str | None:
    if _NUM.search(text):
        return _NUM.sub(lambda m: f"{m[1] or ''}{m[2]}{'m' if m[3] == 'million' else 'bn'}",
                        text)  # fmt: skip
    if " percent" in text:
        return text.replace(" percent", " per cent")
    if "%" in text:
        return re.sub(r"(\d)%", r"\1 percent", text)
    return None


_SPELL = [("ization", "isation"), ("ize", "ise"), ("izing", "ising"), ("or ", "our "),
          ("program ", "programme "), ("center", "centre")]  # fmt: skip


def spelling(text: str, rng: random.Random) -> str | None:
    out = text
    for us, uk in _SPELL:
        out = out.replace(us, uk)
    return out if out != text else None


def straight_quotes(text: str, rng: random.Random) -> str | None:
    out = text.translate(str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'"}))
    return out if out != text else None


EDITS: dict[str, Edit] = {
    "dateline": dateline, "said-frame": said_frame, "reported-speech": reported,
    "quoted": quoted, "truncated": truncated, "appended": appended,
    "number-style": number_style, "spelling": spelling, "straight-quotes": straight_quotes,
}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", default=[str(ROOT / "corpus")])
    ap.add_argument("--show", type=int, default=0, help="print N failures per edit")
    args = ap.parse_args()
    opts = GroupOptions()
    rng = random.Random(7)
    claims: list[str] = []
    for d in args.dirs:
        corpus = build_corpus([d], RunOptions(suggest=False, workers=1))
        claims += sorted({u.text for u in corpus.units if u.is_claim and len(u.text.split()) >= 6})
    total_hit = total = 0
    for name, edit in EDITS.items():
        pairs = [(c, e) for c in claims if (e := edit(c, rng))]
        if not pairs:
            continue
        s, clash = score_text_pairs([a for a, _ in pairs], [b for _, b in pairs], opts)
        ok = (s >= opts.threshold / 100) & ~clash
        total_hit += int(ok.sum())
        total += len(pairs)
        print(f"{name:16} {ok.mean():.3f} of {len(pairs)}  (clash {clash.mean():.3f})")
        for i in [i for i in range(len(pairs)) if not ok[i]][: args.show]:
            print(f"    {s[i]:.2f} {'CLASH ' if clash[i] else ''}{pairs[i][0][:100]!r}\n"
                  f"         -> {pairs[i][1][:100]!r}")
    print(f"{'all':16} {total_hit / max(total, 1):.3f} of {total}")


if __name__ == "__main__":
    main()

"""Generate a synthetic news / content-farm corpus with planted near-duplicate families.

Usage: python benchmarks/gen_corpus.py N OUT_DIR [--seed S] [--sample DIR]

Sentences are stitched from runs of 3-7 consecutive words of the sample corpus
(so word order and vocabulary look like the sample) with some words swapped for
other sample words, plus the named entities, numbers and dates that news sentences
carry: 1-3 mentions of seeded synthetic names (people, places, organisations) drawn
Zipf-like from a pool that grows with the corpus (~100 * sqrt(n) names: about 10k at
10k sentences, 100k at 1M, as vocabulary grows in real text), and often a number or
a date. The sample has only ~10k words, so without this every 4-9-word passage
would recur in hundreds of unrelated sentences at 1M, which real news doesn't do.
Families planted among them:

  copy        one sentence copied 2-12 times with light edits (word swap,
              insertion, deletion, case, punctuation, agency dateline): news
              outlets copying each other;
  paraphrase  one sentence respun 2-6 times (synonyms, connectives, clause order,
              dropped clause): content farms;
  boilerplate a handful of sentences repeated exactly, thousands of times;
  unrelated   everything else.

Writes OUT_DIR/docs/NNNNNN.txt (a title line, then 20-40 sentences in paragraphs
of 2-5) and OUT_DIR/truth.tsv: doc, sentence position in doc, family, kind, text.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
WORD_RE = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]|[A-Za-z]|\d+")

SYNONYMS = {
    "crucial": ["vital", "pivotal", "key", "critical"],
    "pivotal": ["crucial", "key", "central"],
    "enhance": ["strengthen", "bolster", "improve"],
    "strengthen": ["enhance", "reinforce"],
    "cooperation": ["collaboration", "partnership"],
    "collaboration": ["cooperation"],
    "significant": ["major", "considerable"],
    "role": ["part", "function"],
    "ensure": ["guarantee", "secure"],
    "countries": ["nations", "states"],
    "nations": ["countries"],
    "military": ["armed", "defense"],
    "regional": ["local", "area"],
    "security": ["safety", "defense"],
    "promote": ["foster", "advance"],
    "foster": ["promote", "encourage"],
    "efforts": ["initiatives", "work"],
    "challenges": ["threats", "problems"],
    "capabilities": ["capacity", "abilities"],
    "stability": ["peace", "calm"],
    "plays": ["has", "holds"],
    "aims": ["seeks", "strives"],
    "important": ["essential", "vital"],
    "various": ["several", "many"],
    "robust": ["strong", "solid"],
    "through": ["via", "by way of"],
}
CONNECTIVES = [
    "Moreover, ",
    "Additionally, ",
    "Furthermore, ",
    "In addition, ",
    "Overall, ",
    "Notably, ",
    "Importantly, ",
]
DATELINES = ["VIENTIANE (KPL) - ", "BANGKOK (Reuters) - ", "HANOI (VNA) - ", "(Xinhua) "]
BOILERPLATE = [
    "Subscribe to our newsletter for the latest defence and security news.",
    "All rights reserved by the publisher and its partners.",
    "Follow us on social media for daily updates from the region.",
    "This article was produced with support from our regional news partners.",
    "Click here to read more stories about military cooperation in Asia.",
]


def sample_words(sample: Path) -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(sample.glob("*.txt")))
    return WORD_RE.findall(text.replace("’", "'"))


SYLLABLES = """kham phon sa vath lay vong thip souk chan bou nou keo viang dao ma ni la so phet xay
    sing tha ban don kong mek hin nam pak see tan vin hoa lin quan minh duc ngo tri bang
    ari som chai wat ratt pra kit anu sak dee pol tho ran mon siri kul""".split()  # noqa: SIM905
PLACE_SUFFIX = ["province", "district", "city", "border crossing", "base", "valley"]
ORG_SUFFIX = ["Corporation", "Institute", "Command", "Battalion", "Ministry", "Group"]
TITLES = ["General", "Colonel", "Minister", "Deputy Minister", "Dr.", "Major", "Ambassador"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def entity_pool(n_names: int, rng: np.random.Generator) -> np.ndarray:
    """n_names distinct synthetic proper names of 2-3 syllables (seeded)."""
    names: dict[str, None] = {}
    while len(names) < n_names:
        k = n_names - len(names)
        n_syl = rng.integers(2, 4, size=2 * k)
        syl = rng.integers(0, len(SYLLABLES), size=int(n_syl.sum()))
        pos = 0
        for m in n_syl.tolist():
            names.setdefault("".join(SYLLABLES[i] for i in syl[pos : pos + m]).capitalize())
            pos += m
    return np.array(list(names)[:n_names], dtype=object)


class Gen:
    """Sentence factory over the sample's word stream."""

    def __init__(self, words: list[str], rng: np.random.Generator, n_names: int = 10_000) -> None:
        self.words = np.array(words, dtype=object)
        self.content = np.array([w for w in words if len(w) > 3], dtype=object)
        self.rng = rng
        self.names = entity_pool(n_names, rng)
        p = 1.0 / (np.arange(n_names) + 10.0)  # Zipf-like: a few names everywhere
        self.name_cdf = np.cumsum(p / p.sum())

    def _name(self) -> str:
        return str(
            self.names[
                min(int(np.searchsorted(self.name_cdf, self.rng.random())), len(self.names) - 1)
            ]
        )

    def entity(self) -> str:
        """A person, place, organisation, number or date mention."""
        rng = self.rng
        kind = int(rng.integers(0, 8))
        if kind <= 1:
            return f"{TITLES[int(rng.integers(0, len(TITLES)))]} {self._name()} {self._name()}"
        if kind == 2:
            return f"in {self._name()} {PLACE_SUFFIX[int(rng.integers(0, len(PLACE_SUFFIX)))]}"
        if kind == 3:
            return f"the {self._name()} {ORG_SUFFIX[int(rng.integers(0, len(ORG_SUFFIX)))]}"
        if kind == 4:
            word = str(self.content[rng.integers(0, len(self.content))])
            return f"{int(rng.integers(2, 5000))} {word}"
        if kind == 5:
            return (
                f"on {WEEKDAYS[int(rng.integers(0, 7))]}"
                if rng.random() < 0.5
                else f"in {MONTHS[int(rng.integers(0, 12))]} {int(rng.integers(1990, 2026))}"
            )
        if kind == 6:
            return f"{rng.integers(1, 100)} percent"
        return f"with {self._name()}"

    def fresh(self, n: int) -> list[str]:
        """n new sentences: 3-5 runs of 3-7 sample words, ~10% of words resampled,
        1-3 entity/number/date mentions."""
        rng = self.rng
        n_runs = rng.integers(3, 6, size=n)
        run_len = rng.integers(3, 8, size=int(n_runs.sum()))
        starts = rng.integers(0, len(self.words) - 10, size=len(run_len))
        idx = np.repeat(starts, run_len) + _ramp(run_len)
        toks = self.words[idx]
        swap = rng.random(len(toks)) < 0.1
        toks[swap] = self.content[rng.integers(0, len(self.content), size=int(swap.sum()))]
        sent_len = np.add.reduceat(run_len, np.r_[0, np.cumsum(n_runs)[:-1]])
        bounds = np.r_[0, np.cumsum(sent_len)]
        comma_at = rng.random(n) < 0.5
        out = []
        n_ent = rng.integers(1, 4, size=n)
        for i in range(n):
            w = toks[bounds[i] : bounds[i + 1]].tolist()
            for _ in range(int(n_ent[i])):
                w.insert(int(rng.integers(1, len(w) + 1)), self.entity())
            if comma_at[i]:
                k = len(w) // 2
                w[k] = w[k] + ","
            s = " ".join(w)
            out.append(s[0].upper() + s[1:] + ".")
        return out

    def copy_edit(self, s: str) -> str:
        """A light edit that a copying outlet makes (1-2 of them)."""
        rng = self.rng
        w = s[:-1].split()
        for _ in range(int(rng.integers(1, 3))):
            op = int(rng.integers(0, 6))
            k = int(rng.integers(0, len(w)))
            if op == 0 and len(w) > 2:
                k = min(k, len(w) - 2)
                w[k], w[k + 1] = w[k + 1], w[k]
            elif op == 1:
                w.insert(k, str(self.content[rng.integers(0, len(self.content))]))
            elif op == 2 and len(w) > 6:
                del w[k]
            elif op == 3:
                w[k] = w[k].lower() if w[k][:1].isupper() else w[k].capitalize()
            elif op == 4:
                w[k] = w[k].rstrip(",") + ("," if not w[k].endswith(",") else "")
            else:
                return DATELINES[int(rng.integers(0, len(DATELINES)))] + " ".join(w) + "."
        return " ".join(w) + "."

    def paraphrase(self, s: str) -> str:
        """Content-farm respin: synonyms, a connective, clause order, a dropped clause."""
        rng = self.rng
        body = s[:-1]
        if "," in body and rng.random() < 0.4:
            left, right = body.split(",", 1)
            body = right.strip() + ", " + left[0].lower() + left[1:]
        w = body.split()
        for k, word in enumerate(w):
            alts = SYNONYMS.get(word.lower().rstrip(","))
            if alts and rng.random() < 0.7:
                w[k] = alts[int(rng.integers(0, len(alts)))] + ("," if word.endswith(",") else "")
        if len(w) > 14 and rng.random() < 0.3:
            w = w[: int(len(w) * 0.8)]
        out = " ".join(w)
        if rng.random() < 0.5:
            out = CONNECTIVES[int(rng.integers(0, len(CONNECTIVES)))] + out[0].lower() + out[1:]
        return out[0].upper() + out[1:].rstrip(",") + "."


def _ramp(sizes: np.ndarray) -> np.ndarray:
    offsets = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.arange(int(sizes.sum())) - offsets


def generate(
    n: int, seed: int = 0, sample: Path = ROOT / "corpus"
) -> tuple[list[str], list[str], list[str]]:
    """n sentences, with the family id and kind of each."""
    rng = np.random.default_rng(seed)
    gen = Gen(sample_words(sample), rng, n_names=max(2000, int(100 * n**0.5)))
    sents: list[str] = []
    fams: list[str] = []
    kinds: list[str] = []

    def add(ss: list[str], fam: str, kind: str) -> None:
        sents.extend(ss)
        fams.extend([fam] * len(ss))
        kinds.extend([kind] * len(ss))

    n_boiler = n // 100
    for k in range(n_boiler):
        add([BOILERPLATE[k % len(BOILERPLATE)]], f"b{k % len(BOILERPLATE)}", "boilerplate")
    target_copy, target_para = int(n * 0.2), int(n * 0.1)
    bases = gen.fresh(n // 4)
    bi = 0
    f = 0
    while len(sents) < n_boiler + target_copy:
        size = int(rng.integers(2, 13))
        base = bases[bi]
        bi += 1
        add([base] + [gen.copy_edit(base) for _ in range(size - 1)], f"c{f}", "copy")
        f += 1
    while len(sents) < n_boiler + target_copy + target_para:
        size = int(rng.integers(2, 7))
        base = bases[bi]
        bi += 1
        add([base] + [gen.paraphrase(base) for _ in range(size - 1)], f"p{f}", "paraphrase")
        f += 1
    rest = n - len(sents)
    if rest > 0:
        fresh = gen.fresh(rest)
        sents.extend(fresh)
        fams.extend(f"u{i}" for i in range(rest))
        kinds.extend(["unrelated"] * rest)
    del sents[n:], fams[n:], kinds[n:]
    return sents, fams, kinds


def write_corpus(out: Path, sents: list[str], fams: list[str], kinds: list[str], seed: int) -> int:
    """Shuffle sentences into documents; returns the number of documents."""
    rng = np.random.default_rng(seed + 1)
    order = rng.permutation(len(sents))
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    truth = ["doc\tpos\tfamily\tkind\ttext\n"]
    pos, d = 0, 0
    while pos < len(order):
        size = int(rng.integers(20, 41))
        idx = order[pos : pos + size].tolist()
        pos += size
        name = f"{d:06d}.txt"
        lines = [f"Report {d} on regional defence cooperation", ""]
        k = 0
        while k < len(idx):
            para = int(rng.integers(2, 6))
            lines.append(" ".join(sents[i] for i in idx[k : k + para]))
            lines.append("")
            k += para
        (docs / name).write_text("\n".join(lines), encoding="utf-8")
        truth.extend(f"{name}\t{p}\t{fams[i]}\t{kinds[i]}\t{sents[i]}\n" for p, i in enumerate(idx))
        d += 1
    (out / "truth.tsv").write_text("".join(truth), encoding="utf-8")
    return d


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of sentences")
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sample", type=Path, default=ROOT / "corpus")
    args = ap.parse_args()
    t0 = time.perf_counter()
    sents, fams, kinds = generate(args.n, args.seed, args.sample)
    n_docs = write_corpus(args.out, sents, fams, kinds, args.seed)
    print(
        f"{len(sents)} sentences in {n_docs} documents -> {args.out} "
        f"({time.perf_counter() - t0:.1f}s)"
    )


if __name__ == "__main__":
    main()

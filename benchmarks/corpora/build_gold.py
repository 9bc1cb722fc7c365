"""Build a dev corpus's gold.json from its hand annotations (the shared claims README format).

Two steps, run from the project root:

    python benchmarks/corpora/build_gold.py draft bridge   # write bridge/annotations.tsv to fill in
    python benchmarks/corpora/build_gold.py build bridge   # annotations.tsv + docs.tsv -> gold.json

``draft`` splits every corpus file into units with a plain regex splitter (lines, then
sentence punctuation before a capital; leading bullet, number and ``#`` markers left out;
for HTML only the ``<article>`` elements, one per line) and writes one row per unit with
empty claim / label / group columns. Every boundary was then checked by eye and every
row filled in by hand. ``build`` re-splits, checks that the annotated texts are still the
units of the files, derives group labels (dated news if any member is, else unsupported
if any is, else generic), tiers and near-duplicate pairs (rapidfuzz ratio >= 70 inside a
group, then the pairs in ``nd_overrides.tsv`` added or removed after reading them), and
writes ``gold.json``. The splitter is this script's own, not claimcheck's: the gold must
not depend on the tool it measures.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from rapidfuzz import fuzz

HERE = Path(__file__).resolve().parent
SUFFIXES = (".txt", ".md", ".html")
LABEL_CODES = {"d": "dated_news", "g": "generic", "u": "unsupported"}
ND_RATIO = 70.0  # the shared README's "about rapidfuzz ratio >= 70", confirmed by eye
COLUMNS = ("id", "claim", "label", "group", "text")

# Line-leading markers that are not part of the unit's text (README: bullets are left out).
_MARKER = re.compile(r"(?:#{1,6}\s+|[-*•]\s+|\d{1,2}\.\s+)")
# A sentence ends at . ! or ? (and any closing quote), before space and a capital,
# digit or opening quote.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?(?=\s+[\"“‘(]?[A-Z0-9])")
# Abbreviations that end in a period but do not end a sentence in these corpora.
_ABBREV = re.compile(
    r"(?:\b(?:a\.m|p\.m|Gov|Col|Jr|Ltd|Md|Mr|Mrs|Dr|St|Oct|Sept|Jan|Feb|Aug|Dec|No)|U\.S"
    r"|\b[A-Z][a-z]+ [A-Z])\.$"  # a middle initial: "Robert F. Kennedy Jr."
)
# HTML: the article's block elements, each written on one line of the file.
_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)
_BLOCK = re.compile(r"<(h[1-6]|p|li|time)\b[^>]*>(.*?)</\1>")


def _sentences(text: str, offset: int) -> Iterator[tuple[int, str]]:
    """Split one line (starting at ``offset`` in its file) into trimmed sentences."""
    start = 0
    for m in _BOUNDARY.finditer(text):
        if _ABBREV.search(text[start : m.end()]):
            continue
        yield from _trimmed(text[start : m.end()], offset + start)
        start = m.end()
    yield from _trimmed(text[start:], offset + start)


def _trimmed(piece: str, offset: int) -> Iterator[tuple[int, str]]:
    stripped = piece.strip()
    if stripped:
        yield offset + piece.index(stripped), stripped


def _lines(raw: str, suffix: str) -> Iterator[tuple[int, str]]:
    """The text lines of a file with their offsets; for HTML, the article's blocks."""
    if suffix == ".html":
        article = _ARTICLE.search(raw)
        if article is None:
            raise SystemExit("no <article> element")
        for m in _BLOCK.finditer(raw, article.start(1), article.end(1)):
            yield m.start(2), m.group(2)
        return
    pos = 0
    for line in raw.split("\n"):
        marker = _MARKER.match(line)
        skip = marker.end() if marker else 0
        yield pos + skip, line[skip:]
        pos += len(line) + 1


def split_file(path: Path) -> list[tuple[int, str]]:
    """Units of one corpus file: (offset, text), in file order."""
    raw = path.read_text(encoding="utf-8")
    units = [u for off, line in _lines(raw, path.suffix) for u in _sentences(line, off)]
    for off, text in units:
        assert raw[off : off + len(text)] == text, (path.name, text)
    return units


def corpus_files(topic: str) -> list[Path]:
    return sorted(p for p in (HERE / topic / "corpus").iterdir() if p.suffix in SUFFIXES)


def draft(topic: str, force: bool) -> None:
    out = HERE / topic / "annotations.tsv"
    if out.exists() and not force:
        raise SystemExit(f"{out} exists (it holds the hand annotations); --force to overwrite")
    with out.open("w", encoding="utf-8", newline="") as f:
        # unquoted, as ``_annotations`` reads it: a page's straight quotes stay as they are
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                       quotechar=None, escapechar="\\")
        w.writerow(COLUMNS)
        for path in corpus_files(topic):
            for n, (_, text) in enumerate(split_file(path), 1):
                w.writerow((f"{path.stem}:{n}", "", "", "", text))
    print(f"wrote {out}")


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _units(topic: str) -> list[dict]:
    """The split corpus joined with the annotations; every mismatch is an error."""
    rows = {r["id"]: r for r in _read_tsv(HERE / topic / "annotations.tsv")}
    units, seen = [], set()
    for path in corpus_files(topic):
        for n, (_, text) in enumerate(split_file(path), 1):
            uid = f"{path.stem}:{n}"
            row = rows.get(uid)
            if row is None or row["text"] != text:
                raise SystemExit(f"{uid}: annotation missing or text differs: {text[:60]!r}")
            claim = row["claim"] == "y"
            if row["claim"] not in ("y", "n") or claim != (row["label"] in LABEL_CODES):
                raise SystemExit(f"{uid}: claim must be y/n, with a label d/g/u exactly when y")
            units.append({"id": uid, "doc": path.name, "text": text, "claim": claim,
                          "self": LABEL_CODES.get(row["label"]), "name": row["group"] or uid})
            seen.add(uid)
    if extra := set(rows) - seen:
        raise SystemExit(f"annotations for units that do not exist: {sorted(extra)[:5]}")
    return units


def _group_label(labels: list[str]) -> str:
    """LABELS.md: dated news if any member is, else unsupported if any is, else generic."""
    for lab in ("dated_news", "unsupported"):
        if lab in labels:
            return lab
    return "generic"


def _near_duplicates(topic: str, members: list[dict]) -> list[list[str]]:
    overrides = _read_tsv(HERE / topic / "nd_overrides.tsv")
    add = {frozenset((r["a"], r["b"])) for r in overrides if r["op"] == "+"}
    drop = {frozenset((r["a"], r["b"])) for r in overrides if r["op"] == "-"}
    pairs = []
    for a, b in itertools.combinations(members, 2):
        key = frozenset((a["id"], b["id"]))
        if (fuzz.ratio(a["text"], b["text"]) >= ND_RATIO or key in add) and key not in drop:
            pairs.append([a["id"], b["id"]])
    return pairs


def build(topic: str) -> dict:
    units = _units(topic)
    by_name: dict[str, list[dict]] = {}
    for u in units:
        if u["claim"]:
            by_name.setdefault(u["name"], []).append(u)
    docs = {r["file"]: {"kind": r["kind"], "date": r["date"] or None, "source": r["source"] or None}
            for r in _read_tsv(HERE / topic / "docs.tsv")}
    if set(docs) != {u["doc"] for u in units}:
        raise SystemExit("docs.tsv must list exactly the corpus files")
    groups, gid_of = {}, {}
    for k, (name, members) in enumerate(by_name.items(), 1):
        gid = f"g{k:03d}"
        nd = _near_duplicates(topic, members) if len(members) > 1 else []
        n_pairs = len(members) * (len(members) - 1) // 2
        tier = None if len(members) == 1 else "same_claim"
        if tier and len(nd) == n_pairs:
            tier = "near_duplicate"
        doc_list = list(dict.fromkeys(m["doc"] for m in members))
        groups[gid] = {"name": name, "label": _group_label([m["self"] for m in members]),
                       "tier": tier, "members": [m["id"] for m in members], "docs": doc_list,
                       "cross_document": len(doc_list) > 1, "near_duplicate_pairs": nd}
        gid_of[name] = gid
    sentences = []
    for u in units:
        g = groups[gid_of[u["name"]]] if u["claim"] else None
        sentences.append({"id": u["id"], "doc": u["doc"], "text": u["text"], "claim": u["claim"],
                          "label": g["label"] if g else None,
                          "group": gid_of[u["name"]] if g else None,
                          "tier": g["tier"] if g else None})
    return {"docs": docs, "sentences": sentences, "groups": groups}


def summary(gold: dict) -> str:
    claims = [s for s in gold["sentences"] if s["claim"]]
    per_label = {lab: sum(s["label"] == lab for s in claims) for lab in LABEL_CODES.values()}
    multi = [g for g in gold["groups"].values() if len(g["members"]) > 1]
    nd = sum(len(g["near_duplicate_pairs"]) for g in multi)
    pairs = sum(len(g["members"]) * (len(g["members"]) - 1) // 2 for g in multi)
    return (f"{len(gold['docs'])} docs, {len(gold['sentences'])} units, {len(claims)} claims "
            f"{per_label}; {len(gold['groups'])} groups, {len(multi)} multi-member "
            f"({sum(g['tier'] == 'near_duplicate' for g in multi)} near_duplicate, "
            f"{sum(g['cross_document'] for g in multi)} cross-document); "
            f"{pairs} same-group pairs, {nd} near-duplicate pairs")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=("draft", "build"))
    ap.add_argument("topic", help="folder under benchmarks/corpora/, e.g. bridge")
    ap.add_argument("--force", action="store_true", help="draft: overwrite annotations.tsv")
    args = ap.parse_args(argv)
    if args.step == "draft":
        draft(args.topic, args.force)
        return 0
    gold = build(args.topic)
    out = HERE / args.topic / "gold.json"
    out.write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}: {summary(gold)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

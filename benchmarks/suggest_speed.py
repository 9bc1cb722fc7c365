"""Time the suggester's per-document pass, old (a git revision) against new, in one run.

    python benchmarks/suggest_speed.py [--sentences 20000] [--corpus DIR] [--ref REV]
                                       [--repeat 3]

The old module is loaded from ``git show REV:claimcheck/suggest.py`` (default:
the last commit before the speed work), so both run on the same corpus, same
lexicons, same process. Without --corpus, a synthetic news / content-farm
corpus is made by benchmarks/gen_corpus.py. Reported: microseconds per claim
unit for the per-unit pass (old ``unit_verdicts`` vs new ``document_verdicts``
per document, signal caches emptied first), for the whole ``suggest_groups``,
and whether every suggestion is identical (required with --same-rules; the
rules of issue 10 change suggestions, so compare those runs with
``--ref 74fafe2`` for speed only).
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

from claimcheck import suggest
from claimcheck.models import Corpus
from claimcheck.pipeline import RunOptions, build_corpus

ROOT = Path(__file__).resolve().parent.parent
REF_REV = "1542bdc"  # suggest: per-run signal cache ... (before the speed work)


def load_ref(rev: str) -> types.ModuleType:
    """The suggest module as of ``rev``, importable next to the current one."""
    src = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:claimcheck/suggest.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    spec = importlib.util.spec_from_loader("claimcheck._suggest_ref", loader=None)
    assert spec is not None
    mod = importlib.util.module_from_spec(spec)
    mod.__package__ = "claimcheck"
    sys.modules[spec.name] = mod  # dataclasses look their module up
    exec(compile(src, f"<{rev}:claimcheck/suggest.py>", "exec"), mod.__dict__)
    return mod


def clear_caches(mod: types.ModuleType) -> None:
    """Empty a suggest module's per-process caches (signals per text, entity classes)."""
    mod._signal_cache.clear()
    if hasattr(mod, "_entity_class"):
        mod._entity_class.cache_clear()


def new_verdicts(corpus: Corpus) -> list:
    """The pipeline's way: document_verdicts per document, shifted, concatenated."""
    clear_caches(suggest)
    out: list = []
    start = 0
    docs = corpus.documents
    units = corpus.units
    for doc in docs:
        end = start
        while end < len(units) and units[end].doc_id == doc.doc_id:
            end += 1
        out += suggest.shift_verdicts(suggest.document_verdicts(doc, units[start:end]), start)
        start = end
    assert len(out) == len(units), "units not in document order"
    return out


def best_of(repeat: int, fn, *args) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - t)
    return best, result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=20000)
    ap.add_argument("--corpus", type=Path, help="corpus to read instead of a generated one")
    ap.add_argument("--ref", default=REF_REV, help="git revision of the old suggest.py")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--same-rules",
        action="store_true",
        help="fail unless the suggestions are identical (a pure speed change)",
    )
    args = ap.parse_args(argv)
    ref = load_ref(args.ref)
    with tempfile.TemporaryDirectory() as tmp:
        if args.corpus:
            path = args.corpus
        else:
            gen = ROOT / "benchmarks" / "gen_corpus.py"
            subprocess.run([sys.executable, str(gen), str(args.sentences), tmp], check=True)
            path = Path(tmp) / "docs"
        corpus = build_corpus([str(path)], RunOptions(suggest=False))
    n = sum(u.is_claim for u in corpus.units)
    print(f"{len(corpus.documents)} documents, {n} claim units, {len(corpus.groups)} groups")

    old_t = new_t = float("inf")
    for _ in range(args.repeat):  # interleaved: machine load hits both alike
        clear_caches(ref)  # both cold: a warm old cache made the old pass look 8x faster
        t, _v = best_of(1, ref.unit_verdicts, corpus)
        old_t = min(old_t, t)
        t, verdicts = best_of(1, new_verdicts, corpus)
        new_t = min(new_t, t)
    print(
        f"per-unit pass  old {old_t / n * 1e6:7.1f} us/unit   new {new_t / n * 1e6:7.1f} us/unit"
        f"   ratio {old_t / new_t:5.2f}x"
    )

    # The two halves apart (a loaded machine blurs the whole pass): signals per text,
    # caches empty; then the page + verdict half with the signal caches full.
    texts = [u.text for u in corpus.units if u.is_claim]
    halves = {"old": [float("inf")] * 2, "new": [float("inf")] * 2}
    for _ in range(args.repeat):
        for name, mod in (("old", ref), ("new", suggest)):
            clear_caches(mod)
            t = time.perf_counter()
            for text in texts:
                mod.unit_signals(text)
            halves[name][0] = min(halves[name][0], time.perf_counter() - t)
            mod.unit_verdicts(corpus)  # fills the signal cache
            t = time.perf_counter()
            mod.unit_verdicts(corpus)
            halves[name][1] = min(halves[name][1], time.perf_counter() - t)
    for i, what in enumerate(("signals (cold)", "page + verdicts (warm)")):
        o, w = halves["old"][i], halves["new"][i]
        print(f"{what:24s} old {o / n * 1e6:7.1f} us/unit   new {w / n * 1e6:7.1f} us/unit"
              f"   ratio {o / w:5.2f}x")

    old_c, new_c = copy.deepcopy(corpus), copy.deepcopy(corpus)
    old_g, _ = best_of(1, ref.suggest_groups, old_c)
    new_g, _ = best_of(1, suggest.suggest_groups, new_c, suggest.no_progress, verdicts)
    print(
        f"group combine  old (incl. unit pass) {old_g / n * 1e6:7.1f} us/unit   "
        f"new (verdicts given) {new_g / n * 1e6:7.1f} us/unit"
    )
    same = all(
        a.suggestion == b.suggestion for a, b in zip(old_c.groups, new_c.groups, strict=True)
    )
    print("suggestions identical:", same)
    return 0 if same or not args.same_rules else 1


if __name__ == "__main__":
    sys.exit(main())

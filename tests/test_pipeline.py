"""The batch job end to end: offsets, determinism, parallel reading, stdin."""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck import pipeline
from claimcheck.models import HEADING, KINDS, Corpus, Document, Unit
from claimcheck.pipeline import RunOptions, build_corpus
from claimcheck.segment import marker_end, segment
from claimcheck.suggest import document_kinds, suggest_groups

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def sample() -> Corpus:
    return build_corpus([str(CORPUS)])


def test_every_unit_slices_its_document(sample: Corpus) -> None:
    docs = {d.doc_id: d for d in sample.documents}
    assert len(sample.units) > 300
    for unit in sample.units:
        assert docs[unit.doc_id].text[unit.start : unit.end] == unit.text
        assert unit.text == unit.text.strip() and unit.text


def test_units_cover_all_non_whitespace_text_but_bullet_markers(sample: Corpus) -> None:
    for doc in sample.documents:
        units = [u for u in sample.units if u.doc_id == doc.doc_id]
        covered = "".join(u.text for u in units)
        lines = [line.strip() for line in doc.text.split("\n")]
        unmarked = [line[marker_end(line) :] for line in lines]
        assert "".join(covered.split()) == "".join("".join(unmarked).split())


def test_every_claim_is_in_exactly_one_group(sample: Corpus) -> None:
    members = [m for g in sample.groups for m in g.members]
    claims = [i for i, u in enumerate(sample.units) if u.is_claim]
    assert sorted(members) == claims
    assert all(sample.units[g.representative].is_claim for g in sample.groups)


def test_same_input_same_groups_and_ids(sample: Corpus) -> None:
    again = build_corpus([str(CORPUS)])
    assert [(g.group_id, g.members) for g in again.groups] == [
        (g.group_id, g.members) for g in sample.groups
    ]
    assert [u.unit_id for u in again.units] == [u.unit_id for u in sample.units]


def test_parallel_reading_gives_the_same_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(12):  # enough small files to take the worker-pool path
        (tmp_path / f"doc{i:02d}.txt").write_text(
            f"Report {i}. The council approved plan {i % 3} on Monday, the mayor said.\n",
            encoding="utf-8",
        )
    serial = build_corpus([str(tmp_path)], RunOptions(workers=1, suggest=False))
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_SOURCES", 4)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", {True: 0, False: 0})
    parallel = build_corpus([str(tmp_path)], RunOptions(workers=2, suggest=False))
    assert [d.doc_id for d in parallel.documents] == [d.doc_id for d in serial.documents]
    assert parallel.units == serial.units
    assert [g.group_id for g in parallel.groups] == [g.group_id for g in serial.groups]


def test_stdin_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"A claim from a pipe. Another claim follows it.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    corpus = build_corpus(["-"], RunOptions(suggest=False))
    assert [d.path for d in corpus.documents] == ["<stdin>"]
    assert corpus.documents[0].text.startswith("A claim from a pipe.")


def test_progress_reports_reading_counts(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Sentence number {i} is here.", encoding="utf-8")
    seen: list[tuple[str, int, int | None]] = []
    build_corpus([str(tmp_path)], progress=lambda *a: seen.append(a))
    reading = [s for s in seen if s[0] == "reading"]
    assert reading[0] == ("reading", 0, 3) and reading[-1] == ("reading", 3, 3)


def test_script_on_stdin_reads_serially_instead_of_hanging(tmp_path: Path) -> None:
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(f"Claim number {i} stands here.", encoding="utf-8")
    script = (
        "from claimcheck import pipeline\n"
        "pipeline.PARALLEL_MIN_SOURCES = 2\n"
        "pipeline.PARALLEL_MIN_BYTES = {True: 0, False: 0}\n"
        f"c = pipeline.build_corpus([{str(tmp_path)!r}], pipeline.RunOptions(workers=2))\n"
        "print(len(c.documents))\n"
    )
    done = subprocess.run(
        [sys.executable, "-"], input=script, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "6"


def test_script_without_main_guard_finishes(tmp_path: Path) -> None:
    """Spawned workers re-run a script's top level; a pool started there must not recurse."""
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(f"Claim number {i} stands here.", encoding="utf-8")
    script = tmp_path / "job.py"
    script.write_text(
        "from claimcheck import pipeline\n"
        "pipeline.PARALLEL_MIN_SOURCES = 2\n"
        "pipeline.PARALLEL_MIN_BYTES = {True: 0, False: 0}\n"
        f"c = pipeline.build_corpus([{str(tmp_path)!r}], pipeline.RunOptions(workers=2))\n"
        "print(len(c.documents))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "6"


def test_a_small_corpus_is_read_without_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starting workers costs ~1.3 s: below PARALLEL_MIN_BYTES they are not started."""
    for i in range(80):
        (tmp_path / f"{i}.txt").write_text(f"Claim number {i} stands here.", encoding="utf-8")

    def no_pool(*args: object) -> None:
        raise AssertionError("a worker pool was started for a tiny corpus")

    monkeypatch.setattr(pipeline.multiprocessing, "get_context", no_pool)
    for suggest in (True, False):
        corpus = build_corpus([str(tmp_path)], RunOptions(workers=2, suggest=suggest))
        assert len(corpus.documents) == 80


def test_workers_start_while_stderr_is_captured(tmp_path: Path) -> None:
    """The review app (Textual) swaps sys.stderr for a capture whose fileno() is -1;
    multiprocessing hands that to the helper it starts with the first pool and failed
    with "bad value(s) in fds_to_keep". A fresh process, so no helper runs yet."""
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(f"Claim number {i} stands here.", encoding="utf-8")
    script = tmp_path / "job.py"
    script.write_text(
        "import sys\n"
        "from claimcheck import pipeline\n"
        "class Capture:\n"
        "    def write(self, text): pass\n"
        "    def flush(self): pass\n"
        "    def fileno(self): return -1\n"
        "pipeline.PARALLEL_MIN_SOURCES = 2\n"
        "pipeline.PARALLEL_MIN_BYTES = {True: 0, False: 0}\n"
        "if __name__ == '__main__':\n"
        "    sys.stderr = Capture()\n"
        "    try:\n"
        f"        c = pipeline.build_corpus([{str(tmp_path)!r}], pipeline.RunOptions(workers=2))\n"
        "    except Exception as err:\n"
        "        print('error:', err)\n"
        "        raise SystemExit(1)\n"
        "    print(len(c.documents))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "6"


def test_default_matcher_is_semantic_up_to_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimcheck.match.semantic import SemanticMatcher

    small = pipeline.default_matcher(1000)
    assert isinstance(small, SemanticMatcher) and small.embedder.name == "minilm"
    middle = pipeline.default_matcher(pipeline.MINILM_MAX_CLAIMS + 1)
    assert isinstance(middle, SemanticMatcher) and middle.embedder.name == "wordllama"
    assert pipeline.default_matcher(pipeline.SEMANTIC_MAX_CLAIMS + 1) is None  # lexical
    monkeypatch.setattr(pipeline, "SEMANTIC_MAX_CLAIMS", 10)
    assert pipeline.default_matcher(11) is None


def test_default_matcher_warns_and_falls_back_when_a_model_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from claimcheck.match import minilm, semantic

    def broken() -> None:
        raise OSError("weights_int8.npz: no such file (test)")

    monkeypatch.setattr(minilm, "encoder", broken)
    matcher = pipeline.default_matcher(1000)
    assert matcher is not None and matcher.embedder.name == "wordllama"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "WordLlama" in err and "(test)" in err

    def also_broken() -> None:
        raise semantic.SemanticUnavailable("the WordLlama model failed to load (test)")

    monkeypatch.setattr(semantic, "model", also_broken)
    assert pipeline.default_matcher(1000) is None
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "lexical matching only" in err.splitlines()[-1]


def test_the_default_scores_a_rewording_higher_than_words_alone(tmp_path: Path) -> None:
    # Our own sentences: one claim reworded (synonyms, another order: no near-copy by
    # characters, nearcopy.py), and two unrelated claims.
    (tmp_path / "a.txt").write_text(
        "The regulator fined the railway operator for repeated safety breaches on the"
        " northern line.\nTickets will cost more from next spring.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Repeated safety breaches on the northern line have cost the rail company a"
        " penalty from the watchdog.\nThe museum opens a new wing for modern art.\n",
        encoding="utf-8",
    )
    from claimcheck.match.lexical import LexicalMatcher

    def groups(matcher: object) -> list[list[int]]:
        options = RunOptions(suggest=False, workers=1, matcher=matcher)  # type: ignore[arg-type]
        return sorted(sorted(g.members) for g in build_corpus([str(tmp_path)], options).groups)

    # words alone keep the rewording apart; the default (MiniLM blend) groups it
    assert groups(LexicalMatcher()) == [[0], [1], [2], [3]]
    assert groups(None) == [[0, 2], [1], [3]]


def test_verdicts_judged_in_workers_during_grouping_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With worker processes the per-document verdicts run while grouping does (after
    reading, not with it); the suggestions and their evidence must not change, also
    for a document whose id is renamed as a duplicate."""
    for i in range(10):
        (tmp_path / f"doc{i:02d}.txt").write_text(
            f"Council approves plan {i % 3}\n\nVIENTIANE, March {i + 1}, 2024 - The council "
            f"approved plan {i % 3} on Monday, the mayor said. Cooperation is vital for "
            f"peace. The agency reported {100 + i} cases in 2023.\n",
            encoding="utf-8",
        )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "doc00.txt").write_text("Plans are good for everyone.\n", "utf-8")
    serial = build_corpus([str(tmp_path)], RunOptions(workers=1))
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_SOURCES", 4)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", {True: 0, False: 0})
    parallel = build_corpus([str(tmp_path)], RunOptions(workers=2))
    assert [g.suggestion for g in parallel.groups] == [g.suggestion for g in serial.groups]
    assert any(g.suggestion is not None for g in serial.groups)
    assert len({g.suggestion.label for g in serial.groups if g.suggestion}) > 1


def _mixed_language_corpus(folder: Path) -> None:
    """English reports, and a French page quoting one of their sentences in English
    (its copy joins the English group) besides sentences of its own."""
    quoted = "The council approved the new bridge on Monday, the mayor said in Vientiane."
    for i in range(9):
        (folder / f"en{i}.txt").write_text(
            f"VIENTIANE, March {i + 1}, 2024 - Officials expect {100 + i} jobs. {quoted}\n",
            encoding="utf-8",
        )
    (folder / "fr.txt").write_text(
        "Le ministre a déclaré que le barrage était ouvert après des années.\n"
        "La réforme a été adoptée à l’unanimité par le parlement en mars.\n"
        "Les habitants de la région attendent depuis longtemps ce nouveau pont.\n"
        f"{quoted}\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("parallel", [False, True])
def test_suggestions_judge_other_languages_only_where_an_english_group_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    """Pages outside the suggester's languages are judged only when a suggestion reads
    them (a copy in an English group); the suggestions are those of judging every unit
    and then withholding the groups whose representative is in another language."""
    _mixed_language_corpus(tmp_path)
    if parallel:
        monkeypatch.setattr(pipeline, "PARALLEL_MIN_SOURCES", 4)
        monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", {True: 0, False: 0})
    corpus = build_corpus([str(tmp_path)], RunOptions(workers=2 if parallel else 1))
    assert {d.lang for d in corpus.documents} == {"en", "fr"}
    got = [(g.group_id, g.suggestion) for g in corpus.groups]
    fr = {d.doc_id for d in corpus.documents if d.lang == "fr"}
    mixed = [g for g in corpus.groups if len({corpus.units[m].doc_id in fr for m in g.members}) > 1]
    assert mixed and all(g.suggestion is not None for g in mixed)
    assert corpus.kinds == document_kinds(corpus)  # the French page's too (in a worker)
    suggest_groups(corpus)  # every unit judged
    for group in corpus.groups:
        if corpus.units[group.representative].doc_id in fr:
            group.suggestion = None
    assert got == [(g.group_id, g.suggestion) for g in corpus.groups]
    assert any(s is None for _, s in got) and any(s is not None for _, s in got)


def test_a_page_no_suggestion_reads_is_not_judged_but_gets_its_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Verdicts of a French page whose groups all get no suggestion would be thrown
    away: none are computed (1M lines of such a page spent ~10 CPU s on them), and the
    page still gets its kind."""
    (tmp_path / "fr.txt").write_text(
        "Le ministre a déclaré que le barrage était ouvert après des années.\n"
        "La réforme a été adoptée à l’unanimité par le parlement en mars.\n",
        encoding="utf-8",
    )

    def judged(*args: object, **kwargs: object) -> None:
        raise AssertionError("a verdict nobody reads")

    monkeypatch.setattr(pipeline, "document_verdicts", judged)
    corpus = build_corpus([str(tmp_path)], RunOptions(workers=1))
    assert [d.lang for d in corpus.documents] == ["fr"]
    assert len(corpus.groups) == 2 and all(g.suggestion is None for g in corpus.groups)
    assert set(corpus.kinds) == {corpus.documents[0].doc_id}


@pytest.mark.parametrize("parts", [1, 3, 8])
def test_line_chunks_cut_after_newlines_and_keep_offsets(parts: int) -> None:
    text = "One line.\n\nTwo lines here.\nThree\n" * 5 + "no newline at the end"
    chunks = pipeline._line_chunks(text, parts)
    assert "".join(piece for piece, _ in chunks) == text
    assert all(text[offset:].startswith(piece) for piece, offset in chunks)
    assert all(piece.endswith("\n") for piece, _ in chunks[:-1])
    assert len(chunks) <= parts + 1


def test_a_big_file_is_segmented_in_chunks_over_workers_with_the_same_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big text file (one document) is segmented in line-aligned chunks by the worker
    processes: the same units, offsets and groups as in one process."""
    lines = [
        "Report", "The council approved the plan on Monday, the mayor said. It costs $5m.",
        "- a bullet item here", "See also", "Officials expect 120 new jobs in 2025.",
        "ok", "The council approved the plan on Monday, the mayor said.",
    ]  # fmt: skip
    # a title line with a clause in it: a heading only the whole-document pass decides
    title = "Council approves the plan on Monday, mayor says"
    (tmp_path / "big.txt").write_text("\n".join([title] + lines * 40) + "\n", encoding="utf-8")
    (tmp_path / "small.txt").write_text("A small page says one thing.\n", encoding="utf-8")
    serial = build_corpus([str(tmp_path)], RunOptions(workers=1, suggest=False))
    monkeypatch.setattr(pipeline, "BIG_FILE_BYTES", 2_000)
    monkeypatch.setattr(pipeline, "BIG_FILE_LINES", 100)
    pieces: list[int] = []
    chunked = pipeline._chunked_spans
    monkeypatch.setattr(
        pipeline, "_chunked_spans",
        lambda text, pool, parts: pieces.append(parts) or chunked(text, pool, parts),
    )  # fmt: skip
    parallel = build_corpus([str(tmp_path)], RunOptions(workers=2, suggest=False))
    assert pieces == [2 * pipeline.CHUNKS_PER_WORKER]  # big.txt only
    assert parallel.units == serial.units and len(serial.units) > 200
    assert (parallel.units[0].text, parallel.units[0].kind) == (title, HEADING)
    assert [g.members for g in parallel.groups] == [g.members for g in serial.groups]


SPAN_TEXT = (
    "Report\nThe council approved the plan, the mayor said. It costs $5m.\n"
    "- a bullet item here\n14/01/2026\nok\nSee also\n"
)  # ("See also" last: what follows it is a reference list, all noise)


def test_span_columns_are_the_spans_shifted_and_survive_pickling() -> None:
    """Workers send spans as columns (arrays and kind codes): they iterate as the
    segmenter's (start, end, kind) with the chunk's offset added, for every kind."""
    spans = segment(SPAN_TEXT)
    assert {s.kind for s in spans} == set(KINDS)  # the text has every kind
    columns = pipeline.SpanColumns(spans, offset=7)
    assert len(columns) == len(spans)
    assert list(columns) == [(s.start + 7, s.end + 7, s.kind) for s in spans]
    assert [columns[i] for i in range(len(columns))] == list(columns)
    again = pickle.loads(pickle.dumps(columns))
    assert list(again) == list(columns)
    joined = pipeline.SpanColumns(spans[:2])
    joined.extend(pipeline.SpanColumns(spans[2:]))
    assert list(joined) == [tuple(s) for s in spans]


def test_units_from_columns_or_tuples_are_those_built_one_by_one() -> None:
    doc = Document("d1", "page.txt", SPAN_TEXT)
    spans = segment(SPAN_TEXT)
    expected = [Unit("d1", i, s.start, s.end, SPAN_TEXT[s.start : s.end], s.kind)
                for i, s in enumerate(spans)]  # fmt: skip
    assert pipeline._units(doc, pipeline.SpanColumns(spans)) == expected
    assert pipeline._units(doc, [tuple(s) for s in spans]) == expected  # kept, from a project
    assert pipeline._units(doc, []) == [] and pipeline._units(doc, pipeline.SpanColumns()) == []
    assert all(type(u) is Unit for u in pipeline._units(doc, spans))
    assert pipeline._claim_count(expected) == sum(u.is_claim for u in expected) > 0


def test_a_unit_is_immutable_and_hashable() -> None:
    unit = Unit("d1", 3, 0, 5, "Hello", "sentence")
    with pytest.raises(AttributeError):
        unit.text = "changed"  # type: ignore[misc]
    assert unit.unit_id == "d1:00003" and unit.is_claim
    assert len({unit, Unit("d1", 3, 0, 5, "Hello", "sentence")}) == 1


def test_no_group_is_suggested_for_when_no_document_is_in_a_suggest_language(
    tmp_path: Path,
) -> None:
    """Without a document in the suggester's languages, the predicate is a constant
    no; with one, each group is asked by its representative's document."""
    (tmp_path / "fr.txt").write_text(
        "Le ministre a déclaré que le barrage était ouvert après des années.\n",
        encoding="utf-8",
    )
    french = build_corpus([str(tmp_path)], RunOptions(workers=1, suggest=False))
    assert pipeline.in_suggest_language(french) is pipeline._never
    assert french.groups and not any(map(pipeline._never, french.groups))
    (tmp_path / "en.txt").write_text(
        "The minister said the dam opened after years of work.\n", encoding="utf-8"
    )
    both = build_corpus([str(tmp_path)], RunOptions(workers=1, suggest=False))
    asks = pipeline.in_suggest_language(both)
    langs = {d.doc_id: d.lang for d in both.documents}
    assert sorted(langs.values()) == ["en", "fr"]
    for group in both.groups:
        assert asks(group) == (langs[both.units[group.representative].doc_id] == "en")

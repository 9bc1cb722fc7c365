"""claimcheck.labels: one record per label, and nothing else spelling them out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimcheck import models
from claimcheck.importer import label_id
from claimcheck.labels import BY_ID, LABELS, RECORDS, guide_text, label_name, short_name

ROOT = Path(__file__).resolve().parents[1]


def test_records_are_unique_and_complete() -> None:
    for field in ("id", "name", "short", "key", "binding_id"):
        values = [getattr(r, field) for r in RECORDS]
        assert len(set(values)) == len(values), field
    assert models.LABELS == LABELS == tuple(BY_ID)
    assert all(r.definition and r.colour.startswith("$") for r in RECORDS)
    # The short name is the display name's first word: one name, shortened.
    assert all(r.name.split()[0] == r.short for r in RECORDS)


def test_names() -> None:
    assert label_name("generic") == "generic assertion"
    assert label_name(None) == "none" and label_name("other") == "other"
    assert short_name("dated_news") == "dated"


def test_the_guide_is_shipped_and_defines_every_label() -> None:
    guide = guide_text()
    headings = re.findall(r"^## (.+)$", guide, flags=re.M)
    assert all(r.name in headings for r in RECORDS)
    # docs/LABELS.md is the same text, for readers of the repository.
    assert (ROOT / "docs" / "LABELS.md").read_text(encoding="utf-8") == guide


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.id)
def test_import_reads_every_spelling_of_a_label(record) -> None:
    for spelling in (record.id, record.name, record.short, record.name.upper()):
        assert label_id(spelling) == record.id


def test_no_other_module_spells_out_a_label_name() -> None:
    """Display names live in labels.py; elsewhere a literal one is a copy that drifts."""
    names = [r.name for r in RECORDS if r.name != r.id]
    offenders = []
    for path in (ROOT / "claimcheck").rglob("*.py"):
        if path.name == "labels.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if any(f'"{name}"' in code or f"'{name}'" in code for name in names):
                offenders.append(f"{path.relative_to(ROOT)}:{n}")
    assert offenders == []

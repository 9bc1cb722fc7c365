"""Label suggestions (placeholder: replaced by the real suggester)."""

from __future__ import annotations

from .models import Corpus, ProgressFn, no_progress


def suggest_groups(corpus: Corpus, progress: ProgressFn = no_progress) -> None:
    """Fill ``group.suggestion`` for every group of the corpus."""

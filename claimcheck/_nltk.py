"""nltk's sentence-splitter classes, imported without scikit-learn.

nltk's package ``__init__`` imports its scikit-learn wrapper, which imports
scikit-learn and scipy whenever they are installed: +1 s per process start on an
idle machine (+2-3 s on a busy one), paid by every ``claimcheck`` run and every
worker process, though only ``claimcheck.learn`` uses scikit-learn. Blocking the
name while nltk loads makes its optional import fail quietly, as nltk intends for
machines without scikit-learn; the block is lifted at once, so ``import sklearn``
works as usual afterwards.
"""

from __future__ import annotations

import sys

_blocked = "sklearn" not in sys.modules
if _blocked:
    sys.modules["sklearn"] = None  # type: ignore[assignment]  # makes `import sklearn` fail
try:
    from nltk.tokenize.punkt import (  # noqa: E402
        PunktLanguageVars,
        PunktParameters,
        PunktSentenceTokenizer,
    )
finally:
    if _blocked and sys.modules.get("sklearn", 0) is None:
        del sys.modules["sklearn"]

__all__ = ["PunktLanguageVars", "PunktParameters", "PunktSentenceTokenizer"]

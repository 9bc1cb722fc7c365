"""What loads when: the CLI's help answers without the heavy libraries, and the
domain core never imports the UI. Each check runs in a fresh interpreter (as
harlequin's import-hygiene test does), since this process has imported everything."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Half a second of imports between them; none is needed to print the help.
HEAVY = ("numpy", "scipy", "nltk", "rapidfuzz", "textual", "rich", "sklearn", "pandas",
         "trafilatura", "matplotlib", "lxml")  # fmt: skip


def run_fresh(script: str) -> str:
    """The standard output of ``script`` run in a new interpreter (which must succeed)."""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def loaded_after(code: str) -> set[str]:
    """Top-level packages in sys.modules after running ``code`` in a new interpreter."""
    script = (
        "import json, sys\n"
        f"{code}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    out = run_fresh(script)
    return set(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["group", "--help"],
                                  ["review", "--help"], ["fetch", "--help"]])  # fmt: skip
def test_help_and_version_import_no_heavy_library(argv: list[str]) -> None:
    code = (
        "import contextlib, io\n"
        "from claimcheck.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    try:\n        main({argv!r})\n"
        "    except SystemExit as done:\n        assert done.code == 0, done.code\n"
    )
    assert loaded_after(code) & set(HEAVY) == set()


def test_a_usage_error_imports_no_heavy_library() -> None:
    code = (
        "import contextlib, io\n"
        "from claimcheck.cli import main\n"
        "with contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n        main(['group', '--bogus', 'corpus'])\n"
        "    except SystemExit as done:\n        assert done.code == 2, done.code\n"
    )
    assert loaded_after(code) & set(HEAVY) == set()


def test_the_core_imports_no_ui() -> None:
    """Every module outside the two shells (cli.py, tui/): found by walking the package,
    so a new module is held to it too."""
    code = (
        "import importlib, pkgutil, claimcheck\n"
        "shells = ('claimcheck.tui', 'claimcheck.cli', 'claimcheck.__main__')\n"
        "names = [m.name for m in pkgutil.walk_packages(claimcheck.__path__, 'claimcheck.')\n"
        "         if not m.name.startswith(shells)]\n"
        "assert len(names) > 20, names\n"
        "for name in names:\n    importlib.import_module(name)\n"
    )
    assert "textual" not in loaded_after(code)


def test_the_segmenter_loads_neither_scikit_learn_nor_scipy_stats_and_both_still_import() -> None:
    """nltk imports both if it can, for what Punkt never calls (~1.7 CPU s a process:
    every run and every worker); they are blocked only while nltk loads."""
    script = (
        "import sys\n"
        "import claimcheck.segment\n"
        "print('sklearn' in sys.modules, 'scipy.stats' in sys.modules)\n"
        "from scipy.stats import fisher_exact\n"
        "print(fisher_exact([[1, 2], [3, 4]])[1] > 0)\n"
    )
    assert run_fresh(script).split() == ["False", "False", "True"]


def test_grouping_stemmers_load_neither_scikit_learn_nor_scipy_stats() -> None:
    """Grouping's helper process imports no segmenter: its stemmers (``group._stemmer``,
    ``group._snowball``) load nltk through ``_nltk`` too (nltk's optional imports cost
    the helper ~1 CPU s)."""
    script = (
        "import sys\n"
        "import claimcheck.group as g\n"
        "print(g._stemmer().stem('running'), g._snowball('french').stem('continuellement'))\n"
        "print('sklearn' in sys.modules, 'scipy.stats' in sys.modules)\n"
    )
    assert run_fresh(script).split() == ["run", "continuel", "False", "False"]

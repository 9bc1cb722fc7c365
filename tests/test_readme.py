"""The README is for users: short, with the two set-up commands CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_short_and_walks_through_the_main_commands() -> None:
    assert len(README.encode("utf-8")) < 8 * 1024
    for command in ("group", "review", "export", "report"):
        assert re.search(rf"^claimcheck {command} ", README, re.MULTILINE), command


def test_the_readme_test_command_is_the_one_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_command = ci.split("# README test command:\n", 1)[1].strip().replace(" --quiet", "")
    setups = re.findall(r"```sh\n(python3 -m venv .*)\n```", README)
    assert len(setups) == 2
    assert setups[1].endswith(ci_command)
    assert setups[0].endswith("pip install -e . && claimcheck group corpus/ -o groups.csv")


def test_local_links_resolve() -> None:
    """Links to files of this branch; docs/review.md and docs/store.md come with the
    review-app and store branches."""
    pending: set[str] = set()
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if "://" not in target and target not in pending:
            assert (ROOT / target).exists(), target

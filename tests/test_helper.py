"""The helper process: one call's result, and a clear failure when there is none."""

from __future__ import annotations

import pytest

from claimcheck.helper import Helper, HelperFailed


def test_the_helper_returns_what_its_call_returns() -> None:
    helper = Helper()
    try:
        helper.submit(sorted, [3, 1, 2])
        assert helper.result() == [1, 2, 3]
    finally:
        helper.close()


def test_a_call_that_raises_is_a_failure_not_a_result() -> None:
    helper = Helper()
    try:
        helper.submit(int, "not a number")
        with pytest.raises(HelperFailed, match="ValueError"):
            helper.result()
    finally:
        helper.close()


def test_a_dead_helper_fails_at_once_instead_of_hanging() -> None:
    helper = Helper()
    helper._process.terminate()
    helper._process.join()
    with pytest.raises(HelperFailed):
        helper.submit(sorted, [2, 1])
        helper.result()
    helper.close()

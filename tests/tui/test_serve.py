"""`claimcheck review --serve`: the page is offline, and in headless Chromium it loads,
takes a label key and the label is in the project file.

Chromium is driven over its DevTools protocol (a websocket, with aiohttp, which
textual-serve brings), so no browser download is needed: Debian's ``chromium``
(installed by .ci/run). Without it the browser test is skipped, saying why.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcheck.cli import main
from claimcheck.store import Project
from claimcheck.tui import serve

from .conftest import REVIEWER
from .handmade import handmade_corpus

pytest.importorskip("textual_serve", reason="browser mode needs textual-serve")
aiohttp = pytest.importorskip("aiohttp", reason="the DevTools client uses aiohttp")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LOAD_TIMEOUT = 60.0  # seconds: the served app starts a Python process per tab
KEY_TRIES, KEY_WAIT = 4, 8.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on port {port} after {timeout} s")


def test_the_page_fetches_nothing_remote() -> None:
    from importlib import resources

    original = resources.files("textual_serve").joinpath("templates/app_index.html").read_text()
    assert "fonts.googleapis.com" in original  # what the offline page replaces
    page = serve.offline_page(original)
    assert "googleapis" not in page and "fonts/RobotoMono" in page


def test_another_address_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert serve.is_local(serve.DEFAULT_HOST)
    assert not serve.is_local("0.0.0.0")
    # A port that is taken: one line, exit 1, after the warning for a non-local address.
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = serve.serve_review("x.sqlite", None, REVIEWER, None, "0.0.0.0", port)
    err = capsys.readouterr().err
    assert code == 1
    assert "warning: serving on 0.0.0.0" in err
    assert f"cannot serve on 0.0.0.0:{port}" in err


def test_without_textual_serve_one_line_before_building_or_announcing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The trial: without the extra, "serving the review app on http://..." came first,
    then the error (and a corpus given was grouped in full before it)."""
    from claimcheck.tui.screens import build

    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # import fails
    built: list[object] = []
    monkeypatch.setattr(build, "build_project", lambda *args: built.append(args))
    code = serve.serve_review(str(tmp_path / "p.sqlite"), [str(tmp_path)], REVIEWER, None)
    err = capsys.readouterr().err
    assert code == 1 and built == []
    assert err.startswith("claimcheck: error: browser mode needs textual-serve (")
    assert err.endswith("; pip install 'claimcheck[serve]'\n") and err.count("\n") == 1


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    project = tmp_path / "review.sqlite"
    Project.create(project, handmade_corpus(), REVIEWER).close()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "review", str(project), "--serve",
         "--port", str(port), "--reviewer", REVIEWER],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "CLAIMCHECK_KEYMAP": str(tmp_path / "none.toml")},
    )  # fmt: skip
    try:
        wait_for_port(port, 30)
        yield project, port
    finally:
        server.terminate()
        server.wait(10)


class DevTools:
    """Just enough of the Chrome DevTools protocol: commands and their answers."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.next_id = 0
        self.events: list[dict] = []

    async def call(self, method: str, **params: object) -> dict:
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        while True:
            message = json.loads((await self.ws.receive()).data)
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message.get("result", {})
            self.events.append(message)

    async def evaluate(self, expression: str) -> object:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def wait_for(self, expression: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if await self.evaluate(expression):
                return
            await asyncio.sleep(0.2)
        raise TimeoutError(f"{expression} still false after {timeout} s")


def labels(project: Path) -> dict[str, str]:
    with Project.open(project, REVIEWER) as p:
        return p.labels()


async def labelled_soon(project: Path, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if labels(project):
            return True
        await asyncio.sleep(0.2)
    return False


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian: apt install chromium)")
async def test_in_headless_chromium(served: tuple[Path, int], tmp_path: Path) -> None:
    project, port = served
    debug_port = free_port()
    browser = subprocess.Popen(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--remote-debugging-port={debug_port}", f"--user-data-dir={tmp_path / 'chrome'}",
         "--window-size=1280,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(debug_port, 30)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{debug_port}/json/list") as answer:
                pages = [t for t in await answer.json() if t["type"] == "page"]
            async with session.ws_connect(pages[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                tools = DevTools(ws)
                await tools.call("Network.enable")
                await tools.call("Page.navigate", url=f"http://localhost:{port}/")
                # The page's script marks the body once the app's first bytes arrive.
                await tools.wait_for(
                    "document.body.classList.contains('-first-byte')", LOAD_TIMEOUT
                )
                await tools.wait_for(
                    "document.querySelector('.xterm-helper-textarea') !== null", LOAD_TIMEOUT
                )
                # Keys typed before the app has mounted its screen would be lost: press
                # until a label is saved (a few tries), then check it is exactly one.
                for _try in range(KEY_TRIES):
                    await tools.evaluate(
                        "document.querySelector('.xterm-helper-textarea').focus()"
                    )
                    await tools.call("Input.insertText", text="d")
                    if await labelled_soon(project, KEY_WAIT):
                        break
                requested = [
                    e["params"]["request"]["url"]
                    for e in tools.events
                    if e.get("method") == "Network.requestWillBeSent"
                ]
    finally:
        browser.terminate()
        browser.wait(10)
    assert list(labels(project).values()) == ["dated_news"]
    assert requested and all(url.startswith(f"http://localhost:{port}/") for url in requested)


def test_cli_options_reach_the_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[tuple] = []
    monkeypatch.setattr(serve, "serve", lambda *args: calls.append(args))
    project = tmp_path / "p.sqlite"
    Project.create(project, handmade_corpus(), REVIEWER).close()
    argv = ["review", str(project), "--serve", "--port", "9123", "--reviewer", REVIEWER]
    assert main(argv) == 0
    assert calls == [(str(project), REVIEWER, "localhost", 9123, serve.AppOptions())]


def test_adjudicating_and_show_others_pass_through_to_each_tab(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The flags reach the server, and the command each tab runs opens the app with them."""
    import shlex
    import types

    calls: list[tuple] = []
    monkeypatch.setattr(serve, "serve", lambda *args: calls.append(args))
    project = tmp_path / "p.sqlite"
    Project.create(project, handmade_corpus(), REVIEWER).close()
    base = ["review", str(project), "--serve", "--reviewer", "editor"]
    for flags, wanted in (
        (["--adjudicate", "--show-others"], serve.AppOptions(True, False, True)),
        (["--adjudicate-all"], serve.AppOptions(True, True, False)),
    ):
        calls.clear()
        assert main([*base, *flags]) == 0
        assert calls[0][4] == wanted
    opened: list[tuple] = []
    tui = types.ModuleType("claimcheck.tui.app")
    tui.run_review = lambda *args: opened.append(args) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "claimcheck.tui.app", tui)
    # textual-serve runs each tab on pipes with Textual's web driver (no terminal)
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    for options in (serve.AppOptions(True, False, True), serve.AppOptions(True, True, False)):
        argv = shlex.split(serve.app_command(str(project), "editor", options))
        assert argv[:3] == [sys.executable, "-m", "claimcheck"]
        assert main(argv[3:]) == 0  # what a tab runs, through the same command line
        _, _, reviewer, _, adjudicate, show_others, adjudicate_all = opened.pop()
        assert (reviewer, adjudicate, adjudicate_all, show_others) == (
            "editor", options.adjudicate, options.adjudicate_all, options.show_others
        )

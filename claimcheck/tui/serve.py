"""``claimcheck review --serve``: the same review app in a web browser, via textual-serve.

For colleagues who do not use a terminal. Each browser tab runs its own app
process on the one project file (two apps on one project are safe: see
``claimcheck.store``), so every decision is saved as in the terminal.

Offline: textual-serve's page ships its JavaScript, CSS and fonts with the
package, but its template links the Roboto Mono stylesheet from Google Fonts. The
page served here is that template with the link replaced by the packaged font
(``offline_templates``), so nothing is fetched from the network, ever.

Each tab's app opens with the options given to ``review --serve`` (``--adjudicate``,
``--adjudicate-all``, ``--show-others``: ``AppOptions``), as in the terminal.

Bound to localhost unless another address is asked for: the app can label and
export anything in the project, and textual-serve has no login.
"""

from __future__ import annotations

import re
import shlex
import socket
import sys
import tempfile
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from claimcheck.pipeline import RunOptions
from claimcheck.store import ProjectError

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
DEFAULT_HOST = "localhost"
DEFAULT_PORT = 8000
# <link ... href="https://fonts.googleapis.com/..."> in textual-serve's app_index.html
_REMOTE_FONT = re.compile(r"<link[^>]*href=\"https?://fonts\.googleapis\.com[^\"]*\"[^>]*>", re.S)
_LOCAL_FONT = (
    "<style>@font-face { font-family: 'Roboto Mono'; "
    "src: url('{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf'); }</style>"
)
_REMOTE_ASSET = re.compile(r"<(?:link|script)[^>]*(?:href|src)=\"https?://", re.S)


class ServeError(Exception):
    """Browser mode cannot start; the message says why, in one line."""


def offline_page(template: str) -> str:
    """textual-serve's page template with its only remote asset (a web font) local."""
    page = _REMOTE_FONT.sub(_LOCAL_FONT, template)
    if _REMOTE_ASSET.search(page):
        raise ServeError("textual-serve's page loads a remote asset this version cannot replace")
    return page


def offline_templates(into: Path) -> Path:
    """Write the offline page template into ``into`` and return the folder."""
    template = resources.files("textual_serve").joinpath("templates/app_index.html")
    (into / "app_index.html").write_text(
        offline_page(template.read_text(encoding="utf-8")), encoding="utf-8"
    )
    return into


def is_local(host: str) -> bool:
    return host in LOCAL_HOSTS


@dataclass(frozen=True)
class AppOptions:
    """How each tab's app opens the project: the terminal's review options, passed on."""

    adjudicate: bool = False
    adjudicate_all: bool = False
    show_others: bool = False

    def flags(self) -> list[str]:
        chosen = [
            ("--adjudicate-all", self.adjudicate_all),
            ("--adjudicate", self.adjudicate and not self.adjudicate_all),
            ("--show-others", self.show_others),
        ]
        return [flag for flag, on in chosen if on]


def app_command(project_path: str, reviewer: str, options: AppOptions = AppOptions()) -> str:
    """The shell command textual-serve runs for each browser tab: the review app on
    the project, with the same Python (and so the same installed claimcheck)."""
    argv = [sys.executable, "-m", "claimcheck", "review", project_path, "--reviewer", reviewer]
    return shlex.join([*argv, *options.flags()])


def _public_url(host: str, port: int) -> str:
    """The address the page's links use: "every interface" is no address a browser can
    open, so the machine's name stands in for it."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.getfqdn()
    return f"http://{host}:{port}"


def _server_class() -> Any:
    """textual-serve's Server, or a ServeError saying how to install it."""
    try:
        from textual_serve.server import Server
    except ImportError as err:
        raise ServeError(
            f"browser mode needs textual-serve ({err}); pip install 'claimcheck[serve]'"
        ) from err
    return Server


def serve(
    project_path: str, reviewer: str, host: str, port: int, options: AppOptions = AppOptions()
) -> None:
    """Serve the review app on http://HOST:PORT until interrupted (Ctrl+C)."""
    server_class = _server_class()
    with tempfile.TemporaryDirectory(prefix="claimcheck-serve-") as folder:
        templates = offline_templates(Path(folder))
        server = server_class(
            app_command(str(Path(project_path).resolve()), reviewer, options),
            host=host, port=port, title="claimcheck review", templates_path=templates,
            public_url=_public_url(host, port),
        )  # fmt: skip
        server.serve()


def serve_review(
    project_path: str,
    inputs: list[str] | None,
    reviewer: str,
    run_options: RunOptions | None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    options: AppOptions = AppOptions(),
) -> int:
    """``claimcheck review --serve``: build the project once if given inputs (each tab
    then opens it, rather than reading the corpus again), say where to browse, serve."""
    say = partial(print, file=sys.stderr)
    try:  # before building the corpus and announcing an address: not after
        _server_class()
    except ServeError as err:
        say(f"claimcheck: error: {err}")
        return 1
    if inputs is not None:
        from claimcheck.progress import TerminalProgress
        from claimcheck.tui.screens.build import build_project

        try:
            with TerminalProgress() as progress:
                build_project(project_path, inputs, reviewer, run_options, progress).project.close()
        except (ProjectError, ValueError, OSError) as err:
            say(f"claimcheck: error: {err}")
            return 1
    if not is_local(host):
        say(
            f"claimcheck: warning: serving on {host}: anyone who can reach this address can "
            "label and export this project (there is no login); use --host localhost "
            "unless this network is trusted"
        )
    say(f"claimcheck: serving the review app on http://{host}:{port} (Ctrl+C stops)")
    try:
        serve(project_path, reviewer, host, port, options)
    except ServeError as err:
        say(f"claimcheck: error: {err}")
        return 1
    except OSError as err:  # the port is taken, the address is not this machine's
        say(f"claimcheck: error: cannot serve on {host}:{port}: {err.strerror or err}")
        return 1
    return 0

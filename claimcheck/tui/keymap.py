"""User key remapping: a TOML file mapping binding ids to keys.

Looked up in ``$CLAIMCHECK_KEYMAP``, else ``~/.config/claimcheck/keymap.toml``.
Either a top-level mapping or a ``[keys]`` table; a value is a key string
("d", "ctrl+z,backspace") or a list of keys::

    [keys]
    "label.dated_news" = "1"
    undo = ["z", "ctrl+z"]
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

ENV_VAR = "CLAIMCHECK_KEYMAP"
DEFAULT_PATH = Path("~/.config/claimcheck/keymap.toml")


@dataclass
class LoadedKeymap:
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    problems: list[str] = field(default_factory=list)


def keymap_path() -> Path:
    configured = os.environ.get(ENV_VAR)
    return Path(configured).expanduser() if configured else DEFAULT_PATH.expanduser()


def _keys(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.replace(" ", "")
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ",".join(v.strip() for v in value)
    return None


def load_keymap(known_ids: set[str], path: Path | None = None) -> LoadedKeymap:
    """Read the keymap file; a missing file is no keymap, a bad one is a problem reported."""
    path = path or keymap_path()
    if not path.is_file():
        return LoadedKeymap()
    loaded = LoadedKeymap(path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        loaded.problems.append(f"{path}: {err}")
        return loaded
    table = data.get("keys", data)
    if not isinstance(table, dict):
        loaded.problems.append(f"{path}: [keys] must be a table")
        return loaded
    for binding_id, value in table.items():
        keys = _keys(value)
        if binding_id not in known_ids:
            loaded.problems.append(f"{path}: unknown binding id {binding_id!r}")
        elif keys is None:
            loaded.problems.append(f"{path}: {binding_id!r} needs a key string or list")
        else:
            loaded.keys[binding_id] = keys
    return loaded

"""Toggles this workstation remembers between starts (the playback watermark,
PLAY-08): a small JSON file in the user's configuration folder, best effort (the
console works without it, with each toggle's default)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import platformdirs


def prefs_path() -> Path:
    return Path(platformdirs.user_config_dir("vedette")) / "console-toggles.json"


def _stored() -> dict[str, object]:
    try:
        value = json.loads(prefs_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def flag(name: str, default: bool) -> bool:
    """The remembered value of toggle ``name``, ``default`` when none is."""
    value = _stored().get(name)
    return value if isinstance(value, bool) else default


def remember_flag(name: str, value: bool) -> None:
    path = prefs_path()
    stored = {**_stored(), name: value}
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_text(json.dumps(stored), "utf-8")

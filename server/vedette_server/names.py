"""Names operators give things (tags, saved views, tours): checked the same way."""

from __future__ import annotations

from vedette_server.errors import InvalidArgument

MAX_NAME = 100


def check_name(name: str, field: str, max_len: int = MAX_NAME) -> str:
    """``name`` without surrounding blanks: 1 to ``max_len`` printable characters, or
    ``InvalidArgument`` for ``field``."""
    name = name.strip()
    if not name or len(name) > max_len or any(not c.isprintable() for c in name):
        raise InvalidArgument(field, f"1 to {max_len} printable characters")
    return name

"""What a system log entry, or an error message, may hold: no secret, no URL
credentials, and a bounded size.

Every detail and message the system log stores passes through ``redact_detail`` and
``redact_text`` (``SystemLog`` calls them on the way in, whoever wrote the entry),
so these invariants hold for every entry:

- the value of every key in ``SECRET_KEYS`` is ``MASK``, at any depth;
- the userinfo of every URL in a string is ``MASK`` (``rtsp://user:pass@host/`` is
  stored as ``rtsp://***@host/``: the user name too, it is half a credential), and
  so is the value of a query parameter named like a secret (``?password=...``);
- a string holds at most ``MAX_STRING_BYTES`` bytes of UTF-8, a list at most
  ``MAX_LIST_ITEMS`` items, a dict at most ``MAX_DICT_KEYS`` keys, nesting stops at
  ``MAX_DEPTH`` levels and a detail at ``MAX_VALUES`` values; whatever is cut leaves
  a marker saying how much;
- the JSON text of a detail is at most ``MAX_DETAIL_BYTES`` bytes (a bigger one is
  replaced by its clipped head, as a string, and its size).

Pure functions; they never raise on a value they do not know (it becomes its
``str``, clipped).
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any, Final

#: Keys whose values are replaced by ``MASK`` wherever they appear in a detail.
SECRET_KEYS: Final = frozenset(
    {
        "password",
        "new_password",
        "current_password",
        "admin_password",
        "camera_password",
        "camera_user",
        "passphrase",
        "token",
        "credentials",
        "secret",
        "smtp_password",
        "webhook_secret",
        "api_key",
    }
)
MASK: Final = "***"

MAX_STRING_BYTES: Final = 1024
MAX_LIST_ITEMS: Final = 32
MAX_DICT_KEYS: Final = 64
MAX_DEPTH: Final = 8
MAX_VALUES: Final = 2000
MAX_DETAIL_BYTES: Final = 16 * 1024

# scheme://userinfo@ — the userinfo runs to the authority's last "@" (a password may
# hold an unencoded "@"); it cannot hold "/", "?", "#" or white space, as in RFC 3986.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s]*@")
# An authority cut off by clipping: its "@" may be past the cut, so it is masked whole.
_CUT_AUTHORITY = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s]*\Z")
_SECRET_QUERY = re.compile(
    r"(?i)([?&;](?:password|passwd|pwd|pass|passphrase|secret|token|auth|api_?key)=)[^&;#\s]*"
)


def mask_urls(text: str, *, cut: bool = False) -> str:
    """``text`` with the userinfo of every URL, and secret query values, masked;
    ``cut``: ``text`` is the head of a longer string, so an authority it ends in is
    masked whole (its "@" may be past the cut)."""
    if "://" not in text and "=" not in text:
        return text  # the common case, without running the patterns
    text = _USERINFO.sub(rf"\g<1>{MASK}@", text)
    if cut:
        text = _CUT_AUTHORITY.sub(rf"\g<1>{MASK}", text)
    return _SECRET_QUERY.sub(rf"\g<1>{MASK}", text)


def clip_text(text: str, max_bytes: int = MAX_STRING_BYTES, *, total: int | None = None) -> str:
    """``text`` cut to ``max_bytes`` bytes of UTF-8 (never inside a character), with a
    marker giving the length of the whole (``total`` characters when ``text`` is
    already a cut head of a longer string)."""
    if total is None:
        if len(text) * 4 <= max_bytes:
            return text  # short enough whatever its characters
        total = len(text)
    encoded = text[:max_bytes].encode("utf-8", "surrogatepass")
    kept = encoded[:max_bytes].decode("utf-8", "ignore")
    if len(kept) == total:
        return text
    return f"{kept}…[{total} characters in all]"


def redact_text(text: str, max_bytes: int = MAX_STRING_BYTES) -> str:
    """A string as the log may store it: URL credentials masked, then clipped. The
    masking runs on a bounded head, so a huge value costs no more than a short one."""
    if len(text) <= 2 * max_bytes:
        return clip_text(mask_urls(text), max_bytes)
    head = mask_urls(text[: 2 * max_bytes], cut=True)
    return clip_text(head, max_bytes, total=len(text))


def mask_secrets(value: Any) -> Any:
    """``value`` with every secret key's value (at any depth) replaced by ``MASK`` and
    URL credentials in its strings masked. Sizes are kept (see ``redact_detail``)."""
    if isinstance(value, dict):
        return {
            k: (MASK if k in SECRET_KEYS and v not in ("", None) else mask_secrets(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [mask_secrets(v) for v in value]
    if isinstance(value, str):
        return mask_urls(value)
    return value


class _Budget:
    """How many more values one detail may hold (``MAX_VALUES``), counted as visited."""

    def __init__(self) -> None:
        self.left = MAX_VALUES

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _bounded(value: Any, depth: int, budget: _Budget) -> Any:
    """``value`` masked and cut to the limits above."""
    if not budget.take():
        return "<not logged: too many values>"
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(value)} bytes>"
    if depth >= MAX_DEPTH and isinstance(value, dict | list | tuple | set | frozenset):
        return f"<nested {type(value).__name__} not logged>"
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in itertools.islice(value.items(), MAX_DICT_KEYS):
            name = redact_text(str(key), 128)
            secret = name in SECRET_KEYS and item not in ("", None)
            out[name] = MASK if secret else _bounded(item, depth + 1, budget)
        if len(value) > MAX_DICT_KEYS:
            out["…"] = f"{len(value) - MAX_DICT_KEYS} more keys"
        return out
    if isinstance(value, list | tuple | set | frozenset):
        items = itertools.islice(value, MAX_LIST_ITEMS)
        out_list = [_bounded(item, depth + 1, budget) for item in items]
        if len(value) > MAX_LIST_ITEMS:
            out_list.append(f"…[{len(value) - MAX_LIST_ITEMS} more items]")
        return out_list
    try:
        text = str(value)  # as json.dumps(default=str) showed it before
    except Exception:
        text = f"<{type(value).__name__}>"
    return redact_text(text)


def redact_detail(detail: Any) -> Any:
    """``detail`` as the log may store it: secrets masked, sizes bounded (a JSON-able
    value; ``detail_json`` gives its text)."""
    return _bounded(detail, 0, _Budget())


def detail_json(detail: Any) -> str:
    """The stored JSON text of ``detail``: redacted, at most ``MAX_DETAIL_BYTES`` bytes."""
    # ASCII JSON (non-ASCII escaped): its length in characters is its size in bytes.
    text = json.dumps(redact_detail(detail), sort_keys=True, default=str)
    if len(text) <= MAX_DETAIL_BYTES:
        return text
    head = text[: MAX_DETAIL_BYTES // 4]  # escaped again below: at most twice as long
    return json.dumps({"clipped": head, "detail_bytes": len(text)}, sort_keys=True)

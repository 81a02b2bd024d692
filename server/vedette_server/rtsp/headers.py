"""RTSP header fields: the ``Headers`` map and the Transport, Session and Range grammars.

Owns what a header field may hold (RFC 2326 §12) and the parsing of the three values the
session acts on: Transport (§12.39), Session (§12.37) and Range (§3.5-3.7, §12.29).
``message`` re-exports everything here; import from there.

Invariants:
- A ``Headers`` never holds a name that is not a token or a value with CR, LF or another
  control character, so an encoded message cannot carry injected header lines.
- The parsers raise ``ValueError`` naming the bad part and value, and nothing else.
- ``parse_transport(spec.header_value()) == [spec]`` for every valid spec.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import overload

TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""RFC 2616 token: any CHAR except CTLs and separators."""
CTL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
"""Control characters other than HTAB, which no field value may contain."""


def _check_field(name: str, value: str) -> None:
    if not TOKEN_RE.fullmatch(name):
        raise ValueError(f"header name {name!r} is not a token")
    if CTL_RE.search(value):
        raise ValueError(f"value of header {name} contains a control character")


class Headers:
    """Case-insensitive, order-preserving multi-map of header fields.

    Names keep the spelling they were added with; lookups ignore case. ``add`` and
    ``set`` raise ``ValueError`` for a name that is not a token or a value holding a
    control character (CR, LF, NUL…).
    """

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._items: list[tuple[str, str]] = []
        for name, value in items:
            self.add(name, value)

    @overload
    def get(self, name: str) -> str | None: ...
    @overload
    def get(self, name: str, default: str) -> str: ...
    def get(self, name: str, default: str | None = None) -> str | None:
        """The first value of ``name``, or ``default``."""
        key = name.lower()
        for item_name, value in self._items:
            if item_name.lower() == key:
                return value
        return default

    def get_all(self, name: str) -> list[str]:
        """Every value of ``name``, in order."""
        key = name.lower()
        return [value for item_name, value in self._items if item_name.lower() == key]

    def add(self, name: str, value: str) -> None:
        """Append a field, keeping any others of the same name."""
        _check_field(name, value)
        self._items.append((name, value))

    def set(self, name: str, value: str) -> None:
        """Replace every field of ``name`` by one, where the first was (else at the end)."""
        _check_field(name, value)
        key = name.lower()
        kept: list[tuple[str, str]] = []
        placed = False
        for item in self._items:
            if item[0].lower() != key:
                kept.append(item)
            elif not placed:
                kept.append((name, value))
                placed = True
        if not placed:
            kept.append((name, value))
        self._items = kept

    def remove(self, name: str) -> None:
        """Remove every field of ``name`` (none is fine)."""
        key = name.lower()
        self._items = [item for item in self._items if item[0].lower() != key]

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        key = name.lower()
        return any(item_name.lower() == key for item_name, _ in self._items)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Headers):
            return NotImplemented
        mine = [(name.lower(), value) for name, value in self._items]
        return mine == [(name.lower(), value) for name, value in other._items]

    __hash__ = None  # type: ignore[assignment]  # mutable, like list

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"


# ------------------------------------------------------------------------- Transport

_SPEC_RE = re.compile(r"([A-Za-z0-9_.+-]+)/([A-Za-z0-9_.+-]+)(?:/([A-Za-z0-9_.+-]+))?")
_PAIR_RE = re.compile(r"(\d{1,5})(?:-(\d{1,5}))?")
_SSRC_RE = re.compile(r"[0-9A-Fa-f]{1,8}")
_DESTINATION_RE = re.compile(r"[^\s;,\"]*")


@dataclass
class TransportSpec:
    """One transport-spec of a Transport header (RFC 2326 §12.39).

    ``profile`` is the upper-cased transport/profile (``RTP/AVP``), ``lower`` the
    upper-cased lower transport (``UDP`` when absent). ``unicast`` is False only when
    ``multicast`` is given: RFC 2326 makes multicast the default, but clients always
    say ``unicast`` and deployed servers treat a bare spec as unicast too. Port pairs
    and channel pairs given as one number ``n`` are ``(n, n + 1)``. ``mode`` is
    upper-cased without quotes; ``destination`` is ``""`` when given without a value.
    Unknown parameters (ttl, layers, source, append, …) are ignored.
    """

    profile: str = "RTP/AVP"
    lower: str = "UDP"
    unicast: bool = True
    client_port: tuple[int, int] | None = None
    server_port: tuple[int, int] | None = None
    interleaved: tuple[int, int] | None = None
    ssrc: int | None = None
    mode: str | None = None
    destination: str | None = None

    def header_value(self) -> str:
        """The spec as a Transport value, e.g. ``RTP/AVP/TCP;unicast;interleaved=0-1``."""
        parts = [self.profile if self.lower == "UDP" else f"{self.profile}/{self.lower}"]
        parts.append("unicast" if self.unicast else "multicast")
        if self.destination is not None:
            if not _DESTINATION_RE.fullmatch(self.destination):
                raise ValueError(f"destination {self.destination!r} is not a host")
            parts.append(f"destination={self.destination}" if self.destination else "destination")
        for name in ("client_port", "server_port", "interleaved"):
            pair: tuple[int, int] | None = getattr(self, name)
            if pair is not None:
                parts.append(f"{name}={pair[0]}-{pair[1]}")
        if self.ssrc is not None:
            if not 0 <= self.ssrc <= 0xFFFFFFFF:
                raise ValueError(f"ssrc {self.ssrc} is not a 32-bit value")
            parts.append(f"ssrc={self.ssrc:08X}")
        if self.mode is not None:
            parts.append(f'mode="{self.mode}"' if "," in self.mode else f"mode={self.mode}")
        return ";".join(parts)


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    start = 0
    quoted = False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append(text[start:i])
            start = i + 1
    if quoted:
        raise ValueError(f"unbalanced quote in {text!r}")
    parts.append(text[start:])
    return parts


def _pair(name: str, value: str | None, limit: int) -> tuple[int, int]:
    if value is None:
        raise ValueError(f"{name} has no value")
    match = _PAIR_RE.fullmatch(value)
    if match is None:
        raise ValueError(f"{name}={value} is not a number or a range n-m")
    first = int(match[1])
    second = int(match[2]) if match[2] is not None else first + 1
    if first > limit or second > limit:
        raise ValueError(f"{name}={value} is out of range 0-{limit} (n alone means n-(n+1))")
    return first, second


def _parse_spec(text: str) -> TransportSpec:
    head, *params = _split_outside_quotes(text, ";")
    match = _SPEC_RE.fullmatch(head.strip())
    if match is None:
        raise ValueError(f"{head.strip()!r} is not transport/profile[/lower-transport]")
    spec = TransportSpec(f"{match[1]}/{match[2]}".upper(), (match[3] or "UDP").upper())
    flags: set[str] = set()
    for param in params:
        name, sep, raw = param.partition("=")
        name = name.strip().lower()
        value = raw.strip() if sep else None
        if name in ("unicast", "multicast"):
            flags.add(name)
        elif name in ("client_port", "server_port"):
            setattr(spec, name, _pair(name, value, 65535))
        elif name == "interleaved":
            spec.interleaved = _pair(name, value, 255)
        elif name == "ssrc":
            if value is None or not _SSRC_RE.fullmatch(value):
                raise ValueError(f"ssrc={value} is not 1-8 hexadecimal digits")
            spec.ssrc = int(value, 16)
        elif name == "mode":
            mode = (value or "").strip('"').strip().upper()
            if not mode:
                raise ValueError("mode has no value")
            spec.mode = mode
        elif name == "destination":
            if value is not None and not _DESTINATION_RE.fullmatch(value):
                raise ValueError(f"destination={value} is not a host")
            spec.destination = value or ""
    if len(flags) == 2:
        raise ValueError("both unicast and multicast are given")
    spec.unicast = "multicast" not in flags
    return spec


def parse_transport(value: str) -> list[TransportSpec]:
    """The comma-separated transport-specs of a Transport header, in preference order.

    Raises ``ValueError`` naming the bad part when the value is malformed; values that
    are well-formed but unsupported (another profile, multicast) are returned for the
    caller to refuse with 461.
    """
    specs = [_parse_spec(part) for part in _split_outside_quotes(value, ",") if part.strip()]
    if not specs:
        raise ValueError("Transport has no transport-spec")
    return specs


# --------------------------------------------------------------------------- Session

_SESSION_ID_RE = re.compile(r"[A-Za-z0-9$\-_.+]+")


def parse_session_header(value: str) -> str:
    """The session id of a Session header, without ``;timeout=…`` (RFC 2326 §12.37)."""
    session_id = value.split(";", 1)[0].strip()
    if not _SESSION_ID_RE.fullmatch(session_id):
        raise ValueError(f"session id {session_id[:64]!r} is not 1*(ALPHA | DIGIT | safe)")
    return session_id


# ----------------------------------------------------------------------------- Range

_NPT_SEC_RE = re.compile(r"\d{1,12}(?:\.\d*)?")
_NPT_HHMMSS_RE = re.compile(r"(\d{1,12}):(\d{1,2}):(\d{1,2}(?:\.\d*)?)")
_SMPTE_RE = re.compile(r"(\d{1,2}):(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.(\d{1,2}))?")
_UTC_RE = re.compile(r"(\d{8})T(\d{6})(\.\d+)?Z?", re.IGNORECASE)
_SMPTE_FPS = {"smpte": 30, "smpte-30-drop": 30, "smpte-25": 25}


def _npt_time(text: str) -> float | None:
    if text in ("", "now"):
        return None
    if _NPT_SEC_RE.fullmatch(text):
        return float(text)
    match = _NPT_HHMMSS_RE.fullmatch(text)
    if match is None or int(match[2]) > 59 or float(match[3]) >= 60:
        raise ValueError(f"npt time {text!r} is not seconds or h:mm:ss")
    return int(match[1]) * 3600 + int(match[2]) * 60 + float(match[3])


def _smpte_time(text: str, fps: int) -> float | None:
    if not text:
        return None
    match = _SMPTE_RE.fullmatch(text)
    if match is None or int(match[2]) > 59 or int(match[3]) > 59:
        raise ValueError(f"smpte time {text!r} is not hh:mm:ss[:frames[.subframes]]")
    frames = int(match[4] or 0) + int(match[5] or 0) / 100
    return int(match[1]) * 3600 + int(match[2]) * 60 + int(match[3]) + frames / fps


def _utc_time(text: str) -> float | None:
    if not text:
        return None
    match = _UTC_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"clock time {text!r} is not YYYYMMDDThhmmss[.fraction]Z")
    try:
        instant = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        raise ValueError(f"clock time {text!r} is not a valid date and time") from None
    return instant.timestamp() + float(match[3] or 0)


def parse_range(value: str) -> tuple[str, float | None, float | None]:
    """``(unit, start, end)`` of a Range header; ``None`` for an open end or ``now``.

    Units: ``npt`` (seconds from the start), ``clock`` (seconds since the Unix epoch,
    UTC), ``smpte``/``smpte-30-drop``/``smpte-25`` (seconds, frames at a nominal 30 or
    25 fps). A ``;time=…`` parameter is ignored. Raises ``ValueError`` when malformed.
    """
    text = value.split(";", 1)[0].strip()
    unit, sep, times = text.partition("=")
    unit = unit.strip().lower()
    start_text, dash, end_text = times.strip().partition("-")
    start_text, end_text = start_text.strip().lower(), end_text.strip().lower()
    if not sep or not dash or "-" in end_text:
        raise ValueError(f"range {value[:64]!r} is not unit=start-[end]")
    if unit == "npt":
        start, end = _npt_time(start_text), _npt_time(end_text)
        if not start_text and not end_text:
            raise ValueError("npt range has neither start nor end")
    elif unit == "clock":
        start, end = _utc_time(start_text.upper()), _utc_time(end_text.upper())
        if start is None:
            raise ValueError("clock range has no start")
    elif unit in _SMPTE_FPS:
        start = _smpte_time(start_text, _SMPTE_FPS[unit])
        end = _smpte_time(end_text, _SMPTE_FPS[unit])
        if start is None:
            raise ValueError(f"{unit} range has no start")
    else:
        raise ValueError(f"range unit {unit[:32]!r} is not npt, clock or smpte")
    return unit, start, end

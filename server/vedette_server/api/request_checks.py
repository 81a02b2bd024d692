"""What the API edge checks in a request before the gate sees it: its size, and the
well-known types inside it.

Size: a request of a type that holds no ``bytes`` field (every method but the
configuration import and its preview) is at most ``MAX_REQUEST_BYTES``; a bigger one
is refused with RESOURCE_EXHAUSTED before it is parsed. Names, URLs, lists of ids and
settings are far smaller; gRPC's own limit (8 MiB, ``listen.py``) stays for the
others. This spares the server parsing, copying and auditing megabytes a client
sent only to cost it memory.

Well-known types: a ``Timestamp`` or ``Duration`` outside the range its .proto
defines, or a ``FieldMask`` whose paths are not field paths, anywhere in a request
(nested messages, repeated fields and map values included), makes the request
invalid: the interceptor refuses it with INVALID_ARGUMENT before the gate, the
servicer or the audit log see it. Servicers, converters and the audit summary can then trust these
values (``json_format`` can print them, ``ToMicroseconds`` cannot overflow).

Ranges, from google/protobuf/timestamp.proto and duration.proto:
- Timestamp: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, ``nanos`` in
  0..999 999 999;
- Duration: ±315 576 000 000 s (10 000 years), ``nanos`` of the same sign as
  ``seconds`` and at most 999 999 999 in magnitude.
A FieldMask holds at most ``MAX_MASK_PATHS`` paths of at most ``MAX_MASK_PATH_CHARS``
characters, each dotted lower_snake_case names (what its JSON form can carry).

Only message types that can reach a well-known type are walked, and the size limit
depends on the type only; both are worked out once per type.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Final

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

TIMESTAMP_MIN_S: Final = -62_135_596_800
TIMESTAMP_MAX_S: Final = 253_402_300_799
DURATION_MAX_S: Final = 315_576_000_000
NANOS_MAX: Final = 999_999_999
MAX_MASK_PATHS: Final = 100
MAX_MASK_PATH_CHARS: Final = 256
MAX_REQUEST_BYTES: Final = 1024 * 1024

_TIMESTAMP = "google.protobuf.Timestamp"
_DURATION = "google.protobuf.Duration"
_FIELD_MASK = "google.protobuf.FieldMask"
_CHECKED = frozenset({_TIMESTAMP, _DURATION, _FIELD_MASK})
_NAME = r"[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)*"
_PATH = re.compile(rf"{_NAME}(?:\.{_NAME})*\Z")

_reached: dict[tuple[str, str], bool] = {}


def size_limit(message_type: Descriptor) -> int | None:
    """The most bytes a request of this type may have here (None: gRPC's limit)."""
    return None if _reaches(message_type, _holds_bytes) else MAX_REQUEST_BYTES


def problem(message: Message) -> str | None:
    """Why ``message``'s well-known values are invalid (naming the field), or None."""
    return _message_problem(message, "")


def _message_problem(message: Message, prefix: str) -> str | None:
    if not _reaches(message.DESCRIPTOR, _is_checked):
        return None
    for field, value in message.ListFields():
        if field.type != FieldDescriptor.TYPE_MESSAGE:
            continue
        for name, item in _items(field, value, prefix + field.name):
            found = _value_problem(item, name)
            if found is not None:
                return found
    return None


def _items(field: FieldDescriptor, value: Any, name: str) -> Iterable[tuple[str, Any]]:
    if field.message_type.GetOptions().map_entry:
        if field.message_type.fields_by_name["value"].type != FieldDescriptor.TYPE_MESSAGE:
            return ()
        return ((f"{name}[{key!r:.40}]", item) for key, item in value.items())
    if field.is_repeated:
        return ((f"{name}[{index}]", item) for index, item in enumerate(value))
    return ((name, value),)


def _value_problem(value: Message, name: str) -> str | None:
    kind = value.DESCRIPTOR.full_name
    if kind == _TIMESTAMP:
        return _timestamp_problem(value, name)
    if kind == _DURATION:
        return _duration_problem(value, name)
    if kind == _FIELD_MASK:
        return _mask_problem(value, name)
    return _message_problem(value, name + ".")


def _timestamp_problem(value: Any, name: str) -> str | None:
    seconds, nanos = int(value.seconds), int(value.nanos)
    if TIMESTAMP_MIN_S <= seconds <= TIMESTAMP_MAX_S and 0 <= nanos <= NANOS_MAX:
        return None
    return (
        f"{name}: a Timestamp must lie between 0001-01-01 and 9999-12-31 with nanos in"
        f" 0..{NANOS_MAX} (seconds={seconds}, nanos={nanos})"
    )


def _duration_problem(value: Any, name: str) -> str | None:
    seconds, nanos = int(value.seconds), int(value.nanos)
    in_range = abs(seconds) <= DURATION_MAX_S and abs(nanos) <= NANOS_MAX
    if in_range and not (seconds > 0 > nanos or seconds < 0 < nanos):
        return None
    return (
        f"{name}: a Duration must be within ±{DURATION_MAX_S} s, with nanos of the"
        f" seconds' sign (seconds={seconds}, nanos={nanos})"
    )


def _mask_problem(value: Any, name: str) -> str | None:
    paths = value.paths
    if len(paths) > MAX_MASK_PATHS:
        return f"{name}: at most {MAX_MASK_PATHS} paths (got {len(paths)})"
    for path in paths:
        if len(path) > MAX_MASK_PATH_CHARS or not _PATH.match(path):
            return (
                f"{name}: {path[:40]!r} is not a field path (dotted lower_snake_case names,"
                f" at most {MAX_MASK_PATH_CHARS} characters)"
            )
    return None


def _is_checked(field: FieldDescriptor) -> bool:
    return field.message_type is not None and field.message_type.full_name in _CHECKED


def _holds_bytes(field: FieldDescriptor) -> bool:
    return field.type == FieldDescriptor.TYPE_BYTES


def _reaches(descriptor: Descriptor, wanted: Callable[[FieldDescriptor], bool]) -> bool:
    """Whether a message of this type can hold a ``wanted`` field, at any depth
    (worked out once per type and question)."""
    key = (descriptor.full_name, wanted.__name__)
    known = _reached.get(key)
    if known is not None:
        return known
    seen = {descriptor.full_name}
    pending = [descriptor]
    found = False
    while pending and not found:
        for field in pending.pop().fields:
            if wanted(field):
                found = True
                break
            child = field.message_type
            if child is not None and child.full_name not in seen:
                seen.add(child.full_name)
                pending.append(child)
    _reached[key] = found
    return found

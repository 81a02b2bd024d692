"""E-mail addresses as Vedette accepts them: a plain ``local@domain`` (RFC 5322
addr-spec), checked where it enters, so that nothing later can smuggle a header or an
SMTP command through it.

Invariants of an accepted address:
- no control character (CR, LF, NUL, …), no white space, no ``<``, ``>``, ``,``, ``;``,
  ``"`` or ``\\`` (what SMTP command and header injection, or a second address, need);
- ASCII only (no SMTPUTF8);
- exactly one ``@``, with a non-empty local part (at most 64 bytes) and a domain of
  dot-separated labels (at most 255 bytes in all);
- ``email.headerregistry.Address`` parses it back to the same text.

A refused address raises ``InvalidArgument`` naming the field (``sender``,
``recipients[2]``) and the reason; the value is shown only bounded and masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.errors import HeaderParseError
from email.headerregistry import Address
from typing import Final

from vedette_server.errors import InvalidArgument, shown

MAX_LOCAL_BYTES: Final = 64
MAX_DOMAIN_BYTES: Final = 255
MAX_RECIPIENTS: Final = 100

_FORBIDDEN: Final = frozenset('<>,;"\\()[]:')
_LABEL: Final = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def _reason(value: str) -> str | None:
    """Why ``value`` is not an acceptable address, or None."""
    if not value:
        return "is empty"
    if "\r" in value or "\n" in value:
        return "holds a line break (CR/LF): refused, it could inject mail headers"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return "holds a control character"
    if any(c.isspace() for c in value):
        return "holds white space"
    if not value.isascii():
        return "holds non-ASCII characters (internationalised addresses are not supported)"
    if any(c in _FORBIDDEN for c in value):
        return 'holds a character not allowed in a plain address (<>,;"\\()[]:)'
    if value.count("@") != 1:
        return "needs exactly one '@' (local@domain)"
    local, domain = value.split("@")
    if not local or len(local.encode()) > MAX_LOCAL_BYTES:
        return f"needs a local part of 1 to {MAX_LOCAL_BYTES} bytes before the '@'"
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return "has a misplaced '.' in its local part"
    if len(domain) > MAX_DOMAIN_BYTES:
        return f"has a domain longer than {MAX_DOMAIN_BYTES} bytes"
    if not all(_LABEL.fullmatch(label) for label in domain.split(".")):
        return "has a domain that is not a valid host name (labels of letters, digits, '-')"
    try:
        parsed = Address(addr_spec=value)
    except (HeaderParseError, ValueError, IndexError):
        return "is not a valid address"
    if parsed.addr_spec != value:
        return "is not a plain address"
    return None


def check_address(field: str, value: str) -> str:
    """``value`` if it is an acceptable e-mail address; else ``InvalidArgument`` naming
    ``field``."""
    if not isinstance(value, str):
        raise InvalidArgument(field, f"must be a string, not {type(value).__name__}")
    reason = _reason(value)
    if reason is not None:
        raise InvalidArgument(field, f"{shown(value)} {reason}")
    return value


def check_recipients(values: Iterable[str], field: str = "recipients") -> tuple[str, ...]:
    """The recipients, each checked (``recipients[i]`` names a bad one), duplicates
    dropped (case of the domain ignored), order kept; at least one and at most
    ``MAX_RECIPIENTS``."""
    if isinstance(values, str):
        raise InvalidArgument(field, "must be a list of addresses, not one string")
    out: list[str] = []
    seen: set[str] = set()
    for i, value in enumerate(values):
        if i >= MAX_RECIPIENTS:
            raise InvalidArgument(field, f"at most {MAX_RECIPIENTS} recipients")
        address = check_address(f"{field}[{i}]", value)
        local, domain = address.split("@")
        key = f"{local}@{domain.lower()}"
        if key not in seen:
            seen.add(key)
            out.append(address)
    if not out:
        raise InvalidArgument(field, "needs at least one address")
    return tuple(out)

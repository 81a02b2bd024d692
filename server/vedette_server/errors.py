"""Domain errors: exceptions that carry the facts, mapped to gRPC codes in one place
(vedette_server.api.status). Messages name the field and the bad value, never a secret,
and show a value only as ``shown(value)``: at most ``MAX_SHOWN_CHARS`` characters of
its ``repr``, URL credentials masked (a client may send a megabyte; its error need
not echo it). ``api.status`` bounds whole messages too, whoever built them."""

from __future__ import annotations

from typing import Final

from vedette_server.log_redaction import mask_urls

MAX_SHOWN_CHARS: Final = 80


def shown(value: object, max_chars: int = MAX_SHOWN_CHARS) -> str:
    """``repr(value)`` for a message: masked, and cut with its length when long."""
    if isinstance(value, str | bytes) and len(value) > max_chars:
        head = repr(mask_urls(value[:max_chars], cut=True)) if isinstance(value, str) else (
            repr(value[:max_chars])
        )  # fmt: skip
        return f"{head}… ({len(value)} {'characters' if isinstance(value, str) else 'bytes'})"
    text = mask_urls(repr(value))
    return text if len(text) <= max_chars else f"{text[:max_chars]}…"


class VedetteError(Exception):
    """Base of every error the API reports to clients."""


class NotFound(VedetteError):
    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {shown(key)} not found")
        self.kind, self.key = kind, key


class InvalidArgument(VedetteError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field[:MAX_SHOWN_CHARS]}: {reason}")
        self.field, self.reason = field, reason


class AlreadyExists(VedetteError):
    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {shown(key)} already exists")
        self.kind, self.key = kind, key


class FailedPrecondition(VedetteError):
    """The request is valid but the system is not in a state to do it."""


class PermissionDenied(VedetteError):
    pass


class Unauthenticated(VedetteError):
    pass


class ResourceExhausted(VedetteError):
    """A limit is reached (throttled logins, the maximum number of something)."""

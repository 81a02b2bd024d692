"""Domain errors: exceptions that carry the facts, mapped to gRPC codes in one place
(vedette_server.api.status). Messages name the field and the bad value, never a secret,
and show a value only as ``shown(value)``: at most ``MAX_SHOWN_CHARS`` characters of
its ``repr``, URL credentials masked (a client may send a megabyte; its error need
not echo it). ``api.status`` bounds whole messages too, whoever built them."""

from __future__ import annotations

import enum
from typing import Final, Self

from vedette_server.log_redaction import mask_urls

MAX_SHOWN_CHARS: Final = 80
#: The longest ErrorInfo metadata value (an INVALID_FIELD's ``detail`` is a sentence).
MAX_METADATA_CHARS: Final = 200


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
    """Base of every error the API reports to clients.

    Besides its English message, an error says what went wrong as a stable reason (an
    UPPER_SNAKE code) and facts (``metadata``: short strings), which the API sends as a
    ``google.rpc.ErrorInfo`` so a client can say it in its user's language
    (``api.status``; the list is in docs/api.md "Errors"). A class's reason is
    ``error_reason``; a raise may give a more precise one and more facts::

        raise FailedPrecondition("the admin account cannot be deleted",
                                 error_reason="ADMIN_PROTECTED", user="admin")

    Subclasses whose constructor skips this one (``Exception.__init__``) still have a
    reason (the class's) and the facts their ``facts()`` reads from their attributes.
    """

    error_reason: str = "INTERNAL"
    #: Attributes of the error sent as metadata under their own names.
    fact_names: tuple[str, ...] = ()

    def __init__(
        self, message: str = "", /, *, error_reason: str | None = None, **metadata: object
    ) -> None:
        super().__init__(message)
        self.with_info(error_reason, **metadata)

    def with_info(self, error_reason: str | None = None, /, **metadata: object) -> Self:
        """Give this error a more precise reason and more facts; returns it."""
        if error_reason is not None:
            self.error_reason = error_reason
        self._given = {**self.__dict__.get("_given", {}), **metadata}
        return self

    def facts(self) -> dict[str, object]:
        """The facts the class itself knows: its ``fact_names`` attributes."""
        return {name: getattr(self, name, None) for name in self.fact_names}

    @property
    def metadata(self) -> dict[str, str]:
        """The facts as ErrorInfo metadata: string values, short, URL credentials masked;
        ``None`` values left out."""
        merged = {**self.facts(), **self.__dict__.get("_given", {})}
        return {key: metadata_value(value) for key, value in merged.items() if value is not None}


def metadata_value(value: object) -> str:
    """One metadata value: ``true``/``false``, numbers as written, text cut to
    ``MAX_METADATA_CHARS`` characters and masked."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        value = value.value
    text = value if isinstance(value, str) else str(value)
    return mask_urls(text[:MAX_METADATA_CHARS], cut=len(text) > MAX_METADATA_CHARS)


class NotFound(VedetteError):
    error_reason = "NOT_FOUND"

    def __init__(
        self, kind: str, key: object, /, *, error_reason: str | None = None, **metadata: object
    ) -> None:
        super().__init__(f"{kind} {shown(key)} not found", error_reason=error_reason, **metadata)
        self.kind, self.key = kind, key

    def facts(self) -> dict[str, object]:
        return {
            "resource": getattr(self, "kind", None),
            "id": getattr(self, "key", None),
            **super().facts(),
        }


class InvalidArgument(VedetteError):
    """A request field has a bad value: ``field`` names it, ``reason`` says why in words
    (ErrorInfo: INVALID_FIELD, metadata ``field`` and ``detail``)."""

    error_reason = "INVALID_FIELD"

    def __init__(
        self, field: str, reason: str, /, *, error_reason: str | None = None, **metadata: object
    ) -> None:
        super().__init__(
            f"{field[:MAX_SHOWN_CHARS]}: {reason}", error_reason=error_reason, **metadata
        )
        self.field, self.reason = field, reason

    def facts(self) -> dict[str, object]:
        return {
            "field": getattr(self, "field", None),
            "detail": getattr(self, "reason", None),
            **super().facts(),
        }


class AlreadyExists(VedetteError):
    error_reason = "ALREADY_EXISTS"

    def __init__(
        self, kind: str, key: object, /, *, error_reason: str | None = None, **metadata: object
    ) -> None:
        super().__init__(
            f"{kind} {shown(key)} already exists", error_reason=error_reason, **metadata
        )
        self.kind, self.key = kind, key

    def facts(self) -> dict[str, object]:
        return {
            "resource": getattr(self, "kind", None),
            "name": getattr(self, "key", None),
            **super().facts(),
        }


class FailedPrecondition(VedetteError):
    """The request is valid but the system is not in a state to do it."""

    error_reason = "FAILED_PRECONDITION"


class PermissionDenied(VedetteError):
    error_reason = "PERMISSION_DENIED"


class Unauthenticated(VedetteError):
    error_reason = "UNAUTHENTICATED"


class Unavailable(VedetteError):
    """Something the call needs is down for now (the site directory's database); a
    retry later may succeed."""

    error_reason = "UNAVAILABLE"


class ResourceExhausted(VedetteError):
    """A limit is reached (throttled logins, the maximum number of something)."""

    error_reason = "RESOURCE_EXHAUSTED"

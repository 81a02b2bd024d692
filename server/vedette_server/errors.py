"""Domain errors: exceptions that carry the facts, mapped to gRPC codes in one place
(vedette_server.api.status). Messages name the field and the bad value, never a secret."""

from __future__ import annotations


class VedetteError(Exception):
    """Base of every error the API reports to clients."""


class NotFound(VedetteError):
    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key!r} not found")
        self.kind, self.key = kind, key


class InvalidArgument(VedetteError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


class AlreadyExists(VedetteError):
    def __init__(self, kind: str, key: object) -> None:
        super().__init__(f"{kind} {key!r} already exists")
        self.kind, self.key = kind, key


class FailedPrecondition(VedetteError):
    """The request is valid but the system is not in a state to do it."""


class PermissionDenied(VedetteError):
    pass


class Unauthenticated(VedetteError):
    pass


class ResourceExhausted(VedetteError):
    """A limit is reached (throttled logins, the maximum number of something)."""

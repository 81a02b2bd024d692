"""What a servicer knows about the call it serves: the caller, their session, notes
for the audit log. Set by the interceptor in the call's context (contextvars), so
servicers receive it without threading it through every signature.

Invariant: inside any RPC but Login, ``principal()`` and ``session()`` return the
caller's; they raise ``Unauthenticated`` outside a call (a bug, never a bypass).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vedette_server.accounts.authorization import Principal, may
from vedette_server.accounts.rights import CameraRight
from vedette_server.api.peer import Peer
from vedette_server.api.sessions import LoginSession
from vedette_server.errors import Unauthenticated


@dataclass
class AuditNote:
    """What a servicer adds to the call's audit entry."""

    message: str | None = None
    camera_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    #: For the live feed, what neither the request nor the response says
    #: (``note_change``); not written to the audit log.
    change_owner: str | None = None
    change_shared: bool = False


_principal: contextvars.ContextVar[Principal | None] = contextvars.ContextVar(
    "vedette_principal", default=None
)
_session: contextvars.ContextVar[LoginSession | None] = contextvars.ContextVar(
    "vedette_session", default=None
)
_peer: contextvars.ContextVar[Peer | None] = contextvars.ContextVar("vedette_peer", default=None)
_note: contextvars.ContextVar[AuditNote | None] = contextvars.ContextVar(
    "vedette_audit_note", default=None
)


def bind(peer: Peer, session: LoginSession | None, principal: Principal | None) -> AuditNote:
    """Set the call's context (the interceptor, at the start of a call)."""
    _peer.set(peer)
    _session.set(session)
    _principal.set(principal)
    note = AuditNote()
    _note.set(note)
    return note


def principal() -> Principal:
    value = _principal.get()
    if value is None:
        raise Unauthenticated("no session for this call")
    return value


def session() -> LoginSession:
    value = _session.get()
    if value is None:
        raise Unauthenticated("no session for this call")
    return value


def peer() -> Peer | None:
    return _peer.get()


def note(*, message: str | None = None, camera_id: int | None = None, **detail: Any) -> None:
    """Add to this call's audit entry (``before=``, ``after=``, ...)."""
    current = _note.get()
    if current is None:
        return
    if message is not None:
        current.message = message
    if camera_id is not None:
        current.camera_id = camera_id
    current.detail.update(detail)


def note_change(*, owner: str | None = None, shared: bool = False) -> None:
    """Tell the live feed who may see this call's change when neither the request nor
    the response says it: the user a per-user resource belongs to (a deleted export
    task's creator), or that a view or tour was shared before the change."""
    current = _note.get()
    if current is None:
        return
    if owner is not None:
        current.change_owner = owner
    current.change_shared = current.change_shared or shared


def permitted_cameras(right: CameraRight, camera_ids: Iterable[int]) -> list[int]:
    """The ids among ``camera_ids`` the caller has ``right`` on, in order."""
    who = principal()
    return [camera_id for camera_id in camera_ids if may(who, right, camera_id)]

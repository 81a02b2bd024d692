"""The gate every RPC passes before its servicer runs: access filter, session,
rights; and the audit entry after it.

Order of checks, each failing with its own status:
1. the access filter (USER-05) for remote clients — PERMISSION_DENIED, before
   anything else, login included;
2. the method's rule exists (``policy.RULES``) — PERMISSION_DENIED otherwise;
3. a valid session token (but for OPEN methods) — UNAUTHENTICATED;
4. the user still exists and is enabled — UNAUTHENTICATED (the session ends); a
   logged-out live display (``display_session.py``) has no user: its cameras must
   still be the logged-out ones (UNAUTHENTICATED otherwise) and the method one it
   may call (PERMISSION_DENIED otherwise);
5. the rule's right — PERMISSION_DENIED naming the missing right;
6. for an audited method, room in the audit queue — RESOURCE_EXHAUSTED otherwise
   (``AuditTrail``: no change is made that could not be logged).

``finish`` writes the audit entry of every audited call that ran, accepted or
refused by its servicer, whatever its request holds: a request that cannot be
summarised is logged without its details, never not at all. For an accepted one it
also publishes what the call changed on the live feed (``feed/audited.py``).

A call carrying the metadata ``x-vedette-activity: background``, or whose rule says
it is no activity (the feed, renewals), is checked like any other but does not
restart the session's idle clock: a console nobody uses idles out even while it
refreshes itself.

Plain Python: the gRPC interceptor (``interceptor.py``) only adapts it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from vedette_hw.host_network import NeighbourTable
from vedette_server.accounts.authorization import AccountDirectory, Principal, require, sees_camera
from vedette_server.accounts.rights import Scope
from vedette_server.api import call_context
from vedette_server.api.audit import AuditTrail, request_summary
from vedette_server.api.call_context import AuditNote
from vedette_server.api.display_session import (
    check_display_call,
    display_cameras,
    display_principal,
)
from vedette_server.api.peer import Peer
from vedette_server.api.policy import RULES, Rule, RuleKind
from vedette_server.api.sessions import LoginSession, SessionTable
from vedette_server.errors import NotFound, PermissionDenied, ResourceExhausted, Unauthenticated
from vedette_server.feed.audited import CallFacts, change_for_call
from vedette_server.feed.hub import ChangeFeed
from vedette_server.ops.tallies import Tally
from vedette_server.settings.store import SettingsStore
from vedette_server.system_log import LogType

MAC_CACHE_S = 5.0
#: The metadata entry of calls a client makes by itself (refreshes, polling).
ACTIVITY_KEY = "x-vedette-activity"
BACKGROUND = "background"
log = logging.getLogger(__name__)


def bearer_token(metadata: Sequence[tuple[str, str | bytes]] | None) -> str | None:
    for key, value in metadata or ():
        if key == "authorization" and isinstance(value, str) and value.startswith("Bearer "):
            return value[7:].strip() or None
    return None


def is_background(metadata: Sequence[tuple[str, str | bytes]] | None) -> bool:
    """Whether the call says it is not the user's doing (``x-vedette-activity: background``)."""
    return any(key == ACTIVITY_KEY and value == BACKGROUND for key, value in metadata or ())


@dataclass
class Admission:
    """A call let through: who, with which rule, and its audit note."""

    method: str
    rule: Rule
    peer: Peer
    session: LoginSession | None
    principal: Principal | None
    note: AuditNote


class CallGate:
    def __init__(
        self,
        sessions: SessionTable,
        directory: AccountDirectory,
        settings: SettingsStore,
        neighbours: NeighbourTable,
        audit: AuditTrail,
        *,
        feed: ChangeFeed | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``feed``: where accepted changes are published (none: not published)."""
        self.sessions = sessions
        self.directory = directory
        self.settings = settings
        self.neighbours = neighbours
        self.audit = audit
        self.feed = feed
        self._clock = clock
        self._macs: dict[str, tuple[float, str | None]] = {}
        #: Calls that ended, by (method, status name), refused ones included: the
        #: metrics' (counted by ``interceptor.py``).
        self.calls = Tally()

    def mac_of(self, peer: Peer) -> str | None:
        """The client's MAC when it is on the server's LAN (cached a few seconds)."""
        if peer.ip is None:
            return None
        now = self._clock()
        cached = self._macs.get(peer.ip)
        if cached is not None and now - cached[0] < MAC_CACHE_S:
            return cached[1]
        try:
            mac = self.neighbours.mac_for(peer.ip)
        except (OSError, ValueError):
            mac = None
        if len(self._macs) > 4096:
            self._macs.clear()
        self._macs[peer.ip] = (now, mac)
        return mac

    def check_filter(self, peer: Peer) -> None:
        if peer.scope is Scope.LOCAL:
            return
        access = self.settings.current.access_filter
        if not access.enabled:
            return
        mac = self.mac_of(peer) if access.needs_mac else None
        if not access.permits(peer.ip, mac):
            raise PermissionDenied(
                f"clients from {peer.ip or peer.text} may not connect to this server"
                " (allow/block list)",
                error_reason="CLIENT_ADDRESS_REFUSED",
                address=peer.ip or peer.text,
            )

    def admit(
        self, method: str, peer: Peer, metadata: Sequence[tuple[str, str | bytes]] | None,
        request: Any,
    ) -> Admission:  # fmt: skip
        """Check the call; raises a domain error (mapped to a status) to refuse it."""
        self.check_filter(peer)
        rule = RULES.get(method)
        if rule is None:
            raise PermissionDenied(
                f"{method} has no access rule on this server",
                error_reason="NO_ACCESS_RULE",
                method=method,
            )
        session: LoginSession | None = None
        principal: Principal | None = None
        if rule.kind is not RuleKind.OPEN:
            token = bearer_token(metadata)
            if token is None:
                raise Unauthenticated(
                    "missing 'authorization: Bearer <token>' metadata; log in first",
                    error_reason="NOT_LOGGED_IN",
                )
            touch = rule.activity and not is_background(metadata)
            session = self.sessions.validate(token, touch=touch)
            if session is None:
                raise Unauthenticated(
                    "session expired or logged out; log in again", error_reason="SESSION_EXPIRED"
                )
            if session.display is not None:
                principal = self._display(method, token, session)
            else:
                principal = self.directory.principal(session.user_id, session.scope)
            if principal is None:
                self.sessions.end(token)
                raise Unauthenticated(
                    "the account is disabled or deleted", error_reason="ACCOUNT_DISABLED"
                )
            self._check_rule(rule, principal, request)
        if rule.audit is not None and not self.audit.accepting_changes():
            raise ResourceExhausted(
                "the system log is behind; try again in a few seconds",
                error_reason="SYSTEM_LOG_BEHIND",
            )
        note = call_context.bind(peer, session, principal)
        return Admission(method, rule, peer, session, principal, note)

    def _display(self, method: str, token: str, session: LoginSession) -> Principal:
        """A logged-out live display's principal (``display_session.py``)."""
        cameras = display_cameras(self.settings.current)
        if session.display != cameras:
            self.sessions.end(token)
            raise Unauthenticated("the logged-out cameras changed; open the display again")
        check_display_call(method)
        return display_principal(cameras)

    @staticmethod
    def _check_rule(rule: Rule, principal: Principal, request: Any) -> None:
        if rule.kind is RuleKind.AREA:
            assert rule.area is not None
            require(principal, rule.area)
        elif rule.kind is RuleKind.CAMERA and request is not None:
            assert rule.camera_right is not None
            for camera_id in rule.camera_ids(request) or ():
                require(principal, rule.camera_right, camera_id)
        elif rule.kind is RuleKind.SEES_CAMERA and request is not None:
            for camera_id in rule.camera_ids(request) or ():
                if not sees_camera(principal, camera_id):
                    # Unseen cameras are reported as unknown, as if they did not exist.
                    raise NotFound("camera", camera_id)

    def finish(
        self, admission: Admission, outcome: str, request: Any, response: Any = None
    ) -> None:
        """Write the call's audit entry, when its rule asks for one, and publish an
        accepted call's change (``response``: a unary call's, None otherwise). Never
        raises: a failure to audit must not turn the call's outcome into another. An
        entry whose details cannot be made is written without them."""
        if admission.rule.audit is None:
            return
        if outcome == "OK" and self.feed is not None:
            self._publish(admission, admission.rule.audit, request, response)
        try:
            self._audit(admission, admission.rule.audit, outcome, request, full=True)
        except Exception:
            log.exception("could not audit %s in full; logged without details", admission.method)
            try:
                self._audit(admission, admission.rule.audit, outcome, request, full=False)
            except Exception:
                log.exception("could not audit %s", admission.method)

    def _publish(self, admission: Admission, action: str, request: Any, response: Any) -> None:
        assert self.feed is not None
        note = admission.note
        facts = CallFacts(
            request,
            response,
            admission.principal.username if admission.principal else "",
            camera_id=note.camera_id,
            owner=note.change_owner,
            shared=note.change_shared,
        )
        try:
            for change in change_for_call(action, facts):
                self.feed.publish(change)
        except Exception:  # the change is made: a failure to tell it must not undo that
            log.exception("could not publish the change of %s on the live feed", admission.method)

    def _audit(
        self, admission: Admission, action: str, outcome: str, request: Any, *, full: bool
    ) -> None:
        note = admission.note
        detail: dict[str, Any] = {}
        if full:
            if request is not None:
                detail["request"] = request_summary(request)
            detail.update(note.detail)
        else:
            detail["request"] = "<not shown: could not be summarised>"
        who = admission.principal.username if admission.principal else ""
        verb = action.replace("_", " ").replace(".", " ")
        message = (note.message if full else None) or f"{who or 'someone'}: {verb}"
        if outcome != "OK":
            message += f" (refused: {outcome})"
        self.audit.record(
            LogType.OPERATION,
            action,
            message,
            username=who,
            peer=admission.peer.text,
            camera_id=note.camera_id,
            outcome="ok" if outcome == "OK" else outcome,
            detail=detail or None,
        )
